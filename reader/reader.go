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
	"maps"
	"math"
	"path/filepath"
	"slices"
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

// merge adds the figures of metrics read from another sheet to t: a later
// year of the same metrics, or other metrics for the same months.
func merge(t, o *figures.Table, metrics []string) {
	t.Sheet += ", " + o.Sheet
	t.Sheets = append(t.Sheets, o.Sheets...)
	for _, c := range o.Columns {
		if c.Metric == "" || slices.Contains(metrics, c.Metric) && !t.Has(c.Metric) {
			t.Columns = append(t.Columns, c)
		}
	}
	months := map[figures.Month]bool{}
	for _, m := range t.Months {
		months[m] = true
	}
	for _, metric := range metrics {
		if t.Data[figures.Actual][metric] == nil {
			t.Data[figures.Actual][metric] = make(map[figures.Month]figures.Figure, len(o.Data[figures.Actual][metric]))
		}
		for m, f := range o.Data[figures.Actual][metric] {
			t.Data[figures.Actual][metric][m] = f
			months[m] = true
		}
	}
	t.Months = slices.Sorted(maps.Keys(months))
	for m := range o.Listed {
		t.Listed[m] = true
	}
	t.RowsSummed += o.RowsSummed
	t.Warnings = append(t.Warnings, o.Warnings...)
}

// joins returns the metrics of o, read from another sheet, that t takes:
// all of them when o holds other metrics (a sheet for sales, one for
// marketing) or later months of t's (a sheet per year); only those t lacks
// when o also holds other figures for t's metrics and months, which it names
// in why. A copy of t's figures (a sheet feeding charts) adds nothing and
// is left out without a word.
func joins(t, o *figures.Table) (metrics []string, why *figures.Warning) {
	var overlap []figures.Month
	for m := range o.Listed {
		if t.Listed[m] {
			overlap = append(overlap, m)
		}
	}
	var shared, others []string
	for _, c := range o.Columns { // in the sheet's order
		metric := c.Metric
		if !o.Has(metric) {
			continue
		}
		if t.Has(metric) {
			shared = append(shared, metric)
		} else {
			others = append(others, metric)
		}
	}
	if len(overlap) == 0 || len(shared) == 0 {
		return append(shared, others...), nil
	}
	if !holdsCopy(t, o, overlap) {
		slices.Sort(overlap)
		headers := make([]string, len(shared))
		for i, metric := range shared {
			headers[i] = o.Header(metric)
		}
		w := warn(figures.WarnSheetOverlap, []string{"sheet", "headers", "months", "first"}, o.Sheet, figures.List(headers), figures.Span(overlap), t.Sheet)
		why = &w
	}
	return others, why
}

// holdsCopy reports whether o's figures for the months are t's, to the cent,
// for every metric both have.
func holdsCopy(t, o *figures.Table, months []figures.Month) bool {
	shared := 0
	for metric, figs := range o.Data[figures.Actual] {
		if !t.Has(metric) {
			continue
		}
		for _, m := range months {
			a, okA := t.Get(metric, m)
			b, okB := figs[m]
			if okA != okB || okA && math.Abs(a.Value-b.Value) >= 0.005 {
				return false
			}
			if okA {
				shared++
			}
		}
	}
	return shared > 0
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

// readTables reads the first of the sheets holding a table, joined by the
// later sheets that continue it: a sheet per year, or a sheet per topic
// over the same months. A budget or forecast sheet never joins it: its
// figures, not what happened, are read as the budget; a workbook whose only
// table is a budget's is an error. It returns nil and no error when no
// sheet holds a table, and the first empty table's error when the only
// tables are empty.
func readTables(t *figures.Table, src rowSource, sheets []string, overrides map[string]string, date1904 bool) (*figures.Table, error) {
	visible := slices.Clone(sheets)
	slices.SortStableFunc(visible, func(a, b string) int { return cmpBool(isPlan(a), isPlan(b)) })
	var found *figures.Table
	var empty error                // the first table not filled in yet (next year's sheet)
	var overlaps []figures.Warning // sheets with other figures for the same months
	var plans []string             // budget sheets, read into the budget scenario (budget.go)
	for _, s := range visible {
		if isBudgetSheet(s) {
			plans = append(plans, s)
			continue
		}
		st := figures.NewTable(t.File, t.SHA256)
		err := readSheet(st, src, s, overrides, date1904, false)
		var fe *FileError
		switch {
		case errors.Is(err, errNoTable):
			continue
		case errors.As(err, &fe) && fe.empty:
			if empty == nil {
				empty = err
			}
			continue
		case err != nil:
			// A sheet laid out as a table with a cell that cannot be
			// read: it may hold the latest months, so it is not skipped.
			return nil, err
		case found == nil:
			found = st
			continue
		}
		metrics, why := joins(found, st)
		if len(metrics) > 0 {
			merge(found, st, metrics)
		}
		if why != nil {
			overlaps = append(overlaps, *why)
		}
	}
	if found == nil {
		if empty == nil && len(plans) > 0 {
			if err := readSheet(figures.NewTable(t.File, t.SHA256), src, plans[0], overrides, date1904, false); err == nil {
				return nil, onlyBudgetError(plans[0])
			}
		}
		return nil, empty
	}
	if err := readBudgetSheets(found, src, plans, overrides, date1904); err != nil {
		return nil, err
	}
	// A workbook with a sheet per shop or per client holds many: the first
	// are named, the rest counted.
	const named = 3
	if len(overlaps) > named {
		var rest []string
		for _, w := range overlaps[named:] {
			rest = append(rest, w.Args["sheet"])
		}
		overlaps = append(overlaps[:named], warn(figures.WarnMoreSheets, []string{"count", "sheets"}, len(rest), strings.Join(rest, ", ")))
	}
	found.Warnings = append(found.Warnings, overlaps...)
	noteMissing(found)
	return found, nil
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
