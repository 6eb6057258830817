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
	// pivot: the sheet is a pivot table's ("Row Labels"), which never
	// joins another sheet's table (tables.go).
	pivot bool
	// yearGrid: one row per year and one column per month (grid.go).
	yearGrid bool
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
	_, err := readSheetLayout(t, src, sheet, overrides, date1904, chosen)
	return err
}

// readSheetLayout reads a sheet as readSheet does and returns the layout
// found, with the error if any: the sheet choice compares the layouts of
// the sheets (tables.go), even of one that cannot be read.
func readSheetLayout(t *figures.Table, src rowSource, sheet string, overrides map[string]string, date1904, chosen bool) (*layout, error) {
	it, err := src.rows(sheet)
	if err != nil {
		return nil, fileErr("cannot_read_sheet", err, "sheet", sheet)
	}
	defer it.Close()
	var grid [][]string
	for len(grid) < probeRows && it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return nil, damaged(sheet, err)
		}
		grid = append(grid, cols)
	}
	if err := it.Err(); err != nil {
		return nil, damaged(sheet, err)
	}
	if g := findYearGrid(sheet, grid, overrides); g != nil {
		if grid, err = readRest(it, grid, sheet); err != nil {
			return nil, err
		}
		return g.layout(), g.read(t, grid, src)
	}
	l, rest, err := findLayout(it, grid, sheet, overrides, date1904, chosen)
	if err != nil {
		return nil, err
	}
	l.pivot = pivotLabels(grid)
	if err := l.checkOverrides(); err != nil {
		return l, err
	}
	b := newBuilder(l, src, date1904)
	if err := rest(b.add); err != nil {
		return l, err
	}
	if err := b.finish(t, src); err != nil {
		return l, err
	}
	return l, b.finishBudget(t, src)
}

// rowsFunc feeds the data rows of a table, in order, to a builder.
type rowsFunc func(yield func(r int, cells []string) error) error

// findLayout finds the table in the first rows of a sheet, one month per
// row or one per column, and returns its layout and the function feeding
// its data rows, or errNoTable (an error naming the sheet when it was
// chosen).
func findLayout(it rowIter, grid [][]string, sheet string, overrides map[string]string, date1904, chosen bool) (*layout, rowsFunc, error) {
	rowHdr, rowScore := bestHeader(grid, overrides, date1904)
	colGrid := transpose(grid)
	colHdr, colScore := bestHeader(colGrid, overrides, date1904)
	var l *layout
	switch {
	case colScore > rowScore:
		// One month per column: read the whole (small) sheet and transpose.
		grid, err := readRest(it, grid, sheet)
		if err != nil {
			return nil, nil, err
		}
		l = newLayout(sheet, transpose(grid), colHdr, overrides, date1904, true)
		grid = transpose(grid)
		if l.monthCol >= 0 {
			return l, gridRows(grid, l.header), nil
		}
	case rowScore > 0:
		l = newLayout(sheet, grid, rowHdr, overrides, date1904, false)
		if l.monthCol >= 0 {
			return l, streamRows(it, grid, l.header, sheet), nil
		}
	default:
		if chosen {
			return nil, nil, fileErr("no_header", nil, "sheet", sheet, "rows", fmt.Sprint(probeRows))
		}
		return nil, nil, errNoTable
	}
	if chosen {
		return nil, nil, fileErr("no_month_column", nil, "sheet", sheet)
	}
	return nil, nil, errNoTable
}

// readRest reads the rest of a (small) sheet into the grid.
func readRest(it rowIter, grid [][]string, sheet string) ([][]string, error) {
	for it.Next() {
		if len(grid) >= maxTransposed {
			return nil, fileErr("too_many_rows", nil, "sheet", sheet)
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, damaged(sheet, err)
		}
		grid = append(grid, cols)
	}
	if err := it.Err(); err != nil {
		return nil, damaged(sheet, err)
	}
	return grid, nil
}

// gridRows feeds the rows of a grid held whole below its header.
func gridRows(grid [][]string, header int) rowsFunc {
	return func(yield func(int, []string) error) error {
		for r := header + 1; r < len(grid); r++ {
			if err := yield(r, grid[r]); err != nil {
				return err
			}
		}
		return nil
	}
}

// streamRows feeds the rows of the first rows read below the header, then
// the rest of the sheet as it streams.
func streamRows(it rowIter, grid [][]string, header int, sheet string) rowsFunc {
	return func(yield func(int, []string) error) error {
		if err := gridRows(grid, header)(yield); err != nil {
			return err
		}
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
