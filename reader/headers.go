package reader

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kpireport/kpireport/number"
	"github.com/kpireport/kpireport/reader/internal/vocab"
)

// Metric describes one canonical metric a workbook column may hold.
type Metric struct {
	// Name is the canonical name used in configs and formulas.
	Name string
	// Stock is true for balances read at the month's end (customers, cash),
	// which never add up over months or rows; flows (revenue, costs, counts) do.
	Stock bool
	// Headers are the usual French and English column headers, written as
	// fold returns them.
	Headers []string
}

// Metrics is the list of metrics the reader recognises without any
// configuration, in the order of SPEC.md.
var Metrics = []Metric{
	{"revenue", false, []string{"revenue", "revenues", "sales", "net sales", "turnover", "ca", "ca ht", "chiffre d affaires", "chiffre d affaires ht", "ventes", "ventes ht", "produits", "total revenue", "income", "total income", "operating revenue", "total des produits", "net revenue", "net revenues", "sales revenue", "chiffre d affaires net", "ca net", "montant net du chiffre d affaires", "ca total"}},
	{"net_income", false, []string{"net income", "net profit", "profit", "resultat net", "resultat", "benefice", "benefice net", "net result", "resultat de l exercice", "resultat net comptable", "resultat comptable", "benefice perte", "benefice ou perte", "resultat net de l exercice", "benefice net comptable"}},
	{"marketing_costs", false, []string{"marketing costs", "marketing", "sales and marketing", "sales marketing costs", "marketing spend", "depenses marketing", "couts marketing", "frais marketing", "frais commerciaux", "budget marketing", "marketing et ventes", "couts commerciaux et marketing", "advertising", "advertising marketing", "marketing advertising", "advertising and marketing", "publicite", "publicite marketing", "publicite et marketing", "charges marketing", "frais de publicite", "depenses de publicite", "investissement marketing", "investissements marketing"}},
	{"new_customers", false, []string{"new customers", "new clients", "customers new", "nouveaux clients", "clients nouveaux", "nb nouveaux clients", "nombre de nouveaux clients", "clients acquis", "clients gagnes", "new customers acquired", "customers acquired"}},
	{"customers_start", true, []string{"customers start", "customers at start", "customers beginning", "opening customers", "clients debut", "clients debut de mois", "clients en debut de mois", "clients debut de periode", "nb clients debut"}},
	{"customers_end", true, []string{"customers end", "customers at end", "closing customers", "clients fin", "clients fin de mois", "clients en fin de mois", "clients fin de periode", "nb clients fin"}},
	{"visitors", false, []string{"visitors", "unique visitors", "website visitors", "visiteurs", "visiteurs uniques", "visiteurs site", "visites", "visites du site", "visites site", "visites site web", "visiteurs du site"}},
	{"conversions", false, []string{"conversions", "converted visitors", "online orders", "conversions site", "achats en ligne", "commandes en ligne", "commandes web", "commandes internet", "commandes sur le site"}},
	{"sessions", false, []string{"sessions", "total sessions", "nb sessions", "website sessions", "site sessions", "sessions site"}},
	{"engaged_sessions", false, []string{"engaged sessions", "sessions engagees", "sessions actives"}},
	{"promoters", false, []string{"promoters", "promoteurs", "nps promoteurs"}},
	{"passives", false, []string{"passives", "passifs", "neutres", "nps passifs"}},
	{"detractors", false, []string{"detractors", "detracteurs", "nps detracteurs"}},
	{"automated_processes", false, []string{"automated processes", "processus automatises", "taches automatisees"}},
	{"eligible_processes", false, []string{"eligible processes", "automatable processes", "processus eligibles", "processus automatisables", "taches automatisables"}},
	{"investment", false, []string{"investment", "investments", "investissement", "investissements", "capex"}},
	{"investment_gains", false, []string{"investment gains", "investment returns", "gains on investment", "gains", "gains sur investissements", "gains des investissements", "retour sur investissements", "gains investissement"}},
	{"orders", false, []string{"orders", "number of orders", "transactions", "commandes", "nb commandes", "nombre de commandes", "tickets", "nb tickets"}},
	{"gross_profit", false, []string{"gross profit", "gross margin", "marge brute", "marge commerciale"}},
	{"ebitda", false, []string{"ebitda", "ebe", "excedent brut d exploitation"}},
	{"cash", true, []string{"cash", "cash balance", "cash at end", "tresorerie", "tresorerie fin de mois", "solde de tresorerie", "disponibilites", "solde bancaire", "solde banque", "tresorerie nette"}},
	{"receivables", true, []string{"receivables", "accounts receivable", "trade receivables", "creances clients", "creances", "clients a encaisser", "encours clients"}},
	{"debt_service", false, []string{"debt service", "loan repayments", "debt repayments", "service de la dette", "echeances d emprunt", "echeances emprunts", "remboursements d emprunt", "annuites d emprunt", "emprunts rembourses", "remboursement emprunts", "remboursements emprunts"}},
	{"clv", true, []string{"clv", "ltv", "customer lifetime value", "lifetime value", "valeur vie client", "valeur client", "valeur a vie du client"}},
	{"cogs", false, []string{"cogs", "cost of goods sold", "cost of sales", "achats consommes", "cout des ventes", "cout d achat des marchandises vendues"}},
}

