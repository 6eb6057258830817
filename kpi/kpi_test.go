package kpi

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
)

// tableOf builds a table by hand: metric -> "YYYY-MM" -> value.
func tableOf(t *testing.T, data map[string]map[string]float64) *figures.Table {
	t.Helper()
	tab := figures.NewTable("test.xlsx", "")
	tab.Sheet = "Données"
	months := map[figures.Month]bool{}
	for metric, byMonth := range data {
		tab.Data[figures.Actual][metric] = map[figures.Month]figures.Figure{}
		for p, v := range byMonth {
			m, err := figures.ParsePeriod(p)
			if err != nil {
				t.Fatal(err)
			}
			tab.Data[figures.Actual][metric][m] = figures.Figure{Value: v, Source: figures.Cell("Données", "X"+p), Rows: 1}
			months[m] = true
			tab.Listed[m] = true
		}
		tab.Columns = append(tab.Columns, figures.Column{Header: metric, Metric: metric})
	}
	for m := range months {
		tab.Months = append(tab.Months, m)
	}
	sortMonths(tab.Months)
	return tab
}

func sortMonths(ms []figures.Month) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j] < ms[j-1]; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func numP(v float64) *Number { return &Number{Value: v} }

// computeOne computes one catalogue or custom KPI for a period.
func computeOne(t *testing.T, tab *figures.Table, k KPIConfig, period string) Result {
	t.Helper()
	if k.Target == nil {
		k.Target, k.Threshold = numP(10), numP(5)
		if d, ok := Lookup(k.KPI); ok && d.Better == Lower {
			k.Target, k.Threshold = numP(5), numP(10)
		}
	}
	if k.KPI == "custom" {
		e, err := ParseFormula(k.Formula)
		if err != nil {
			t.Fatal(err)
		}
		k.expr = e
	}
	cfg := &Config{Company: "Test", Language: "en", Currency: "EUR", Period: period, KPIs: []KPIConfig{k}}
	rep, err := Compute(cfg, tab)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return rep.KPIs[0]
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestCatalogue(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":             {"2024-12": 40000, "2025-01": 36000, "2025-02": 45000, "2025-03": 30000},
		"net_income":          {"2025-01": 2700},
		"marketing_costs":     {"2025-01": 1500},
		"new_customers":       {"2025-01": 60},
		"customers_start":     {"2025-01": 1000},
		"customers_end":       {"2025-01": 1010},
		"visitors":            {"2025-01": 8000},
		"conversions":         {"2025-01": 200},
		"sessions":            {"2025-01": 12000},
		"engaged_sessions":    {"2025-01": 6600},
		"promoters":           {"2025-01": 50},
		"passives":            {"2025-01": 30},
		"detractors":          {"2025-01": 20},
		"automated_processes": {"2025-01": 12},
		"eligible_processes":  {"2025-01": 40},
		"investment":          {"2024-12": 1000, "2025-01": 0, "2025-02": 500},
		"investment_gains":    {"2024-12": 300, "2025-01": 400, "2025-02": 500},
		"gross_profit":        {"2025-01": 22320},
		"ebitda":              {"2025-01": 4320},
		"cash":                {"2024-10": 20000, "2025-01": 14000, "2025-02": 16000},
		"receivables":         {"2025-03": 22200},
	})
	tests := []struct {
		kpi, period string
		want        float64
		why         string
	}{
		{"net_margin", "2025-01", 7.5, "2700 / 36000 × 100"},
		{"conversion_rate", "2025-01", 2.5, "200 / 8000 × 100"},
		{"cac", "2025-01", 25, "1500 / 60"},
		{"revenue_growth", "2025-01", -10, "(36000 − 40000) / 40000 × 100, across the year end"},
		{"retention_rate", "2025-01", 95, "(1010 − 60) / 1000 × 100"},
		{"engagement_rate", "2025-01", 55, "6600 / 12000 × 100"},
		{"nps", "2025-01", 30, "(50 − 20) / (50 + 30 + 20) × 100"},
		{"automation_rate", "2025-01", 30, "12 / 40 × 100"},
		{"roi", "2025-02", -20, "cumulative Dec–Feb: (1200 − 1500) / 1500 × 100"},
		{"roi", "2024-12", -70, "(300 − 1000) / 1000 × 100"},
		{"payback_months", "2025-02", 3.75, "1500 / (1200 / 3)"},
		{"gross_margin", "2025-01", 62, "22320 / 36000 × 100"},
		{"ebitda_margin", "2025-01", 12, "4320 / 36000 × 100"},
		{"cash_runway", "2025-01", 7, "14000 / ((20000 − 14000) / 3)"},
		{"dso", "2025-03", 22200.0 / 111000 * 91.25, "22200 / (36000 + 45000 + 30000) × 91.25 = 18.25"},
	}
	for _, tc := range tests {
		t.Run(tc.kpi+"/"+tc.period, func(t *testing.T) {
			r := computeOne(t, tab, KPIConfig{KPI: tc.kpi}, tc.period)
			if !r.Value.Valid {
				t.Fatalf("n/a: %s", r.Value.Reason)
			}
			if !near(r.Value.V, tc.want) {
				t.Errorf("%s = %v, want %v (%s)", tc.kpi, r.Value.V, tc.want, tc.why)
			}
		})
	}
	if got := 22200.0 / 111000 * 91.25; !near(got, 18.25) {
		t.Fatalf("hand value of dso: %v", got)
	}
}

