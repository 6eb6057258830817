package render

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/kpi"
)

func TestFormat(t *testing.T) {
	fr, _ := NewFormatter("fr", "EUR")
	en, _ := NewFormatter("en", "EUR")
	tests := []struct {
		name string
		got  string
		want string
	}{
		// Rounding half away from zero on the decimal value, worked by hand.
		{"cents up", fr.Decimal(2.675, 2), "2,68"},
		{"half cent", fr.Decimal(0.005, 2), "0,01"},
		{"just below half", fr.Decimal(0.00499, 2), "0,00"},
		{"negative zero", fr.Decimal(-0.004, 2), "0,00"},
		{"carry", fr.Decimal(999.995, 2), "1 000,00"},
		{"groups", fr.Decimal(1234567.891, 2), "1 234 567,89"},
		{"negative", fr.Decimal(-1234.5, 2), "−1 234,50"},
		{"no decimals", fr.Decimal(1234.5, 0), "1 235"},
		{"en groups", en.Decimal(1234567.891, 2), "1,234,567.89"},
		{"fr money", fr.Money(1234.56, 2), "1 234,56 €"},
		{"en money", en.Money(1234.56, 2), "€1,234.56"},
		{"en negative money", en.Money(-5, 2), "−€5.00"},
		{"fr percent", fr.Value(12.5, kpi.UnitPercent), "12,5 %"},
		{"en percent", en.Value(12.5, kpi.UnitPercent), "12.5%"},
		{"fr months", fr.Value(3.25, kpi.UnitMonths), "3,3 mois"},
		{"fr days", fr.Value(45.5, kpi.UnitDays), "46 jours"},
		{"ratio", fr.Value(1.234, kpi.UnitRatio), "1,23 ×"},
		{"nps", fr.Value(30, kpi.UnitNumber), "30"},
		{"fr delta points", fr.Delta(-0.6, kpi.UnitPercent), "−0,6 point"},
		{"fr delta plural", fr.Delta(2.04, kpi.UnitPercent), "+2,0 points"},
		{"en delta", en.Delta(0.6, kpi.UnitPercent), "+0.6 points"},
		{"money delta", fr.Delta(11.31, kpi.UnitCurrency), "+11,31 €"},
		{"fr month", fr.Month(mustPeriod(t, "2025-06")), "juin 2025"},
		{"en month", en.Month(mustPeriod(t, "2025-06")), "June 2025"},
		{"fr short month", fr.MonthShort(mustPeriod(t, "2026-02")), "févr. 26"},
		{"n/a", fr.KPIValue(kpi.Value{}, kpi.UnitPercent), "n/d"},
		{"usd", func() string { f, _ := NewFormatter("en", "USD"); return f.Money(3, 0) }(), "$3"},
		{"chf", func() string { f, _ := NewFormatter("fr", "CHF"); return f.Money(3, 0) }(), "3 CHF"},
		// Currencies without cents, and with mils: ISO 4217's minor units.
		{"xof", func() string { f, _ := NewFormatter("fr", "XOF"); return f.Value(38874.5, kpi.UnitCurrency) }(), "38 875 FCFA"},
		{"jpy", func() string { f, _ := NewFormatter("en", "JPY"); return f.Value(1234.4, kpi.UnitCurrency) }(), "¥1,234"},
		{"tnd", func() string { f, _ := NewFormatter("fr", "TND"); return f.Value(12.3456, kpi.UnitCurrency) }(), "12,346 TND"},
		{"xof delta", func() string { f, _ := NewFormatter("fr", "XOF"); return f.Delta(-1500.5, kpi.UnitCurrency) }(), "−1 501 FCFA"},
	}
	for _, tc := range tests {
		if nb(tc.got) != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	// French uses no-break spaces, so that 1 234,56 € never breaks a line.
	if got := fr.Money(1234.56, 2); got != "1\u00a0234,56\u00a0€" {
		t.Errorf("fr money %q should use no-break spaces", got)
	}
}

// TestAxisLabelsExact: every y-axis tick is written exactly, whatever the
// range (a 2,5 step needs one decimal: 17,5 %, never 18 %).
func TestAxisLabelsExact(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   int
	}{
		{10, 20, 1}, {10.5, 18.2, 0}, {0, 100, 0}, {7.1, 7.3, 2}, {-5, 12, 0}, {1000, 60000, 0}, {0.12, 0.19, 2},
	}
	for _, tt := range tests {
		ticks, _, _ := niceTicks(tt.lo, tt.hi, 5)
		dec := tickDecimals(ticks)
		if dec != tt.want {
			t.Errorf("%v..%v: ticks %v, %d decimals, want %d", tt.lo, tt.hi, ticks, dec, tt.want)
		}
	}
	// The second way: over many ranges, each label read back is its tick.
	for lo := -30.0; lo < 30; lo += 1.7 {
		for span := 0.05; span < 500; span *= 1.9 {
			ticks, _, _ := niceTicks(lo, lo+span, 5)
			dec := tickDecimals(ticks)
			for _, tk := range ticks {
				s := strconv.FormatFloat(tk, 'f', dec, 64)
				if back, _ := strconv.ParseFloat(s, 64); math.Abs(back-tk) > 1e-9 {
					t.Fatalf("tick %v written %s with %d decimals (range %v..%v)", tk, s, dec, lo, lo+span)
				}
			}
		}
	}
}

