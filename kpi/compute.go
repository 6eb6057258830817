package kpi

import (
	"math"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/templates"
)

// SeriesLength is how many months the series covers: the charts draw them
// all; the JSON keeps the last 12 (render.JSONSeriesLength).
const SeriesLength = 24

// PeriodError is a period with no figures.
type PeriodError struct {
	Period figures.Month
	// First and Latest are the first and last months with figures.
	First, Latest figures.Month
	HasAny        bool
}

// Error writes the message in English.
func (e *PeriodError) Error() string {
	msg, _ := e.Message("en")
	return msg
}

// Message writes the message and its hint in a language.
func (e *PeriodError) Message(lang string) (msg, hint string) {
	args := map[string]string{"period": e.Period.String(), "first": e.First.String(), "latest": e.Latest.String()}
	kind := "between"
	switch {
	case !e.HasAny && e.Period == 0:
		kind = "no_figures"
	case !e.HasAny:
		kind = "none"
	case e.Period < e.First:
		kind = "before"
	case e.Period > e.Latest:
		kind = "after"
	}
	if kind == "no_figures" {
		return templates.Message(lang, "period.no_figures", args), templates.Message(lang, "period.no_figures.hint", args)
	}
	return templates.Message(lang, "period."+kind, args), templates.Message(lang, "period.hint", args)
}

// Compute computes the config's KPIs on a table. The config must have been
// validated (Load does it).
func Compute(cfg *Config, t *figures.Table) (*Report, error) {
	texts, err := templates.For(cfg.Language)
	if err != nil {
		return nil, err
	}
	defs := make([]Def, len(cfg.KPIs))
	var needs []string
	for i := range cfg.KPIs {
		defs[i] = cfg.KPIs[i].def()
		needs = appendNew(needs, defs[i].Needs...)
	}
	if err := t.Require(needs); err != nil {
		return nil, err
	}
	latest, ok := t.Latest()
	if !ok {
		return nil, &PeriodError{}
	}
	period := latest
	byLatest := cfg.Period == "" || cfg.Period == "latest"
	if m, ok := latestComplete(t, needs); ok && byLatest {
		period = m
	}
	if !byLatest {
		period, _ = figures.ParsePeriod(cfg.Period)
		has := false
		for _, m := range t.Months {
			has = has || m == period
		}
		if !has {
			return nil, &PeriodError{Period: period, First: t.Months[0], Latest: latest, HasAny: true}
		}
	}
	if err := checkBudget(cfg, t); err != nil {
		return nil, err
	}
	c := &calc{t: t, texts: texts, fiscal: cfg.fiscalStart()}
	rep := &Report{
		FiscalStart: c.yearStart(period),
		Company:     cfg.Company, Language: cfg.Language, Currency: cfg.Currency,
		Period: period, Logo: cfg.LogoPath(), Table: t, Warnings: append([]figures.Warning(nil), t.Warnings...),
	}
	findings, err := c.gate(cfg, defs, needs)
	if err != nil {
		return nil, err
	}
	for i := range cfg.KPIs {
		k := &cfg.KPIs[i]
		rep.KPIs = append(rep.KPIs, c.kpi(defs[i], k, period))
	}
	rep.warnFindings(append(findings, gateKPIs(rep)...), defs)
	if byLatest {
		for _, w := range partialMonths(t, needs, period) {
			if w.Kind != figures.WarnPartialRows { // already among the table's
				rep.Warnings = append(rep.Warnings, w)
			}
			rep.Headline = append(rep.Headline, w)
		}
	}
	// Metrics in the order of the catalogue, then new ones.
	for _, m := range figures.Catalogue {
		for _, n := range needs {
			if n == m.Name {
				rep.Metrics = append(rep.Metrics, n)
			}
		}
	}
	for _, n := range needs {
		if !figures.Known(n) {
			rep.Metrics = append(rep.Metrics, n)
		}
	}
	if t.HasBudget() {
		rep.Budget = c.budgetLines(rep.Metrics, period)
	}
	return rep, nil
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			found = found || l == it
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// kpi computes one KPI: value, comparisons, series, status and actions.
func (c *calc) kpi(d Def, k *KPIConfig, m figures.Month) Result {
	text := c.texts.KPIs[d.ID]
	r := Result{
		ID: d.ID, Name: text.Name, Unit: d.Unit, Better: d.Better, Formula: text.Formula,
		Target: k.Target.Value,
	}
	if k.Threshold != nil { // nil with target: budget
		r.Threshold = k.Threshold.Value
	}
	if k.KPI == "custom" {
		r.ID, r.Name, r.Formula = k.ID, k.Name, d.Formula.Format(c.t.Header, Sign)
	}
	if k.Name != "" {
		r.Name = k.Name
	}
	if k.Better != "" {
		r.Better = k.Better
	}
	if d.ID == "revenue_growth" {
		r.Compare = k.compare()
	}
	res := c.eval(d, k, m)
	r.Value, r.Terms = c.value(res), res.terms
	if d.Formula != nil {
		r.Expression = d.Formula.String()
	}
	r.Previous = c.value(c.eval(d, k, m.Add(-1)))
	r.YTD = c.value(c.ytd(d, k, m))
	r.LastYear = c.value(c.eval(d, k, m.Add(-12)))
	first := m.Add(-(SeriesLength - 1))
	if len(c.t.Months) > 0 && c.t.Months[0] > first {
		first = c.t.Months[0]
	}
	for p := first; p <= m; p++ {
		r.Series = append(r.Series, Point{Month: p, Value: c.value(c.eval(d, k, p))})
	}
	if c.t.HasBudget() {
		c.withBudget(d, k, m, &r)
	}
	if r.BudgetTarget {
		c.budgetTarget(m, &r)
	}
	r.Status = StatusOf(r.Value, r.Target, r.Threshold, r.Better)
	switch {
	case len(k.Actions) > 0:
		r.Actions = k.Actions
	case k.KPI != "custom":
		r.Actions = text.Actions
	}
	if d.ID == "cac" && r.Value.Valid && r.Value.V > 0 {
		clv, known := 0.0, false
		if k.CLV != nil {
			clv, known = k.CLV.Value, true
		} else if f, ok := c.t.Get("clv", m); ok {
			clv, known = f.Value, true
		}
		if known {
			mult := clv / r.Value.V
			r.CLV = &CLVRatio{CLV: clv, Multiple: mult, OK: mult >= 3-1e-9}
		}
	}
	return r
}

// StatusOf gives the status of a value against its target and threshold
// (SPEC.md): meeting the target exactly is ok, sitting exactly on the
// threshold is watch. Values are compared to 1e-9 so that 12.000000000000002
// computed from figures equals a target of 12.
func StatusOf(v Value, target, threshold float64, better string) Status {
	if !v.Valid {
		return NA
	}
	x := v.V
	if better == Lower { // mirror so that higher is better
		x, target, threshold = -x, -target, -threshold
	}
	const eps = 1e-9
	tol := func(a float64) float64 { return eps * math.Max(1, math.Abs(a)) }
	switch {
	case x >= target-tol(target):
		return OK
	case x >= threshold-tol(threshold):
		return Watch
	default:
		return Breach
	}
}