func TestRevenueGrowthYoY(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue": {"2024-03": 50000, "2025-02": 40000, "2025-03": 55000},
	})
	r := computeOne(t, tab, KPIConfig{KPI: "revenue_growth", Compare: "yoy"}, "2025-03")
	if !near(r.Value.V, 10) { // (55000 − 50000) / 50000 × 100
		t.Errorf("yoy = %v, want 10", r.Value.V)
	}
	if !near(r.Previous.V, 0) || r.Previous.Valid { // Feb 2024 is before the data
		t.Errorf("previous = %+v, want n/a", r.Previous)
	}
	if !strings.Contains(r.Previous.Reason, "2024-02") {
		t.Errorf("previous reason %q should name 2024-02", r.Previous.Reason)
	}
	mom := computeOne(t, tab, KPIConfig{KPI: "revenue_growth"}, "2025-03")
	if !near(mom.Value.V, 37.5) { // (55000 − 40000) / 40000 × 100
		t.Errorf("mom = %v, want 37.5", mom.Value.V)
	}
}

func TestDSCR(t *testing.T) {
	ebitda, debt := map[string]float64{}, map[string]float64{}
	for m := 1; m <= 12; m++ {
		p := time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		ebitda[p], debt[p] = float64(900+20*m), 500 // Σ ebitda = 10800 + 20 × 78 = 12360
	}
	tab := tableOf(t, map[string]map[string]float64{"ebitda": ebitda, "debt_service": debt})
	r := computeOne(t, tab, KPIConfig{KPI: "dscr"}, "2025-12")
	if !near(r.Value.V, 12360.0/6000) {
		t.Errorf("dscr = %v, want %v", r.Value.V, 12360.0/6000)
	}
	r = computeOne(t, tab, KPIConfig{KPI: "dscr"}, "2025-11") // needs Dec 2024
	if r.Value.Valid || r.Status != NA {
		t.Errorf("dscr with 11 months = %+v, want n/a", r.Value)
	}
}

