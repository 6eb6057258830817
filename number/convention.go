package number

import (
	"regexp"
	"strconv"
	"strings"
)

// Convention is how a sheet's text numbers write decimals: with a comma
// ("1 234,56", French) or a point ("1,234.56", English); Unknown when none
// of them shows it.
type Convention int

// The conventions a sheet may show.
const (
	Unknown Convention = iota
	Comma
	Point
)

// ConventionOf returns the convention the text numbers among cells show
// unmistakably: Comma when some write decimals with a comma and none with a
// point, Point the reverse, Unknown when none or both do. Numbers stored as
// numbers say nothing.
func ConventionOf(cells []string) Convention {
	comma, point := false, false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if _, err := strconv.ParseFloat(c, 64); c == "" || err == nil {
			continue
		}
		point = point || englishTextRe.MatchString(c+" ")
		comma = comma || frenchTextRe.MatchString(c)
	}
	switch {
	case comma && !point:
		return Comma
	case point && !comma:
		return Point
	}
	return Unknown
}

// ambiguousRe matches a text number whose one separator, a point or a
// comma, is followed by exactly three digits and preceded by one to three
// digits, the first not 0: "46.920", "1,234 €", "-46.920". It reads 46 920
// where the separator groups thousands and 46.92 where it is the decimal
// separator.
var ambiguousRe = regexp.MustCompile(`^([^0-9.,%]*[1-9][0-9]{0,2})([.,])([0-9]{3})([^0-9.,%]*)$`)

// oneSeparator is a cheap test that s has one point or comma, followed by
// exactly three digits: most cells do not, and skip the regexp.
func oneSeparator(s string) bool {
	i := strings.IndexAny(s, ".,")
	if i < 0 || strings.IndexAny(s[i+1:], ".,") >= 0 || len(s) < i+4 {
		return false
	}
	for _, c := range []byte(s[i+1 : i+4]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(s) == i+4 || s[i+4] < '0' || s[i+4] > '9'
}

// ambiguous returns the parts of s when its reading depends on the
// convention: before the separator, the separator, the three digits,
// after them.
func ambiguous(s string) []string {
	if !oneSeparator(s) {
		return nil
	}
	return ambiguousRe.FindStringSubmatch(strings.TrimSpace(s))
}

// Ambiguous reports whether the reading of s depends on the convention.
func Ambiguous(s string) bool {
	m := ambiguous(s)
	if m == nil {
		return false
	}
	_, ok := Parse(m[1] + m[3] + m[4])
	return ok
}

// ParseBy reads s as Parse does, by a sheet's convention: with Comma, a
// point followed by exactly three digits groups thousands ("46.920" is
// 46 920) and a lone comma is the decimal separator ("49,781" is 49.781);
// with Point, the reverse ("46,920" is 46 920, "46.920" is 46.92). With
// Unknown, a lone point or comma before exactly three digits groups
// thousands, as amounts are written: callers warn of it (see Ambiguous).
func ParseBy(s string, c Convention) (float64, bool) {
	if m := ambiguous(s); m != nil {
		decimal := c == Comma && m[2] == "," || c == Point && m[2] == "."
		if !decimal {
			return Parse(m[1] + m[3] + m[4])
		}
		return ParseIn(m[1]+"."+m[3]+m[4], false)
	}
	return ParseIn(s, c == Comma)
}
