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
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kpireport/kpireport/kpi"
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
	// logoData is the logo ready to embed, and logoType its type (png, jpg).
	logoData []byte
	logoType string
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
		if d.logoData, d.logoType, err = loadLogo(rep.Logo); err != nil {
			return fmt.Errorf("logo %s: %w", rep.Logo, err)
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
	if d.hasBudget() {
		d.budgetPage()
	}
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
