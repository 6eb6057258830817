package render

// The action plan: every breach and its actions as a checklist.

import (
	"fmt"
	"math"
	"strconv"

	"github.com/kpireport/kpireport/kpi"
)

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
		line := fmt.Sprintf("%s %s · %s %s · %s %s", L["value"], d.f.Shown(k),
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
