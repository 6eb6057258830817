package reader

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
	"github.com/xuri/excelize/v2"
)

// TestWarningsInLanguage: each kind of warning reads in the report's
// language; in English, exactly as the reader's own sentence (the JSON's), so
// the templates and the reader cannot drift apart.
func TestWarningsInLanguage(t *testing.T) {
	rows := [][]any{
		{"Mois", "CA HT", "Ventes", "Dépenses marketing"},
		{"2026-01", 1000, 900, -100}, {"Budget", 12000, 0, 0}, {nil, 5, 5, 5}, {"2026-03", 1100, 800, -120},
	}
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	// warningsOf reads a workbook made with excelize and returns its warnings.
	warningsOf := func(f *excelize.File) []figures.Warning {
		t.Helper()
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		tab, err := Read("w.xlsx", buf.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return tab.Warnings
	}
	warnings := warningsOf(f)
	// #N/A as LibreOffice stores it.
	errs, err := ReadFile("testdata/good_errors.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	warnings = append(warnings, errs.Warnings...)
	// The figures on a hidden sheet behind a dashboard.
	f = excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Tableau de bord")
	f.NewSheet("Données")
	f.SetSheetRow("Données", "A1", &[]any{"Mois", "CA HT"})
	f.SetSheetRow("Données", "A2", &[]any{"2026-01", 100})
	f.SetSheetVisible("Données", false)
	warnings = append(warnings, warningsOf(f)...)
	// Five sheets for the same months: three named, the last counted.
	f = excelize.NewFile()
	for i, sh := range []string{"Sheet1", "Copie", "Lyon", "Nantes", "Lille"} {
		if i > 0 {
			f.NewSheet(sh)
		}
		f.SetSheetRow(sh, "A1", &[]any{"Mois", "CA HT"})
		f.SetSheetRow(sh, "A2", &[]any{"2026-01", 100 + i})
	}
	warnings = append(warnings, warningsOf(f)...)
	// A journal with a balance column: rows summed, the last row's balance.
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Date", "Ventes", "Trésorerie"})
	for i, d := range []string{"2026-01-05", "2026-01-20", "2026-02-03", "2026-02-17"} {
		day, _ := time.Parse("2006-01-02", d)
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{day, 100 * (i + 1), 5000 + i})
	}
	warnings = append(warnings, warningsOf(f)...)
	// The sheet choice: a copy under another month's name, a later sheet
	// that cannot be read and does not continue the table, one laid out
	// otherwise (one month per column).
	for _, file := range []string{"testdata/good_copied_sheet.xlsx", "testdata/good_later_sheet_skipped.xlsx"} {
		tab, err := ReadFile(file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		warnings = append(warnings, tab.Warnings...)
	}
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Mois", "CA HT"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"2026-01", 100})
	f.NewSheet("Trésorerie")
	f.SetSheetRow("Trésorerie", "A1", &[]any{"Mois", "2026-01"})
	f.SetSheetRow("Trésorerie", "A2", &[]any{"Trésorerie", 5000})
	warnings = append(warnings, warningsOf(f)...)
	kinds := map[string]bool{}
	for _, w := range warnings {
		kinds[w.Kind] = true
	}
	for _, k := range []string{figures.WarnMissingMonth, figures.WarnSameMetric, figures.WarnNotMonth, figures.WarnNoMonth,
		figures.WarnNegativeCosts, figures.WarnNotAvailable, figures.WarnSheetOverlap, figures.WarnMoreSheets, figures.WarnHiddenSheet, figures.WarnRowsSummed, figures.WarnLastRow,
		figures.WarnSheetCopy, figures.WarnSheetNotRead, figures.WarnSheetNotJoined} {
		if !kinds[k] {
			t.Errorf("the workbooks gave no %s warning: %q", k, warnings)
		}
	}
	// Each warning's sentence, in each language, uses every argument the
	// reader gives and no other.
	for _, lang := range templates.Languages {
		tx := templates.Must(lang)
		for _, w := range warnings {
			tpl, ok := tx.Warnings[w.Kind]
			if !ok {
				t.Errorf("%s: no sentence for warning %s", lang, w.Kind)
				continue
			}
			for name := range w.Args {
				if !strings.Contains(tpl, "{"+name+"}") {
					t.Errorf("%s %s: the sentence %q leaves out {%s}", lang, w.Kind, tpl, name)
				}
			}
			if got := templates.Fill(tpl, w.Args); strings.Contains(got, "{") {
				t.Errorf("%s %s: %q has an argument the reader does not give", lang, w.Kind, got)
			}
		}
	}
}
