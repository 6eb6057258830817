package reader

// This file finds a sheet's layout: the header row (or column), the month
// column (or row), the metric each header names and the scale of its
// figures.

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/number"
)

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
	out := make([]string, max(len(row), len(above)))
	for c := range out {
		out[c] = twoLevelHeader(row, above, c, overrides)
	}
	return out
}

// twoLevelHeader returns the header of column c of row under the row
// above: its own text when it names something, the text above when the
// header is merged down over both rows, or the group header above joined
// to it when that names a metric.
func twoLevelHeader(row, above []string, c int, overrides map[string]string) string {
	cell := cellAt(row, c)
	if number.LooksNumeric(cell) && isPlainNumber(cell) || namesColumn(cell, overrides) {
		return cell // a figure (no header row), or a header of its own
	}
	up := cellAt(above, c)
	if strings.TrimSpace(cell) == "" {
		if strings.TrimSpace(up) != "" && (namesColumn(up, overrides) || yearHeaders[fold(up)]) {
			return up // merged down over the two header rows
		}
		return cell
	}
	if parent := groupHeader(row, above, c); parent != "" && MatchHeader(parent+" "+cell, overrides) != "" {
		return parent + " " + cell
	}
	return cell
}

// namesColumn reports whether a header names a metric or the months.
func namesColumn(h string, overrides map[string]string) bool {
	return MatchHeader(h, overrides) != "" || monthHeaders[fold(h)]
}

// groupHeader returns the group header above column c: the nearest text of
// the row above at or left of c, as a merged cell spans to the right, unless
// a column between them has no sub-header (the group ends there).
func groupHeader(row, above []string, c int) string {
	for p := min(c, len(above)-1); p >= 0; p-- {
		if strings.TrimSpace(above[p]) != "" {
			return above[p]
		}
		if p < len(row) && p != c && strings.TrimSpace(row[p]) == "" {
			return ""
		}
	}
	return ""
}

// cellAt returns the cell c of a row, "" beyond its end.
func cellAt(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// monthColumn finds the month column of a header row: a column headed like
// a month whose cells below hold months, or else the column whose cells
// below most often hold months.
func monthColumn(grid [][]string, header int, row []string, overrides map[string]string, date1904 bool) int {
	headed := make([]bool, len(row)) // each header folded once
	for c, h := range row {
		headed[c] = monthHeaders[fold(h)]
	}
	hits := func(c int) int {
		n := 0
		headed := c < len(row) && headed[c]
		for r := header + 1; r < len(grid) && r <= header+24; r++ {
			if c < len(grid[r]) {
				if _, ok := monthCell(grid[r][c], date1904, headed); ok {
					n++
				}
			}
		}
		return n
	}
	for c, h := range row {
		if headed[c] && MatchHeader(h, overrides) == "" && hits(c) > 0 {
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

// monthCell reports whether a cell looks like a month: a date, a month
// written as text (with or without its year), or, in a column headed as
// the months (headed), a date's serial number without a date format. A
// plain number elsewhere is a figure: 55 694,736 is not June 2052.
func monthCell(s string, date1904, headed bool) (textMonth, bool) {
	if s == "" {
		return textMonth{}, false
	}
	if m, _, ok := isoMonth(s); ok {
		return textMonth{m.Year(), m.Month()}, true
	}
	if v, err := strconv.ParseFloat(s, 64); number.LooksNumeric(s) && err == nil {
		if m, ok := serialMonth(v, date1904); ok && headed {
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
		l.monthHeaded = l.monthCol < len(row) && monthHeaders[fold(row[l.monthCol])]
	}
	titles := l.titles(grid)
	l.titleYear = titleYear(titles, sheet)
	l.findMetrics(grid, row, overrides)
	var cells []string
	for _, c := range l.cols {
		cells = append(cells, l.below(grid, c)...)
	}
	l.convention = number.ConventionOf(cells)
	for c, h := range row {
		if c != l.monthCol && yearHeaders[fold(h)] {
			l.yearCol = c
		}
		if c != l.monthCol && scenarioHeaders[fold(h)] {
			l.scenarioCol = c
		}
	}
	l.scales = l.findScales(grid, row, titles)
	l.findBudgetColumns(row, titles)
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
		if isoDateRe.MatchString(c) {
			continue // a date above the table ("édité le") is no title
		}
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
				l.notes = append(l.notes, warn(figures.WarnSameMetric, []string{"cell", "header", "metric", "used"}, l.ref(l.header, c), figures.Clip(strings.TrimSpace(h)), metric, figures.Clip(strings.TrimSpace(overrides[metric]))))
				continue
			}
			// Every metric mapped to this header reads it (orders and
			// conversions: Total Orders).
			taken[metric] = true
			l.metrics = append(l.metrics, metric)
			l.cols = append(l.cols, c)
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
				l.notes = append(l.notes, warn(figures.WarnSameMetric, []string{"cell", "header", "metric", "used"}, l.ref(l.header, c), figures.Clip(strings.TrimSpace(row[c])), m, figures.Clip(strings.TrimSpace(row[best]))))
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
		if !named && figures.Known(l.metrics[i]) && !figures.IsCount(l.metrics[i]) {
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
			return fileErr("no_mapped_column", nil, "sheet", l.sheet, "header", figures.Clip(l.overrides[m]), "metric", m, "headers", figures.ClipList(hs))
		}
	}
	return nil
}

// hasFigures reports whether the grid holds a number below the header in
// column c.
func hasFigures(grid [][]string, header, c int) bool {
	for r := header + 1; r < len(grid); r++ {
		if c < len(grid[r]) {
			if _, ok := number.Parse(grid[r][c]); ok {
				return true
			}
		}
	}
	return false
}