// monthHeaders are headers naming the month column (or row).
var monthHeaders = map[string]bool{
	"mois": true, "month": true, "date": true, "periode": true, "period": true,
	"mois annee": true, "month year": true, "date de fin": true, "fin de mois": true,
	"mois de": true, "months": true,
}

// yearHeaders are headers naming a column that holds the year of a month
// given by its name only.
var yearHeaders = map[string]bool{"annee": true, "year": true, "exercice": true, "an": true}

// totalWords mark total, subtotal, average and quarter rows (or columns),
// which are skipped so that nothing is counted twice.
var totalWords = []string{"total", "sous total", "subtotal", "sum", "somme", "moyenne", "average", "avg", "cumul", "ytd",
	"year to date", "grand total", "totaux", "mean", "t1", "t2", "t3", "t4", "q1", "q2", "q3", "q4", "trimestre",
	"quarter", "semestre", "s1", "s2", "h1", "h2", "1er trimestre", "annee", "year", "exercice"}

var headerIndex = func() map[string]string {
	idx := map[string]string{}
	for _, m := range Metrics {
		idx[m.Name] = m.Name
		idx[strings.ReplaceAll(m.Name, "_", " ")] = m.Name
		for _, h := range m.Headers {
			idx[h] = m.Name
		}
	}
	return idx
}()

// counts are the metrics that count things (customers, visits, processes):
// a negative count is a data error, never a figure.
var counts = map[string]bool{
	"new_customers": true, "customers_start": true, "customers_end": true, "visitors": true, "conversions": true,
	"sessions": true, "engaged_sessions": true, "promoters": true, "passives": true, "detractors": true,
	"automated_processes": true, "eligible_processes": true, "orders": true,
}

// costs are the metrics that are expenses: a profit and loss statement
// often writes them as negative numbers.
var costs = map[string]bool{"marketing_costs": true, "cogs": true, "debt_service": true, "investment": true}

// maxHeaderBytes is the longest text looked at as a header: no metric's
// name is longer, and folding a megabyte of text for nothing takes time.
const maxHeaderBytes = 512

