package reader

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// OpenDocument spreadsheets (.ods), as LibreOffice saves them by default:
// a zip package whose content.xml holds every sheet. Sheets are small in
// practice; the rows are read once, up to the last one holding something.

const (
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

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
	return parseODS(io.LimitReader(rc, limit))
}

func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

func repeat(e xml.StartElement, local string) int {
	n, err := strconv.Atoi(attr(e, nsTable, local))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// parseODS reads content.xml.
func parseODS(r io.Reader) (*odsSource, error) {
	dec := xml.NewDecoder(r)
	hiddenStyles := map[string]bool{}
	var styleName string // the table style being read
	src := &odsSource{}
	var sheet *odsSheet
	var row []string
	var rowRepeat, colRepeat int
	var cell *strings.Builder // the text of the cell being read, or nil
	var value string          // the cell's typed value, when it has one
	var inText bool
	nrows, pendingEmpty := 0, 0
	flushRow := func() {
		// Trailing empty cells and rows are not kept: LibreOffice repeats
		// them to the sheet's edge. Empty rows count only when a row with
		// content follows them.
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
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
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Space == nsOffice && t.Name.Local == "annotation":
				// A comment on the cell: its paragraphs are not the cell's.
				if err := dec.Skip(); err != nil {
					return nil, err
				}
			case t.Name.Space == nsStyle && t.Name.Local == "style" && attr(t, nsStyle, "family") == "table":
				styleName = attr(t, nsStyle, "name")
			case t.Name.Space == nsStyle && t.Name.Local == "table-properties" && styleName != "":
				if attr(t, nsTable, "display") == "false" {
					hiddenStyles[styleName] = true
				}
			case t.Name.Space == nsTable && t.Name.Local == "table":
				src.sheets = append(src.sheets, odsSheet{name: attr(t, nsTable, "name"), hidden: hiddenStyles[attr(t, nsTable, "style-name")]})
				sheet, nrows, pendingEmpty = &src.sheets[len(src.sheets)-1], 0, 0
			case sheet != nil && t.Name.Space == nsTable && t.Name.Local == "table-row":
				row, rowRepeat = nil, repeat(t, "number-rows-repeated")
			case sheet != nil && t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				colRepeat = repeat(t, "number-columns-repeated")
				cell, value = &strings.Builder{}, cellValue(t)
			case cell != nil && t.Name.Space == nsText && t.Name.Local == "p":
				if inText || cell.Len() > 0 {
					cell.WriteByte('\n')
				}
				inText = true
			case cell != nil && t.Name.Space == nsText && t.Name.Local == "s":
				n, err := strconv.Atoi(attr(t, nsText, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				cell.WriteString(strings.Repeat(" ", min(n, 100)))
			case cell != nil && t.Name.Space == nsText && t.Name.Local == "tab":
				cell.WriteByte('\t')
			}
		case xml.CharData:
			if cell != nil && inText {
				cell.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Space == nsStyle && t.Name.Local == "style":
				styleName = ""
			case t.Name.Space == nsText && t.Name.Local == "p":
				inText = false
			case cell != nil && t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				v := value
				if v == "" {
					v = cell.String()
				}
				for i := 0; i < colRepeat && len(row) < odsMaxCols; i++ {
					row = append(row, v)
				}
				cell = nil
			case sheet != nil && t.Name.Space == nsTable && t.Name.Local == "table-row":
				flushRow()
			case t.Name.Space == nsTable && t.Name.Local == "table":
				sheet = nil
			}
		}
	}
	return src, nil
}

// odsEpoch is day 0 of Excel's date serial numbers.
var odsEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// cellValue is a cell's typed value: numbers as written, dates as Excel
// serial numbers (so that the reader sees what an .xlsx holds), or "" for
// text, read from the cell's paragraphs.
func cellValue(e xml.StartElement) string {
	switch attr(e, nsOffice, "value-type") {
	case "float", "percentage", "currency":
		return attr(e, nsOffice, "value")
	case "date":
		d := attr(e, nsOffice, "date-value")
		for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, d); err == nil {
				days := t.Sub(odsEpoch).Hours() / 24
				return strconv.FormatFloat(days, 'f', -1, 64)
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
