package reader

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	// decimalComma: the sheet's text numbers write decimals with a comma.
	decimalComma bool
	// scenarioCol holds "Réel" / "Budget" when each month has a line per
	// scenario, or is -1.
	scenarioCol int
	overrides   map[string]string
	headerRow   []string
	notes       []Warning // warnings about the layout
}

func (l *layout) cell(r, c int) string {
	if l.transposed {
		r, c = c, r
	}
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

func (l *layout) ref(r, c int) string { return Ref(l.sheet, l.cell(r, c)) }

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
func readSheet(t *Table, src rowSource, sheet string, overrides map[string]string, date1904, chosen bool) error {
	it, err := src.rows(sheet)
	if err != nil {
		return &FileError{Problem: fmt.Sprintf("cannot read sheet %s", sheet), Err: err}
	}
	defer it.Close()
	var grid [][]string
	for len(grid) < probeRows && it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return &FileError{Problem: fmt.Sprintf("cannot read sheet %s", sheet), Err: err}
		}
		grid = append(grid, cols)
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
				return &FileError{Problem: fmt.Sprintf("sheet %s: too many rows for a table with one month per column", sheet)}
			}
			cols, err := it.Columns()
			if err != nil {
				return &FileError{Problem: fmt.Sprintf("cannot read sheet %s", sheet), Err: err}
			}
			grid = append(grid, cols)
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
					return &FileError{Problem: fmt.Sprintf("cannot read sheet %s", sheet), Err: err}
				}
				if err := yield(r, cols); err != nil {
					return err
				}
				r++
			}
			return nil
		}
	default:
		if chosen {
			return &FileError{
				Problem: fmt.Sprintf("sheet %s: no header row with a month column and known metrics found in the first %d rows", sheet, probeRows),
				Hint:    "name the columns with usual headers (Mois, CA HT, Résultat net...) or map them with workbook.metrics in the config",
			}
		}
		return errNoTable
	}
	if l == nil || l.monthCol < 0 {
		if chosen {
			return &FileError{Problem: fmt.Sprintf("sheet %s: no month column found beside the headers", sheet), Hint: "add a column of months (dates or text such as 2025-01 or janv. 2025)"}
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
	return b.finish(t, src)
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

// bestHeader returns the row with the most headers naming metrics among
// the rows that also have a month column, and its count.
func bestHeader(grid [][]string, overrides map[string]string, date1904 bool) (int, int) {
	best, score := -1, 0
	for r := range grid {
		row := effectiveRow(grid, r, overrides)
		n := 0
		seen := map[string]bool{}
		for _, c := range row {
			if m := MatchHeader(c, overrides); m != "" && !seen[m] {
				seen[m] = true
				n++
			}
		}
		if n <= score {
			continue
		}
		if monthColumn(grid, r, row, overrides, date1904) < 0 {
			continue
		}
		best, score = r, n
	}
	return best, score
}

// effectiveRow returns the header texts of row r, completed from a group
// header in the row above, as two-level headers are written: "Clients"
// merged over "début" and "fin" gives "Clients début" and "Clients fin"; a
// header merged down over both rows ("Mois", "CA HT") is read from above.
func effectiveRow(grid [][]string, r int, overrides map[string]string) []string {
	row := grid[r]
	if r == 0 {
		return row
	}
	above := grid[r-1]
	var out []string
	for c := range max(len(row), len(above)) {
		cell := ""
		if c < len(row) {
			cell = row[c]
		}
		if looksNumeric(cell) && isPlainNumber(cell) {
			out = append(out, cell) // a figure: this is no header row
			continue
		}
		if MatchHeader(cell, overrides) == "" && !monthHeaders[fold(cell)] {
			parent := ""
			for p := min(c, len(above)-1); p >= 0; p-- {
				if strings.TrimSpace(above[p]) != "" {
					parent = above[p]
					break
				}
				if p < len(row) && p != c && strings.TrimSpace(row[p]) == "" {
					break // the group header spans only columns with sub-headers
				}
			}
			switch {
			case strings.TrimSpace(cell) == "" && c < len(above) && strings.TrimSpace(above[c]) != "" &&
				(MatchHeader(above[c], overrides) != "" || monthHeaders[fold(above[c])] || yearHeaders[fold(above[c])]):
				cell = above[c] // merged down over the two header rows
			case strings.TrimSpace(cell) != "" && parent != "" && MatchHeader(parent+" "+cell, overrides) != "":
				cell = parent + " " + cell
			}
		}
		out = append(out, cell)
	}
	return out
}

// monthColumn finds the month column of a header row: a column headed like
// a month whose cells below hold months, or else the column whose cells
// below most often hold months.
func monthColumn(grid [][]string, header int, row []string, overrides map[string]string, date1904 bool) int {
	hits := func(c int) int {
		n := 0
		for r := header + 1; r < len(grid) && r <= header+24; r++ {
			if c < len(grid[r]) {
				if _, ok := monthCell(grid[r][c], date1904); ok {
					n++
				}
			}
		}
		return n
	}
	for c, h := range row {
		if monthHeaders[fold(h)] && MatchHeader(h, overrides) == "" && hits(c) > 0 {
			return c
		}
	}
	best, most := -1, 0
	for c := range row {
		if MatchHeader(row[c], overrides) != "" {
			continue
		}
		if n := hits(c); n > most {
			best, most = c, n
		}
	}
	if best < 0 && len(row) > 0 && hits(0) > 0 {
		return 0
	}
	return best
}

// monthCell reports whether a cell looks like a month: a date serial or a
// month written as text (with or without its year).
func monthCell(s string, date1904 bool) (textMonth, bool) {
	if s == "" {
		return textMonth{}, false
	}
	if v, err := strconv.ParseFloat(s, 64); looksNumeric(s) && err == nil {
		if m, ok := serialMonth(v, date1904); ok {
			return textMonth{m.Year(), m.Month()}, true
		}
		return textMonth{}, false
	}
	return parseMonthText(s)
}

func newLayout(sheet string, grid [][]string, header int, overrides map[string]string, date1904, transposed bool) *layout {
	row := effectiveRow(grid, header, overrides)
	l := &layout{sheet: sheet, header: header, yearCol: -1, scenarioCol: -1, overrides: overrides, headerRow: row, transposed: transposed}
	l.monthCol = monthColumn(grid, header, row, overrides, date1904)
	if l.monthCol >= 0 {
		l.monthFirst = monthFirstColumn(l.below(grid, l.monthCol))
	}
	titles := l.titles(grid)
	l.titleYear = titleYear(titles, sheet)
	l.findMetrics(grid, row, overrides)
	var cells []string
	for _, c := range l.cols {
		cells = append(cells, l.below(grid, c)...)
	}
	l.decimalComma = decimalCommaColumn(cells)
	for c, h := range row {
		if c != l.monthCol && yearHeaders[fold(h)] {
			l.yearCol = c
		}
		if c != l.monthCol && scenarioHeaders[fold(h)] {
			l.scenarioCol = c
		}
	}
	l.scales = l.findScales(grid, row, titles)
	return l
}

// below returns the cells of column c under the header.
func (l *layout) below(grid [][]string, c int) []string {
	var cells []string
	for r := l.header + 1; r < len(grid); r++ {
		if c < len(grid[r]) {
			cells = append(cells, grid[r][c])
		}
	}
	return cells
}

// titles returns the cells above the table: the rows above the header, or
// for a table with one month per column (grid transposed), the rows above
// the row of months.
func (l *layout) titles(grid [][]string) []string {
	var titles []string
	if l.transposed {
		for _, cells := range grid {
			titles = append(titles, cells[:max(0, min(l.monthCol, len(cells)))]...)
		}
		return titles
	}
	for r := 0; r < l.header; r++ {
		titles = append(titles, grid[r]...)
	}
	return titles
}

// titleYear is the year month names without one belong to: the first year
// in a title above the table, else the year in the sheet's name ("2025",
// "Année 2025", "Exercice 2025-2026": the months start in the first year
// and run into the second, as a workbook with a sheet per year names them).
func titleYear(titles []string, sheet string) int {
	for _, c := range titles {
		if m := yearRe.FindString(c); m != "" {
			y, _ := strconv.Atoi(m)
			return y
		}
	}
	years := yearRe.FindAllString(sheet, -1)
	if len(years) == 0 || len(years) > 2 {
		return 0
	}
	first, _ := strconv.Atoi(years[0])
	if len(years) == 2 {
		if second, _ := strconv.Atoi(years[1]); second != first+1 {
			return 0
		}
	}
	return first
}

// findMetrics finds the metric columns, in sheet order: the config's
// overrides first, then the built-in headers for the metrics left. When
// several columns look like one metric, a total with figures ("Total
// Income" over "Sales" and "Services") is preferred, then one holding
// figures (not a section title), then the first; a note names the others
// with figures.
func (l *layout) findMetrics(grid [][]string, row []string, overrides map[string]string) {
	taken := map[string]bool{}
	for c, h := range row {
		if c == l.monthCol || fold(h) == "" {
			continue
		}
		for _, metric := range slices.Sorted(maps.Keys(overrides)) {
			if headerKey(overrides[metric]) != headerKey(h) {
				continue
			}
			if taken[metric] {
				l.notes = append(l.notes, warn(WarnSameMetric, "%s: %q also looks like %s; %q is used (choose with workbook.metrics)",
					[]string{"cell", "header", "metric", "used"}, l.ref(l.header, c), Clip(strings.TrimSpace(h)), metric, Clip(strings.TrimSpace(overrides[metric]))))
				break
			}
			taken[metric] = true
			l.metrics = append(l.metrics, metric)
			l.cols = append(l.cols, c)
			break
		}
	}
	cands := map[string][]int{}
	var order []string
	for c, h := range row {
		if c == l.monthCol {
			continue
		}
		// A column the config maps to one metric may still be the built-in
		// header of another ("Profit" as gross_profit and net_income).
		m := MatchHeader(h, nil)
		if _, over := overrides[m]; m == "" || over {
			continue
		}
		if cands[m] == nil {
			order = append(order, m)
		}
		cands[m] = append(cands[m], c)
	}
	score := func(c int) int {
		s := 0
		if hasFigures(grid, l.header, c) {
			s = 1
			if strings.HasPrefix(fold(row[c]), "total ") {
				s = 2
			}
		}
		return s
	}
	for _, m := range order {
		best := cands[m][0]
		for _, c := range cands[m][1:] {
			if score(c) > score(best) {
				best = c
			}
		}
		for _, c := range cands[m] {
			if c != best && score(c) > 0 {
				l.notes = append(l.notes, warn(WarnSameMetric, "%s: %q also looks like %s; %q is used (choose with workbook.metrics)",
					[]string{"cell", "header", "metric", "used"}, l.ref(l.header, c), Clip(strings.TrimSpace(row[c])), m, Clip(strings.TrimSpace(row[best]))))
			}
		}
		l.metrics = append(l.metrics, m)
		l.cols = append(l.cols, best)
	}
	// Keep metric columns in sheet order.
	idx := make([]int, len(l.cols))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return l.cols[idx[a]] < l.cols[idx[b]] })
	ms, cs := make([]string, len(idx)), make([]int, len(idx))
	for i, j := range idx {
		ms[i], cs[i] = l.metrics[j], l.cols[j]
	}
	l.metrics, l.cols = ms, cs
}

