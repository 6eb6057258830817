package kpi

import (
	"errors"
	"maps"
	"math"
	"strings"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/templates"
)

// Status of a KPI for the period (SPEC.md): ok meets the target, watch misses
// it without crossing the threshold, breach crosses it, n/a cannot be computed.
type Status string

// The statuses, as written in the JSON.
const (
	OK     Status = "ok"
	Watch  Status = "watch"
	Breach Status = "breach"
	NA     Status = "n/a"
)

// Value is a KPI value that may be missing, with the reason why.
type Value struct {
	V      float64
	Valid  bool
	Reason string
}

// Term is one figure that went into a KPI value, with its source cells.
type Term struct {
	Metric string
	// Period is the month (2025-06) or the range of months summed
	// (2024-07…2025-06).
	Period string
	Value  float64
	// Ref is the source cell or range (Données!C26, Données!C15…C26).
	Ref string
}

// Point is one month of a KPI's series; Value.Valid is false for a gap.
type Point struct {
	Month figures.Month
	Value Value
	// Budget is the KPI on the budget's figures for the month, when the
	// workbook holds a budget (with target: budget, the month's target).
	Budget Value
}

// CLVRatio compares CAC with customer lifetime value, as the KPI guide
// advises (a CAC:CLV of 1:3 or better).
type CLVRatio struct {
	CLV float64
	// Multiple is CLV ÷ CAC: 3 means 1:3.
	Multiple float64
	OK       bool
}

// Result is one KPI computed for the period.
type Result struct {
	ID, Name, Unit, Better string
	// Formula is the readable formula in the report's language; a custom
	// KPI's is written with the workbook's headers ("CA HT ÷ Commandes").
	Formula string
	// Compare is revenue_growth's mom or yoy, else "".
	Compare           string
	Value             Value
	Target, Threshold float64
	Status            Status
	Previous          Value
	LastYear          Value
	// YTD is the value over the fiscal year to date (its first month to the
	// period, a ratio of sums; roi and payback_months: their cumulative
	// value); not valid for KPIs that are balances.
	YTD Value
	// Budget, YTDBudget and Landing are the KPI on the budget's figures for
	// the period and for the fiscal year to date, and over the whole fiscal
	// year with the actual months to the period and the budget's after it
	// (budget.go); not valid without a budget.
	Budget, YTDBudget, Landing Value
	// YearBudget is the KPI on the budget of the whole fiscal year, for
	// the réel/budget page.
	YearBudget Value
	// BudgetTarget is set for target: budget: Target and Threshold are the
	// period's, from the budget and Tolerance (a percentage of the target's
	// size), and each point's Budget is its month's target.
	BudgetTarget bool
	Tolerance    float64
	Series       []Point
	Actions      []string
	// Terms are the figures behind Value, with their cells.
	Terms []Term
	// Expression is the formula over metric names for the KPIs that are one
	// (net_income / revenue * 100), so the report can print it with the
	// figures in place; "" for the others.
	Expression string
	// CLV is set for cac when a customer lifetime value is known.
	CLV *CLVRatio
	// Doubtful records that a warning of the plausibility gate touches the
	// value: a figure it reads, or the value itself, is implausible.
	Doubtful bool
}

// Report is everything the renderers need: the KPIs for the period, the
// figures they came from and the warnings.
type Report struct {
	Company, Language, Currency string
	Period                      figures.Month
	// Headline are the warnings page 1 shows, also in Warnings: those
	// touching a KPI of the period (a figure it used is implausible, its
	// value is) and a later month filled in only in part.
	Headline []figures.Warning
	// Logo is the logo's path, resolved against the config's folder, or "".
	Logo     string
	KPIs     []Result
	Warnings []figures.Warning
	// Table is the workbook read, for the appendix.
	Table *figures.Table
	// Metrics are the metrics the KPIs use, in catalogue order.
	Metrics []string
	// FiscalStart is the first month of the fiscal year of the period.
	FiscalStart figures.Month
	// Budget compares each metric the KPIs use with the workbook's budget,
	// when it has one (budget.go).
	Budget []BudgetLine
}

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
			rep.Warnings = append(rep.Warnings, w)
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
	return f.Value, result{terms: []Term{{Metric: metric, Period: m.String(), Value: f.Value, Ref: f.Source.String()}}}
}

// sum adds a metric over the months from..to, all of which must have a
// figure. A stock metric is read at the end of the range instead.
func (c *calc) sum(metric string, from, to figures.Month) (float64, result) {
	if from == to || figures.IsStock(metric) {
		return c.figure(metric, to)
	}
	var s, comp float64
	var firstRef, lastRef string
	for m := from; m <= to; m++ {
		f, ok := c.get(metric, m)
		if !ok {
			return 0, c.missing(metric, m)
		}
		if f.Value < 0 && figures.IsCount(metric) {
			return 0, naResult("negative", map[string]string{"metric": metric, "month": m.String(), "ref": f.Source.String()})
		}
		if m == from {
			firstRef = f.Source.String()
		}
		lastRef = f.Source.String()
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
	ref := firstRef
	if i := strings.LastIndex(lastRef, "!"); i >= 0 && lastRef != firstRef {
		ref += "…" + lastRef[i+1:]
	}
	if s < 0 && figures.IsCost(metric) { // a refund in one month is fine, a negative total is not a cost
		return 0, naResult("negative_cost", map[string]string{"metric": metric, "month": from.String() + "…" + to.String(), "ref": ref})
	}
	return s, result{terms: []Term{{Metric: metric, Period: from.String() + "…" + to.String(), Value: s, Ref: ref}}}
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
