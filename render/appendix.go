package render

// The appendix: figures used, formulas with their figures and cells,
// data warnings, and the workbook's fingerprint.

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

func (d *doc) appendix() {
	pdf, L, rep := d.pdf, d.t.Labels, d.rep
	pdf.AddPage()
	y := d.heading(margin, L["appendix"], 0)
	t := rep.Table
	// Figures used.
	y = d.subheading(y, L["figures"])
	var months []figures.Month
	for _, m := range t.Months {
		if m <= rep.Period {
			months = append(months, m)
		}
	}
	const perTable = 7
	for start := 0; start < len(rep.Metrics); start += perTable {
		metrics := rep.Metrics[start:min(start+perTable, len(rep.Metrics))]
		y = d.figureTable(y, months, metrics) + 1
	}
	y = d.sourceCaption(y+1) + 5
	// Formulas with their figures and cells, two KPIs a row.
	y = d.ensure(y, 30)
	y = d.subheading(y, L["formulas"])
	const gap = 8.0
	colW := (contentW - gap) / 2
	for i := 0; i < len(rep.KPIs); i += 2 {
		pair := rep.KPIs[i:min(i+2, len(rep.KPIs))]
		h := 0.0
		for _, k := range pair {
			h = max(h, d.traceBlock(k, margin, 0, colW, false))
		}
		y = d.ensure(y, h)
		for j, k := range pair {
			d.traceBlock(k, margin+float64(j)*(colW+gap), y, colW, true)
		}
		y += h + 3
	}
	// Data warnings.
	warnings := []string{L["no_warnings"]}
	if len(rep.Warnings) > 0 {
		warnings = nil
		for _, w := range rep.Warnings {
			warnings = append(warnings, "– "+d.f.Warning(w))
		}
	}
	// The heading stays with its first line.
	d.font(false, 8.5)
	y = d.ensure(y+2, 7+float64(d.lines(contentW, warnings[0]))*4.2)
	y = d.subheading(y, L["warnings"])
	for _, w := range warnings {
		y = d.ensure(y, 5)
		d.font(false, 8.5)
		d.ink(cInk)
		y = d.para(margin, y, contentW, 4.2, w)
	}
}

// sourceCaption writes under the figures where they come from: the workbook,
// its sheets, its SHA-256 and the date of issue.
func (d *doc) sourceCaption(y float64) float64 {
	L, t, colon := d.t.Labels, d.rep.Table, d.t.Locale.Colon
	first := L["workbook"] + colon + filepath.Base(t.File) + " · " + d.f.sheetLabel(t) + colon + t.Sheet
	if t.RowsSummed > 0 {
		first += fmt.Sprintf(" · %d %s", t.RowsSummed, L["rows_summed"])
	}
	second := L["sha256"] + colon + t.SHA256 + " · " + L["generated"] + " " + d.date(d.opts.Date) + " · kpireport"
	d.font(false, 7)
	d.ink(cMuted)
	y = d.para(margin, y, contentW, 3.6, first)
	return d.para(margin, y, contentW, 3.6, second)
}

// traceBlock writes, when draw is set, a KPI's value, formula, figures and
// cells in a column of width w at (x, y), and returns its height.
func (d *doc) traceBlock(k kpi.Result, x, y, w float64, draw bool) float64 {
	type line struct {
		bold  bool
		ink   rgb
		text  string
		inset float64
	}
	lines := []line{
		{true, cInk, k.Name + " = " + d.f.Shown(k), 0},
		{false, cMuted, d.t.Labels["formula"] + d.t.Locale.Colon + k.Formula, 3},
	}
	if s := d.trace(k); s != "" {
		lines = append(lines, line{false, cInk, s, 3})
	}
	for _, term := range k.Terms {
		s := fmt.Sprintf("%s (%s) = %s — %s", d.header(term.Metric), d.periodLabel(term.Period), d.figure(term.Value), term.Ref)
		if scale := d.rep.Table.Scale(term.Metric); scale != 1 {
			// CA HT (octobre 2026) = 49,78084 × 1 000 = 49 780,84 — Données!B34
			cell := term.Value / scale
			s = fmt.Sprintf("%s (%s) = %s × %s = %s — %s", d.header(term.Metric), d.periodLabel(term.Period),
				d.f.Decimal(cell, neededDecimals(cell, scale)), d.f.Decimal(scale, 0), d.figure(term.Value), term.Ref)
		}
		lines = append(lines, line{false, cMuted, s, 3})
	}
	if !k.Value.Valid {
		lines = append(lines, line{false, cMuted, k.Value.Reason, 3})
	}
	h := 0.0
	for i, l := range lines {
		size, lh := 8.0, 4.0
		if l.bold {
			size, lh = 8.5, 4.4
		}
		d.font(l.bold, size)
		if !draw {
			h += float64(d.lines(w-l.inset, l.text)) * lh
			continue
		}
		d.ink(l.ink)
		y0 := y + h
		h = d.para(x+l.inset, y0, w-l.inset, lh, l.text) - y
		_ = i
	}
	return h
}