// findScales returns the factor of each metric column: amounts in
// thousands or millions are said by a line of units under the header
// ("Unité": k€, €, nb), by the column's header (CA HT (k€)), or by a
// title above the table ("Montants en milliers d'euros"), which speaks of
// amounts, not of counts.
func (l *layout) findScales(grid [][]string, row, titles []string) []float64 {
	titleScale := 1.0
	for _, c := range titles {
		if s := titleScaleOf(c); s != 1 {
			titleScale = s
			break
		}
	}
	units := -1
	if l.monthCol >= 0 {
		for r := l.header + 1; r < len(grid) && units < 0; r++ {
			if l.monthCol < len(grid[r]) && isUnitLabel(grid[r][l.monthCol]) {
				units = r
			}
		}
		// Or, with no label, the line just under the header when it holds
		// units only.
		if r := l.header + 1; units < 0 && r < len(grid) && (l.monthCol >= len(grid[r]) || strings.TrimSpace(grid[r][l.monthCol]) == "") && unitsOnly(grid[r], l.cols) {
			units = r
		}
	}
	scales := make([]float64, len(l.cols))
	for i, c := range l.cols {
		s, named := scaleOf(row[c])
		if units >= 0 && c < len(grid[units]) {
			if us, unitNamed := scaleOf(grid[units][c]); unitNamed {
				s, named = us, true
			}
		}
		if !named && KnownMetric(l.metrics[i]) && !IsCount(l.metrics[i]) {
			s = titleScale
		}
		scales[i] = s
	}
	return scales
}

