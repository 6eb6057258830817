package render

// The appendix: figures used, formulas with their figures and cells,
// data warnings, and the workbook's fingerprint.

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/templates"
)

func (d *doc) appendix() {
	pdf, L, rep := d.pdf, d.t.Labels, d.rep
	pdf.AddPage()
	y := d.heading(margin, L["appendix"], 0)
	t := rep.Table
	// Figures used.
	y = d.subheading(y, L["figures"])
	var months []reader.Month
	for _, m := range t.Months {
		if m <= rep.Period {
			months = append(months, m)
		}
	}
	const perTable = 7
	for start := 0; start < len(rep.Metrics); start += perTable {
		metrics := rep.Metrics[start:min(start+perTable, len(rep.Metrics))]
		y = d.figureTable(y, months, metrics) + 5
	}
	// Formulas with their figures and cells.
	y = d.ensure(y, 30)
	y = d.subheading(y, L["formulas"])
	for _, k := range rep.KPIs {
		y = d.ensure(y, 18)
		d.font(true, 8.5)
		d.ink(cInk)
		d.text(margin, y, contentW, "L", k.Name+" = "+d.f.KPIValue(k.Value, k.Unit))
		y += 4.4
		d.font(false, 8)
		d.ink(cMuted)
		y = d.para(margin+3, y, contentW-3, 4, L["formula"]+d.t.Locale.Colon+k.Formula)
		if line := d.trace(k); line != "" {
			d.ink(cInk)
			y = d.para(margin+3, y, contentW-3, 4, line)
			d.ink(cMuted)
		}
		for _, term := range k.Terms {
			s := fmt.Sprintf("%s (%s) = %s — %s", d.header(term.Metric), d.periodLabel(term.Period), d.figure(term.Value), term.Ref)
			if scale := d.rep.Table.Scale(term.Metric); scale != 1 {
				// CA HT (k€) (octobre 2026) = 49,78084 × 1 000 = 49 780,84
				cell := term.Value / scale
				s = fmt.Sprintf("%s (%s) = %s × %s = %s — %s", d.header(term.Metric), d.periodLabel(term.Period),
					d.f.Decimal(cell, neededDecimals(cell, scale)), d.f.Decimal(scale, 0), d.figure(term.Value), term.Ref)
			}
			y = d.para(margin+3, y, contentW-3, 4, s)
		}
		if !k.Value.Valid {
			y = d.para(margin+3, y, contentW-3, 4, k.Value.Reason)
		}
		y += 2.5
	}
	// Data warnings.
	y = d.ensure(y+2, 20)
	y = d.subheading(y, L["warnings"])
	d.font(false, 8.5)
	d.ink(cInk)
	if len(rep.Warnings) == 0 {
		y = d.para(margin, y, contentW, 4.4, L["no_warnings"])
	}
	for _, w := range rep.Warnings {
		y = d.ensure(y, 5)
		y = d.para(margin+3, y, contentW-3, 4.4, "– "+w)
	}
	// Source.
	y = d.ensure(y+4, 24)
	y = d.subheading(y, L["source"])
	d.font(false, 8)
	d.ink(cInk)
	colon := d.t.Locale.Colon
	lines := []string{
		L["workbook"] + colon + filepath.Base(t.File) + " · " + d.sheetLabel() + colon + t.Sheet,
		L["sha256"] + colon + t.SHA256,
		L["generated"] + " " + d.date(d.opts.Date) + " · kpireport",
	}
	if t.RowsSummed > 0 {
		lines = append(lines[:1], append([]string{fmt.Sprintf("%d %s", t.RowsSummed, L["rows_summed"])}, lines[1:]...)...)
	}
	for _, s := range lines {
		y = d.para(margin, y, contentW, 4.4, s)
	}
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
	return k.Name + " = " + s + " = " + d.f.Value(k.Value.V, k.Unit)
}

// figureTable draws months × metrics and returns the y below it.
func (d *doc) figureTable(y float64, months []reader.Month, metrics []string) float64 {
	pdf, t := d.pdf, d.rep.Table
	monthW := 26.0
	colW := (contentW - monthW) / float64(len(metrics))
	rowH := 4.3
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
	most := 2 + int(math.Round(math.Log10(scale)))
	for d := 0; d < most; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(x*p-math.Round(x*p)) < 1e-6 {
			return d
		}
	}
	return most
}

// figure formats a workbook figure: cents when it has them.
func (d *doc) figure(v float64) string {
	if math.Abs(v-math.Round(v)) < 1e-9 {
		return d.f.Decimal(v, 0)
	}
	return d.f.Decimal(v, 2)
}

// sheetLabel is "Sheet", or "Sheets" when the figures come from several
// (one per year).
func (d *doc) sheetLabel() string {
	if len(d.rep.Table.Sheets) > 1 {
		return d.t.Labels["sheets"]
	}
	return d.t.Labels["sheet"]
}

// header is the workbook's header for a metric, else its name.
func (d *doc) header(metric string) string { return d.rep.Table.Header(metric) }

// periodLabel writes a term's month or range of months in words.
func (d *doc) periodLabel(p string) string {
	from, to, isRange := strings.Cut(p, "…")
	a, err := reader.ParsePeriod(from)
	if err != nil {
		return p
	}
	if !isRange {
		return d.f.Month(a)
	}
	b, err := reader.ParsePeriod(to)
	if err != nil {
		return p
	}
	return d.f.Month(a) + " – " + d.f.Month(b)
}

// date writes a day: 31 octobre 2026, 31 October 2026.
func (d *doc) date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), d.t.Locale.Months[t.Month()-1], t.Year())
}
