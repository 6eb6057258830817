package reader

import (
	"fmt"
	"strings"
	"unicode"
)

// CellError is a cell that should hold a month or a number and does not.
type CellError struct {
	Sheet, Cell string
	// Value is the cell's text as stored.
	Value string
	// Problem says what is wrong, e.g. "is not a number".
	Problem string
}

// Error writes the message as users read it.
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

	// empty marks a table laid out but not filled in yet.
	empty bool
}

// Error writes the message as users read it.
func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Problem + ": " + e.Err.Error()
	}
	return e.Problem
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// MissingMetricError is a metric a KPI needs that the workbook lacks.
type MissingMetricError struct {
	Sheet   string
	Metrics []string
	// Found are the headers of the sheet, as written.
	Found []string
}

// Error writes the message as users read it.
func (e *MissingMetricError) Error() string {
	return fmt.Sprintf("sheet %s: no column for %s (headers found: %s)",
		e.Sheet, strings.Join(e.Metrics, ", "), ClipList(e.Found))
}

// Ref formats a cell reference with its sheet as Excel writes it: Données!C14,
// or 'Ventes 2025'!C14 when the sheet name needs quoting.
func Ref(sheet, cell string) string {
	if quoted(sheet) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet + "!" + cell
}

// cellLike reports whether Excel would read a sheet name as a cell: A1,
// XFD12, R1C1, RC.
func cellLike(s string) bool {
	letters := 0
	for letters < len(s) && letters < 3 && isASCIILetter(s[letters]) {
		letters++
	}
	if letters > 0 && letters < len(s) && allDigits(s[letters:]) {
		return true
	}
	if len(s) == 0 || s[0] != 'r' && s[0] != 'R' {
		return false
	}
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i < len(s) && (s[i] == 'c' || s[i] == 'C') && allDigits(s[i+1:])
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// allDigits reports whether s is only digits (true when empty).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoted reports whether Excel writes the sheet's name in quotes in a
// reference: unless it is letters, digits, _ and . only, not starting with a
// digit, and not a cell's name ('2025'!B4, 'Réel 2025'!B4, Données!B4).
func quoted(sheet string) bool {
	if sheet == "" || cellLike(sheet) {
		return true
	}
	for i, r := range sheet {
		if unicode.IsLetter(r) || r == '_' || (i > 0 && (unicode.IsDigit(r) || r == '.')) {
			continue
		}
		return true
	}
	return false
}
