package reader

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"

	"github.com/xuri/excelize/v2"
)

// yearSheets writes a workbook with one sheet per year: month names in
// column A with the year only in the sheet's name, revenue in B. Each sheet
// holds months from..to of its year, revenue = 1000 × year-offset + month.
func yearSheets(t *testing.T, sheets []string, months map[string][2]int, extra func(f *excelize.File)) []byte {
	t.Helper()
	names := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	return book(t, nil, func(f *excelize.File) {
		for i, s := range sheets {
			if i == 0 {
				f.SetSheetName("Sheet1", s)
			} else {
				f.NewSheet(s)
			}
			f.SetSheetRow(s, "A1", &[]any{"Mois", "CA HT", "Résultat net"})
			span, ok := months[s]
			if !ok {
				continue
			}
			for m := span[0]; m <= span[1]; m++ {
				row := []any{names[m-1], float64(1000*(i+1) + m), float64(10*(i+1) + m)}
				cell, _ := excelize.CoordinatesToCellName(1, m+1)
				f.SetSheetRow(s, cell, &row)
			}
		}
		if extra != nil {
			extra(f)
		}
	})
}

func TestSheetPerYear(t *testing.T) {
	tests := []struct {
		name     string
		sheets   []string
		months   map[string][2]int
		extra    func(f *excelize.File)
		sheet    string // figures.Table.Sheet
		first    string // first month
		last     string
		count    int
		refs     map[string]string // month -> revenue cell
		warnings []string
	}{
		{
			name:   "two years, oldest first",
			sheets: []string{"2025", "2026"}, months: map[string][2]int{"2025": {1, 12}, "2026": {1, 10}},
			sheet: "2025, 2026", first: "2025-01", last: "2026-10", count: 22,
			refs: map[string]string{"2025-12": "'2025'!B13", "2026-10": "'2026'!B11"},
		},
		{
			name:   "newest first, with a chart sheet between",
			sheets: []string{"Année 2026", "Graphiques", "Année 2025"}, months: map[string][2]int{"Année 2026": {1, 3}, "Année 2025": {1, 12}},
			extra: func(f *excelize.File) { f.SetCellValue("Graphiques", "A1", "Évolution du chiffre d'affaires") },
			sheet: "Année 2026, Année 2025", first: "2025-01", last: "2026-03", count: 15,
			refs: map[string]string{"2025-01": "'Année 2025'!B2", "2026-03": "'Année 2026'!B4"},
		},
		{
			name:   "next year's sheet laid out, not filled in yet, first",
			sheets: []string{"2027", "2026"}, months: map[string][2]int{"2026": {1, 12}},
			extra: func(f *excelize.File) {
				for m := 1; m <= 12; m++ { // month names, no figures
					f.SetCellValue("2027", fmt.Sprintf("A%d", m+1), []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}[m-1])
				}
			},
			sheet: "2026", first: "2026-01", last: "2026-12", count: 12,
		},
		{
			name:   "a year missing between two sheets",
			sheets: []string{"2023", "2025"}, months: map[string][2]int{"2023": {11, 12}, "2025": {1, 2}},
			sheet: "2023, 2025", first: "2023-11", last: "2025-02", count: 4,
			warnings: []string{"2024-01: missing month", "2024-12: missing month"},
		},
		{
			name:   "two tables for the same months: the second is not used",
			sheets: []string{"Chiffres 2025", "Copie 2025"}, months: map[string][2]int{"Chiffres 2025": {1, 6}, "Copie 2025": {3, 12}},
			sheet: "Chiffres 2025", first: "2025-01", last: "2025-06", count: 6,
			refs:     map[string]string{"2025-06": "'Chiffres 2025'!B7"},
			warnings: []string{`sheet Copie 2025 also holds "CA HT", "Résultat net" for 2025-03…2025-06, read from sheet Chiffres 2025: not used there`},
		},
		{
			name:   "a sheet copying the figures for a chart: left out without a word",
			sheets: []string{"Données 2025", "Copie 2025"}, months: map[string][2]int{"Données 2025": {1, 6}, "Copie 2025": {1, 6}},
			extra: func(f *excelize.File) {
				for r := 2; r <= 7; r++ { // the same figures as the first sheet
					for _, c := range []string{"B", "C"} {
						v, _ := f.GetCellValue("Données 2025", fmt.Sprintf("%s%d", c, r))
						n, _ := strconv.ParseFloat(v, 64)
						f.SetCellValue("Copie 2025", fmt.Sprintf("%s%d", c, r), n)
					}
				}
			},
			sheet: "Données 2025", first: "2025-01", last: "2025-06", count: 6,
		},
		{
			name:   "a budget sheet first and for the months to come: never read",
			sheets: []string{"Budget 2025", "Réel 2025", "Prévisionnel 2026"}, months: map[string][2]int{"Budget 2025": {1, 12}, "Réel 2025": {1, 6}, "Prévisionnel 2026": {1, 12}},
			sheet: "Réel 2025", first: "2025-01", last: "2025-06", count: 6,
			refs: map[string]string{"2025-06": "'Réel 2025'!B7"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read("annees.xlsx", yearSheets(t, tt.sheets, tt.months, tt.extra), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tab.Sheet != tt.sheet || len(tab.Months) != tt.count || tab.Months[0].String() != tt.first || tab.Months[len(tab.Months)-1].String() != tt.last {
				t.Errorf("sheet %q, %d months %v…%v; want %q, %d months %s…%s",
					tab.Sheet, len(tab.Months), tab.Months[0], tab.Months[len(tab.Months)-1], tt.sheet, tt.count, tt.first, tt.last)
			}
			for p, ref := range tt.refs {
				m, _ := figures.ParsePeriod(p)
				f, ok := tab.Get("revenue", m)
				if !ok || f.Source.String() != ref {
					t.Errorf("revenue %s: %+v, want cell %s", p, f, ref)
				}
			}
			// Each figure is its own sheet's: 1000 × (sheet's place) + month.
			for _, m := range tab.Months {
				f, _ := tab.Get("revenue", m)
				sheet := strings.Trim(f.Source.String()[:strings.LastIndex(f.Source.String(), "!")], "'")
				place := 0
				for i, s := range tt.sheets {
					if s == sheet {
						place = i + 1
					}
				}
				if want := float64(1000*place + int(m.Month())); f.Value != want {
					t.Errorf("revenue %s = %v (%s), want %v", m, f.Value, f.Source.String(), want)
				}
			}
			got := strings.Join(Texts(tab.Warnings), "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(got, w) {
					t.Errorf("warnings lack %q:\n%s", w, got)
				}
			}
			if len(tt.warnings) == 0 && got != "" {
				t.Errorf("unexpected warnings:\n%s", got)
			}
		})
	}
}