func TestNotApplicable(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":    {"2025-01": 0, "2025-02": 1000, "2025-04": 1200},
		"net_income": {"2025-01": 10, "2025-02": 100, "2025-04": 90},
		"cash":       {"2025-01": 1000, "2025-04": 1500},
	})
	tests := []struct {
		kpi, period, reason string
	}{
		{"net_margin", "2025-01", "division by zero: revenue is 0 for 2025-01"},
		{"revenue_growth", "2025-02", "division by zero: revenue is 0 for 2025-01"},
		{"revenue_growth", "2025-04", "missing figure: revenue for 2025-03"},
		{"cash_runway", "2025-04", "no cash burn"},
	}
	for _, tc := range tests {
		r := computeOne(t, tab, KPIConfig{KPI: tc.kpi}, tc.period)
		if r.Value.Valid || r.Status != NA {
			t.Errorf("%s %s = %v, want n/a", tc.kpi, tc.period, r.Value.V)
		}
		if !strings.HasPrefix(r.Value.Reason, tc.reason) {
			t.Errorf("%s %s reason %q, want %q", tc.kpi, tc.period, r.Value.Reason, tc.reason)
		}
	}
	// The series shows the missing month as a gap, not as a number.
	r := computeOne(t, tab, KPIConfig{KPI: "net_margin"}, "2025-04")
	var got []string
	for _, p := range r.Series {
		s := p.Month.String() + "=n/a"
		if p.Value.Valid {
			s = p.Month.String() + "=" + strconv.FormatFloat(p.Value.V, 'f', -1, 64)
		}
		got = append(got, s)
	}
	want := "2025-01=n/a 2025-02=10 2025-03=n/a 2025-04=7.5"
	if strings.Join(got, " ") != want {
		t.Errorf("series %v, want %s", got, want)
	}
}

func TestCustomFormula(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue": {"2025-01": 45000},
		"orders":  {"2025-01": 2500},
		"cogs":    {"2025-01": 27000},
	})
	r := computeOne(t, tab, KPIConfig{KPI: "custom", ID: "avg_basket", Name: "Panier moyen", Formula: "revenue / orders", Unit: UnitCurrency, Better: Higher}, "2025-01")
	if !near(r.Value.V, 18) || r.ID != "avg_basket" { // 45000 / 2500
		t.Errorf("avg_basket = %v (%s), want 18", r.Value.V, r.ID)
	}
	r = computeOne(t, tab, KPIConfig{KPI: "custom", ID: "gm", Name: "GM", Formula: "(revenue − cogs) ÷ revenue × 100", Unit: UnitPercent, Better: Higher}, "2025-01")
	if !near(r.Value.V, 40) { // (45000 − 27000) / 45000 × 100
		t.Errorf("gm = %v, want 40", r.Value.V)
	}
	if len(r.Terms) != 2 || r.Terms[0].Ref != "Données!X2025-01" {
		t.Errorf("terms %+v: want revenue and cogs with their cells", r.Terms)
	}
	// The report writes the formula with the workbook's headers; a metric
	// without a column keeps its name.
	tab.Columns = []figures.Column{{Header: " CA HT ", Metric: "revenue"}, {Header: "Achats consommés", Metric: "cogs"}}
	r = computeOne(t, tab, KPIConfig{KPI: "custom", ID: "gm", Name: "GM", Formula: "(revenue-cogs)/revenue*100 - orders*0", Unit: UnitPercent, Better: Higher}, "2025-01")
	if want := "(CA HT − Achats consommés) ÷ CA HT × 100 − orders × 0"; r.Formula != want {
		t.Errorf("formula %q, want %q", r.Formula, want)
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name              string
		v, target, thresh float64
		better            string
		want              Status
	}{
		{"higher above target", 13, 12, 8, Higher, OK},
		{"higher equal target", 12, 12, 8, Higher, OK},
		{"higher rounding noise", 11.999999999999998, 12, 8, Higher, OK},
		{"higher between", 9.8, 12, 8, Higher, Watch},
		{"higher equal threshold", 8, 12, 8, Higher, Watch},
		{"higher below threshold", 7.99, 12, 8, Higher, Breach},
		{"lower below target", 25, 30, 45, Lower, OK},
		{"lower equal target", 30, 30, 45, Lower, OK},
		{"lower between", 40, 30, 45, Lower, Watch},
		{"lower equal threshold", 45, 30, 45, Lower, Watch},
		{"lower above threshold", 45.01, 30, 45, Lower, Breach},
		{"negative values", -1, 0, -2, Higher, Watch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := StatusOf(Value{V: tc.v, Valid: true}, tc.target, tc.thresh, tc.better); got != tc.want {
				t.Errorf("StatusOf(%v, %v, %v, %s) = %s, want %s", tc.v, tc.target, tc.thresh, tc.better, got, tc.want)
			}
		})
	}
	if got := StatusOf(Value{}, 1, 0, Higher); got != NA {
		t.Errorf("invalid value: %s, want n/a", got)
	}
}

