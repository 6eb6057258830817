package kpi

import (
	"sort"

	"github.com/kpireport/kpireport/figures"
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
	compute func(c *calc, m figures.Month, k *KPIConfig) result
}

// window says which months a formula's sums cover for a period: that many
// months ending with it, or all of them since the first month with data.
// A stock metric (receivables, cash) is read at the window's end.
type window int

const (
	cumulative window = -1 // from the first month with data to the period
	monthOnly  window = 1  // the period's month
	quarter    window = 3  // the last 3 months
	year       window = 12 // the last 12 months
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
	// Month-end receivables ÷ revenue of the last 3 months × 91.25 days (a
	// quarter's days: 365 ÷ 4).
	ratioDef("dso", UnitDays, Lower, "receivables / revenue * 91.25", quarter),
	// EBITDA of the last 12 months ÷ debt service of the last 12 months.
	ratioDef("dscr", UnitRatio, Higher, "ebitda / debt_service", year),
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
func revenueGrowth(c *calc, m figures.Month, k *KPIConfig) result {
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
func payback(c *calc, m figures.Month, _ *KPIConfig) result {
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
func cashRunway(c *calc, m figures.Month, _ *KPIConfig) result {
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
