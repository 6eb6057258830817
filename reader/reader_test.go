package reader

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/internal/shared"

	"github.com/xuri/excelize/v2"
)

// expectation is what make_fixtures.py says a good fixture holds.
type expectation struct {
	Sheet    string
	Months   []string
	Figures  map[string]map[string]float64
	Refs     map[string]string
	Warnings []string
	Rows     int
}

func loadExpect(t *testing.T, path string) expectation {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var e expectation
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func checkTable(t *testing.T, tab *figures.Table, e expectation) {
	t.Helper()
	if tab.Sheet != e.Sheet {
		t.Errorf("sheet %q, want %q", tab.Sheet, e.Sheet)
	}
	var months []string
	for _, m := range tab.Months {
		months = append(months, m.String())
	}
	if strings.Join(months, " ") != strings.Join(e.Months, " ") {
		t.Errorf("months %v, want %v", months, e.Months)
	}
	for metric, byMonth := range e.Figures {
		for p, want := range byMonth {
			m, _ := figures.ParsePeriod(p)
			f, ok := tab.Get(metric, m)
			if !ok {
				t.Errorf("%s %s: no figure, want %v", metric, p, want)
				continue
			}
			if math.Abs(f.Value-want) > 0.005 { // to the cent
				t.Errorf("%s %s = %v, want %v", metric, p, f.Value, want)
			}
		}
	}
	for key, want := range e.Refs {
		metric, p, _ := strings.Cut(key, "/")
		m, _ := figures.ParsePeriod(p)
		if f, _ := tab.Get(metric, m); f.Source.String() != want {
			t.Errorf("%s ref %q, want %q", key, f.Source.String(), want)
		}
	}
	if e.Warnings != nil && strings.Join(Texts(tab.Warnings), "|") != strings.Join(e.Warnings, "|") {
		t.Errorf("warnings %q, want %q", tab.Warnings, e.Warnings)
	}
}

// TestGoodFixtures reads every good_*.xlsx of testdata, written by
// openpyxl and LibreOffice, and compares with what the script wrote.
func TestGoodFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/good_*.xlsx")
	ods, _ := filepath.Glob("testdata/good_*.ods")
	files = append(files, ods...)
	if len(files) < 8 {
		t.Fatalf("only %d good fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tab, err := ReadFile(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkTable(t, tab, loadExpect(t, strings.TrimSuffix(f, filepath.Ext(f))+".expect.json"))
		})
	}
}

func TestFailFixtures(t *testing.T) {
	tests := map[string]string{
		"fail_not_number.xlsx":         `Données!C3: "12,5x" is not a number`,
		"fail_duplicate_month.xlsx":    "Données!A4 and Données!A5 are both 2025-03",
		"fail_no_table.xlsx":           "no sheet with monthly figures found (sheets: Notes)",
		"fail_csv_renamed.xlsx":        "this file is a text file (CSV?), not an Excel .xlsx workbook",
		"fail_xls_renamed.xlsx":        "this is an old Excel .xls file or a password-protected workbook",
		"fail_truncated.xlsx":          "the file is damaged or not an Excel .xlsx workbook",
		"fail_year_grid_bad_cell.xlsx": `'CA mensuel'!C4: "12,5x" is not a number`,
		// Issue 12: a sheet cut short in a sound zip, mid-row or after a
		// row, and one whose bytes fail their checksum, are errors naming
		// the sheet, never a report of the part read.
		"fail_cut_mid_row.xlsx":   "sheet Données is damaged: its XML ends before the end of the sheet",
		"fail_cut_after_row.xlsx": "sheet Données is damaged: its XML ends before the end of the sheet",
		"fail_checksum.xlsx":      "sheet Données is damaged: zip: checksum error",
		// Thirteen bad cells: the first named, the others counted.
		"fail_many_bad_cells.xlsx": `Données!B2: "10 000x" is not a number (and 12 more)`,
	}
	files, _ := filepath.Glob("testdata/fail_*.xlsx")
	if len(files) != len(tests) {
		t.Errorf("%d fail fixtures, %d expectations", len(files), len(tests))
	}
	for _, f := range files {
		want, ok := tests[filepath.Base(f)]
		if !ok {
			t.Errorf("no expectation for %s", f)
			continue
		}
		_, err := ReadFile(f, Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", filepath.Base(f), err, want)
		}
	}
}

