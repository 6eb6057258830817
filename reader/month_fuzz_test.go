package reader

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var (
	frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	frShort  = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// writeMonth writes a month the way style says Excel, LibreOffice or a
// person would, with its year.
func writeMonth(year int, month time.Month, style uint8) string {
	en := month.String()
	switch style % 12 {
	case 0:
		return fmt.Sprintf("%04d-%02d", year, month)
	case 1:
		return fmt.Sprintf("%02d/%04d", month, year)
	case 2:
		return fmt.Sprintf("%d/%04d", month, year)
	case 3:
		return fmt.Sprintf("%04d/%02d", year, month)
	case 4:
		return fmt.Sprintf("%02d/%02d/%04d", 28, month, year)
	case 5:
		return fmt.Sprintf("%04d-%02d-%02d", year, month, 1)
	case 6:
		return frMonths[month-1] + " " + fmt.Sprint(year)
	case 7:
		return strings.ToUpper(frMonths[month-1][:1]) + frMonths[month-1][1:] + " " + fmt.Sprint(year)
	case 8:
		return frShort[month-1] + " " + fmt.Sprint(year)
	case 9:
		return en + " " + fmt.Sprint(year)
	case 10:
		return en[:3] + " " + fmt.Sprint(year)
	}
	return fmt.Sprintf("%s-%02d", strings.TrimSuffix(frShort[month-1], "."), year%100) // déc-24
}

// FuzzMonthRoundTrip writes months in every style the reader accepts and
// reads them back: the same month and year must come out.
func FuzzMonthRoundTrip(f *testing.F) {
	for style := uint8(0); style < 12; style++ {
		f.Add(uint16(2025), uint8(1), style)
		f.Add(uint16(2024), uint8(12), style)
		f.Add(uint16(2031), uint8(8), style)
	}
	f.Fuzz(func(t *testing.T, y uint16, m uint8, style uint8) {
		year, month := 1950+int(y)%250, time.Month(1+int(m)%12)
		if style%12 == 11 {
			year = 2000 + year%100 // a two-digit year is read in this century
		}
		s := writeMonth(year, month, style)
		got, ok := parseMonthText(s)
		if !ok || got.year != year || got.month != month {
			t.Fatalf("%q (%d-%02d) read as %+v, %v", s, year, month, got, ok)
		}
	})
}
