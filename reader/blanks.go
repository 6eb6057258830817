package reader

// This file finds the formulas over blank cells: a month prefilled with
// =B14-C14 before its figures are typed shows 0 (or nothing, once
// computed), and such a month is not data.

import (
	"math"
	"regexp"
	"strings"
)

// refRe matches a cell or range reference in a formula, with its sheet or
// not: B5, $B$5, B5:C7, Saisie!B5, 'Données 2025'!B5:B7.
var refRe = regexp.MustCompile(`(?:(?:'((?:[^']|'')+)'|([\p{L}0-9_.]+))!)?\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?`)

// stringRe matches a string literal in a formula.
var stringRe = regexp.MustCompile(`"(?:[^"]|"")*"`)

// maxBlankCells bounds the cells looked at to tell a sheet's formulas over
// blank cells.
const maxBlankCells = 20000

// formulaRefs lists the cells a formula reads, each as sheet and cell, at
// most limit of them; sheet is the formula's own sheet.
func formulaRefs(sheet, f string, limit int) [][2]string {
	f = stringRe.ReplaceAllStringFunc(f, func(s string) string { return strings.Repeat(" ", len(s)) })
	var out [][2]string
	for _, m := range refRe.FindAllStringSubmatchIndex(f, -1) {
		if m[0] > 0 && isRefChar(f[m[0]-1]) || m[1] < len(f) && (isRefChar(f[m[1]]) || f[m[1]] == '(') {
			continue // part of a name or a function: LOG10(, A1B
		}
		sh := sheet
		switch {
		case m[2] >= 0:
			sh = strings.ReplaceAll(f[m[2]:m[3]], "''", "'")
		case m[4] >= 0:
			sh = f[m[4]:m[5]]
		}
		c2, r2 := "", ""
		if m[10] >= 0 {
			c2, r2 = f[m[10]:m[11]], f[m[12]:m[13]]
		}
		for _, c := range expandRange(f[m[6]:m[7]], f[m[8]:m[9]], c2, r2, limit-len(out)) {
			out = append(out, [2]string{sh, c})
		}
		if len(out) >= limit {
			break
		}
	}
	return out
}

func isRefChar(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '$'
}

// blankInputs reports whether a cell holds a formula all of whose inputs
// are blank cells, through the formulas they hold: =B14-C14 with B14 and
// C14 empty. A formula reading no cell (=100, a named range) is not over
// blank cells. budget bounds the cells looked at.
func blankInputs(src rowSource, sheet, cell string, budget *int) bool {
	const visiting = 2 // a cycle, which fillFormulas names: not blank
	state := map[[2]string]int{}
	var blank func(ref [2]string, top bool) bool
	blank = func(ref [2]string, top bool) bool {
		if st, ok := state[ref]; ok {
			return st == 1
		}
		state[ref] = visiting
		*budget--
		b := *budget >= 0 && blankCell(src, ref, top, *budget, blank)
		state[ref] = 0
		if b {
			state[ref] = 1
		}
		return b
	}
	return blank([2]string{sheet, cell}, true)
}

// blankCell reports whether a cell is blank, or a formula over cells that
// blank says are; top: the cell must hold a formula.
func blankCell(src rowSource, ref [2]string, top bool, budget int, blank func([2]string, bool) bool) bool {
	f, err := src.anyFormula(ref[0], ref[1])
	if err != nil {
		return false
	}
	if f == "" {
		if top {
			return false
		}
		v, err := src.value(ref[0], ref[1])
		return err == nil && strings.TrimSpace(v) == ""
	}
	refs := formulaRefs(ref[0], f, budget)
	if len(refs) == 0 {
		return false
	}
	for _, r := range refs {
		if !blank(r, false) {
			return false
		}
	}
	return true
}

// dropBlankFormulas leaves out the figures of the rows whose figures all
// come from formulas, when a formula reads blank cells only: a month
// prefilled with formulas before its figures are typed is not data.
func (b *builder) dropBlankFormulas() {
	if len(b.rows) > maxFormulaRows {
		return
	}
	budget := maxBlankCells
	for ri := range b.rows {
		row := &b.rows[ri]
		for _, i := range row.formulas {
			if budget <= 0 {
				return
			}
			if blankInputs(b.src, b.l.sheet, b.l.cell(row.row, b.l.cols[i]), &budget) {
				row.vals[i] = math.NaN()
				if b.blank == nil {
					b.blank = map[[2]int]bool{}
				}
				b.blank[[2]int{ri, i}] = true
			}
		}
	}
}
