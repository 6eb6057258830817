package reader

// This file turns a sheet's data rows, once its layout is known, into
// monthly figures: each row's month, its numbers, rows summed per month.

import (
	"cmp"
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
	// A row-level export's flag column (est_reel), the columns that may
	// name the entities of a stock (site_id) and their cells, one slice
	// per row of rows (rowlevel.go).
	flag       flagColumn
	entityCols []int
	entities   [][]string
	// entity is the index in entityCols of the column naming the
	// entities, -1 when none; a plan's builder takes its actuals'
	// (parent's): a forecast of one month cannot show its entities recur.
	entity int
	parent *builder
	// forecast reads the rows the flag column marks as forecast, to name
	// their months: they are left out of the table.
	forecast *builder
	// years are the years read in the year column, by row; merges the
	// sheet's merged cells, read when a blank year cell needs them.
	years      map[int]int
	merges     []cellRange
	mergesRead bool
}

func newBuilder(l *layout, src rowSource, date1904 bool) *builder {
	return &builder{l: l, src: src, date1904: date1904, listed: map[figures.Month]bool{}, year: l.titleYear,
		warnings: append([]figures.Warning(nil), l.notes...), flag: findFlag(l), entityCols: entityCandidates(l)}
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
	if pb := b.planned(get); pb != nil {
		return b.addPlan(pb, r, cells, raw) // a budget or forecast line beside the actuals of its month
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
	b.keep(r, m, day, rc, get)
	return nil
}

// keep adds a row of figures; get gives its cells.
func (b *builder) keep(r int, m figures.Month, day int, rc rowCells, get func(int) string) {
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
	b.appendRow(row, get)
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
	months, rowLevel, err := b.rowLevel()
	if err != nil {
		return err
	}
	t.Sheet, t.Sheets = l.sheet, []string{l.sheet}
	t.Columns = b.columns()
	ent := b.entityOf(rowLevel)
	withData := map[figures.Month]bool{}
	for i, metric := range l.metrics {
		figs, err := b.gather(i, rowLevel, ent)
		if err != nil {
			return err
		}
		for m := range figs {
			withData[m] = true
		}
		t.Warnings = append(t.Warnings, b.positiveCosts(i, figs)...)
		t.Data[figures.Actual][metric] = figs
		if rowLevel && figures.IsStock(metric) {
			t.Warnings = append(t.Warnings, b.stockWarning(metric, ent))
		}
	}
	t.Months = slices.Sorted(maps.Keys(withData))
	t.Listed = b.listed
	if rowLevel {
		t.RowsSummed = len(b.rows)
		t.Warnings = append(t.Warnings, warn(figures.WarnRowsSummed, []string{"sheet", "rows", "months"}, l.sheet, len(b.rows), months))
		b.markPartial(t)
	}
	t.Warnings = append(t.Warnings, b.warnings...)
	if len(t.Months) == 0 {
		return &FileError{Kind: "no_figures_yet", Args: map[string]string{"sheet": l.sheet}, empty: true}
	}
	return nil
}

// rowLevel tells a row-level export (several rows share a month: one per
// sale, per day, per site) from a monthly table, where a month typed
// twice is an error; it returns the number of months.
func (b *builder) rowLevel() (months int, rowLevel bool, err error) {
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
	rowLevel = dupMonth >= 0 && (len(b.rows) >= 2*len(first) || !monthlyDays(b.rows))
	if dupMonth >= 0 && !rowLevel {
		l := b.l
		a, c := b.rows[dup[0]].row, b.rows[dup[1]].row
		return 0, false, fileErr("duplicate_month", nil, "cell", l.ref(a, l.monthCol), "other", l.ref(c, l.monthCol), "month", dupMonth.String())
	}
	return len(first), rowLevel, nil
}

// columns returns the table's headers in sheet order, the month column
// aside, each with the metric it was read as: a header two metrics are
// mapped to (orders and conversions: Total Orders) once per metric.
func (b *builder) columns() []figures.Column {
	l := b.l
	var cols []figures.Column
	for c, h := range l.headerRow {
		if c == l.monthCol || strings.TrimSpace(h) == "" {
			continue
		}
		col := figures.Column{Header: h, Source: figures.Cell(l.sheet, l.cell(l.header, c)), Scale: 1}
		n := len(cols)
		for i, mc := range l.cols {
			if mc == c {
				col.Metric, col.Scale = l.metrics[i], l.scales[i]
				cols = append(cols, col)
			}
		}
		if len(cols) == n {
			cols = append(cols, col)
		}
	}
	return cols
}

// gather returns metric i's figures by month: a flow summed over the
// month's rows, a stock read as stockRows says and added up over its
// entities.
func (b *builder) gather(i int, rowLevel bool, ent int) (map[figures.Month]figures.Figure, error) {
	if rowLevel && isStockColumn(b.l.metrics[i]) { // a monthly table has one row a month: nothing to choose
		return b.stockFigures(i, ent)
	}
	// The rows holding the metric, grouped by month in one slice (a
	// monthly table has one row a month: a slice each would be an
	// allocation each), in the order of the sheet within a month.
	idx := make([]int, 0, len(b.rows))
	for j, row := range b.rows {
		if !math.IsNaN(row.vals[i]) {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(a, c int) int { return cmp.Compare(b.rows[a].month, b.rows[c].month) })
	var order []figures.Month
	rows := make(map[figures.Month][]int, len(idx))
	for start := 0; start < len(idx); {
		m, end := b.rows[idx[start]].month, start+1
		for end < len(idx) && b.rows[idx[end]].month == m {
			end++
		}
		order, rows[m] = append(order, m), idx[start:end:end]
		start = end
	}
	return b.sums(i, order, rows)
}

// stockFigures returns a stock's figures by month: each entity's last
// row in the month, summed over the entities.
func (b *builder) stockFigures(i, ent int) (map[figures.Month]figures.Figure, error) {
	rows := b.stockRows(i, ent)
	return b.sums(i, slices.Sorted(maps.Keys(rows)), rows)
}

// sums adds up the rows of each month for metric i, and names where the
// figure was read: the cell, or the first and last cells of the rows.
func (b *builder) sums(i int, months []figures.Month, rows map[figures.Month][]int) (map[figures.Month]figures.Figure, error) {
	l := b.l
	figs := make(map[figures.Month]figures.Figure, len(rows))
	for _, m := range months {
		js := rows[m]
		var s neumaier
		for _, j := range js {
			s.add(b.rows[j].vals[i])
		}
		src := figures.Cell(l.sheet, l.cell(b.rows[js[0]].row, l.cols[i]))
		if len(js) > 1 {
			src.Last = l.cell(b.rows[js[len(js)-1]].row, l.cols[i])
		}
		v := s.sum()
		if !finite(v) {
			return nil, fileErr("overflow", nil, "cell", src.String(), "metric", l.metrics[i], "month", m.String())
		}
		figs[m] = figures.Figure{Value: v, Source: src, Rows: len(js)}
	}
	return figs, nil
}

// neumaier is a sum kept exact to the cent over many cents (Neumaier's
// summation).
type neumaier struct{ s, comp float64 }

func (n *neumaier) add(v float64) {
	s := n.s + v
	if math.Abs(n.s) >= math.Abs(v) {
		n.comp += (n.s - s) + v
	} else {
		n.comp += (v - s) + n.s
	}
	n.s = s
}

func (n *neumaier) sum() float64 { return n.s + n.comp }

// positiveCosts turns a cost written as negatives, as a profit and loss
// statement does, into its amounts, and says so.
func (b *builder) positiveCosts(i int, figs map[figures.Month]figures.Figure) []figures.Warning {
	l := b.l
	if !figures.IsCost(l.metrics[i]) || !allNegative(figs) {
		return nil
	}
	for m, f := range figs {
		f.Value = -f.Value
		figs[m] = f
	}
	return []figures.Warning{warn(figures.WarnNegativeCosts, []string{"cell", "header"}, l.ref(l.header, l.cols[i]), figures.Clip(strings.TrimSpace(l.headerRow[l.cols[i]])))}
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
