package reader

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
)

// rowLevelCase is a workbook of testdata/make_rowlevel_fixtures.py and
// what the reader must make of it, worked out by hand from the cells the
// script writes.
type rowLevelCase struct {
	file   string
	opts   Options
	months []string
	// actual and budget are figures: "metric 2025-01" → value; with no
	// budget, the table must hold none.
	actual, budget map[string]float64
	// refs are where a figure was read: "metric 2025-01" → source.
	refs    map[string]string
	partial []string
	// headers are the header each metric was read from.
	headers  map[string]string
	warnings []string
}

var rowLevelCases = []rowLevelCase{
	// Sites S1, S2, S3, solde_fin by month:
	//   S1 1 000    1 100    1 200 │ 1 300
	//   S2 2 000    1 900    1 800 │ 1 700
	//   S3   500,50   600,25   700 │   800   (April: est_reel FALSE)
	// cash = 3 500,50, 3 600,25, 3 700; the April forecast 3 800. Ventes
	// 100 + 200 + 300 = 600 each month. March's rows: F4, F8, F12. April,
	// a forecast, is left out: no budget.
	{file: "rowlevel_sites_cash_summed_forecast_to_budget.xlsx",
		months: []string{"2025-01", "2025-02", "2025-03"},
		actual: map[string]float64{"cash 2025-01": 3500.50, "cash 2025-02": 3600.25, "cash 2025-03": 3700,
			"revenue 2025-03": 600},
		refs: map[string]string{"cash 2025-03": "Soldes!F4…F12"},
		warnings: []string{
			`cash: the sum over the 3 "site_id" of each month, each one's last row in the month`,
			"Soldes: 9 rows summed into 3 months (one row per sale or entry)",
			`"est_reel" marks 3 rows as forecast (2025-04): left out, a forecast is not actuals`,
		}},
	// The same re-saved by LibreOffice, its booleans formulas (TRUE()).
	{file: "rowlevel_sites_cash_summed_forecast_to_budget_lo.xlsx",
		months: []string{"2025-01", "2025-02", "2025-03"},
		actual: map[string]float64{"cash 2025-01": 3500.50, "cash 2025-03": 3700}},
	// January's rows: the 31st (cash 5 000), the 10th, the 20th (4 600,
	// the last row); February's: the 3rd, the 27th (5 600), the 15th.
	// Ventes 300 + 100 + 200 = 600 and 50 + 70 + 60 = 180. February ends
	// on the 27th, a day before its end: complete.
	{file: "rowlevel_days_cash_last_day_not_last_row.xlsx",
		months: []string{"2025-01", "2025-02"},
		actual: map[string]float64{"cash 2025-01": 5000, "cash 2025-02": 5600, "revenue 2025-01": 600, "revenue 2025-02": 180},
		refs:   map[string]string{"cash 2025-01": "Journal!C2", "cash 2025-02": "Journal!C6"},
		warnings: []string{
			"cash: several rows per month, the value of each month's last day is used",
			"Journal: 6 rows summed into 2 months (one row per sale or entry)",
		}},
	// Ten times the day: October 10 × (1 + … + 31) = 4 960, November
	// 10 × 465 = 4 650, December to the 12th 10 × 78 = 780, its last row
	// 1 + 31 + 30 + 12 = 74.
	{file: "rowlevel_december_stops_12th_partial.xlsx",
		months:  []string{"2025-10", "2025-11", "2025-12"},
		actual:  map[string]float64{"revenue 2025-10": 4960, "revenue 2025-11": 4650, "revenue 2025-12": 780},
		partial: []string{"2025-12"},
		warnings: []string{
			"Caisse: 73 rows summed into 3 months (one row per sale or entry)",
			"2025-12: the rows stop on 2025-12-12 (Caisse!A74), more than a week before the month ends: the month is not complete and is not taken as the latest month",
		}},
	{file: "rowlevel_december_stops_12th_partial_lo.xlsx",
		months:  []string{"2025-10", "2025-11", "2025-12"},
		actual:  map[string]float64{"revenue 2025-11": 4650, "revenue 2025-12": 780},
		partial: []string{"2025-12"}},
	// To the 24th, 7 days before the 31st: complete; 10 × 300 = 3 000.
	{file: "rowlevel_december_ends_24th_complete.xlsx",
		months:  []string{"2025-10", "2025-11", "2025-12"},
		actual:  map[string]float64{"revenue 2025-12": 3000},
		partial: []string{}},
	// Total Orders 10, 12, 15, mapped to orders and conversions.
	{file: "rowlevel_two_metrics_one_header_both_read.xlsx",
		opts:    Options{Metrics: map[string]string{"orders": "Total Orders", "conversions": "Total Orders"}},
		months:  []string{"2025-01", "2025-02", "2025-03"},
		actual:  map[string]float64{"orders 2025-01": 10, "conversions 2025-01": 10, "orders 2025-03": 15, "conversions 2025-03": 15, "visitors 2025-03": 1500},
		refs:    map[string]string{"orders 2025-02": "Suivi!C3", "conversions 2025-02": "Suivi!C3"},
		headers: map[string]string{"orders": "Total Orders", "conversions": "Total Orders", "visitors": "Visiteurs"}},
	{file: "rowlevel_two_metrics_one_header_both_read_lo.xlsx",
		opts:    Options{Metrics: map[string]string{"orders": "Total Orders", "conversions": "Total Orders"}},
		actual:  map[string]float64{"orders 2025-02": 12, "conversions 2025-02": 12},
		headers: map[string]string{"orders": "Total Orders", "conversions": "Total Orders"}},
}

