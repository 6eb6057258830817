package reader

import (
	"errors"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
	"github.com/xuri/excelize/v2"
)

func TestBudgetMetric(t *testing.T) {
	tests := map[string]string{
		"CA budget": "revenue", "Budget CA": "revenue", "Revenue budget": "revenue", "CA HT prévisionnel": "revenue",
		"Objectif de CA": "revenue", "CA budgété": "revenue", "Résultat net budget": "net_income", "Sales plan": "revenue",
		"Forecast revenue": "revenue",
		// A metric's own header, not a budget: the marketing spend.
		"Budget marketing": "", "CA réel": "", "CA N-1": "", "Budget": "", "Budget 2025": "",
	}
	for h, want := range tests {
		if got := budgetMetric(h, nil); got != want {
			t.Errorf("budgetMetric(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestBudgetLayouts reads the budget of each layout of SPEC.md: paired
// columns, a scenario column (month on each line or merged), a budget
// sheet. The budget is its own scenario: the actuals and the months of the
// table are unchanged by it.
func TestBudgetLayouts(t *testing.T) {
	sheet := func(name string, rows [][]any) func(f *excelize.File) {
		return func(f *excelize.File) {
			f.NewSheet(name)
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				f.SetSheetRow(name, cell, &r)
			}
		}
	}
	tests := []struct {
		name string
		rows [][]any
		edit func(f *excelize.File)
		// budget of revenue and net income for 2026-01…03 (0: none)
		revenue, income [3]float64
		months          int
	}{
		{
			name: "paired columns",
			rows: [][]any{
				{"Mois", "CA réel", "CA budget", "Résultat net réel", "Résultat net budget"},
				{"2026-01", 1000, 1200, 100, 150}, {"2026-02", 1100, 1250, 90, 160}, {"2026-03", nil, 1300, nil, 170},
			},
			revenue: [3]float64{1200, 1250, 1300}, income: [3]float64{150, 160, 170}, months: 2,
		},
		{
			name: "paired columns in k€ for the budget",
			rows: [][]any{
				{"Mois", "CA HT", "Budget CA (k€)"},
				{"2026-01", 1000, 1.2}, {"2026-02", 1100, 1.25}, {"2026-03", 1150, 1.3},
			},
			revenue: [3]float64{1200, 1250, 1300}, months: 3,
		},
		{
			name: "scenario column, month on each line",
			rows: [][]any{
				{"Mois", "Type", "CA HT", "Résultat net"},
				{"2026-01", "Réel", 1000, 100}, {"2026-01", "Budget", 1200, 150},
				{"2026-02", "Réel", 1100, 90}, {"2026-02", "Budget", 1250, 160},
				{"2026-03", "Budget", 1300, 170},
			},
			revenue: [3]float64{1200, 1250, 1300}, income: [3]float64{150, 160, 170}, months: 2,
		},
		{
			name: "scenario column, month merged over its lines",
			rows: [][]any{
				{"Mois", "Scénario", "CA HT", "Résultat net"},
				{"2026-01", "Réel", 1000, 100}, {nil, "Budget", 1200, 150},
				{"2026-02", "Réel", 1100, 90}, {nil, "Objectif", 1250, 160},
			},
			revenue: [3]float64{1200, 1250, 0}, income: [3]float64{150, 160, 0}, months: 2,
		},
		{
			name: "a budget sheet, before and after the actuals",
			rows: [][]any{{"Mois", "CA HT", "Résultat net"}, {"2026-01", 1000, 100}, {"2026-02", 1100, 90}},
			edit: func(f *excelize.File) {
				sheet("Budget 2026", [][]any{{"Mois", "CA HT", "Résultat net"}, {"2026-01", 1200, 150}, {"2026-02", 1250, 160}, {"2026-03", 1300, 170}})(f)
				sheet("Prévisionnel", [][]any{{"Mois", "CA HT"}, {"2026-01", 9999}})(f) // the first budget wins
			},
			revenue: [3]float64{1200, 1250, 1300}, income: [3]float64{150, 160, 170}, months: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read("budget.xlsx", book(t, tt.rows, tt.edit), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Months) != tt.months {
				t.Errorf("months %v, want %d: a budget month is no actual month", tab.Months, tt.months)
			}
			jan, _ := figures.ParsePeriod("2026-01")
			if f, _ := tab.Get("revenue", jan); f.Value != 1000 {
				t.Errorf("actual revenue 2026-01 = %v, want 1000", f.Value)
			}
			for metric, want := range map[string][3]float64{"revenue": tt.revenue, "net_income": tt.income} {
				for i, w := range want {
					f, ok := tab.GetIn(figures.Budget, metric, jan.Add(i))
					if w == 0 && ok || w != 0 && (!ok || f.Value != w) {
						t.Errorf("budget %s %s = %v (%v), want %v", metric, jan.Add(i), f.Value, ok, w)
					}
				}
			}
			for _, w := range tab.Warnings {
				t.Errorf("warning %s %v", w.Kind, w.Args)
			}
		})
	}
}

// TestOnlyBudgetSheet: a workbook whose only table is a budget sheet is an
// error (a budget is never read as actuals), unless workbook.sheet names
// it.
func TestOnlyBudgetSheet(t *testing.T) {
	data := yearSheets(t, []string{"Forecast 2027"}, map[string][2]int{"Forecast 2027": {1, 2}}, nil)
	_, err := Read("forecast.xlsx", data, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Error(), "Forecast 2027 holds a budget") ||
		!strings.Contains(templates.Message("en", "hint.reader."+fe.Kind, fe.Args), "workbook.sheet: Forecast 2027") {
		t.Errorf("err = %v, want the budget-only error naming the sheet", err)
	}
	tab, err := Read("forecast.xlsx", data, Options{Sheet: "Forecast 2027"})
	if err != nil || len(tab.Months) != 2 {
		t.Errorf("with workbook.sheet: %v, %v; want the 2 months read as actuals", tab, err)
	}
}
