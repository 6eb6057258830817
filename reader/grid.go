package reader

// This file reads a grid of years and months: one row per year (2011 …
// 2020), one column per month name (January … December), holding one
// metric named in the corner above the years, in a title above the grid
// or in the sheet's name. Rows that are not a year (an average, a minimum,
// a total) and columns that are not a month (the year's total, a growth)
// are not data. The grid may also be written the other way round: one row
// per month name, one column per year.

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/number"
)

// yearGrid is where a grid of years and months lies. Its coordinates are
// those of the grid searched: the sheet, or the sheet transposed.
type yearGrid struct {
	sheet      string
	transposed bool
	header     int     // the row of month names
	yearCol    int     // the column of years
	months     [12]int // the column of each month, January first
	metric     string
	title      string // the text naming the metric
	titleCell  string // its cell, "" when the sheet's name names it
	scale      float64
}

// findYearGrid finds a grid of years and months in the first rows of a
// sheet, or in its first columns; nil when there is none.
func findYearGrid(sheet string, grid [][]string, overrides map[string]string) *yearGrid {
	if g := findGridIn(sheet, grid, overrides); g != nil {
		return g
	}
	if g := findGridIn(sheet, transpose(grid), overrides); g != nil {
		g.transposed = true
		return g
	}
	return nil
}

// findGridIn finds a row of the twelve month names with a column of years
// below and to its left, the metric named.
func findGridIn(sheet string, grid [][]string, overrides map[string]string) *yearGrid {
	for r, row := range grid {
		cols, ok := monthNameColumns(row)
		if !ok {
			continue
		}
		yc := yearColumn(grid, r, slices.Min(cols[:]), overrides)
		if yc < 0 {
			continue
		}
		g := &yearGrid{sheet: sheet, header: r, yearCol: yc, months: cols}
		if !g.findMetric(grid, overrides) {
			return nil
		}
		return g
	}
	return nil
}

// monthNameColumns returns the column of each month when a row names the
// twelve months, once each, without a year.
func monthNameColumns(row []string) ([12]int, bool) {
	var cols [12]int
	seen := 0
	for c, s := range row {
		if s == "" || number.LooksNumeric(s) {
			continue
		}
		tm, ok := parseMonthText(s)
		if !ok || tm.year != 0 || tm.month < 1 || tm.month > 12 {
			continue
		}
		bit := 1 << (tm.month - 1)
		if seen&bit != 0 {
			return cols, false
		}
		seen |= bit
		cols[tm.month-1] = c
	}
	return cols, seen == 1<<12-1
}

// yearColumn returns the column left of the months whose cells below the
// header hold years and no metric's name, or -1.
func yearColumn(grid [][]string, header, first int, overrides map[string]string) int {
	best, most := -1, 0
	for c := 0; c < first; c++ {
		years := 0
		for r := header + 1; r < len(grid); r++ {
			s := cellAt(grid[r], c)
			if _, ok := gridYear(s); ok {
				years++
			} else if s != "" && MatchHeader(s, overrides) != "" {
				years = 0 // a table of metrics, one per row
				break
			}
		}
		if years > most {
			best, most = c, years
		}
	}
	return best
}

// gridYear reads a year heading a row of the grid: 2011, "2011", "Année
// 2011".
func gridYear(s string) (int, bool) {
	if y, ok := yearLabel(s); ok {
		return y, true
	}
	if v, ok := number.Parse(s); ok && v == math.Trunc(v) && v >= 1950 && v < 2200 {
		return int(v), true
	}
	return 0, false
}

// findMetric finds the metric the grid holds: named in the corner above
// the years, else in a title above the grid, else in the sheet's name.
func (g *yearGrid) findMetric(grid [][]string, overrides map[string]string) bool {
	name := func(s string, r, c int) bool {
		if s == "" || len(s) > 80 {
			return false
		}
		if m := MatchHeader(s, overrides); m != "" {
			g.metric, g.title = m, strings.TrimSpace(s)
			if r >= 0 {
				g.titleCell = g.cell(r, c)
			}
			return true
		}
		return false
	}
	found := name(cellAt(grid[g.header], g.yearCol), g.header, g.yearCol)
	var titles []string
	for r := 0; r < g.header; r++ {
		for c, s := range grid[r] {
			found = found || name(s, r, c)
			titles = append(titles, s)
		}
	}
	if !found && !name(g.sheet, -1, -1) {
		return false
	}
	s, named := scaleOf(g.title)
	if !named && figures.Known(g.metric) && !figures.IsCount(g.metric) {
		for _, t := range titles {
			if ts := titleScaleOf(t); ts != 1 {
				s = ts
				break
			}
		}
	}
	g.scale = s
	return true
}

