package reader

// This file turns a sheet's data rows, once its layout is known, into
// monthly figures: each row's month, its numbers, rows summed per month.

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/number"
	"github.com/xuri/excelize/v2"
)

// dataRow is one row of figures.
type dataRow struct {
	row   int
	month figures.Month
	day   int // day of month when the month came from a date, else 0
	vals  []float64
	// formulas are the metric indexes of the figures given by a formula,
	// when every figure of the row is (see dropBlankFormulas).
	formulas []int
}

// builder collects the data rows of a table.
type builder struct {
	l         *layout
	src       rowSource
	date1904  bool
	rows      []dataRow
	listed    map[figures.Month]bool
	empties   [][2]int // (row index in b.rows, metric index) of empty cells
	lastMonth textMonth
	year      int
	warnings  []figures.Warning
	vals      []float64       // backing store for rows' values
	errs      ErrorList       // every cell that cannot be read
	blank     map[[2]int]bool // (row index, metric index) of formulas over blank cells
	// ambiguous counts the text numbers read without the sheet showing
	// its decimal separator ("46.920"); guess is the first of them.
	ambiguous int
	guess     figures.Warning
	// plan reads the budget lines of a table with a scenario column
	// (budget.go); lastRaw is the last actual line's month cell.
	plan    *builder
	lastRaw string
	// years are the years read in the year column, by row; merges the
	// sheet's merged cells, read when a blank year cell needs them.
	years      map[int]int
	merges     []cellRange
	mergesRead bool
}

func newBuilder(l *layout, src rowSource, date1904 bool) *builder {
	return &builder{l: l, src: src, date1904: date1904, listed: map[figures.Month]bool{}, year: l.titleYear,
		warnings: append([]figures.Warning(nil), l.notes...)}
}

// add reads one grid row below the header. A cell that cannot be read is
// noted and the reading goes on, so that one run names them all.
func (b *builder) add(r int, cells []string) error {
	l := b.l
	get := func(c int) string {
		if c < len(cells) {
			return cells[c]
		}
		return ""
	}
	raw := strings.TrimSpace(get(l.monthCol))
	if l.scenarioCol >= 0 && isPlanWord(get(l.scenarioCol)) {
		return b.addPlan(r, cells, raw) // a budget line beside the actuals of its month
	}
	if raw != "" {
		b.lastRaw = raw
	}
	rc := b.readCells(r, get)
	if raw == "" {
		b.noMonth(r, cells, rc)
		return nil
	}
	m, day, err := b.month(r, raw, get)
	if err != nil {
		b.notMonth(r, raw, rc, err)
		return nil
	}
	b.errs = append(b.errs, rc.bad...)
	if len(rc.bad) > 0 || len(rc.excelErrs) > 0 && rc.any {
		b.errs = append(b.errs, rc.excelErrs...)
		return nil
	}
	b.listed[m] = true
	if !rc.any {
		// A month listed with no figures yet, perhaps with formulas that
		// cannot compute until it is filled in (#DIV/0!).
		return nil
	}
	b.keep(r, m, day, rc)
	return nil
}

// keep adds a row of figures.
func (b *builder) keep(r int, m figures.Month, day int, rc rowCells) {
	for _, ref := range rc.notAvailable {
		b.warnings = append(b.warnings, warn(figures.WarnNotAvailable, []string{"cell"}, ref))
	}
	for i := range rc.vals {
		if math.IsNaN(rc.vals[i]) && len(b.rows) < maxFormulaRows {
			b.empties = append(b.empties, [2]int{len(b.rows), i})
		}
	}
	row := dataRow{row: r, month: m, day: day, vals: rc.vals}
	if rc.allFormulas {
		row.formulas = rc.formulas
	}
	b.rows = append(b.rows, row)
}

// yearLabelRe matches a year standing alone as a heading: "2025",
// "Année 2025", "Exercice 2025", "Year 2025".
var yearLabelRe = regexp.MustCompile(`^(?:(?:annee|exercice|year|fy) )?(19[5-9][0-9]|2[01][0-9][0-9])$`)

// yearLabel reports the year a month-column cell stands for when it is only
// a year.
func yearLabel(s string) (int, bool) {
	m := yearLabelRe.FindStringSubmatch(fold(s))
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	return y, true
}