// trace writes a formula KPI with its figures in place:
// "Marge nette = 3 534,44 ÷ 49 780,84 × 100 = 7,1 %".
func (d *doc) trace(k kpi.Result) string {
	if k.Expression == "" || !k.Value.Valid {
		return ""
	}
	e, err := kpi.ParseFormula(k.Expression)
	if err != nil {
		return ""
	}
	values := map[string]string{}
	for _, t := range k.Terms {
		values[t.Metric] = d.figure(t.Value)
	}
	s := e.Format(func(n string) string { return values[n] }, kpi.Sign)
	return k.Name + " = " + s + " = " + d.f.Shown(k)
}

// figureTable draws months × metrics and returns the y below it.
func (d *doc) figureTable(y float64, months []figures.Month, metrics []string) float64 {
	pdf, t := d.pdf, d.rep.Table
	monthW := 26.0
	colW := (contentW - monthW) / float64(len(metrics))
	rowH := 4.0
	header := func(y float64) float64 {
		d.font(true, 7)
		d.ink(cMuted)
		maxLines := 1
		for _, m := range metrics {
			maxLines = max(maxLines, len(pdf.SplitText(d.fonts.sanitize(d.header(m)), colW-2)))
		}
		h := float64(maxLines)*3.3 + 1.5
		d.text(margin, y+h-4.3, monthW, "L", d.t.Labels["month"])
		for i, m := range metrics {
			lines := pdf.SplitText(d.fonts.sanitize(d.header(m)), colW-2)
			for j, l := range lines {
				d.text(margin+monthW+float64(i)*colW, y+h-1.5-float64(len(lines)-j)*3.3, colW-1, "R", l)
			}
		}
		d.rule(y + h + 0.3)
		return y + h + 1.2
	}
	// A column shows cents on every row when any of its figures has cents.
	cents := make([]bool, len(metrics))
	for i, metric := range metrics {
		for _, m := range months {
			if fig, ok := t.Get(metric, m); ok && math.Abs(fig.Value-math.Round(fig.Value)) > 1e-9 {
				cents[i] = true
			}
		}
	}
	y = d.ensure(y, 20)
	y = header(y)
	for r, m := range months {
		if y+rowH > pageH-bottom {
			pdf.AddPage()
			y = header(margin)
		}
		if r%2 == 1 {
			d.fill(cPale)
			pdf.Rect(margin, y, contentW, rowH, "F")
		}
		d.font(m == d.rep.Period, 7.5)
		d.ink(cInk)
		d.text(margin+1, y+0.4, monthW, "L", d.f.Month(m))
		for i, metric := range metrics {
			s := "—"
			if fig, ok := t.Get(metric, m); ok {
				s = d.f.Decimal(fig.Value, map[bool]int{false: 0, true: 2}[cents[i]])
			}
			d.text(margin+monthW+float64(i)*colW, y+0.4, colW-1, "R", s)
		}
		y += rowH
	}
	// Columns kept in thousands or millions are shown in units: say so.
	for _, scale := range []float64{1e3, 1e6} {
		var cols []string
		for _, metric := range metrics {
			if t.Scale(metric) == scale {
				cols = append(cols, d.header(metric))
			}
		}
		if len(cols) == 0 {
			continue
		}
		unit := map[float64]string{1e3: "thousands", 1e6: "millions"}[scale]
		d.font(false, 7)
		d.ink(cMuted)
		y = d.para(margin, y+1, contentW, 3.6, templates.Fill(d.t.Labels["scaled"], map[string]string{
			"columns": strings.Join(cols, ", "), "unit": d.t.Labels[unit], "factor": d.f.Decimal(scale, 0)}))
	}
	return y
}

// neededDecimals is the number of decimals x needs, down to the cent of
// the unit its scale multiplies it into (2 for €, 5 for k€).
func neededDecimals(x, scale float64) int {
	return exactDecimals(2+int(math.Round(math.Log10(scale))), x)
}

// figure formats a workbook figure: cents when it has them.
func (d *doc) figure(v float64) string {
	if math.Abs(v-math.Round(v)) < 1e-9 {
		return d.f.Decimal(v, 0)
	}
	return d.f.Decimal(v, 2)
}

// header is the workbook's header for a metric, else its name.
func (d *doc) header(metric string) string { return d.rep.Table.Header(metric) }

// periodLabel writes a term's month or range of months in words.
func (d *doc) periodLabel(p string) string {
	from, to, isRange := strings.Cut(p, "…")
	a, err := figures.ParsePeriod(from)
	if err != nil {
		return p
	}
	if !isRange {
		return d.f.Month(a)
	}
	b, err := figures.ParsePeriod(to)
	if err != nil {
		return p
	}
	return d.f.Month(a) + " – " + d.f.Month(b)
}

// date writes a day: 31 octobre 2026, 31 October 2026.
func (d *doc) date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), d.t.Locale.Months[t.Month()-1], t.Year())
}