// TestFinancialSample reads the real Excel file: 700 sales rows on Sheet1,
// pivot-table sheets after it, a header " Sales" with a leading space. The
// monthly sums were computed by make_fixtures.py with openpyxl.
func TestFinancialSample(t *testing.T) {
	path := shared.Path(t, "workbooks/financial-sample.xlsx")
	tab, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := loadExpect(t, "testdata/financial_sample.expect.json")
	e.Warnings = nil
	checkTable(t, tab, e)
	if len(tab.Months) != 16 || tab.RowsSummed != e.Rows || e.Rows != 700 {
		t.Errorf("%d months, %d rows summed; want 16 and 700", len(tab.Months), tab.RowsSummed)
	}
	if len(tab.Warnings) == 0 || !strings.Contains(text(tab.Warnings[0]), "700 rows summed into 16 months") {
		t.Errorf("warnings %q: the report must say rows were summed", tab.Warnings)
	}
}

func TestSample(t *testing.T) {
	tab, err := ReadFile("../samples/figures.xlsx", Options{Sheet: "donnees"}) // case and accents do not matter
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Months) != 30 || tab.Months[0].String() != "2024-05" || tab.Months[29].String() != "2026-10" {
		t.Errorf("months %v", tab.Months)
	}
	// Données!B34 holds 49 780,84 (the October 2026 revenue, see the sample's
	// generator); the Total row below is skipped.
	m, _ := figures.ParsePeriod("2026-10")
	if f, _ := tab.Get("revenue", m); f.Value != 49780.84 || f.Source.String() != "Données!B34" {
		t.Errorf("revenue 2026-10 = %+v", f)
	}
	if len(tab.Warnings) != 0 {
		t.Errorf("warnings: %v", tab.Warnings)
	}
}

