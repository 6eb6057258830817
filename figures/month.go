package figures

import (
	"fmt"
	"strings"
	"time"
)

// Month is a calendar month counted from year 0 (year*12 + month-1), so that
// month arithmetic is integer arithmetic across year boundaries.
type Month int

// MonthOf returns the Month of a year and a month.
func MonthOf(year int, m time.Month) Month { return Month(year*12 + int(m) - 1) }

// Year returns the month's year.
func (m Month) Year() int { return int(m) / 12 }

// Month returns the month of the year.
func (m Month) Month() time.Month { return time.Month(int(m)%12 + 1) }

// Add returns the month n months later (earlier when n is negative).
func (m Month) Add(n int) Month { return m + Month(n) }

// End returns the last instant of the month, in UTC.
func (m Month) End() time.Time {
	return time.Date(m.Year(), m.Month()+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Second)
}

// String formats the month as YYYY-MM, the form used in the JSON and warnings.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Month())) }

// PeriodError is a period that is not written YYYY-MM.
type PeriodError struct {
	// Text is the period as written.
	Text string
}

// Error says what is wrong, in English; the command words it from
// templates by its type.
func (e *PeriodError) Error() string {
	return fmt.Sprintf("%q is not a month: write it as YYYY-MM, e.g. 2025-06", e.Text)
}

// ParsePeriod parses a YYYY-MM period as written on the command line or in
// the config.
func ParsePeriod(s string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return 0, &PeriodError{Text: s}
	}
	return MonthOf(t.Year(), t.Month()), nil
}

// Span writes months as "2025-03" or "2025-01…2025-12" for a message's
// argument; ms must be sorted and not empty.
func Span(ms []Month) string {
	if len(ms) == 1 {
		return ms[0].String()
	}
	return ms[0].String() + "…" + ms[len(ms)-1].String()
}
