package number

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1234.56", 1234.56, true},
		{"1 234,56", 1234.56, true},
		{"1\u00a0234,56", 1234.56, true},
		{"1\u202f234,56", 1234.56, true},
		{"1,234.56", 1234.56, true},
		{"1.234,56", 1234.56, true},
		{"1.234.567", 1234567, true},
		{"12,5 %", 0.125, true},
		{"12.5%", 0.125, true},
		{"-1 234 €", -1234, true},
		{"(1 234)", -1234, true},
		{"−5", -5, true},
		{"€1,234.50", 1234.5, true},
		{"1 234,56 EUR", 1234.56, true},
		{"EUR 1 234,56", 1234.56, true},
		{"1 234,56 € HT", 1234.56, true},
		{"1 234,56 EUR HT", 1234.56, true},
		{"1 234 € TTC", 1234, true},
		{"CHF 1'234.50", 1234.5, true},
		{"(1 234 EUR)", -1234, true},
		{"EURO", 0, false},
		{"HT", 0, false},
		{"12,5", 12.5, true},
		{"0,125", 0.125, true},
		{"1,234", 1234, true}, // English grouping wins for a lone comma before 3 digits
		{"1e3", 1000, true},
		{"12,5x", 0, false},
		{"abc", 0, false},
		{"1 23", 0, false},
		{"1,2,3", 0, false},
		{"--5", 0, false},
		{"5-", 0, false}, // too short to be sure
		{"15-", -15, true},
		{"1.234,56-", -1234.56, true},
		{"5--", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e400", 0, false},
		{"", 0, false},
		{"%", 0, false},
	}
	for _, tc := range tests {
		got, ok := Parse(tc.in)
		if ok != tc.ok || (ok && math.Abs(got-tc.want) > 1e-12) {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1 234,56", "(1 234)", "12,5 %", "1,234.56", "-1 234 €", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := Parse(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("%q gave %v", s, v)
		}
	})
}

func TestDecimalComma(t *testing.T) {
	if !DecimalComma([]string{"1 234,56", "12", "3,5 %"}) || DecimalComma([]string{"1 234,56", "1,234.56"}) || DecimalComma([]string{"1234.5", "12"}) {
		t.Error("DecimalComma")
	}
}