// isBlankText reports whether text stands for "no figure": a dash or n/a.
func isBlankText(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "-", "–", "—", "n/a", "na", "nd", "n.d.", "n/d", "nc", "n.c.", "n/c", "?":
		return true
	}
	return false
}

// month reads the month cell of row r.
func (b *builder) month(r int, raw string, get func(int) string) (figures.Month, int, error) {
	l := b.l
	cellErr := func(kind string) error {
		return &CellError{Sheet: l.sheet, Cell: l.cell(r, l.monthCol), Value: raw, Kind: kind}
	}
	if m, day, ok := isoMonth(raw); ok {
		return m, day, nil
	}
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		return b.numberMonth(r, v, get, cellErr)
	}
	tm, ok := parseMonthTextOrder(raw, l.monthFirst)
	if !ok {
		return 0, 0, cellErr(CellNotMonthText)
	}
	if tm.year == 0 {
		y := b.yearOf(r, get)
		if y == 0 {
			return 0, 0, cellErr(CellNoYear)
		}
		if b.l.yearCol < 0 && b.lastMonth.month != 0 && tm.month < b.lastMonth.month {
			b.year++ // the months of a title year ran into the next year
			y = b.year
		}
		tm.year = y
	}
	b.lastMonth = tm
	return figures.MonthOf(tm.year, tm.month), 0, nil
}

// numberMonth reads a month cell holding a plain number: a month number
// (1–12) with its year elsewhere, or, in a column headed as the months
// (Mois, Date, Month), a date's serial number shown without a date format.
func (b *builder) numberMonth(r int, v float64, get func(int) string, cellErr func(kind string) error) (figures.Month, int, error) {
	if m, ok := serialMonth(v, b.date1904); ok && b.l.monthHeaded {
		day := 0
		if t, err := excelize.ExcelDateToTime(v, b.date1904); err == nil {
			day = t.Day()
		}
		return m, day, nil
	}
	if v == math.Trunc(v) && v >= 1 && v <= 12 {
		y := b.yearOf(r, get)
		if y == 0 {
			return 0, 0, cellErr(CellMonthNumberNoYear)
		}
		return figures.MonthOf(y, timeMonth(int(v))), 0, nil
	}
	return 0, 0, cellErr(CellNotMonth)
}

// yearOf returns the year of row r's month: its year column's, a year
// merged over the column's cell, or the year of the table's title.
func (b *builder) yearOf(r int, get func(int) string) int {
	if b.l.yearCol >= 0 {
		if v, ok := number.Parse(get(b.l.yearCol)); ok && v >= 1900 && v <= 2200 {
			if b.years == nil {
				b.years = map[int]int{}
			}
			b.years[r] = int(v)
			return int(v)
		}
		if strings.TrimSpace(get(b.l.yearCol)) == "" {
			if y := b.mergedYear(r); y != 0 {
				return y
			}
		}
	}
	return b.year
}

