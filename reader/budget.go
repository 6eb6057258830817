package reader

// This file reads a workbook's budget, in the three layouts accountants
// use (SPEC.md "Workbooks"): a sheet of its own named like Budget,
// Prévisionnel, Objectifs or Forecast, laid out like the actuals; a budget
// column beside each metric's actual column (CA réel / CA budget); or a
// scenario column saying which lines are the budget's (Réel / Budget). The
// budget goes into the table as its own scenario, figures.Budget; it is
// never read as actuals, and the actuals never as a budget.

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/kpireport/kpireport/figures"
)

// budgetPrefix marks, while a sheet is read, the metric of a budget column
// (CA budget): its figures are gathered as the actuals' are, then moved to
// the budget scenario by splitBudget.
const budgetPrefix = "budget\x1f"

// budgetWords say that a column holds a plan rather than what happened:
// the plan words of sheet names, and the past participles of headers
// (CA budgété, Revenue planned).
var budgetWords = map[string]bool{"budgete": true, "budgetee": true, "budgetes": true, "budgetees": true,
	"planned": true, "plan": true, "bgt": true, "bud": true, "prev": true, "obj": true}

// budgetMetric returns the metric whose budget a header names ("CA
// budget", "Budget CA", "Revenue budget", "CA prévisionnel", "Objectif de
// CA"), or "" when it names none. A header that names a metric itself
// ("Budget marketing" is the marketing spend) is not a budget's.
func budgetMetric(header string, overrides map[string]string) string {
	if MatchHeader(header, overrides) != "" {
		return ""
	}
	words := strings.Fields(headerKey(header))
	if len(words) < 2 {
		return ""
	}
	var rest []string
	switch plan := func(w string) bool { return planWords[w] || budgetWords[w] }; {
	case plan(words[0]):
		rest = words[1:]
		for len(rest) > 1 && (rest[0] == "de" || rest[0] == "du" || rest[0] == "d" || rest[0] == "des" || rest[0] == "of") {
			rest = rest[1:]
		}
	case plan(words[len(words)-1]):
		rest = words[:len(words)-1]
	default:
		return ""
	}
	return MatchHeader(strings.Join(rest, " "), overrides)
}

// findBudgetColumns adds to the layout the budget columns paired with its
// metric columns: "CA budget" beside "CA réel". A budget column is read
// only when its metric has an actual column in the same header row, so
// that a lone "Revenue plan" is never taken for a budget by chance. Its
// figures are scaled as its own header, or the table's title, says.
func (l *layout) findBudgetColumns(row, titles []string) {
	has := map[string]bool{}
	for _, m := range l.metrics {
		has[m] = true
	}
	titleScale := 1.0
	for _, c := range titles {
		if s := titleScaleOf(c); s != 1 {
			titleScale = s
			break
		}
	}
	seen := map[string]bool{}
	for c, h := range row {
		if c == l.monthCol || slices.Contains(l.cols, c) {
			continue
		}
		m := budgetMetric(h, l.overrides)
		if m == "" || !has[m] || seen[m] {
			continue
		}
		seen[m] = true
		s, named := scaleOf(h)
		if !named && figures.Known(m) && !figures.IsCount(m) {
			s = titleScale
		}
		l.metrics = append(l.metrics, budgetPrefix+m)
		l.cols = append(l.cols, c)
		l.scales = append(l.scales, s)
	}
}

// addPlan reads a budget line of a table with a scenario column, into a
// builder of its own; a line whose month cell is blank (the month merged
// over its scenarios' lines) is the month of the line above.
func (b *builder) addPlan(r int, cells []string, raw string) error {
	if b.plan == nil {
		l := *b.l
		l.scenarioCol = -1
		l.notes = nil
		b.plan = newBuilder(&l, b.src, b.date1904)
	}
	if raw == "" && b.lastRaw != "" && b.l.monthCol >= 0 {
		cells = slices.Clone(cells)
		for len(cells) <= b.l.monthCol {
			cells = append(cells, "")
		}
		cells[b.l.monthCol] = b.lastRaw
	}
	return b.plan.add(r, cells)
}