// TestRowLevel reads the row-level fixtures: stocks added up over the
// sites a column names or read on the last day, forecast rows left out, a partial last month, a header mapped to two metrics.
func TestRowLevel(t *testing.T) {
	for _, c := range rowLevelCases {
		t.Run(c.file, func(t *testing.T) {
			tab, err := ReadFile("testdata/"+c.file, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, tab)
		})
	}
}

func (c rowLevelCase) check(t *testing.T, tab *figures.Table) {
	t.Helper()
	if tab.HasBudget() && c.budget == nil {
		t.Errorf("a budget read: %v", tab.Data[figures.Budget])
	}
	if c.months != nil && !slices.Equal(monthStrings(tab.Months), c.months) {
		t.Errorf("months %q, want %q", monthStrings(tab.Months), c.months)
	}
	for s, want := range map[figures.Scenario]map[string]float64{figures.Actual: c.actual, figures.Budget: c.budget} {
		for key, v := range want {
			f, ok := figureAt(t, tab, s, key)
			if !ok || math.Abs(f.Value-v) > 0.005 {
				t.Errorf("%s %s = %v (found %v), want %v", s, key, f.Value, ok, v)
			}
		}
	}
	for key, want := range c.refs {
		if f, _ := figureAt(t, tab, figures.Actual, key); f.Source.String() != want {
			t.Errorf("%s read from %s, want %s", key, f.Source, want)
		}
	}
	if c.partial != nil && !slices.Equal(monthStrings(tab.Partial), c.partial) {
		t.Errorf("partial %q, want %q", monthStrings(tab.Partial), c.partial)
	}
	for metric, h := range c.headers {
		if got := tab.Header(metric); got != h {
			t.Errorf("%s read from %q, want %q", metric, got, h)
		}
	}
	if c.warnings != nil && !slices.Equal(Texts(tab.Warnings), c.warnings) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(Texts(tab.Warnings), "\n"), strings.Join(c.warnings, "\n"))
	}
}

// figureAt returns the figure of "metric YYYY-MM" in a scenario.
func figureAt(t *testing.T, tab *figures.Table, s figures.Scenario, key string) (figures.Figure, bool) {
	t.Helper()
	metric, p, _ := strings.Cut(key, " ")
	m, err := figures.ParsePeriod(p)
	if err != nil {
		t.Fatal(err)
	}
	return tab.GetIn(s, metric, m)
}

func monthStrings(ms []figures.Month) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.String())
	}
	return out
}