// TestCommentaryDirections: the sentence says which way the month and the
// year went, "et de" only when both went the same way, and a change that
// rounds to zero is flat, with no sign and no colour.
func TestCommentaryDirections(t *testing.T) {
	fr, _ := NewFormatter("fr", "EUR")
	m, _ := figures.ParsePeriod("2026-10")
	d := &doc{f: fr, t: fr.T, rep: &kpi.Report{Period: m}}
	v := func(x float64) kpi.Value { return kpi.Value{V: x, Valid: true} }
	k := kpi.Result{Name: "Marge", Unit: kpi.UnitPercent, Better: kpi.Higher, Target: 8, Threshold: 6, Status: kpi.OK, Value: v(9)}
	tests := []struct {
		prev, year float64
		want       string
	}{
		{8, 7, "en hausse de 1,0 point sur un mois et de 2,0 points sur un an"},
		{10, 7, "en baisse de 1,0 point sur un mois et en hausse de 2,0 points sur un an"},
		{8, 11, "en hausse de 1,0 point sur un mois et en baisse de 2,0 points sur un an"},
		{10, 11, "en baisse de 1,0 point sur un mois et de 2,0 points sur un an"},
		{9.004, 9.03, "stable sur un mois comme sur un an"},
		{9.004, 8, "stable sur un mois et en hausse de 1,0 point sur un an"},
	}
	for _, tt := range tests {
		k.Previous, k.LastYear = v(tt.prev), v(tt.year)
		if got := nb(d.commentary(k)); !strings.Contains(got, tt.want) {
			t.Errorf("prev %v, year %v: %q, want %q", tt.prev, tt.year, got, tt.want)
		}
	}
	k.Previous = v(9.004)
	if got := nb(fr.Change(k.Value, k.Previous, k.Unit)); got != "0,0 point" {
		t.Errorf("a change rounding to zero is written %q, want 0,0 point", got)
	}
	if c := d.changeColour(k, k.Previous); c != cMuted {
		t.Errorf("a change rounding to zero is coloured %v, want muted", c)
	}
}

// nb writes no-break spaces as spaces, for comparing with plain text.
func nb(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// TestValueAgainst: a value just past a rounding boundary is printed with
// the decimals that tell it from the target or threshold it misses, worked
// out by hand (one decimal for percentages, two for euros, none for days).
func TestValueAgainst(t *testing.T) {
	fr, _ := NewFormatter("fr", "EUR")
	en, _ := NewFormatter("en", "EUR")
	const pct, nbsp = kpi.UnitPercent, "\u00a0"
	tests := []struct {
		name string
		f    *Formatter
		v    float64
		unit string
		t    []float64
		want string
	}{
		// 37,98 → 38,0 at one decimal, the target's 38,0: two decimals.
		{"the issue's 37,98 %", fr, 37.98, pct, []float64{38, 35}, "37,98" + nbsp + "%"},
		{"English", en, 37.98, pct, []float64{38, 35}, "37.98%"},
		// 37,94 → 37,9, not 38,0: one decimal is enough.
		{"below the boundary", fr, 37.94, pct, []float64{38, 35}, "37,9" + nbsp + "%"},
		// 37,95 rounds half up to 38,0: two decimals, 37,95.
		{"on the half", fr, 37.95, pct, []float64{38, 35}, "37,95" + nbsp + "%"},
		// 37,9999 is 38,0, 38,00 and 38,000 at one to three decimals.
		{"four decimals", fr, 37.9999, pct, []float64{38, 35}, "37,9999" + nbsp + "%"},
		// Exactly on target, or off by float noise only (StatusOf's 1e-9):
		// the plain decimal.
		{"on target", fr, 38, pct, []float64{38, 35}, "38,0" + nbsp + "%"},
		{"float noise", fr, 12.000000000000002, pct, []float64{12, 8}, "12,0" + nbsp + "%"},
		// Past the target the other way, still shown unequal: 38,04.
		{"just above", fr, 38.04, pct, []float64{38, 35}, "38,04" + nbsp + "%"},
		// 7,996 is 8,0 and 8,00 against the threshold 8: three decimals.
		{"the threshold", fr, 7.996, pct, []float64{12, 8}, "7,996" + nbsp + "%"},
		// Negative values: −0,04 % shows 0,0 at one decimal (the sign
		// dropped), the threshold 0: two decimals.
		{"below a zero threshold", fr, -0.04, pct, []float64{5, 0}, "−0,04" + nbsp + "%"},
		// 29,996 € is 30,00 € at two decimals: three.
		{"euros", fr, 29.996, kpi.UnitCurrency, []float64{30, 36}, "29,996" + nbsp + "€"},
		{"euros apart", fr, 29.99, kpi.UnitCurrency, []float64{30, 36}, "29,99" + nbsp + "€"},
		// 44,6 days is 45 days at no decimal, the threshold 45: 44,6.
		{"days", fr, 44.6, kpi.UnitDays, []float64{30, 45}, "44,6" + nbsp + "jours"},
		// An NPS of 29,96 is 30,0 at its one decimal: 29,96.
		{"nps", fr, 29.96, kpi.UnitNumber, []float64{30, 20}, "29,96"},
		{"no marks", fr, 37.98, pct, nil, "38,0" + nbsp + "%"},
	}
	for _, tt := range tests {
		if got := tt.f.ValueAgainst(tt.v, tt.unit, tt.t...); got != tt.want {
			t.Errorf("%s: ValueAgainst(%v, %v) = %q, want %q", tt.name, tt.v, tt.t, got, tt.want)
		}
	}
	k := kpi.Result{Unit: pct, Value: kpi.Value{V: 37.98, Valid: true}, Target: 38, Threshold: 35}
	if got := fr.Shown(k); got != "37,98"+nbsp+"%" {
		t.Errorf("Shown = %q", got)
	}
	if got := fr.Shown(kpi.Result{Unit: pct}); got != "n/d" {
		t.Errorf("Shown of n/a = %q", got)
	}
}
