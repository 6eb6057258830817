package reader

// This file reads what only a row-level export has (SPEC.md "Workbooks"):
// several rows per month, one per sale, per day or per site and month.
// Flows are summed per month; a stock (cash, customers) adds up over the
// entities a column names (one row per site or account and month), and is
// the last day's value when the rows are days. A column flagging each row
// as actual or forecast (est_reel, Prévision) leaves the forecast rows
// out, in a warning; and a last month whose daily rows stop more than a
// week before its end is a partial month, not taken as the latest.

import (
	"math"
	"slices"
	"strings"

	"github.com/kpireport/kpireport/figures"
)

// maxEntityCols bounds the columns whose cells are kept, row by row, to
// find the one naming the entities of a stock.
const maxEntityCols = 8

// partialDays is how many days before its end the rows of a last month may
// stop with the month still complete: more than a week is partial.
const partialDays = 7

// entityWords are the words of a header naming what a row-level export
// repeats each month: a site, a branch, an account, a store.
var entityWords = map[string]bool{
	"site": true, "sites": true, "agence": true, "agences": true, "compte": true, "comptes": true,
	"account": true, "accounts": true, "entite": true, "entites": true, "entity": true, "entities": true,
	"magasin": true, "magasins": true, "store": true, "stores": true, "boutique": true, "boutiques": true,
	"etablissement": true, "etablissements": true, "societe": true, "societes": true, "filiale": true,
	"filiales": true, "branch": true, "branches": true, "banque": true, "banques": true, "bank": true,
	"banks": true, "succursale": true, "succursales": true, "subsidiary": true, "company": true,
	"location": true, "locations": true, "shop": true, "shops": true, "depot": true, "depots": true,
}

// isEntityHeader reports whether a header names the entities of a
// row-level export: "site_id", "Agence", "N° de compte", "Account name".
func isEntityHeader(h string) bool {
	for _, w := range strings.Fields(fold(h)) {
		if entityWords[w] {
			return true
		}
	}
	return false
}

// flagColumn is a column saying of each row whether it is actual or
// planned: est_reel (TRUE on actuals), Prévision (TRUE on forecasts).
type flagColumn struct {
	col    int    // grid column, -1 when none
	header string // the header as written
	// planWhen is the cell's value on a planned row: false under a header
	// saying "actual", true under one saying "forecast".
	planWhen bool
	rows     int // rows read as planned
}

// flagPrefixes are the small words before a flag header's word: est_reel,
// is_actual, en_prévision.
var flagPrefixes = map[string]bool{"est": true, "is": true, "en": true, "flag": true, "ligne": true}

// findFlag returns the layout's flag column: a column that is not a
// metric's, headed by one word saying actual (réel, actual, réalisé) or
// plan (prévision, forecast), with small words before it.
func findFlag(l *layout) flagColumn {
	for c, h := range l.headerRow {
		if c == l.monthCol || c == l.scenarioCol || c == l.yearCol || slices.Contains(l.cols, c) {
			continue
		}
		words := strings.Fields(fold(h))
		for len(words) > 1 && flagPrefixes[words[0]] {
			words = words[1:]
		}
		if len(words) != 1 {
			continue
		}
		switch w := words[0]; {
		case actualWords[w]:
			return flagColumn{col: c, header: strings.TrimSpace(h), planWhen: false}
		case planWords[w]:
			return flagColumn{col: c, header: strings.TrimSpace(h), planWhen: true}
		}
	}
	return flagColumn{col: -1}
}

// flagValue reads a flag cell: TRUE/FALSE as spreadsheets write them, in
// English or French, or oui/non, yes/no. A number is not a flag: a zero
// in a column of amounts headed "Réel" is no forecast.
func flagValue(s string) (value, ok bool) {
	switch fold(s) {
	case "true", "vrai", "oui", "yes", "y", "o":
		return true, true
	case "false", "faux", "non", "no", "n":
		return false, true
	}
	return false, false
}

// planned returns the builder a planned row goes to: the budget's, for a
// budget line of a scenario column (Réel / Budget); the forecast's, left
// out of the table, for a row its flag column marks as forecast; nil for
// an actual row. A forecast is not a budget: its months are those after
// the actuals, with nothing to compare them with.
func (b *builder) planned(get func(int) string) *builder {
	if b.l.scenarioCol >= 0 && isPlanWord(get(b.l.scenarioCol)) {
		if b.plan == nil {
			b.plan = b.child()
		}
		return b.plan
	}
	if b.flag.col < 0 {
		return nil
	}
	if v, ok := flagValue(get(b.flag.col)); !ok || v != b.flag.planWhen {
		return nil
	}
	if b.forecast == nil {
		b.forecast = b.child()
	}
	b.flag.rows++
	return b.forecast
}

// child returns a builder for the planned rows of b's table: laid out as
// b, its entities b's.
func (b *builder) child() *builder {
	l := *b.l
	l.scenarioCol = -1
	l.notes = nil
	c := newBuilder(&l, b.src, b.date1904)
	c.flag.col = -1
	c.entityCols, c.parent = b.entityCols, b
	return c
}

// forecastWarning names the rows the flag column marked as forecast, and
// their months, left out of the table.
func (b *builder) forecastWarning(t *figures.Table, src rowSource) {
	if b.forecast == nil {
		return
	}
	ft := figures.NewTable(t.File, t.SHA256)
	if err := b.forecast.finish(ft, src); err != nil || len(ft.Months) == 0 {
		return // no figure left out
	}
	t.Warnings = append(t.Warnings, warn(figures.WarnForecastRows, []string{"header", "rows", "months"},
		figures.Clip(b.flag.header), b.flag.rows, figures.Span(ft.Months)))
}