// TestSheetPerYearBadCell: a later sheet laid out as a table with a cell
// that cannot be read is an error naming it, not a sheet quietly left out
// (it may hold the latest months).
func TestSheetPerYearBadCell(t *testing.T) {
	data := yearSheets(t, []string{"2025", "2026"}, map[string][2]int{"2025": {1, 12}, "2026": {1, 3}}, func(f *excelize.File) {
		f.SetCellValue("2026", "B3", "12,5x")
	})
	_, err := Read("annees.xlsx", data, Options{})
	if err == nil || !strings.Contains(err.Error(), `'2026'!B3: "12,5x" is not a number`) {
		t.Errorf("err = %v, want the cell 2026!B3 named", err)
	}
}

// TestDuplicateMonthOrJournal tells a monthly table with a month typed twice
// (an error naming both cells) from a small journal whose rows share months
// (summed), by the days of their dates.
func TestDuplicateMonthOrJournal(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	monthly := func(day func(m time.Month) int, dupRow []any) [][]any {
		rows := [][]any{{"Mois", "CA HT"}}
		for m := time.January; m <= time.December; m++ {
			rows = append(rows, []any{date(2025, m, day(m)), 1000 + float64(m)})
		}
		return append(rows[:5], append([][]any{dupRow}, rows[5:]...)...)
	}
	first := func(time.Month) int { return 1 }
	last := func(m time.Month) int { return date(2025, m+1, 1).AddDate(0, 0, -1).Day() }
	tests := []struct {
		name    string
		rows    [][]any
		wantErr string
		revenue map[string]float64
	}{
		{"dates on the 1st, March typed again on the 15th",
			monthly(first, []any{date(2025, 3, 15), 5000}), "Sheet1!A4 and Sheet1!A6 are both 2025-03", nil},
		{"month ends, January typed again on the 30th",
			monthly(last, []any{date(2025, 1, 30), 5000}), "Sheet1!A2 and Sheet1!A6 are both 2025-01", nil},
		{"a small journal: five sales over four months",
			[][]any{{"Date", "Ventes"}, {date(2025, 1, 3), 100.5}, {date(2025, 1, 20), 200}, {date(2025, 2, 7), 50}, {date(2025, 3, 28), 75.25}, {date(2025, 4, 2), 10}},
			"", map[string]float64{"2025-01": 300.5, "2025-02": 50, "2025-04": 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read("t.xlsx", book(t, tt.rows, func(f *excelize.File) {
				style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
				f.SetColStyle("Sheet1", "A", style)
			}), Options{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for p, want := range tt.revenue {
				m, _ := figures.ParsePeriod(p)
				if f, _ := tab.Get("revenue", m); f.Value != want {
					t.Errorf("revenue %s = %v, want %v", p, f.Value, want)
				}
			}
		})
	}
}

// TestUnzipLimits: worksheets are streamed, so together they may unpack to
// four times the limit (a full Excel sheet is ~300 MB); every other part is
// read whole and shares the limit. Here with a 1 MB limit.
func TestUnzipLimits(t *testing.T) {
	journal := func(rows int) [][]any {
		out := [][]any{{"Date", "Client", "Ventes"}}
		for i := 0; i < rows; i++ {
			out = append(out, []any{time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), "Client à facturer en fin de mois", float64(i%500) + 0.25})
		}
		return out
	}
	sheetSize := func(data []byte) uint64 {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet1.xml" {
				return f.UncompressedSize64
			}
		}
		t.Fatal("no sheet1.xml")
		return 0
	}
	tests := []struct {
		name           string
		rows           int
		extra          int // bytes of another part
		sheetMin, sMax uint64
		ok             bool
	}{
		{"sheet of 1 to 4 MB", 20000, 0, 1 << 20, 4 << 20, true},
		{"sheet over 4 MB", 40000, 0, 4 << 20, 8 << 20, false},
		{"small sheet, 1.5 MB elsewhere", 100, 1500 << 10, 0, 1 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := book(t, journal(tt.rows), func(f *excelize.File) {
				if tt.extra > 0 {
					f.SetCellValue("Sheet1", "Z1", "x")
					f.SetDocProps(&excelize.DocProperties{Description: strings.Repeat("a", tt.extra)})
				}
			})
			if n := sheetSize(data); n < tt.sheetMin || n > tt.sMax {
				t.Fatalf("the sheet unpacks to %d bytes, not within [%d, %d]", n, tt.sheetMin, tt.sMax)
			}
			tab, err := Read("journal.xlsx", data, Options{MaxUnzipBytes: 1 << 20})
			if tt.ok && (err != nil || tab.RowsSummed != tt.rows) {
				t.Fatalf("err %v, want %d rows read", err, tt.rows)
			}
			if !tt.ok && (err == nil || !strings.Contains(err.Error(), "zip bomb")) {
				t.Fatalf("err %v, want the file refused", err)
			}
		})
	}
}

