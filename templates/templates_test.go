package templates

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestComplete checks that every language has every text the others have,
// so that a report never shows a [key] placeholder.
func TestComplete(t *testing.T) {
	ref := Must("fr")
	sections := func(tx *Texts) map[string]map[string]string {
		return map[string]map[string]string{
			"units": tx.Units, "headers": tx.Headers, "labels": tx.Labels, "status": tx.Status,
			"status_short": tx.StatusShort, "sentences": tx.Sentences, "reasons": tx.Reasons, "warnings": tx.Warnings,
		}
	}
	for _, lang := range Languages {
		tx := Must(lang)
		for name, sec := range sections(ref) {
			other := sections(tx)[name]
			for _, k := range slices.Sorted(maps.Keys(sec)) {
				if other[k] == "" {
					t.Errorf("%s.yaml: %s.%s is missing", lang, name, k)
				}
			}
			for _, k := range slices.Sorted(maps.Keys(other)) {
				if sec[k] == "" {
					t.Errorf("fr.yaml: %s.%s is missing (%s has it)", name, k, lang)
				}
			}
		}
		for id, k := range ref.KPIs {
			o := tx.KPIs[id]
			if o.Name == "" || o.Formula == "" || len(o.Actions) == 0 {
				t.Errorf("%s.yaml: kpis.%s is incomplete", lang, id)
			}
			_ = k
		}
		if len(tx.KPIs) != len(ref.KPIs) {
			t.Errorf("%s.yaml has %d KPIs, fr.yaml %d", lang, len(tx.KPIs), len(ref.KPIs))
		}
		for i, m := range tx.Locale.Months {
			if m == "" || tx.Locale.MonthsShort[i] == "" {
				t.Errorf("%s.yaml: month %d has no name", lang, i+1)
			}
		}
		if _, err := Starter(lang); err != nil {
			t.Errorf("starter.%s.yaml: %v", lang, err)
		}
	}
}

func TestFill(t *testing.T) {
	got := Fill("{name} s'établit à {value} en {month}", map[string]string{"name": "Marge nette", "value": "9,8 %", "month": "juin 2025"})
	if got != "Marge nette s'établit à 9,8 % en juin 2025" {
		t.Errorf("Fill = %q", got)
	}
}

// TestMessagesComplete checks that every message key exists in every
// language with the same {names}.
func TestMessagesComplete(t *testing.T) {
	en := MessageKeys("en")
	for _, lang := range Languages {
		keys := MessageKeys(lang)
		if len(keys) != len(en) {
			t.Errorf("%s has %d message keys, en has %d", lang, len(keys), len(en))
		}
		for _, k := range en {
			if !slices.Contains(keys, k) {
				t.Errorf("messages: %q is missing in %s", k, lang)
				continue
			}
			if a, b := placeholders(Message("en", k, nil)), placeholders(Message(lang, k, nil)); !slices.Equal(a, b) {
				t.Errorf("messages: %q has {%v} in en, {%v} in %s", k, a, b, lang)
			}
		}
	}
}

func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestEnvLanguage(t *testing.T) {
	for _, tc := range []struct{ all, msgs, lang, want string }{
		{"", "", "fr_FR.UTF-8", "fr"},
		{"", "", "en_US.UTF-8", "en"},
		{"C", "", "fr_FR.UTF-8", "en"},
		{"", "fr_CA", "en_US", "fr"},
		{"", "", "", "en"},
	} {
		t.Setenv("LC_ALL", tc.all)
		t.Setenv("LC_MESSAGES", tc.msgs)
		t.Setenv("LANG", tc.lang)
		if got := EnvLanguage(); got != tc.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %s, want %s", tc.all, tc.msgs, tc.lang, got, tc.want)
		}
	}
}
