package render

// Page 1: the summary a manager reads in a minute.

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

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
	y = d.caution(y)

	// The KPI table.
	cols := d.summaryColumns()
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
		if len(nameLines) > 2 { // a name too long for two lines ends with an ellipsis
			nameLines = []string{nameLines[0], d.ellipsis(strings.Join(nameLines[1:], " "), cols[0].w-2)}
		}
		for i, line := range nameLines {
			d.text(x, ny+float64(i)*4.2, cols[0].w-2, "L", line)
		}
		d.font(false, 7)
		d.ink(cMuted)
		sub := L["better_"+k.Better] + " · " + L["threshold"] + " " + d.f.Value(k.Threshold, k.Unit)
		d.fitText(x, y+rowH-5.5, cols[0].w+cols[1].w, "L", sub, false, 7)
		x += cols[0].w
		d.ink(statusColour(k.Status))
		if k.Status == kpi.OK {
			d.ink(cInk)
		}
		shown := d.f.Shown(k)
		d.fitText(x, y+5.5, cols[1].w, "R", shown, true, 12)
		if k.Doubtful { // the caution box above says why
			d.doubtMark(x+cols[1].w-d.pdf.GetStringWidth(d.fonts.sanitize(shown))-3.6, y+7.6, 3)
		}
		x += cols[1].w
		d.ink(cInk)
		d.fitText(x, y+6.2, cols[2].w, "R", d.f.Value(k.Target, k.Unit), false, 9)
		x += cols[2].w
		d.pill(x+2.5, y+5, cols[3].w-5, 6, k.Status, d.t.StatusShort[string(k.Status)])
		x += cols[3].w
		for _, other := range []kpi.Value{k.Previous, k.LastYear} {
			d.ink(d.changeColour(k, other))
			d.fitText(x, y+6.4, cols[4].w, "R", d.f.Change(k.Value, other, k.Unit), false, 8)
			x += cols[4].w
		}
		if d.hasBudget() {
			s, c := d.varianceShort(k)
			d.ink(c)
			d.fitText(x, y+6.4, cols[6].w, "R", s, false, 8)
			x += cols[6].w
		}
		d.sparkline(k, x+2, y+3.5, cols[len(cols)-1].w-2, rowH-7)
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
	src := d.f.source(rep)
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

// summaryColumn is a column of page 1's KPI table.
type summaryColumn struct {
	label string
	w     float64
	align string
}

// summaryColumns sizes page 1's KPI table to its figures: each column of
// figures as wide as its widest cell (at least as wide as the usual one),
// the KPI's name taking the rest. When amounts are so long (999 999 999,99
// FCFA) that the name would get less than 34 mm, the columns of figures
// share what is left in proportion, and fitText writes their cells
// smaller.
func (d *doc) summaryColumns() []summaryColumn {
	L := d.t.Labels
	cols := []summaryColumn{
		{L["kpi"], 47, "L"}, {L["value"], 25, "R"}, {L["target"], 21, "R"}, {L["status"], 29, "C"},
		{L["vs_previous"], 19, "R"}, {L["vs_last_year"], 19, "R"}, {L["trend"], 18, "C"},
	}
	figureCols := []int{1, 2, 4, 5}
	if d.hasBudget() { // a column for the budget variance (budget.go), before the trend
		cols = append(cols[:6:6], summaryColumn{d.msg("vs_budget", nil), 14, "R"}, cols[6])
		cols[0].w, cols[1].w, cols[2].w, cols[3].w, cols[4].w, cols[5].w, cols[7].w = 42, 24, 20, 26, 17, 17, 14
		figureCols = append(figureCols, 6)
	}
	widest := func(col int, bold bool, size float64, cell func(k kpi.Result) string) {
		d.font(bold, size)
		for _, k := range d.rep.KPIs {
			cols[col].w = math.Max(cols[col].w, d.pdf.GetStringWidth(d.fonts.sanitize(cell(k)))+4)
		}
	}
	widest(1, true, 12, func(k kpi.Result) string { return d.f.Shown(k) + "  " }) // room for the doubt mark
	widest(2, false, 9, func(k kpi.Result) string { return d.f.Value(k.Target, k.Unit) })
	widest(4, false, 8, func(k kpi.Result) string { return d.f.Change(k.Value, k.Previous, k.Unit) })
	widest(5, false, 8, func(k kpi.Result) string { return d.f.Change(k.Value, k.LastYear, k.Unit) })
	if d.hasBudget() {
		widest(6, false, 8, func(k kpi.Result) string { s, _ := d.varianceShort(k); return s })
	}
	const minName = 34.0
	figures := 0.0
	for _, i := range figureCols {
		figures += cols[i].w
	}
	room := contentW - cols[3].w - cols[len(cols)-1].w - minName
	if figures > room {
		for _, i := range figureCols {
			cols[i].w *= room / figures
		}
	}
	used := 0.0
	for _, c := range cols[1:] {
		used += c.w
	}
	cols[0].w = contentW - used
	return cols
}

// ellipsis cuts s to fit a width in the current font, ending with "…".
func (d *doc) ellipsis(s string, w float64) string {
	r := []rune(strings.TrimSpace(s))
	for len(r) > 0 && d.pdf.GetStringWidth(d.fonts.sanitize(string(r)+"…")) > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// fitText writes s in a box of width w with the font at size, or smaller
// when s would not fit (down to 60 % of it, then cut by the box).
func (d *doc) fitText(x, y, w float64, align, s string, bold bool, size float64) {
	d.font(bold, size)
	if sw := d.pdf.GetStringWidth(d.fonts.sanitize(s)); sw > w-3 {
		d.font(bold, math.Max(size*0.6, size*(w-3)/sw))
	}
	d.text(x, y, w, align, s)
}

// changeColour colours a change by whether it is good news.
func (d *doc) changeColour(k kpi.Result, prev kpi.Value) rgb {
	if !k.Value.Valid || !prev.Valid || d.f.shownAsZero(k.Value.V-prev.V, k.Unit) {
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
		key := "verdict_na"
		if len(na) == 1 {
			key = "verdict_na_one"
		}
		s = strings.TrimSpace(s + " " + templates.Fill(S[key], nv))
	}
	// A value resting on a figure the gate doubts is said in the verdict
	// too: a green "OK" beside it must not be read alone.
	var doubt []string
	for _, k := range d.rep.KPIs {
		if k.Doubtful {
			doubt = append(doubt, k.Name)
		}
	}
	if len(doubt) > 0 {
		key := "verdict_doubt_many"
		if len(doubt) == 1 {
			key = "verdict_doubt_one"
		}
		s = strings.TrimSpace(s + " " + templates.Fill(S[key], map[string]string{"list": d.list(doubt)}))
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

// logo draws the company logo in a white box at the top left.
func (d *doc) logo(x, y, size float64) {
	data, ext := d.logoData, d.logoType
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