func TestRatioOfSums(t *testing.T) {
	// Two months: the ratio of the sums (3000 / 40000 = 7.5 %), never the
	// average of the monthly ratios ((10 % + 5 %) / 2 = 7.5 % only by luck
	// when revenues are equal, here 10 % and 6.67 %).
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":    {"2025-01": 10000, "2025-02": 30000},
		"net_income": {"2025-01": 1000, "2025-02": 2000},
	})
	c := &calc{t: tab, texts: mustTexts(t)}
	d, _ := Lookup("net_margin")
	jan, _ := figures.ParsePeriod("2025-01")
	feb, _ := figures.ParsePeriod("2025-02")
	n, _ := c.sum("net_income", jan, feb)
	r, _ := c.sum("revenue", jan, feb)
	if !near(n/r*100, 7.5) {
		t.Errorf("ratio of sums = %v, want 7.5", n/r*100)
	}
	_ = d
}

func TestNegativeCount(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"marketing_costs": {"2025-01": 1500},
		"new_customers":   {"2025-01": -5},
	})
	r := computeOne(t, tab, KPIConfig{KPI: "cac"}, "2025-01")
	if r.Value.Valid || !strings.Contains(r.Value.Reason, "negative count: new_customers") || !strings.Contains(r.Value.Reason, "Données!X2025-01") {
		t.Errorf("cac with -5 new customers: %+v", r.Value)
	}
}

// TestNegativeCost: a cost below zero for the month is not a cost (n/a with
// the cell); over a window, a refund in one month is fine as long as the
// total is a cost.
func TestNegativeCost(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"marketing_costs": {"2025-01": -1500},
		"new_customers":   {"2025-01": 50},
	})
	r := computeOne(t, tab, KPIConfig{KPI: "cac"}, "2025-01")
	if r.Value.Valid || r.Status != NA || !strings.Contains(r.Value.Reason, "negative cost: marketing_costs") || !strings.Contains(r.Value.Reason, "Données!X2025-01") {
		t.Errorf("cac with -1500 of marketing costs: %+v %s", r.Value, r.Status)
	}
	ebitda, debt := map[string]float64{}, map[string]float64{}
	for m := 1; m <= 12; m++ {
		p := time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		ebitda[p], debt[p] = 1000, 500
	}
	debt["2025-03"] = -200 // a repayment returned: Σ = 11 × 500 − 200 = 5300
	tab = tableOf(t, map[string]map[string]float64{"ebitda": ebitda, "debt_service": debt})
	if r := computeOne(t, tab, KPIConfig{KPI: "dscr"}, "2025-12"); !near(r.Value.V, 12000.0/5300) {
		t.Errorf("dscr = %+v, want %v", r.Value, 12000.0/5300)
	}
	for p := range debt {
		debt[p] = -500
	}
	tab = tableOf(t, map[string]map[string]float64{"ebitda": ebitda, "debt_service": debt})
	if r := computeOne(t, tab, KPIConfig{KPI: "dscr"}, "2025-12"); r.Value.Valid || !strings.Contains(r.Value.Reason, "negative cost: debt_service is below 0 for 2025-01…2025-12") {
		t.Errorf("dscr over negative debt service = %+v, want n/a", r.Value)
	}
}