// finishBudget moves the budget read from the sheet into t: the budget
// columns' figures and the scenario column's budget lines. The months of
// the table are then those holding an actual figure.
func (b *builder) finishBudget(t *figures.Table, src rowSource) error {
	if b.plan != nil {
		pt := figures.NewTable(t.File, t.SHA256)
		var fe *FileError
		if err := b.plan.finish(pt, src); err != nil && !(errors.As(err, &fe) && fe.empty) && !errors.Is(err, errNoTable) {
			return err
		}
		addBudget(t, pt.Actual())
	}
	return splitBudget(t, b.l.sheet)
}

// splitBudget moves the figures of budget columns, read under
// budgetPrefix, to the budget scenario, and counts as the table's months
// only those with an actual figure.
func splitBudget(t *figures.Table, sheet string) error {
	moved := false
	for name, figs := range t.Data[figures.Actual] {
		metric, ok := strings.CutPrefix(name, budgetPrefix)
		if !ok {
			continue
		}
		delete(t.Data[figures.Actual], name)
		addBudget(t, figures.Values{metric: figs})
		moved = true
	}
	if !moved {
		return nil
	}
	for i, c := range t.Columns {
		if strings.HasPrefix(c.Metric, budgetPrefix) {
			t.Columns[i].Metric = ""
		}
	}
	months := map[figures.Month]bool{}
	for _, figs := range t.Data[figures.Actual] {
		for m := range figs {
			months[m] = true
		}
	}
	t.Months = slices.Sorted(maps.Keys(months))
	if len(t.Months) == 0 {
		return &FileError{Kind: "budget_no_actuals", Args: map[string]string{"sheet": sheet}, empty: true}
	}
	return nil
}

// addBudget adds budget figures to t, a metric's months already there
// kept: the budget read first (beside the actuals) wins over a budget
// sheet's.
func addBudget(t *figures.Table, v figures.Values) {
	if len(v) == 0 {
		return
	}
	if t.Data[figures.Budget] == nil {
		t.Data[figures.Budget] = figures.Values{}
	}
	for metric, figs := range v {
		if figures.IsCost(metric) && allNegative(figs) {
			figs = maps.Clone(figs)
			for m, f := range figs {
				f.Value = -f.Value
				figs[m] = f
			}
		}
		dst := t.Data[figures.Budget][metric]
		if dst == nil {
			dst = make(map[figures.Month]figures.Figure, len(figs))
			t.Data[figures.Budget][metric] = dst
		}
		for m, f := range figs {
			if _, ok := dst[m]; !ok {
				dst[m] = f
			}
		}
	}
}

// readBudgetSheets reads the budget sheets (told by their names) into t's
// budget scenario, each laid out like the actuals. A sheet that holds no
// table, or an empty one, adds nothing; a cell it cannot read is an error,
// as in the actuals: a budget read wrong would judge the month wrongly.
func readBudgetSheets(t *figures.Table, src rowSource, sheets []string, overrides map[string]string, date1904 bool) error {
	for _, s := range sheets {
		st := figures.NewTable(t.File, t.SHA256)
		err := readSheet(st, src, s, overrides, date1904, false)
		var fe *FileError
		switch {
		case errors.Is(err, errNoTable), errors.As(err, &fe) && fe.empty:
			continue
		case err != nil:
			return err
		}
		addBudget(t, st.Actual())
		t.BudgetSheets = append(t.BudgetSheets, s)
	}
	return nil
}

// onlyBudgetError is a workbook whose only table is a budget sheet: a
// budget is never read as actuals.
func onlyBudgetError(sheet string) error {
	return fileErr("budget_only", nil, "sheet", sheet)
}

// isBudgetSheet reports whether a sheet's name says it holds a budget
// ("Budget 2025", "Prévisionnel") and not the actuals too ("Réel et
// budget", "Actual vs budget": a table with a scenario column or paired
// columns).
func isBudgetSheet(sheet string) bool {
	if !isPlan(sheet) {
		return false
	}
	for _, w := range strings.Fields(fold(sheet)) {
		if actualWords[w] {
			return false
		}
	}
	return true
}

// planSheets returns the sheets whose names say they hold a budget, but
// the one chosen.
func planSheets(sheets []string, chosen string) []string {
	var out []string
	for _, s := range sheets {
		if s != chosen && isBudgetSheet(s) {
			out = append(out, s)
		}
	}
	return out
}
