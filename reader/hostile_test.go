package reader

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"

	"github.com/xuri/excelize/v2"
)

// book writes rows (from A1) to a new workbook and returns its bytes.
func book(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// within fails the test when read takes longer than d (a guard against a
// hang, not a speed measurement: the benchmarks measure speed).
func within(t *testing.T, d time.Duration, read func() (*figures.Table, error)) (*figures.Table, error) {
	t.Helper()
	type res struct {
		t   *figures.Table
		err error
	}
	ch := make(chan res, 1)
	go func() {
		tab, err := read()
		ch <- res{tab, err}
	}()
	select {
	case r := <-ch:
		return r.t, r.err
	case <-time.After(d):
		t.Fatalf("no answer within %v", d)
		return nil, nil
	}
}

func TestFormulaCycle(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", nil}, {"2025-02", nil}}, func(f *excelize.File) {
		f.SetCellFormula("Sheet1", "B2", "B3+1")
		f.SetCellFormula("Sheet1", "B3", "SUM(B2:B2)*2")
	})
	_, err := within(t, 10*time.Second, func() (*figures.Table, error) { return Read("cycle.xlsx", data, Options{}) })
	if err == nil || !strings.Contains(err.Error(), "Sheet1!B2") || !strings.Contains(err.Error(), "circular reference") {
		t.Errorf("cycle: %v", err)
	}
}

