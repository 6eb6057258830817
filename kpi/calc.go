package kpi

// This file computes one KPI's value over a table: its terms, sums over
// months, year to date, and the reason when it cannot be computed.

import (
	"cmp"
	"errors"
	"maps"
	"math"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
)

// result is a value being computed, or the reason it cannot be.
type result struct {
	value      float64
	valid      bool
	reasonKey  string
	reasonVars map[string]string
	terms      []Term
}

func (r result) na() bool { return r.reasonKey != "" }

func (r result) ok() result {
	if math.IsNaN(r.value) || math.IsInf(r.value, 0) {
		return naResult("not_finite", nil)
	}
	r.valid = true
	return r
}

func naResult(key string, vars map[string]string) result {
	return result{reasonKey: key, reasonVars: vars}
}

// calc computes over one table.
type calc struct {
	t     *figures.Table
	texts *templates.Texts
	// fiscal is the first month of the fiscal year, 1-12.
	fiscal int
	// pick says which scenario a metric's figure for a month is read from
	// (budget.go); nil reads the actuals.
	pick func(metric string, m figures.Month) figures.Scenario
}

func (c *calc) value(r result) Value {
	if r.valid {
		return Value{V: r.value, Valid: true}
	}
	if r.reasonKey == "" {
		return Value{} // no such value (the year to date of a balance)
	}
	vars := r.reasonVars
	if id, ok := vars["metric"]; ok {
		vars = maps.Clone(vars)
		vars["metric"] = c.metricName(id)
	}
	return Value{Reason: templates.Fill(c.texts.Text(c.texts.Reasons, r.reasonKey), vars)}
}

// metricName is how a reason names a metric to the reader of the report:
// the workbook's own header for it, else its usual name in the report's
// language ("Dépenses marketing"), never its id (marketing_costs).
func (c *calc) metricName(id string) string {
	for _, col := range c.t.Columns {
		if col.Metric == id && strings.TrimSpace(col.Header) != "" {
			return strings.TrimSpace(col.Header)
		}
	}
	if h := c.texts.Headers[id]; h != "" {
		return h
	}
	return id
}

// missing explains why a metric has no figure for a month.
func (c *calc) missing(metric string, m figures.Month) result {
	if len(c.t.Months) == 0 || m < c.t.Months[0] {
		return naResult("no_history", map[string]string{"month": m.String()})
	}
	return naResult("missing", map[string]string{"metric": metric, "month": m.String()})
}

// figure returns a metric's figure for one month.
func (c *calc) figure(metric string, m figures.Month) (float64, result) {
	f, ok := c.get(metric, m)
	if !ok {
		return 0, c.missing(metric, m)
	}
	if f.Value < 0 && figures.IsCount(metric) {
		return 0, naResult("negative", map[string]string{"metric": metric, "month": m.String(), "ref": f.Source.String()})
	}
	if f.Value < 0 && figures.IsCost(metric) {
		return 0, naResult("negative_cost", map[string]string{"metric": metric, "month": m.String(), "ref": f.Source.String()})
	}
	return f.Value, result{terms: []Term{{Metric: metric, Period: m.String(), Value: f.Value, Source: f.Source}}}
}

// sum adds a metric over the months from..to, all of which must have a
// figure. A stock metric is read at the end of the range instead.
func (c *calc) sum(metric string, from, to figures.Month) (float64, result) {
	if from == to || figures.IsStock(metric) {
		return c.figure(metric, to)
	}
	var s, comp float64
	var src figures.Source
	for m := from; m <= to; m++ {
		f, ok := c.get(metric, m)
		if !ok {
			return 0, c.missing(metric, m)
		}
		if f.Value < 0 && figures.IsCount(metric) {
			return 0, naResult("negative", map[string]string{"metric": metric, "month": m.String(), "ref": f.Source.String()})
		}
		if m == from {
			src = f.Source
		} else if last := cmp.Or(f.Source.Last, f.Source.Cell); last != src.Cell {
			src.Last = last
		}
		// Neumaier summation, as the reader does.
		t := s + f.Value
		if math.Abs(s) >= math.Abs(f.Value) {
			comp += (s - t) + f.Value
		} else {
			comp += (f.Value - t) + s
		}
		s = t
	}
	s += comp
	if s < 0 && figures.IsCost(metric) { // a refund in one month is fine, a negative total is not a cost
		return 0, naResult("negative_cost", map[string]string{"metric": metric, "month": from.String() + "…" + to.String(), "ref": src.String()})
	}
	return s, result{terms: []Term{{Metric: metric, Period: from.String() + "…" + to.String(), Value: s, Source: src}}}
}

