package render

import (
	"io"
	"math"

	"codeberg.org/go-pdf/fpdf"
	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// vectorRenderer implements go-chart's Renderer by drawing into a box of an
// fpdf page as vector paths and real text, so charts stay sharp in print,
// searchable, and small. go-chart works in integer pixels with y down; the
// box maps 1 px to k mm from its top-left corner (ox, oy).
type vectorRenderer struct {
	pdf    *fpdf.Fpdf
	fonts  *fontSet
	ox, oy float64 // box origin, mm
	k      float64 // mm per px
	dpi    float64

	path        []pathOp
	strokeColor drawing.Color
	fillColor   drawing.Color
	strokeWidth float64
	dash        []float64
	font        *truetype.Font
	fontSize    float64
	fontColor   drawing.Color
	rotation    float64 // radians
}

type pathOp struct {
	kind byte // 'M' move, 'L' line, 'C' cubic, 'Z' close
	pts  [3][2]float64
}

// vectorProvider returns a go-chart RendererProvider drawing into the box
// at (x, y) mm of width w mm on the current page.
func vectorProvider(pdf *fpdf.Fpdf, fonts *fontSet, x, y, w float64) chart.RendererProvider {
	return func(width, height int) (chart.Renderer, error) {
		return &vectorRenderer{pdf: pdf, fonts: fonts, ox: x, oy: y, k: w / float64(width), dpi: chart.DefaultDPI}, nil
	}
}

func (r *vectorRenderer) mm(x, y float64) (float64, float64) { return r.ox + x*r.k, r.oy + y*r.k }

func (r *vectorRenderer) ResetStyle() {
	r.strokeColor, r.fillColor, r.fontColor = drawing.Color{}, drawing.Color{}, drawing.Color{}
	r.strokeWidth, r.dash, r.rotation = 0, nil, 0
}
func (r *vectorRenderer) GetDPI() float64                   { return r.dpi }
func (r *vectorRenderer) SetDPI(dpi float64)                { r.dpi = dpi }
func (r *vectorRenderer) SetClassName(string)               {}
func (r *vectorRenderer) SetStrokeColor(c drawing.Color)    { r.strokeColor = c }
func (r *vectorRenderer) SetFillColor(c drawing.Color)      { r.fillColor = c }
func (r *vectorRenderer) SetStrokeWidth(w float64)          { r.strokeWidth = w }
func (r *vectorRenderer) SetStrokeDashArray(dash []float64) { r.dash = dash }
func (r *vectorRenderer) SetFont(f *truetype.Font)          { r.font = f }
func (r *vectorRenderer) SetFontColor(c drawing.Color)      { r.fontColor = c }
func (r *vectorRenderer) SetFontSize(size float64)          { r.fontSize = size }
func (r *vectorRenderer) SetTextRotation(radians float64)   { r.rotation = radians }
func (r *vectorRenderer) ClearTextRotation()                { r.rotation = 0 }
func (r *vectorRenderer) Save(io.Writer) error              { return r.pdf.Error() }
func (r *vectorRenderer) MoveTo(x, y int)                   { r.add('M', float64(x), float64(y)) }
func (r *vectorRenderer) LineTo(x, y int)                   { r.add('L', float64(x), float64(y)) }
func (r *vectorRenderer) Close()                            { r.path = append(r.path, pathOp{kind: 'Z'}) }
func (r *vectorRenderer) Stroke()                           { r.flush(true, false) }
func (r *vectorRenderer) Fill()                             { r.flush(false, true) }
func (r *vectorRenderer) FillStroke()                       { r.flush(true, true) }
func (r *vectorRenderer) add(kind byte, x, y float64) {
	r.path = append(r.path, pathOp{kind: kind, pts: [3][2]float64{{x, y}}})
}

// current returns the path's current point.
func (r *vectorRenderer) current() (float64, float64, bool) {
	for i := len(r.path) - 1; i >= 0; i-- {
		op := r.path[i]
		switch op.kind {
		case 'M', 'L':
			return op.pts[0][0], op.pts[0][1], true
		case 'C':
			return op.pts[2][0], op.pts[2][1], true
		}
	}
	return 0, 0, false
}

// QuadCurveTo draws a quadratic curve as the equivalent cubic one.
func (r *vectorRenderer) QuadCurveTo(cx, cy, x, y int) {
	x0, y0, _ := r.current()
	qx, qy := float64(cx), float64(cy)
	ex, ey := float64(x), float64(y)
	r.path = append(r.path, pathOp{kind: 'C', pts: [3][2]float64{
		{x0 + 2.0/3*(qx-x0), y0 + 2.0/3*(qy-y0)},
		{ex + 2.0/3*(qx-ex), ey + 2.0/3*(qy-ey)},
		{ex, ey},
	}})
}

// ArcTo follows go-chart's drawing.Path.ArcTo: an elliptic arc around
// (cx, cy) from startAngle sweeping delta radians (clockwise on screen),
// joined to the current point by a line. Arcs become cubic Béziers of at
// most 90° each.
func (r *vectorRenderer) ArcTo(cx, cy int, rx, ry, startAngle, delta float64) {
	x0 := float64(cx) + rx*math.Cos(startAngle)
	y0 := float64(cy) + ry*math.Sin(startAngle)
	if _, _, ok := r.current(); ok {
		r.add('L', x0, y0)
	} else {
		r.add('M', x0, y0)
	}
	segments := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if segments == 0 {
		return
	}
	step := delta / float64(segments)
	kappa := 4.0 / 3 * math.Tan(step/4)
	a := startAngle
	for i := 0; i < segments; i++ {
		b := a + step
		cosA, sinA, cosB, sinB := math.Cos(a), math.Sin(a), math.Cos(b), math.Sin(b)
		r.path = append(r.path, pathOp{kind: 'C', pts: [3][2]float64{
			{float64(cx) + rx*(cosA-kappa*sinA), float64(cy) + ry*(sinA+kappa*cosA)},
			{float64(cx) + rx*(cosB+kappa*sinB), float64(cy) + ry*(sinB-kappa*cosB)},
			{float64(cx) + rx*cosB, float64(cy) + ry*sinB},
		}})
		a = b
	}
}

// Circle adds a full circle to the path.
func (r *vectorRenderer) Circle(radius float64, x, y int) {
	r.path = append(r.path, pathOp{kind: 'M', pts: [3][2]float64{{float64(x) + radius, float64(y)}}})
	r.ArcTo(x, y, radius, radius, 0, 2*math.Pi)
	r.Close()
}

// flush draws the buffered path. Colours and widths are set before the
// path, as PDF requires; an invisible style draws nothing.
func (r *vectorRenderer) flush(stroke, fill bool) {
	path := r.path
	r.path = r.path[:0]
	stroke = stroke && r.strokeColor.A > 0 && r.strokeWidth > 0
	fill = fill && r.fillColor.A > 0
	if len(path) == 0 || !stroke && !fill {
		return
	}
	pdf := r.pdf
	alpha := 1.0
	if stroke {
		c := r.strokeColor
		pdf.SetDrawColor(int(c.R), int(c.G), int(c.B))
		pdf.SetLineWidth(r.strokeWidth * r.k)
		if len(r.dash) > 0 {
			d := make([]float64, len(r.dash))
			for i, v := range r.dash {
				d[i] = v * r.k
			}
			pdf.SetDashPattern(d, 0)
		}
		alpha = float64(c.A) / 255
	}
	if fill {
		c := r.fillColor
		pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
		if !stroke {
			alpha = float64(c.A) / 255
		}
	}
	if alpha < 1 {
		pdf.SetAlpha(alpha, "Normal")
	}
	for _, op := range path {
		switch op.kind {
		case 'M':
			pdf.MoveTo(r.mm(op.pts[0][0], op.pts[0][1]))
		case 'L':
			pdf.LineTo(r.mm(op.pts[0][0], op.pts[0][1]))
		case 'C':
			x1, y1 := r.mm(op.pts[0][0], op.pts[0][1])
			x2, y2 := r.mm(op.pts[1][0], op.pts[1][1])
			x3, y3 := r.mm(op.pts[2][0], op.pts[2][1])
			pdf.CurveBezierCubicTo(x1, y1, x2, y2, x3, y3)
		case 'Z':
			pdf.ClosePath()
		}
	}
	style := "D"
	switch {
	case stroke && fill:
		style = "FD"
	case fill:
		style = "F"
	}
	pdf.DrawPath(style)
	if alpha < 1 {
		pdf.SetAlpha(1, "Normal")
	}
	if stroke && len(r.dash) > 0 {
		pdf.SetDashPattern(nil, 0)
	}
}

// ptSize is the PDF font size in points of go-chart's font size.
func (r *vectorRenderer) ptSize() float64 { return r.fontSize * r.dpi / 72 * r.k * 72 / 25.4 }

func (r *vectorRenderer) useFont() {
	r.pdf.SetFont(r.fonts.family(r.font), "", r.ptSize())
}

// Text draws text with its baseline at (x, y), rotated if asked.
func (r *vectorRenderer) Text(body string, x, y int) {
	r.useFont()
	c := r.fontColor
	r.pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
	px, py := r.mm(float64(x), float64(y))
	body = r.fonts.sanitize(body)
	if r.rotation != 0 {
		r.pdf.TransformBegin()
		r.pdf.TransformRotate(-r.rotation*180/math.Pi, px, py)
		r.pdf.Text(px, py, body)
		r.pdf.TransformEnd()
		return
	}
	r.pdf.Text(px, py, body)
}

// MeasureText measures with the PDF's own font metrics, so that go-chart
// lays out exactly what is drawn.
func (r *vectorRenderer) MeasureText(body string) chart.Box {
	r.useFont()
	w := r.pdf.GetStringWidth(r.fonts.sanitize(body)) / r.k
	h := r.fontSize * r.dpi / 72
	box := chart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Ceil(h))}
	if r.rotation != 0 {
		return box.Corners().Rotate(r.rotation * 180 / math.Pi).Box()
	}
	return box
}
