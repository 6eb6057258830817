package figures

import "testing"

func TestMapLine(t *testing.T) {
	tests := []struct{ metric, closest, want string }{
		{"revenue", "Vente", "revenue: Vente"},
		{"revenue", "Chiffre d'affaires", `revenue: "Chiffre d'affaires"`},
		{"net_income", "Profit / (Loss)", "net_income: Profit / (Loss)"},
		{"orders", "# commandes", `orders: "# commandes"`},
		{"cash", "Trésorerie: fin", `cash: "Trésorerie: fin"`},
		{"revenue", "", ""},
	}
	for _, tt := range tests {
		e := &MissingMetricError{Metric: tt.metric, Closest: tt.closest}
		if got := e.MapLine(); got != tt.want {
			t.Errorf("MapLine(%s, %q) = %q, want %q", tt.metric, tt.closest, got, tt.want)
		}
	}
}
