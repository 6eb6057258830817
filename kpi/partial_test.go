package kpi

import (
	"testing"

	"github.com/kpireport/kpireport/figures"
)

// partialTable is a till's export read by the reader: October to
// December, December's rows stopping on the 12th (a partial month, with
// the reader's warning). Revenue 4 960, 4 650, 780; net income a tenth.
func partialTable(t *testing.T) *figures.Table {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":    {"2025-10": 4960, "2025-11": 4650, "2025-12": 780},
		"net_income": {"2025-10": 496, "2025-11": 465, "2025-12": 78},
	})
	dec, _ := figures.ParsePeriod("2025-12")
	tab.Partial = []figures.Month{dec}
	tab.Warnings = []figures.Warning{figures.Warn(figures.WarnPartialRows,
		"month", "2025-12", "last", "2025-12-12", "cell", "Caisse!A74")}
	return tab
}

// TestPartialMonthNotLatest: the latest month is November, the last
// complete one, and page 1 names December (the reader's warning, once in
// the warnings); revenue growth is (4 650 − 4 960) ÷ 4 960 = −6,25 %.
// Asked for December, the report is on December.
func TestPartialMonthNotLatest(t *testing.T) {
	rep, err := Compute(parseGate(t, "8", "5", "en"), partialTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Period.String() != "2025-11" {
		t.Fatalf("period %s, want 2025-11", rep.Period)
	}
	if len(rep.Headline) != 1 || rep.Headline[0].Kind != figures.WarnPartialRows || rep.Headline[0].Args["month"] != "2025-12" {
		t.Errorf("headline %q, want December's partial_rows", rep.Headline)
	}
	n := 0
	for _, w := range rep.Warnings {
		if w.Kind == figures.WarnPartialRows {
			n++
		}
	}
	if n != 1 {
		t.Errorf("partial_rows %d times in the warnings, want once: %q", n, rep.Warnings)
	}
	for _, k := range rep.KPIs {
		if k.ID == "revenue_growth" && (!k.Value.Valid || k.Value.V != -6.25) {
			t.Errorf("revenue growth %v, want -6.25", k.Value)
		}
	}
	cfg := parseGate(t, "8", "5", "en")
	cfg.Period = "2025-12"
	rep, err = Compute(cfg, partialTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Period.String() != "2025-12" || len(rep.Headline) != 0 {
		t.Errorf("asked for December: period %s, headline %q", rep.Period, rep.Headline)
	}
}
