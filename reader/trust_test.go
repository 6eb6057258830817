package reader

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Issue 12, "never a confident wrong report": the reader's part.

func TestIsDateFormat(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"General", false},
		{"0.00", false},
		{"#,##0.00 \"€\"", false},
		{"# ##0,00 [$€-40C]", false},
		{"0%", false},
		{"0.00E+00", false},
		{"dd/mm/yyyy", true},
		{"mmm-yy", true},
		{"mmmm yyyy", true},
		{"[$-40C]mmmm\\ yyyy", true}, // LibreOffice's French month names
		{"mmm", true},                // a month name alone
		{"yyyy-mm-dd hh:mm:ss", true},
		{"h:mm", false},        // a time of day
		{"mm:ss", false},       // a duration
		{"[h]:mm:ss", false},   // elapsed hours
		{"h:mm AM/PM", false},  // AM/PM's M is no month
		{"hh:mm:ss.0", false},  // a duration to the tenth
		{"\"days\" 0", false},  // quoted text
		{"0 \\d\\a\\y", false}, // escaped characters
		{"[Red]0.00;[Blue]-0.00", false},
		{"0.00;dd/mm/yyyy", false}, // only the first section counts
		{"[mm]:ss", false},
	}
	for _, tt := range tests {
		if got := IsDateFormat(tt.code); got != tt.want {
			t.Errorf("IsDateFormat(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// FuzzIsDateFormat: no format makes the detector panic, and a format with
// none of the letters d, m, y (in either case) is never a date.
func FuzzIsDateFormat(f *testing.F) {
	for _, s := range []string{"General", "dd/mm/yyyy", "h:mm AM/PM", "[$-40C]mmmm", "\"", "[", "\\", "0.00;@", "mm:ss"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		got := IsDateFormat(code)
		if got && !strings.ContainsAny(code, "dDmMyY") {
			t.Errorf("IsDateFormat(%q) = true without a d, m or y", code)
		}
	})
}

func TestDateStyles(t *testing.T) {
	styles := []byte(`<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="mmm\ yyyy"/>` +
		`<numFmt numFmtId="165" formatCode="#,##0.000"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>` +
		`<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/>` +
		`<xf numFmtId="21"/><xf numFmtId="4"/></cellXfs></styleSheet>`)
	// General, mmm yyyy, #,##0.000, m/d/yyyy (14), hh:mm:ss (21), #,##0.00 (4).
	want := []bool{false, true, false, true, false, false}
	got := dateStyles(styles)
	if len(got) != len(want) {
		t.Fatalf("dateStyles = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("style %d: date %v, want %v", i, got[i], want[i])
		}
	}
}

// TestNumberIsDateOnlyFormatted: a balance sheet's General numbers are
// figures, a duration formatted mm:ss too; a date in a metric column is
// named, not read as its serial number.
func TestNumberIsDateOnlyFormatted(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT", "Durée moyenne"}, {"2025-01", 1000, 0.0125}, {"2025-02", 45689, 0.02}}, func(f *excelize.File) {
		time, _ := f.NewStyle(&excelize.Style{NumFmt: 46}) // [h]:mm:ss
		f.SetCellStyle("Sheet1", "C2", "C3", time)
	})
	tab, err := Read("durations.xlsx", data, Options{Metrics: map[string]string{"session_duration": "Durée moyenne"}})
	if err != nil {
		t.Fatal(err)
	}
	// 45689 is 2025-02-01 as a date; in General format it is 45 689 €.
	if f, _ := tab.Get("revenue", tab.Months[1]); f.Value != 45689 {
		t.Errorf("revenue 2025-02 = %v, want 45689", f.Value)
	}
	if f, _ := tab.Get("session_duration", tab.Months[0]); f.Value != 0.0125 {
		t.Errorf("duration 2025-01 = %v, want 0.0125 (18 minutes, as a day's fraction)", f.Value)
	}

	data = book(t, [][]any{{"Mois", "CA HT"}, {"2025-01", 1000}, {"2025-02", 45689}}, func(f *excelize.File) {
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Sheet1", "B3", "B3", date)
	})
	_, err = Read("date.xlsx", data, Options{})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Kind != CellDateNotNumber || ce.Cell != "B3" || ce.Value != "2025-02-01" {
		t.Errorf("a date in CA HT: %v, want Sheet1!B3 \"2025-02-01\" is a date, not a number", err)
	}
}

