package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// budgetKPIs uses the budget as target for three KPIs: two catalogue
// ratios and the revenue itself.
const budgetKPIs = `company: Test
language: en
%FISCAL%kpis:
  - kpi: net_margin
    target: budget
  - kpi: cac
    target: budget
    tolerance: 5%
  - kpi: custom
    id: ca
    name: Revenue
    formula: revenue
    unit: currency
    target: budget
`

// budgetKPI is the part of a KPI's JSON the budget tests check.
type budgetKPI struct {
	ID                string
	Status            string
	Target, Threshold float64
	Value             *float64
	YTD               *float64 `json:"ytd"`
	Budget            *float64 `json:"budget"`
	YTDBudget         *float64 `json:"ytd_budget"`
	Landing           *float64 `json:"landing"`
}

// TestBudgetFixtures reads the budget of each layout (a budget sheet
// re-saved by LibreOffice, paired columns, a scenario column with the month
// merged over its lines, a scenario row of a month-per-column table) and
// of a fiscal year from July to June, all written by
// reader/testdata/make_budget_fixtures.py with the same figures: actuals
// for the fiscal year's months 1 to 3, revenue 10 000, 11 000, 12 000, net
// income 1 000, 1 210, 960, marketing 2 000, 2 100, 2 600, new customers
// 40, 42, 50; a budget for months 1 to 12, revenue 10 500, 11 500, 12 500
// then 12 000, net income a tenth of it, marketing 2 000, new customers 40.
//
// By hand, for month 3:
//
//	net_margin  960 / 12 000 = 8 %; budget 1 250 / 12 500 = 10 %, threshold
//	            10 − 10 % × 10 = 9: breach. Year to date 3 170 / 33 000 =
//	            9.60606 %, budget 3 450 / 34 500 = 10 %. Landing (3 170 +
//	            9 × 1 200) / (33 000 + 9 × 12 000) = 13 970 / 141 000 = 9.90780 %.
//	cac         2 600 / 50 = 52; budget 2 000 / 40 = 50, threshold 50 + 5 % ×
//	            50 = 52.5: watch. Year to date 6 700 / 132 = 50.75758, budget
//	            6 000 / 120 = 50. Landing (6 700 + 18 000) / (132 + 360) =
//	            24 700 / 492 = 50.20325.
//	ca          12 000; budget 12 500, threshold 12 500 − 1 250 = 11 250:
//	            watch. Year to date 33 000, budget 34 500; landing 33 000 +
//	            9 × 12 000 = 141 000.
//
// The fiscal workbook without fiscal_year_start counts from January 2025,
// which it does not hold: its years to date and landing are null.
func TestBudgetFixtures(t *testing.T) {
	type want struct {
		value, target, threshold, ytd, budget, ytdBudget, landing float64
		status                                                    string
	}
	wants := []want{
		{8, 10, 9, 3170.0 / 33000 * 100, 10, 10, 13970.0 / 141000 * 100, "breach"},
		{52, 50, 52.5, 6700.0 / 132, 50, 50, 24700.0 / 492, "watch"},
		{12000, 12500, 11250, 33000, 12500, 34500, 141000, "watch"},
	}
	tests := []struct {
		file, fiscal, period string
		noYTD                bool
	}{
		{"budget_sheet.xlsx", "", "2025-03", false},
		{"budget_paired.xlsx", "", "2025-03", false},
		{"budget_scenario.xlsx", "", "2025-03", false},
		{"budget_scenario_row.xlsx", "", "2025-03", false},
		{"budget_fiscal.xlsx", "fiscal_year_start: 7\n", "2025-09", false},
		{"budget_fiscal.xlsx", "", "2025-09", true},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+strings.TrimSpace(tt.fiscal), func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "kpis.yaml")
			if err := os.WriteFile(cfg, []byte(strings.Replace(budgetKPIs, "%FISCAL%", tt.fiscal, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := runCmd(t, "report", "-c", cfg, "-o", filepath.Join(dir, "r.pdf"), "--json", "-",
				filepath.Join("..", "..", "reader", "testdata", tt.file))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				Period   string
				KPIs     []budgetKPI
				Warnings []string
			}
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatal(err)
			}
			if got.Period != tt.period || len(got.KPIs) != 3 || len(got.Warnings) != 0 {
				t.Fatalf("period %s, %d KPIs, warnings %q; want %s, 3, none", got.Period, len(got.KPIs), got.Warnings, tt.period)
			}
			for i, w := range wants {
				k := got.KPIs[i]
				check := func(name string, p *float64, want float64, null bool) {
					t.Helper()
					switch {
					case null && p != nil:
						t.Errorf("%s %s = %v, want null", k.ID, name, *p)
					case !null && (p == nil || math.Abs(*p-want) > 1e-9*math.Max(1, want)):
						t.Errorf("%s %s = %v, want %v", k.ID, name, deref(p), want)
					}
				}
				check("value", k.Value, w.value, false)
				check("budget", k.Budget, w.budget, false)
				check("ytd", k.YTD, w.ytd, tt.noYTD)
				check("ytd_budget", k.YTDBudget, w.ytdBudget, tt.noYTD)
				check("landing", k.Landing, w.landing, tt.noYTD)
				if math.Abs(k.Target-w.target) > 1e-9 || math.Abs(k.Threshold-w.threshold) > 1e-9 || k.Status != w.status {
					t.Errorf("%s: target %v, threshold %v, %s; want %v, %v, %s", k.ID, k.Target, k.Threshold, k.Status, w.target, w.threshold, w.status)
				}
			}
		})
	}
}

