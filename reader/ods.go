package reader

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kpireport/kpireport/number"
	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// OpenDocument spreadsheets (.ods), as LibreOffice saves them by default:
// a zip package whose content.xml holds every sheet. Sheets are small in
// practice; the rows are read once, up to the last one holding something.

// odsMaxRows and odsMaxCols bound the repetitions a file may declare
// (LibreOffice writes the empty rest of a sheet as one row repeated a
// million times).
const (
	odsMaxRows = 1 << 20
	odsMaxCols = 1 << 14
)

// errODSEncrypted is an OpenDocument spreadsheet saved with a password.
var errODSEncrypted = errors.New("the OpenDocument spreadsheet is password-protected")

// isODS reports whether a zip package is an OpenDocument spreadsheet: its
// first entry, stored uncompressed, is the mimetype.
func isODS(data []byte) bool {
	head := data[:min(len(data), 120)]
	return bytes.Contains(head, []byte("mimetypeapplication/vnd.oasis.opendocument.spreadsheet"))
}

type odsSheet struct {
	name   string
	hidden bool
	rows   [][]string
	// texts are the cells (0-based row, column) holding text that reads
	// as a plain number ("46.920" typed as text).
	texts map[[2]int]bool
}

// odsSource is an OpenDocument spreadsheet read into rows of cell values,
// as the sheet scanner gives them: numbers as written by strconv, dates as
// Excel serial numbers, text as it is.
type odsSource struct {
	sheets []odsSheet
}

// openODS reads the sheets of an OpenDocument spreadsheet whose content
// unpacks to at most limit bytes.
func openODS(data []byte, limit int64) (*odsSource, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var content, manifest *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "content.xml":
			content = f
		case "META-INF/manifest.xml":
			manifest = f
		}
	}
	if manifest != nil && manifest.UncompressedSize64 < 1<<20 {
		if rc, err := manifest.Open(); err == nil {
			m, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(m, []byte("encryption-data")) {
				return nil, errODSEncrypted
			}
		}
	}
	if content == nil {
		return nil, errors.New("content.xml is missing from the package")
	}
	if content.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("unzip size exceeds the %d bytes limit", limit)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return parseODS(xmlscan.NewPieces(rc, content.UncompressedSize64))
}

func repeatOf(t xmlscan.Tag, name string) int {
	v, ok := t.AttrRaw(name)
	if !ok {
		return 1
	}
	n, ok := digits(v)
	if !ok || n < 1 {
		return 1
	}
	return n
}

