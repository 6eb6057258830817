package reader

import (
	"fmt"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
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