// TestBudgetPage: the PDF with a budget has the réel/budget page, in
// French, with the fiscal year's words and the month it starts.
func TestBudgetPage(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kpis.yaml")
	config := strings.Replace(strings.Replace(budgetKPIs, "%FISCAL%", "fiscal_year_start: 7\n", 1), "language: en", "language: fr", 1)
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "r.pdf")
	if _, stderr, code := runCmd(t, "report", "-c", cfg, "-o", pdf, filepath.Join("..", "..", "reader", "testdata", "budget_fiscal.xlsx")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	text := pdfText(t, pdf)
	for _, s := range []string{"Réel / budget", "Depuis le début de l'exercice (juil. 25)", "Atterrissage", "141 000 €", "−1 500 €", "Prévisionnel 2025-2026", "vs budget"} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
}

// TestInitBudget: init's workbook has a Budget sheet beside the actuals,
// and its kpis.yaml a commented target: budget that, uncommented in place
// of the fixed target, is a valid config.
func TestInitBudget(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		dir := filepath.Join(t.TempDir(), lang)
		if _, stderr, code := runCmd(t, "init", "--lang", lang, dir); code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		book := map[string]string{"fr": "chiffres.xlsx", "en": "figures.xlsx"}[lang]
		f, err := excelize.OpenFile(filepath.Join(dir, book))
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		f.Close()
		if len(sheets) != 2 || sheets[1] != "Budget" {
			t.Errorf("%s: sheets %q, want the actuals then Budget", lang, sheets)
		}
		data, err := os.ReadFile(filepath.Join(dir, "kpis.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(l, "    target: 10%"), strings.HasPrefix(l, "    threshold: 6%"):
				continue
			case strings.HasPrefix(l, "    # target: budget"), strings.HasPrefix(l, "    # tolerance: 10%"), strings.HasPrefix(l, "# fiscal_year_start"):
				l = strings.Replace(l, "# ", "", 1)
			}
			out = append(out, l)
		}
		cfg := strings.Join(out, "\n")
		if !strings.Contains(cfg, "    target: budget") || !strings.Contains(cfg, "\nfiscal_year_start: 7") {
			t.Fatalf("%s: no commented target: budget or fiscal_year_start in\n%s", lang, data)
		}
		path := filepath.Join(dir, "budget.yaml")
		os.WriteFile(path, []byte(cfg), 0o644)
		if _, stderr, code := runCmd(t, "check", "-c", path, filepath.Join("..", "..", "reader", "testdata", "budget_fiscal.xlsx")); code != 0 {
			t.Errorf("%s: the starter with target: budget: exit %d: %s", lang, code, stderr)
		}
	}
}
