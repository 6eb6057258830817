package reader

import (
	"fmt"

	"github.com/kpireport/kpireport/figures"
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
		return fmt.Sprintf("%s: %s", figures.Ref(e.Sheet, e.Cell), e.Problem)
	}
	return fmt.Sprintf("%s: %q %s", figures.Ref(e.Sheet, e.Cell), v, e.Problem)
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
