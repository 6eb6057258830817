// Package number reads numbers as people type them into a spreadsheet or a
// config, in French or English: grouping with spaces, points or commas,
// a decimal comma or point, percentages, currency signs and codes,
// accounting negatives. It depends on the standard library only.
package number

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Parse reads a number as people type it into a spreadsheet, in
// French or English: "1234.56", "1 234,56" (with a space, a no-break space or
// a narrow no-break space), "1,234.56", "1.234,56", "12,5 %" (0.125, as
// Excel stores a percentage), "-1 234 €", "(1 234)" (negative), "−5" (minus
// sign), "1.234,56-" (trailing minus, as SAP writes it), "1e3". It reports
// false when s is not a number. NaN and infinities are never numbers.
func Parse(s string) (float64, bool) { return ParseIn(s, false) }

// ParseIn is Parse; with decimalComma, a lone comma before three
// digits ("49,781") is a decimal comma, as the other text numbers of a
// French sheet show, not English grouping.
func ParseIn(s string, decimalComma bool) (float64, bool) {
	if LooksNumeric(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil { // the fast path: raw cell values
			return v, !math.IsNaN(v) && !math.IsInf(v, 0)
		}
	}
	s = stripUnits(strings.TrimSpace(s))
	if s == "" || len(s) > 64 {
		return 0, false
	}
	neg := false
	// A trailing minus, as SAP and other accounting exports write it:
	// "1.234,56-".
	if n := len(s); n > 2 && s[n-1] == '-' && s[n-2] != '-' && s[0] >= '0' && s[0] <= '9' {
		v, ok := ParseIn(s[:n-1], decimalComma)
		return -v, ok
	}
	percent := false
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\'', '’', '\t':
			b.WriteByte(' ')
		case '€', '$', '£':
		case '%':
			if percent {
				return 0, false
			}
			percent = true
		case '(':
			if i != 0 || !strings.HasSuffix(s, ")") {
				return 0, false
			}
			neg = true
		case ')':
			if !neg {
				return 0, false
			}
		case '-', '\u2212', '\u2013':
			if neg || b.Len() > 0 && strings.TrimSpace(b.String()) != "" {
				return 0, false
			}
			neg = true
		case '+':
			if b.Len() > 0 && strings.TrimSpace(b.String()) != "" {
				return 0, false
			}
		default:
			if (r >= '0' && r <= '9') || r == ',' || r == '.' || r == 'e' || r == 'E' {
				b.WriteRune(r)
				continue
			}
			return 0, false
		}
	}
	body := strings.TrimSpace(b.String())
	if body == "" {
		return 0, false
	}
	// Spaces are group separators only between digit groups of three.
	if strings.Contains(body, " ") {
		groups := strings.Split(body, " ")
		for i, g := range groups {
			if g == "" {
				return 0, false
			}
			if i > 0 {
				digits := g
				if j := strings.IndexAny(g, ",."); j >= 0 {
					digits = g[:j]
				}
				if len(digits) != 3 {
					return 0, false
				}
			}
		}
		body = strings.Join(groups, "")
	}
	body, ok := normaliseSeparators(body, decimalComma)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	if neg {
		v = -v
	}
	if percent {
		v /= 100
	}
	return v, true
}

// frenchTextRe and englishTextRe recognise text numbers whose decimal
// separator cannot be mistaken: "1 234,56", "12,5" / "1,234.56", "12.5".
var (
	frenchTextRe  = regexp.MustCompile(`^[-−(]?\d{1,3}([ \x{00a0}\x{202f}.]\d{3})*,\d{1,2}\b|^[-−(]?\d+,\d{1,2}\b`)
	englishTextRe = regexp.MustCompile(`^[-−($€£]*\d{1,3}(,\d{3})+\.\d+|^[-−($€£]*\d+\.\d{1,2}\D`)
)