// checkOverrides makes sure every header named in workbook.metrics exists.
func (l *layout) checkOverrides() error {
	for _, m := range slices.Sorted(maps.Keys(l.overrides)) {
		found := false
		for _, got := range l.metrics {
			if got == m {
				found = true
			}
		}
		if !found {
			var hs []string
			for _, h := range l.headerRow {
				if strings.TrimSpace(h) != "" {
					hs = append(hs, strings.TrimSpace(h))
				}
			}
			return &FileError{
				Problem: fmt.Sprintf("sheet %s: no column headed %q for %s (headers found: %s)", l.sheet, Clip(l.overrides[m]), m, ClipList(hs)),
				Hint:    "fix workbook.metrics in the config",
			}
		}
	}
	return nil
}

// dataRow is one row of figures.
type dataRow struct {
	row   int
	month Month
	day   int // day of month when the month came from a date, else 0
	vals  []float64
}

// builder collects the data rows of a table.
type builder struct {
	l         *layout
	src       rowSource
	date1904  bool
	rows      []dataRow
	listed    map[Month]bool
	empties   [][2]int // (row index in b.rows, metric index) of empty cells
	lastMonth textMonth
	year      int
	warnings  []Warning
	vals      []float64 // backing store for rows' values
}

func newBuilder(l *layout, src rowSource, date1904 bool) *builder {
	return &builder{l: l, src: src, date1904: date1904, listed: map[Month]bool{}, year: l.titleYear,
		warnings: append([]Warning(nil), l.notes...)}
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
		return nil // a budget or forecast line beside the actuals of its month
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
		v, ok := parseNumber(s, l.decimalComma)
		switch {
		case ok:
			vals[i] = v * l.scales[i]
			any = true
		case strings.EqualFold(strings.TrimSpace(s), "#N/A"):
			// Excel's "value not available" (=NA()): no figure, said so.
			notAvailable = append(notAvailable, l.ref(r, c))
		case strings.HasPrefix(s, "#") && strings.HasSuffix(strings.TrimSpace(s), "!"):
			if excelErr == nil {
				excelErr = &CellError{Sheet: l.sheet, Cell: l.cell(r, c), Value: s, Problem: "is an Excel error, not a number"}
			}
		default:
			if bad == nil {
				bad = &CellError{Sheet: l.sheet, Cell: l.cell(r, c), Value: s, Problem: "is not a number"}
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
				b.warnings = append(b.warnings, warn(WarnNoMonth, "%s: figures without a month, %s skipped",
					[]string{"cell", "line"}, l.ref(r, l.monthCol), l.line()))
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
		if _, isNumber := ParseNumber(raw); !isNumber && errors.As(err, &ce) && strings.HasPrefix(ce.Problem, "is not a month") {
			// A labelled row that is not a month ("Solde initial", "Budget"):
			// its figures are not a month's, and the report says it left them.
			b.warnings = append(b.warnings, warn(WarnNotMonth, "%s: %q is not a month, %s skipped",
				[]string{"cell", "label", "line"}, l.ref(r, l.monthCol), Clip(raw), l.line()))
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
		b.warnings = append(b.warnings, warn(WarnNotAvailable, "%s: #N/A, read as no figure", []string{"cell"}, ref))
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
func (b *builder) month(r int, raw string, get func(int) string) (Month, int, error) {
	l := b.l
	cellErr := func(problem string) error {
		return &CellError{Sheet: l.sheet, Cell: l.cell(r, l.monthCol), Value: raw, Problem: problem}
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
				return 0, 0, cellErr("is a month number without a year: add a year column, or the year in a title above the table or in the sheet's name")
			}
			return MonthOf(y, timeMonth(int(v))), 0, nil
		}
		return 0, 0, cellErr("is not a month")
	}
	tm, ok := parseMonthTextOrder(raw, l.monthFirst)
	if !ok {
		return 0, 0, cellErr("is not a month: write it as a date or as 2025-01, 01/2025 or janv. 2025")
	}
	if tm.year == 0 {
		y := b.yearOf(get)
		if y == 0 {
			return 0, 0, cellErr("has no year: add a year column, or the year in a title above the table or in the sheet's name")
		}
		if b.l.yearCol < 0 && b.lastMonth.month != 0 && tm.month < b.lastMonth.month {
			b.year++ // the months of a title year ran into the next year
			y = b.year
		}
		tm.year = y
	}
	b.lastMonth = tm
	return MonthOf(tm.year, tm.month), 0, nil
}

func (b *builder) yearOf(get func(int) string) int {
	if b.l.yearCol >= 0 {
		if v, ok := ParseNumber(get(b.l.yearCol)); ok && v >= 1900 && v <= 2200 {
			return int(v)
		}
	}
	return b.year
}

// finish checks the rows, computes formulas without saved values, and
// gathers the figures per month into t.
func (b *builder) finish(t *Table, src rowSource) error {
	l := b.l
	if len(l.metrics) == 0 {
		return errNoTable
	}
	if err := b.fillFormulas(src); err != nil {
		return err
	}
	// One row per month, unless this is a row-level export.
	first := map[Month]int{}
	var dup [2]int
	dupMonth := Month(-1)
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
		return &FileError{
			Problem: fmt.Sprintf("%s and %s are both %s: a monthly table has one row per month",
				l.ref(a, l.monthCol), l.ref(c, l.monthCol), dupMonth),
			Hint: "delete or merge the duplicate row",
		}
	}
	t.Sheet, t.Sheets = l.sheet, []string{l.sheet}
	for c, h := range l.headerRow {
		if c == l.monthCol || strings.TrimSpace(h) == "" {
			continue
		}
		col := Column{Header: h, Ref: l.ref(l.header, c), Scale: 1}
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
	t.Data = make(map[string]map[Month]Figure, len(l.metrics))
	withData := map[Month]bool{}
	for i, metric := range l.metrics {
		stock := IsStock(metric)
		accs := map[Month]*acc{}
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
		figs := make(map[Month]Figure, len(accs))
		for m, a := range accs {
			ref := l.ref(a.first, l.cols[i])
			if a.n > 1 {
				if stock {
					ref = l.ref(a.last, l.cols[i])
				} else {
					ref += "…" + l.cell(a.last, l.cols[i])
				}
			}
			n := a.n
			if stock {
				n = 1
			}
			v := a.sum + a.comp
			if !finite(v) {
				return &FileError{Problem: fmt.Sprintf("%s: the figures of %s for %s add up to more than a computer number can hold", ref, metric, m)}
			}
			figs[m] = Figure{Value: v, Ref: ref, Rows: n}
			withData[m] = true
		}
		if costs[metric] && allNegative(figs) {
			// Charges written as negatives, as a profit and loss statement
			// does: the cost is the amount.
			for m, f := range figs {
				f.Value = -f.Value
				figs[m] = f
			}
			t.Warnings = append(t.Warnings, warn(WarnNegativeCosts, "%s: every figure of %q is negative (charges written as negatives), read as positive amounts",
				[]string{"cell", "header"}, l.ref(l.header, l.cols[i]), Clip(strings.TrimSpace(l.headerRow[l.cols[i]]))))
		}
		t.Data[metric] = figs
		if rowLevel && stock {
			t.Warnings = append(t.Warnings, warn(WarnLastRow, "%s: several rows per month, the last row of each month is used", []string{"metric"}, metric))
		}
	}
	t.Months = slices.Sorted(maps.Keys(withData))
	t.listed = b.listed
	if rowLevel {
		t.RowsSummed = len(b.rows)
		t.Warnings = append(t.Warnings, warn(WarnRowsSummed, "%s: %d rows summed into %d months (one row per sale or entry)",
			[]string{"sheet", "rows", "months"}, l.sheet, len(b.rows), len(first)))
	}
	t.Warnings = append(t.Warnings, b.warnings...)
	if len(t.Months) == 0 {
		return &FileError{Problem: fmt.Sprintf("sheet %s: the table has no figures yet", l.sheet), Hint: "type the month's figures under the headers", empty: true}
	}
	return nil
}

// hasFigures reports whether the grid holds a number below the header in
// column c.
func hasFigures(grid [][]string, header, c int) bool {
	for r := header + 1; r < len(grid); r++ {
		if c < len(grid[r]) {
			if _, ok := ParseNumber(grid[r][c]); ok {
				return true
			}
		}
	}
	return false
}

// allNegative reports whether a metric's figures are all negative or zero,
// and not all zero.
func allNegative(figs map[Month]Figure) bool {
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
			return &CellError{Sheet: l.sheet, Cell: cell, Value: "=" + f,
				Problem: "is part of a circular reference: its formula depends on itself"}
		}
		s, err := src.calc(l.sheet, cell)
		v, ok := ParseNumber(s)
		if err != nil || !ok {
			return &CellError{Sheet: l.sheet, Cell: cell, Value: "=" + f,
				Problem: "is a formula with no saved value that could not be computed: open and save the file in Excel or LibreOffice"}
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
