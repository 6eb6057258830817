package kpi

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

const validConfig = `company: Boulangerie Martin SARL
language: fr
kpis:
  - kpi: net_margin
    target: 12%
    threshold: 8
  - kpi: revenue_growth
    compare: yoy
    target: 5%
    threshold: 0%
  - kpi: cac
    target: 30
    threshold: 45
`

func TestParseValid(t *testing.T) {
	cfg, err := Parse("kpis.yaml", strings.NewReader(validConfig))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Currency != "EUR" || cfg.Period != "latest" {
		t.Errorf("defaults: currency %q period %q", cfg.Currency, cfg.Period)
	}
	k := cfg.KPIs[0]
	if k.Target.Value != 12 || k.Threshold.Value != 8 {
		t.Errorf("12%% and 8 should both be percent values: %v %v", *k.Target, *k.Threshold)
	}
	if cfg.KPIs[1].compare() != "yoy" || cfg.KPIs[2].compare() != "mom" {
		t.Errorf("compare")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int
		msg, hint  string
	}{
		{"unknown key with typo", strings.Replace(validConfig, "    target: 12%", "    targte: 12%", 1), 5, `unknown key "targte"`, `did you mean "target"?`},
		{"unknown top key", "compagny: X\n" + validConfig[strings.Index(validConfig, "\n")+1:], 1, `unknown key "compagny"`, `did you mean "company"?`},
		{"unknown kpi", strings.Replace(validConfig, "kpi: net_margin", "kpi: net_margn", 1), 4, `unknown KPI "net_margn"`, `did you mean "net_margin"?`},
		{"too few", validConfig[:strings.Index(validConfig, "  - kpi: cac")], 3, "2 KPIs chosen: choose 3 to 5", ""},
		{"threshold wrong side", strings.Replace(validConfig, "    threshold: 45", "    threshold: 20", 1), 13, "threshold 20 is below the target 30", ""},
		{"higher threshold above target", strings.Replace(validConfig, "    threshold: 8", "    threshold: 15", 1), 6, "threshold 15 is above the target 12", ""},
		{"bad number", strings.Replace(validConfig, "target: 12%", "target: douze", 1), 5, `"douze" is not a number`, ""},
		{"percent on currency", strings.Replace(validConfig, "    target: 30\n", "    target: 30%\n", 1), 12, "target of cac has a % sign", "write a plain number"},
		{"metric typo", strings.Replace(validConfig, "language: fr\n", "language: fr\nworkbook:\n  metrics:\n    revenu: CA\n", 1), 5, `unknown metric "revenu"`, `did you mean "revenue"?`},
		{"custom clash", validConfig + "  - kpi: custom\n    id: cac\n    name: X\n    formula: revenue\n    unit: number\n    target: 1\n    threshold: 0\n", 15, `id "cac" is a catalogue KPI`, ""},
		{"custom no name", validConfig + "  - kpi: custom\n    id: x\n    formula: revenue\n    unit: number\n    target: 1\n    threshold: 0\n", 14, `custom KPI "x" needs a name`, ""},
		{"custom no formula", validConfig + "  - kpi: custom\n    id: x\n    name: X\n    unit: number\n    target: 1\n    threshold: 0\n", 14, `needs a formula`, ""},
		{"custom no unit", validConfig + "  - kpi: custom\n    id: x\n    name: X\n    formula: revenue\n    target: 1\n    threshold: 0\n", 14, `needs a unit`, ""},
		{"custom bad unit", validConfig + "  - kpi: custom\n    id: x\n    name: X\n    formula: revenue\n    unit: precent\n    target: 1\n    threshold: 0\n", 18, `unknown unit "precent"`, `did you mean "percent"?`},
		{"id on catalogue KPI", strings.Replace(validConfig, "  - kpi: cac\n", "  - kpi: cac\n    id: mycac\n", 1), 12, "id is only for custom KPIs", ""},
		{"compare on cac", strings.Replace(validConfig, "  - kpi: cac\n", "  - kpi: cac\n    compare: yoy\n", 1), 12, "compare is only for revenue_growth", ""},
		{"clv on net_margin", strings.Replace(validConfig, "    threshold: 8\n", "    threshold: 8\n    clv: 100\n", 1), 7, "clv is only for cac", ""},
		{"no target", strings.Replace(validConfig, "    target: 12%\n", "", 1), 4, `KPI "net_margin" needs a target`, ""},
		{"no threshold", strings.Replace(validConfig, "    threshold: 45\n", "", 1), 11, `KPI "cac" needs a threshold`, ""},
		{"bad better", strings.Replace(validConfig, "    threshold: 8\n", "    threshold: 8\n    better: up\n", 1), 7, `better: "up" must be higher or lower`, ""},
		{"empty action", strings.Replace(validConfig, "    threshold: 8\n", "    threshold: 8\n    actions:\n      - \"\"\n", 1), 8, "empty action", ""},
		{"bad language", strings.Replace(validConfig, "language: fr", "language: de", 1), 2, `unknown language "de"`, ""},
		{"bad currency", strings.Replace(validConfig, "language: fr", "language: fr\ncurrency: euro", 1), 3, `currency "euro" is not an ISO 4217 code`, ""},
		{"bad period", strings.Replace(validConfig, "language: fr", "language: fr\nperiod: juin", 1), 3, `"juin" is not a month`, ""},
		{"bad compare", strings.Replace(validConfig, "compare: yoy", "compare: year", 1), 8, `compare: "year" must be mom or yoy`, ""},
		{"yaml syntax", "company: X\nkpis:\n\t- kpi: cac\n", 3, "YAML syntax", ""},
		{"missing company", strings.Replace(validConfig, "company: Boulangerie Martin SARL", "language: fr", 1), 0, "", ""},
		{"empty", "", 0, "config file is empty", ""},
		{"custom unknown metric", validConfig + "  - kpi: custom\n    id: basket\n    name: Panier\n    formula: revenu / orders\n    unit: currency\n    target: 45\n    threshold: 38\n", 17, `unknown metric "revenu"`, `did you mean "revenue"?`},
		{"custom bad formula", validConfig + "  - kpi: custom\n    id: basket\n    name: Panier\n    formula: revenue / (orders\n    unit: currency\n    target: 45\n    threshold: 38\n", 17, "missing ')'", ""},
		{"duplicate", validConfig + "  - kpi: cac\n    target: 30\n    threshold: 45\n", 14, `KPI "cac" is chosen twice`, ""},
		{"two documents", validConfig + "---\ncompany: Y\n", 0, "several YAML documents", ""},
		{"alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n", 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("kpis.yaml", strings.NewReader(tc.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v is not a ConfigError", err, err)
			}
			if tc.line != 0 && ce.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, tc.line, err)
			}
			msg, hint := ce.Message("en")
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q, want %q", msg, tc.msg)
			}
			if !strings.HasPrefix(hint, tc.hint) {
				t.Errorf("hint %q, want %q", hint, tc.hint)
			}
			if fr, _ := ce.Message("fr"); strings.Contains(fr, "[") || fr == msg && tc.msg != "" {
				t.Errorf("French message %q", fr)
			}
			if !strings.HasPrefix(err.Error(), "kpis.yaml") {
				t.Errorf("error %q should start with the file name", err)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add(validConfig)
	f.Add("company: X\nkpis: []\n")
	f.Add("a: &a [x]\nb: [*a, *a]\n")
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := Parse("f.yaml", strings.NewReader(s))
		if err == nil && (len(cfg.KPIs) < 3 || len(cfg.KPIs) > 5 || cfg.Company == "") {
			t.Fatalf("accepted an invalid config: %+v", cfg)
		}
	})
}