// finish checks the rows, computes formulas without saved values, and
// gathers the figures per month into t.
func (b *builder) finish(t *figures.Table, src rowSource) error {
	l := b.l
	if len(l.metrics) == 0 {
		return errNoTable
	}
	b.dropBlankFormulas()
	b.fillFormulas(src)
	if err := b.errs.Err(); err != nil {
		return err
	}
	if b.ambiguous > 0 {
		b.guess.Args["count"] = strconv.Itoa(b.ambiguous)
		b.warnings = append(b.warnings, b.guess)
	}
	// One row per month, unless this is a row-level export.
	first := map[figures.Month]int{}
	var dup [2]int
	dupMonth := figures.Month(-1)
	for i, row := range b.rows {
		if j, seen := first[row.month]; seen {
			if dupMonth < 0 {
				dup, dupMonth = [2]int{j, i}, row.month
			}
			continue
		}
		first[row.month] = i
	}
	rowLevel := dupMonth >= 0 && (len(b.rows) >= 2*len(first) || !monthlyDays(b.rows))
	if dupMonth >= 0 && !rowLevel {
		a, c := b.rows[dup[0]].row, b.rows[dup[1]].row
		return fileErr("duplicate_month", nil, "cell", l.ref(a, l.monthCol), "other", l.ref(c, l.monthCol), "month", dupMonth.String())
	}
	t.Sheet, t.Sheets = l.sheet, []string{l.sheet}
	for c, h := range l.headerRow {
		if c == l.monthCol || strings.TrimSpace(h) == "" {
			continue
		}
		col := figures.Column{Header: h, Source: figures.Cell(l.sheet, l.cell(l.header, c)), Scale: 1}
		for i, mc := range l.cols {
			if mc == c {
				col.Metric, col.Scale = l.metrics[i], l.scales[i]
			}
		}
		t.Columns = append(t.Columns, col)
	}
	type acc struct {
		sum, comp   float64
		first, last int
		n           int
	}

	withData := map[figures.Month]bool{}
	for i, metric := range l.metrics {
		stock := figures.IsStock(metric)
		accs := map[figures.Month]*acc{}
		for _, row := range b.rows {
			v := row.vals[i]
			if math.IsNaN(v) {
				continue
			}
			a := accs[row.month]
			if a == nil {
				a = &acc{first: row.row}
				accs[row.month] = a
			}
			if stock {
				a.sum, a.comp = v, 0 // a balance: the month's last row holds it
			} else {
				// Neumaier summation: sums of many cents stay exact to the cent.
				s := a.sum + v
				if math.Abs(a.sum) >= math.Abs(v) {
					a.comp += (a.sum - s) + v
				} else {
					a.comp += (v - s) + a.sum
				}
				a.sum = s
			}
			a.last = row.row
			a.n++
		}
		figs := make(map[figures.Month]figures.Figure, len(accs))
		for m, a := range accs {
			src := figures.Cell(l.sheet, l.cell(a.first, l.cols[i]))
			if a.n > 1 {
				if stock {
					src = figures.Cell(l.sheet, l.cell(a.last, l.cols[i]))
				} else {
					src.Last = l.cell(a.last, l.cols[i])
				}
			}
			ref := src.String()
			n := a.n
			if stock {
				n = 1
			}
			v := a.sum + a.comp
			if !finite(v) {
				return fileErr("overflow", nil, "cell", ref, "metric", metric, "month", m.String())
			}
			figs[m] = figures.Figure{Value: v, Source: src, Rows: n}
			withData[m] = true
		}
		if figures.IsCost(metric) && allNegative(figs) {
			// Charges written as negatives, as a profit and loss statement
			// does: the cost is the amount.
			for m, f := range figs {
				f.Value = -f.Value
				figs[m] = f
			}
			t.Warnings = append(t.Warnings, warn(figures.WarnNegativeCosts, []string{"cell", "header"}, l.ref(l.header, l.cols[i]), figures.Clip(strings.TrimSpace(l.headerRow[l.cols[i]]))))
		}
		t.Data[figures.Actual][metric] = figs
		if rowLevel && stock {
			t.Warnings = append(t.Warnings, warn(figures.WarnLastRow, []string{"metric"}, metric))
		}
	}
	t.Months = slices.Sorted(maps.Keys(withData))
	t.Listed = b.listed
	if rowLevel {
		t.RowsSummed = len(b.rows)
		t.Warnings = append(t.Warnings, warn(figures.WarnRowsSummed, []string{"sheet", "rows", "months"}, l.sheet, len(b.rows), len(first)))
	}
	t.Warnings = append(t.Warnings, b.warnings...)
	if len(t.Months) == 0 {
		return &FileError{Kind: "no_figures_yet", Args: map[string]string{"sheet": l.sheet}, empty: true}
	}
	return nil
}

// allNegative reports whether a metric's figures are all negative or zero,
// and not all zero.
func allNegative(figs map[figures.Month]figures.Figure) bool {
	neg := false
	for _, f := range figs {
		if f.Value > 0 {
			return false
		}
		neg = neg || f.Value < 0
	}
	return neg
}

// monthlyDays reports whether the rows' dates look like a monthly table's:
// nine in ten or more on one day of the month (the 1st, the 15th) or on
// month ends. A journal's days vary; a monthly table with a month typed
// twice is a mistake to show, not rows to add up. Months written as text
// (no day) look monthly.
func monthlyDays(rows []dataRow) bool {
	var onDay [32]int
	ends, dated := 0, 0
	for _, r := range rows {
		if r.day < 1 || r.day > 31 {
			continue
		}
		dated++
		onDay[r.day]++
		if r.day == r.month.End().Day() {
			ends++
		}
	}
	return max(ends, slices.Max(onDay[:]))*10 >= dated*9
}
