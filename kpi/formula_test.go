package kpi

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestFormula(t *testing.T) {
	env := map[string]float64{"revenue": 45000, "cogs": 27000, "orders": 2500, "zero": 0}
	lookup := func(n string) (float64, error) { return env[n], nil }
	tests := []struct {
		src   string
		want  float64
		canon string
	}{
		{"revenue / orders", 18, "revenue / orders"},
		{"(revenue - cogs) / revenue * 100", 40, "(revenue - cogs) / revenue * 100"},
		{"(revenue − cogs) ÷ revenue × 100", 40, "(revenue - cogs) / revenue * 100"},
		{"revenue - cogs - orders", 15500, "revenue - cogs - orders"},
		{"revenue - (cogs - orders)", 20500, "revenue - (cogs - orders)"},
		{"-orders + 2.5 * 2", -2495, "-orders + 2.5 * 2"},
		{"100 / 8 / 5", 2.5, "100 / 8 / 5"},
	}
	for _, tc := range tests {
		e, err := ParseFormula(tc.src)
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		got, err := e.Eval(lookup)
		if err != nil || !near(got, tc.want) {
			t.Errorf("%q = %v, %v; want %v", tc.src, got, err, tc.want)
		}
		if e.String() != tc.canon {
			t.Errorf("%q prints as %q, want %q", tc.src, e.String(), tc.canon)
		}
	}
	e, _ := ParseFormula("revenue / (zero * 2)")
	_, err := e.Eval(lookup)
	var dz *DivByZeroError
	if !errors.As(err, &dz) || dz.Denominator != "zero * 2" {
		t.Errorf("division by zero: %v", err)
	}
	for _, bad := range []string{"", "revenue +", "(revenue", "revenue)", "revenue $ 2", "* 2", "1..2", "revenue orders"} {
		if _, err := ParseFormula(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{"revenue / orders", "(a - b) * 100", "-(-x)", "1/0", "((((a))))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseFormula(s)
		if err != nil {
			return
		}
		// The canonical form parses to itself: printing loses nothing.
		e2, err := ParseFormula(e.String())
		if err != nil || e2.String() != e.String() {
			t.Fatalf("%q -> %q -> %v %v", s, e.String(), e2, err)
		}
		_, _ = e.Eval(func(string) (float64, error) { return 1, nil })
		if strings.Contains(e.String(), "  ") {
			t.Fatalf("double space in %q", e.String())
		}
	})
}

func TestFormulaFormat(t *testing.T) {
	e, _ := ParseFormula("(revenue - cogs) / revenue * 100")
	got := e.Format(func(n string) string { return map[string]string{"revenue": "45 000", "cogs": "27 000"}[n] },
		func(op byte) string { return map[byte]string{'-': "−", '/': "÷", '*': "×", '+': "+"}[op] })
	if got != "(45 000 − 27 000) ÷ 45 000 × 100" {
		t.Errorf("Format = %q", got)
	}
}

// FuzzFormulaEval builds a random formula from the fuzzer's bytes, working
// its value out in Go as it writes it (the second way), then parses and
// evaluates the text: the two must agree exactly, and a division by zero
// anywhere must be an error, never a number.
func FuzzFormulaEval(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{4, 9, 200, 17, 33, 5, 6, 250, 1, 0, 0})
	f.Add([]byte("revenue / orders * 100"))
	values := map[string]float64{"revenue": 45000.5, "orders": 2500, "cogs": 27000.25, "zero": 0}
	names := []string{"revenue", "orders", "cogs", "zero"}
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() byte {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return b
		}
		divZero := false
		var build func(depth int) (string, float64)
		build = func(depth int) (string, float64) {
			b := next()
			switch {
			case depth > 6 || b%4 == 0:
				n := names[int(b/4)%len(names)]
				return n, values[n]
			case b%4 == 1:
				k := float64(b / 4 % 10)
				return strconv.Itoa(int(k)), k
			case b%4 == 2:
				s, v := build(depth + 1)
				return "-(" + s + ")", -v
			}
			ls, lv := build(depth + 1)
			rs, rv := build(depth + 1)
			switch next() % 4 {
			case 0:
				return "(" + ls + " + " + rs + ")", lv + rv
			case 1:
				return "(" + ls + " - " + rs + ")", lv - rv
			case 2:
				return "(" + ls + " * " + rs + ")", lv * rv
			}
			if rv == 0 {
				divZero = true
			}
			return "(" + ls + " / " + rs + ")", lv / rv
		}
		s, want := build(0)
		if len(s) > 1000 { // the longest formula a config may hold
			return
		}
		e, err := ParseFormula(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got, err := e.Eval(func(n string) (float64, error) { return values[n], nil })
		switch {
		case divZero && err == nil:
			t.Fatalf("%q = %v: a division by zero gave a number", s, got)
		case !divZero && err != nil:
			t.Fatalf("%q: %v, want %v", s, err, want)
		case !divZero && got != want && !(math.IsNaN(got) && math.IsNaN(want)):
			t.Fatalf("%q = %v, want %v", s, got, want)
		}
	})
}
