package reader

// This file chooses the sheets the table is read from: the first visible
// sheet holding monthly figures, joined by the later sheets that continue
// it (the same layout with other months, or other metrics for the same
// months). A pivot, analysis or dashboard sheet, or a copy of another
// sheet, never joins it, and a later sheet never turns a good reading into
// an error.

import (
	"errors"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/kpireport/kpireport/figures"
)

// choice is the sheet choice under way, as the sheets are read in order.
type choice struct {
	file, sha string
	src       rowSource
	overrides map[string]string
	date1904  bool

	found *figures.Table // the table, once a sheet holds one
	shape *layout        // the layout of its first sheet
	// pivot is the first pivot sheet's table, read only when no other
	// sheet holds one.
	pivot *figures.Table
	empty error             // the first table not filled in yet (next year's sheet)
	notes []figures.Warning // sheets with other figures for the same months
	left  []figures.Warning // sheets left out, said so
	plans []string          // budget sheets, read into the budget scenario (budget.go)
}

// readTables reads the first of the sheets holding a table, joined by the
// later sheets that continue it: a sheet per year, or a sheet per topic
// over the same months. A budget or forecast sheet never joins it: its
// figures, not what happened, are read as the budget; a workbook whose only
// table is a budget's is an error. It returns nil and no error when no
// sheet holds a table, and the first empty table's error when the only
// tables are empty.
func readTables(t *figures.Table, src rowSource, sheets []string, overrides map[string]string, date1904 bool) (*figures.Table, error) {
	c := &choice{file: t.File, sha: t.SHA256, src: src, overrides: overrides, date1904: date1904}
	ordered := slices.Clone(sheets)
	slices.SortStableFunc(ordered, func(a, b string) int { return cmpBool(isPlan(a), isPlan(b)) })
	for _, s := range ordered {
		if err := c.consider(s); err != nil {
			return nil, err
		}
	}
	if c.found == nil {
		c.found = c.pivot
	}
	if c.found == nil {
		if c.empty == nil && len(c.plans) > 0 {
			if err := readSheet(figures.NewTable(t.File, t.SHA256), src, c.plans[0], overrides, date1904, false); err == nil {
				return nil, onlyBudgetError(c.plans[0])
			}
		}
		return nil, c.empty
	}
	if err := readBudgetSheets(c.found, src, c.plans, overrides, date1904); err != nil {
		return nil, err
	}
	c.found.Warnings = append(c.found.Warnings, capSheets(c.notes)...)
	c.found.Warnings = append(c.found.Warnings, c.left...)
	noteMissing(c.found)
	return c.found, nil
}

// capSheets names the first three sheets holding other figures for the
// table's months and counts the rest: a workbook with a sheet per shop or
// per client holds many.
func capSheets(notes []figures.Warning) []figures.Warning {
	const named = 3
	if len(notes) <= named {
		return notes
	}
	var rest []string
	for _, w := range notes[named:] {
		rest = append(rest, w.Args["sheet"])
	}
	return append(notes[:named:named], warn(figures.WarnMoreSheets, []string{"count", "sheets"}, len(rest), strings.Join(rest, ", ")))
}

// consider reads one sheet and takes its table as the table, joins it to
// the table, or leaves it out. It returns the errors that stop the
// reading: the first table's, a damaged sheet's, or that of a sheet
// continuing the table (it may hold the latest months).
func (c *choice) consider(s string) error {
	switch {
	case isBudgetSheet(s):
		c.plans = append(c.plans, s)
		return nil
	case c.found != nil && (isAnalysisSheet(s) || isPivotSheet(c.src, s)):
		return nil // never joins the table: not read
	}
	st := figures.NewTable(c.file, c.sha)
	l, err := readSheetLayout(st, c.src, s, c.overrides, c.date1904, false)
	pivot := l != nil && l.pivot || isPivotSheet(c.src, s)
	var fe *FileError
	switch {
	case errors.Is(err, errNoTable):
		return nil
	case errors.As(err, &fe) && fe.empty:
		if c.empty == nil {
			c.empty = err
		}
		return nil
	case err != nil:
		return c.failed(s, l, pivot, err)
	case pivot:
		if c.pivot == nil {
			c.pivot = st
		}
		return nil
	case c.found == nil:
		c.found, c.shape = st, l
		return nil
	}
	c.join(st, l)
	return nil
}

// failed decides what a sheet that cannot be read does to the reading: the
// first table's error, a damaged sheet's and that of a sheet laid out as
// the table with one of its metrics stop it; a pivot sheet, or a later
// sheet that does not continue the table, is left out, said so.
func (c *choice) failed(s string, l *layout, pivot bool, err error) error {
	switch {
	case pivot:
		return nil
	case c.found == nil || !skippable(err) || c.continues(l):
		return err
	}
	c.left = append(c.left, warn(figures.WarnSheetNotRead, []string{"sheet", "first"}, s, c.shape.sheet))
	return nil
}

// skippable reports whether an error is one of a sheet's figures or
// headers, which a sheet that does not continue the table may leave out,
// rather than a damaged file.
func skippable(err error) bool {
	var ce *CellError
	var fe *FileError
	switch {
	case errors.As(err, &ce):
		return true
	case errors.As(err, &fe):
		return fe.Kind == "no_mapped_column" || fe.Kind == "duplicate_month" || fe.Kind == "overflow"
	}
	return false
}

// continues reports whether a later sheet laid out as l is laid out as the
// table (one month per row or per column, or a year grid) and shares one
// of its metrics.
func (c *choice) continues(l *layout) bool {
	if !sameLayout(c.shape, l) {
		return false
	}
	for _, m := range l.metrics {
		if c.found.Has(m) {
			return true
		}
	}
	return false
}

