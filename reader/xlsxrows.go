package reader

// This file streams the rows of an .xlsx sheet: cells typed as the reader
// sees them, formulas noted, and a sheet cut short or damaged refused.

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/number"
	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// sheetRows yields a sheet's rows in order, one per row number, empty rows
// included, as excelize's iterator does.
type sheetRows struct {
	sc      xmlscan.Scanner
	pieces  *xmlscan.Pieces // the rest of the sheet; nil when sc holds it all
	rc      io.Closer       // the sheet's stream, closed by Close
	sst     []string
	src     *zipSource
	notes   *sheetNotes // what the scan notes about the sheet's cells
	row     int         // the row number last returned
	pending []string    // the next row read from the XML
	pendRow int         // its number, 0 when none
	done    bool
	cur     []string
	err     error
}

func (it *sheetRows) Next() bool {
	if it.err != nil {
		return false
	}
	it.row++
	if it.pendRow == 0 && !it.done {
		it.readRow()
	}
	if it.pendRow == 0 {
		return false
	}
	if it.pendRow > it.row {
		it.cur = nil
		return true
	}
	it.cur, it.pendRow = it.pending, 0
	return true
}

func (it *sheetRows) Columns() ([]string, error) { return it.cur, it.err }

// Err returns the error that ended the rows, nil at the sheet's end.
func (it *sheetRows) Err() error { return it.err }

func (it *sheetRows) Close() error {
	if it.rc != nil {
		return it.rc.Close()
	}
	return nil
}

// nextTag returns the next tag of the sheet, reading the next piece when
// the current one is used up.
func (it *sheetRows) nextTag() (xmlscan.Tag, bool) {
	for {
		if t, ok := it.sc.Next(); ok {
			return t, true
		}
		if it.pieces == nil {
			return xmlscan.Tag{}, false
		}
		b, ok := it.pieces.Next()
		if !ok {
			if it.pieces.Err() != nil && it.err == nil {
				it.err = it.pieces.Err()
			}
			return xmlscan.Tag{}, false
		}
		it.sc = xmlscan.Scanner{B: b}
	}
}

// errCut is a sheet whose XML ends before its end: a file cut short, or
// damaged.
var errCut = errors.New("its XML ends before the end of the sheet (the file was cut short or damaged)")

// readRow reads the next <row> element into pending.
func (it *sheetRows) readRow() {
	for {
		tag, ok := it.nextTag()
		if !ok {
			it.fail(errCut) // the sheet ends before </sheetData>
			return
		}
		if tag.Name == "sheetData" && (tag.End || tag.SelfClosing) {
			it.finish()
			return
		}
		if tag.Name != "row" || tag.End {
			continue
		}
		it.startRow(tag)
		if tag.SelfClosing {
			return
		}
		if !it.rowCells() {
			it.fail(errCut)
		}
		return
	}
}

// fail ends the rows with an error.
func (it *sheetRows) fail(err error) {
	if it.err == nil {
		it.err = err
	}
	it.done, it.pendRow = true, 0
}

// finish reads the rest of the sheet after </sheetData>: it must end with
// </worksheet>, and the zip's checksum is checked on the way.
func (it *sheetRows) finish() {
	it.done = true
	for {
		tag, ok := it.nextTag()
		if !ok {
			if it.err == nil {
				it.fail(errCut)
			}
			return
		}
		if tag.Name == "worksheet" && tag.End {
			for _, ok := it.nextTag(); ok; _, ok = it.nextTag() {
			}
			return
		}
	}
}

// startRow notes the number of the row a <row> tag opens.
func (it *sheetRows) startRow(tag xmlscan.Tag) {
	n := it.row
	if r, ok := tag.AttrRaw("r"); ok {
		if v, ok := digits(r); ok && v > 0 && v <= excelize.TotalRows {
			n = v
		}
	}
	if n < it.row {
		n = it.row // rows out of order: keep going forward
	}
	it.pendRow = n
	it.pending = nil
}

// rowCells reads a row's cells up to </row>; false when the XML ends
// first.
func (it *sheetRows) rowCells() bool {
	sc := &it.sc
	col, n := 0, it.pendRow
	for {
		c, ok := sc.Next()
		if !ok {
			return false
		}
		if c.Name == "row" && c.End {
			return true
		}
		if c.Name != "c" || c.End {
			continue
		}
		col++
		if ref, hasRef := c.AttrRaw("r"); hasRef {
			if x, ok := column(ref); ok {
				col = x
			}
		}
		if col > excelize.MaxColumns {
			it.fail(fmt.Errorf("row %d: column beyond XFD", n))
			return true
		}
		v := ""
		if !c.SelfClosing {
			if v, ok = it.cell(c, col, n); !ok {
				return false
			}
		}
		if v == "" {
			continue
		}
		for len(it.pending) < col {
			it.pending = append(it.pending, "")
		}
		it.pending[col-1] = v
	}
}

// cell reads a <c> element's value, up to its end tag; false when the XML
// ends first.
func (it *sheetRows) cell(c xmlscan.Tag, col, row int) (string, bool) {
	sc := &it.sc
	var value, formula string
	hasV, hasF := false, false
	for {
		tag, ok := sc.Next()
		if !ok {
			return "", false
		}
		if tag.Name == "c" && tag.End {
			break
		}
		if tag.End {
			continue
		}
		switch tag.Name {
		case "v":
			if !tag.SelfClosing {
				value, hasV = sc.Text("v"), true
			}
		case "f":
			hasF = true
			if !tag.SelfClosing {
				formula = sc.Text("f")
			}
		case "is":
			if !tag.SelfClosing {
				value, hasV = sc.Text("is"), true
			}
		}
	}
	typ := c.Attr("t")
	if hasF && it.noteFormula(formula, col, row, hasV && value != "" && !it.src.fullCalc) {
		return "", true
	}
	return it.typed(typ, value, c, col, row), true
}

// noteFormula records a formula cell and reports whether its saved value
// is to be left out: there is none, or the workbook says it is stale.
func (it *sheetRows) noteFormula(formula string, col, row int, fresh bool) bool {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	if formula == "" {
		formula = "(shared formula)"
	}
	if len(it.notes.formulas)+len(it.notes.cached) >= 100000 {
		return !fresh
	}
	if fresh {
		it.notes.cached[ref] = formula
		return false
	}
	it.notes.formulas[ref] = formula
	return true
}

// typed returns a cell's value as the reader sees it: shared strings
// looked up, booleans as TRUE and FALSE, numbers formatted as dates as
// dates (2025-01-31).
func (it *sheetRows) typed(typ, value string, c xmlscan.Tag, col, row int) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || i < 0 || i >= len(it.sst) {
			return ""
		}
		it.noteText(it.sst[i], col, row)
		return it.sst[i]
	case "str", "inlineStr":
		it.noteText(value, col, row)
	case "b":
		if value == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "d":
		if len(value) >= 10 {
			return value[:10]
		}
	case "", "n":
		if st, ok := c.AttrRaw("s"); ok && value != "" {
			if i, ok := digits(st); ok && i < len(it.src.dates) && it.src.dates[i] {
				return isoDate(value, it.src.date1904)
			}
		}
	}
	return value
}

// noteText records a text cell that reads as a plain number, which a
// number cell's value would look the same as.
func (it *sheetRows) noteText(v string, col, row int) {
	if number.LooksNumeric(v) && isPlainNumber(v) && len(it.notes.texts) < 100000 {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		it.notes.texts[ref] = true
	}
}