// TestConfigEncodings: a config saved by a Windows editor reads the same as
// one in UTF-8: with a byte order mark, with CRLF line ends, as "ANSI"
// (Windows-1252: é, € and ’ are one byte each) and as UTF-16.
func TestConfigEncodings(t *testing.T) {
	text := "company: Société Générale d’Épicerie — 1 €\nlanguage: fr\n" + validConfig[strings.Index(validConfig, "kpis:"):]
	want, err := Parse("kpis.yaml", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	ansi, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		utf16 = append(utf16, byte(r), byte(r>>8)) // every rune here is in the BMP
	}
	for name, data := range map[string][]byte{
		"bom":    append([]byte("\xef\xbb\xbf"), text...),
		"crlf":   []byte(strings.ReplaceAll(text, "\n", "\r\n")),
		"ansi":   ansi,
		"utf-16": utf16,
	} {
		got, err := Parse("kpis.yaml", bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got.Company != want.Company || len(got.KPIs) != len(want.KPIs) {
			t.Errorf("%s: company %q, %d KPIs; want %q, %d", name, got.Company, len(got.KPIs), want.Company, len(want.KPIs))
		}
	}
}

// TestConfigErrorFrench checks the message a French accountant reads when
// he mistypes a KPI (issue 11's example, with French typography: a
// no-break space before the colon and inside the quotes).
func TestConfigErrorFrench(t *testing.T) {
	_, err := Parse("kpis.yaml", strings.NewReader("company: X\nlanguage: fr\ncurrency: EUR\nkpis:\n  - kpi: net_margn\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v", err)
	}
	msg, hint := ce.Message("fr")
	if want := "kpis.yaml:5\u00a0: indicateur inconnu «\u00a0net_margn\u00a0»"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
	if want := "vouliez-vous dire «\u00a0net_margin\u00a0»\u00a0?"; hint != want {
		t.Errorf("hint %q, want %q", hint, want)
	}
}

// TestFractionBesideAPercent checks the accountant's usual slip: only the
// target typed as a fraction (0,07) beside a threshold in percent (6%).
// The two then sit on the wrong sides; the error names the target's line
// and the value meant, not the threshold.
func TestFractionBesideAPercent(t *testing.T) {
	yaml := "company: X\nlanguage: fr\nkpis:\n  - kpi: net_margin\n    target: 0,07\n    threshold: 6%\n" +
		"  - kpi: cac\n    target: 30\n    threshold: 45\n  - kpi: conversion_rate\n    target: 3%\n    threshold: 2%\n"
	_, err := Parse("kpis.yaml", strings.NewReader(yaml))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Kind != "fraction_order" || ce.Line != 5 {
		t.Fatalf("error %v, want fraction_order at line 5", err)
	}
	msg, hint := ce.Message("fr")
	for _, want := range []string{"kpis.yaml:5", "target\u00a0: 0,07 pour net_margin", "threshold (6%)", "écrivez 7%, ou 0,07%"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if hint == "" {
		t.Error("no hint")
	}
	// Both on the right sides, a fraction passes here (the gate, which sees
	// the KPI's values, decides), and so does 0,07% written with its sign.
	for _, ok := range []string{"target: 0,07\n    threshold: 0,05", "target: 0,07%\n    threshold: 0,05%"} {
		y := strings.Replace(yaml, "target: 0,07\n    threshold: 6%", ok, 1)
		if _, err := Parse("kpis.yaml", strings.NewReader(y)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

// TestErrorKeepsTheConfigsLanguage checks that a config which says its
// language before failing has its error in that language (the command
// uses Lang), and that one which does not say it leaves the choice to the
// environment.
func TestErrorKeepsTheConfigsLanguage(t *testing.T) {
	for yaml, want := range map[string]string{
		"company: X\nlanguage: fr\nkpis:\n  - kpi: net_margn\n": "fr",
		"company: X\nlanguage: en\nkpis:\n  - kpi: net_margn\n": "en",
		"company: X\nkpis:\n  - kpi: net_margn\n":               "",
	} {
		_, err := Parse("kpis.yaml", strings.NewReader(yaml))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Lang != want {
			t.Errorf("%q: error %v, language %q, want %q", yaml, err, ce.Lang, want)
		}
	}
}
