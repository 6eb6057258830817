package kpi

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/plausibility"
	"github.com/kpireport/kpireport/templates"
)

// gateTable is six months of a shop whose June revenue was typed 46.92 for
// 46 920: net margins 2 560 / 40 000 = 6,4 %, 2 700 / 42 000 = 6,43 %,
// 2 800 / 44 000 = 6,36 %, 2 900 / 46 000 = 6,3 %, 3 000 / 48 000 = 6,25 %,
// and June 3 011 / 46,92 = 6 417,3 %.
func gateTable(t *testing.T) *figures.Table {
	return tableOf(t, map[string]map[string]float64{
		"revenue":    {"2025-01": 40000, "2025-02": 42000, "2025-03": 44000, "2025-04": 46000, "2025-05": 48000, "2025-06": 46.92},
		"net_income": {"2025-01": 2560, "2025-02": 2700, "2025-03": 2800, "2025-04": 2900, "2025-05": 3000, "2025-06": 3011},
	})
}

const gateConfig = `company: T
language: en
kpis:
  - kpi: net_margin
    target: TARGET
    threshold: THRESHOLD
  - kpi: revenue_growth
    target: 5%
    threshold: 0
  - kpi: custom
    id: ca
    name: CA
    formula: revenue
    unit: currency
    target: 45000
    threshold: 40000
`

func parseGate(t *testing.T, target, threshold, lang string) *Config {
	t.Helper()
	s := strings.NewReplacer("TARGET", target, "THRESHOLD", threshold, "language: en", "language: "+lang).Replace(gateConfig)
	cfg, err := Parse("kpis.yaml", strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestFractionRefused: net margin is 6,25 % to 6 417 % over the six months,
// beyond ±1 % in all: a target of 0,07 is 7 % typed as a fraction. The
// error names line 5, where the target is, and the value meant.
func TestFractionRefused(t *testing.T) {
	for _, tt := range []struct{ target, threshold, lang, want string }{
		{"0,07", "0,05", "en", "kpis.yaml:5: target: 0,07 for net_margin reads as 0,07 %, while net_margin is beyond ±1 % in most months: write 7%, or 0,07% if you mean it"},
		{"8", "0.05", "en", "kpis.yaml:6: threshold: 0.05 for net_margin reads as 0.05 %, while net_margin is beyond ±1 % in most months: write 5%, or 0.05% if you mean it"},
		{"0,07", "0,05", "fr", "kpis.yaml:5\u00a0: target\u00a0: 0,07 pour net_margin se lit 0,07\u00a0%, alors que net_margin dépasse ±1\u00a0% la plupart des mois\u00a0: écrivez 7%, ou 0,07% si c'est bien ce que vous voulez dire"},
	} {
		_, err := Compute(parseGate(t, tt.target, tt.threshold, tt.lang), gateTable(t))
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Fatalf("target %s threshold %s: %v", tt.target, tt.threshold, err)
		}
		if msg, hint := ce.Message(tt.lang); msg != tt.want || hint == "" {
			t.Errorf("target %s threshold %s: %s (hint %q)\nwant %s", tt.target, tt.threshold, msg, hint, tt.want)
		}
	}
	// Written with a % sign, a fraction of a percent is meant: no error.
	for _, b := range [][2]string{{"7%", "5%"}, {"0,07%", "0,05%"}, {"8", "5"}} {
		if _, err := Compute(parseGate(t, b[0], b[1], "en"), gateTable(t)); err != nil {
			t.Errorf("target %s threshold %s: %v", b[0], b[1], err)
		}
	}
}

// TestGateWarnings: June's revenue is 937,8 times below the median of the
// other months (44 000 ÷ 46,92) and June's net margin is 6 417,3 %: both
// touch the KPIs of June, the period, and reach page 1. Reported on May,
// the same revenue figure is in the warnings only: no KPI of May reads it.
func TestGateWarnings(t *testing.T) {
	rep, err := Compute(parseGate(t, "8", "5", "en"), gateTable(t))
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(ws []figures.Warning) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.Kind+" "+w.Args["month"])
		}
		return out
	}
	want := []string{plausibility.Below + " 2025-06", plausibility.PercentBeyond + " 2025-06"}
	if got := kinds(rep.Warnings); !slices.Equal(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
	if got := kinds(rep.Headline); !slices.Equal(got, want) {
		t.Errorf("headline %q, want %q", got, want)
	}
	if got := rep.Warnings[1].Args["cells"]; got != "Données!X2025-06, Données!X2025-06" {
		t.Errorf("cells %q: net income's and revenue's of June", got)
	}
	// June's revenue is read by all three KPIs of June.
	for _, k := range rep.KPIs {
		if !k.Doubtful {
			t.Errorf("%s: not marked doubtful", k.ID)
		}
	}
	cfg := parseGate(t, "8", "5", "en")
	cfg.Period = "2025-05"
	rep, err = Compute(cfg, gateTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(rep.Warnings); !slices.Equal(got, want[:1]) || len(rep.Headline) != 0 {
		t.Errorf("May: warnings %q, headline %q", got, kinds(rep.Headline))
	}
	for _, k := range rep.KPIs {
		if k.Doubtful {
			t.Errorf("May: %s marked doubtful", k.ID)
		}
	}
}

// TestGateKindsWorded: each kind of warning the gate and the latest month
// make has its sentence in each language, every argument used.
func TestGateKindsWorded(t *testing.T) {
	kinds := map[string][]string{
		plausibility.Above:         {"month", "cell", "header", "value", "median", "factor"},
		plausibility.Below:         {"month", "cell", "header", "value", "median", "factor"},
		plausibility.NegativeCount: {"month", "cell", "header", "value"},
		plausibility.PercentBeyond: {"month", "kpi", "value", "cells"},
		WarnPartialMonth:           {"month", "headers", "previous"},
	}
	for _, lang := range templates.Languages {
		for kind, args := range kinds {
			s := templates.Must(lang).Warnings[kind]
			for _, a := range args {
				if !strings.Contains(s, "{"+a+"}") {
					t.Errorf("%s: warnings.%s lacks {%s}: %q", lang, kind, a, s)
				}
			}
		}
	}
}
