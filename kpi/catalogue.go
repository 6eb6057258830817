package kpi

import (
	"sort"

	"github.com/kpireport/kpireport/reader"
)

// Units of KPI values.
const (
	UnitPercent  = "percent"
	UnitCurrency = "currency"
	UnitNumber   = "number"
	UnitMonths   = "months"
	UnitDays     = "days"
	UnitRatio    = "ratio"
)

// Directions: whether a higher or a lower value is better.
const (
	Higher = "higher"
	Lower  = "lower"
)

// Def is a KPI of the catalogue: what it needs and how it is computed.
// Names, readable formulas and default actions are texts, kept in templates.
type Def struct {
	ID     string
	Unit   string
	Better string
	// Needs are the metrics the KPI reads.
	Needs []string
	// Formula is the arithmetic over the window's sums, for the KPIs that are
	// a plain ratio; nil for those computed by a function of their own.
	Formula *Expr
	// Window is how the months of a plain ratio are chosen.
	Window window
	// compute is used when Formula is nil.
	compute func(c *calc, m reader.Month, k *KPIConfig) result
}

// window says which months a formula's sums cover for a period.
type window int

const (
	monthOnly  window = iota // the period's month
	cumulative               // from the first month with data to the period
)

func mustFormula(s string) *Expr {
	e, err := ParseFormula(s)
	if err != nil {
		panic(err)
	}
	return e
}

func ratioDef(id, unit, better, formula string, w window) Def {
	e := mustFormula(formula)
	return Def{ID: id, Unit: unit, Better: better, Needs: e.Names(), Formula: e, Window: w}
}

// Catalogue lists the KPIs in the order `kpireport kpis` prints them: the
// ten of the KPI guide, then the ratios a lender reads.
var Catalogue = []Def{
	// The guide: ROI = (gains − investment) ÷ investment, cumulative.
	ratioDef("roi", UnitPercent, Higher, "(investment_gains - investment) / investment * 100", cumulative),
	ratioDef("conversion_rate", UnitPercent, Higher, "conversions / visitors * 100", monthOnly),
	ratioDef("cac", UnitCurrency, Lower, "marketing_costs / new_customers", monthOnly),
	{ID: "revenue_growth", Unit: UnitPercent, Better: Higher, Needs: []string{"revenue"}, compute: revenueGrowth},
	ratioDef("retention_rate", UnitPercent, Higher, "(customers_end - new_customers) / customers_start * 100", monthOnly),
	ratioDef("net_margin", UnitPercent, Higher, "net_income / revenue * 100", monthOnly),
	ratioDef("engagement_rate", UnitPercent, Higher, "engaged_sessions / sessions * 100", monthOnly),
	{ID: "payback_months", Unit: UnitMonths, Better: Lower, Needs: []string{"investment", "investment_gains"}, compute: payback},
	ratioDef("nps", UnitNumber, Higher, "(promoters - detractors) / (promoters + passives + detractors) * 100", monthOnly),
	ratioDef("automation_rate", UnitPercent, Higher, "automated_processes / eligible_processes * 100", monthOnly),
	// A lender's ratios.
	ratioDef("gross_margin", UnitPercent, Higher, "gross_profit / revenue * 100", monthOnly),
	ratioDef("ebitda_margin", UnitPercent, Higher, "ebitda / revenue * 100", monthOnly),
	{ID: "cash_runway", Unit: UnitMonths, Better: Higher, Needs: []string{"cash"}, compute: cashRunway},
	{ID: "dso", Unit: UnitDays, Better: Lower, Needs: []string{"receivables", "revenue"}, compute: dso},
	{ID: "dscr", Unit: UnitRatio, Better: Higher, Needs: []string{"ebitda", "debt_service"}, compute: dscr},
}

// Lookup returns the catalogue KPI with an id.
func Lookup(id string) (Def, bool) {
	for _, d := range Catalogue {
		if d.ID == id {
			return d, true
		}
	}
	return Def{}, false
}

// IDs returns the catalogue's ids and "custom", sorted.
func IDs() []string {
	ids := []string{"custom"}
	for _, d := range Catalogue {
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
	return ids
}

// revenueGrowth compares the month's revenue with the previous month's
// (compare: mom) or the same month a year before (compare: yoy).
func revenueGrowth(c *calc, m reader.Month, k *KPIConfig) result {
	back := 1
	if k != nil && k.Compare == "yoy" {
		back = 12
	}
	cur, r := c.figure("revenue", m)
	if r.na() {
		return r
	}
	old, r2 := c.figure("revenue", m.Add(-back))
	if r2.na() {
		return r2
	}
	res := result{terms: append(r.terms, r2.terms...)}
	if old == 0 {
		return naResult("zero", map[string]string{"metric": "revenue", "month": m.Add(-back).String()})
	}
	res.value = (cur - old) / old * 100
	return res.ok()
}

// payback is cumulative investment ÷ average monthly gains, both from the
// first month with data to the period (SPEC.md: average over the same months).
func payback(c *calc, m reader.Month, _ *KPIConfig) result {
	from, ok := c.firstMonth([]string{"investment", "investment_gains"})
	if !ok || from > m {
		return naResult("missing", map[string]string{"metric": "investment", "month": m.String()})
	}
	inv, r := c.sum("investment", from, m)
	if r.na() {
		return r
	}
	gains, r2 := c.sum("investment_gains", from, m)
	if r2.na() {
		return r2
	}
	n := float64(m - from + 1)
	res := result{terms: append(r.terms, r2.terms...)}
	if gains == 0 {
		return naResult("zero", map[string]string{"metric": "investment_gains", "month": from.String() + "…" + m.String()})
	}
	res.value = inv / (gains / n)
	return res.ok()
}

// cashRunway is the month-end cash ÷ the average monthly fall in cash over
// the last 3 months; n/a when cash did not fall.
func cashRunway(c *calc, m reader.Month, _ *KPIConfig) result {
	cash, r := c.figure("cash", m)
	if r.na() {
		return r
	}
	before, r2 := c.figure("cash", m.Add(-3))
	if r2.na() {
		return r2
	}
	burn := (before - cash) / 3
	if burn <= 0 {
		return naResult("no_burn", nil)
	}
	res := result{terms: append(r.terms, r2.terms...), value: cash / burn}
	return res.ok()
}

// dso is month-end receivables ÷ revenue of the last 3 months × 91.25 days
// (a quarter's days: 365 ÷ 4).
func dso(c *calc, m reader.Month, _ *KPIConfig) result {
	rec, r := c.figure("receivables", m)
	if r.na() {
		return r
	}
	rev, r2 := c.sum("revenue", m.Add(-2), m)
	if r2.na() {
		return r2
	}
	if rev == 0 {
		return naResult("zero", map[string]string{"metric": "revenue", "month": m.Add(-2).String() + "…" + m.String()})
	}
	res := result{terms: append(r.terms, r2.terms...), value: rec / rev * 91.25}
	return res.ok()
}

// dscr is EBITDA of the last 12 months ÷ debt service of the last 12 months.
func dscr(c *calc, m reader.Month, _ *KPIConfig) result {
	e, r := c.sum("ebitda", m.Add(-11), m)
	if r.na() {
		return r
	}
	d, r2 := c.sum("debt_service", m.Add(-11), m)
	if r2.na() {
		return r2
	}
	if d == 0 {
		return naResult("zero", map[string]string{"metric": "debt_service", "month": m.Add(-11).String() + "…" + m.String()})
	}
	res := result{terms: append(r.terms, r2.terms...), value: e / d}
	return res.ok()
}
