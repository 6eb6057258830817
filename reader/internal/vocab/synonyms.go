package vocab

// kind tells which optional words a metric's headers may carry.
type kind int

const (
	flow  kind = iota // revenue, costs: summed over months
	count             // customers, visits, orders: "Nb", "Nombre de" may stand before them
	stock             // cash, receivables: "fin de mois", "closing" may stand after them
)

// entry is one metric's synonyms in French and English. A synonym is
// written as an accountant writes the header and normalised like one; a
// leading number is its weight (1 when absent), lower for words that name
// the metric only in most workbooks ("Résultat", "Income", "Solde").
type entry struct {
	metric string
	kind   kind
	fr, en []string
}

// table covers every canonical metric of SPEC.md's Metrics section and the
// extra metrics of the KPI catalogue. It was seeded from the reader's exact
// headers (reader/headers.go, Metrics), so that every header recognised
// before is recognised here too (TestSeedHeaders in the reader checks it),
// with the starter template's headers (templates/*.yaml, headers:).
var table = []entry{
	{"revenue", flow, []string{
		"CA", "CA HT", "Chiffre d'affaires", "Chiffre d'affaires HT", "Chiffre d'affaires net", "CA net",
		"Montant net du chiffre d'affaires", "Ventes", "Ventes HT", "Ventes nettes",
		"Total des produits", "0.9 Montant total", "0.9 Montant des ventes", "Recettes",
	}, []string{
		"Revenue", "Revenues", "Sales", "Net sales", "Turnover", "Operating revenue",
		"Net revenue", "Sales revenue", "0.9 Income", "0.9 Total amount", "0.95 MRR",
		"Monthly recurring revenue", "Recurring revenue",
	}},
	{"net_income", flow, []string{
		"Résultat net", "0.9 Résultat", "Bénéfice", "Bénéfice net", "Résultat de l'exercice",
		"Résultat net comptable", "Résultat comptable", "Bénéfice / perte", "Bénéfice ou perte",
		"Résultat net de l'exercice", "Bénéfice net comptable", "Perte et profit",
	}, []string{
		"Net income", "Net profit", "0.9 Profit", "Net result", "Profit / (loss)", "Net earnings",
		"Profit and loss", "Net profit / (loss)",
	}},
	{"marketing_costs", flow, []string{
		"Dépenses marketing", "Coûts marketing", "Frais marketing", "Frais commerciaux", "Marketing et ventes",
		"Coûts commerciaux et marketing", "Publicité", "Publicité marketing", "Publicité et marketing",
		"Charges marketing", "Frais de publicité", "Dépenses de publicité", "Investissement marketing",
		"Dépenses commerciales", "Charges commerciales",
	}, []string{
		"Marketing costs", "Marketing", "Sales and marketing", "Sales & marketing costs", "Marketing spend",
		"Advertising", "Advertising & marketing", "Marketing expenses", "Ad spend", "Advertising costs",
		"Marketing cost",
	}},
	{"new_customers", count, []string{
		"Nouveaux clients", "Clients nouveaux", "Nb nouveaux clients", "Nombre de nouveaux clients",
		"Clients acquis", "Clients gagnés", "Nouveaux abonnés",
	}, []string{
		"New customers", "New clients", "Customers new", "New customers acquired", "Customers acquired",
		"New subscribers", "Customers won",
	}},
	{"customers_start", count, []string{
		"Clients début", "Clients début de mois", "Clients en début de mois", "Clients début de période",
		"Nb clients début", "Clients ouverture",
	}, []string{
		"Customers start", "Customers at start", "Customers beginning", "Opening customers",
		"Customers at beginning of month", "Starting customers", "Customers start of month",
	}},
	{"customers_end", count, []string{
		"Clients fin", "Clients fin de mois", "Clients en fin de mois", "Clients fin de période",
		"Nb clients fin", "Clients actifs", "Clients clôture",
	}, []string{
		"Customers end", "Customers at end", "Closing customers", "Active customers", "Ending customers",
		"Customers end of month", "Active clients",
	}},
	{"visitors", count, []string{
		"Visiteurs", "Visiteurs uniques", "Visiteurs site", "Visites", "Visites du site", "Visites site",
		"Visites site web", "Visiteurs du site", "0.9 Trafic", "Trafic site",
	}, []string{
		"Visitors", "Unique visitors", "Website visitors", "0.9 Traffic", "Website traffic", "Site visitors",
	}},
	{"conversions", count, []string{
		"Conversions site", "Achats en ligne", "Commandes en ligne", "Commandes web", "Commandes internet",
		"Commandes sur le site",
	}, []string{
		"Conversions", "Converted visitors", "Online orders", "Web orders", "Online purchases",
	}},
	{"sessions", count, []string{
		"Sessions", "Nb sessions", "Sessions site",
	}, []string{
		"Website sessions", "Site sessions",
	}},
	{"engaged_sessions", count, []string{
		"Sessions engagées", "Sessions actives",
	}, []string{
		"Engaged sessions", "Active sessions",
	}},
	{"promoters", count, []string{"Promoteurs", "NPS promoteurs"}, []string{"Promoters", "NPS promoters"}},
	{"passives", count, []string{"Passifs", "0.9 Neutres", "NPS passifs", "NPS neutres"}, []string{"Passives", "NPS passives"}},
	{"detractors", count, []string{"Détracteurs", "NPS détracteurs"}, []string{"Detractors", "NPS detractors"}},
	{"automated_processes", count, []string{
		"Processus automatisés", "Tâches automatisées",
	}, []string{"Automated processes", "Automated tasks"}},
	{"eligible_processes", count, []string{
		"Processus éligibles", "Processus automatisables", "Tâches automatisables",
	}, []string{"Eligible processes", "Automatable processes", "Automatable tasks"}},
	{"investment", flow, []string{
		"Investissement", "Investissements",
	}, []string{"Investment", "Investments", "Capex", "Capital expenditure"}},
	{"investment_gains", flow, []string{
		"Gains sur investissements", "Gains des investissements", "Retour sur investissements",
		"Gains investissement", "0.9 Gains", "Revenus des investissements", "Produits des investissements",
	}, []string{
		"Investment gains", "Investment returns", "Gains on investment",
	}},
	{"orders", count, []string{
		"Commandes", "Nb commandes", "Nombre de commandes", "0.9 Tickets", "Nb tickets", "Nombre de ventes",
		"0.9 Transactions",
	}, []string{
		"Orders", "Number of orders", "Number of sales", "Order count",
	}},
	{"gross_profit", flow, []string{
		"Marge brute", "Marge commerciale",
	}, []string{"Gross profit", "Gross margin"}},
	{"ebitda", flow, []string{"EBE", "Excédent brut d'exploitation"}, []string{"EBITDA"}},
	{"cash", stock, []string{
		"Trésorerie", "Trésorerie fin de mois", "Solde de trésorerie", "Disponibilités", "Solde bancaire",
		"Solde banque", "Trésorerie nette", "0.85 Solde", "Trésorerie disponible",
	}, []string{"Cash", "Cash balance", "Cash at end", "Bank balance", "Cash and cash equivalents", "Closing cash"}},
	{"receivables", stock, []string{
		"Créances clients", "Créances", "Clients à encaisser", "Encours clients",
	}, []string{"Receivables", "Accounts receivable", "Trade receivables"}},
	{"debt_service", flow, []string{
		"Service de la dette", "Échéances d'emprunt", "Échéances emprunts", "Remboursements d'emprunt",
		"Annuités d'emprunt", "Emprunts remboursés", "Remboursement emprunts",
	}, []string{"Debt service", "Loan repayments", "Debt repayments"}},
	{"clv", stock, []string{
		"Valeur vie client", "Valeur client", "Valeur à vie du client",
	}, []string{"CLV", "LTV", "Customer lifetime value", "Lifetime value"}},
	{"cogs", flow, []string{
		"Achats consommés", "Coût des ventes", "Coût d'achat des marchandises vendues",
	}, []string{"COGS", "Cost of goods sold", "Cost of sales"}},
}
