// Package reader turns a workbook of monthly figures into clean monthly
// series of canonical metrics, each figure keeping the cells it came from.
//
// It owns everything about spreadsheets: opening .xlsx and .ods files safely, finding
// the data sheet, the header and the month column (or row), parsing numbers
// and months as French and English users type them, skipping totals, and
// summing row-level exports per month. It knows nothing of KPIs or reports.
package reader

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"path/filepath"
	"strings"

	"github.com/kpireport/kpireport/figures"

	"github.com/xuri/excelize/v2"
)

// Options say where the figures are and how to open the file.
type Options struct {
	// Sheet is the sheet to read; "" picks the first visible sheet where
	// monthly figures are recognised.
	Sheet string
	// Metrics maps a metric name to the header used for it in this workbook;
	// it takes precedence over the built-in headers and may name new metrics.
	Metrics map[string]string
	// Password opens an encrypted workbook.
	Password string
	// MaxUnzipBytes bounds the uncompressed size of the parts read whole
	// (zip bomb protection); the worksheets, streamed, may take four times
	// as much together. 0 means 256 MiB.
	MaxUnzipBytes int64
}

// noteMissing finds the months without figures between the first and the
// last month with figures, absent from the table or listed blank (a row
// prefilled and never filled in), and warns of each, first. Months listed
// blank after the last month with figures are not data yet.
func noteMissing(t *figures.Table) {
	if len(t.Months) == 0 {
		return
	}
	held := make(map[figures.Month]bool, len(t.Months))
	for _, m := range t.Months {
		held[m] = true
	}
	var warnings []figures.Warning
	for m := t.Months[0]; m <= t.Months[len(t.Months)-1]; m++ {
		if !held[m] {
			t.Missing = append(t.Missing, m)
			warnings = append(warnings, warn(figures.WarnMissingMonth, []string{"month"}, m))
		}
	}
	t.Warnings = append(warnings, t.Warnings...)
}

// maxFileBytes bounds the size of a workbook file read into memory.
const maxFileBytes = 512 << 20

// ReadFile reads the workbook at path.
func ReadFile(path string, opts Options) (*figures.Table, error) {
	data, err := readRegular(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data, opts)
}

// Read reads a workbook held in memory; name is used in messages only.
func Read(name string, data []byte, opts Options) (*figures.Table, error) {
	if err := sniff(name, data, opts.Password != ""); err != nil {
		return nil, err
	}
	limit := opts.MaxUnzipBytes
	if limit <= 0 {
		limit = 256 << 20
	}
	xml := int64(16 << 20)
	if xml > limit {
		xml = limit
	}
	xopts := excelize.Options{
		RawCellValue:      true,
		Password:          opts.Password,
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: xml,
	}
	var src rowSource
	var sheets []string
	hidden := map[string]bool{}
	date1904 := false
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) && isODS(data) {
		// An OpenDocument spreadsheet (.ods), LibreOffice's own format.
		o, err := openODS(data, limit)
		if err != nil {
			if errors.Is(err, errODSEncrypted) {
				return nil, fileErr("ods_password", nil)
			}
			if errors.As(err, new(*sizeLimitError)) {
				return nil, openError(err, false)
			}
			return nil, fileErr("ods_damaged", err)
		}
		src = o
		for _, sh := range o.sheets {
			sheets = append(sheets, sh.name)
			hidden[sh.name] = sh.hidden
		}
	} else if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		// A plain package: our own fast reader.
		z, err := openZip(name, data, xopts)
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, fe
		}
		if err != nil {
			return nil, openError(err, opts.Password != "")
		}
		defer z.Close()
		src, date1904 = z, z.date1904
		for _, sh := range z.sheets {
			sheets = append(sheets, sh.name)
			hidden[sh.name] = sh.hidden
		}
	} else {
		// An encrypted workbook: excelize decrypts it.
		f, err := excelize.OpenReader(bytes.NewReader(data), xopts)
		if err != nil {
			return nil, openError(err, opts.Password != "")
		}
		defer f.Close()
		if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
			date1904 = *p.Date1904
		}
		sheets = f.GetSheetList()
		for _, s := range sheets {
			if v, err := f.GetSheetVisible(s); err == nil && !v {
				hidden[s] = true
			}
		}
		src = &excelizeSource{f: f, date1904: date1904}
	}
	sum := sha256.Sum256(data)
	t := figures.NewTable(name, hex.EncodeToString(sum[:]))
	if len(sheets) == 0 {
		return nil, fileErr("no_sheets", nil)
	}
	if opts.Sheet != "" {
		found := false
		for _, s := range sheets {
			if s == opts.Sheet || fold(s) == fold(opts.Sheet) { // "Donnees" finds "Données"
				opts.Sheet, found = s, true
				break
			}
		}
		if !found {
			return nil, fileErr("no_such_sheet", nil, "sheet", opts.Sheet, "sheets", strings.Join(sheets, ", "))
		}
		if err := readSheet(t, src, opts.Sheet, opts.Metrics, date1904, true); err != nil {
			return nil, err
		}
		if err := readBudgetSheets(t, src, planSheets(sheets, opts.Sheet), opts.Metrics, date1904); err != nil {
			return nil, err
		}
		noteMissing(t)
		return t, nil
	}
	var visible, hiddenOnes []string
	for _, s := range sheets {
		if hidden[s] {
			hiddenOnes = append(hiddenOnes, s)
		} else {
			visible = append(visible, s)
		}
	}
	found, err := readTables(t, src, visible, opts.Metrics, date1904)
	if err != nil || found != nil {
		return found, err
	}
	// The figures may sit on a hidden sheet behind a dashboard: read only
	// when no visible sheet holds a table, and said.
	if found, err = readTables(t, src, hiddenOnes, opts.Metrics, date1904); err != nil || found != nil {
		if found != nil {
			found.Warnings = append([]figures.Warning{warn(figures.WarnHiddenSheet, []string{"sheet"}, found.Sheet)}, found.Warnings...)
		}
		return found, err
	}
	return nil, fileErr("no_table", nil, "sheets", strings.Join(sheets, ", "))
}

