package main

import (
	"testing"

	"github.com/kpireport/kpireport/figures"
)

func TestClosestHint(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	tests := []struct {
		lang    string
		err     figures.MissingMetricError
		want    string
		closest string
	}{
		{"en_US.UTF-8", figures.MissingMetricError{Metrics: []string{"revenue"}, Found: []string{"Mois", "Vente France", "Résultat net"}},
			`the closest header is "Vente France": if it holds revenue, add the line "revenue: Vente France" under workbook.metrics in the config`,
			"Vente France"},
		{"fr_FR.UTF-8", figures.MissingMetricError{Metrics: []string{"cash", "customers_end"}, Found: []string{"Nombre de clients"}},
			"l'en-tête le plus proche est « Nombre de clients » : s'il contient customers_end, ajoutez la ligne « customers_end: Nombre de clients » sous workbook.metrics dans la configuration",
			"Nombre de clients"},
		{"en_US.UTF-8", figures.MissingMetricError{Metrics: []string{"cash"}, Found: []string{"Mois", "CA HT"}},
			"add a column for it, or map an existing column under workbook.metrics in the config", ""},
	}
	for _, tt := range tests {
		t.Setenv("LANG", tt.lang)
		e := tt.err
		if got := closestHint(&e); got != tt.want || e.Closest != tt.closest {
			t.Errorf("closestHint(%v) = %q, Closest %q; want %q, %q", tt.err.Metrics, got, e.Closest, tt.want, tt.closest)
		}
	}
}
