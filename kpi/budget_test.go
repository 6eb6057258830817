package kpi

import (
	"errors"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
)

// budgetTable is a fiscal year from July to June: the actuals of July to
// September 2025 (and of June 2025 and July to September 2024, for
// growth), and a budget for the whole fiscal year July 2025 – June 2026.
func budgetTable(t *testing.T) *figures.Table {
	t.Helper()
	tab := tableOf(t, map[string]map[string]float64{
		"revenue": {"2024-07": 9000, "2024-08": 9500, "2024-09": 10000, "2025-06": 10000,
			"2025-07": 10000, "2025-08": 11000, "2025-09": 12000},
		"net_income":      {"2025-07": 1000, "2025-08": 1210, "2025-09": 960},
		"marketing_costs": {"2025-07": 2000, "2025-08": 2100, "2025-09": 2600},
		"new_customers":   {"2025-07": 40, "2025-08": 42, "2025-09": 50},
	})
	budget := figures.Values{}
	jul, _ := figures.ParsePeriod("2025-07")
	for i := range 12 {
		m := jul.Add(i)
		rev := 12000.0 // October to June
		switch i {
		case 0:
			rev = 10500
		case 1:
			rev = 11500
		case 2:
			rev = 12500
		}
		for metric, v := range map[string]float64{"revenue": rev, "net_income": rev / 10, "marketing_costs": 2000, "new_customers": 40} {
			if budget[metric] == nil {
				budget[metric] = map[figures.Month]figures.Figure{}
			}
			budget[metric][m] = figures.Figure{Value: v, Source: figures.Cell("Budget", "X"+m.String()), Rows: 1}
		}
	}
	tab.Data[figures.Budget] = budget
	return tab
}

const budgetConfig = `company: Test
language: en
fiscal_year_start: 7
kpis:
  - kpi: net_margin
    target: budget
  - kpi: cac
    target: budget
    tolerance: 5%
  - kpi: revenue_growth
    target: budget
`