// TestThousands reads amounts kept in thousands or millions, as management
// tables often are: the unit in a column's header (CA HT (k€)) or in a title
// above the table (Montants en milliers d'euros), never for counts, and a
// header's own unit (€) winning over the title's.
func TestThousands(t *testing.T) {
	tests := []struct {
		name  string
		title string
		head  []any
		row   []any
		want  map[string]float64
		scale map[string]float64
	}{
		{"units in the headers", "Tableau de bord",
			[]any{"Mois", "CA HT (k€)", "Résultat net en k€", "Dépenses marketing", "Nouveaux clients", "Trésorerie (M€)"},
			[]any{"2026-10", 49.78084, "3,53444", 2760, 71, 0.25},
			map[string]float64{"revenue": 49780.84, "net_income": 3534.44, "marketing_costs": 2760, "new_customers": 71, "cash": 250000},
			map[string]float64{"revenue": 1e3, "net_income": 1e3, "marketing_costs": 1, "new_customers": 1, "cash": 1e6}},
		{"unit in a title, for amounts only", "Montants en milliers d'euros",
			[]any{"Mois", "CA HT", "Résultat net (€)", "Dépenses marketing", "Nouveaux clients"},
			[]any{"2026-10", 49.78084, 3534.44, 2.76, 71},
			map[string]float64{"revenue": 49780.84, "net_income": 3534.44, "marketing_costs": 2760, "new_customers": 71},
			map[string]float64{"revenue": 1e3, "net_income": 1, "marketing_costs": 1e3, "new_customers": 1}},
		{"a title quoting an amount is not a unit", "Objectif 2026 : 500 k€ de CA",
			[]any{"Mois", "CA HT", "Nouveaux clients"},
			[]any{"2026-10", 49780.84, 71},
			map[string]float64{"revenue": 49780.84, "new_customers": 71},
			map[string]float64{"revenue": 1, "new_customers": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read("k.xlsx", book(t, [][]any{{tt.title}, {}, tt.head, tt.row}, nil), Options{})
			if err != nil {
				t.Fatal(err)
			}
			m, _ := figures.ParsePeriod("2026-10")
			for metric, want := range tt.want {
				f, ok := tab.Get(metric, m)
				if !ok || math.Abs(f.Value-want) > 1e-6 {
					t.Errorf("%s = %v (%v), want %v", metric, f.Value, ok, want)
				}
				if got := tab.Scale(metric); got != tt.scale[metric] {
					t.Errorf("%s scale %v, want %v", metric, got, tt.scale[metric])
				}
			}
		})
	}
}

