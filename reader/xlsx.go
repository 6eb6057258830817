package reader

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// zipSource reads an .xlsx package directly: the workbook's sheet list,
// the shared strings and each sheet's cells, with a byte scanner rather
// than encoding/xml, streaming the sheet in pieces. On a 200,000-row
// journal it is three times faster than excelize's row iterator (1.4 s
// against 4.65 s) in about the same memory. excelize is still used for
// encrypted workbooks and to compute formulas that have no saved value.
type zipSource struct {
	name     string
	data     []byte
	opts     excelize.Options
	zr       *zip.Reader
	sheets   []sheetInfo
	date1904 bool
	// fullCalc: the workbook says its formulas' saved values are stale
	// (<calcPr fullCalcOnLoad="1">, as xlsxwriter writes them all 0).
	fullCalc bool
	// dates tells, by cell style index, the styles showing dates.
	dates []bool

	sstOnce sync.Once
	sst     []string
	sstErr  error

	// notes are what the scan of each sheet noted about its cells, by
	// sheet: a question about a sheet is answered from that sheet's scan,
	// never from the last one's.
	notes map[string]*sheetNotes
	ex    *excelize.File
}

type sheetInfo struct {
	name, path string
	hidden     bool
}

// sheetsFactor is how many times the unzip limit the worksheets may take
// together: they are streamed, not held in memory, and a full Excel sheet
// (1,048,576 rows) unpacks to about 300 MB.
const sheetsFactor = 4

// openZip opens an .xlsx package, refusing one whose parts read whole unpack
// to more than limit bytes, or whose worksheets, streamed, to more than
// sheetsFactor times it (zip bombs: archive/zip enforces the declared sizes
// on read).
func openZip(name string, data []byte, opts excelize.Options) (*zipSource, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	limit := uint64(opts.UnzipSizeLimit)
	var whole, sheets uint64
	for _, f := range zr.File {
		if isWorksheet(f.Name) {
			sheets += f.UncompressedSize64
		} else {
			whole += f.UncompressedSize64
		}
		if whole > limit || sheets > sheetsFactor*limit {
			return nil, &sizeLimitError{opts.UnzipSizeLimit}
		}
	}
	s := &zipSource{name: name, data: data, opts: opts, zr: zr}
	if s.file("xl/workbook.xml") == nil {
		return nil, s.notExcel()
	}
	if err := s.readWorkbook(); err != nil {
		return nil, err
	}
	if s.file("xl/styles.xml") != nil {
		styles, err := s.readAll("xl/styles.xml")
		if err != nil {
			return nil, fmt.Errorf("xl/styles.xml: %w", err)
		}
		s.dates = dateStyles(styles)
	}
	return s, nil
}

// isWorksheet reports whether a package part is a worksheet, which the
// reader streams.
func isWorksheet(name string) bool {
	name = strings.ToLower(strings.TrimPrefix(name, "/"))
	return strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name, "/_rels/")
}

// notExcel says what a zip package that is not a workbook is.
func (s *zipSource) notExcel() error {
	what := "zip"
	switch {
	case s.file("mimetype") != nil:
		if m, err := s.readAll("mimetype"); err == nil && bytes.Contains(m, []byte("opendocument.spreadsheet")) {
			what = "ods_named_xlsx"
		} else {
			what = "opendocument"
		}
	case s.file("word/document.xml") != nil:
		what = "word"
	case s.file("ppt/presentation.xml") != nil:
		what = "powerpoint"
	case s.file("xl/workbook.bin") != nil:
		what = "xlsb"
	case s.file("Index/Document.iwa") != nil:
		what = "numbers"
	}
	return fileErr(what, nil)
}