// firstMonth is the first month where any of the metrics has a figure.
func (c *calc) firstMonth(metrics []string) (figures.Month, bool) {
	var first figures.Month
	found := false
	for _, name := range metrics {
		for m := range c.t.Actual()[name] {
			if !found || m < first {
				first, found = m, true
			}
		}
	}
	return first, found
}

// eval computes a KPI for month m.
func (c *calc) eval(d Def, k *KPIConfig, m figures.Month) result {
	if d.Formula == nil {
		return d.compute(c, m, k)
	}
	from := m.Add(1 - int(d.Window))
	if d.Window == cumulative {
		first, ok := c.firstMonth(d.Needs)
		if !ok || first > m {
			return c.missing(d.Needs[0], m)
		}
		from = first
	}
	return c.evalRange(d, from, m)
}

// ytd computes a KPI over the fiscal year to date: the ratio of the sums
// from the fiscal year's first month to m, or for revenue growth those
// months against the same months a year before; roi and payback_months
// are their cumulative value. Other KPIs have no year-to-date value.
func (c *calc) ytd(d Def, k *KPIConfig, m figures.Month) result {
	return c.over(d, k, c.yearStart(m), m)
}

// over computes a KPI over the months jan..m, as ytd does.
func (c *calc) over(d Def, k *KPIConfig, jan, m figures.Month) result {
	switch {
	case d.ID == "revenue_growth":
		cur, r := c.sum("revenue", jan, m)
		if r.na() {
			return r
		}
		old, r2 := c.sum("revenue", jan.Add(-12), m.Add(-12))
		if r2.na() {
			return r2
		}
		if old == 0 {
			return naResult("zero", map[string]string{"metric": "revenue", "month": jan.Add(-12).String() + "…" + m.Add(-12).String()})
		}
		return result{value: (cur - old) / old * 100, terms: append(r.terms, r2.terms...)}.ok()
	case d.ID == "roi" || d.ID == "payback_months":
		return c.eval(d, k, m)
	case d.Formula == nil || d.Window != monthOnly:
		return result{}
	}
	for _, n := range d.Needs {
		if figures.IsStock(n) {
			return result{}
		}
	}
	return c.evalRange(d, jan, m)
}

// evalRange computes a formula KPI on the sums of its metrics from..m.
func (c *calc) evalRange(d Def, from, m figures.Month) result {
	var terms []Term
	var na *result
	env := func(name string) (float64, error) {
		v, r := c.sum(name, from, m)
		if r.na() {
			if na == nil {
				na = &r
			}
			return 0, errNA
		}
		if !hasTerm(terms, name) {
			terms = append(terms, r.terms...)
		}
		return v, nil
	}
	v, err := d.Formula.Eval(env)
	var dz *DivByZeroError
	switch {
	case na != nil:
		return *na
	case errors.As(err, &dz):
		period := m.String()
		if from != m {
			period = from.String() + "…" + m.String()
		}
		return naResult("zero", map[string]string{"metric": dz.Denominator, "month": period})
	case err != nil:
		return naResult("not_finite", nil)
	}
	return result{value: v, terms: terms}.ok()
}

var errNA = errors.New("n/a")

func hasTerm(terms []Term, metric string) bool {
	for _, t := range terms {
		if t.Metric == metric {
			return true
		}
	}
	return false
}
