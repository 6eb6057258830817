package reader

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
)

// TestSheetFixtures reads the workbooks of make_sheet_fixtures.py, as
// openpyxl wrote them and as LibreOffice saved them again (_lo). Each
// expected figure is worked out by hand from the cells the script writes.
func TestSheetFixtures(t *testing.T) {
	type fig struct {
		metric, month string
		value         float64
		cell          string
	}
	tests := []struct {
		file        string
		sheets      []string
		first, last string
		months      int
		figures     []fig
		warnings    []string // the warnings' kinds, in order
		ods         bool     // also saved by LibreOffice as .ods
	}{
		// 2023: 10 × month k€ (title "Montants en milliers d'euros");
		// 2024: 11, 12, 13.5 k€. The annual total (column N), the
		// average and the maximum (rows 6 and 7) are not months.
		{file: "good_year_grid", sheets: []string{"CA mensuel"}, first: "2023-01", last: "2024-03", months: 15,
			figures: []fig{{"revenue", "2023-01", 10_000, "'CA mensuel'!B3"}, {"revenue", "2023-12", 120_000, "'CA mensuel'!M3"},
				{"revenue", "2024-02", 12_000, "'CA mensuel'!C4"}, {"revenue", "2024-03", 13_500, "'CA mensuel'!D4"}}},
		// 2024 merged over A2:A13: February is B3's row, 1 000 + 10 × 2;
		// 2025 merged over A14:A16: March is row 16, 2 000 + 10 × 3 and
		// 20 + 3 new customers.
		{file: "good_merged_year", sheets: []string{"Données"}, first: "2024-01", last: "2025-03", months: 15,
			figures: []fig{{"revenue", "2024-02", 1020, "Données!C3"}, {"revenue", "2024-12", 1120, "Données!C13"},
				{"revenue", "2025-01", 2010, "Données!C14"}, {"revenue", "2025-03", 2030, "Données!C16"},
				{"new_customers", "2025-03", 23, "Données!D16"}}, ods: true},
		// 2024 merged over B1:M1, 2025 over N1:P1: March 2025 is column P.
		{file: "good_merged_year_columns", sheets: []string{"Données"}, first: "2024-01", last: "2025-03", months: 15,
			figures: []fig{{"revenue", "2024-02", 1020, "Données!C3"}, {"revenue", "2025-03", 2030, "Données!P3"}}, ods: true},
		// Sale lines summed per month: 100 + 200 + 300, 10 + 20 + 30,
		// 1 + 2 + 3; "Avril" is March's lines again: not counted twice.
		{file: "good_copied_sheet", sheets: []string{"Janvier", "Février", "Mars"}, first: "2024-01", last: "2024-03", months: 3,
			figures:  []fig{{"revenue", "2024-01", 600, "Janvier!C2…C4"}, {"revenue", "2024-03", 6, "Mars!C2…C4"}},
			warnings: []string{figures.WarnRowsSummed, figures.WarnRowsSummed, figures.WarnRowsSummed, figures.WarnSheetCopy}},
		// The pivot's 600, 60, 6 are not read: the table's 1 000 + month are.
		{file: "good_pivot_first", sheets: []string{"Données"}, first: "2024-01", last: "2024-06", months: 6,
			figures: []fig{{"revenue", "2024-01", 1001, "Données!B2"}, {"revenue", "2024-03", 1003, "Données!B4"}}},
		// "Stocks" has one month per column and "51OO" in D2: left out.
		{file: "good_later_sheet_skipped", sheets: []string{"Données"}, first: "2024-01", last: "2024-06", months: 6,
			figures:  []fig{{"revenue", "2024-06", 1006, "Données!B7"}},
			warnings: []string{figures.WarnSheetNotRead}},
	}
	for _, tt := range tests {
		files := []string{tt.file + ".xlsx", tt.file + "_lo.xlsx"}
		if tt.ods {
			files = append(files, tt.file+"_lo.ods")
		}
		for _, file := range files {
			name := "testdata/" + file
			t.Run(file, func(t *testing.T) {
				tab, err := ReadFile(name, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(tab.Sheets, tt.sheets) {
					t.Errorf("sheets %q, want %q", tab.Sheets, tt.sheets)
				}
				if n := len(tab.Months); n != tt.months || tab.Months[0].String() != tt.first || tab.Months[n-1].String() != tt.last {
					t.Errorf("%d months %v, want %d from %s to %s", n, tab.Months, tt.months, tt.first, tt.last)
				}
				for _, f := range tt.figures {
					m, _ := figures.ParsePeriod(f.month)
					got, ok := tab.Get(f.metric, m)
					if !ok || math.Abs(got.Value-f.value) > 1e-9 || got.Source.String() != f.cell {
						t.Errorf("%s %s = %v from %s (found %v), want %v from %s", f.metric, f.month, got.Value, got.Source, ok, f.value, f.cell)
					}
				}
				var kinds []string
				for _, w := range tab.Warnings {
					kinds = append(kinds, w.Kind)
				}
				if !slices.Equal(kinds, tt.warnings) {
					t.Errorf("warnings %q, want kinds %q", Texts(tab.Warnings), tt.warnings)
				}
			})
		}
	}
}

// TestYearGridBadCell: a cell of the grid that is no number is an error
// naming it.
func TestYearGridBadCell(t *testing.T) {
	_, err := ReadFile("testdata/fail_year_grid_bad_cell.xlsx", Options{})
	if err == nil || !strings.Contains(err.Error(), `'CA mensuel'!C4: "12,5x" is not a number`) {
		t.Errorf("err = %v, want 'CA mensuel'!C4 named", err)
	}
}

// TestSheetChoiceWarnings: the warnings of the sheet choice read in French
// and in English, naming the sheets and months.
func TestSheetChoiceWarnings(t *testing.T) {
	copied, err := ReadFile("testdata/good_copied_sheet.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	skipped, err := ReadFile("testdata/good_later_sheet_skipped.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"en": {"sheet Avril is a copy of sheet Mars (the same figures for 2024-03): counted once",
			"sheet Stocks cannot be read and does not continue the table of sheet Données: left out"},
		"fr": {"la feuille Avril est une copie de la feuille Mars (les mêmes chiffres pour 2024-03)\u00a0: comptés une seule fois",
			"la feuille Stocks ne peut pas être lue et ne prolonge pas le tableau de la feuille Données\u00a0: laissée de côté"},
	}
	for lang, sentences := range want {
		tx := templates.Must(lang)
		var got []string
		for _, w := range append(copied.Warnings, skipped.Warnings...) {
			got = append(got, templates.Fill(tx.Warnings[w.Kind], w.Args))
		}
		text := strings.Join(got, "\n")
		for _, s := range sentences {
			if !strings.Contains(text, s) {
				t.Errorf("%s: warnings lack %q:\n%s", lang, s, text)
			}
		}
	}
}
