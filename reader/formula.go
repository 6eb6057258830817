package reader

import (
	"regexp"

	"github.com/kpireport/kpireport/number"
	"github.com/xuri/excelize/v2"
)

// This file computes the formulas a workbook saved without their values.

// fillFormulas computes the formulas that have no saved value, as files
// written by scripts carry them. Excel and LibreOffice always save values.
func (b *builder) fillFormulas(src rowSource) error {
	if len(b.empties) == 0 || len(b.rows) > maxFormulaRows {
		return nil
	}
	l := b.l
	for _, e := range b.empties {
		row := &b.rows[e[0]]
		c := l.cols[e[1]]
		cell := l.cell(row.row, c)
		f, err := src.formula(l.sheet, cell)
		if err != nil || f == "" {
			continue
		}
		if cyclic(src, l.sheet, cell) {
			return &CellError{Sheet: l.sheet, Cell: cell, Value: "=" + f, Kind: "circular"}
		}
		s, err := src.calc(l.sheet, cell)
		v, ok := number.Parse(s)
		if err != nil || !ok {
			return &CellError{Sheet: l.sheet, Cell: cell, Value: "=" + f, Kind: "formula_not_computed"}
		}
		row.vals[e[1]] = v * l.scales[e[1]]
	}
	return nil
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