// entityCandidates returns the columns that may name the entities of a
// stock: those headed like one (site, agence, compte), not a metric's,
// when the table has a stock.
func entityCandidates(l *layout) []int {
	if l.transposed || !slices.ContainsFunc(l.metrics, isStockColumn) {
		return nil
	}
	var cands []int
	for c, h := range l.headerRow {
		if len(cands) == maxEntityCols {
			break
		}
		if c != l.monthCol && c != l.yearCol && c != l.scenarioCol && !slices.Contains(l.cols, c) && isEntityHeader(h) {
			cands = append(cands, c)
		}
	}
	return cands
}

// isStockColumn reports whether a metric column (a budget's too) holds a
// stock.
func isStockColumn(metric string) bool {
	return figures.IsStock(strings.TrimPrefix(metric, budgetPrefix))
}

// appendRow adds a data row, with the cells of the columns that may name its
// entity.
func (b *builder) appendRow(row dataRow, get func(int) string) {
	b.rows = append(b.rows, row)
	if len(b.entityCols) == 0 {
		return
	}
	ents := make([]string, len(b.entityCols))
	for i, c := range b.entityCols {
		ents[i] = strings.TrimSpace(get(c))
	}
	b.entities = append(b.entities, ents)
}

// entityOf decides which column names the entities of the table's
// stocks, as entityColumn says for a row-level export; a plan's builder
// takes its actuals'.
func (b *builder) entityOf(rowLevel bool) int {
	switch {
	case b.parent != nil:
		b.entity = b.parent.entity
	case rowLevel && len(b.entityCols) > 0:
		b.entity = b.entityColumn()
	default:
		b.entity = -1
	}
	return b.entity
}

// entityColumn returns the index in b.entityCols of the column naming the
// entities of a row-level export, -1 when none does: each month's rows
// name different ones, none blank, and they come back month after month
// (at most half as many as the rows). The first such column is taken.
func (b *builder) entityColumn() int {
	for k := range b.entityCols {
		if b.namesEntities(k) {
			return k
		}
	}
	return -1
}

// namesEntities reports whether candidate k names one entity per row of
// each month, entities that recur across months.
func (b *builder) namesEntities(k int) bool {
	type key struct {
		m figures.Month
		e string
	}
	seen := make(map[key]bool, len(b.rows))
	all := map[string]bool{}
	for i, row := range b.rows {
		e := b.entities[i][k]
		if e == "" || seen[key{row.month, e}] {
			return false
		}
		seen[key{row.month, e}] = true
		all[e] = true
	}
	return len(all) >= 2 && 2*len(all) <= len(b.rows)
}

// stockRows returns, per month, the rows a stock's figure is read from:
// each entity's last row in the month (the last day's, then the last in
// the sheet), one entity when ent is -1. Rows without a figure for the
// metric are passed over.
func (b *builder) stockRows(i, ent int) map[figures.Month][]int {
	type key struct {
		m figures.Month
		e string
	}
	last := map[key]int{}
	var order []key
	for j, row := range b.rows {
		if math.IsNaN(row.vals[i]) {
			continue
		}
		k := key{m: row.month}
		if ent >= 0 {
			k.e = b.entities[j][ent]
		}
		p, seen := last[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || row.day >= b.rows[p].day {
			last[k] = j
		}
	}
	out := map[figures.Month][]int{}
	for _, k := range order {
		out[k.m] = append(out[k.m], last[k])
	}
	for _, rows := range out {
		slices.Sort(rows)
	}
	return out
}

// stockWarning says how a stock of a row-level export was read: summed
// over the entities a column names, the last day's value, or the last
// row's when the rows have no day.
func (b *builder) stockWarning(metric string, ent int) figures.Warning {
	if ent >= 0 {
		c := b.entityCols[ent]
		n := map[string]bool{}
		for _, e := range b.entities {
			n[e[ent]] = true
		}
		return warn(figures.WarnStockEntities, []string{"metric", "header", "count"},
			metric, figures.Clip(strings.TrimSpace(b.l.headerRow[c])), len(n))
	}
	if b.daily() {
		return warn(figures.WarnStockLastDay, []string{"metric"}, metric)
	}
	return warn(figures.WarnLastRow, []string{"metric"}, metric)
}

// daily reports whether the rows are days: their months came from dates,
// and the dates are not all on one day of the month (the 1st of each
// month stands for the month, as in a Period column).
func (b *builder) daily() bool {
	return len(b.rows) > 0 && !slices.ContainsFunc(b.rows, func(r dataRow) bool { return r.day == 0 }) &&
		!monthlyDays(b.rows)
}

// markPartial marks the last month of a row-level export of days
// partial when its rows stop more than a week before its end: the till's
// export of 12 December is no December. The month stays in the table, in
// t.Partial, and a warning names it and its last row.
func (b *builder) markPartial(t *figures.Table) {
	if len(t.Months) == 0 || !b.daily() {
		return
	}
	last := t.Months[len(t.Months)-1]
	end, row := 0, -1
	for _, r := range b.rows {
		if r.month == last && r.day >= end {
			end, row = r.day, r.row
		}
	}
	if row < 0 || last.End().Day()-end <= partialDays {
		return
	}
	t.Partial = append(t.Partial, last)
	date := last.String() + "-" + twoDigits(end)
	t.Warnings = append(t.Warnings, warn(figures.WarnPartialRows, []string{"month", "last", "cell"},
		last.String(), date, b.l.ref(row, b.l.monthCol)))
}

// twoDigits writes a day of the month on two digits.
func twoDigits(d int) string {
	return string([]byte{byte('0' + d/10), byte('0' + d%10)})
}
