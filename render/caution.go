package render

// The box of page 1 that names the data warnings touching a KPI of the
// period (an implausible figure or value, a later month typed in part):
// the manager sees them before the figures they put in doubt.

import (
	"strconv"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

// cautionShown is how many of the headline warnings page 1 writes out; the
// others are counted, and all are in the appendix.
const cautionShown = 3

// cAmber is the pale fill of the caution box, the watch colour's.
var cAmber = rgb{0xfd, 0xf3, 0xe1}

// caution draws the box at y when the report has headline warnings, and
// returns the y below it (y itself when there is none).
func (d *doc) caution(y float64) float64 {
	rep := d.rep
	if len(rep.Headline) == 0 {
		return y
	}
	const lineH, textW = 3.9, contentW - 12
	var items []string
	for i, w := range rep.Headline {
		if i == cautionShown {
			break
		}
		items = append(items, "– "+d.f.Warning(w))
	}
	if more := len(rep.Warnings) - len(items); more > 0 {
		items = append(items, templates.Fill(d.t.Labels["more_warnings"], map[string]string{"n": strconv.Itoa(more)}))
	}
	d.font(false, 8)
	h := 10.0
	for _, s := range items {
		h += float64(d.lines(textW, s))*lineH + 0.8
	}
	watch := statusColour(kpi.Watch)
	d.fill(cAmber)
	d.pdf.Rect(margin, y, contentW, h, "F")
	d.fill(watch)
	d.pdf.Rect(margin, y, 2.2, h, "F")
	d.doubtMark(margin+8.5, y+5, 3.6)
	d.font(true, 9.5)
	d.ink(watch)
	d.text(margin+12, y+3, textW, "L", d.t.Labels["check_first"])
	d.font(false, 8)
	d.ink(cInk)
	ty := y + 8.5
	for _, s := range items {
		ty = d.para(margin+7, ty, textW+5, lineH, s) + 0.8
	}
	return y + h + 6
}

// doubtMark draws the sign of a value in doubt, centred at (x, y) with size
// s: a white "!" on the watch colour, in a round-cornered square, a shape
// no status uses.
func (d *doc) doubtMark(x, y, s float64) {
	d.fill(statusColour(kpi.Watch))
	d.pdf.RoundedRect(x-s/2, y-s/2, s, s, s/4, "1234", "F")
	d.font(true, s*2.2)
	d.ink(cWhite)
	_, size := d.pdf.GetFontSize()
	d.text(x-s/2, y-size/2, s, "C", "!")
}
