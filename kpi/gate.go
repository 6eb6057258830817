package kpi

// The plausibility gate (package plausibility) as Compute runs it, and the
// choice of the latest month.

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/plausibility"
)

// WarnPartialMonth is the warning of a month after the period reported as
// latest, filled in only in part.
const WarnPartialMonth = "partial_month" // {month} {headers} {previous}

// latestComplete returns the last month holding every figure the KPIs
// need, false when none does.
func latestComplete(t *figures.Table, needs []string) (figures.Month, bool) {
	for i := len(t.Months) - 1; i >= 0; i-- {
		m := t.Months[i]
		if !slices.ContainsFunc(needs, func(n string) bool { _, ok := t.Get(n, m); return !ok }) {
			return m, true
		}
	}
	return 0, false
}

// partialMonths warns of each month after the period holding some of the
// figures the KPIs need but not all: it is being filled in, and the report
// is on the last complete month.
func partialMonths(t *figures.Table, needs []string, period figures.Month) []figures.Warning {
	var out []figures.Warning
	for _, m := range t.Months {
		if m <= period {
			continue
		}
		var missing []string
		for _, n := range needs {
			if _, ok := t.Get(n, m); !ok {
				missing = append(missing, t.Header(n))
			}
		}
		if len(missing) < len(needs) {
			out = append(out, figures.Warn(WarnPartialMonth,
				"month", m.String(), "headers", figures.List(missing), "previous", period.String()))
		}
	}
	return out
}

// gate runs the plausibility gate on the table before the KPIs are
// computed: a percent KPI's target or threshold written as a fraction is
// an error naming its line; the other findings are warnings.
func (c *calc) gate(cfg *Config, defs []Def, needs []string) ([]plausibility.Finding, error) {
	gc := plausibility.Config{Metrics: needs}
	for i := range cfg.KPIs {
		k, d := &cfg.KPIs[i], defs[i]
		if d.Unit != UnitPercent {
			continue
		}
		var bounds []plausibility.Bound
		for _, b := range []struct {
			key string
			n   *Number
		}{{"target", k.Target}, {"threshold", k.Threshold}} {
			if b.n != nil && !b.n.Percent && b.n.Value != 0 && math.Abs(b.n.Value) < 1 {
				text := b.n.Text
				if text == "" { // a config built in Go
					text = strconv.FormatFloat(b.n.Value, 'f', -1, 64)
				}
				bounds = append(bounds, plausibility.Bound{Key: b.key, Text: text, Value: b.n.Value,
					Line: cfg.line("kpis", i, b.key)})
			}
		}
		if len(bounds) == 0 {
			continue
		}
		var values []float64
		for _, m := range c.t.Months {
			if r := c.eval(d, k, m); r.valid {
				values = append(values, r.value)
			}
		}
		gc.KPIs = append(gc.KPIs, plausibility.KPI{ID: k.id(), Bounds: bounds, Values: values})
	}
	findings := plausibility.Check(c.t, gc)
	for _, f := range findings {
		if f.Kind == plausibility.Fraction {
			return nil, &ConfigError{File: cfg.File, Line: f.Line, Kind: "fraction", Args: f.Args}
		}
	}
	return findings, nil
}

// gateKPIs checks the KPIs of the period once computed.
func gateKPIs(rep *Report) []plausibility.Finding {
	vs := make([]plausibility.KPIValue, len(rep.KPIs))
	for i, k := range rep.KPIs {
		vs[i] = plausibility.KPIValue{ID: k.ID, Name: k.Name, Percent: k.Unit == UnitPercent,
			Value: k.Value.V, Valid: k.Value.Valid}
		for _, t := range k.Terms {
			vs[i].Cells = append(vs[i].Cells, t.Ref)
		}
	}
	return plausibility.CheckKPIs(rep.Period, vs)
}

// warnFindings adds the gate's findings to the report's warnings, and to
// its headline those touching a KPI of the period: a KPI's own finding, or
// a figure that KPI reads for the period.
func (rep *Report) warnFindings(fs []plausibility.Finding, defs []Def) {
	for _, f := range fs {
		w := f.Warning()
		rep.Warnings = append(rep.Warnings, w)
		touched := false
		for i, d := range defs {
			r := &rep.KPIs[i]
			if f.KPI == r.ID || slices.Contains(d.Needs, f.Metric) && r.uses(f.Metric, f.Month, rep.Period) {
				r.Doubtful, touched = true, true
			}
		}
		if touched {
			rep.Headline = append(rep.Headline, w)
		}
	}
}

// uses reports whether the KPI's value for the period reads a metric's
// figure of a month: the period's own, or one of the months its terms sum.
func (r *Result) uses(metric string, m, period figures.Month) bool {
	if m == period {
		return true
	}
	for _, t := range r.Terms {
		if t.Metric != metric {
			continue
		}
		from, to, _ := strings.Cut(t.Period, "…")
		if to == "" {
			to = from
		}
		a, err1 := figures.ParsePeriod(from)
		b, err2 := figures.ParsePeriod(to)
		if err1 == nil && err2 == nil && a <= m && m <= b {
			return true
		}
	}
	return false
}