// parseODS reads content.xml, streamed in pieces cut after a row, with the
// sheet scanner of the .xlsx reader, which ignores namespace prefixes:
// encoding/xml took 3.4 s on a 200,000-row sheet, nearly all of it
// resolving names, and holding the 181 MB of its content.xml in memory
// took 420 MB.
func parseODS(p *xmlscan.Pieces) (*odsSource, error) {
	sc := &xmlscan.Scanner{}
	hiddenStyles := map[string]bool{}
	var styleName string // the table style being read
	src := &odsSource{}
	var sheet *odsSheet
	var row []string
	var rowRepeat, colRepeat int
	var cell *strings.Builder // the text of the cell being read, or nil
	var value string          // the cell's typed value, when it has one
	inText := false
	// Empty cells and rows count only when something follows them: the
	// empty rest of each row and of the sheet, which LibreOffice writes as
	// one cell or row repeated to the sheet's edge, is never materialised.
	nrows, pendingEmpty, pendingCols := 0, 0, 0
	flushRow := func() {
		if len(row) == 0 {
			pendingEmpty += rowRepeat
			return
		}
		for ; pendingEmpty > 0 && nrows < odsMaxRows; pendingEmpty-- {
			sheet.rows = append(sheet.rows, nil)
			nrows++
		}
		pendingEmpty = 0
		for i := 0; i < rowRepeat && nrows < odsMaxRows; i++ {
			sheet.rows = append(sheet.rows, row)
			nrows++
		}
		row = nil
	}
	endCell := func() {
		v := value
		if v == "" {
			v = cell.String()
		}
		cell, inText = nil, false
		if v == "" {
			pendingCols += colRepeat
			return
		}
		if value == "" && number.LooksNumeric(v) && isPlainNumber(v) && len(sheet.texts) < 100000 {
			sheet.texts[[2]int{nrows + pendingEmpty, len(row) + pendingCols}] = true
		}
		for ; pendingCols > 0 && len(row) < odsMaxCols; pendingCols-- {
			row = append(row, "")
		}
		pendingCols = 0
		for i := 0; i < colRepeat && len(row) < odsMaxCols; i++ {
			row = append(row, v)
		}
	}
	for {
		if inText && cell != nil { // the paragraph's text up to the next tag
			if i := bytes.IndexByte(sc.B[sc.Pos:], '<'); i > 0 {
				cell.WriteString(xmlscan.Unescape(sc.B[sc.Pos : sc.Pos+i]))
			}
		}
		t, ok := sc.Next()
		if !ok {
			piece, more := p.Next()
			if !more {
				break
			}
			sc.B, sc.Pos = piece, 0
			continue
		}
		switch {
		case t.Name == "annotation" && !t.End && !t.SelfClosing:
			// A comment on the cell: its paragraphs are not the cell's.
			for depth := 1; depth > 0; {
				a, ok := sc.Next()
				if !ok {
					return nil, errors.New("the content ends inside a comment")
				}
				if a.Name == "annotation" && !a.SelfClosing {
					if a.End {
						depth--
					} else {
						depth++
					}
				}
			}
		case t.Name == "style" && !t.End:
			styleName = ""
			if fam, _ := t.AttrRaw("family"); string(fam) == "table" {
				styleName = t.Attr("name")
			}
		case t.Name == "table-properties" && styleName != "":
			if d, _ := t.AttrRaw("display"); string(d) == "false" {
				hiddenStyles[styleName] = true
			}
		case t.Name == "table" && !t.End:
			src.sheets = append(src.sheets, odsSheet{name: t.Attr("name"), hidden: hiddenStyles[t.Attr("style-name")], texts: map[[2]int]bool{}})
			sheet, nrows, pendingEmpty = &src.sheets[len(src.sheets)-1], 0, 0
		case t.Name == "table" && t.End:
			if sheet == nil {
				return nil, errors.New("a table ends that was not opened")
			}
			sheet = nil
		case sheet == nil:
		case t.Name == "table-row" && !t.End:
			row, rowRepeat, pendingCols = nil, repeatOf(t, "number-rows-repeated"), 0
			if t.SelfClosing {
				flushRow()
			}
		case t.Name == "table-row" && t.End:
			flushRow()
		case (t.Name == "table-cell" || t.Name == "covered-table-cell") && !t.End:
			colRepeat = repeatOf(t, "number-columns-repeated")
			cell, value = &strings.Builder{}, cellValue(t)
			if t.SelfClosing {
				endCell()
			}
		case (t.Name == "table-cell" || t.Name == "covered-table-cell") && t.End && cell != nil:
			endCell()
		case cell == nil:
		case t.Name == "p" && !t.End:
			if cell.Len() > 0 {
				cell.WriteByte('\n')
			}
			inText = !t.SelfClosing
		case t.Name == "p" && t.End:
			inText = false
		case t.Name == "s" && !t.End:
			n, ok := digits(func() []byte { v, _ := t.AttrRaw("c"); return v }())
			if !ok || n < 1 {
				n = 1
			}
			cell.WriteString(strings.Repeat(" ", min(n, 100)))
		case t.Name == "tab" && !t.End:
			cell.WriteByte('\t')
		}
	}
	if p.Err() != nil {
		return nil, p.Err()
	}
	if sheet != nil || cell != nil {
		return nil, errors.New("the content ends inside a table")
	}
	return src, nil
}

// cellValue is a cell's typed value: numbers as written, dates as dates
// (2025-01-31, as the .xlsx reader gives a number formatted as a date), or
// "" for text, read from the cell's paragraphs.
func cellValue(t xmlscan.Tag) string {
	vt, _ := t.AttrRaw("value-type")
	switch string(vt) {
	case "float", "percentage", "currency":
		return t.Attr("value")
	case "date":
		d := t.Attr("date-value")
		for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, d); err == nil {
				return isoText(t)
			}
		}
		return d
	}
	return ""
}

func (o *odsSource) sheet(name string) (*odsSheet, error) {
	for i := range o.sheets {
		if o.sheets[i].name == name {
			return &o.sheets[i], nil
		}
	}
	return nil, fmt.Errorf("sheet %s not found", name)
}

func (o *odsSource) rows(name string) (rowIter, error) {
	s, err := o.sheet(name)
	if err != nil {
		return nil, err
	}
	return &odsRows{rows: s.rows, i: -1}, nil
}

// anyFormula, value: an OpenDocument file keeps every formula's value,
// never stale; its formulas over blank cells are not looked for.
func (o *odsSource) anyFormula(sheet, cell string) (string, error) { return "", nil }
func (o *odsSource) value(sheet, cell string) (string, error)      { return "", nil }

func (o *odsSource) isText(sheet, cell string) bool {
	s, err := o.sheet(sheet)
	c, r, cerr := excelize.CellNameToCoordinates(cell)
	return err == nil && cerr == nil && s.texts[[2]int{r - 1, c - 1}]
}

// formula: an OpenDocument file keeps every formula's value.
func (o *odsSource) formula(sheet, cell string) (string, error) { return "", nil }

func (o *odsSource) calc(sheet, cell string) (string, error) {
	return "", errors.New("formulas are not computed in OpenDocument files")
}

type odsRows struct {
	rows [][]string
	i    int
}

func (r *odsRows) Next() bool                 { r.i++; return r.i < len(r.rows) }
func (r *odsRows) Columns() ([]string, error) { return r.rows[r.i], nil }
func (r *odsRows) Close() error               { return nil }
func (r *odsRows) Err() error                 { return nil }