// TestBudgetTarget works the budget's figures through, by hand:
//
// net_margin, September 2025: 960 / 12 000 = 8.0 %; budget 1 250 / 12 500 =
// 10 %, threshold 10 − 10 % × 10 = 9: breach. Fiscal year to date (July to
// September): 3 170 / 33 000 = 9.6061 %, budget 3 450 / 34 500 = 10 %.
// Landing: (3 170 + 9 × 1 200) / (33 000 + 9 × 12 000) = 13 970 / 141 000 =
// 9.9078 %. August's budget on the chart: 1 150 / 11 500 = 10 %.
//
// cac (lower is better, tolerance 5 %): 2 600 / 50 = 52; budget 2 000 / 40 =
// 50, threshold 50 + 2.5 = 52.5: watch. Year to date 6 700 / 132 = 50.7576,
// budget 6 000 / 120 = 50; landing (6 700 + 18 000) / (132 + 360) = 24 700 /
// 492 = 50.2033.
//
// revenue_growth (mom): (12 000 − 11 000) / 11 000 = 9.0909 %; budget
// (12 500 − 11 500) / 11 500 = 8.6957 %, threshold 8.6957 × 0.9 = 7.8261:
// ok. July's budget compares with June's actuals, the budget not covering
// June: (10 500 − 10 000) / 10 000 = 5 %. Year to date: 33 000 against
// 28 500 (July to September 2024) = 15.7895 %; its budget 34 500 against
// the same 28 500 = 21.0526 %. Landing: n/a, the actuals of October 2024
// to May 2025 are missing.
func TestBudgetTarget(t *testing.T) {
	cfg, err := Parse("kpis.yaml", strings.NewReader(budgetConfig))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(cfg, budgetTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Period.String() != "2025-09" || rep.FiscalStart.String() != "2025-07" || rep.FiscalMonths() != 3 {
		t.Fatalf("period %s, fiscal start %s (%d months), want 2025-09 and 2025-07 (3)", rep.Period, rep.FiscalStart, rep.FiscalMonths())
	}
	type want struct {
		value, target, threshold, budget, ytd, ytdBudget, landing float64
		status                                                    Status
	}
	wants := []want{
		{8, 10, 9, 10, 3170.0 / 33000 * 100, 10, 13970.0 / 141000 * 100, Breach},
		{52, 50, 52.5, 50, 6700.0 / 132, 50, 24700.0 / 492, Watch},
		{1000.0 / 11000 * 100, 1000.0 / 11500 * 100, 1000.0 / 11500 * 90, 1000.0 / 11500 * 100, 4500.0 / 28500 * 100, 6000.0 / 28500 * 100, -1, OK},
	}
	for i, w := range wants {
		k := rep.KPIs[i]
		check := func(name string, got Value, want float64) {
			t.Helper()
			if want < 0 {
				if got.Valid || got.Reason == "" {
					t.Errorf("%s %s = %+v, want n/a with a reason", k.ID, name, got)
				}
				return
			}
			if !got.Valid || !near(got.V, want) {
				t.Errorf("%s %s = %+v, want %v", k.ID, name, got, want)
			}
		}
		check("value", k.Value, w.value)
		check("budget", k.Budget, w.budget)
		check("ytd", k.YTD, w.ytd)
		check("ytd_budget", k.YTDBudget, w.ytdBudget)
		check("landing", k.Landing, w.landing)
		if !near(k.Target, w.target) || !near(k.Threshold, w.threshold) || k.Status != w.status || !k.BudgetTarget {
			t.Errorf("%s: target %v threshold %v status %s; want %v, %v, %s", k.ID, k.Target, k.Threshold, k.Status, w.target, w.threshold, w.status)
		}
	}
	pointBudget := func(k Result, p string) Value {
		for _, pt := range k.Series {
			if pt.Month.String() == p {
				return pt.Budget
			}
		}
		return Value{}
	}
	if b := pointBudget(rep.KPIs[0], "2025-08"); !b.Valid || !near(b.V, 10) {
		t.Errorf("net_margin's budget for 2025-08 = %+v, want 10", b)
	}
	if b := pointBudget(rep.KPIs[2], "2025-07"); !b.Valid || !near(b.V, 5) {
		t.Errorf("revenue_growth's budget for 2025-07 = %+v, want 5 (against June's actuals)", b)
	}
}

// TestBudgetLines: the réel/budget table, September 2025 of the fiscal
// year July–June. Revenue: 12 000 against 12 500; to date 10 000 + 11 000 +
// 12 000 = 33 000 against 10 500 + 11 500 + 12 500 = 34 500; landing 33 000
// + 9 × 12 000 = 141 000 against a year's budget of 142 500. Marketing:
// 2 600 against 2 000; to date 6 700 against 6 000; landing 6 700 + 9 ×
// 2 000 = 24 700 against 24 000. New customers: 50 against 40; to date 132
// against 120; landing 132 + 360 = 492 against 480.
func TestBudgetLines(t *testing.T) {
	cfg, err := Parse("kpis.yaml", strings.NewReader(budgetConfig))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(cfg, budgetTable(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][6]float64{
		"revenue":         {12000, 12500, 33000, 34500, 141000, 142500},
		"net_income":      {960, 1250, 3170, 3450, 13970, 14250},
		"marketing_costs": {2600, 2000, 6700, 6000, 24700, 24000},
		"new_customers":   {50, 40, 132, 120, 492, 480},
	}
	if len(rep.Budget) != len(want) {
		t.Errorf("%d lines, want %d", len(rep.Budget), len(want))
	}
	for _, l := range rep.Budget {
		w := want[l.Metric]
		got := [6]Value{l.Month, l.MonthBudget, l.YTD, l.YTDBudget, l.Landing, l.YearBudget}
		for i := range w {
			if !got[i].Valid || !near(got[i].V, w[i]) {
				t.Errorf("%s: %+v, want %v", l.Metric, got, w)
				break
			}
		}
	}
}

// TestVariance: Fathom's rule. Revenue 12 000 against 12 500: −500,
// −4 %, unfavourable; a cost of 2 600 against 2 000: +600, +30 %,
// unfavourable; a percentage in points only; no % against a zero budget or
// a budget of the other sign.
func TestVariance(t *testing.T) {
	v := func(x float64) Value { return Value{V: x, Valid: true} }
	tests := []struct {
		name           string
		actual, budget Value
		unit, better   string
		diff, pct      float64
		hasPct, good   bool
	}{
		{"revenue under budget", v(12000), v(12500), UnitCurrency, Higher, -500, -4, true, false},
		{"cost over budget", v(2600), v(2000), UnitCurrency, Lower, 600, 30, true, false},
		{"cost under budget", v(1500), v(2000), UnitCurrency, Lower, -500, -25, true, true},
		{"percent: points", v(8), v(10), UnitPercent, Higher, -2, 0, false, false},
		{"zero budget", v(100), v(0), UnitCurrency, Higher, 100, 0, false, true},
		{"loss against a planned profit", v(-100), v(200), UnitCurrency, Higher, -300, 0, false, false},
		{"smaller loss than planned", v(-100), v(-400), UnitCurrency, Higher, 300, 75, true, true},
		{"on budget", v(50), v(50), UnitCurrency, Lower, 0, 0, true, true},
	}
	for _, tt := range tests {
		got := VarianceOf(tt.actual, tt.budget, tt.unit, tt.better)
		if !got.Valid || !near(got.Diff, tt.diff) || got.HasPct != tt.hasPct || tt.hasPct && !near(got.Pct, tt.pct) || got.Favourable != tt.good {
			t.Errorf("%s: %+v, want diff %v pct %v (%v) favourable %v", tt.name, got, tt.diff, tt.pct, tt.hasPct, tt.good)
		}
	}
	if got := VarianceOf(Value{}, v(1), UnitCurrency, Higher); got.Valid {
		t.Errorf("n/a actual: %+v, want no variance", got)
	}
}

// TestFiscalYearToDate: the year to date starts at the fiscal year's first
// month; with the default (January) it is the calendar year. Net margin in
// September 2025 from January: the table's first net income is July, so
// it is n/a with the missing month; from July it is 9.6061 % (above).
func TestFiscalYearToDate(t *testing.T) {
	c := &calc{fiscal: 7}
	for m, want := range map[string]string{"2025-09": "2025-07", "2025-07": "2025-07", "2026-06": "2025-07", "2026-01": "2025-07"} {
		p, _ := figures.ParsePeriod(m)
		if got := c.yearStart(p).String(); got != want {
			t.Errorf("fiscal year of %s starts %s, want %s", m, got, want)
		}
	}
	c.fiscal = 1
	if p, _ := figures.ParsePeriod("2025-09"); c.yearStart(p).String() != "2025-01" {
		t.Errorf("calendar year of 2025-09 starts %s", c.yearStart(p))
	}
	tab := budgetTable(t)
	delete(tab.Data, figures.Budget)
	r := computeOne(t, tab, KPIConfig{KPI: "net_margin"}, "2025-09")
	if r.YTD.Valid || !strings.Contains(r.YTD.Reason, "2025-01") {
		t.Errorf("calendar year to date %+v, want n/a naming 2025-01", r.YTD)
	}
	if r.Budget.Valid || r.Landing.Valid || r.YTDBudget.Valid || r.BudgetTarget {
		t.Errorf("without a budget: %+v %+v %+v", r.Budget, r.YTDBudget, r.Landing)
	}
}

// TestBudgetConfigErrors: each mistake names its YAML line.
func TestBudgetConfigErrors(t *testing.T) {
	head := "company: Test\nlanguage: en\n"
	two := "  - kpi: nps\n    target: 30\n    threshold: 10\n  - kpi: cac\n    target: 30\n    threshold: 40\n"
	tests := []struct {
		name, yaml string
		line       int
		msg        string
	}{
		{"fiscal year start not a month", head + "fiscal_year_start: 13\nkpis:\n  - kpi: net_margin\n    target: 8\n    threshold: 5\n" + two, 3, "fiscal_year_start: 13 is not a month"},
		{"fiscal year start zero", head + "fiscal_year_start: 0\nkpis:\n  - kpi: net_margin\n    target: 8\n    threshold: 5\n" + two, 3, "not a month"},
		{"budget and a threshold", head + "kpis:\n  - kpi: net_margin\n    target: budget\n    threshold: 5\n" + two, 6, "target: budget and a threshold"},
		{"tolerance without budget", head + "kpis:\n  - kpi: net_margin\n    target: 8\n    threshold: 5\n    tolerance: 5%\n" + two, 7, "tolerance is only for target: budget"},
		{"tolerance as a fraction", head + "kpis:\n  - kpi: net_margin\n    target: budget\n    tolerance: 0.05\n" + two, 6, "is a fraction"},
	}
	for _, tt := range tests {
		_, err := Parse("kpis.yaml", strings.NewReader(tt.yaml))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Line != tt.line || !strings.Contains(ce.Error(), tt.msg) {
			t.Errorf("%s: %v, want line %d: %s", tt.name, err, tt.line, tt.msg)
		}
	}
	// Needing the workbook: no budget, and a budget without the metric.
	cfg, err := Parse("kpis.yaml", strings.NewReader(head+"kpis:\n  - kpi: nps\n    target: 30\n    threshold: 10\n  - kpi: net_margin\n    target: budget\n  - kpi: cac\n    target: 30\n    threshold: 40\n"))
	if err != nil {
		t.Fatal(err)
	}
	tab := budgetTable(t)
	for _, m := range []string{"promoters", "passives", "detractors"} {
		tab.Data[figures.Actual][m] = tab.Data[figures.Actual]["new_customers"]
	}
	noBudget := budgetTable(t)
	delete(noBudget.Data, figures.Budget)
	for _, m := range []string{"promoters", "passives", "detractors"} {
		noBudget.Data[figures.Actual][m] = noBudget.Data[figures.Actual]["new_customers"]
	}
	_, err = Compute(cfg, noBudget)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Line != 8 || !strings.Contains(ce.Error(), "holds no budget") {
		t.Errorf("no budget: %v, want line 8 (the target)", err)
	}
	delete(tab.Data[figures.Budget], "net_income")
	_, err = Compute(cfg, tab)
	if !errors.As(err, &ce) || ce.Line != 8 || !strings.Contains(ce.Error(), "no figures for net_income") {
		t.Errorf("budget without net income: %v, want line 8", err)
	}
}