func TestMillionEmptyStyledRows(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT", "Résultat net"}, {"2025-01", 1000, 100}, {"2025-02", 1100, 120}}, nil)
	// Append a million empty rows with a style, as a sheet formatted down to
	// its last row carries them.
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, e := range zr.File {
		r, _ := e.Open()
		body, _ := io.ReadAll(r)
		if e.Name == "xl/worksheets/sheet1.xml" {
			var rows strings.Builder
			for n := 4; n <= 1000000; n++ {
				fmt.Fprintf(&rows, `<row r="%d" s="1" customFormat="1"/>`, n)
			}
			body = bytes.Replace(body, []byte("</sheetData>"), []byte(rows.String()+"</sheetData>"), 1)
		}
		w, _ := zw.Create(e.Name)
		w.Write(body)
	}
	zw.Close()
	tab, err := within(t, 60*time.Second, func() (*figures.Table, error) { return Read("styled.xlsx", out.Bytes(), Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Months) != 2 {
		t.Errorf("months %v", tab.Months)
	}
}

func TestLongCells(t *testing.T) {
	long := strings.Repeat("é", 32767)
	data := book(t, [][]any{{long}, {"Mois", "CA HT", "Notes"}, {"2025-01", 1000, long}, {"2025-02", 1100, "ok"}}, nil)
	tab, err := Read("long.xlsx", data, Options{})
	if err != nil || len(tab.Months) != 2 {
		t.Fatalf("long notes: %v", err)
	}
	data = book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", long}}, nil)
	_, err = Read("long.xlsx", data, Options{})
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "Sheet1!B2") {
		t.Errorf("long cell error (%d chars): %.200v", len(fmt.Sprint(err)), err)
	}
}

func TestExtremeNumbers(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", "NaN"}}, nil)
	if _, err := Read("nan.xlsx", data, Options{}); err == nil || !strings.Contains(err.Error(), `"NaN" is not a number`) {
		t.Errorf("NaN: %v", err)
	}
	data = book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", "Inf"}}, nil)
	if _, err := Read("inf.xlsx", data, Options{}); err == nil || !strings.Contains(err.Error(), "is not a number") {
		t.Errorf("Inf: %v", err)
	}
	data = book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", 1e308}, {"2025-02", 5}}, nil)
	tab, err := Read("big.xlsx", data, Options{})
	if err != nil || tab.Actual()["revenue"][figures.MonthOf(2025, 1)].Value != 1e308 {
		t.Errorf("1e308: %v", err)
	}
	// A row-level export whose sum overflows is refused, not turned into +Inf.
	rows := [][]any{{"Date", "Ventes"}}
	for i := 0; i < 4; i++ {
		rows = append(rows, []any{time.Date(2025, 1, 2+i, 0, 0, 0, 0, time.UTC), 1e308})
	}
	data = book(t, rows, nil)
	if _, err := Read("overflow.xlsx", data, Options{}); err == nil || !strings.Contains(err.Error(), "add up to more than") {
		t.Errorf("overflow: %v", err)
	}
}

func TestManySheets(t *testing.T) {
	data := book(t, nil, func(f *excelize.File) {
		for i := 1; i < 500; i++ {
			name := fmt.Sprintf("Feuille %d", i)
			f.NewSheet(name)
			f.SetCellValue(name, "A1", "rien ici")
		}
		f.SetSheetRow("Feuille 499", "A3", &[]any{"Mois", "CA HT"})
		f.SetSheetRow("Feuille 499", "A4", &[]any{"2025-01", 1000})
	})
	tab, err := within(t, 30*time.Second, func() (*figures.Table, error) { return Read("many.xlsx", data, Options{}) })
	if err != nil || tab.Sheet != "Feuille 499" {
		t.Fatalf("500 sheets: %v", err)
	}
}

// TestYearColumn reads month names whose year is in another column, and
// month numbers with a year column, as some accounting exports write them.
func TestYearColumn(t *testing.T) {
	data := book(t, [][]any{
		{"Année", "Mois", "CA HT"},
		{2024, "novembre", 900}, {2024, "décembre", 1200}, {2025, "janvier", 800},
	}, nil)
	tab, err := Read("year.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tab.Months); got != "[2024-11 2024-12 2025-01]" {
		t.Errorf("months %s", got)
	}
	if f := tab.Actual()["revenue"][figures.MonthOf(2025, 1)]; f.Value != 800 || f.Source.String() != "Sheet1!C4" {
		t.Errorf("January 2025: %+v", f)
	}
	// Month names without any year anywhere: an error naming the cell.
	data = book(t, [][]any{{"Mois", "CA HT"}, {"janvier", 800}}, nil)
	if _, err := Read("noyear.xlsx", data, Options{}); err == nil || !strings.Contains(err.Error(), `Sheet1!A2: "janvier" has no year`) {
		t.Errorf("no year: %v", err)
	}
}

// TestStrictNamespace reads a workbook saved as "Strict Open XML", whose
// parts use the ISO namespaces instead of the transitional ones.
func TestStrictNamespace(t *testing.T) {
	data, err := os.ReadFile("testdata/good_transposed.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		r, _ := e.Open()
		body, _ := io.ReadAll(r)
		body = bytes.ReplaceAll(body, []byte("http://schemas.openxmlformats.org/officeDocument/2006/relationships"), []byte("http://purl.oclc.org/ooxml/officeDocument/relationships"))
		body = bytes.ReplaceAll(body, []byte("http://schemas.openxmlformats.org/spreadsheetml/2006/main"), []byte("http://purl.oclc.org/ooxml/spreadsheetml/main"))
		w, _ := zw.Create(e.Name)
		w.Write(body)
	}
	zw.Close()
	tab, err := Read("strict.xlsx", out.Bytes(), Options{})
	if err != nil || len(tab.Months) != 3 {
		t.Fatalf("strict: %v", err)
	}
}

// TestLabelledRows skips rows labelled with something other than a month
// (an opening balance, a budget line), saying so, and keeps the months.
func TestLabelledRows(t *testing.T) {
	data := book(t, [][]any{
		{"Mois", "CA HT", "Résultat net"},
		{"Solde initial", 5000, 0}, {"2025-01", 1000, 100}, {"2025-02", 1100, 120}, {"Budget 2025", 13000, 1300},
	}, nil)
	tab, err := Read("labels.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Months) != 2 || tab.Actual()["revenue"][figures.MonthOf(2025, 1)].Value != 1000 {
		t.Errorf("months %v", tab.Months)
	}
	want := []string{`Sheet1!A2: "Solde initial" is not a month, row skipped`, `Sheet1!A5: "Budget 2025" is not a month, row skipped`}
	if strings.Join(Texts(tab.Warnings), "|") != strings.Join(want, "|") {
		t.Errorf("warnings %q, want %q", tab.Warnings, want)
	}
}

// TestSameMetricTwice: two columns that both look like revenue; the first
// is used and the report says so.
func TestSameMetricTwice(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT", "Ventes", "Résultat net"}, {"2025-01", 1000, 1200, 100}}, nil)
	tab, err := Read("twice.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := tab.Actual()["revenue"][figures.MonthOf(2025, 1)]; f.Value != 1000 || f.Source.String() != "Sheet1!B2" {
		t.Errorf("revenue %+v, want the first column", f)
	}
	if len(tab.Warnings) != 1 || !strings.Contains(text(tab.Warnings[0]), `Sheet1!C1: "Ventes" also looks like revenue`) {
		t.Errorf("warnings %q", tab.Warnings)
	}
}
