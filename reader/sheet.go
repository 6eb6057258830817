package reader

import (
	"fmt"
	"regexp"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/number"

	"github.com/xuri/excelize/v2"
)

const (
	// probeRows is how many rows are searched for the header.
	probeRows = 60
	// maxTransposed bounds the rows read for a month-per-column table.
	maxTransposed = 5000
	// maxFormulaRows bounds the sheets in which empty cells are checked for
	// formulas without saved values (files written by scripts).
	maxFormulaRows = 20000
)

// layout is where a sheet's table lies. Grid coordinates are 0-based; for
// a month-per-column table the grid is the sheet transposed.
type layout struct {
	sheet      string
	transposed bool
	header     int       // header row
	monthCol   int       // month column
	yearCol    int       // column holding the year, or -1
	metrics    []string  // metric per metric column
	cols       []int     // grid column of each metric
	titleYear  int       // a year found above the header, or 0
	scales     []float64 // factor of each metric column: 1000 for k€
	monthFirst bool      // text dates are m/d/y (American), not d/m/y
	// convention: how the sheet's text numbers write decimals.
	convention number.Convention
	// monthHeaded: the month column is headed as such (Mois, Date), so
	// that its plain numbers may be dates' serial numbers.
	monthHeaded bool
	// scenarioCol holds "Réel" / "Budget" when each month has a line per
	// scenario, or is -1.
	scenarioCol int
	overrides   map[string]string
	headerRow   []string
	notes       []figures.Warning // warnings about the layout
}

func (l *layout) cell(r, c int) string {
	if l.transposed {
		r, c = c, r
	}
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

func (l *layout) ref(r, c int) string { return figures.Ref(l.sheet, l.cell(r, c)) }

// line is what one month's figures lie along: a row, or a column when the
// table has one month per column.
func (l *layout) line() string {
	if l.transposed {
		return "column"
	}
	return "row"
}

var yearRe = regexp.MustCompile(`\b(19[5-9][0-9]|2[01][0-9][0-9])\b`)

// readSheet finds the table in a sheet and reads it into t. It returns
// errNoTable when the sheet holds no recognisable table.
func readSheet(t *figures.Table, src rowSource, sheet string, overrides map[string]string, date1904, chosen bool) error {
	it, err := src.rows(sheet)
	if err != nil {
		return fileErr("cannot_read_sheet", err, "sheet", sheet)
	}
	defer it.Close()
	var grid [][]string
	for len(grid) < probeRows && it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return damaged(sheet, err)
		}
		grid = append(grid, cols)
	}
	if err := it.Err(); err != nil {
		return damaged(sheet, err)
	}
	rowHdr, rowScore := bestHeader(grid, overrides, date1904)
	colGrid := transpose(grid)
	colHdr, colScore := bestHeader(colGrid, overrides, date1904)
	var l *layout
	var rest func(yield func(r int, cells []string) error) error
	switch {
	case colScore > rowScore:
		// One month per column: read the whole (small) sheet and transpose.
		for it.Next() {
			if len(grid) >= maxTransposed {
				return fileErr("too_many_rows", nil, "sheet", sheet)
			}
			cols, err := it.Columns()
			if err != nil {
				return damaged(sheet, err)
			}
			grid = append(grid, cols)
		}
		if err := it.Err(); err != nil {
			return damaged(sheet, err)
		}
		colGrid = transpose(grid)
		l = newLayout(sheet, colGrid, colHdr, overrides, date1904, true)
		grid = colGrid
		rest = func(func(int, []string) error) error { return nil }
	case rowScore > 0:
		l = newLayout(sheet, grid, rowHdr, overrides, date1904, false)
		rest = func(yield func(int, []string) error) error {
			r := len(grid)
			for it.Next() {
				cols, err := it.Columns()
				if err != nil {
					return damaged(sheet, err)
				}
				if err := yield(r, cols); err != nil {
					return err
				}
				r++
			}
			if err := it.Err(); err != nil {
				return damaged(sheet, err)
			}
			return nil
		}
	default:
		if chosen {
			return fileErr("no_header", nil, "sheet", sheet, "rows", fmt.Sprint(probeRows))
		}
		return errNoTable
	}
	if l == nil || l.monthCol < 0 {
		if chosen {
			return fileErr("no_month_column", nil, "sheet", sheet)
		}
		return errNoTable
	}
	if err := l.checkOverrides(); err != nil {
		return err
	}
	b := newBuilder(l, src, date1904)
	for r := l.header + 1; r < len(grid); r++ {
		if err := b.add(r, grid[r]); err != nil {
			return err
		}
	}
	if err := rest(b.add); err != nil {
		return err
	}
	if err := b.finish(t, src); err != nil {
		return err
	}
	return b.finishBudget(t, src)
}

// damaged is the error of a sheet that cannot be read to its end: never
// a report of the part read.
func damaged(sheet string, err error) error {
	return fileErr("sheet_damaged", err, "sheet", sheet)
}

// transpose turns rows into columns.
func transpose(grid [][]string) [][]string {
	width := 0
	for _, row := range grid {
		if len(row) > width {
			width = len(row)
		}
	}
	out := make([][]string, width)
	for c := range out {
		col := make([]string, len(grid))
		for r, row := range grid {
			if c < len(row) {
				col[r] = row[c]
			}
		}
		out[c] = col
	}
	return out
}