// MatchHeader returns the canonical metric a header names, with the
// overrides (metric -> header) taking precedence, or "" when it names none.
// Case, accents, extra spaces, punctuation and a unit in brackets are ignored:
// " Sales", "CA HT (€)" and "Nb. nouveaux clients" all match.
func MatchHeader(header string, overrides map[string]string) string {
	if header == "" || number.LooksNumeric(header) && isPlainNumber(header) {
		return "" // a figure, not a header
	}
	if len(header) > maxHeaderBytes {
		return "" // a note or a pasted text, not a column's name
	}
	f := headerKey(header)
	if f == "" {
		return ""
	}
	if len(overrides) > 0 {
		// The config's own mapping is taken as written, cumulative or not.
		for _, metric := range slices.Sorted(maps.Keys(overrides)) {
			if headerKey(overrides[metric]) == f {
				return metric
			}
		}
	}
	m := matchFolded(f)
	if m == "" {
		// Other words for the same thing: "Gain sur investissement",
		// "Nbre de commandes", "total_mrr"; a question is no match.
		m = vocab.Metric(header)
	} else if why := vocab.Excluded(header); why != "" && why != "plan" {
		// Folding drops the words of a ratio, an average or a tax-included
		// amount: "% CA", "CA TTC moyen" (the exact table's plan words,
		// "Budget marketing", are kept).
		return ""
	}
	// A running total since January names no month's figure, even with its
	// words in brackets: "Total ventes (cumul)", "CA YTD", "CA à date".
	if m != "" && isCumulative(header) {
		return ""
	}
	return m
}

// unitWords and actualWords end (or begin) the headers worth trying the
// unit and actuals patterns on: most cells of a sheet are neither, and
// header detection asks about every cell of the first rows.
var (
	unitWords = map[string]bool{"eur": true, "euro": true, "euros": true, "usd": true, "chf": true, "gbp": true, "k": true,
		"ke": true, "keur": true, "m": true, "meur": true, "nb": true, "nombre": true, "milliers": true, "millions": true, "thousands": true}
	actualWords = map[string]bool{"reel": true, "reels": true, "realise": true, "realises": true, "realisee": true,
		"actual": true, "actuals": true, "effectif": true}
)

// matchFolded is MatchHeader on a folded header, without overrides.
func matchFolded(f string) string {
	if m, ok := headerIndex[f]; ok {
		return m
	}
	first, _, _ := strings.Cut(f, " ")
	last := f[strings.LastIndexByte(f, ' ')+1:]
	// Drop a trailing unit: "ca ht eur", "ventes k", "tresorerie en milliers
	// d euros" (scaleOf reads what the unit means for the figures).
	if unitWords[last] {
		if m := unitSuffixRe.FindStringSubmatch(f); m != nil {
			if metric, ok := headerIndex[m[1]]; ok {
				return metric
			}
		}
	}
	// Drop the word saying the figures are actuals, in a table that has
	// budget columns too: "ca reel", "ca realise", "actual revenue".
	if actualWords[first] || actualWords[last] {
		if m := actualRe.FindStringSubmatch(f); m != nil {
			if metric := matchFolded(m[1] + m[2]); metric != "" {
				return metric
			}
		}
	}
	// Drop a leading count word ("nb nouveaux clients", "number of
	// visitors") or a pivot table's ("Somme de CA HT", "Sum of Sales").
	for _, prefix := range []string{"nb de ", "nb d ", "nb ", "nombre de ", "nombre d ", "number of ", "no of ", "total ", "somme de ", "sum of "} {
		if g := strings.TrimPrefix(f, prefix); g != f {
			if m, ok := headerIndex[g]; ok {
				return m
			}
		}
	}
	return ""
}

// analysisWords label rows (or columns) computed from the months beside
// them: a share of revenue, a change, a gap to budget. They are skipped
// without a warning, as totals are.
var analysisWords = map[string]bool{
	"var": true, "variation": true, "variations": true, "ecart": true, "ecarts": true,
	"evolution": true, "evol": true, "part": true, "poids": true, "ratio": true, "n 1": true, "vs n 1": true,
	"change": true, "share": true, "of revenue": true, "of sales": true, "delta": true,
}

// isAnalysisLabel reports whether a label marks a ratio or a change
// computed from the months: "% CA", "Var. %", "Écart", "Évolution N-1".
func isAnalysisLabel(s string) bool {
	s = strings.TrimSpace(s)
	f := fold(s)
	if strings.HasPrefix(s, "%") || strings.HasSuffix(s, "%") {
		return true
	}
	if analysisWords[f] {
		return true
	}
	first, _, _ := strings.Cut(f, " ")
	return analysisWords[first]
}

