package render

// The réel/budget page: each metric the KPIs use and each KPI, for the
// month, the fiscal year to date and the full fiscal year, actual against
// budget, the variances coloured by direction (SPEC.md "Outputs").

import (
	"math"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

// hasBudget reports whether the report has a budget to compare with.
func (d *doc) hasBudget() bool { return d.rep.Table != nil && d.rep.Table.HasBudget() }

// msg returns a budget text in the report's language.
func (d *doc) msg(key string, args map[string]string) string {
	return templates.Message(d.rep.Language, "budget."+key, args)
}

// fiscalArgs are the months that name the fiscal year: its first, its
// last and the report's.
func (d *doc) fiscalArgs() map[string]string {
	start := d.rep.FiscalStart
	return map[string]string{"start": d.f.Month(start), "end": d.f.Month(start.Add(11)), "month": d.f.Month(d.rep.Period)}
}

// varianceColour is green for a favourable variance, red for an
// unfavourable one, muted when it shows as zero or is missing.
func (d *doc) varianceColour(v kpi.Variance, unit string) rgb {
	if !v.Valid || d.f.shownAsZero(v.Diff, unit) {
		return cMuted
	}
	if v.Favourable {
		return statusColour(kpi.OK)
	}
	return statusColour(kpi.Breach)
}

// variancePct writes a variance's percentage of the budget (+4,0 %), or
// for a percentage its points; "" when neither is given.
func (d *doc) variancePct(v kpi.Variance, unit string) string {
	switch {
	case !v.Valid:
		return ""
	case unit == kpi.UnitPercent:
		return d.f.Delta(v.Diff, unit)
	case v.HasPct:
		s := d.f.Decimal(v.Pct, 1) + d.t.Locale.Percent
		if v.Pct > 0 && d.f.Decimal(v.Pct, 1) != d.f.Decimal(0, 1) {
			s = "+" + s
		}
		return s
	}
	return ""
}

// varianceShort is page 1's budget variance: in % of the budget, in
// points for a percentage, in value when the % is left out.
func (d *doc) varianceShort(k kpi.Result) (string, rgb) {
	v := kpi.VarianceOf(k.Value, k.Budget, k.Unit, k.Better)
	if !v.Valid {
		return d.t.Labels["na"], cMuted
	}
	s := d.variancePct(v, k.Unit)
	if s == "" {
		s = d.f.Delta(v.Diff, k.Unit)
	}
	return s, d.varianceColour(v, k.Unit)
}

// amount writes a metric's figure: counts as numbers, other figures as
// amounts in the report's currency, without cents from a thousand.
func (d *doc) amount(metric string, v float64) string {
	dec := 0
	if math.Abs(v) < 1000 && math.Abs(v-math.Round(v)) > 1e-9 {
		dec = 2
	}
	if figures.IsCount(metric) || !figures.Known(metric) {
		return d.f.Decimal(v, dec)
	}
	return d.f.Money(v, dec)
}

// budgetCell is one cell of the table: a value, or a variance on two
// lines (value, then % of the budget), coloured.
type budgetCell struct {
	text, sub string
	colour    rgb
	bold      bool
}

// budgetPage draws the réel/budget page.
func (d *doc) budgetPage() {
	pdf := d.pdf
	pdf.AddPage()
	args := d.fiscalArgs()
	y := d.heading(margin, d.msg("page_title", nil), 0)
	d.font(false, 9.5)
	d.ink(cInk)
	y = d.para(margin, y, contentW, 4.6, d.msg("page_intro", args)) + 4

	// Three groups of three columns beside the name: the month, the
	// fiscal year to date, the full fiscal year.
	nameW := 30.0
	colW := (contentW - nameW) / 9
	groups := []string{d.f.Month(d.rep.Period), d.msg("col_ytd", map[string]string{"start": d.f.MonthShort(d.rep.FiscalStart)}),
		d.msg("col_year", map[string]string{"start": d.f.MonthShort(d.rep.FiscalStart), "end": d.f.MonthShort(d.rep.FiscalStart.Add(11))})}
	subs := []string{d.msg("actual", nil), d.msg("budget", nil), d.msg("variance", nil),
		d.msg("actual", nil), d.msg("budget", nil), d.msg("variance", nil),
		d.msg("landing", nil), d.msg("budget", nil), d.msg("variance", nil)}
	header := func(y float64, first string) float64 {
		d.font(true, 7.5)
		d.ink(cNavy)
		for g, label := range groups {
			x := margin + nameW + float64(g)*3*colW
			d.fill(cPale)
			pdf.Rect(x+0.6, y, 3*colW-1.2, 5, "F")
			d.text(x, y+0.9, 3*colW, "C", label)
		}
		y += 6.5
		d.font(true, 7)
		d.ink(cMuted)
		d.text(margin, y, nameW, "L", first)
		for i, s := range subs {
			d.text(margin+nameW+float64(i)*colW, y, colW-1, "R", s)
		}
		d.rule(y + 4.2)
		return y + 5.5
	}
	row := func(y float64, name string, cells []budgetCell) float64 {
		h := 8.4
		d.font(true, 8)
		d.ink(cInk)
		lines := pdf.SplitText(d.fonts.sanitize(name), nameW-2)
		for i, l := range lines {
			if i < 2 {
				d.text(margin, y+0.8+float64(i)*3.6, nameW-2, "L", l)
			}
		}
		for i, c := range cells {
			x := margin + nameW + float64(i)*colW
			d.font(c.bold, 8)
			d.ink(c.colour)
			d.text(x, y+0.8, colW-1, "R", c.text)
			if c.sub != "" {
				d.font(false, 7)
				d.text(x, y+4.4, colW-1, "R", c.sub)
			}
		}
		d.rule(y + h)
		return y + h + 1
	}
	pair := func(actual, budget kpi.Value, unit, better string, format func(float64) string) []budgetCell {
		write := func(v kpi.Value) string {
			if !v.Valid {
				return d.msg("none", nil)
			}
			return format(v.V)
		}
		v := kpi.VarianceOf(actual, budget, unit, better)
		variance := budgetCell{text: d.msg("none", nil), colour: cMuted}
		if v.Valid {
			c := d.varianceColour(v, unit)
			variance = budgetCell{text: d.signed(format, v.Diff), sub: d.variancePct(v, unit), colour: c, bold: true}
			if unit == kpi.UnitPercent {
				variance.text, variance.sub = d.variancePct(v, unit), ""
			}
		}
		return []budgetCell{{text: write(actual), colour: cInk}, {text: write(budget), colour: cMuted}, variance}
	}

	// The figures.
	y = header(y, d.msg("metrics", nil))
	for _, l := range d.rep.Budget {
		format := func(v float64) string { return d.amount(l.Metric, v) }
		var cells []budgetCell
		cells = append(cells, pair(l.Month, l.MonthBudget, "", l.Better, format)...)
		cells = append(cells, pair(l.YTD, l.YTDBudget, "", l.Better, format)...)
		cells = append(cells, pair(l.Landing, l.YearBudget, "", l.Better, format)...)
		y = row(y, d.header(l.Metric), cells)
	}
	// The KPIs.
	y += 6
	y = header(y, d.msg("kpis", nil))
	for _, k := range d.rep.KPIs {
		format := func(v float64) string {
			if k.Unit == kpi.UnitCurrency && (math.Abs(v) >= 1000 || math.Abs(k.Budget.V) >= 1000) {
				return d.f.Money(v, 0) // no cents in a table of thousands
			}
			return d.f.Value(v, k.Unit)
		}
		var cells []budgetCell
		cells = append(cells, pair(k.Value, k.Budget, k.Unit, k.Better, format)...)
		cells = append(cells, pair(k.YTD, k.YTDBudget, k.Unit, k.Better, format)...)
		cells = append(cells, pair(k.Landing, k.YearBudget, k.Unit, k.Better, format)...)
		y = row(y, k.Name, cells)
	}
	// How to read it, and where the budget comes from.
	y += 4
	d.font(false, 8)
	d.ink(cInk)
	y = d.para(margin, y, contentW, 4, d.msg("reading", args)) + 2
	d.font(false, 7.5)
	d.ink(cMuted)
	t := d.rep.Table
	if len(t.BudgetSheets) > 0 {
		d.para(margin, y, contentW, 4, d.msg("source_sheets", map[string]string{"sheets": strings.Join(t.BudgetSheets, ", ")}))
	} else {
		d.para(margin, y, contentW, 4, d.msg("source_inline", map[string]string{"sheets": t.Sheet}))
	}
}

// signed writes a variance with its sign (+600 €, −500 €).
func (d *doc) signed(format func(float64) string, v float64) string {
	s := format(v)
	if v > 0 && !strings.HasPrefix(s, "0") {
		return "+" + s
	}
	return s
}

// budgetSentence is the KPI section's sentence on the budget: the month's
// budget and variance, the fiscal year to date, the landing.
func (d *doc) budgetSentence(k kpi.Result) string {
	if !k.Budget.Valid || !k.Value.Valid {
		return ""
	}
	v := kpi.VarianceOf(k.Value, k.Budget, k.Unit, k.Better)
	variance := d.f.Delta(v.Diff, k.Unit)
	if p := d.variancePct(v, k.Unit); p != "" && k.Unit != kpi.UnitPercent {
		variance += " (" + p + ")"
	}
	args := map[string]string{"budget": d.f.Value(k.Budget.V, k.Unit), "variance": variance, "start": d.f.Month(d.rep.FiscalStart),
		"ytd": d.f.KPIValue(k.YTD, k.Unit), "ytd_budget": d.f.KPIValue(k.YTDBudget, k.Unit), "landing": d.f.KPIValue(k.Landing, k.Unit)}
	if !k.YTD.Valid || !k.YTDBudget.Valid {
		return ""
	}
	if !k.Landing.Valid {
		return d.msg("sentence_no_landing", args)
	}
	return d.msg("sentence", args)
}

// ytdLabel names the year to date: the catalogue's words for a calendar
// year, the month it starts otherwise.
func (d *doc) ytdLabel() string {
	if d.rep.FiscalStart.Month() == 1 {
		return d.t.Labels["ytd"]
	}
	return d.msg("ytd_since", map[string]string{"month": d.f.MonthShort(d.rep.FiscalStart)})
}

// chartBudget sets a chart's monthly target and threshold from the budget
// (target: budget), or its budget line beside a fixed target.
func (d *doc) chartBudget(k kpi.Result, lc *LineChart) {
	if !d.hasBudget() {
		return
	}
	budget := make([]float64, len(k.Series))
	any := false
	for i, p := range k.Series {
		budget[i] = math.NaN()
		if p.Budget.Valid {
			budget[i], any = p.Budget.V, true
		}
	}
	if !any {
		return
	}
	if !k.BudgetTarget {
		lc.Budget = budget
		return
	}
	lc.Targets = budget
	lc.Thresholds = make([]float64, len(budget))
	for i, b := range budget {
		lc.Thresholds[i] = kpi.BudgetThreshold(b, k.Tolerance, k.Better)
	}
}
