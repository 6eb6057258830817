package reader

// This file tells which cells are formatted as dates: a number is a date
// only when its cell shows it as one (or it stands in the month column,
// see monthColumn), never because its value falls in the range of dates:
// 55 694,736 on a balance sheet is not June 2052.

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// builtinDate reports whether a built-in number format (ECMA-376 part 1,
// 18.8.30) shows a date: 14–17 and 22 (m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy,
// m/d/yyyy h:mm), and 27–36 and 50–58, the East Asian date formats. The
// time-only formats (18–21, 45–47: h:mm, mm:ss, [h]:mm:ss) show durations
// and times of day, which are figures, not months.
func builtinDate(id int) bool {
	return id >= 14 && id <= 17 || id == 22 || id >= 27 && id <= 36 || id >= 50 && id <= 58
}

// IsDateFormat reports whether a number format code shows a date: a day, a
// month or a year token (d, m, y; also Excel's e and LibreOffice's j, a and
// g era tokens are left out) outside quoted text, brackets ([Red], [$-40C],
// [h]) and escaped characters. An m next to h before it or s after it is
// minutes, as Excel reads it. Only the first section (positive numbers)
// counts; "General" and "0.00" are not dates.
func IsDateFormat(code string) bool {
	var toks []byte // the letter tokens, in order
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case ';':
			return dateTokens(toks)
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return dateTokens(toks)
			}
			i += j + 1
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				return dateTokens(toks)
			}
			if b := strings.ToLower(code[i+1 : i+1+j]); strings.Trim(b, "hms") == "" && b != "" {
				toks = append(toks, b[0]) // [h], [mm], [ss]: elapsed time
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is shown as is, or is spacing
		case 'A', 'a':
			if u := strings.ToUpper(code[i:]); strings.HasPrefix(u, "AM/PM") {
				i += 4
			} else if strings.HasPrefix(u, "A/P") {
				i += 2
			}
		default:
			if l := c | 0x20; l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's' {
				if len(toks) == 0 || toks[len(toks)-1] != l || i == 0 || code[i-1]|0x20 != l {
					toks = append(toks, l)
				}
			}
		}
	}
	return dateTokens(toks)
}

// dateTokens reports whether the tokens of a format (d, m, y, h, s, one per
// run of letters) include a day, a year, or an m that is a month: not
// after an h (h:mm) nor before an s (mm:ss).
func dateTokens(toks []byte) bool {
	for i, t := range toks {
		switch t {
		case 'd', 'y':
			return true
		case 'm':
			afterH := i > 0 && toks[i-1] == 'h'
			beforeS := i+1 < len(toks) && toks[i+1] == 's'
			if !afterH && !beforeS {
				return true
			}
		}
	}
	return false
}

// dateStyles reads xl/styles.xml and returns, for each cell style index
// (a cell's s attribute), whether it shows numbers as dates.
func dateStyles(data []byte) []bool {
	custom := map[int]string{}
	var out []bool
	sc := xmlscan.Scanner{B: data}
	inXfs := false
	for {
		tag, ok := sc.Next()
		if !ok {
			return out
		}
		switch {
		case tag.Name == "numFmt" && !tag.End:
			if id, err := strconv.Atoi(tag.Attr("numFmtId")); err == nil {
				custom[id] = tag.Attr("formatCode")
			}
		case tag.Name == "cellXfs":
			inXfs = !tag.End && !tag.SelfClosing
		case tag.Name == "xf" && inXfs && !tag.End:
			id, _ := strconv.Atoi(tag.Attr("numFmtId"))
			code, isCustom := custom[id]
			out = append(out, isCustom && IsDateFormat(code) || !isCustom && builtinDate(id))
		}
	}
}

// isoDate writes an Excel date serial number as the date it shows,
// 2025-01-31 (with the time, 2025-01-31T13:45:00, when it has one), or
// returns s as it is when it is not a date's number.
func isoDate(s string, date1904 bool) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v > 2958465 { // 1900-01-01 .. 9999-12-31
		return s
	}
	t, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil {
		return s
	}
	return isoText(t)
}

// isoText writes a time as a date, with its time of day when not
// midnight (by hand: a journal has a date on each of its rows).
func isoText(t time.Time) string {
	t = t.Round(time.Second)
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.Format("2006-01-02")
	}
	b := make([]byte, 0, 19)
	b = appendPadded(b, y, 4)
	b = appendPadded(append(b, '-'), int(mo), 2)
	b = appendPadded(append(b, '-'), d, 2)
	if h, m, sec := t.Clock(); h != 0 || m != 0 || sec != 0 {
		b = appendPadded(append(b, 'T'), h, 2)
		b = appendPadded(append(b, ':'), m, 2)
		b = appendPadded(append(b, ':'), sec, 2)
	}
	return string(b)
}

// appendPadded appends n with leading zeros to width digits.
func appendPadded(b []byte, n, width int) []byte {
	var d [4]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:width]...)
}

// isoDateRe matches a date as the sources give a number formatted as a
// date: 2025-01-31, with its time of day or not.
var isoDateRe = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}:\d{2})?$`)

// isoMonth reads a date written by the sources (see isoDate) as its month
// and day.
func isoMonth(s string) (figures.Month, int, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || !isoDateRe.MatchString(s) {
		return 0, 0, false
	}
	y, _ := digits([]byte(s[:4]))
	mo, _ := digits([]byte(s[5:7]))
	d, _ := digits([]byte(s[8:10]))
	if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 {
		return 0, 0, false
	}
	return figures.MonthOf(y, time.Month(mo)), d, true
}
