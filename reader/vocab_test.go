package reader

import (
	"slices"
	"testing"

	"github.com/kpireport/kpireport/reader/internal/vocab"
)

// TestSeedHeaders: the vocabulary knows the reader's metrics, and every
// exact header the reader knew before it still names its metric through
// the vocabulary alone (so that Closest can propose it), but for a few it
// rightly doubts, listed with the reason.
func TestSeedHeaders(t *testing.T) {
	var names []string
	for _, m := range Metrics {
		names = append(names, m.Name)
	}
	if got := vocab.Metrics(); !slices.Equal(got, names) {
		t.Errorf("vocab.Metrics() = %v, want the reader's %v", got, names)
	}
	doubted := map[string]string{
		"produits":         "a singular 'Produit' names a product, not revenue",
		"budget marketing": "'budget' marks a plan column",
	}
	for _, m := range Metrics {
		for _, h := range m.Headers {
			got := vocab.Match(h).Metric
			if _, ok := doubted[h]; ok {
				if got != "" {
					t.Errorf("vocab.Match(%q) = %q, listed as doubted", h, got)
				}
				if MatchHeader(h, nil) != m.Name {
					t.Errorf("MatchHeader(%q) = %q, want %q (the exact table keeps it)", h, MatchHeader(h, nil), m.Name)
				}
				continue
			}
			if got != m.Name {
				t.Errorf("vocab.Match(%q) = %q, want %q", h, got, m.Name)
			}
		}
	}
}

// TestMatchHeaderWords: headers the exact table missed, matched through the
// vocabulary (issue 14), and the questions that stay unanswered.
func TestMatchHeaderWords(t *testing.T) {
	tests := map[string]string{
		"Gain sur investissement": "investment_gains", "Dépense marketing": "marketing_costs",
		"Nbre de commandes": "orders", "Nb. clients début mois": "customers_start", "Vente": "revenue",
		"Montant total": "revenue", "Total Orders": "orders", "total_mrr": "revenue", "Total Traffic": "visitors",
		"total_active_customers": "customers_end",
		"Nombre de clients":      "", "Ventes en ligne": "", "CA cumul": "", "CA YTD": "", "CA à date": "",
		"CA budget": "", "CA N-1": "", "Objectif": "", "% CA": "", "Var. %": "", "Écart": "",
		"Total des ventes (cumul)": "", "avg_revenue_per_customer": "",
	}
	for h, want := range tests {
		if got := MatchHeader(h, nil); got != want {
			t.Errorf("MatchHeader(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestClosestHeader(t *testing.T) {
	headers := []string{"Mois", "Ventes France", "Résultat net", "Nombre de clients"}
	for metric, want := range map[string]string{"revenue": "Ventes France", "customers_end": "Nombre de clients", "cash": ""} {
		if got := ClosestHeader(headers, metric); got != want {
			t.Errorf("ClosestHeader(%q, %s) = %q, want %q", headers, metric, got, want)
		}
	}
}