func TestCLV(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"marketing_costs": {"2025-01": 1500, "2025-02": 3000},
		"new_customers":   {"2025-01": 60, "2025-02": 40},
		"clv":             {"2025-01": 100, "2025-02": 200},
	})
	// January: CAC 25, CLV 100: 1:4, fine. February: CAC 75, CLV 200: 1:2.67, worse than 1:3.
	r := computeOne(t, tab, KPIConfig{KPI: "cac"}, "2025-01")
	if r.CLV == nil || !near(r.CLV.Multiple, 4) || !r.CLV.OK {
		t.Errorf("January CLV %+v", r.CLV)
	}
	r = computeOne(t, tab, KPIConfig{KPI: "cac"}, "2025-02")
	if r.CLV == nil || !near(r.CLV.Multiple, 200.0/75) || r.CLV.OK {
		t.Errorf("February CLV %+v", r.CLV)
	}
	clv := Number{Value: 300}
	r = computeOne(t, tab, KPIConfig{KPI: "cac", CLV: &clv}, "2025-02") // the config's value wins: 300 / 75 = 4
	if r.CLV == nil || !near(r.CLV.Multiple, 4) {
		t.Errorf("config CLV %+v", r.CLV)
	}
}

func TestYTD(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":    {"2024-12": 9000, "2025-01": 10000, "2025-02": 30000, "2024-01": 8000, "2024-02": 32000},
		"net_income": {"2024-12": 900, "2025-01": 1000, "2025-02": 2000},
		"cash":       {"2025-02": 5000},
	})
	// Net margin Jan–Feb 2025: (1000 + 2000) / (10000 + 30000) × 100 = 7.5;
	// December 2024 is another year and stays out.
	r := computeOne(t, tab, KPIConfig{KPI: "net_margin"}, "2025-02")
	if !r.YTD.Valid || !near(r.YTD.V, 7.5) {
		t.Errorf("net_margin YTD %+v, want 7.5", r.YTD)
	}
	// Revenue growth YTD: (40000 − 40000) / 40000 = 0 %.
	r = computeOne(t, tab, KPIConfig{KPI: "revenue_growth"}, "2025-02")
	if !r.YTD.Valid || !near(r.YTD.V, 0) {
		t.Errorf("revenue_growth YTD %+v, want 0", r.YTD)
	}
	// January: the year to date is the month itself.
	r = computeOne(t, tab, KPIConfig{KPI: "net_margin"}, "2025-01")
	if !near(r.YTD.V, r.Value.V) {
		t.Errorf("January YTD %v != value %v", r.YTD.V, r.Value.V)
	}
}

// TestPeriodWithoutFigures: a period with no figures is an error saying
// where the figures are.
func TestPeriodWithoutFigures(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{"revenue": {"2025-01": 100, "2025-03": 120}, "net_income": {"2025-01": 10, "2025-03": 12}})
	for period, want := range map[string]string{
		"2024-12": "no figures for 2024-12 (the figures start in 2025-01)",
		"2025-02": "no figures for 2025-02 (a month missing between 2025-01 and 2025-03)",
		"2025-07": "no figures for 2025-07 (the last month with figures is 2025-03)",
	} {
		cfg := &Config{Company: "T", Language: "en", Currency: "EUR", Period: period,
			KPIs: []KPIConfig{{KPI: "net_margin", Target: numP(10), Threshold: numP(5)}}}
		_, err := Compute(cfg, tab)
		var pe *PeriodError
		if !errors.As(err, &pe) || err.Error() != want {
			t.Errorf("period %s: %v, want %q", period, err, want)
		}
	}
}

