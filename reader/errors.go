package reader

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"

	"github.com/xuri/excelize/v2"
)

// CellError is a cell that should hold a month or a number and does not.
// Kind names its sentence in templates/messages/reader.*.yaml (key
// cell.<kind>, with {cell} and {value}).
type CellError struct {
	Sheet, Cell string
	// Value is the cell's text as stored.
	Value string
	Kind  string
}

// Error writes the message in English.
func (e *CellError) Error() string { return e.Message("en") }

// Message writes the message in a language, the cell's text cut to 60
// characters.
func (e *CellError) Message(lang string) string {
	v := e.Value
	if len([]rune(v)) > 60 {
		v = string([]rune(v)[:57]) + "..."
	}
	args := map[string]string{"cell": figures.Ref(e.Sheet, e.Cell), "value": v}
	return templates.Message(lang, "cell."+e.Kind, args)
}

// The kinds of CellError, each a sentence cell.<kind> in templates.
const (
	CellNotNumber          = "not_number"           // text that is not a number
	CellExcelError         = "excel_error"          // #DIV/0!, #REF!... where a figure is
	CellDateNotNumber      = "date_not_number"      // a date where a figure is
	CellNotMonth           = "not_month"            // a number in the month column that is no month
	CellNotMonthText       = "not_month_text"       // text in the month column that is no month
	CellNoYear             = "no_year"              // a month name without a year anywhere
	CellMonthNumberNoYear  = "month_number_no_year" // 1..12 without a year anywhere
	CellCircular           = "circular"             // a formula depending on itself
	CellFormulaNotComputed = "formula_not_computed" // a formula without a value, not computable
)

// ErrorList is every bad cell of a sheet, in the sheet's order, as
// go/scanner's ErrorList gathers a file's syntax errors: one run names them
// all.
type ErrorList []*CellError

// MaxListed is how many bad cells a message lists before counting the rest.
const MaxListed = 10

// Error names the first bad cell and counts the others, in English.
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
func (l ErrorList) Sort() { sort.Stable(l) }

// Lines returns the messages of the first MaxListed cells in a language,
// then how many more there are, one a line, as the command prints them.
func (l ErrorList) Lines(lang string) []string {
	var out []string
	for i, e := range l {
		if i == MaxListed {
			out = append(out, templates.Message(lang, "cells.more", map[string]string{"count": strconv.Itoa(len(l) - MaxListed)}))
			break
		}
		out = append(out, e.Message(lang))
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
// It holds no sentence: Kind names it in templates/messages/reader.*.yaml
// (key reader.<kind>) and Args fill it; the command chooses the hint by
// the kind, since what to do may name its flags and the config's keys.
type FileError struct {
	Kind string
	Args map[string]string
	// Err is the underlying error, if any.
	Err error

	// empty marks a table laid out but not filled in yet.
	empty bool
}

// fileErr makes a file error of a kind from pairs of argument names and
// values.
func fileErr(kind string, err error, pairs ...string) *FileError {
	args := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i]] = pairs[i+1]
	}
	return &FileError{Kind: kind, Args: args, Err: err}
}

// Error writes the message in English.
func (e *FileError) Error() string {
	msg := templates.Message("en", "reader."+e.Kind, e.Args)
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

// Message writes the message in a language, the underlying library's
// words, if any, in brackets after it.
func (e *FileError) Message(lang string) string {
	msg := templates.Message(lang, "reader."+e.Kind, e.Args)
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// sizeLimitError is a package whose parts unpack to more than allowed.
type sizeLimitError struct{ limit int64 }

func (e *sizeLimitError) Error() string {
	return fmt.Sprintf("unzip size exceeds the %d bytes limit", e.limit)
}

// excelizeSizeLimit reports whether excelize refused an encrypted workbook
// for its unpacked size: excelize has no typed error for it, so its words
// are matched here, in this one place.
func excelizeSizeLimit(err error) bool {
	return strings.HasPrefix(err.Error(), "unzip size exceeds")
}
