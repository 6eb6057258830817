package figures

import (
	"strconv"
	"strings"
)

// Scenario names a set of figures of one table: what happened (actual),
// or what was planned (budget).
type Scenario string

// The scenarios a table may hold.
const (
	Actual Scenario = "actual"
	Budget Scenario = "budget"
)

// Values are one scenario's figures: each metric's figures by month.
type Values map[string]map[Month]Figure

// Column is a header of the table and the metric it was recognised as.
type Column struct {
	Header string
	// Source is the header's cell.
	Source Source
	// Metric is the metric the header names, "" when none.
	Metric string
	// Scale is the factor the column's cells were multiplied by: 1000 for
	// amounts in thousands (k€), 1 for plain figures.
	Scale float64
}

// Table is what a source read: monthly figures per metric and scenario.
type Table struct {
	// File is the source's path as given; SHA256 the hex digest of its bytes.
	File, SHA256 string
	// Sheet is the sheet read, or the sheets joined ("2025, 2026") when the
	// workbook has one sheet per year; Sheets lists them.
	Sheet  string
	Sheets []string
	// BudgetSheets are the sheets the budget was read from, when it has
	// sheets of its own (Budget 2025).
	BudgetSheets []string
	// Columns are the table's headers in sheet order (the month column aside).
	Columns []Column
	// Data holds each scenario's figures; Data[Actual] is always set.
	Data map[Scenario]Values
	// Months are the months with at least one actual figure, sorted.
	Months []Month
	// Listed are the months the source lists, with figures or not.
	Listed map[Month]bool
	// Missing are the months without figures between the first and last
	// month with figures: absent from the source, or listed blank.
	Missing []Month
	// RowsSummed is the number of rows of a row-level export that were
	// summed into months; 0 for a monthly table.
	RowsSummed int
	// Warnings are problems the report must mention, in order.
	Warnings []Warning
}

// NewTable returns an empty table of a file, ready to be filled.
func NewTable(file, sha256 string) *Table {
	return &Table{File: file, SHA256: sha256, Data: map[Scenario]Values{Actual: {}}, Listed: map[Month]bool{}}
}

// HasBudget reports whether the table holds budget figures.
func (t *Table) HasBudget() bool { return len(t.Data[Budget]) > 0 }

// Actual returns the actual figures.
func (t *Table) Actual() Values { return t.Data[Actual] }

// Has reports whether the table has actual figures for the metric.
func (t *Table) Has(metric string) bool {
	_, ok := t.Data[Actual][metric]
	return ok
}

// Get returns a metric's actual figure for a month.
func (t *Table) Get(metric string, m Month) (Figure, bool) { return t.GetIn(Actual, metric, m) }

// GetIn returns a metric's figure for a month in a scenario.
func (t *Table) GetIn(s Scenario, metric string, m Month) (Figure, bool) {
	f, ok := t.Data[s][metric][m]
	return f, ok
}

// Latest returns the last month holding an actual figure.
func (t *Table) Latest() (Month, bool) {
	if len(t.Months) == 0 {
		return 0, false
	}
	return t.Months[len(t.Months)-1], true
}

// Header returns the column header of a metric as written in the workbook,
// or the metric's name when it has no column.
func (t *Table) Header(metric string) string {
	for _, c := range t.Columns {
		if c.Metric == metric {
			return strings.TrimSpace(c.Header)
		}
	}
	return metric
}

// Scale returns the factor a metric's cells were multiplied by (1000 for
// k€), 1 when none or when the metric has no column.
func (t *Table) Scale(metric string) float64 {
	for _, c := range t.Columns {
		if c.Metric == metric && c.Scale != 0 {
			return c.Scale
		}
	}
	return 1
}

// Headers returns the headers found, as written, for error messages.
func (t *Table) Headers() []string {
	hs := make([]string, 0, len(t.Columns))
	for _, c := range t.Columns {
		hs = append(hs, strings.TrimSpace(c.Header))
	}
	return hs
}

// MissingMetricError is a metric the KPIs need that the table lacks.
type MissingMetricError struct {
	Sheet   string
	Metrics []string
	// Found are the headers of the table, as written.
	Found []string
	// Closest is the header that comes closest to the first missing
	// metric, "" when none does.
	Closest string
	// Metric is the missing metric Closest would give, "" when none.
	Metric string
}

// MapLine returns the workbook.metrics line of the config that maps the
// closest header to its metric ("revenue: Vente"), the header quoted when
// YAML needs it; "" when no header comes close.
func (e *MissingMetricError) MapLine() string {
	if e.Closest == "" || e.Metric == "" {
		return ""
	}
	h := e.Closest
	if h != strings.TrimSpace(h) || strings.ContainsAny(h, ":#'\"{}[],&*!|>%@`\n") ||
		strings.ContainsAny(h[:1], "-?") {
		h = strconv.Quote(h)
	}
	return e.Metric + ": " + h
}

// Error says what is missing, in English; the command words it from
// templates by its type.
func (e *MissingMetricError) Error() string {
	return "sheet " + e.Sheet + ": no column for " + strings.Join(e.Metrics, ", ") +
		" (headers found: " + ClipList(e.Found) + ")"
}

// Require checks that the table has every metric in needed, naming the
// missing ones and the headers found.
func (t *Table) Require(needed []string) error {
	var missing []string
	for _, m := range needed {
		if !t.Has(m) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &MissingMetricError{Sheet: t.Sheet, Metrics: missing, Found: t.Headers()}
}