// TestPartialMonth: period latest is the last month holding every figure
// the KPIs need; a later month holding some of them is named in a warning,
// which page 1 shows too; a period chosen on purpose gets no warning.
func TestPartialMonth(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"revenue":    {"2025-02": 100, "2025-03": 120},
		"net_income": {"2025-02": 10},
	})
	tab.Columns = []figures.Column{{Header: "CA HT", Metric: "revenue"}, {Header: "Résultat net", Metric: "net_income"}}
	run := func(period string) *Report {
		cfg := &Config{Company: "T", Language: "fr", Currency: "EUR", Period: period,
			KPIs: []KPIConfig{{KPI: "net_margin", Target: numP(10), Threshold: numP(5)}}}
		rep, err := Compute(cfg, tab)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	// February is the last complete month: 10 / 100 × 100 = 10 %, on target.
	rep := run("latest")
	if rep.Period.String() != "2025-02" || !rep.KPIs[0].Value.Valid || rep.KPIs[0].Value.V != 10 || rep.KPIs[0].Status != OK {
		t.Fatalf("period %s, value %+v, status %s", rep.Period, rep.KPIs[0].Value, rep.KPIs[0].Status)
	}
	if len(rep.Warnings) != 1 || len(rep.Headline) != 1 {
		t.Fatalf("warnings %q, headline %q", rep.Warnings, rep.Headline)
	}
	w := rep.Warnings[0]
	en := templates.Must("en")
	got := en.Fill(en.Warnings[w.Kind], w.Args)
	if want := `2025-03: not complete yet, no figures for "Résultat net"; this report is on 2025-02, the last month with every figure`; got != want {
		t.Errorf("warning %q, want %q", got, want)
	}
	if rep := run("2025-03"); len(rep.Warnings) != 0 || rep.KPIs[0].Status != NA {
		t.Errorf("a period chosen on purpose: warnings %q, status %s", rep.Warnings, rep.KPIs[0].Status)
	}
	// No month holds every figure: the last month with figures, n/a, and
	// no month to point to.
	tab2 := tableOf(t, map[string]map[string]float64{"revenue": {"2025-02": 100, "2025-03": 120}, "net_income": {}})
	cfg := &Config{Company: "T", Language: "fr", Currency: "EUR", Period: "latest",
		KPIs: []KPIConfig{{KPI: "net_margin", Target: numP(10), Threshold: numP(5)}}}
	rep, err := Compute(cfg, tab2)
	if err != nil || rep.Period.String() != "2025-03" || rep.KPIs[0].Status != NA || len(rep.Warnings) != 0 {
		t.Errorf("no complete month: %v, period %s, warnings %q", err, rep.Period, rep.Warnings)
	}
}

// TestReasonNamesMetricsAsTheReaderDoes checks that an n/a's reason names a
// metric by the workbook's header, else by its name in the report's
// language, never by its id: a French manager reads "Frais de pub", not
// "marketing_costs".
func TestReasonNamesMetricsAsTheReaderDoes(t *testing.T) {
	tab := tableOf(t, map[string]map[string]float64{
		"marketing_costs": {"2025-01": 1500},
		"new_customers":   {"2025-01": 60, "2025-02": 70},
		"net_income":      {"2025-02": 10},
	})
	for i := range tab.Columns {
		if tab.Columns[i].Metric == "marketing_costs" {
			tab.Columns[i].Header = "Frais de pub"
		}
	}
	cfg := &Config{Company: "T", Language: "fr", Currency: "EUR", Period: "2025-02", KPIs: []KPIConfig{
		{KPI: "cac", Target: numP(30), Threshold: numP(45)},
	}}
	rep, err := Compute(cfg, tab)
	if err != nil {
		t.Fatal(err)
	}
	// February has new customers but no marketing costs.
	if got, want := rep.KPIs[0].Value.Reason, "donnée manquante\u00a0: Frais de pub pour 2025-02"; got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	// revenue has no column: its name in the report's language.
	c := &calc{t: tab, texts: templates.Must("fr")}
	if got := c.metricName("revenue"); got != templates.Must("fr").Headers["revenue"] || got == "revenue" {
		t.Errorf("metricName(revenue) = %q", got)
	}
}
