package vocab

// smallWords carry no meaning of their own in a header: articles,
// prepositions and conjunctions, in French and English ("Gains sur
// investissements", "Number of orders", "Résultat de l'exercice").
var smallWords = set("de", "du", "des", "la", "le", "les", "sur", "d", "l", "s", "of", "the", "en", "au", "aux",
	"a", "and", "et", "ou", "or", "in", "on", "at", "for", "pour", "un", "une", "from", "by", "to", "with",
	"avec", "dans", "y", "sum", "somme")

// unitWords name a currency or a multiple; scaleOf, in the reader, reads
// what they mean for the figures. Here they are dropped: "CA HT k€".
var unitWords = set("eur", "euro", "euros", "usd", "chf", "gbp", "k", "ke", "keur", "kchf", "m", "meur", "fcfa",
	"cfa", "xof", "xaf", "mad", "tnd", "cad", "milliers", "millier", "millions", "million", "thousands",
	"thousand", "mio", "mn", "dollars", "dollar")

// monthWords say "per month" after "per" or "par".
var monthWords = set("mois", "month", "mensuel")

// abbreviations are expanded to the words they stand for.
var abbreviations = map[string]string{
	"nb": "nombre", "nbr": "nombre", "nbre": "nombre", "#": "nombre", "number": "nombre", "count": "nombre",
	"qty": "nombre", "qte": "nombre", "quantite": "nombre", "quantity": "nombre", "num": "nombre",
	"ca": "chiffre affaires", "mkt": "marketing", "mktg": "marketing", "tot": "total", "ttl": "total",
	"pub": "publicite", "cmd": "commande", "cmde": "commande", "cde": "commande", "cdes": "commande",
	"treso": "tresorerie", "invest": "investissement", "rev": "revenue", "clt": "client", "clts": "client",
	"nouv": "nouveau", "deb": "debut", "mens": "mensuel", "htva": "ht", "amt": "amount", "qtt": "nombre",
}

// invariable words keep their final s or x.
var invariable = set("mois", "frais", "taux", "processus", "prix", "fois", "pays", "gross", "loss", "sous", "plus",
	"cogs", "ytd", "nps", "tva", "ttc", "bus", "ads")

// rewrites give one spelling to words that mean the same, after the
// plural is folded, as licensecheck rewrites "https" to "http".
var rewrites = map[string]string{
	"nette": "net", "brute": "brut", "nouvelle": "nouveau", "cliente": "client", "actif": "active",
	"activ": "active", "annuelle": "annuel", "mensuelle": "mensuel", "monthly": "mensuel", "month": "mois",
	"revenu": "revenue", "precedente": "precedent", "prevue": "prevu", "cumulee": "cumule",
	"cumulative": "cumule", "cumulatif": "cumule", "cumul": "cumule", "moyenne": "moyen",
	"trafic": "traffic",
}

// excludedWords make a header something other than a month's figure.
var excludedWords = map[string]string{
	"cumule": "running total", "ytd": "running total", "mtd": "running total",
	"budget": "plan", "budgete": "plan", "budgetise": "plan", "objectif": "plan", "prevision": "plan",
	"previsionnel": "plan", "prevu": "plan", "forecast": "plan", "target": "plan", "plan": "plan",
	"cible": "plan", "simulation": "plan", "precedent": "plan", "previous": "plan", "prior": "plan",
	"moyen": "average", "average": "average", "avg": "average", "mean": "average", "median": "average",
	"mediane": "average", "min": "average", "max": "average", "minimum": "average", "maximum": "average",
	"taux": "ratio", "rate": "ratio", "ratio": "ratio", "pourcentage": "ratio", "percent": "ratio",
	"percentage": "ratio", "pct": "ratio", "%": "ratio", "var": "ratio", "variation": "ratio",
	"ecart": "ratio", "evolution": "ratio", "evol": "ratio", "delta": "ratio", "change": "ratio",
	"growth": "ratio", "croissance": "ratio", "part": "ratio", "poid": "ratio", "poids": "ratio",
	"share": "ratio", "roi": "ratio", "versus": "ratio", "vs": "ratio",
	"annual": "annual", "annuel": "annual", "yearly": "annual",
	"ttc": "tax included",
}

// excludedPhrases are the phrases of excludedWords, looked for in the
// header's folded words joined by spaces, small words included.
var excludedPhrases = []struct{ phrase, reason string }{
	{" year to date ", "running total"}, {" to date ", "running total"}, {" a date ", "running total"},
	{" running total ", "running total"}, {" depuis janvier ", "running total"},
	{" depuis le debut ", "running total"}, {" depuis debut ", "running total"},
	{" n 1 ", "plan"}, {" y 1 ", "plan"}, {" last year ", "plan"}, {" annee derniere ", "plan"},
	{" profit margin ", "ratio"},
}

// optional words may stand in any header without changing what it names
// ("Total ventes", "CA HT", "CA réel", "Ventes mensuelles"); they count
// neither for nor against a synonym that lacks them.
var optional = set("total", "mois", "mensuel", "ht", "reel", "realise", "actual", "effectif")

// countOptional may stand in the header of a count: "Nb commandes".
var countOptional = set("nombre")

// stockOptional may stand in the header of a balance: "Trésorerie fin de
// mois", "Cash at end".
var stockOptional = set("fin", "end", "closing", "cloture")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
