package reader

import (
	"fmt"
	"strings"
)

// CellError is a cell that should hold a month or a number and does not.
type CellError struct {
	Sheet, Cell string
	// Value is the cell's text as stored.
	Value string
	// Problem says what is wrong, e.g. "is not a number".
	Problem string
}

func (e *CellError) Error() string {
	v := e.Value
	if len([]rune(v)) > 60 {
		v = string([]rune(v)[:57]) + "..."
	}
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", Ref(e.Sheet, e.Cell), e.Problem)
	}
	return fmt.Sprintf("%s: %q %s", Ref(e.Sheet, e.Cell), v, e.Problem)
}

// FileError is a workbook that cannot be opened or has no usable figures.
type FileError struct {
	// Problem is a sentence a non-programmer understands.
	Problem string
	// Hint says what to do about it; it may be empty.
	Hint string
	// Err is the underlying error, if any.
	Err error
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Problem + ": " + e.Err.Error()
	}
	return e.Problem
}

func (e *FileError) Unwrap() error { return e.Err }

// MissingMetricError is a metric a KPI needs that the workbook lacks.
type MissingMetricError struct {
	Sheet   string
	Metrics []string
	// Found are the headers of the sheet, as written.
	Found []string
}

func (e *MissingMetricError) Error() string {
	return fmt.Sprintf("sheet %s: no column for %s (headers found: %s)",
		e.Sheet, strings.Join(e.Metrics, ", "), strings.Join(e.Found, ", "))
}

// Ref formats a cell reference with its sheet as Excel writes it: Données!C14,
// or 'Ventes 2025'!C14 when the sheet name needs quoting.
func Ref(sheet, cell string) string {
	if strings.ContainsAny(sheet, " -+()&,;'!") {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet + "!" + cell
}
