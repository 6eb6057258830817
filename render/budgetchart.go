package render

// A KPI's chart against the budget: with target: budget the target and
// the threshold follow the budget month by month, and the breach zone
// follows the threshold; beside a fixed target, the budget is a line of
// its own.

import (
	"math"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// colBudget is the budget line beside a fixed target.
var colBudget = drawing.Color{R: 0x8a, G: 0x63, B: 0xd2, A: 255}

// budgetSeries are the zone, threshold and target of a chart whose target
// follows the budget.
func (lc LineChart) budgetSeries() []chart.Series {
	out := []chart.Series{monthlyZone{thresholds: lc.Thresholds, higher: lc.Higher}}
	out = append(out, lc.monthly(lc.Thresholds, colBreach, []float64{4, 4})...)
	return append(out, lc.monthly(lc.Targets, colTarget, []float64{10, 5})...)
}

// monthly draws a value per month as steps, each month's value held across
// its width (a target holds for the month), with gaps where it is NaN.
func (lc LineChart) monthly(vs []float64, c drawing.Color, dash []float64) []chart.Series {
	var out []chart.Series
	for i := 0; i < len(vs); {
		if math.IsNaN(vs[i]) {
			i++
			continue
		}
		var xs, ys []float64
		for ; i < len(vs) && !math.IsNaN(vs[i]); i++ {
			xs = append(xs, float64(i)-0.5, float64(i)+0.5)
			ys = append(ys, vs[i], vs[i])
		}
		out = append(out, chart.ContinuousSeries{
			YAxis: chart.YAxisSecondary, XValues: xs, YValues: ys,
			Style: chart.Style{StrokeColor: c, StrokeWidth: 2, StrokeDashArray: dash},
		})
	}
	return out
}

// monthlyZone shades the breach zone beyond each month's threshold.
type monthlyZone struct {
	thresholds []float64
	higher     bool
}

func (z monthlyZone) GetName() string           { return "zone" }
func (z monthlyZone) GetYAxis() chart.YAxisType { return chart.YAxisSecondary }
func (z monthlyZone) GetStyle() chart.Style     { return chart.Style{} }
func (z monthlyZone) Validate() error           { return nil }
func (z monthlyZone) Render(r chart.Renderer, box chart.Box, xr, yr chart.Range, _ chart.Style) {
	for i, th := range z.thresholds {
		if math.IsNaN(th) {
			continue
		}
		if top, bottom, ok := zoneBand(box, yr, th, z.higher); ok {
			fillBand(r, box.Left+xr.Translate(float64(i)-0.5), box.Left+xr.Translate(float64(i)+0.5), top, bottom)
		}
	}
}