func TestScaleOf(t *testing.T) {
	headers := []struct {
		h     string
		scale float64
		named bool
	}{
		{"CA HT (k€)", 1e3, true}, {"CA HT en k€", 1e3, true}, {"Ventes KEUR", 1e3, true},
		{"Chiffre d'affaires - k€", 1e3, true}, {"Revenue ($000)", 1e3, true}, {"Sales (thousands)", 1e3, true},
		{"Trésorerie en milliers d'euros", 1e3, true}, {"EBITDA (M€)", 1e6, true}, {"CA (millions d'euros)", 1e6, true},
		{"Dépenses marketing (€)", 1, true}, {"CA HT", 1, false}, {"CA 2000 €", 1, true}, {"Nouveaux clients", 1, false},
		{"Marketing", 1, false}, {"Kilomètres", 1, false},
	}
	for _, tt := range headers {
		if s, named := scaleOf(tt.h); s != tt.scale || named != tt.named {
			t.Errorf("scaleOf(%q) = %v, %v; want %v, %v", tt.h, s, named, tt.scale, tt.named)
		}
	}
	titles := []struct {
		title string
		scale float64
	}{
		{"Montants en milliers d'euros", 1e3}, {"Chiffres en k€", 1e3}, {"(k€)", 1e3}, {"k€", 1e3},
		{"Suivi mensuel 2026 (k€)", 1e3}, {"in thousands of USD", 1e3}, {"Montants en millions", 1e6}, {"(M€)", 1e6},
		{"Objectif : 500 k€ de CA", 1}, {"Tableau de bord 2025", 1}, {"Prévision en euros", 1},
	}
	for _, tt := range titles {
		if s := titleScaleOf(tt.title); s != tt.scale {
			t.Errorf("titleScaleOf(%q) = %v, want %v", tt.title, s, tt.scale)
		}
	}
	// Headers carrying a unit are still recognised.
	for h, want := range map[string]string{"CA HT en k€": "revenue", "Trésorerie en milliers d'euros": "cash", "EBITDA (M€)": "ebitda", "Ventes KEUR": "revenue"} {
		if got := MatchHeader(h, nil); got != want {
			t.Errorf("MatchHeader(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestCostsAsNegatives: charges all written as negatives are read as the
// amounts they are, with a warning; a column with both signs (a refund) is
// read as written; counts and revenue never change sign.
func TestCostsAsNegatives(t *testing.T) {
	rows := [][]any{
		{"Mois", "CA HT", "Dépenses marketing", "Achats consommés", "Nouveaux clients", "Var. %"},
		{"2026-01", 1000, -250, -400, 10, "5%"},
		{"2026-02", -50, 0, 300, 12, "6%"},
		{"2026-03", 1200, -260, -420, 11, "-2%"},
		{"% CA", "100%", "22%", "35%", "", ""},
	}
	tab := mustRead(t, rows)
	m := func(p string) figures.Month { x, _ := figures.ParsePeriod(p); return x }
	for _, tt := range []struct {
		metric, month string
		want          float64
	}{
		{"marketing_costs", "2026-01", 250}, {"marketing_costs", "2026-02", 0}, {"marketing_costs", "2026-03", 260},
		{"cogs", "2026-01", -400}, {"cogs", "2026-02", 300}, {"revenue", "2026-02", -50}, {"new_customers", "2026-03", 11},
	} {
		if f, _ := tab.Get(tt.metric, m(tt.month)); f.Value != tt.want {
			t.Errorf("%s %s = %v, want %v", tt.metric, tt.month, f.Value, tt.want)
		}
	}
	want := `Sheet1!C1: every figure of "Dépenses marketing" is negative (charges written as negatives), read as positive amounts`
	if len(tab.Warnings) != 1 || text(tab.Warnings[0]) != want {
		t.Errorf("warnings %q, want only %q (the %% CA row is skipped without one)", tab.Warnings, want)
	}
}

// TestOtherPackages: zip packages that are not .xlsx are named for what they
// are, with what to do.
func TestOtherPackages(t *testing.T) {
	pack := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.Create(n)
			w.Write([]byte("<x/>"))
		}
		zw.Close()
		return buf.Bytes()
	}
	tests := map[string][]byte{
		"an Excel binary workbook (.xlsb)": pack("[Content_Types].xml", "xl/workbook.bin", "xl/worksheets/sheet1.bin"),
		"an Apple Numbers document":        pack("Index/Document.iwa", "Metadata/Properties.plist"),
		"a Word document":                  pack("[Content_Types].xml", "word/document.xml"),
	}
	for want, data := range tests {
		_, err := Read("chiffres.xlsx", data, Options{})
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Message("en"), want) || !templates.HasMessage("hint.reader."+fe.Kind) {
			t.Errorf("err = %v, want %q and a hint for its kind", err, want)
		}
	}
}

// TestSheetPerTopic: one sheet for the finances, one for marketing, over the
// same months: the metrics of both are read, each from its own sheet; a
// metric both hold with other figures is read from the first, with a warning.
func TestSheetPerTopic(t *testing.T) {
	data := book(t, nil, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Finances")
		f.NewSheet("Marketing")
		f.SetSheetRow("Finances", "A1", &[]any{"Mois", "CA HT", "Résultat net"})
		f.SetSheetRow("Marketing", "A1", &[]any{"Mois", "Visiteurs", "Commandes en ligne", "CA HT", "Nouveaux clients"})
		for m := 1; m <= 3; m++ {
			month := fmt.Sprintf("2026-%02d", m)
			f.SetSheetRow("Finances", fmt.Sprintf("A%d", m+1), &[]any{month, 10000 * m, 800 * m})
			f.SetSheetRow("Marketing", fmt.Sprintf("A%d", m+1), &[]any{month, 5000 + m, 100 + m, 3000 * m, 20 + m})
		}
	})
	tab, err := Read("deux.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := figures.ParsePeriod("2026-03")
	for metric, want := range map[string]struct {
		v   float64
		ref string
	}{
		"revenue": {30000, "Finances!B4"}, "net_income": {2400, "Finances!C4"},
		"visitors": {5003, "Marketing!B4"}, "conversions": {103, "Marketing!C4"}, "new_customers": {23, "Marketing!E4"},
	} {
		if f, _ := tab.Get(metric, m); f.Value != want.v || f.Source.String() != want.ref {
			t.Errorf("%s = %v (%s), want %v (%s)", metric, f.Value, f.Source.String(), want.v, want.ref)
		}
	}
	if tab.Sheet != "Finances, Marketing" || len(tab.Months) != 3 {
		t.Errorf("sheet %q, %d months", tab.Sheet, len(tab.Months))
	}
	want := `sheet Marketing also holds "CA HT" for 2026-01…2026-03, read from sheet Finances: not used there`
	if len(tab.Warnings) != 1 || !strings.HasPrefix(text(tab.Warnings[0]), want) {
		t.Errorf("warnings %q, want %q", tab.Warnings, want)
	}
}

// TestErrorsAndPlaceholders: #N/A and "NC" are no figure (#N/A said so);
// months not filled in yet whose formulas show #DIV/0! are months listed
// without figures; an Excel error beside figures is an error naming its cell.
func TestErrorsAndPlaceholders(t *testing.T) {
	rows := [][]any{
		{"Mois", "CA HT", "Nouveaux clients", "Valeur vie client"},
		{"2026-01", 1000, 10, 240},
		{"2026-02", 1100, "NC", "#N/A"},
		{"2026-03", nil, nil, "#DIV/0!"},
		{"2026-04", nil, nil, "#DIV/0!"},
	}
	tab, err := Read("e.xlsx", rawBook(t, rows), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tab.Months); got != 2 || len(tab.Missing) != 0 {
		t.Errorf("%d months with figures, missing %v; want 2 and none", got, tab.Missing)
	}
	feb, _ := figures.ParsePeriod("2026-02")
	if _, ok := tab.Get("new_customers", feb); ok {
		t.Error("NC read as a figure")
	}
	if _, ok := tab.Get("clv", feb); ok {
		t.Error("#N/A read as a figure")
	}
	if w := strings.Join(Texts(tab.Warnings), "|"); w != "Sheet1!D3: #N/A, read as no figure" {
		t.Errorf("warnings %q", w)
	}
	rows[3][1] = 1200 // March has a figure now: its #DIV/0! is an error
	if _, err := Read("e.xlsx", rawBook(t, rows), Options{}); err == nil || !strings.Contains(err.Error(), `Sheet1!D4: "#DIV/0!" is an Excel error`) {
		t.Errorf("err = %v, want the #DIV/0! cell named", err)
	}
}

// rawBook writes a one-sheet workbook by hand, as Excel stores cells:
// numbers, inline strings, and error values (t="e") for strings starting
// with "#", which excelize cannot write.
func rawBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, i+1)
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			switch v := v.(type) {
			case nil:
			case string:
				if strings.HasPrefix(v, "#") {
					fmt.Fprintf(&sheet, `<c r="%s" t="e"><f>1/0</f><v>%s</v></c>`, cell, v)
				} else {
					fmt.Fprintf(&sheet, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cell, v)
				}
			default:
				fmt.Fprintf(&sheet, `<c r="%s"><v>%v</v></c>`, cell, v)
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestYearHeadings: month names under a row holding only their year
// ("2025", "Année 2025"), as tables grouped by year are laid out; a year row
// with figures is that year's total, skipped.
func TestYearHeadings(t *testing.T) {
	tests := []struct {
		name string
		rows [][]any
		want string
	}{
		{"numbers", [][]any{{"Mois", "CA HT"}, {2025}, {"Novembre", 100}, {"Décembre", 110}, {2026}, {"Janvier", 120}, {"Février", 130}},
			"2025-11 2025-12 2026-01 2026-02"},
		{"words, with a year total", [][]any{{"Mois", "CA HT"}, {"Année 2025"}, {"Novembre", 100}, {"Décembre", 110}, {"2025", 210},
			{"Exercice 2026"}, {"Janvier", 120}}, "2025-11 2025-12 2026-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := mustRead(t, tt.rows)
			var got []string
			for _, m := range tab.Months {
				got = append(got, m.String())
			}
			if strings.Join(got, " ") != tt.want || len(tab.Warnings) != 0 {
				t.Errorf("months %v, warnings %q; want %s and none", got, tab.Warnings, tt.want)
			}
			dec, _ := figures.ParsePeriod("2025-12")
			if f, _ := tab.Get("revenue", dec); f.Value != 110 {
				t.Errorf("December 2025 = %v, want 110 (not the year's total)", f.Value)
			}
		})
	}
}

