package render

// A half page per KPI: key figures, chart, commentary, actions.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

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
		{L["value"], d.f.Shown(k)},
		{L["target"], d.f.Value(k.Target, k.Unit)},
		{L["threshold"], d.f.Value(k.Threshold, k.Unit)},
		{L["vs_previous"], d.f.Change(k.Value, k.Previous, k.Unit)},
		{L["vs_last_year"], d.f.Change(k.Value, k.LastYear, k.Unit)},
	}
	if k.YTD.Valid {
		figs = append(figs, fig{d.ytdLabel(), d.f.Value(k.YTD.V, k.Unit)})
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
	lc.Format = d.axisFormat(k.Unit)
	d.chartBudget(k, &lc)
	if !slices.ContainsFunc(k.Series, func(p kpi.Point) bool { return p.Value.Valid }) {
		// No month can be computed: an empty chart would say nothing; the
		// reason, in a box of the chart's place, says why.
		h := 16.0
		d.fill(cPale)
		pdf.Rect(margin, y, contentW, h, "F")
		d.font(false, 9)
		d.ink(cMuted)
		d.para(margin+4, y+4, contentW-8, 4.4, templates.Fill(d.t.Sentences["no_chart"], map[string]string{"reason": k.Value.Reason}))
		y += h + 4
	} else {
		chartH := 58.0
		if err := lc.Draw(pdf, d.fonts, margin, y, contentW, chartH); err != nil {
			pdf.SetError(fmt.Errorf("chart of %s: %w", k.ID, err))
			return
		}
		y += chartH + 1
		d.legend(y, lc)
		y += 6
	}
	// The commentary.
	d.font(false, 9.5)
	d.ink(cInk)
	y = d.para(margin, y, contentW, 4.6, strings.TrimSpace(d.commentary(k)+" "+d.budgetSentence(k)))
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
func (d *doc) legend(y float64, lc LineChart) {
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
	target := L["target"]
	if lc.Targets != nil {
		target = d.msg("target_budget", nil)
	}
	item(target, func(x, y float64) {
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
	if lc.Budget != nil {
		item(d.msg("legend_budget", nil), func(x, y float64) {
			pdf.SetDrawColor(int(colBudget.R), int(colBudget.G), int(colBudget.B))
			pdf.SetLineWidth(0.35)
			pdf.SetDashPattern([]float64{0.6, 0.6}, 0)
			pdf.Line(x, y, x+6, y)
			pdf.SetDashPattern(nil, 0)
		})
	}
	item(L["current"], func(x, y float64) {
		d.fill(cOrange)
		pdf.Circle(x+3, y, 1.2, "F")
	})
}

// axisFormat returns the y-axis label format of a unit.
func (d *doc) axisFormat(unit string) func(v float64, dec int) string {
	return func(v float64, dec int) string {
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
		"name": k.Name, "month": month, "value": d.f.Shown(k),
		"target": d.f.Value(k.Target, k.Unit), "threshold": d.f.Value(k.Threshold, k.Unit),
	}
	s := templates.Fill(S["value"], vars)
	if k.Previous.Valid {
		// The change on a month, then on a year; "et de" when the year goes
		// the same way as the month, its direction said when it does not.
		way := func(delta float64) string {
			switch {
			case d.f.shownAsZero(delta, k.Unit):
				return "flat"
			case delta > 0:
				return "up"
			}
			return "down"
		}
		delta := k.Value.V - k.Previous.V
		month := way(delta)
		vars["delta"] = strings.TrimPrefix(d.f.Delta(math.Abs(delta), k.Unit), "+")
		s += templates.Fill(S["change_"+month], vars)
		if k.LastYear.Valid {
			dy := k.Value.V - k.LastYear.V
			year := way(dy)
			vars["delta"] = strings.TrimPrefix(d.f.Delta(math.Abs(dy), k.Unit), "+")
			key := "year_" + year
			if year == month {
				key = "year_also_" + year
			}
			s += templates.Fill(S[key], vars)
		}
	}
	s += templates.Fill(S["status_"+string(k.Status)], vars)
	return s
}
