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
	// merges are the cells spanning several rows or columns (merges.go).
	merges []cellRange
}

// odsSource is an OpenDocument spreadsheet read into rows of cell values,
// as the sheet scanner gives them: numbers as written by strconv, dates as
// dates (2025-01-31), text as it is.
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
		return nil, &sizeLimitError{limit}
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
	o := &odsParser{src: &odsSource{}, hiddenStyles: map[string]bool{}}
	sc := &xmlscan.Scanner{}
	for {
		if o.inText && o.cell != nil { // the paragraph's text up to the next tag
			if i := bytes.IndexByte(sc.B[sc.Pos:], '<'); i > 0 {
				o.cell.WriteString(xmlscan.Unescape(sc.B[sc.Pos : sc.Pos+i]))
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
		if err := o.tag(sc, t); err != nil {
			return nil, err
		}
	}
	if p.Err() != nil {
		return nil, p.Err()
	}
	if o.sheet != nil || o.cell != nil {
		return nil, errors.New("the content ends inside a table")
	}
	return o.src, nil
}

// odsParser is the state of parseODS between two tags: the sheet, row and
// cell being read.
type odsParser struct {
	src          *odsSource
	hiddenStyles map[string]bool // table styles that hide their sheet
	styleName    string          // the table style being read
	sheet        *odsSheet
	row          []string
	rowRepeat    int
	colRepeat    int
	cell         *strings.Builder // the text of the cell being read, or nil
	value        string           // the cell's typed value, when it has one
	inText       bool
	// Empty cells and rows count only when something follows them: the
	// empty rest of each row and of the sheet, which LibreOffice writes as
	// one cell or row repeated to the sheet's edge, is never materialised.
	nrows, pendingEmpty, pendingCols int
}

// tag takes one tag of content.xml.
func (o *odsParser) tag(sc *xmlscan.Scanner, t xmlscan.Tag) error {
	switch t.Name {
	case "annotation":
		if !t.End && !t.SelfClosing {
			return skipAnnotation(sc)
		}
	case "style", "table-properties":
		o.styleTag(t)
	case "table":
		return o.tableTag(t)
	case "table-row":
		o.rowTag(t)
	case "table-cell", "covered-table-cell":
		o.cellTag(t)
	default:
		o.textTag(t)
	}
	return nil
}

// skipAnnotation passes over a comment on a cell: its paragraphs are not
// the cell's.
func skipAnnotation(sc *xmlscan.Scanner) error {
	for depth := 1; depth > 0; {
		a, ok := sc.Next()
		if !ok {
			return errors.New("the content ends inside a comment")
		}
		if a.Name == "annotation" && !a.SelfClosing {
			if a.End {
				depth--
			} else {
				depth++
			}
		}
	}
	return nil
}

// styleTag notes the table styles that hide their sheet.
func (o *odsParser) styleTag(t xmlscan.Tag) {
	switch {
	case t.Name == "style" && !t.End:
		o.styleName = ""
		if fam, _ := t.AttrRaw("family"); string(fam) == "table" {
			o.styleName = t.Attr("name")
		}
	case t.Name == "table-properties" && o.styleName != "":
		if d, _ := t.AttrRaw("display"); string(d) == "false" {
			o.hiddenStyles[o.styleName] = true
		}
	}
}

// tableTag starts or ends a sheet.
func (o *odsParser) tableTag(t xmlscan.Tag) error {
	if !t.End {
		o.src.sheets = append(o.src.sheets, odsSheet{name: t.Attr("name"), hidden: o.hiddenStyles[t.Attr("style-name")], texts: map[[2]int]bool{}})
		o.sheet, o.nrows, o.pendingEmpty = &o.src.sheets[len(o.src.sheets)-1], 0, 0
		return nil
	}
	if o.sheet == nil {
		return errors.New("a table ends that was not opened")
	}
	o.sheet = nil
	return nil
}

// rowTag starts or ends a row of the sheet.
func (o *odsParser) rowTag(t xmlscan.Tag) {
	if o.sheet == nil {
		return
	}
	if !t.End {
		o.row, o.rowRepeat, o.pendingCols = nil, repeatOf(t, "number-rows-repeated"), 0
	}
	if t.End || t.SelfClosing {
		o.flushRow()
	}
}

// cellTag starts or ends a cell of the row.
func (o *odsParser) cellTag(t xmlscan.Tag) {
	if o.sheet == nil {
		return
	}
	if !t.End {
		o.colRepeat = repeatOf(t, "number-columns-repeated")
		o.cell, o.value = &strings.Builder{}, cellValue(t)
		o.noteSpan(t)
	}
	if (t.End || t.SelfClosing) && o.cell != nil {
		o.endCell()
	}
}

// noteSpan notes a cell merged over several rows or columns.
func (o *odsParser) noteSpan(t xmlscan.Tag) {
	rows, cols := repeatOf(t, "number-rows-spanned"), repeatOf(t, "number-columns-spanned")
	if rows == 1 && cols == 1 || len(o.sheet.merges) >= odsMaxMerges {
		return
	}
	r, c := o.nrows+o.pendingEmpty+1, len(o.row)+o.pendingCols+1
	o.sheet.merges = append(o.sheet.merges, cellRange{r, c, r + rows - 1, c + cols - 1})
}

// odsMaxMerges bounds the merged cells noted per sheet.
const odsMaxMerges = 100000

// textTag reads the paragraphs, spaces and tabs of a cell's text.
func (o *odsParser) textTag(t xmlscan.Tag) {
	if o.sheet == nil || o.cell == nil || t.End && t.Name != "p" {
		return
	}
	switch t.Name {
	case "p":
		if t.End {
			o.inText = false
			return
		}
		if o.cell.Len() > 0 {
			o.cell.WriteByte('\n')
		}
		o.inText = !t.SelfClosing
	case "s":
		n, ok := digits(func() []byte { v, _ := t.AttrRaw("c"); return v }())
		if !ok || n < 1 {
			n = 1
		}
		o.cell.WriteString(strings.Repeat(" ", min(n, 100)))
	case "tab":
		o.cell.WriteByte('\t')
	}
}

// flushRow adds the row read, repeated as it says, after the empty rows
// before it.
func (o *odsParser) flushRow() {
	if len(o.row) == 0 {
		o.pendingEmpty += o.rowRepeat
		return
	}
	for ; o.pendingEmpty > 0 && o.nrows < odsMaxRows; o.pendingEmpty-- {
		o.sheet.rows = append(o.sheet.rows, nil)
		o.nrows++
	}
	o.pendingEmpty = 0
	for i := 0; i < o.rowRepeat && o.nrows < odsMaxRows; i++ {
		o.sheet.rows = append(o.sheet.rows, o.row)
		o.nrows++
	}
	o.row = nil
}

// endCell adds the cell read to the row, repeated as it says, after the
// empty cells before it.
func (o *odsParser) endCell() {
	v := o.value
	if v == "" {
		v = o.cell.String()
	}
	o.cell, o.inText = nil, false
	if v == "" {
		o.pendingCols += o.colRepeat
		return
	}
	if o.value == "" && number.LooksNumeric(v) && isPlainNumber(v) && len(o.sheet.texts) < 100000 {
		o.sheet.texts[[2]int{o.nrows + o.pendingEmpty, len(o.row) + o.pendingCols}] = true
	}
	for ; o.pendingCols > 0 && len(o.row) < odsMaxCols; o.pendingCols-- {
		o.row = append(o.row, "")
	}
	o.pendingCols = 0
	for i := 0; i < o.colRepeat && len(o.row) < odsMaxCols; i++ {
		o.row = append(o.row, v)
	}
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

// formula: an OpenDocument file keeps every formula's value.
func (o *odsSource) formula(sheet, cell string) (string, error) { return "", nil }

// anyFormula, value: an OpenDocument file keeps every formula's value,
// never stale; its formulas over blank cells are not looked for.
func (o *odsSource) anyFormula(sheet, cell string) (string, error) { return "", nil }
func (o *odsSource) value(sheet, cell string) (string, error)      { return "", nil }

func (o *odsSource) isText(sheet, cell string) bool {
	s, err := o.sheet(sheet)
	c, r, cerr := excelize.CellNameToCoordinates(cell)
	return err == nil && cerr == nil && s.texts[[2]int{r - 1, c - 1}]
}

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
