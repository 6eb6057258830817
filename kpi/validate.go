package kpi

// This file checks a config against SPEC.md, filling in its defaults.

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/plausibility"
	"github.com/kpireport/kpireport/templates"
)

// Validate checks the config against SPEC.md, filling in defaults.
func (cfg *Config) Validate() error {
	at := func(path ...any) int { return cfg.line(path...) }
	if strings.TrimSpace(cfg.Company) == "" {
		return cerr(cfg.File, at("company"), "company_missing")
	}
	if cfg.Language == "" {
		cfg.Language = "fr"
	}
	if _, err := templates.For(cfg.Language); err != nil {
		return cerr(cfg.File, at("language"), "unknown_language", "value", cfg.Language)
	}
	if cfg.Currency == "" {
		cfg.Currency = "EUR"
	}
	if !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(cfg.Currency) {
		return cerr(cfg.File, at("currency"), "bad_currency", "value", cfg.Currency)
	}
	if cfg.Period == "" {
		cfg.Period = "latest"
	}
	if cfg.Period != "latest" {
		if _, err := figures.ParsePeriod(cfg.Period); err != nil {
			return cerr(cfg.File, at("period"), "bad_period", "value", cfg.Period)
		}
	}
	metrics := map[string]bool{}
	for _, m := range figures.Catalogue {
		metrics[m.Name] = true
	}
	for m := range cfg.Workbook.Metrics {
		if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(m) {
			return cerr(cfg.File, at("workbook", "metrics", m), "bad_metric_name", "name", m)
		}
		metrics[m] = true
	}
	if err := cfg.validateFiscal(); err != nil {
		return err
	}
	ids := map[string]int{}
	for i := range cfg.KPIs {
		if err := cfg.validateKPI(i, metrics); err != nil {
			return err
		}
		id := cfg.KPIs[i].id()
		if j, dup := ids[id]; dup {
			return cerr(cfg.File, at("kpis", i), "kpi_twice", "id", id, "other", strconv.Itoa(cfg.line("kpis", j)))
		}
		ids[id] = i
	}
	if n := len(cfg.KPIs); n < 3 || n > 5 {
		return cerr(cfg.File, at("kpis"), "kpi_count", "n", strconv.Itoa(n))
	}
	// A new metric under workbook.metrics that no formula uses and that is a
	// letter or two from a known one is a typo: its column would be lost.
	used := map[string]bool{}
	for _, k := range cfg.KPIs {
		if k.expr != nil {
			for _, n := range k.expr.Names() {
				used[n] = true
			}
		}
	}
	for _, m := range slices.Sorted(maps.Keys(cfg.Workbook.Metrics)) {
		if figures.Known(m) || used[m] {
			continue
		}
		if near := Nearest(m, figures.Names()); near != "" && levenshtein(m, near) <= 2 {
			return cerr(cfg.File, at("workbook", "metrics", m), "unknown_metric", "name", m, "near", near).withHint("did_you_mean")
		}
	}
	return cfg.validateEmail()
}