// TestTextDateOrder: dates exported as text, d/m/y or m/d/y, are read the way
// their column shows: the first of each month written the American way
// (02/01/2025) is February, written the French way (01/02/2025) too.
func TestTextDateOrder(t *testing.T) {
	tests := []struct {
		name  string
		dates []string
		want  string
	}{
		{"French, first of the month", []string{"01/01/2025", "01/02/2025", "01/03/2025"}, "2025-01 2025-02 2025-03"},
		{"American, first of the month", []string{"01/01/2025", "02/01/2025", "03/01/2025"}, "2025-01 2025-02 2025-03"},
		{"American, month ends", []string{"01/31/2025", "02/28/2025", "03/31/2025"}, "2025-01 2025-02 2025-03"},
		{"French, month ends", []string{"31/01/2025", "28/02/2025", "31/03/2025"}, "2025-01 2025-02 2025-03"},
		{"German dots", []string{"01.01.2025", "01.02.2025", "01.03.2025"}, "2025-01 2025-02 2025-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := [][]any{{"Mois", "CA HT"}}
			for i, d := range tt.dates {
				rows = append(rows, []any{d, 1000 + i})
			}
			tab := mustRead(t, rows)
			var got []string
			for _, m := range tab.Months {
				got = append(got, m.String())
			}
			if strings.Join(got, " ") != tt.want || tab.RowsSummed != 0 {
				t.Errorf("months %v (rows summed %d), want %s", got, tab.RowsSummed, tt.want)
			}
		})
	}
}

