package kpi

// This file compares the actuals with the workbook's budget (SPEC.md
// "Config": target: budget, tolerance, fiscal_year_start; "Outputs": the
// réel/budget table): each KPI on the budget's figures, for the month, the
// fiscal year to date and the full-year landing; the variances by Fathom's
// rule; and the config's checks that need the workbook.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
)

// DefaultTolerance is the threshold's distance from a budget target when
// the config gives no tolerance: 10 % of the target's size.
const DefaultTolerance = 10

// validateFiscal checks fiscal_year_start: a month, 1 to 12 (default 1).
func (cfg *Config) validateFiscal() error {
	if cfg.FiscalYearStart == 0 && !cfg.has("fiscal_year_start") {
		return nil
	}
	if cfg.FiscalYearStart < 1 || cfg.FiscalYearStart > 12 {
		return cerr(cfg.File, cfg.line("fiscal_year_start"), "fiscal_year_start", "value", strconv.Itoa(cfg.FiscalYearStart))
	}
	return nil
}

// has reports whether the config's top level writes a key.
func (cfg *Config) has(key string) bool {
	if cfg.root == nil || len(cfg.root.Content) == 0 {
		return false
	}
	n := cfg.root.Content[0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// fiscalStart is the first month of the fiscal year, 1-12.
func (cfg *Config) fiscalStart() int {
	if cfg.FiscalYearStart < 1 || cfg.FiscalYearStart > 12 {
		return 1
	}
	return cfg.FiscalYearStart
}

// validateBudget checks the keys of target: budget and reports whether the
// KPI has one, its checks then done: tolerance, a percentage of the
// target's size, takes the threshold's place.
func (cfg *Config) validateBudget(i int) (bool, error) {
	k := &cfg.KPIs[i]
	errAt := func(key, kind string, pairs ...string) error {
		return cerr(cfg.File, cfg.line("kpis", i, key), kind, pairs...)
	}
	if !k.Target.Budget {
		if k.Tolerance != nil {
			return false, errAt("tolerance", "tolerance_only_budget")
		}
		return false, nil
	}
	if k.Threshold != nil {
		return true, errAt("threshold", "budget_and_threshold", "id", k.id())
	}
	if k.Tolerance == nil {
		k.Tolerance = &Number{Value: DefaultTolerance, Percent: true}
	}
	tol := k.Tolerance.Value
	switch {
	case tol < 0 || math.IsNaN(tol) || math.IsInf(tol, 0):
		return true, errAt("tolerance", "tolerance_negative", "value", fmt.Sprint(tol))
	case !k.Tolerance.Percent && tol > 0 && tol < 1:
		// A fraction never gives a silent green: 0.05 is not 5 %.
		return true, errAt("tolerance", "tolerance_fraction", "value", fmt.Sprint(tol), "percent", fmt.Sprint(tol*100))
	}
	for j, a := range k.Actions {
		if strings.TrimSpace(a) == "" {
			return true, cerr(cfg.File, cfg.line("kpis", i, "actions", j), "empty_action")
		}
	}
	return true, nil
}

// checkBudget checks that every KPI with target: budget finds its budget
// in the workbook, naming the YAML line of the target when it does not.
func checkBudget(cfg *Config, t *figures.Table) error {
	for i := range cfg.KPIs {
		k := &cfg.KPIs[i]
		if k.Target == nil || !k.Target.Budget {
			continue
		}
		line := cfg.line("kpis", i, "target")
		if !t.HasBudget() {
			return cerr(cfg.File, line, "budget_none", "id", k.id())
		}
		var missing []string
		for _, n := range k.def().Needs {
			if len(t.Data[figures.Budget][n]) == 0 {
				missing = append(missing, fmt.Sprintf("%s (%s)", n, t.Header(n)))
			}
		}
		if len(missing) > 0 {
			return cerr(cfg.File, line, "budget_missing", "id", k.id(), "metrics", strings.Join(missing, ", "))
		}
	}
	return nil
}

// get returns a metric's figure for a month, from the scenario pick says.
func (c *calc) get(metric string, m figures.Month) (figures.Figure, bool) {
	if c.pick == nil {
		return c.t.Get(metric, m)
	}
	return c.t.GetIn(c.pick(metric, m), metric, m)
}

// yearStart is the first month of the fiscal year holding m.
func (c *calc) yearStart(m figures.Month) figures.Month {
	fiscal := c.fiscal
	if fiscal < 1 || fiscal > 12 {
		fiscal = 1
	}
	return m.Add(-((int(m.Month()) - fiscal + 12) % 12))
}

// onBudget returns the calc reading the budget's figures; a month before
// a metric's budget starts (the compared month of revenue_growth in the
// budget's first month) is read from the actuals.
func (c *calc) onBudget() *calc {
	first := map[string]figures.Month{}
	for metric, figs := range c.t.Data[figures.Budget] {
		for m := range figs {
			if f, ok := first[metric]; !ok || m < f {
				first[metric] = m
			}
		}
	}
	b := *c
	b.pick = func(metric string, m figures.Month) figures.Scenario {
		if f, ok := first[metric]; ok && m < f {
			return figures.Actual
		}
		return figures.Budget
	}
	return &b
}

// landing returns the calc reading the actuals to the period and the
// budget after it.
func (c *calc) landing(period figures.Month) *calc {
	l := *c
	l.pick = func(_ string, m figures.Month) figures.Scenario {
		if m <= period {
			return figures.Actual
		}
		return figures.Budget
	}
	return &l
}

// withBudget sets the KPI's budget figures: the budget for the period, the
// fiscal year to date and the landing, and each point's budget.
func (c *calc) withBudget(d Def, k *KPIConfig, m figures.Month, r *Result) {
	b := c.onBudget()
	r.Budget = c.value(b.eval(d, k, m))
	r.YTDBudget = c.value(b.ytd(d, k, m))
	start := c.yearStart(m)
	r.Landing = c.value(c.landing(m).over(d, k, start, start.Add(11)))
	r.YearBudget = c.value(b.over(d, k, start, start.Add(11)))
	for i := range r.Series {
		r.Series[i].Budget = c.value(b.eval(d, k, r.Series[i].Month))
	}
	if k.Target != nil && k.Target.Budget {
		r.BudgetTarget = true
		r.Tolerance = k.Tolerance.Value
	}
}

// budgetTarget sets the period's target and threshold from the budget; a
// month the budget does not cover has no target, and its status is n/a.
func (c *calc) budgetTarget(m figures.Month, r *Result) {
	if !r.Budget.Valid {
		reason := templates.Message(c.texts.Language, "budget.no_target", map[string]string{"month": m.String(), "reason": r.Budget.Reason})
		r.Target, r.Threshold = 0, 0
		r.Value = Value{Reason: reason}
		return
	}
	r.Target = r.Budget.V
	r.Threshold = BudgetThreshold(r.Target, r.Tolerance, r.Better)
}

// BudgetThreshold is the alert threshold of a budget target: tolerance
// percent of the target's size on the wrong side of it (below when higher
// is better).
func BudgetThreshold(target, tolerance float64, better string) float64 {
	gap := tolerance / 100 * math.Abs(target)
	if better == Lower {
		return target + gap
	}
	return target - gap
}

// Variance is an actual against its budget, by Fathom's rule.
type Variance struct {
	// Diff is actual − budget, in the unit (points for a percentage).
	Diff float64
	// Pct is Diff in percent of the budget; HasPct is false for a
	// percentage (its variance is in points), a zero budget, or a budget
	// of the other sign than the actual.
	Pct    float64
	HasPct bool
	// Favourable says whether the variance is good news by the direction
	// (a cost over budget is unfavourable); a zero variance is favourable.
	Favourable bool
	Valid      bool
}

// VarianceOf compares an actual with its budget; unit is the value's unit
// (percent variances are in points) and better its direction.
func VarianceOf(actual, budget Value, unit, better string) Variance {
	if !actual.Valid || !budget.Valid {
		return Variance{}
	}
	v := Variance{Diff: actual.V - budget.V, Valid: true}
	if unit != UnitPercent && budget.V != 0 && (actual.V == 0 || (actual.V > 0) == (budget.V > 0)) {
		v.Pct, v.HasPct = v.Diff/math.Abs(budget.V)*100, true
	}
	v.Favourable = v.Diff == 0 || (v.Diff > 0) == (better != Lower)
	return v
}

// MetricBetter is the direction of a metric: lower for costs and
// detractors, higher for the rest.
func MetricBetter(metric string) string {
	if figures.IsCost(metric) || metric == "detractors" {
		return Lower
	}
	return Higher
}

// BudgetLine is one metric of the réel/budget table: the month, the fiscal
// year to date and the full year, actual against budget.
type BudgetLine struct {
	Metric, Better string
	// Stock is a balance (cash, customers): its year to date is the
	// period's figure, not a sum.
	Stock bool
	// Month and MonthBudget are the period's figures.
	Month, MonthBudget Value
	// YTD and YTDBudget are the sums over the fiscal year to the period.
	YTD, YTDBudget Value
	// Landing is the actual to the period plus the budget for the rest of
	// the fiscal year; YearBudget the budget of the whole fiscal year.
	Landing, YearBudget Value
}

// budgetLines compares each metric the KPIs use that the budget plans.
func (c *calc) budgetLines(metrics []string, m figures.Month) []BudgetLine {
	var lines []BudgetLine
	l := c.landing(m)
	start := c.yearStart(m)
	end := start.Add(11)
	budgetOnly := *c
	budgetOnly.pick = func(string, figures.Month) figures.Scenario { return figures.Budget }
	for _, metric := range metrics {
		if len(c.t.Data[figures.Budget][metric]) == 0 {
			continue
		}
		one := func(c *calc, from, to figures.Month) Value {
			v, r := c.sum(metric, from, to)
			if r.na() {
				return c.value(r)
			}
			return Value{V: v, Valid: true}
		}
		lines = append(lines, BudgetLine{
			Metric: metric, Better: MetricBetter(metric), Stock: figures.IsStock(metric),
			Month: one(c, m, m), MonthBudget: one(&budgetOnly, m, m),
			YTD: one(c, start, m), YTDBudget: one(&budgetOnly, start, m),
			Landing: one(l, start, end), YearBudget: one(&budgetOnly, start, end),
		})
	}
	return lines
}

// FiscalMonths is how many months of the fiscal year the report covers,
// its period included.
func (r *Report) FiscalMonths() int { return int(r.Period-r.FiscalStart) + 1 }
