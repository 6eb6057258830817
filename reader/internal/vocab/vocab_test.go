package vocab_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/reader/internal/vocab"
	"github.com/kpireport/kpireport/templates"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"Nb. clients début mois", "nombre client debut mois"},
		{"Chiffre d'affaires H.T. (k€)", "chiffre affaire ht"},
		{"C.A. H.T.", "chiffre affaire ht"},
		{"Gains sur investissements", "gain investissement"},
		{"Nouveaux\nclients", "nouveau client"},
		{"Frais commerciaux", "frais commercial"},
		{"Processus automatisés", "processus automatise"},
		{"Automated processes", "automated process"},
		{"Sessions engagées", "session engage"},
		{"# of orders", "nombre order"},
		{"No. of orders", "nombre order"},
		{"N° commandes", "nombre commande"},
		{"Ventes par mois", "vente"},
		{"CA hors taxes", "chiffre affaire ht"},
		{"total_active_customers", "total active customer"},
		{"Sales ($000)", "sale"},
		{"Mois", "mois"},
		{"ŒUVRES", "oeuvre"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(vocab.Tokens(tt.header), " "); got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// TestMatch: each header worked out by hand from the synonyms table.
func TestMatch(t *testing.T) {
	tests := map[string]string{
		// The headers.
		"Gain sur investissement": "investment_gains", "Dépense marketing": "marketing_costs",
		"Nbre de commandes": "orders", "Nb. clients début mois": "customers_start", "Vente": "revenue",
		"Montant total": "revenue", "Total Orders": "orders", "Orders": "orders", "total_mrr": "revenue",
		// revenue
		"CA": "revenue", "C.A. HT": "revenue", "CA HT (€)": "revenue", "Chiffre d'affaires": "revenue",
		"Chiffre d'affaire HT": "revenue", "ventes": "revenue", "VENTES HT": "revenue", "Ventes mensuelles": "revenue",
		"Vente nette": "revenue", "Total des ventes": "revenue", "CA réalisé": "revenue", "Somme de CA HT": "revenue",
		"Revenue": "revenue", "Revenues": "revenue", "Sales": "revenue", "Monthly sales": "revenue",
		"Total Sales": "revenue", "Sum of Sales": "revenue", "Net sales": "revenue", "Turnover": "revenue",
		"Actual revenue": "revenue", "Income": "revenue", "Total income": "revenue", "MRR": "revenue",
		"Sales (k$)": "revenue",
		// net_income
		"Résultat net": "net_income", "Résultat": "net_income", "Bénéfice": "net_income",
		"Résultat de l'exercice": "net_income", "Bénéfice / Perte": "net_income", "Net income": "net_income",
		"Net Profit": "net_income", "Profit": "net_income", "Profit / (Loss)": "net_income",
		// marketing_costs
		"Dépenses marketing": "marketing_costs", "Dépenses mkt": "marketing_costs", "Coût marketing": "marketing_costs",
		"Frais de pub": "marketing_costs", "Publicité": "marketing_costs", "Marketing": "marketing_costs",
		"Marketing costs": "marketing_costs", "Marketing cost": "marketing_costs", "Advertising & Marketing": "marketing_costs",
		"Sales and marketing": "marketing_costs",
		// new_customers
		"Nouveaux clients": "new_customers", "Nouveau client": "new_customers", "Nb de nouveaux clients": "new_customers",
		"Clients nouveaux": "new_customers", "New customers": "new_customers", "New customer": "new_customers",
		"# new customers": "new_customers", "new_customers": "new_customers",
		// customers_start, customers_end
		"Clients début de mois": "customers_start", "Client début": "customers_start", "Nb clients début": "customers_start",
		"Customers at start": "customers_start", "Opening customers": "customers_start",
		"Clients fin de mois": "customers_end", "Nb. clients fin mois": "customers_end", "Clients actifs": "customers_end",
		"Customers at end": "customers_end", "Closing customers": "customers_end", "Active customers": "customers_end",
		"total_active_customers": "customers_end",
		// visitors, conversions, sessions, engaged_sessions
		"Visiteurs": "visitors", "Visiteur unique": "visitors", "Visites du site": "visitors", "Visitors": "visitors",
		"Unique visitors": "visitors", "Total Traffic": "visitors",
		"Commandes en ligne": "conversions", "Commande web": "conversions", "Conversions": "conversions",
		"Online orders": "conversions",
		"Sessions":      "sessions", "Nb sessions": "sessions", "Total sessions": "sessions", "Website sessions": "sessions",
		"Sessions engagées": "engaged_sessions", "Session engagée": "engaged_sessions", "Engaged sessions": "engaged_sessions",
		// promoters, passives, detractors
		"Promoteurs": "promoters", "Nb promoteurs": "promoters", "Promoters": "promoters",
		"Passifs": "passives", "Neutres": "passives", "Passives": "passives",
		"Détracteurs": "detractors", "Detractors": "detractors",
		// automated_processes, eligible_processes
		"Processus automatisés": "automated_processes", "Tâche automatisée": "automated_processes",
		"Automated processes":      "automated_processes",
		"Processus automatisables": "eligible_processes", "Processus éligibles": "eligible_processes",
		"Eligible process": "eligible_processes",
		// investment, investment_gains
		"Investissements": "investment", "Investissement": "investment", "Invest.": "investment", "Capex": "investment",
		"Investments":               "investment",
		"Gains sur investissements": "investment_gains", "Gains": "investment_gains", "Investment gains": "investment_gains",
		"Gains on investments": "investment_gains",
		// orders
		"Commandes": "orders", "Nombre de commandes": "orders", "Nb cdes": "orders", "Tickets": "orders",
		"Nombre de ventes": "orders", "Number of orders": "orders", "# of orders": "orders", "Order": "orders",
		// the catalogue's other metrics
		"Marge brute": "gross_profit", "Gross profit": "gross_profit", "Gross margin": "gross_profit",
		"EBE": "ebitda", "EBITDA": "ebitda", "Excédent brut d'exploitation": "ebitda",
		"Trésorerie": "cash", "Trésorerie fin de mois": "cash", "Tréso": "cash", "Solde bancaire": "cash",
		"solde_fin": "cash", "Cash": "cash", "Cash at end": "cash", "Closing cash": "cash",
		"Créances clients": "receivables", "Créance client": "receivables", "Receivables": "receivables",
		"Accounts receivable": "receivables",
		"Échéances d'emprunt": "debt_service", "Échéance emprunt": "debt_service", "Debt service": "debt_service",
		"Loan repayments":  "debt_service",
		"Achats consommés": "cogs", "Coût des ventes": "cogs", "COGS": "cogs", "Cost of goods sold": "cogs",
		"Cost of sales": "cogs",
		"CLV":           "clv", "Valeur vie client": "clv",
	}
	for h, want := range tests {
		if got := vocab.Match(h); got.Metric != want {
			t.Errorf("Match(%q) = %q (%.2f; runner-up %s %.2f), want %q", h, got.Metric, got.Score, got.RunnerUp, got.RunnerUpScore, want)
		}
	}
}

// TestNoMatch: running totals, plans, ratios, averages name no month's
// figure; ambiguous and weak headers are a question.
func TestNoMatch(t *testing.T) {
	tests := []struct {
		header, excluded string
		lead             []string // the question's leading candidates, best first (equals by name); nil for none
	}{
		{"CA cumul", "running total", nil}, {"CA YTD", "running total", nil}, {"CA à date", "running total", nil},
		{"Total ventes (cumul)", "running total", nil}, {"Revenue (year to date)", "running total", nil},
		{"CA cumulé", "running total", nil},
		{"CA budget", "plan", nil}, {"CA N-1", "plan", nil}, {"Objectif", "plan", nil}, {"Objectif CA", "plan", nil},
		{"CA prévu", "plan", nil}, {"Revenue forecast", "plan", nil}, {"Growth from previous year", "ratio", nil},
		{"% CA", "ratio", nil}, {"Var. %", "ratio", nil}, {"Écart", "ratio", nil}, {"Taux de conversion", "ratio", nil},
		{"Conversion Rates", "ratio", nil}, {"Gross Profit Margin", "ratio", nil}, {"CA par client", "ratio", nil},
		{"# of items per order", "ratio", nil}, {"Contribution Margin %", "ratio", nil},
		{"Panier moyen", "average", nil}, {"Average by month", "average", nil}, {"avg_revenue_per_customer", "average", nil},
		{"Annual Sales", "annual", nil}, {"CA TTC", "tax included", nil},
		// Questions: two metrics as likely, or one too weakly.
		// {nombre client} against {nombre client debut}, {nombre client fin},
		// {nombre nouveau client}: 2·2/(2+3) = 0.8 each.
		{"Nombre de clients", "", []string{"customers_end", "customers_start", "new_customers"}},
		// {client} against {client debut}, {client fin}, {nouveau client},
		// {creance client}, {valeur client}: 2/3 each.
		{"Clients", "", []string{"clv", "customers_end", "customers_start", "new_customers", "receivables"}},
		// {vente ligne} against {vente}: 2/3; {commande ligne}: 1/2.
		{"Ventes en ligne", "", []string{"revenue"}},
		// {gross sale} against {sale}: 2/3; {gross profit}: 1/2.
		{"Gross Sales", "", []string{"revenue"}},
		// {resultat exploitation} against {resultat}: 0.9 × 2/3 = 0.6.
		{"Résultat d'exploitation", "", []string{"net_income"}},
		// {amount} against {total amount}: 0.9 × 2/3 = 0.6.
		{"Sum of Amount", "", []string{"revenue"}},
		// Nothing at all.
		{"Mois", "", nil}, {"Month Name", "", nil}, {"Commentaire", "", nil}, {"Total", "", nil}, {"Réel", "", nil},
		{"Total Expenses", "", []string{"marketing_costs"}}, // {expense} ("total" optional) against {marketing expense} {"", "", nil}, {"2025", "", nil}, {"Units Sold", "", nil},
	}
	for _, tt := range tests {
		r := vocab.Match(tt.header)
		var got []string
		for _, c := range r.Candidates {
			got = append(got, c.Metric)
		}
		lead := got[:min(len(got), len(tt.lead))]
		if r.Metric != "" || r.Excluded != tt.excluded || !slices.Equal(lead, tt.lead) || tt.lead == nil && len(got) > 0 {
			t.Errorf("Match(%q) = %q, excluded %q, candidates %v; want none, excluded %q, candidates starting %v",
				tt.header, r.Metric, r.Excluded, got, tt.excluded, tt.lead)
		}
	}
}

// TestScores: the scores of a few headers, worked out from the Dice
// coefficient 2·|H∩S| / (|H|+|S|) times the synonym's weight.
func TestScores(t *testing.T) {
	tests := []struct {
		header, metric string
		score          float64
	}{
		{"Ventes", "revenue", 1},                      // {vente} = {vente}
		{"Ventes France", "revenue", 2.0 / 3},         // {vente france} against {vente}: 2·1/(2+1)
		{"Nombre de clients", "customers_start", 0.8}, // {nombre client} against {nombre client debut}: 2·2/(2+3)
		{"Clients", "customers_start", 2.0 / 3},       // {client} against {client debut}
		{"Nombre de clients", "receivables", 0.5},     // a balance: {nombre client} against {creance client}
		{"Income", "revenue", 0.9},                    // weight 0.9
		{"Net income", "revenue", 0.6},                // 0.9 × 2·1/(2+1)
		{"solde_fin", "cash", 0.85},                   // "fin" optional for a balance; weight 0.85
		{"CA budget", "revenue", 0},                   // a plan
		{"Encaissements", "encaissements", 1},         // an unknown metric against its own name
		{"Décaissements", "encaissements", 0},
	}
	for _, tt := range tests {
		if got := vocab.Score(tt.header, tt.metric); abs(got-tt.score) > 1e-9 {
			t.Errorf("Score(%q, %s) = %v, want %v", tt.header, tt.metric, got, tt.score)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestClosest(t *testing.T) {
	tests := []struct {
		headers []string
		metric  string
		want    string
	}{
		// A near miss is named; a header naming another metric is not.
		{[]string{"Mois", "Ventes France", "Résultat net"}, "revenue", "Ventes France"},
		{[]string{"Month", "Net income", "Costs"}, "revenue", ""},
		{[]string{"Mois", "Nombre de clients", "CA HT"}, "customers_start", "Nombre de clients"},
		{[]string{"Mois", "Clients", "Nombre de clients"}, "new_customers", "Nombre de clients"},
		{[]string{"CA budget", "CA N-1"}, "revenue", ""},
		{[]string{"Décaissements", "Encaissement"}, "encaissements", "Encaissement"},
		{nil, "revenue", ""},
	}
	for _, tt := range tests {
		if got, _ := vocab.Closest(tt.headers, tt.metric); got != tt.want {
			t.Errorf("Closest(%q, %s) = %q, want %q", tt.headers, tt.metric, got, tt.want)
		}
	}
}

// TestTemplateHeaders: the starter template's 48 headers match their
// metric, as written and in the singular (each written by hand below).
func TestTemplateHeaders(t *testing.T) {
	singular := map[string]string{
		// en
		"Revenue": "Revenue", "Net income": "Net income", "Marketing costs": "Marketing cost",
		"New customers": "New customer", "Customers at start": "Customer at start", "Customers at end": "Customer at end",
		"Visitors": "Visitor", "Conversions": "Conversion", "Sessions": "Session", "Engaged sessions": "Engaged session",
		"Promoters": "Promoter", "Passives": "Passive", "Detractors": "Detractor",
		"Automated processes": "Automated process", "Eligible processes": "Eligible process", "Investment": "Investment",
		"Investment gains": "Investment gain", "Orders": "Order", "Gross profit": "Gross profit", "EBITDA": "EBITDA",
		"Cash": "Cash", "Receivables": "Receivable", "Debt service": "Debt service", "COGS": "COGS",
		// fr
		"CA HT": "CA HT", "Résultat net": "Résultat net", "Dépenses marketing": "Dépense marketing",
		"Nouveaux clients": "Nouveau client", "Clients début de mois": "Client début de mois",
		"Clients fin de mois": "Client fin de mois", "Visiteurs site": "Visiteur site",
		"Commandes en ligne": "Commande en ligne", "Sessions engagées": "Session engagée", "Promoteurs": "Promoteur",
		"Passifs": "Passif", "Détracteurs": "Détracteur", "Processus automatisés": "Processus automatisé",
		"Processus automatisables": "Processus automatisable", "Investissements": "Investissement",
		"Gains sur investissements": "Gain sur investissement", "Commandes": "Commande", "Marge brute": "Marge brute",
		"EBE": "EBE", "Trésorerie": "Trésorerie", "Créances clients": "Créance client",
		"Échéances d'emprunt": "Échéance d'emprunt", "Achats consommés": "Achat consommé",
	}
	n := 0
	for _, lang := range templates.Languages {
		for metric, h := range templates.Must(lang).Headers {
			if metric == "sheet" || metric == "month" {
				continue
			}
			n++
			one, ok := singular[h]
			if !ok {
				t.Errorf("%s header %q (%s): no singular written in this test", lang, h, metric)
			}
			for _, v := range []string{h, one} {
				if got := vocab.Match(v).Metric; got != metric {
					t.Errorf("%s: Match(%q) = %q, want %q", lang, v, got, metric)
				}
			}
		}
	}
	if n != 48 {
		t.Errorf("%d template headers, want 48", n)
	}
}

// TestMetricNames: every metric's own name matches it, with underscores
// or spaces.
func TestMetricNames(t *testing.T) {
	for _, m := range vocab.Metrics() {
		for _, h := range []string{m, strings.ReplaceAll(m, "_", " "), strings.ToUpper(m)} {
			if got := vocab.Match(h).Metric; got != m {
				t.Errorf("Match(%q) = %q", h, got)
			}
		}
	}
}

// TestMemo: the remembered answers are Match's.
func TestMemo(t *testing.T) {
	for _, h := range []string{"Vente", "Vente", "CA budget", "Nombre de clients", "Nombre de clients"} {
		r := vocab.Match(h)
		if vocab.Metric(h) != r.Metric || vocab.Excluded(h) != r.Excluded {
			t.Errorf("%q: Metric %q, Excluded %q; Match says %q, %q", h, vocab.Metric(h), vocab.Excluded(h), r.Metric, r.Excluded)
		}
	}
}