// isPlan reports whether a sheet's name says it holds a budget or forecast
// ("Budget 2025", "Prévisionnel", "Forecast"): one of its words is a plan
// word.
func isPlan(sheet string) bool {
	for _, w := range strings.Fields(fold(sheet)) {
		if planWords[w] {
			return true
		}
	}
	return false
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// sniff recognises files that are not .xlsx by their first bytes, to say
// what they are instead of a zip error.
func sniff(name string, data []byte, hasPassword bool) error {
	switch {
	case len(data) == 0:
		return fileErr("empty", nil)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if hasPassword {
			return nil // an encrypted .xlsx is an OLE container too
		}
		return fileErr("xls_or_password", nil)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil
	}
	ext := strings.ToLower(filepath.Ext(name))
	what := "not_xlsx"
	if looksLikeText(data) {
		what = "text_file"
	}
	if ext == ".ods" {
		what = "not_ods"
	}
	return fileErr(what, nil)
}

func looksLikeText(data []byte) bool {
	n := len(data)
	if n > 512 {
		n = 512
	}
	for _, b := range data[:n] {
		if b < 0x09 || (b > 0x0d && b < 0x20) {
			return false
		}
	}
	return true
}

func openError(err error, hasPassword bool) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return fileErr("wrong_password", nil)
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return fileErr("xls", nil)
	case errors.As(err, new(*sizeLimitError)) || excelizeSizeLimit(err):
		return fileErr("zip_bomb", nil)
	}
	return fileErr("damaged", err)
}

// errNoTable means a sheet holds no recognisable table of monthly figures.
var errNoTable = errors.New("no table of monthly figures")

// rowSource streams a sheet's rows as raw cell values: numbers as stored,
// numbers formatted as dates as dates (2025-01-31), text as it is.
type rowSource interface {
	rows(sheet string) (rowIter, error)
	// formula returns the formula of a cell of the sheet last read that has
	// no saved value (or a stale one), "" when none.
	formula(sheet, cell string) (string, error)
	// anyFormula returns a cell's formula, with a saved value or not.
	anyFormula(sheet, cell string) (string, error)
	// value returns a cell's saved value, "" when blank.
	value(sheet, cell string) (string, error)
	// isText reports whether a cell of the sheet last read that reads as a
	// plain number ("46.920") holds it as text.
	isText(sheet, cell string) bool
	calc(sheet, cell string) (string, error)
}

type rowIter interface {
	Next() bool
	Columns() ([]string, error)
	// Err returns the error that ended the rows early, nil at the end.
	Err() error
	Close() error
}

// finite reports whether v is a usable number.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