// sameLayout reports whether two sheets are laid out alike.
func sameLayout(a, b *layout) bool {
	return a != nil && b != nil && a.transposed == b.transposed && a.yearGrid == b.yearGrid
}

// join adds the figures of a later sheet that continues the table, and
// notes why a sheet left out is.
func (c *choice) join(o *figures.Table, l *layout) {
	if !sameLayout(c.shape, l) {
		c.left = append(c.left, warn(figures.WarnSheetNotJoined, []string{"sheet", "first"}, o.Sheet, c.shape.sheet))
		return
	}
	metrics, why := joins(c.found, o)
	if len(metrics) > 0 {
		merge(c.found, o, metrics)
	}
	if why == nil {
		return
	}
	if why.Kind == figures.WarnSheetOverlap {
		c.notes = append(c.notes, *why)
	} else {
		c.left = append(c.left, *why)
	}
}

// merge adds the figures of metrics read from another sheet to t: a later
// year of the same metrics, or other metrics for the same months.
func merge(t, o *figures.Table, metrics []string) {
	t.Sheet += ", " + o.Sheet
	t.Sheets = append(t.Sheets, o.Sheets...)
	for _, c := range o.Columns {
		if c.Metric == "" || slices.Contains(metrics, c.Metric) && !t.Has(c.Metric) {
			t.Columns = append(t.Columns, c)
		}
	}
	months := map[figures.Month]bool{}
	for _, m := range t.Months {
		months[m] = true
	}
	for _, metric := range metrics {
		if t.Data[figures.Actual][metric] == nil {
			t.Data[figures.Actual][metric] = make(map[figures.Month]figures.Figure, len(o.Data[figures.Actual][metric]))
		}
		for m, f := range o.Data[figures.Actual][metric] {
			t.Data[figures.Actual][metric][m] = f
			months[m] = true
		}
	}
	t.Months = slices.Sorted(maps.Keys(months))
	for m := range o.Listed {
		t.Listed[m] = true
	}
	for _, m := range o.Partial { // a month a joined sheet holds only in part is partial
		if !slices.Contains(t.Partial, m) {
			t.Partial = append(t.Partial, m)
		}
	}
	t.RowsSummed += o.RowsSummed
	t.Warnings = append(t.Warnings, o.Warnings...)
}

// joins returns the metrics of o, read from a later sheet laid out as t,
// that t takes: all of them when o holds later months of t's metrics (a
// sheet per year) or other metrics for t's months (a sheet per topic); only
// those t lacks when o also holds other figures for t's metrics and months,
// which it names in why. A copy of t's figures (a sheet feeding charts)
// adds nothing and is left out without a word, unless its name says a
// month it does not hold (April's sheet copied from March's): why says so.
// A sheet holding neither t's months nor its metrics does not continue it:
// nothing is taken, and why says so.
func joins(t, o *figures.Table) (metrics []string, why *figures.Warning) {
	var overlap []figures.Month
	for m := range o.Listed {
		if t.Listed[m] {
			overlap = append(overlap, m)
		}
	}
	slices.Sort(overlap)
	var shared, others []string
	for _, c := range o.Columns { // in the sheet's order
		metric := c.Metric
		if !o.Has(metric) || slices.Contains(shared, metric) || slices.Contains(others, metric) {
			continue
		}
		if t.Has(metric) {
			shared = append(shared, metric)
		} else {
			others = append(others, metric)
		}
	}
	switch {
	case len(overlap) == 0 && len(shared) == 0:
		w := warn(figures.WarnSheetNotJoined, []string{"sheet", "first"}, o.Sheet, t.Sheets[0])
		return nil, &w
	case len(overlap) == 0 || len(shared) == 0:
		return append(shared, others...), nil
	case holdsCopy(t, o, overlap):
		if misnamed(o.Sheet, overlap) {
			w := warn(figures.WarnSheetCopy, []string{"sheet", "copied", "months"}, o.Sheet, copiedFrom(t, shared, overlap), figures.Span(overlap))
			why = &w
		}
		return others, why
	}
	headers := make([]string, len(shared))
	for i, metric := range shared {
		headers[i] = o.Header(metric)
	}
	w := warn(figures.WarnSheetOverlap, []string{"sheet", "headers", "months", "first"}, o.Sheet, figures.List(headers), figures.Span(overlap), t.Sheet)
	return others, &w
}

// holdsCopy reports whether o's figures for the months are t's, to the cent,
// for every metric both have.
func holdsCopy(t, o *figures.Table, months []figures.Month) bool {
	shared := 0
	for metric, figs := range o.Data[figures.Actual] {
		if !t.Has(metric) {
			continue
		}
		for _, m := range months {
			a, okA := t.Get(metric, m)
			b, okB := figs[m]
			if okA != okB || okA && math.Abs(a.Value-b.Value) >= 0.005 {
				return false
			}
			if okA {
				shared++
			}
		}
	}
	return shared > 0
}

// misnamed reports whether a sheet's name says a month ("April", "Avril
// 2024") that none of its months is.
func misnamed(sheet string, months []figures.Month) bool {
	tm, ok := parseMonthText(sheet)
	if !ok || tm.month == 0 {
		return false
	}
	for _, m := range months {
		if m.Month() == tm.month && (tm.year == 0 || m.Year() == tm.year) {
			return false
		}
	}
	return true
}

// copiedFrom returns the sheet t read a copied figure from: that of the
// first metric and month both sheets hold.
func copiedFrom(t *figures.Table, metrics []string, months []figures.Month) string {
	for _, metric := range metrics {
		for _, m := range months {
			if f, ok := t.Get(metric, m); ok && f.Source.Sheet != "" {
				return f.Source.Sheet
			}
		}
	}
	return t.Sheet
}
