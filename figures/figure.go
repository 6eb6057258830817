package figures

import (
	"strconv"
	"strings"
	"unicode"
)

// Figure is one metric's value for one month, with where it came from.
type Figure struct {
	Value float64
	// Source is where the value was read.
	Source Source
	// Rows is the number of rows summed into the figure (1 for a monthly
	// table).
	Rows int
}

// Source is where a figure comes from: a cell of a sheet, a range of
// rows summed (Sheet1!L2…L701), or a line of a ledger.
type Source struct {
	// Sheet and Cell name the cell (Données, C14); Last is the last cell
	// of the rows summed into the figure, "" for one cell.
	Sheet, Cell, Last string
	// File and Line name a ledger's line, for sources that are not sheets.
	File string
	Line int
}

// Cell returns the source of one cell of a sheet.
func Cell(sheet, cell string) Source { return Source{Sheet: sheet, Cell: cell} }

// String writes the source as a user reads it: Données!C14, 'Ventes
// 2025'!C14, Sheet1!L2…L701, or grand-livre.csv:42.
func (s Source) String() string {
	switch {
	case s.Cell != "" && s.Last != "" && s.Last != s.Cell:
		return Ref(s.Sheet, s.Cell) + "…" + s.Last
	case s.Cell != "":
		return Ref(s.Sheet, s.Cell)
	case s.File != "":
		return s.File + ":" + strconv.Itoa(s.Line)
	}
	return ""
}

// Ref formats a cell reference with its sheet as Excel writes it: Données!C14,
// or 'Ventes 2025'!C14 when the sheet name needs quoting.
func Ref(sheet, cell string) string {
	if quoted(sheet) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	return sheet + "!" + cell
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

// cellLike reports whether Excel would read a sheet name as a cell: A1,
// XFD12, R1C1, RC.
func cellLike(s string) bool {
	letters := 0
	for letters < len(s) && letters < 3 && isLetter(s[letters]) {
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

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// allDigits reports whether s is only digits (true when empty).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