func (cfg *Config) validateKPI(i int, metrics map[string]bool) error {
	k := &cfg.KPIs[i]
	errAt := func(key, kind string, pairs ...string) *ConfigError {
		if key == "" {
			return cerr(cfg.File, cfg.line("kpis", i), kind, pairs...)
		}
		return cerr(cfg.File, cfg.line("kpis", i, key), kind, pairs...)
	}
	if k.KPI == "" {
		return errAt("", "kpi_missing")
	}
	def, known := Lookup(k.KPI)
	if !known && k.KPI != "custom" {
		if near := Nearest(k.KPI, IDs()); near != "" {
			return errAt("kpi", "unknown_kpi", "id", k.KPI, "near", near).withHint("did_you_mean")
		}
		return errAt("kpi", "unknown_kpi", "id", k.KPI)
	}
	if k.KPI == "custom" {
		switch {
		case k.ID == "":
			return errAt("", "custom_needs_id")
		case k.Name == "":
			return errAt("", "custom_needs_name", "id", k.ID)
		case k.Formula == "":
			return errAt("", "custom_needs_formula", "id", k.ID)
		}
		if _, clash := Lookup(k.ID); clash {
			return errAt("id", "id_is_catalogue", "id", k.ID)
		}
		e, err := ParseFormula(k.Formula)
		if err != nil {
			return errAt("formula", "bad_formula", "formula", k.Formula, "err", err.Error())
		}
		for _, n := range e.Names() {
			if !metrics[n] {
				names := make([]string, 0, len(metrics))
				for m := range metrics {
					names = append(names, m)
				}
				sort.Strings(names)
				if near := Nearest(n, names); near != "" {
					return errAt("formula", "unknown_formula_metric", "name", n, "near", near).withHint("did_you_mean_metric")
				}
				return errAt("formula", "unknown_formula_metric", "name", n, "names", strings.Join(names, ", "))
			}
		}
		k.expr = e
		switch k.Unit {
		case UnitCurrency, UnitPercent, UnitNumber, UnitMonths:
		case "":
			return errAt("", "custom_needs_unit", "id", k.ID)
		default:
			if near := Nearest(k.Unit, []string{UnitCurrency, UnitPercent, UnitNumber, UnitMonths}); near != "" {
				return errAt("unit", "unknown_unit", "unit", k.Unit, "near", near).withHint("did_you_mean")
			}
			return errAt("unit", "unknown_unit", "unit", k.Unit)
		}
		if k.Better == "" {
			k.Better = Higher
		}
	} else {
		for _, f := range []struct {
			key string
			set bool
		}{{"id", k.ID != ""}, {"formula", k.Formula != ""}, {"unit", k.Unit != ""}} {
			if f.set {
				return errAt(f.key, "custom_only", "key", f.key)
			}
		}
	}
	if k.Better != "" && k.Better != Higher && k.Better != Lower {
		return errAt("better", "bad_better", "value", k.Better)
	}
	if k.Compare != "" {
		if k.KPI != "revenue_growth" {
			return errAt("compare", "compare_only_growth")
		}
		if k.Compare != "mom" && k.Compare != "yoy" {
			return errAt("compare", "bad_compare", "value", k.Compare)
		}
	}
	if k.CLV != nil && k.KPI != "cac" {
		return errAt("clv", "clv_only_cac")
	}
	if k.Target == nil {
		return errAt("", "needs_target", "id", k.id())
	}
	if budget, err := cfg.validateBudget(i); budget || err != nil {
		return err
	}
	if k.Threshold == nil {
		return errAt("", "needs_threshold", "id", k.id())
	}
	better := k.Better
	if better == "" {
		better = def.Better
	}
	unit := def.Unit
	if k.KPI == "custom" {
		unit = k.Unit
	}
	for _, n := range []struct {
		key string
		n   *Number
	}{{"target", k.Target}, {"threshold", k.Threshold}} {
		if n.n.Percent && unit != UnitPercent {
			return errAt(n.key, "percent_sign", "key", n.key, "id", k.id(), "unit", unit)
		}
	}
	t, th := k.Target.Value, k.Threshold.Value
	wrongSide := better == Higher && th > t || better == Lower && th < t
	if wrongSide && unit == UnitPercent {
		// One bound typed as a fraction (target: 0,07 beside threshold: 6%)
		// puts the two on the wrong sides: the fraction is the mistake.
		for _, b := range []struct {
			key, other string
			n, o       *Number
		}{{"target", "threshold", k.Target, k.Threshold}, {"threshold", "target", k.Threshold, k.Target}} {
			if isFraction(b.n) && !isFraction(b.o) {
				return errAt(b.key, "fraction_order", "key", b.key, "text", b.n.text(), "kpi", k.id(),
					"meant", plausibility.Meant(b.n.Value, b.n.text()), "other", b.other, "othertext", b.o.text())
			}
		}
	}
	if better == Higher && th > t {
		return errAt("threshold", "threshold_above", "threshold", k.Threshold.text(), "target", k.Target.text(), "id", k.id())
	}
	if better == Lower && th < t {
		return errAt("threshold", "threshold_below", "threshold", k.Threshold.text(), "target", k.Target.text(), "id", k.id())
	}
	for j, a := range k.Actions {
		if strings.TrimSpace(a) == "" {
			return cerr(cfg.File, cfg.line("kpis", i, "actions", j), "empty_action")
		}
	}
	return nil
}

// Nearest returns the candidate closest to s in edit distance, when it is
// close enough to be a typo, else "".
func Nearest(s string, candidates []string) string {
	best, dist := "", 1<<30
	for _, c := range candidates {
		if d := levenshtein(strings.ToLower(s), c); d < dist {
			best, dist = c, d
		}
	}
	if dist <= 2 || dist <= len(s)/3 {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
