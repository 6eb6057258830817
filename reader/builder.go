package reader

// This file turns a sheet's data rows, once its layout is known, into
// monthly figures: each row's month, its numbers, rows summed per month.

import (
	"errors"
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
	vals      []float64 // backing store for rows' values
	// plan reads the budget lines of a table with a scenario column
	// (budget.go); lastRaw is the last actual line's month cell.
	plan    *builder
	lastRaw string
}

func newBuilder(l *layout, src rowSource, date1904 bool) *builder {
	return &builder{l: l, src: src, date1904: date1904, listed: map[figures.Month]bool{}, year: l.titleYear,
		warnings: append([]figures.Warning(nil), l.notes...)}
}

// add reads one grid row below the header.
func (b *builder) add(r int, cells []string) error {
	l := b.l
	get := func(c int) string {
		if c < len(cells) {
			return cells[c]
		}
		return ""
	}
	raw := strings.TrimSpace(get(l.monthCol))
	if b.l.scenarioCol >= 0 && isPlanWord(get(b.l.scenarioCol)) {
		return b.addPlan(r, cells, raw) // a budget line beside the actuals of its month
	}
	if raw != "" {
		b.lastRaw = raw
	}
	if len(b.vals) < len(l.cols) {
		b.vals = make([]float64, 4096*len(l.cols)+len(l.cols))
	}
	vals := b.vals[:len(l.cols):len(l.cols)]
	b.vals = b.vals[len(l.cols):]
	any := false
	var bad, excelErr *CellError // a cell that is not a number; one holding an Excel error
	var notAvailable []string    // cells holding #N/A
	for i, c := range l.cols {
		s := get(c)
		vals[i] = math.NaN()
		if s == "" && len(b.rows) < maxFormulaRows {
			// A formula with no saved value counts as a figure to compute.
			if f, err := b.src.formula(l.sheet, l.cell(r, c)); err == nil && f != "" {
				any = true
			}
		}
		if s == "" || isBlankText(s) {
			continue
		}
		v, ok := number.ParseIn(s, l.decimalComma)
		switch {
		case ok:
			vals[i] = v * l.scales[i]
			any = true
		case strings.EqualFold(strings.TrimSpace(s), "#N/A"):
			// Excel's "value not available" (=NA()): no figure, said so.
			notAvailable = append(notAvailable, l.ref(r, c))
		case strings.HasPrefix(s, "#") && strings.HasSuffix(strings.TrimSpace(s), "!"):
			if excelErr == nil {
				excelErr = &CellError{Sheet: l.sheet, Cell: l.cell(r, c), Value: s, Kind: "excel_error"}
			}
		default:
			if bad == nil {
				bad = &CellError{Sheet: l.sheet, Cell: l.cell(r, c), Value: s, Kind: "not_number"}
			}
		}
	}
	if raw == "" {
		if any || bad != nil || excelErr != nil {
			for _, c := range cells {
				if isTotalLabel(c) {
					return nil
				}
			}
			if any {
				b.warnings = append(b.warnings, warn(figures.WarnNoMonth, []string{"cell", "line"}, l.ref(r, l.monthCol), l.line()))
			}
		}
		return nil
	}
	m, day, err := b.month(r, raw, get)
	if err != nil {
		// Not a month: the labels are looked at only now, off the path of
		// the rows that are months.
		if isUnitLabel(raw) {
			return nil // the line of units, read with the layout
		}
		if y, ok := yearLabel(raw); ok && bad == nil && excelErr == nil {
			// A year heading the month names below it ("2025", "Année
			// 2025"), with its total or not, as a pivot table puts it;
			// unless it follows its own months, as a total below them.
			if b.lastMonth.month == 0 || b.lastMonth.year != y {
				b.year, b.lastMonth = y, textMonth{}
			}
			return nil
		}
		if isTotalLabel(raw) || isAnalysisLabel(raw) || !any && bad == nil && excelErr == nil {
			return nil // a total or a ratio of the others, or a note or a title below the table
		}
		var ce *CellError
		if _, isNumber := number.Parse(raw); !isNumber && errors.As(err, &ce) && (ce.Kind == "not_month" || ce.Kind == "not_month_text") {
			// A labelled row that is not a month ("Solde initial", "Budget"):
			// its figures are not a month's, and the report says it left them.
			b.warnings = append(b.warnings, warn(figures.WarnNotMonth, []string{"cell", "label", "line"}, l.ref(r, l.monthCol), figures.Clip(raw), l.line()))
			return nil
		}
		return err
	}
	if bad != nil {
		return bad
	}
	if excelErr != nil && any {
		return excelErr
	}
	b.listed[m] = true
	if !any {
		// A month listed with no figures yet, perhaps with formulas that
		// cannot compute until it is filled in (#DIV/0!).
		return nil
	}
	for _, ref := range notAvailable {
		b.warnings = append(b.warnings, warn(figures.WarnNotAvailable, []string{"cell"}, ref))
	}
	for i := range vals {
		if math.IsNaN(vals[i]) && len(b.rows) < maxFormulaRows {
			b.empties = append(b.empties, [2]int{len(b.rows), i})
		}
	}
	b.rows = append(b.rows, dataRow{row: r, month: m, day: day, vals: vals})
	return nil
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

	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		if m, ok := serialMonth(v, b.date1904); ok {
			day := 0
			if t, err := excelize.ExcelDateToTime(v, b.date1904); err == nil {
				day = t.Day()
			}
			return m, day, nil
		}
		if v == math.Trunc(v) && v >= 1 && v <= 12 {
			y := b.yearOf(get)
			if y == 0 {
				return 0, 0, cellErr("month_number_no_year")
			}
			return figures.MonthOf(y, timeMonth(int(v))), 0, nil
		}
		return 0, 0, cellErr("not_month")
	}
	tm, ok := parseMonthTextOrder(raw, l.monthFirst)
	if !ok {
		return 0, 0, cellErr("not_month_text")
	}
	if tm.year == 0 {
		y := b.yearOf(get)
		if y == 0 {
			return 0, 0, cellErr("no_year")
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

func (b *builder) yearOf(get func(int) string) int {
	if b.l.yearCol >= 0 {
		if v, ok := number.Parse(get(b.l.yearCol)); ok && v >= 1900 && v <= 2200 {
			return int(v)
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
	if err := b.fillFormulas(src); err != nil {
		return err
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
