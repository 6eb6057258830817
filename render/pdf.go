// Package render presents a kpi.Report: as a PDF report (summary, a
// section per KPI with its chart, action plan, appendix), as the JSON of
// SPEC.md, and as the terminal table of `kpireport check`.
//
// It owns layout, typography, number formatting and charts; it computes
// nothing (the numbers come from kpi) and reads no workbook.
package render

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/templates"
)

// PDFOptions control what is not in the report itself.
type PDFOptions struct {
	// Date is the issue date printed in the report and stored as the PDF's
	// creation date; the same date gives the same bytes.
	Date time.Time
	// Canvas, if set, is the blank document to draw on (see NewCanvas).
	Canvas *Canvas
}

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	cNavy   = rgb{0x1f, 0x2a, 0x44}
	cInk    = rgb{0x22, 0x26, 0x2e}
	cMuted  = rgb{0x6b, 0x72, 0x80}
	cRule   = rgb{0xd5, 0xda, 0xe1}
	cPale   = rgb{0xf3, 0xf5, 0xf8}
	cWhite  = rgb{0xff, 0xff, 0xff}
	cSeries = rgb{0x1d, 0x4e, 0x89}
	cOrange = rgb{0xe6, 0x7e, 0x22}
)

// statusColour is the colour of a status; the status is also always
// written and carried by a shape, for black-and-white prints and
// colour-blind readers.
func statusColour(s kpi.Status) rgb {
	switch s {
	case kpi.OK:
		return rgb{0x1a, 0x7f, 0x4b}
	case kpi.Watch:
		return rgb{0xb9, 0x6a, 0x00}
	case kpi.Breach:
		return rgb{0xc0, 0x39, 0x2b}
	}
	return rgb{0x6b, 0x72, 0x80}
}

// Page geometry, in mm.
const (
	pageW    = 210.0
	pageH    = 297.0
	margin   = 16.0
	bottom   = 20.0 // space kept for the footer
	contentW = pageW - 2*margin
)

type doc struct {
	pdf   *fpdf.Fpdf
	fonts *fontSet
	f     *Formatter
	t     *templates.Texts
	rep   *kpi.Report
	opts  PDFOptions
	// logoData is the logo file's content, read before drawing.
	logoData []byte
}

// Canvas is a blank PDF document with the report's fonts registered. Making
// one is the slowest step of rendering that does not depend on the report
// (fpdf parses and hashes each font), so a caller may make it while the
// workbook is read, and hand it to PDF. A Canvas serves one report.
type Canvas struct {
	pdf   *fpdf.Fpdf
	fonts *fontSet
	err   error
}

// NewCanvas makes a blank document with the fonts registered.
func NewCanvas() *Canvas {
	pdf := fpdf.New("P", "mm", "A4", "")
	fonts, err := newFontSet(pdf)
	return &Canvas{pdf: pdf, fonts: fonts, err: err}
}

// PDF writes the report as an A4 PDF, on the canvas given in opts or on a
// new one.
func PDF(w io.Writer, rep *kpi.Report, opts PDFOptions) error {
	f, err := NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return err
	}
	c := opts.Canvas
	if c == nil {
		c = NewCanvas()
	}
	if c.err != nil {
		return fmt.Errorf("fonts: %w", c.err)
	}
	pdf, fonts := c.pdf, c.fonts
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(opts.Date)
	pdf.SetModificationDate(opts.Date)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, bottom)
	pdf.AliasNbPages("{nb}")
	d := &doc{pdf: pdf, fonts: fonts, f: f, t: f.T, rep: rep, opts: opts}
	if rep.Logo != "" {
		if d.logoData, err = os.ReadFile(rep.Logo); err != nil {
			return fmt.Errorf("logo: %w", err)
		}
	}
	title := fmt.Sprintf("%s — %s — %s", d.t.Labels["title"], rep.Company, f.Month(rep.Period))
	pdf.SetTitle(fonts.sanitize(title), true)
	pdf.SetAuthor(fonts.sanitize(rep.Company), true)
	pdf.SetSubject(fonts.sanitize(d.t.Labels["subtitle"]+" — "+f.Month(rep.Period)), true)
	pdf.SetCreator("kpireport", true)
	pdf.SetLang(map[string]string{"fr": "fr-FR", "en": "en-GB"}[rep.Language])
	pdf.SetFooterFunc(d.footer)

	d.summary()
	d.actionPlan(d.sections())
	d.appendix()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// --- drawing helpers ---

