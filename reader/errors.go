package reader

import (
	"fmt"
	"sort"

	"github.com/kpireport/kpireport/figures"

	"github.com/xuri/excelize/v2"
)

// CellError is a cell that should hold a month or a number and does not.
type CellError struct {
	Sheet, Cell string
	// Value is the cell's text as stored.
	Value string
	// Kind names what is wrong, for messages worded elsewhere: one of the
	// Cell* kinds below.
	Kind string
	// Problem says what is wrong in English, e.g. "is not a number".
	Problem string
}

// The kinds of CellError.
const (
	CellNotNumber     = "not_number"      // text that is not a number
	CellExcelError    = "excel_error"     // #DIV/0!, #REF!... where a figure is
	CellDateNotNumber = "date_not_number" // a date where a figure is
	CellNotMonth      = "not_month"       // a month cell that is not a month
	CellNoYear        = "no_year"         // a month without a year anywhere
	CellCircular      = "circular"        // a formula depending on itself
	CellNotComputed   = "not_computed"    // a formula without a value, not computable
)

// Error writes the message as users read it.
func (e *CellError) Error() string {
	v := e.Value
	if len([]rune(v)) > 60 {
		v = string([]rune(v)[:57]) + "..."
	}
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", figures.Ref(e.Sheet, e.Cell), e.Problem)
	}
	return fmt.Sprintf("%s: %q %s", figures.Ref(e.Sheet, e.Cell), v, e.Problem)
}

// ErrorList is every bad cell of a sheet, in the sheet's order, as
// go/scanner's ErrorList gathers a file's syntax errors: one run names them
// all.
type ErrorList []*CellError

// MaxListed is how many bad cells a message lists before counting the rest.
const MaxListed = 10

// Error names the first bad cell and counts the others.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", l[0], len(l)-1)
}

// Unwrap returns the cells' errors, so that errors.As finds the first
// CellError.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Len, Less and Swap sort the list by sheet, row and column.
func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i], l[j]
	if a.Sheet != b.Sheet {
		return a.Sheet < b.Sheet
	}
	ac, ar, _ := excelize.CellNameToCoordinates(a.Cell)
	bc, br, _ := excelize.CellNameToCoordinates(b.Cell)
	if ar != br {
		return ar < br
	}
	return ac < bc
}

// Sort sorts the list by sheet, row and column.
func (l ErrorList) Sort() { sort.Sort(l) }

// Lines returns the messages of the first MaxListed cells, then how many
// more there are, one a line, as the command prints them.
func (l ErrorList) Lines() []string {
	var out []string
	for i, e := range l {
		if i == MaxListed {
			out = append(out, fmt.Sprintf("and %d more cells that cannot be read", len(l)-MaxListed))
			break
		}
		out = append(out, e.Error())
	}
	return out
}

// Err returns the list sorted as an error, nil when empty; errors.As finds
// its first CellError.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
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