// cell returns the sheet's name of the grid's cell (r, c).
func (g *yearGrid) cell(r, c int) string {
	l := layout{transposed: g.transposed}
	return l.cell(r, c)
}

// layout describes the grid to the sheet choice (tables.go).
func (g *yearGrid) layout() *layout {
	return &layout{sheet: g.sheet, transposed: g.transposed, yearGrid: true, header: g.header,
		monthCol: -1, yearCol: g.yearCol, metrics: []string{g.metric}, scenarioCol: -1}
}

// read reads the grid's figures into t: each year row's month cells.
func (g *yearGrid) read(t *figures.Table, grid [][]string, src rowSource) error {
	if g.transposed {
		grid = transpose(grid)
	}
	conv := g.convention(grid)
	figs := map[figures.Month]figures.Figure{}
	yearRows := map[int]int{}
	for r := g.header + 1; r < len(grid); r++ {
		y, ok := gridYear(cellAt(grid[r], g.yearCol))
		if !ok {
			continue // an average, a minimum, a total, a note: not a year
		}
		if first, dup := yearRows[y]; dup {
			return fileErr("duplicate_month", nil, "cell", figures.Ref(g.sheet, g.cell(first, g.yearCol)),
				"other", figures.Ref(g.sheet, g.cell(r, g.yearCol)), "month", figures.MonthOf(y, time.January).String())
		}
		yearRows[y] = r
		if err := g.readYear(t, figs, grid[r], r, y, conv, src); err != nil {
			return err
		}
	}
	return g.fill(t, figs)
}

// readYear reads one year's row of months.
func (g *yearGrid) readYear(t *figures.Table, figs map[figures.Month]figures.Figure, row []string, r, y int, conv number.Convention, src rowSource) error {
	for i, c := range g.months {
		m := figures.MonthOf(y, time.Month(i+1))
		t.Listed[m] = true
		cell := g.cell(r, c)
		s := strings.TrimSpace(cellAt(row, c))
		if s == "" {
			s = computed(src, g.sheet, cell)
		}
		if s == "" || isBlankText(s) || strings.EqualFold(s, "#N/A") {
			continue
		}
		v, ok := number.ParseBy(s, conv)
		if !ok {
			return &CellError{Sheet: g.sheet, Cell: cell, Value: s, Kind: "not_number"}
		}
		figs[m] = figures.Figure{Value: v * g.scale, Source: figures.Cell(g.sheet, cell), Rows: 1}
	}
	return nil
}

// computed returns the value of a cell's formula that has no saved value,
// "" when it has none.
func computed(src rowSource, sheet, cell string) string {
	if f, err := src.formula(sheet, cell); err != nil || f == "" {
		return ""
	}
	v, err := src.calc(sheet, cell)
	if err != nil {
		return ""
	}
	return v
}

// convention returns how the grid's text numbers write decimals.
func (g *yearGrid) convention(grid [][]string) number.Convention {
	var cells []string
	for r := g.header + 1; r < len(grid); r++ {
		for _, c := range g.months {
			cells = append(cells, cellAt(grid[r], c))
		}
	}
	return number.ConventionOf(cells)
}

// fill sets t's sheet, column and figures.
func (g *yearGrid) fill(t *figures.Table, figs map[figures.Month]figures.Figure) error {
	t.Sheet, t.Sheets = g.sheet, []string{g.sheet}
	col := figures.Column{Header: g.title, Metric: g.metric, Scale: g.scale}
	if g.titleCell != "" {
		col.Source = figures.Cell(g.sheet, g.titleCell)
	}
	t.Columns = append(t.Columns, col)
	t.Data[figures.Actual][g.metric] = figs
	t.Months = slices.Sorted(maps.Keys(figs))
	if len(figs) == 0 {
		return &FileError{Kind: "no_figures_yet", Args: map[string]string{"sheet": g.sheet}, empty: true}
	}
	return nil
}