// TestRunningTotalColumn: beside the month's sales, a running total since
// January ("Total ventes (cumul)") is not taken for revenue, though a
// "Total …" column is preferred otherwise.
func TestRunningTotalColumn(t *testing.T) {
	rows := [][]any{{"Mois", "Ventes", "Total ventes (cumul)"}, {"2026-01", 100, 100}, {"2026-02", 120, 220}, {"2026-03", 90, 310}}
	tab := mustRead(t, rows)
	mar, _ := figures.ParsePeriod("2026-03")
	if f, _ := tab.Get("revenue", mar); f.Value != 90 || len(tab.Warnings) != 0 {
		t.Errorf("revenue 2026-03 = %v (%s), warnings %q; want 90 from the month's column", f.Value, f.Source.String(), Texts(tab.Warnings))
	}
}

// TestUnitLine: a line of units under the header ("Unité": k€, €, nb) gives
// each column's unit, in a table with months across or down, and is not a
// month.
func TestUnitLine(t *testing.T) {
	tests := map[string][][]any{
		"months across": {
			{"Indicateur", "Unité", "Janvier 2026", "Février 2026", "Mars 2026"},
			{"CA HT", "k€", 41.5, 39, 45.25},
			{"Nouveaux clients", "nb", 52, 48, 61},
			{"Dépenses marketing", "€", 1500, 1450, 1600},
		},
		"months down, units without a label": {
			{"Mois", "CA HT", "Nouveaux clients", "Dépenses marketing"},
			{nil, "k€", "nb", "€"},
			{"2026-01", 41.5, 52, 1500}, {"2026-02", 39, 48, 1450}, {"2026-03", 45.25, 61, 1600},
		},
		"months down": {
			{"Mois", "CA HT", "Nouveaux clients", "Dépenses marketing"},
			{"Unité", "k€", "nb", "€"},
			{"2026-01", 41.5, 52, 1500}, {"2026-02", 39, 48, 1450}, {"2026-03", 45.25, 61, 1600},
		},
	}
	for name, rows := range tests {
		t.Run(name, func(t *testing.T) {
			tab := mustRead(t, rows)
			mar, _ := figures.ParsePeriod("2026-03")
			for metric, want := range map[string]float64{"revenue": 45250, "new_customers": 61, "marketing_costs": 1600} {
				if f, _ := tab.Get(metric, mar); math.Abs(f.Value-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", metric, f.Value, want)
				}
			}
			if len(tab.Months) != 3 || len(tab.Warnings) != 0 {
				t.Errorf("months %v, warnings %q", tab.Months, Texts(tab.Warnings))
			}
		})
	}
}

