package vocab_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/kpireport/kpireport/reader/internal/vocab"
	"github.com/kpireport/kpireport/templates"
)

// canonical are the headers each metric must always match: the starter
// template's, in both languages, and the metric's own name.
func canonical(t testing.TB) (headers, metrics []string) {
	for _, lang := range templates.Languages {
		for m, h := range templates.Must(lang).Headers {
			if m != "sheet" && m != "month" {
				headers, metrics = append(headers, h), append(metrics, m)
			}
		}
	}
	for _, m := range vocab.Metrics() {
		headers, metrics = append(headers, m), append(metrics, m)
	}
	return headers, metrics
}

// FuzzMatch: no header makes Match panic or name an unknown metric, and a
// metric's canonical header, written in any case, with any spaces around
// it and a unit in brackets, always matches that metric.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"CA HT", "Nb. clients début mois", "(((", "É", "C.A.H.T.", "n°", "% ", "per", "..."} {
		f.Add(s, uint8(0), uint8(0))
	}
	headers, metrics := canonical(f)
	known := map[string]bool{}
	for _, m := range vocab.Metrics() {
		known[m] = true
	}
	f.Fuzz(func(t *testing.T, s string, pick, style uint8) {
		r := vocab.Match(s)
		if r.Metric != "" && !known[r.Metric] {
			t.Fatalf("%q matched unknown metric %q", s, r.Metric)
		}
		if r.Metric != "" && (r.Score < vocab.Accept || r.Score-r.RunnerUpScore < vocab.Margin) {
			t.Fatalf("%q matched %s without a clear lead: %+v", s, r.Metric, r)
		}
		vocab.Closest([]string{s, "Ventes"}, "revenue")

		i := int(pick) % len(headers)
		h := headers[i]
		if style&1 != 0 {
			h = strings.ToUpper(h)
		}
		if style&2 != 0 {
			h = strings.ToLower(h)
		}
		// Whitespace from the fuzzed string, around the header.
		pad := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return r
			}
			return -1
		}, s)
		h = pad + h + pad
		if style&4 != 0 {
			h += " (k€)"
		}
		if style&8 != 0 {
			h += " ($000)"
		}
		if got := vocab.Match(h).Metric; got != metrics[i] {
			t.Fatalf("Match(%q) = %q, want %q", h, got, metrics[i])
		}
	})
}
