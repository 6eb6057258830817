package reader

// This file reads a data row's metric cells: numbers by the sheet's
// convention, Excel errors and dates where figures should be noted, and
// which figures come from formulas.

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/number"
)

// rowCells is what the metric cells of one row hold.
type rowCells struct {
	vals []float64
	// any: a figure, or a formula to compute; formulas: every figure comes
	// from a formula, listed by metric index.
	any, allFormulas bool
	formulas         []int
	bad              []*CellError // cells that are not numbers
	excelErrs        []*CellError // cells holding an Excel error (#DIV/0!)
	notAvailable     []string     // cells holding #N/A
}

// readCells reads the metric cells of row r.
func (b *builder) readCells(r int, get func(int) string) rowCells {
	l := b.l
	if len(b.vals) < len(l.cols) {
		b.vals = make([]float64, 4096*len(l.cols)+len(l.cols))
	}
	rc := rowCells{vals: b.vals[:len(l.cols):len(l.cols)], allFormulas: true}
	b.vals = b.vals[len(l.cols):]
	for i, c := range l.cols {
		rc.vals[i] = math.NaN()
		b.readCell(r, i, strings.TrimSpace(get(c)), &rc)
	}
	rc.allFormulas = rc.allFormulas && rc.any
	return rc
}

// readCell reads the cell of metric i in row r into rc.
func (b *builder) readCell(r, i int, s string, rc *rowCells) {
	l := b.l
	c := l.cols[i]
	check := len(b.rows) < maxFormulaRows
	if s == "" && check {
		// A formula with no saved value counts as a figure to compute.
		if f, err := b.src.formula(l.sheet, l.cell(r, c)); err == nil && f != "" {
			rc.any = true
			rc.formulas = append(rc.formulas, i)
		}
	}
	if s == "" || isBlankText(s) {
		return
	}
	cellErr := func(kind string) *CellError {
		return &CellError{Sheet: l.sheet, Cell: l.cell(r, c), Value: s, Kind: kind}
	}
	v, ok := b.parse(r, c, s)
	switch {
	case ok:
		rc.vals[i] = v * l.scales[i]
		rc.any = true
		if !check || !b.isFormula(r, c) {
			rc.allFormulas = false
		} else {
			rc.formulas = append(rc.formulas, i)
		}
	case strings.EqualFold(s, "#N/A"):
		// Excel's "value not available" (=NA()): no figure, said so.
		rc.notAvailable = append(rc.notAvailable, l.ref(r, c))
	case strings.HasPrefix(s, "#") && strings.HasSuffix(s, "!"):
		rc.excelErrs = append(rc.excelErrs, cellErr(CellExcelError))
	case isoDateRe.MatchString(s):
		rc.bad = append(rc.bad, cellErr(CellDateNotNumber))
	default:
		rc.bad = append(rc.bad, cellErr(CellNotNumber))
	}
}

// isFormula reports whether cell (r, c) holds a formula. Only rows whose
// figures are all formulas so far are looked at: a typed figure settles it.
func (b *builder) isFormula(r, c int) bool {
	if s, ok := b.src.(interface{ formulaFree(sheet string) bool }); ok && s.formulaFree(b.l.sheet) {
		return false // no formula seen in the sheet so far: no cell name to make
	}
	f, err := b.src.anyFormula(b.l.sheet, b.l.cell(r, c))
	return err == nil && f != ""
}

// parse reads a metric cell's number by the sheet's convention. A number
// stored as a number reads as stored; text whose one point or comma
// before three digits may group thousands or mark decimals ("46.920"),
// in a sheet whose text numbers do not show which, is read as grouping
// thousands, and the first such cell is named in a warning.
func (b *builder) parse(r, c int, s string) (float64, bool) {
	l := b.l
	if !number.Ambiguous(s) {
		return number.ParseBy(s, l.convention)
	}
	if isPlainNumber(s) && !b.src.isText(l.sheet, l.cell(r, c)) {
		v, err := strconv.ParseFloat(s, 64) // a number cell: 1.234 is 1.234
		return v, err == nil
	}
	v, ok := number.ParseBy(s, l.convention)
	if ok && l.convention == number.Unknown {
		if b.ambiguous == 0 {
			b.guess = warn(figures.WarnAmbiguousNumber, []string{"cell", "value", "read"}, l.ref(r, c), figures.Clip(s), strconv.FormatFloat(v, 'f', -1, 64))
		}
		b.ambiguous++
	}
	return v, ok
}

// noMonth handles a row without a month: a total, or figures the report
// says it left.
func (b *builder) noMonth(r int, cells []string, rc rowCells) {
	if !rc.any && len(rc.bad) == 0 && len(rc.excelErrs) == 0 {
		return
	}
	for _, c := range cells {
		if isTotalLabel(c) {
			return
		}
	}
	if rc.any {
		b.warnings = append(b.warnings, warn(figures.WarnNoMonth, []string{"cell", "line"}, b.l.ref(r, b.l.monthCol), b.l.line()))
	}
}

// notMonth handles a row whose month cell is not a month: a year heading
// the month names below it, a label, a total, or an error.
func (b *builder) notMonth(r int, raw string, rc rowCells, err error) {
	l := b.l
	clean := len(rc.bad) == 0 && len(rc.excelErrs) == 0
	// Not a month: the labels are looked at only now, off the path of the
	// rows that are months.
	if isUnitLabel(raw) {
		return // the line of units, read with the layout
	}
	if y, ok := yearLabel(raw); ok && clean {
		// A year heading the month names below it ("2025", "Année 2025"),
		// with its total or not, as a pivot table puts it; unless it
		// follows its own months, as a total below them.
		if b.lastMonth.month == 0 || b.lastMonth.year != y {
			b.year, b.lastMonth = y, textMonth{}
		}
		return
	}
	if isTotalLabel(raw) || isAnalysisLabel(raw) || !rc.any && clean {
		return // a total or a ratio of the others, or a note or a title below the table
	}
	var ce *CellError
	if _, isNumber := number.Parse(raw); !isNumber && !isoDateRe.MatchString(raw) && errors.As(err, &ce) && (ce.Kind == CellNotMonth || ce.Kind == CellNotMonthText) {
		// A labelled row that is not a month ("Solde initial", "Budget"):
		// its figures are not a month's, and the report says it left them.
		b.warnings = append(b.warnings, warn(figures.WarnNotMonth, []string{"cell", "label", "line"}, l.ref(r, l.monthCol), figures.Clip(raw), l.line()))
		return
	}
	if errors.As(err, &ce) {
		b.errs = append(b.errs, ce)
	}
	b.errs = append(b.errs, rc.bad...)
}