// DecimalComma reports whether a sheet's text numbers write decimals
// with a comma: some do unmistakably and none with a dot.
func DecimalComma(cells []string) bool {
	french := false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if _, err := strconv.ParseFloat(c, 64); c == "" || err == nil {
			continue // a number stored as a number says nothing
		}
		if englishTextRe.MatchString(c + " ") {
			return false
		}
		french = french || frenchTextRe.MatchString(c)
	}
	return french
}

// currencyCodes are the ISO 4217 codes written beside amounts in the
// workbooks of French and English firms.
var currencyCodes = []string{"EUR", "USD", "GBP", "CHF", "CAD", "XOF", "XAF", "MAD", "TND", "DZD", "JPY"}

// stripUnits removes what may surround an amount typed as text: a currency
// code before or after it ("EUR 1 234,56", "CHF 1'234.50", "(1 234 EUR)")
// and HT or TTC after it ("1 234,56 € HT"). The € $ £ signs are dropped by
// ParseNumber itself.
func stripUnits(s string) string {
	paren := len(s) > 2 && s[0] == '(' && s[len(s)-1] == ')'
	if paren {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	for _, tax := range []string{"HT", "H.T.", "TTC", "T.T.C."} {
		if n := len(s) - len(tax); n > 0 && strings.EqualFold(s[n:], tax) &&
			(strings.HasSuffix(s[:n], " ") || strings.HasSuffix(s[:n], "\u00a0") || strings.HasSuffix(s[:n], "€")) {
			s = strings.TrimSpace(s[:n])
			break
		}
	}
	for _, code := range currencyCodes {
		if n := len(s) - 3; n > 0 && strings.EqualFold(s[n:], code) {
			s = strings.TrimSpace(s[:n])
			break
		}
		if len(s) > 3 && strings.EqualFold(s[:3], code) && !isASCIILetter(s[3]) {
			s = strings.TrimSpace(s[3:])
			break
		}
	}
	if paren {
		return "(" + s + ")"
	}
	return s
}

// normaliseSeparators turns the decimal separator into '.' and removes
// group separators. The last of ',' and '.' is the decimal separator unless
// it appears several times or ends a group of exactly three digits while the
// other separator is absent and the number could be English ("1,234"): then
// the comma is read as French decimals only when it is not followed by three
// digits.
func normaliseSeparators(s string, decimalComma bool) (string, bool) {
	commas, dots := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case commas == 0 && dots <= 1:
		return s, true
	case commas > 0 && dots > 0:
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") { // 1.234,56
			if commas > 1 || !groupsOfThree(s[:strings.LastIndex(s, ",")], '.') {
				return "", false
			}
			return strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), true
		}
		if dots > 1 || !groupsOfThree(s[:strings.LastIndex(s, ".")], ',') { // 1,234.56
			return "", false
		}
		return strings.ReplaceAll(s, ",", ""), true
	case commas == 1 && dots == 0:
		i := strings.Index(s, ",")
		frac := s[i+1:]
		if len(frac) == 3 && i > 0 && i <= 3 && s[0] != '0' && !decimalComma { // 1,234: English grouping
			return s[:i] + frac, true
		}
		return strings.Replace(s, ",", ".", 1), true
	case commas > 1 && dots == 0:
		if !groupsOfThree(s, ',') {
			return "", false
		}
		return strings.ReplaceAll(s, ",", ""), true
	default: // several dots, no comma: 1.234.567
		if !groupsOfThree(s, '.') {
			return "", false
		}
		return strings.ReplaceAll(s, ".", ""), true
	}
}

// groupsOfThree reports whether s is digits grouped by sep in threes after
// a first group of one to three digits.
func groupsOfThree(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	for i, p := range parts {
		if p == "" || len(p) > 3 || (i > 0 && len(p) != 3) {
			return false
		}
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return false
			}
		}
	}
	return true
}

// LooksNumeric is a cheap test that s may be a plain number, so that text
// cells do not pay for strconv's error value.
func LooksNumeric(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
