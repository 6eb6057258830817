package number

import (
	"strings"
	"testing"
)

func TestConventionOf(t *testing.T) {
	tests := []struct {
		cells []string
		want  Convention
	}{
		{[]string{"1 234,56", "46.920"}, Comma},
		{[]string{"12,5", ""}, Comma},
		{[]string{"1,234.56", "46.920"}, Point},
		{[]string{"12.5 €"}, Point},
		{[]string{"46.920", "1234", "2.125"}, Unknown}, // numbers stored as numbers say nothing
		{[]string{"1 234,56", "1,234.56"}, Unknown},    // both: no convention
		{nil, Unknown},
	}
	for _, tt := range tests {
		if got := ConventionOf(tt.cells); got != tt.want {
			t.Errorf("ConventionOf(%q) = %v, want %v", tt.cells, got, tt.want)
		}
	}
}

func TestParseBy(t *testing.T) {
	tests := []struct {
		s    string
		c    Convention
		want float64
	}{
		{"46.920", Comma, 46920},
		{"46.920 €", Comma, 46920},
		{"-46.920", Comma, -46920},
		{"(46.920)", Comma, -46920},
		{"46,920", Comma, 46.92},
		{"1 234,56", Comma, 1234.56},
		{"46.920", Point, 46.92},
		{"46,920", Point, 46920},
		{"1,234.56", Point, 1234.56},
		{"46.920", Unknown, 46920}, // amounts group thousands: callers warn
		{"46,920", Unknown, 46920},
		{"0.920", Comma, 0.92}, // a leading 0 is never a group
		{"1.234.567", Point, 1234567},
		{"12,5 %", Comma, 0.125},
	}
	for _, tt := range tests {
		got, ok := ParseBy(tt.s, tt.c)
		if !ok || got != tt.want {
			t.Errorf("ParseBy(%q, %v) = %v, %v; want %v", tt.s, tt.c, got, ok, tt.want)
		}
	}
	for _, s := range []string{"46.920", "1,234", "-46.920 €"} {
		if !Ambiguous(s) {
			t.Errorf("Ambiguous(%q) = false", s)
		}
	}
	for _, s := range []string{"46.92", "0.920", "1 234,56", "1.234.567", "12,500 %", "abc.def"} {
		if Ambiguous(s) {
			t.Errorf("Ambiguous(%q) = true", s)
		}
	}
}

// FuzzParseBy: no text makes it panic; a text that is not ambiguous reads
// the same by every convention but the lone comma's; an ambiguous one by
// the comma convention reads as grouping points.
func FuzzParseBy(f *testing.F) {
	for _, s := range []string{"46.920", "1,234", "1 234,56", "(46.920 €)", "12,5 %", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vc, okc := ParseBy(s, Comma)
		vp, okp := ParseBy(s, Point)
		vu, oku := ParseBy(s, Unknown)
		if !Ambiguous(s) && !strings.Contains(s, ",") && (okc != okp || okp != oku || okc && (vc != vp || vp != vu)) {
			t.Errorf("%q: comma %v %v, point %v %v, unknown %v %v", s, vc, okc, vp, okp, vu, oku)
		}
		if Ambiguous(s) && strings.Contains(s, ".") && (!okc || !oku || vc != vu) {
			t.Errorf("%q: comma %v %v, unknown %v %v: a point before three digits groups thousands in both", s, vc, okc, vu, oku)
		}
	})
}
