package reader

import (
	"regexp"
	"strings"

	"github.com/kpireport/kpireport/number"
	"github.com/xuri/excelize/v2"
)

// This file computes the formulas a workbook saved without their values.

// fillFormulas computes the formulas that have no saved value, as files
// written by scripts carry them, or whose saved value the workbook marks
// as stale (xlsxwriter's fullCalcOnLoad). Excel and LibreOffice always
// save values. A cell that cannot be computed is noted in b.errs.
func (b *builder) fillFormulas(src rowSource) {
	if len(b.empties) == 0 || len(b.rows) > maxFormulaRows {
		return
	}
	l := b.l
	for _, e := range b.empties {
		if b.blank[e] {
			continue
		}
		row := &b.rows[e[0]]
		cell := l.cell(row.row, l.cols[e[1]])
		f, err := src.formula(l.sheet, cell)
		if err != nil || f == "" {
			continue
		}
		v, ok, cerr := computeCell(src, l.sheet, cell, f)
		if cerr != nil {
			b.errs = append(b.errs, cerr)
		} else if ok {
			row.vals[e[1]] = v * l.scales[e[1]]
		}
	}
}

// computeCell computes a formula: its number, false when it gives no
// figure (=IF(B2="";"";...)), or the cell's error.
func computeCell(src rowSource, sheet, cell, f string) (float64, bool, *CellError) {
	if cyclic(src, sheet, cell) {
		return 0, false, &CellError{Sheet: sheet, Cell: cell, Value: "=" + f, Kind: CellCircular}
	}
	s, err := src.calc(sheet, cell)
	if err == nil && s == "" {
		return 0, false, nil
	}
	if v, ok := number.Parse(s); err == nil && ok {
		return v, true, nil
	}
	if strings.HasPrefix(s, "#") {
		return 0, false, &CellError{Sheet: sheet, Cell: cell, Value: s, Kind: CellExcelError}
	}
	return 0, false, &CellError{Sheet: sheet, Cell: cell, Value: "=" + f, Kind: CellFormulaNotComputed}
}

var cellRefRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9_!.'])\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?`)

// cyclic reports whether a formula without a saved value depends on itself
// through other such formulas of the same sheet. excelize would iterate a
// circular reference into a made-up number; we refuse it instead.
func cyclic(src rowSource, sheet, start string) bool {
	const maxCells = 10000
	state := map[string]int{} // 1 visiting, 2 done
	visited := 0
	var visit func(cell string) bool
	visit = func(cell string) bool {
		switch state[cell] {
		case 1:
			return true
		case 2:
			return false
		}
		visited++
		if visited > maxCells {
			return false
		}
		f, err := src.formula(sheet, cell)
		if err != nil || f == "" {
			state[cell] = 2
			return false
		}
		state[cell] = 1
		for _, m := range cellRefRe.FindAllStringSubmatch(f, -1) {
			for _, ref := range expandRange(m[1], m[2], m[3], m[4], maxCells) {
				if visit(ref) {
					return true
				}
			}
		}
		state[cell] = 2
		return false
	}
	return visit(start)
}

// expandRange lists the cells of A1 or A1:C5, at most limit of them.
func expandRange(c1, r1, c2, r2 string, limit int) []string {
	if c2 == "" {
		return []string{c1 + r1}
	}
	x1, y1, err1 := excelize.CellNameToCoordinates(c1 + r1)
	x2, y2, err2 := excelize.CellNameToCoordinates(c2 + r2)
	if err1 != nil || err2 != nil {
		return nil
	}
	if x1 > x2 {
		x1, x2 = x2, x1
	}
	if y1 > y2 {
		y1, y2 = y2, y1
	}
	var out []string
	for y := y1; y <= y2; y++ {
		for x := x1; x <= x2; x++ {
			if len(out) >= limit {
				return out
			}
			name, _ := excelize.CoordinatesToCellName(x, y)
			out = append(out, name)
		}
	}
	return out
}
