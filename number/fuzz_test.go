package number

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// writeNumber writes v with two decimals the way style says a person or an
// export would: the thousands and decimal separators, the sign, a unit.
func writeNumber(v float64, style uint8) string {
	digits := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	intPart, frac, _ := strings.Cut(digits, ".")
	type sep struct{ group, decimal string }
	seps := []sep{{" ", ","}, {"\u00a0", ","}, {"\u202f", ","}, {".", ","}, {",", "."}, {"", "."}, {"", ","}, {"'", "."}}
	s := seps[int(style)%len(seps)]
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(s.group)
		}
		b.WriteRune(c)
	}
	n := b.String() + s.decimal + frac
	unit := []string{"", " €", "\u00a0€", "€", " EUR"}[int(style/8)%5]
	if v >= 0 || strings.Trim(digits, "0.") == "" {
		return n + unit
	}
	switch (style / 40) % 4 {
	case 0:
		return "-" + n + unit
	case 1:
		return "(" + n + unit + ")"
	case 2:
		return n + "-" // SAP
	}
	return "\u2212" + n + unit
}

// FuzzNumberRoundTrip writes amounts in every style the reader accepts and
// reads them back: the value must come back to the cent, whatever the
// separators, sign or unit (the value a second way: strconv on the digits).
func FuzzNumberRoundTrip(f *testing.F) {
	for _, v := range []float64{0, 1234.56, -1234.56, 0.01, -0.5, 1e9 + 0.07, 999.99, 100000} {
		for _, style := range []uint8{0, 4, 9, 47, 83, 160} {
			f.Add(v, style)
		}
	}
	f.Fuzz(func(t *testing.T, v float64, style uint8) {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= 1e12 {
			return
		}
		s := writeNumber(v, style)
		if s == "'" || strings.HasPrefix(s, "'") {
			return
		}
		want, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 2, 64), 64)
		got, ok := Parse(s)
		if !ok || math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("%q (from %v) read as %v, %v; want %v", s, v, got, ok, want)
		}
	})
}