func (s *zipSource) file(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, f := range s.zr.File {
		if f.Name == name || strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (s *zipSource) readAll(name string) ([]byte, error) {
	f := s.file(name)
	if f == nil {
		return nil, fmt.Errorf("%s is missing from the package", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The declared size is bounded by openZip's limit, and archive/zip
	// refuses an entry longer than declared: the buffer is sized once.
	buf := bytes.NewBuffer(make([]byte, 0, f.UncompressedSize64+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	return buf.Bytes(), err
}

// readWorkbook reads the sheet names, their parts and the date system.
func (s *zipSource) readWorkbook() error {
	wbData, err := s.readAll("xl/workbook.xml")
	if err != nil {
		return err
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Calc struct {
			FullCalcOnLoad string `xml:"fullCalcOnLoad,attr"`
		} `xml:"calcPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"id,attr"` // r:id, in the transitional or the strict namespace
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wbData, &wb); err != nil {
		return fmt.Errorf("xl/workbook.xml: %w", err)
	}
	s.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	s.fullCalc = wb.Calc.FullCalcOnLoad == "1" || wb.Calc.FullCalcOnLoad == "true"
	relData, err := s.readAll("xl/_rels/workbook.xml.rels")
	if err != nil {
		return err
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(relData, &rels); err != nil {
		return fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	for _, sh := range wb.Sheets {
		p, ok := targets[sh.RID]
		if !ok {
			continue
		}
		s.sheets = append(s.sheets, sheetInfo{name: sh.Name, path: p, hidden: sh.State == "hidden" || sh.State == "veryHidden"})
	}
	return nil
}

// sharedStrings reads the shared strings table once.
func (s *zipSource) sharedStrings() ([]string, error) {
	s.sstOnce.Do(func() {
		var name string
		for _, f := range s.zr.File {
			if strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
				name = f.Name
			}
		}
		if name == "" {
			return
		}
		data, err := s.readAll(name)
		if err != nil {
			s.sstErr = err
			return
		}
		sc := xmlscan.Scanner{B: data}
		for {
			tag, ok := sc.Next()
			if !ok {
				break
			}
			if tag.Name == "si" && !tag.End {
				if tag.SelfClosing {
					s.sst = append(s.sst, "")
					continue
				}
				s.sst = append(s.sst, sc.Text("si"))
			}
		}
	})
	return s.sst, s.sstErr
}

func (s *zipSource) sheet(name string) (sheetInfo, bool) {
	for _, sh := range s.sheets {
		if sh.name == name {
			return sh, true
		}
	}
	return sheetInfo{}, false
}

func (s *zipSource) rows(sheet string) (rowIter, error) {
	sh, ok := s.sheet(sheet)
	if !ok {
		return nil, fmt.Errorf("no sheet %q", sheet)
	}
	sst, err := s.sharedStrings()
	if err != nil {
		return nil, err
	}
	f := s.file(sh.path)
	if f == nil {
		return nil, fmt.Errorf("%s is missing from the package", sh.path)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	notes := newSheetNotes()
	if s.notes == nil {
		s.notes = map[string]*sheetNotes{}
	}
	s.notes[sheet] = notes
	// The sheet is streamed: the scanner sees one piece of whole rows at a
	// time, so memory stays flat however long the sheet.
	return &sheetRows{sst: sst, src: s, notes: notes, pieces: xmlscan.NewPieces(rc, f.UncompressedSize64), rc: rc}, nil
}

// sheetNotes are what the scan of a sheet noted about its cells.
type sheetNotes struct {
	// formulas are the cells holding a formula without a saved value
	// (files written by scripts), or whose value is stale; cached those
	// whose saved value was read.
	formulas, cached map[string]string
	// texts are the cells holding text that reads as a plain number
	// ("46.920" typed as text): see builder.parse.
	texts map[string]bool
}

func newSheetNotes() *sheetNotes {
	return &sheetNotes{formulas: map[string]string{}, cached: map[string]string{}, texts: map[string]bool{}}
}

// formulaFree reports whether the scan of a sheet has met no formula so
// far (the rows the reader has seen are scanned before it sees them).
func (s *zipSource) formulaFree(sheet string) bool {
	n := s.scanned(sheet)
	return n != nil && len(n.formulas) == 0 && len(n.cached) == 0
}

// scanned returns the notes of a sheet scanned, nil when it was not.
func (s *zipSource) scanned(sheet string) *sheetNotes { return s.notes[sheet] }

func (s *zipSource) formula(sheet, cell string) (string, error) {
	if n := s.scanned(sheet); n != nil {
		return n.formulas[cell], nil
	}
	return "", nil
}

// anyFormula returns a cell's formula, with a saved value or not: from
// the scan for the sheet being read, else (another sheet, a shared
// formula) from excelize.
func (s *zipSource) anyFormula(sheet, cell string) (string, error) {
	if n := s.scanned(sheet); n != nil {
		if f := n.formulas[cell] + n.cached[cell]; f != "(shared formula)" {
			return f, nil
		}
	}
	if err := s.openExcelize(); err != nil {
		return "", err
	}
	return s.ex.GetCellFormula(sheet, cell)
}

// value returns a cell's saved value, "" when blank.
func (s *zipSource) value(sheet, cell string) (string, error) {
	if err := s.openExcelize(); err != nil {
		return "", err
	}
	return s.ex.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
}

func (s *zipSource) isText(sheet, cell string) bool {
	n := s.scanned(sheet)
	return n != nil && n.texts[cell]
}

// openExcelize opens the workbook with excelize, once, to compute formulas
// or look up cells outside the sheet being read.
func (s *zipSource) openExcelize() error {
	if s.ex != nil {
		return nil
	}
	ex, err := excelize.OpenReader(bytes.NewReader(s.data), s.opts)
	if err != nil {
		return err
	}
	s.ex = ex
	return nil
}

func (s *zipSource) calc(sheet, cell string) (string, error) {
	if err := s.openExcelize(); err != nil {
		return "", err
	}
	return s.ex.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
}

func (s *zipSource) Close() error {
	if s.ex != nil {
		return s.ex.Close()
	}
	return nil
}

// digits reads a positive decimal number.
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// column reads the column number of a cell reference such as AB12.
func column(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
	}
	if i == 0 || n > excelize.MaxColumns {
		return 0, false
	}
	if _, ok := digits(bytes.TrimLeft(ref[i:], "$")); !ok && len(ref[i:]) > 0 {
		return 0, false
	}
	return n, true
}