func (d *doc) font(bold bool, size float64) {
	if bold {
		d.pdf.SetFont(familyBold, "", size)
	} else {
		d.pdf.SetFont(familyRegular, "", size)
	}
}

func (d *doc) ink(c rgb)  { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// text writes s with its top-left corner at (x, y), aligned in a box of
// width w ("L", "R" or "C").
func (d *doc) text(x, y, w float64, align, s string) {
	s = d.fonts.sanitize(s)
	_, size := d.pdf.GetFontSize()
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, size, s, "", 0, align, false, 0, "")
}

// para writes a wrapped paragraph and returns the y below it.
func (d *doc) para(x, y, w, lineH float64, s string) float64 {
	d.pdf.SetXY(x, y)
	d.pdf.MultiCell(w, lineH, d.fonts.sanitize(s), "", "L", false)
	return d.pdf.GetY()
}

// lines returns how many lines a paragraph takes.
func (d *doc) lines(w float64, s string) int {
	return len(d.pdf.SplitText(d.fonts.sanitize(s), w))
}

func (d *doc) rule(y float64) {
	d.draw(cRule)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(margin, y, pageW-margin, y)
}

// ensure starts a new page when h mm do not fit below y.
func (d *doc) ensure(y, h float64) float64 {
	if y+h > pageH-bottom {
		d.pdf.AddPage()
		return margin
	}
	return y
}

// heading writes a section title with a bookmark and returns the y below.
func (d *doc) heading(y float64, s string, level int) float64 {
	d.pdf.SetY(y)
	d.pdf.Bookmark(d.fonts.sanitize(s), level, y)
	d.font(true, 15)
	d.ink(cNavy)
	d.text(margin, y, contentW, "L", s)
	d.fill(cSeries)
	d.pdf.Rect(margin, y+8, 18, 0.9, "F")
	return y + 13
}

// subheading writes an appendix title with a bookmark under the section's
// and returns the y below it.
func (d *doc) subheading(y float64, s string) float64 {
	d.pdf.Bookmark(d.fonts.sanitize(s), 1, y)
	d.font(true, 10.5)
	d.ink(cNavy)
	d.text(margin, y, contentW, "L", s)
	return y + 7
}

// symbolShape draws the status shape (circle, triangle, square, empty
// square) centred at (x, y) with size s.
func (d *doc) symbolShape(st kpi.Status, x, y, s float64, c rgb) {
	d.fill(c)
	d.draw(c)
	d.pdf.SetLineWidth(0.3)
	switch st {
	case kpi.OK:
		d.pdf.Circle(x, y, s/2, "F")
	case kpi.Watch:
		d.pdf.Polygon([]fpdf.PointType{{X: x, Y: y - s/2}, {X: x + s/2, Y: y + s/2}, {X: x - s/2, Y: y + s/2}}, "F")
	case kpi.Breach:
		d.pdf.Rect(x-s/2, y-s/2, s, s, "F")
	default:
		d.pdf.Rect(x-s/2, y-s/2, s, s, "D")
	}
}

// pill draws a status badge: coloured, with its shape and its word.
func (d *doc) pill(x, y, w, h float64, st kpi.Status, word string) {
	c := statusColour(st)
	d.fill(c)
	d.pdf.RoundedRect(x, y, w, h, h/2, "1234", "F")
	d.symbolShape(st, x+h/2+0.8, y+h/2, h*0.42, cWhite)
	d.font(true, 8)
	d.ink(cWhite)
	d.text(x+h, y+(h-3.2)/2, w-h-1, "L", word)
}