// isTotalLabel reports whether a label marks a total, subtotal or average row.
func isTotalLabel(s string) bool {
	f := fold(s)
	if f == "" {
		return false
	}
	for _, w := range totalWords {
		if f == w || len(f) > len(w) && (strings.HasPrefix(f, w) && f[len(w)] == ' ' ||
			strings.HasSuffix(f, w) && f[len(f)-len(w)-1] == ' ') {
			return true
		}
	}
	return false
}

// fold lower-cases s, removes accents, turns punctuation into spaces,
// drops what is in brackets and collapses spaces: "Chiffre d'affaires (€) "
// becomes "chiffre d affaires".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	depth := 0
	space := true // no leading space
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		r = unicode.ToLower(stripAccent(r))
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// stripAccent maps the accented Latin letters of French (and a few more) to
// their base letter.
func stripAccent(r rune) rune {
	if r < 0xC0 {
		return r
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return 'a'
	case 'ç', 'Ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return 'i'
	case 'ñ', 'Ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
		return 'u'
	case 'ÿ', 'Ÿ', 'ý', 'Ý':
		return 'y'
	case 'œ', 'Œ':
		return 'o' // "œ" folds to "o"; headers using it are listed folded
	case 'æ', 'Æ':
		return 'a'
	}
	return r
}

// isPlainNumber reports whether s is a number as stored in a cell.
func isPlainNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

var (
	// thousandsRe and millionsRe find a unit of thousands or millions in a
	// column's header: CA HT (k€), Ventes KEUR, Résultat en milliers,
	// Sales ($000), Revenue (thousands), EBITDA (M€).
	thousandsRe = regexp.MustCompile(`(^|[^a-z0-9])(k ?(€|eur|euros?|\$|usd|£|gbp|chf|fcfa)|keur|kchf|milliers?|thousands?|€ ?000|\$ ?000|£ ?000|'000|000 ?(€|\$|£|eur)|\(000\)|en k)($|[^a-z0-9])`)
	millionsRe  = regexp.MustCompile(`(^|[^a-z0-9])(m ?(€|eur|euros?|\$|usd|£|gbp|chf)|meur|millions?|mio ?€|mn ?€)($|[^a-z0-9])`)
	// titleScaleRe finds the unit of a whole table in a title above it:
	// "Montants en milliers d'euros", "en k€", "(in thousands)", or a cell
	// holding only the unit. A title merely quoting an amount ("objectif
	// 500 k€") does not match.
	titleScaleRe = regexp.MustCompile(`(^|[^a-z0-9])(en|in) (k ?€|k ?eur|keur|milliers|thousands|m ?€|m ?eur|meur|millions)($|[^a-z0-9])|(?:^|\()(k ?€|keur|k ?eur|m ?€|meur|m ?eur)(?:$|\))`)
)

// headerKey is a header as headers are compared: folded, abbreviations
// without their dots ("C.A. H.T." is "ca ht").
func headerKey(s string) string {
	if strings.IndexByte(s, '.') >= 0 {
		s = abbrevDotRe.ReplaceAllString(s, "$1")
	}
	return fold(s)
}

// abbrevDotRe finds the dot after a lone letter, as in "C.A." and "H.T.".
var abbrevDotRe = regexp.MustCompile(`(?:^|\b)(\pL)\.`)

// cumulativeWords are the words and phrases of a running total.
var cumulativeWords = []string{" cumul ", " cumule ", " cumulee ", " cumules ", " cumulees ", " cumulatif ", " ytd ",
	" year to date ", " running total ", " depuis janvier ", " depuis le debut ", " a date "}

// isCumulative reports whether a header names a running total since
// January: "Total ventes (cumul)", "CA YTD", "Revenue year-to-date".
func isCumulative(header string) bool {
	words := strings.FieldsFunc(lowerASCIIFold(header), func(r rune) bool { return !unicode.IsLetter(r) })
	joined := " " + strings.Join(words, " ") + " "
	for _, w := range cumulativeWords {
		if strings.Contains(joined, w) {
			return true
		}
	}
	return false
}