// TestErrorList: every bad cell of a sheet is named, in the sheet's order,
// each with its kind; the message names the first and counts the rest.
func TestErrorList(t *testing.T) {
	_, err := ReadFile("testdata/fail_many_bad_cells.xlsx", Options{})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T %v, want an ErrorList", err, err)
	}
	var cells []string
	for _, e := range list {
		cells = append(cells, e.Cell)
		if e.Kind != CellNotNumber {
			t.Errorf("%s: kind %q, want %q", e.Cell, e.Kind, CellNotNumber)
		}
	}
	// B holds typos in rows 2..8, C in rows 2..7: row by row.
	want := "B2 C2 B3 C3 B4 C4 B5 C5 B6 C6 B7 C7 B8"
	if strings.Join(cells, " ") != want {
		t.Errorf("cells %v, want %s", cells, want)
	}
	lines := list.Lines("en")
	if len(lines) != MaxListed+1 || lines[MaxListed] != "and 3 more cells that cannot be read" || lines[9] != `Données!C6: "500y" is not a number` {
		t.Errorf("lines %q", lines)
	}
	var ce *CellError
	if !errors.As(err, &ce) || ce.Cell != "B2" {
		t.Errorf("errors.As finds %v, want the first cell", ce)
	}
}

// TestCutAnywhere cuts a sheet's XML at every place inside a sound zip:
// each cut is an error naming the sheet, never a table of the rows before
// the cut.
func TestCutAnywhere(t *testing.T) {
	data, err := os.ReadFile("testdata/good_blank_middle_month.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	const sheet = "xl/worksheets/sheet1.xml"
	var xml []byte
	for _, f := range zr.File {
		if f.Name == sheet {
			rc, _ := f.Open()
			xml, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	end := bytes.LastIndex(xml, []byte("</worksheet>"))
	for cut := bytes.Index(xml, []byte("<sheetData")); cut < end; cut += 7 {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			w, _ := zw.Create(f.Name)
			if f.Name == sheet {
				w.Write(xml[:cut])
				continue
			}
			rc, _ := f.Open()
			io.Copy(w, rc)
			rc.Close()
		}
		zw.Close()
		_, err := Read("cut.xlsx", buf.Bytes(), Options{})
		if err == nil || !strings.Contains(err.Error(), "sheet Données is damaged") {
			t.Fatalf("cut at %d (%q): %v, want the sheet named as damaged", cut, xml[max(0, cut-20):cut], err)
		}
	}
}

func TestFormulaRefs(t *testing.T) {
	tests := []struct {
		f    string
		want string
	}{
		{"B2-C2", "S!B2 S!C2"},
		{"LOG10(B2)*2", "S!B2"},
		{"SUM('Données 2025'!B5:B6)", "Données 2025!B5 Données 2025!B6"},
		{"Saisie!$B$2+IF(A1=\"A1\",1,0)", "Saisie!B2 S!A1"},
		{"100", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range formulaRefs("S", tt.f, 100) {
			got = append(got, r[0]+"!"+r[1])
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("formulaRefs(%q) = %v, want %s", tt.f, got, tt.want)
		}
	}
}

// TestFormulasOverBlanks: a month whose figures are all formulas is data
// when a formula reads a typed figure, on its sheet or another, and not
// when they read blank cells only; stale caches are computed.
func TestFormulasOverBlanks(t *testing.T) {
	data := book(t, [][]any{{"Mois", "CA HT", "Résultat net"}, {"2025-01", 1000, 100}, {"2025-02", nil, nil}, {"2025-03", nil, nil}}, func(f *excelize.File) {
		f.NewSheet("Saisie")
		f.SetCellValue("Saisie", "B3", 1200)
		f.SetCellFormula("Sheet1", "B3", "Saisie!B3") // February: a figure typed on Saisie
		f.SetCellFormula("Sheet1", "C3", "B3/10")
		f.SetCellFormula("Sheet1", "B4", "Saisie!B4") // March: Saisie!B4 blank
		f.SetCellFormula("Sheet1", "C4", "B4/10")
	})
	tab, err := Read("blanks.xlsx", data, Options{Sheet: "Sheet1"})
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	for _, m := range tab.Months {
		months = append(months, m.String())
	}
	// January typed; February 1 200 and 120 computed from Saisie!B3;
	// March's formulas read blank cells only: not data.
	if strings.Join(months, " ") != "2025-01 2025-02" {
		t.Fatalf("months %v, want 2025-01 2025-02", months)
	}
	if f, _ := tab.Get("net_income", tab.Months[1]); f.Value != 120 {
		t.Errorf("net income 2025-02 = %v, want 120", f.Value)
	}
}