func (d *doc) footer() {
	pdf := d.pdf
	y := pageH - 13
	d.draw(cRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(margin, y, pageW-margin, y)
	d.font(false, 7.5)
	d.ink(cMuted)
	left := fmt.Sprintf("%s — %s — %s", d.rep.Company, d.t.Labels["title"], d.f.Month(d.rep.Period))
	d.text(margin, y+1.5, contentW*0.75, "L", left)
	page := templates.Fill(d.t.Labels["page"], map[string]string{"n": strconv.Itoa(pdf.PageNo()), "total": "{nb}"})
	d.text(pageW-margin-40, y+1.5, 40, "R", page)
}

// --- page 1: the summary ---

func (d *doc) summary() {
	pdf, rep, L := d.pdf, d.rep, d.t.Labels
	pdf.AddPage()
	d.fill(cNavy)
	pdf.Rect(0, 0, pageW, 36, "F")
	textX := margin
	if rep.Logo != "" {
		d.logo(margin, 7, 22)
		textX = margin + 27
	}
	d.font(true, 19)
	d.ink(cWhite)
	d.text(textX, 9, contentW-(textX-margin), "L", rep.Company)
	d.font(false, 11)
	d.ink(rgb{0xc9, 0xd3, 0xe3})
	d.text(textX, 19, contentW, "L", L["title"]+" · "+d.f.Month(rep.Period))
	d.font(false, 8)
	d.text(textX, 26, contentW, "L", L["generated"]+" "+d.date(d.opts.Date))
	pdf.Bookmark(d.fonts.sanitize(L["summary"]), 0, 0)

	// The verdict, in one sentence.
	verdict, worst := d.verdict()
	y := 44.0
	d.font(false, 11)
	n := d.lines(contentW-12, verdict)
	h := float64(n)*5.4 + 7
	d.fill(cPale)
	pdf.Rect(margin, y, contentW, h, "F")
	d.fill(statusColour(worst))
	pdf.Rect(margin, y, 2.2, h, "F")
	d.ink(cInk)
	d.para(margin+7, y+3.5, contentW-12, 5.4, verdict)
	y += h + 8

	// The KPI table.
	cols := []struct {
		label string
		w     float64
		align string
	}{
		{L["kpi"], 47, "L"}, {L["value"], 25, "R"}, {L["target"], 21, "R"}, {L["status"], 29, "C"},
		{L["vs_previous"], 19, "R"}, {L["vs_last_year"], 19, "R"}, {L["trend"], 18, "C"},
	}
	d.font(true, 7.5)
	d.ink(cMuted)
	x := margin
	for _, c := range cols {
		d.text(x, y, c.w, c.align, c.label)
		x += c.w
	}
	y += 5
	d.rule(y)
	rowH := 17.0
	for _, k := range rep.KPIs {
		x := margin
		d.font(true, 9.5)
		d.ink(cInk)
		nameLines := d.pdf.SplitText(d.fonts.sanitize(k.Name), cols[0].w-2)
		ny := y + 3
		if len(nameLines) == 1 {
			ny = y + 4
		}
		for i, line := range nameLines {
			if i < 2 {
				d.text(x, ny+float64(i)*4.2, cols[0].w-2, "L", line)
			}
		}
		d.font(false, 7)
		d.ink(cMuted)
		sub := L["better_"+k.Better] + " · " + L["threshold"] + " " + d.f.Value(k.Threshold, k.Unit)
		d.text(x, y+rowH-5.5, cols[0].w+cols[1].w, "L", sub)
		x += cols[0].w
		d.font(true, 12)
		d.ink(statusColour(k.Status))
		if k.Status == kpi.OK {
			d.ink(cInk)
		}
		d.text(x, y+5.5, cols[1].w, "R", d.f.KPIValue(k.Value, k.Unit))
		x += cols[1].w
		d.font(false, 9)
		d.ink(cInk)
		d.text(x, y+6.2, cols[2].w, "R", d.f.Value(k.Target, k.Unit))
		x += cols[2].w
		d.pill(x+2.5, y+5, cols[3].w-5, 6, k.Status, d.t.StatusShort[string(k.Status)])
		x += cols[3].w
		d.font(false, 8)
		for _, other := range []kpi.Value{k.Previous, k.LastYear} {
			d.ink(d.changeColour(k, other))
			d.text(x, y+6.4, cols[4].w, "R", d.f.Change(k.Value, other, k.Unit))
			x += cols[4].w
		}
		d.sparkline(k, x+2, y+3.5, cols[6].w-2, rowH-7)
		y += rowH
		d.rule(y)
	}
	// How to read the statuses.
	y += 4
	d.font(false, 7.5)
	x = margin
	for _, st := range []kpi.Status{kpi.OK, kpi.Watch, kpi.Breach} {
		d.symbolShape(st, x+1.5, y+1.6, 2.6, statusColour(st))
		d.ink(cInk)
		word := d.t.Status[string(st)]
		d.text(x+4, y, 50, "L", word)
		x += 4 + d.pdf.GetStringWidth(word) + 8
	}
	// Where the figures come from.
	y += 9
	t := rep.Table
	src := fmt.Sprintf("%s%s%s · %s %s · %s – %s", L["source"], d.t.Locale.Colon, filepath.Base(t.File), L["sheet"], t.Sheet,
		d.f.Month(t.Months[0]), d.f.Month(rep.Period))
	if len(rep.Warnings) > 0 {
		src += fmt.Sprintf(" · %s%s%d", L["warnings"], d.t.Locale.Colon, len(rep.Warnings))
	}
	d.font(false, 7.5)
	d.ink(cMuted)
	y = d.para(margin, y, contentW, 4, src) + 6

	// The month at a glance: each KPI's commentary, one paragraph each.
	d.font(true, 10.5)
	d.ink(cNavy)
	d.text(margin, y, contentW, "L", L["highlights"])
	y += 7
	for _, k := range rep.KPIs {
		s := d.commentary(k)
		d.font(false, 9)
		h := float64(d.lines(contentW-7, s)) * 4.4
		if y+h > pageH-bottom {
			break
		}
		d.symbolShape(k.Status, margin+1.8, y+2.1, 2.4, statusColour(k.Status))
		d.ink(cInk)
		y = d.para(margin+6, y, contentW-7, 4.4, s) + 2.2
	}
}

// changeColour colours a change by whether it is good news.
func (d *doc) changeColour(k kpi.Result, prev kpi.Value) rgb {
	if !k.Value.Valid || !prev.Valid || math.Abs(k.Value.V-prev.V) < 1e-9 {
		return cMuted
	}
	up := k.Value.V > prev.V
	if up == (k.Better == kpi.Higher) {
		return statusColour(kpi.OK)
	}
	return statusColour(kpi.Breach)
}

// verdict is the one-sentence reading of page 1, and the worst status.
func (d *doc) verdict() (string, kpi.Status) {
	var breach, watch, na []string
	for _, k := range d.rep.KPIs {
		switch k.Status {
		case kpi.Breach:
			breach = append(breach, k.Name)
		case kpi.Watch:
			watch = append(watch, k.Name)
		case kpi.NA:
			na = append(na, k.Name)
		}
	}
	S := d.t.Sentences
	vars := map[string]string{"month": d.f.Month(d.rep.Period), "page": "{ap}"}
	// sentence fills verdict_<kind>_one or verdict_<kind>_many with names.
	sentence := func(kind string, names []string) string {
		vars["list"], vars["n"] = d.list(names), strconv.Itoa(len(names))
		key := "verdict_" + kind + "_many"
		if len(names) == 1 {
			key = "verdict_" + kind + "_one"
		}
		return templates.Fill(S[key], vars)
	}
	var s string
	worst := kpi.OK
	switch {
	case len(breach) > 0:
		worst, s = kpi.Breach, sentence("breach", breach)
	case len(watch) > 0:
		worst, s = kpi.Watch, sentence("watch", watch)
	default:
		vars["n"] = strconv.Itoa(len(d.rep.KPIs) - len(na))
		s = templates.Fill(S["verdict_ok"], vars)
	}
	if len(na) > 0 {
		if worst == kpi.OK && len(na) == len(d.rep.KPIs) {
			s = ""
			worst = kpi.NA
		}
		nv := map[string]string{"month": d.f.Month(d.rep.Period), "n": strconv.Itoa(len(na)), "list": d.list(na)}
		s = strings.TrimSpace(s + " " + templates.Fill(S["verdict_na"], nv))
	}
	return s, worst
}

// list joins names for a sentence, with the language's "and".
func (d *doc) list(names []string) string {
	and := map[string]string{"fr": " et ", "en": " and "}[d.rep.Language]
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}

// sparkline draws the last 12 months as a small line with the target.
func (d *doc) sparkline(k kpi.Result, x, y, w, h float64) {
	pts := k.Series
	if len(pts) > 12 {
		pts = pts[len(pts)-12:]
	}
	lo, hi := math.Min(k.Target, k.Threshold), math.Max(k.Target, k.Threshold)
	for _, p := range pts {
		if p.Value.Valid {
			lo, hi = math.Min(lo, p.Value.V), math.Max(hi, p.Value.V)
		}
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	px := func(i int) float64 { return x + w*float64(i)/math.Max(1, float64(len(pts)-1)) }
	py := func(v float64) float64 { return y + h - (v-lo)/(hi-lo)*h }
	pdf := d.pdf
	pdf.SetLineWidth(0.25)
	d.draw(statusColour(kpi.OK))
	pdf.SetDashPattern([]float64{0.8, 0.6}, 0)
	pdf.Line(x, py(k.Target), x+w, py(k.Target))
	pdf.SetDashPattern(nil, 0)
	d.draw(cSeries)
	pdf.SetLineWidth(0.45)
	for i := 1; i < len(pts); i++ {
		if pts[i-1].Value.Valid && pts[i].Value.Valid {
			pdf.Line(px(i-1), py(pts[i-1].Value.V), px(i), py(pts[i].Value.V))
		}
	}
	if last := len(pts) - 1; last >= 0 && pts[last].Value.Valid {
		d.fill(cOrange)
		pdf.Circle(px(last), py(pts[last].Value.V), 0.8, "F")
	}
}

// --- a section per KPI ---

// sections draws two KPIs a page and returns where the last page's free
// space begins (the bottom of the page when it is full).
func (d *doc) sections() float64 {
	const perPage = 2
	const sectionH = (pageH - margin - bottom) / perPage
	for i, k := range d.rep.KPIs {
		if i%perPage == 0 {
			d.pdf.AddPage()
		}
		d.section(k, margin+float64(i%perPage)*sectionH, sectionH-6)
	}
	if len(d.rep.KPIs)%perPage == 1 {
		return margin + sectionH
	}
	return pageH
}

func (d *doc) section(k kpi.Result, y, maxH float64) {
	pdf, L := d.pdf, d.t.Labels
	end := y + maxH
	pdf.Bookmark(d.fonts.sanitize(k.Name), 0, y)
	d.font(true, 14)
	d.ink(cNavy)
	d.text(margin, y, contentW-40, "L", k.Name)
	d.pill(pageW-margin-36, y, 36, 6.5, k.Status, d.t.Status[string(k.Status)])
	y += 9
	// Key figures.
	type fig struct{ label, value string }
	figs := []fig{
		{L["value"], d.f.KPIValue(k.Value, k.Unit)},
		{L["target"], d.f.Value(k.Target, k.Unit)},
		{L["threshold"], d.f.Value(k.Threshold, k.Unit)},
		{L["vs_previous"], d.f.Change(k.Value, k.Previous, k.Unit)},
		{L["vs_last_year"], d.f.Change(k.Value, k.LastYear, k.Unit)},
	}
	if k.YTD.Valid {
		figs = append(figs, fig{L["ytd"], d.f.Value(k.YTD.V, k.Unit)})
	}
	fw := contentW / float64(len(figs))
	d.fill(cPale)
	pdf.Rect(margin, y, contentW, 12, "F")
	for i, f := range figs {
		x := margin + float64(i)*fw
		d.font(false, 7)
		d.ink(cMuted)
		d.text(x+3, y+1.6, fw-4, "L", f.label)
		d.font(true, 10.5)
		d.ink(cInk)
		if i == 0 {
			d.ink(statusColour(k.Status))
		}
		d.text(x+3, y+5.8, fw-4, "L", f.value)
	}
	y += 15
	// The chart.
	lc := LineChart{Target: k.Target, Threshold: k.Threshold, Higher: k.Better == kpi.Higher, Current: len(k.Series) - 1}
	for _, p := range k.Series {
		lc.Labels = append(lc.Labels, d.f.MonthShort(p.Month))
		v := math.NaN()
		if p.Value.Valid {
			v = p.Value.V
		}
		lc.Values = append(lc.Values, v)
	}
	lc.Format = d.axisFormat(k.Unit, lc.Values, k.Target, k.Threshold)
	chartH := 58.0
	if err := lc.Draw(pdf, d.fonts, margin, y, contentW, chartH); err != nil {
		pdf.SetError(fmt.Errorf("chart of %s: %w", k.ID, err))
		return
	}
	y += chartH + 1
	d.legend(y)
	y += 6
	// The commentary.
	d.font(false, 9.5)
	d.ink(cInk)
	y = d.para(margin, y, contentW, 4.6, d.commentary(k))
	if k.CLV != nil {
		key := "clv_ok"
		if !k.CLV.OK {
			key = "clv_bad"
		}
		s := templates.Fill(d.t.Sentences[key], map[string]string{"ratio": d.f.Decimal(k.CLV.Multiple, 1)})
		y = d.para(margin, y+1, contentW, 4.6, s)
	}
	if k.Status == kpi.Breach && len(k.Actions) > 0 {
		y += 2
		d.font(true, 9.5)
		d.ink(statusColour(kpi.Breach))
		d.text(margin, y, contentW, "L", L["actions"])
		y += 5
		d.font(false, 9)
		d.ink(cInk)
		for i, a := range k.Actions {
			h := float64(d.lines(contentW-5, a)) * 4.4
			if left := len(k.Actions) - i; left > 1 && y+h+4.4 > end || y+h > end {
				// No room for the rest: the action plan has them all.
				d.ink(cMuted)
				d.para(margin+5, y, contentW-5, 4.4, templates.Fill(d.t.Labels["more_actions"],
					map[string]string{"n": strconv.Itoa(left), "page": "{ap}"}))
				break
			}
			d.symbolShape(kpi.Breach, margin+2, y+2.1, 1.3, statusColour(kpi.Breach))
			y = d.para(margin+5, y, contentW-5, 4.4, a)
		}
	}
}

// legend explains the chart's lines.
func (d *doc) legend(y float64) {
	pdf, L := d.pdf, d.t.Labels
	d.font(false, 7.5)
	d.ink(cMuted)
	x := margin + 14
	item := func(label string, drawKey func(x, y float64)) {
		drawKey(x, y+1.9)
		d.text(x+8, y, 60, "L", label)
		x += 8 + pdf.GetStringWidth(d.fonts.sanitize(label)) + 7
	}
	item(L["actual"], func(x, y float64) {
		d.draw(cSeries)
		pdf.SetLineWidth(0.6)
		pdf.Line(x, y, x+6, y)
	})
	item(L["target"], func(x, y float64) {
		d.draw(statusColour(kpi.OK))
		pdf.SetLineWidth(0.35)
		pdf.SetDashPattern([]float64{1.7, 0.85}, 0)
		pdf.Line(x, y, x+6, y)
		pdf.SetDashPattern(nil, 0)
	})
	item(L["threshold"], func(x, y float64) {
		pdf.SetAlpha(0.11, "Normal")
		d.fill(statusColour(kpi.Breach))
		pdf.Rect(x, y-1.5, 6, 3, "F")
		pdf.SetAlpha(1, "Normal")
		d.draw(statusColour(kpi.Breach))
		pdf.SetLineWidth(0.35)
		pdf.SetDashPattern([]float64{0.7, 0.7}, 0)
		pdf.Line(x, y-1.5, x+6, y-1.5)
		pdf.SetDashPattern(nil, 0)
	})
	item(L["current"], func(x, y float64) {
		d.fill(cOrange)
		pdf.Circle(x+3, y, 1.2, "F")
	})
}

// axisFormat returns the y-axis label format of a unit: no decimals when
// the axis spans large values.
func (d *doc) axisFormat(unit string, vals []float64, target, threshold float64) func(float64) string {
	lo, hi := math.Min(target, threshold), math.Max(target, threshold)
	for _, v := range vals {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	dec := 0
	if hi-lo < 10 {
		dec = 1
	}
	if hi-lo < 1 {
		dec = 2
	}
	return func(v float64) string {
		switch unit {
		case kpi.UnitPercent:
			return d.f.Decimal(v, dec) + d.t.Locale.Percent
		case kpi.UnitCurrency:
			return d.f.Money(v, dec)
		}
		return d.f.Decimal(v, dec)
	}
}

// commentary writes the KPI's sentence from the figures.
func (d *doc) commentary(k kpi.Result) string {
	S := d.t.Sentences
	month := d.f.Month(d.rep.Period)
	if !k.Value.Valid {
		return templates.Fill(S["value_na"], map[string]string{"name": k.Name, "month": month, "reason": k.Value.Reason})
	}
	vars := map[string]string{
		"name": k.Name, "month": month, "value": d.f.Value(k.Value.V, k.Unit),
		"target": d.f.Value(k.Target, k.Unit), "threshold": d.f.Value(k.Threshold, k.Unit),
	}
	s := templates.Fill(S["value"], vars)
	if k.Previous.Valid {
		delta := k.Value.V - k.Previous.V
		vars["delta"] = d.f.Delta(math.Abs(delta), k.Unit)
		vars["delta"] = strings.TrimPrefix(vars["delta"], "+")
		switch {
		case d.f.Decimal(delta, decimals(k.Unit, delta)) == d.f.Decimal(0, decimals(k.Unit, delta)):
			s += S["change_flat"]
		case delta > 0:
			s += templates.Fill(S["change_up"], vars)
		default:
			s += templates.Fill(S["change_down"], vars)
		}
		if k.LastYear.Valid {
			dy := k.Value.V - k.LastYear.V
			vars["delta"] = strings.TrimPrefix(d.f.Delta(math.Abs(dy), k.Unit), "+")
			if dy >= 0 {
				s += templates.Fill(S["year_up"], vars)
			} else {
				s += templates.Fill(S["year_down"], vars)
			}
		}
	}
	s += templates.Fill(S["status_"+string(k.Status)], vars)
	return s
}

// --- the action plan ---

// actionPlan draws the action plan in the free space of the last KPI page
// when it fits there whole, else on a page of its own.
func (d *doc) actionPlan(free float64) {
	pdf, L := d.pdf, d.t.Labels
	var breaches []kpi.Result
	for _, k := range d.rep.KPIs {
		if k.Status == kpi.Breach {
			breaches = append(breaches, k)
		}
	}
	d.font(false, 9.5)
	need := 13 + 12.0
	for _, k := range breaches {
		need += 21
		for _, a := range k.Actions {
			need += math.Max(float64(d.lines(contentW-50, a))*4.6, 5) + 1.5
		}
	}
	y := free
	if y+need > pageH-bottom {
		pdf.AddPage()
		y = margin
	}
	pdf.RegisterAlias("{ap}", strconv.Itoa(pdf.PageNo()))
	y = d.heading(y, L["action_plan"], 0)
	d.font(false, 9.5)
	d.ink(cInk)
	if len(breaches) == 0 {
		d.para(margin, y, contentW, 5, L["no_breach"])
		return
	}
	y = d.para(margin, y, contentW, 5, L["action_plan_intro"]) + 4
	for _, k := range breaches {
		h := 16 + float64(len(k.Actions))*6.5
		y = d.ensure(y, h)
		d.fill(statusColour(kpi.Breach))
		pdf.Rect(margin, y, 1.6, h-4, "F")
		d.font(true, 11)
		d.ink(cNavy)
		d.text(margin+5, y, contentW-5, "L", k.Name)
		d.font(false, 8.5)
		d.ink(cMuted)
		line := fmt.Sprintf("%s %s · %s %s · %s %s", L["value"], d.f.KPIValue(k.Value, k.Unit),
			L["threshold"], d.f.Value(k.Threshold, k.Unit), L["target"], d.f.Value(k.Target, k.Unit))
		d.text(margin+5, y+5.5, contentW-5, "L", line)
		y += 11
		d.font(false, 9.5)
		d.ink(cInk)
		for _, a := range k.Actions {
			d.draw(cInk)
			pdf.SetLineWidth(0.3)
			pdf.Rect(margin+6, y+0.6, 3.2, 3.2, "D")
			y = math.Max(d.para(margin+12, y, contentW-50, 4.6, a), y+5) + 1.5
		}
		d.font(false, 7.5)
		d.ink(cMuted)
		d.text(margin+12, y, 80, "L", L["owner"]+d.t.Locale.Colon+"____________________")
		d.text(margin+95, y, 60, "L", L["due"]+d.t.Locale.Colon+"____________")
		y += 10
	}
}

// --- the appendix ---

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
		L["workbook"] + colon + filepath.Base(t.File) + " · " + L["sheet"] + colon + t.Sheet,
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
	ops := map[byte]string{'+': "+", '-': "−", '*': "×", '/': "÷"}
	s := e.Format(func(n string) string { return values[n] }, func(op byte) string { return ops[op] })
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
	return y
}

// figure formats a workbook figure: cents when it has them.
func (d *doc) figure(v float64) string {
	if math.Abs(v-math.Round(v)) < 1e-9 {
		return d.f.Decimal(v, 0)
	}
	return d.f.Decimal(v, 2)
}

// header is the workbook's header for a metric, else its name.
func (d *doc) header(metric string) string {
	for _, c := range d.rep.Table.Columns {
		if c.Metric == metric {
			return strings.TrimSpace(c.Header)
		}
	}
	return metric
}

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

// logo draws the company logo in a white box at the top left.
func (d *doc) logo(x, y, size float64) {
	data := d.logoData
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(d.rep.Logo)), ".")
	if ext == "jpeg" {
		ext = "jpg"
	}
	info := d.pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: ext}, bytes.NewReader(data))
	if info == nil || d.pdf.Err() {
		return
	}
	d.fill(cWhite)
	d.pdf.RoundedRect(x, y, size, size, 2, "1234", "F")
	iw, ih := info.Extent()
	scale := math.Min((size-3)/iw, (size-3)/ih)
	w, h := iw*scale, ih*scale
	d.pdf.ImageOptions("logo", x+(size-w)/2, y+(size-h)/2, w, h, false, fpdf.ImageOptions{ImageType: ext}, 0, "")
}
