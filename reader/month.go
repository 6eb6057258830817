package reader

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"
)

// monthNames maps lower-case, accent-free month names and abbreviations, in
// French and English, to their month.
var monthNames = map[string]time.Month{}

func init() {
	names := [][]string{
		{"janvier", "janv", "jan", "january", "janu"},
		{"fevrier", "fevr", "fev", "feb", "february", "fevier"},
		{"mars", "mar", "march"},
		{"avril", "avr", "apr", "april"},
		{"mai", "may"},
		{"juin", "jun", "june"},
		{"juillet", "juil", "jul", "july", "juill"},
		{"aout", "aou", "aug", "august"},
		{"septembre", "sept", "sep", "september"},
		{"octobre", "oct", "october"},
		{"novembre", "nov", "november"},
		{"decembre", "dec", "december"},
	}
	for i, list := range names {
		for _, n := range list {
			monthNames[n] = time.Month(i + 1)
		}
	}
}

// textMonth is what a month cell written as text says: a month, and its year
// when the text holds one (0 when it must come from elsewhere).
type textMonth struct {
	year  int
	month time.Month
}

// slashDateRe matches a day and a month in either order before a year:
// 01/02/2025, 1.2.2025.
var slashDateRe = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}$`)

// monthFirstColumn decides how a column's dates written d/m/y or m/d/y are
// read: day first, as in French and British English, unless the column
// says otherwise: a second number above 12 (01/31/2025), or a first number
// that changes from row to row while the second stays the same
// (01/01/2025, 02/01/2025...: the first of each month, written the
// American way).
func monthFirstColumn(cells []string) bool {
	firsts, seconds := map[string]bool{}, map[string]bool{}
	for _, c := range cells {
		m := slashDateRe.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		if a > 12 {
			return false
		}
		if b > 12 {
			return true
		}
		firsts[m[1]], seconds[m[2]] = true, true
	}
	return len(seconds) == 1 && len(firsts) > 1
}

// timeSuffixRe matches the time after a date.
var timeSuffixRe = regexp.MustCompile(`[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)

// parseMonthText reads a month written as text: 2025-01, 2025-01-31, 01/2025,
// 31/01/2025, 2025/01, janv. 2025, janvier 2025, Jan 2024, January 2024,
// Jan-24, juin, T1 is not a month. It reports false when the text is not a
// month.
func parseMonthText(s string) (textMonth, bool) { return parseMonthTextOrder(s, false) }

// parseMonthTextOrder is parseMonthText, reading an ambiguous d/m/y date
// month first (American: 02/01/2025 is February) when monthFirst is set.
func parseMonthTextOrder(s string, monthFirst bool) (textMonth, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return textMonth{}, false
	}
	// A date written with its time, as databases export it:
	// "2025-01-31 00:00:00", "2025-01-31T00:00:00Z".
	if loc := timeSuffixRe.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]]
	}
	// Numeric forms.
	if isNumericDate(s) {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
		nums := make([]int, 0, 3)
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				return textMonth{}, false
			}
			nums = append(nums, n)
		}
		var y, m int
		switch {
		case len(nums) == 2 && len(parts[0]) == 4: // 2025-01
			y, m = nums[0], nums[1]
		case len(nums) == 2 && len(parts[1]) == 4: // 01/2025
			y, m = nums[1], nums[0]
		case len(nums) == 3 && len(parts[0]) == 4: // 2025-01-31
			y, m = nums[0], nums[1]
		case len(nums) == 3 && len(parts[2]) == 4: // 31/01/2025 (day first, French and British)
			y, m = nums[2], nums[1]
			if m > 12 && nums[0] <= 12 || monthFirst && nums[0] <= 12 { // 01/31/2025, American
				m = nums[0]
			}
		default:
			return textMonth{}, false
		}
		if m < 1 || m > 12 || y < 1900 || y > 2200 {
			return textMonth{}, false
		}
		return textMonth{y, time.Month(m)}, true
	}
	// Month name, optionally followed or preceded by a year: "janv. 2025",
	// "January 2024", "Jan-24", "2024 mars".
	s = fold(s)
	words := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '-' || r == '.' || r == '/' || r == '\'' || r == ','
	})
	if len(words) == 0 || len(words) > 2 {
		return textMonth{}, false
	}
	var tm textMonth
	found := false
	for _, w := range words {
		if m, ok := monthNames[w]; ok && !found {
			tm.month, found = m, true
			continue
		}
		n, err := strconv.Atoi(w)
		if err != nil || tm.year != 0 {
			return textMonth{}, false
		}
		switch {
		case len(w) == 4 && n >= 1900 && n <= 2200:
			tm.year = n
		case len(w) == 2:
			tm.year = 2000 + n
		default:
			return textMonth{}, false
		}
	}
	return tm, found
}

func isNumericDate(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == '/' || r == '.':
		default:
			return false
		}
	}
	return digits >= 5
}

// serialMonth converts an Excel date serial number to its month. Serial
// numbers outside 1950–2199 are not taken for dates.
func serialMonth(v float64, date1904 bool) (figures.Month, bool) {
	if v < 18264 || v > 109574 { // 1950-01-01 .. 2199-12-31
		return 0, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(v))
	return figures.MonthOf(t.Year(), t.Month()), true
}

func timeMonth(n int) time.Month { return time.Month(n) }