// TestFiscalYearSheet: a sheet named for a fiscal year ("Exercice
// 2025-2026") with month names from July gives July 2025 to June 2026.
func TestFiscalYearSheet(t *testing.T) {
	data := book(t, nil, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Exercice 2025-2026")
		f.SetSheetRow("Exercice 2025-2026", "A1", &[]any{"Mois", "CA HT"})
		for i, m := range []string{"Juillet", "Août", "Septembre", "Octobre", "Novembre", "Décembre", "Janvier", "Février"} {
			f.SetSheetRow("Exercice 2025-2026", fmt.Sprintf("A%d", i+2), &[]any{m, 1000 + i})
		}
	})
	tab, err := Read("fy.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := tab.Months[0].String(), tab.Months[len(tab.Months)-1].String(); first != "2025-07" || last != "2026-02" {
		t.Errorf("months %s to %s, want 2025-07 to 2026-02", first, last)
	}
}

// TestSheetPerShop: a workbook with a sheet per shop over the same months
// reads the first; the others are named up to three, then counted, so the
// report's warnings stay short.
func TestSheetPerShop(t *testing.T) {
	data := book(t, nil, func(f *excelize.File) {
		for i := 1; i <= 30; i++ {
			name := fmt.Sprintf("Magasin %d", i)
			if i == 1 {
				f.SetSheetName("Sheet1", name)
			} else {
				f.NewSheet(name)
			}
			f.SetSheetRow(name, "A1", &[]any{"Mois", "CA HT"})
			f.SetSheetRow(name, "A2", &[]any{"2026-01", 1000 * i})
		}
	})
	tab, err := Read("magasins.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Magasin 1" || len(tab.Warnings) != 4 {
		t.Fatalf("sheet %q, %d warnings: %q", tab.Sheet, len(tab.Warnings), Texts(tab.Warnings))
	}
	last := tab.Warnings[3]
	if last.Kind != figures.WarnMoreSheets || !strings.HasPrefix(text(last), "26 more sheets hold figures for the same months: Magasin 5, Magasin 6,") {
		t.Errorf("last warning %q", text(last))
	}
}

// TestHiddenDataSheet: figures kept on a hidden sheet behind a dashboard are
// read when no visible sheet holds a table, and the report says so; a
// visible table wins over a hidden one.
func TestHiddenDataSheet(t *testing.T) {
	workbook := func(visibleTable bool) []byte {
		return book(t, nil, func(f *excelize.File) {
			f.SetSheetName("Sheet1", "Tableau de bord")
			f.SetCellValue("Tableau de bord", "A1", "Voir les graphiques")
			if visibleTable {
				f.SetSheetRow("Tableau de bord", "A3", &[]any{"Mois", "CA HT"})
				f.SetSheetRow("Tableau de bord", "A4", &[]any{"2026-01", 500})
			}
			f.NewSheet("Données")
			f.SetSheetRow("Données", "A1", &[]any{"Mois", "CA HT"})
			f.SetSheetRow("Données", "A2", &[]any{"2026-01", 1000})
			f.SetSheetVisible("Données", false)
		})
	}
	tab, err := Read("h.xlsx", workbook(false), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Données" || len(tab.Warnings) != 1 || text(tab.Warnings[0]) != "the figures come from hidden sheet Données" {
		t.Errorf("sheet %q, warnings %q", tab.Sheet, Texts(tab.Warnings))
	}
	tab, err = Read("h.xlsx", workbook(true), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Tableau de bord" {
		t.Errorf("with a visible table: sheet %q", tab.Sheet)
	}
}

// TestScenarioLines: a line per scenario and month (Réel, then Budget) is
// read for the actuals only, the month written on both lines or merged.
func TestScenarioLines(t *testing.T) {
	tests := map[string][][]any{
		"month on each line": {
			{"Mois", "Type", "CA HT", "Résultat net"},
			{"2026-01", "Réel", 1000, 100}, {"2026-01", "Budget", 1200, 150},
			{"2026-02", "Réel", 1100, 90}, {"2026-02", "Budget", 1250, 160},
		},
		"month merged over its lines": {
			{"Mois", "Scénario", "CA HT", "Résultat net"},
			{"2026-01", "Réel", 1000, 100}, {nil, "Budget", 1200, 150},
			{"2026-02", "Réel", 1100, 90}, {nil, "Objectif", 1250, 160},
		},
	}
	for name, rows := range tests {
		t.Run(name, func(t *testing.T) {
			tab := mustRead(t, rows)
			feb, _ := figures.ParsePeriod("2026-02")
			if f, _ := tab.Get("revenue", feb); f.Value != 1100 || tab.RowsSummed != 0 || len(tab.Warnings) != 0 {
				t.Errorf("revenue 2026-02 = %v, rows summed %d, warnings %q; want the actuals, 1100", f.Value, tab.RowsSummed, Texts(tab.Warnings))
			}
		})
	}
}

// mustRead reads a workbook excelize writes from rows, failing the test on
// an error.
func mustRead(t *testing.T, rows [][]any) *figures.Table {
	t.Helper()
	tab, err := Read("rows.xlsx", book(t, rows, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// TestPivotTableLayout: a pivot table pasted as values, grouped by year with
// each year's subtotal on its heading line, months as short names, and a
// grand total.
func TestPivotTableLayout(t *testing.T) {
	tab := mustRead(t, [][]any{
		{"Étiquettes de lignes", "Somme de CA HT", "Somme de Résultat net"},
		{"2025", 2300, 230}, {"nov", 1100, 110}, {"déc", 1200, 120},
		{"2026", 1300, 130}, {"janv", 1300, 130},
		{"Total général", 3600, 360},
	})
	var got []string
	for _, m := range tab.Months {
		got = append(got, m.String())
	}
	jan, _ := figures.ParsePeriod("2026-01")
	if strings.Join(got, " ") != "2025-11 2025-12 2026-01" || len(tab.Warnings) != 0 {
		t.Errorf("months %v, warnings %q", got, Texts(tab.Warnings))
	}
	if f, _ := tab.Get("revenue", jan); f.Value != 1300 {
		t.Errorf("revenue 2026-01 = %v, want 1300", f.Value)
	}
}

// TestDecimalCommaSheet: "49,781" typed as text is 49,781 in a sheet whose
// other text numbers write decimals with a comma (French), and 49781 in one
// writing them with a dot (English grouping).

func TestDecimalCommaSheet(t *testing.T) {
	french := mustRead(t, [][]any{{"Montants en k€"}, {}, {"Mois", "CA HT"}, {"2026-01", "1 234,56"}, {"2026-02", "49,781"}})
	english := mustRead(t, [][]any{{"Month", "Revenue"}, {"2026-01", "1,234.56"}, {"2026-02", "49,781"}})
	feb, _ := figures.ParsePeriod("2026-02")
	if f, _ := french.Get("revenue", feb); math.Abs(f.Value-49781) > 1e-6 { // 49,781 k€
		t.Errorf("French sheet: %v, want 49 781 € (49,781 k€)", f.Value)
	}
	if f, _ := english.Get("revenue", feb); f.Value != 49781 {
		t.Errorf("English sheet: %v, want 49781", f.Value)
	}
}