func TestOverridesAndMissingMetric(t *testing.T) {
	tab, err := ReadFile("testdata/good_fr_text_numbers.xlsx", Options{Metrics: map[string]string{"orders": "Commentaire"}})
	if err == nil {
		// "Commentaire" holds text: naming it as a metric must fail on its cells.
		t.Fatalf("read %v", tab.Months)
	}
	var ce *CellError
	if !errors.As(err, &ce) || ce.Cell != "E5" {
		t.Errorf("error %v, want a CellError at E5", err)
	}
	_, err = ReadFile("testdata/good_fr_text_numbers.xlsx", Options{Metrics: map[string]string{"revenue": "Ventes"}})
	if err == nil || !strings.Contains(err.Error(), `no column headed "Ventes" for revenue`) {
		t.Errorf("error %v", err)
	}
	tab, err = ReadFile("testdata/good_fr_text_numbers.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A column mapped to one metric is still the built-in header of another:
	// the financial sample's "Profit" as gross_profit and as net_income.
	tab, err = ReadFile(shared.Path(t, "workbooks/financial-sample.xlsx"), Options{Metrics: map[string]string{"gross_profit": "Profit"}})
	if err != nil || tab.Require([]string{"gross_profit", "net_income", "revenue"}) != nil {
		t.Fatalf("financial sample with gross_profit: Profit: %v", err)
	}
	if m, _ := figures.ParsePeriod("2014-12"); tab.Actual()["gross_profit"][m] != tab.Actual()["net_income"][m] {
		t.Errorf("gross_profit %v and net_income %v should be the same column", tab.Actual()["gross_profit"][m], tab.Actual()["net_income"][m])
	}
	tab, _ = ReadFile("testdata/good_fr_text_numbers.xlsx", Options{})
	err = tab.Require([]string{"revenue", "visitors"})
	var me *figures.MissingMetricError
	if !errors.As(err, &me) || strings.Join(me.Metrics, ",") != "visitors" || !strings.Contains(err.Error(), "CA HT, Résultat net") {
		t.Errorf("Require: %v", err)
	}
}

func TestPasswordAndBomb(t *testing.T) {
	dir := t.TempDir()
	// An encrypted workbook, as Excel writes them (ECMA-376 agile encryption).
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Mois", "CA HT"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"2025-01", 1000})
	locked := filepath.Join(dir, "locked.xlsx")
	if err := f.SaveAs(locked, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(locked, Options{}); err == nil || !strings.Contains(err.Error(), "password-protected") {
		t.Errorf("no password: %v", err)
	}
	if _, err := ReadFile(locked, Options{Password: "wrong"}); err == nil || !strings.Contains(err.Error(), "password is not correct") {
		t.Errorf("wrong password: %v", err)
	}
	if tab, err := ReadFile(locked, Options{Password: "secret"}); err != nil || len(tab.Months) != 1 {
		t.Errorf("right password: %v", err)
	}
	// A zip bomb: a valid workbook plus 320 MiB of zeros in one entry
	// (make_fixtures.py); the limit is 256 MiB.
	bomb, err := os.ReadFile("testdata/hostile_zip_bomb.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err = Read("bomb.xlsx", bomb, Options{})
	if err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("bomb: %v", err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := int64(after.TotalAlloc - before.TotalAlloc); grown > 64<<20 {
		t.Errorf("the bomb allocated %d MB", grown>>20)
	}
	t.Logf("bomb refused in %v", time.Since(start))
}

func TestParseMonthText(t *testing.T) {
	tests := []struct {
		in   string
		want string // YYYY-MM, or 0000-MM for no year, "" for not a month
	}{
		{"2025-01", "2025-01"}, {"01/2025", "2025-01"}, {"2025/03", "2025-03"}, {"31/01/2025", "2025-01"},
		{"2025-01-31", "2025-01"}, {"janv. 2025", "2025-01"}, {"janvier 2025", "2025-01"}, {"Jan 2024", "2024-01"},
		{"January 2024", "2024-01"}, {"févr. 2026", "2026-02"}, {"Août 2025", "2025-08"}, {"déc-24", "2024-12"},
		{"Sept. 2025", "2025-09"}, {"juin", "0000-06"}, {"Décembre", "0000-12"}, {" mars 2025 ", "2025-03"},
		{"Total", ""}, {"13/2025", ""}, {"T1 2025", ""}, {"2025", ""}, {"Moyenne", ""}, {"", ""},
		{"2025-01-31 00:00:00", "2025-01"}, {"2025-01-31T00:00:00Z", "2025-01"}, {"31/01/2025 23:59", "2025-01"},
		{"31.01.2025", "2025-01"}, {"January, 2025", "2025-01"}, {"12:30", ""},
	}
	for _, tc := range tests {
		tm, ok := parseMonthText(tc.in)
		got := ""
		if ok {
			got = figures.MonthOf(tm.year, tm.month).String()
		}
		if got != tc.want {
			t.Errorf("parseMonthText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMatchHeader(t *testing.T) {
	tests := map[string]string{
		"CA HT": "revenue", " Sales": "revenue", "Chiffre d'affaires": "revenue", "CA HT (€)": "revenue",
		"Nb nouveaux clients": "new_customers", "NOUVEAUX CLIENTS": "new_customers", "Résultat net": "net_income",
		"Profit": "net_income", "Dépenses marketing": "marketing_costs", "EBE": "ebitda", "Trésorerie": "cash",
		"Créances clients": "receivables", "Échéances d'emprunt": "debt_service", "Gross Sales": "",
		"Month Name": "", "CA TTC": "", "Commentaire": "",
		// Actuals beside a budget: the actuals are the metric, the rest names nothing.
		"CA réel": "revenue", "CA réalisé": "revenue", "Réel CA": "revenue", "Actual revenue": "revenue",
		"Résultat net réel": "net_income", "CA HT réel (k€)": "revenue", "CA budget": "", "CA N-1": "",
		"CA prévu": "", "Objectif CA": "", "Réel": "",
		// P&L exports.
		"Total Income": "revenue", "Income": "revenue", "Net Income": "net_income", "Cost of Goods Sold": "cogs",
		"Advertising & Marketing": "marketing_costs", "Total Expenses": "",
		// Abbreviations and the headers accountants write.
		"C.A. HT": "revenue", "CA H.T.": "revenue", "C.A.": "revenue", "Chiffre d'affaires H.T.": "revenue",
		"Résultat de l'exercice": "net_income", "Bénéfice / Perte": "net_income", "Nb de clients nouveaux": "new_customers",
		"Visites du site": "visitors", "Commandes web": "conversions", "Solde bancaire": "cash", "Net revenue": "revenue",
		"Website sessions": "sessions", "Emprunts remboursés": "debt_service", "Frais de publicité": "marketing_costs",
		"Nouveaux\nclients": "new_customers", "Ventes en ligne": "", "Nombre de clients": "",
		// The lines of a French profit and loss statement (plan comptable général).
		"Montant net du chiffre d'affaires": "revenue", "Chiffre d'affaires net": "revenue", "RÉSULTAT NET DE L'EXERCICE": "net_income",
		"Résultat d'exploitation": "", "Résultat financier": "", "Ventes de marchandises": "", "Production vendue": "",
		// A pivot table's headers.
		"Somme de CA HT": "revenue", "Sum of Sales": "revenue", "Somme de Nouveaux clients": "new_customers",
		// Running totals name no month's figure.
		"Total ventes (cumul)": "", "CA YTD": "", "CA à date": "", "CA cumulé": "", "Revenue (year to date)": "",
	}
	for h, want := range tests {
		if got := MatchHeader(h, nil); got != want {
			t.Errorf("MatchHeader(%q) = %q, want %q", h, got, want)
		}
	}
	if got := MatchHeader("Ventes nettes", map[string]string{"revenue": "ventes  nettes"}); got != "revenue" {
		t.Errorf("override: %q", got)
	}
	if got := MatchHeader("C.A. net", map[string]string{"revenue": "CA net"}); got != "revenue" {
		t.Errorf("override with an abbreviation: %q", got)
	}
}

func TestTotalLabels(t *testing.T) {
	for _, s := range []string{"Total", "TOTAL 2024", "Sous-total", "Moyenne", "Cumul", "Total T1", "Average", "T1 2025", "2e trimestre", "Q3", "Année 2025"} {
		if !isTotalLabel(s) {
			t.Errorf("%q is a total", s)
		}
	}
	for _, s := range []string{"janv. 2025", "Totalement", ""} {
		if isTotalLabel(s) {
			t.Errorf("%q is not a total", s)
		}
	}
}

func FuzzParseMonthText(f *testing.F) {
	for _, s := range []string{"janv. 2025", "01/2025", "2025-01-31", "Décembre"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, ok := parseMonthText(s)
		if ok && (tm.month < 1 || tm.month > 12 || tm.year != 0 && (tm.year < 1900 || tm.year > 2200)) {
			t.Fatalf("%q gave %+v", s, tm)
		}
	})
}

func FuzzMatchHeader(f *testing.F) {
	for _, s := range []string{"CA HT", " Sales", "Nb. nouveaux clients (€)", "(((", "É"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MatchHeader(s, nil)
		if m != "" && !figures.Known(m) {
			t.Fatalf("%q matched unknown metric %q", s, m)
		}
		// Case and surrounding spaces never matter (checked on ASCII, where
		// upper- and lower-casing round-trip).
		for _, r := range s {
			if r >= 0x80 {
				return
			}
		}
		if got := MatchHeader("  "+strings.ToUpper(s)+" ", nil); got != m {
			t.Fatalf("%q matches %q but its upper case matches %q", s, m, got)
		}
	})
}
