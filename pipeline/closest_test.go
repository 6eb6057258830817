package pipeline

import (
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
)

func TestFillClosest(t *testing.T) {
	tests := []struct {
		metrics, found        []string
		closest, metric, line string
	}{
		{[]string{"revenue"}, []string{"Mois", "Vente France", "Résultat net"}, "Vente France", "revenue", "revenue: Vente France"},
		// The first missing metric with a near header.
		{[]string{"cash", "customers_end"}, []string{"Nombre de clients"}, "Nombre de clients", "customers_end",
			"customers_end: Nombre de clients"},
		{[]string{"cash"}, []string{"Mois", "CA HT"}, "", "", ""},
	}
	for _, tt := range tests {
		e := &figures.MissingMetricError{Sheet: "Données", Metrics: tt.metrics, Found: tt.found}
		fillClosest(e)
		if e.Closest != tt.closest || e.Metric != tt.metric || e.MapLine() != tt.line {
			t.Errorf("fillClosest(%v, %q) = %q, %q, %q; want %q, %q, %q", tt.metrics, tt.found,
				e.Closest, e.Metric, e.MapLine(), tt.closest, tt.metric, tt.line)
		}
	}
	// The message and its hint name the header and the metric.
	e := &figures.MissingMetricError{Sheet: "Données", Metrics: []string{"cash", "revenue"}, Found: []string{"Mois", "Vente France"}}
	msg, hint, _ := Describe(e, "en")
	if !strings.Contains(msg, `"Vente France"`) || !strings.Contains(hint, "revenue: Vente France") {
		t.Errorf("Describe = %q, %q; want the closest header and its line", msg, hint)
	}
}