// actualRe splits a folded header from the word saying its figures are
// actuals (the budget's columns are not matched: "ca budget" names nothing).
var actualRe = regexp.MustCompile(`^(?:(?:reel|realise|actual|actuals) (.+)|(.+?) (?:reel|reels|realise|realises|realisee|actual|actuals|effectif))$`)

// unitSuffixRe splits a folded header from the unit that ends it.
var unitSuffixRe = regexp.MustCompile(`^(.+?)(?: (?:en|in))? (?:eur|euros?|usd|chf|gbp|k|ke|keur|k eur|m|meur|m eur|nb|nombre|milliers(?: d euros?)?|millions(?: d euros?)?|thousands|millions)$`)

// plainUnitRe finds a currency written without a multiple: CA HT (€).
var plainUnitRe = regexp.MustCompile(`(^|[^a-z0-9])(€|eur|euros?|\$|usd|£|gbp|chf)($|[^a-z0-9])`)

// scenarioHeaders name a column saying which scenario a line holds: the
// actuals or a budget ("Réel", "Budget").
var scenarioHeaders = map[string]bool{"type": true, "scenario": true, "version": true, "nature": true, "reel budget": true, "categorie": true}

// planWords name figures that did not happen: a budget, an objective, a
// forecast; in a sheet's name or a scenario cell.
var planWords = map[string]bool{
	"budget": true, "budgets": true, "objectif": true, "objectifs": true, "prevision": true, "previsions": true,
	"previsionnel": true, "prevu": true, "forecast": true, "forecasts": true, "target": true, "targets": true,
	"plan": true, "cible": true, "simulation": true, "simulations": true,
}

// isPlanWord reports whether a scenario cell is a plan word ("Budget").
func isPlanWord(s string) bool { return planWords[fold(s)] }

// unitsOnly reports whether the cells of a line under the header are units
// (k€, €, nb, %), at least one of them a currency.
func unitsOnly(cells []string, cols []int) bool {
	currency := false
	for _, c := range cols {
		if c >= len(cells) || strings.TrimSpace(cells[c]) == "" {
			continue
		}
		if _, named := scaleOf(cells[c]); named {
			currency = true
			continue
		}
		switch fold(cells[c]) {
		case "nb", "nombre", "u", "unites", "qte", "count", "":
			continue
		}
		return false
	}
	return currency
}

// isUnitLabel reports whether a label marks the line giving each column's
// unit ("Unité": k€, €, nb).
func isUnitLabel(s string) bool {
	switch fold(s) {
	case "unite", "unites", "unit", "units", "devise", "currency", "unite de mesure":
		return true
	}
	return false
}

// scaleOf returns the factor a header's unit gives its cells: 1000 for
// thousands, 1e6 for millions, else 1; named is false when the header says
// no unit at all, so that a title's may apply.
func scaleOf(header string) (scale float64, named bool) {
	h := lowerASCIIFold(header)
	switch {
	case thousandsRe.MatchString(h):
		return 1e3, true
	case millionsRe.MatchString(h):
		return 1e6, true
	}
	return 1, plainUnitRe.MatchString(h)
}

// titleScaleOf returns the factor a title above a table gives its amounts.
func titleScaleOf(title string) float64 {
	h := lowerASCIIFold(title)
	if m := titleScaleRe.FindStringSubmatch(h); m != nil {
		unit := m[3] + m[5]
		if strings.HasPrefix(unit, "k") || unit == "milliers" || unit == "thousands" {
			return 1e3
		}
		return 1e6
	}
	return 1
}

// lowerASCIIFold lowercases s, drops accents from Latin letters and turns
// runs of spaces (no-break ones too) into one.
func lowerASCIIFold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(stripAccent(r))
	}
	return b.String()
}

// ClosestHeader returns the header that comes closest to naming a metric
// (the first of equals), for the error saying the metric is missing, or ""
// when none comes close: "Ventes France" for revenue, "Nombre de clients"
// for customers_start. A header naming another metric is never proposed.
func ClosestHeader(headers []string, metric string) string {
	h, _ := vocab.Closest(headers, metric)
	return h
}
