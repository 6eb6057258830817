package render

import (
	"io"
	"math"

	"codeberg.org/go-pdf/fpdf"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// LineChart is a KPI's monthly series against its target, with the zone
// beyond the alert threshold shaded. It is the project's own chart type:
// go-chart draws it, but nothing outside this file knows go-chart.
type LineChart struct {
	// Labels name each month of the x axis; Values hold its value, NaN for a
	// month without one (drawn as a gap).
	Labels []string
	Values []float64
	// Current is the index of the report's month, marked on the line.
	Current int
	// Target and Threshold are drawn as lines; Higher says which side of
	// the threshold is the breach zone.
	Target, Threshold float64
	Higher            bool
	// Targets and Thresholds, when set, are each month's (target: budget:
	// the line follows the budget), NaN where there is none; Budget, when
	// set, is the budget drawn beside a fixed target (budgetchart.go).
	Targets, Thresholds, Budget []float64
	// Format writes a y-axis tick label with the decimals the ticks need
	// (17,5 for a 2,5 step, never 18).
	Format func(v float64, decimals int) string
}

// chart colours.
var (
	colGrid    = drawing.Color{R: 0xdd, G: 0xe1, B: 0xe7, A: 255}
	colAxis    = drawing.Color{R: 0x6b, G: 0x72, B: 0x80, A: 255}
	colSeries  = drawing.Color{R: 0x1d, G: 0x4e, B: 0x89, A: 255}
	colTarget  = drawing.Color{R: 0x1a, G: 0x7f, B: 0x4b, A: 255}
	colBreach  = drawing.Color{R: 0xc0, G: 0x39, B: 0x2b, A: 255}
	colZone    = drawing.Color{R: 0xc0, G: 0x39, B: 0x2b, A: 28}
	colCurrent = drawing.Color{R: 0xe6, G: 0x7e, B: 0x22, A: 255}
)

// chartDPI makes one chart pixel 1/150 inch: go-chart's integer pixels
// are then 0.17 mm, invisible, and its font points are PDF points.
const chartDPI = 150

// Draw draws the chart into the box at (x, y) of w × h mm.
func (lc LineChart) Draw(pdf *fpdf.Fpdf, fonts *fontSet, x, y, w, h float64) error {
	n := len(lc.Values)
	if n == 0 {
		return nil
	}
	lo, hi := math.Min(lc.Target, lc.Threshold), math.Max(lc.Target, lc.Threshold)
	if lc.Targets != nil {
		lo, hi = math.Inf(1), math.Inf(-1)
	}
	for _, vs := range [][]float64{lc.Values, lc.Targets, lc.Thresholds, lc.Budget} {
		for _, v := range vs {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	ticks, ymin, ymax := niceTicks(lo, hi, 5)
	dec := tickDecimals(ticks)
	yTicks := make([]chart.Tick, len(ticks))
	for i, t := range ticks {
		yTicks[i] = chart.Tick{Value: t, Label: fonts.sanitize(lc.Format(t, dec))}
	}
	every := 1
	if n > 13 {
		every = 2
	}
	if n > 26 {
		every = 3
	}
	var xTicks []chart.Tick
	for i := n - 1; i >= 0; i -= every { // always label the report's month
		xTicks = append([]chart.Tick{{Value: float64(i), Label: lc.Labels[i]}}, xTicks...)
	}
	// go-chart sets an axis' range from its ticks: blank ticks half a month
	// beyond each end keep the first and last points inside the plot.
	xTicks = append([]chart.Tick{{Value: -0.5}}, append(xTicks, chart.Tick{Value: float64(n) - 0.5})...)
	xr := &chart.ContinuousRange{Min: -0.5, Max: float64(n) - 0.5}
	yr := &chart.ContinuousRange{Min: ymin, Max: ymax}
	text := chart.Style{FontSize: 7, FontColor: colAxis, Font: fonts.regular}
	series := []chart.Series{zoneSeries{threshold: lc.Threshold, higher: lc.Higher}}
	flat := func(v float64, c drawing.Color, dash []float64) chart.Series {
		return chart.ContinuousSeries{
			YAxis:   chart.YAxisSecondary,
			XValues: []float64{-0.5, float64(n) - 0.5}, YValues: []float64{v, v},
			Style: chart.Style{StrokeColor: c, StrokeWidth: 2, StrokeDashArray: dash},
		}
	}
	if lc.Targets != nil {
		series = append(lc.budgetSeries(), lc.monthly(lc.Budget, colBudget, []float64{3, 3})...)
	} else {
		series = append(series,
			flat(lc.Threshold, colBreach, []float64{4, 4}),
			flat(lc.Target, colTarget, []float64{10, 5}),
		)
		series = append(series, lc.monthly(lc.Budget, colBudget, []float64{3, 3})...)
	}
	// One line per run of months with values: a missing month is a gap.
	for i := 0; i < n; {
		if math.IsNaN(lc.Values[i]) {
			i++
			continue
		}
		var xs, ys []float64
		for ; i < n && !math.IsNaN(lc.Values[i]); i++ {
			xs, ys = append(xs, float64(i)), append(ys, lc.Values[i])
		}
		series = append(series, chart.ContinuousSeries{
			YAxis: chart.YAxisSecondary, XValues: xs, YValues: ys,
			Style: chart.Style{StrokeColor: colSeries, StrokeWidth: 3.5, DotColor: colSeries, DotWidth: 3.5},
		})
	}
	if c := lc.Current; c >= 0 && c < n && !math.IsNaN(lc.Values[c]) {
		series = append(series, chart.ContinuousSeries{
			YAxis: chart.YAxisSecondary, XValues: []float64{float64(c)}, YValues: []float64{lc.Values[c]},
			Style: chart.Style{StrokeWidth: 0, DotColor: colCurrent, DotWidth: 8, StrokeColor: colCurrent},
		})
	}
	wpx := int(math.Round(w / 25.4 * chartDPI))
	hpx := int(math.Round(h / 25.4 * chartDPI))
	c := chart.Chart{
		Width: wpx, Height: hpx, DPI: chartDPI, Font: fonts.regular,
		Background: chart.Style{Padding: chart.Box{Top: 12, Left: 4, Right: 16, Bottom: 4}},
		XAxis: chart.XAxis{
			Range: xr, Ticks: xTicks, Style: text,
			TickStyle: chart.Style{StrokeColor: colGrid, StrokeWidth: 1},
		},
		// go-chart (v2.1.2) reads the secondary axis' range from the primary
		// axis' ticks, so both get them; the primary axis stays hidden.
		YAxis: chart.YAxis{Range: &chart.ContinuousRange{Min: ymin, Max: ymax}, Ticks: yTicks, Style: chart.Hidden(),
			GridMajorStyle: chart.Hidden(), GridMinorStyle: chart.Hidden()},
		YAxisSecondary: chart.YAxis{
			Range: yr, Ticks: yTicks, Style: text,
			GridMajorStyle: chart.Style{StrokeColor: colGrid, StrokeWidth: 1},
			GridMinorStyle: chart.Hidden(),
		},
		Series: series,
	}
	return c.Render(vectorProvider(pdf, fonts, x, y, w), io.Discard)
}

// zoneSeries shades the breach zone: below the threshold when higher is
// better, above it when lower is better. It is drawn first, under the lines.
type zoneSeries struct {
	threshold float64
	higher    bool
}

func (z zoneSeries) GetName() string           { return "zone" }
func (z zoneSeries) GetYAxis() chart.YAxisType { return chart.YAxisSecondary }
func (z zoneSeries) GetStyle() chart.Style     { return chart.Style{} }
func (z zoneSeries) Validate() error           { return nil }
func (z zoneSeries) Render(r chart.Renderer, box chart.Box, _, yr chart.Range, _ chart.Style) {
	if top, bottom, ok := zoneBand(box, yr, z.threshold, z.higher); ok {
		fillBand(r, box.Left, box.Right, top, bottom)
	}
}

// zoneBand is the top and bottom of the breach zone beyond a threshold:
// below it when higher is better, above it when lower is; false when the
// threshold is off the chart on the zone's side.
func zoneBand(box chart.Box, yr chart.Range, threshold float64, higher bool) (top, bottom int, ok bool) {
	y := box.Bottom - yr.Translate(threshold)
	top, bottom = y, box.Bottom
	if !higher {
		top, bottom = box.Top, y
	}
	return top, bottom, bottom > top
}

// fillBand fills a rectangle in the breach zone's colour.
func fillBand(r chart.Renderer, left, right, top, bottom int) {
	r.SetFillColor(colZone)
	r.SetStrokeColor(drawing.Color{})
	r.SetStrokeWidth(0)
	r.MoveTo(left, top)
	r.LineTo(right, top)
	r.LineTo(right, bottom)
	r.LineTo(left, bottom)
	r.Close()
	r.Fill()
}

// tickDecimals is the fewest decimals that write every tick exactly (at
// most 3).
func tickDecimals(ticks []float64) int { return exactDecimals(3, ticks...) }

// exactDecimals is the fewest decimals, up to most, that write every x
// exactly.
func exactDecimals(most int, xs ...float64) int {
	for d := 0; d < most; d++ {
		p := math.Pow(10, float64(d))
		exact := true
		for _, x := range xs {
			if math.Abs(x*p-math.Round(x*p)) > 1e-6 {
				exact = false
				break
			}
		}
		if exact {
			return d
		}
	}
	return most
}

// niceTicks returns about n round tick values covering lo..hi, and the
// axis range they span.
func niceTicks(lo, hi float64, n int) ([]float64, float64, float64) {
	if hi-lo < 1e-9 {
		pad := math.Max(math.Abs(hi)*0.1, 1)
		lo, hi = lo-pad, hi+pad
	}
	span := hi - lo
	lo -= span * 0.08
	hi += span * 0.08
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	var ticks []float64
	for v := start; v <= end+step/2; v += step {
		t := math.Round(v/step) * step
		if math.Abs(t) < step/1e6 {
			t = 0
		}
		ticks = append(ticks, t)
	}
	return ticks, start, end
}
