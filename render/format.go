package render

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

// Formatter writes numbers, amounts and months in a report language:
// 1 234,56 € and 12,5 % in French, €1,234.56 and 12.5% in English.
type Formatter struct {
	T        *templates.Texts
	Currency string
}

// NewFormatter returns the formatter of a language and currency.
func NewFormatter(lang, currency string) (*Formatter, error) {
	t, err := templates.For(lang)
	if err != nil {
		return nil, err
	}
	return &Formatter{T: t, Currency: currency}, nil
}

// Decimal formats v with exactly dec decimals, rounding half away from zero
// on the decimal value (2.675 gives 2,68, as an accountant expects, not the
// 2,67 of its binary approximation), with the language's separators.
func (f *Formatter) Decimal(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return f.T.Labels["na"]
	}
	neg := v < 0
	digits := roundDecimal(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), dec)
	intPart, frac, _ := strings.Cut(digits, ".")
	var b strings.Builder
	if neg && strings.Trim(digits, "0.") != "" {
		b.WriteString("−") // U+2212, the typographic minus
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(f.T.Locale.Group)
		}
		b.WriteRune(c)
	}
	if dec > 0 {
		b.WriteString(f.T.Locale.Decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// roundDecimal rounds a plain decimal string ("1234.5678") to dec decimals,
// half away from zero, and pads it with zeros.
func roundDecimal(s string, dec int) string {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= dec {
		if dec == 0 {
			return intPart
		}
		return intPart + "." + frac + strings.Repeat("0", dec-len(frac))
	}
	up := frac[dec] >= '5'
	digits := []byte(intPart + frac[:dec])
	if up {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits) - dec
	if dec == 0 {
		return string(digits)
	}
	return string(digits[:n]) + "." + string(digits[n:])
}

// symbols of the usual currencies; others are written as their code.
var symbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$",
	"XOF": "FCFA", "XAF": "FCFA", "XPF": "F\u00a0CFP"}

// minorUnits are the decimals of the ISO 4217 currencies not written with
// two: the CFA and CFP francs and the yen have none, the dinars three.
var minorUnits = map[string]int{
	"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0, "XPF": 0, "UGX": 0, "RWF": 0, "GNF": 0, "KMF": 0, "DJF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// minor is the number of decimals of the report's currency.
func (f *Formatter) minor() int {
	if n, ok := minorUnits[f.Currency]; ok {
		return n
	}
	return 2
}

// Money formats an amount with its currency.
func (f *Formatter) Money(v float64, dec int) string { return f.money(f.Decimal(v, dec)) }

// money writes an amount already written (1 234,56) with its currency.
func (f *Formatter) money(n string) string {
	sym, ok := symbols[f.Currency]
	if !ok {
		sym = f.Currency
	}
	if f.T.Locale.CurrencyAfter || len([]rune(sym)) > 1 {
		return n + "\u00a0" + sym
	}
	if strings.HasPrefix(n, "−") {
		return "−" + sym + strings.TrimPrefix(n, "−")
	}
	return sym + n
}

// decimals is how many decimals each unit is shown with; amounts have
// their currency's.
func (f *Formatter) decimals(unit string, v float64) int {
	switch unit {
	case kpi.UnitPercent, kpi.UnitMonths:
		return 1
	case kpi.UnitCurrency:
		return f.minor()
	case kpi.UnitDays:
		return 0
	case kpi.UnitRatio:
		return 2
	default:
		if math.Abs(v) >= 100 || v == math.Trunc(v) {
			return 0
		}
		return 1
	}
}

// Value formats a KPI value in its unit: 12,5 %, 1 234,56 €, 3,2 mois.
func (f *Formatter) Value(v float64, unit string) string {
	return f.withUnit(f.Decimal(v, f.decimals(unit, v)), unit)
}

// withUnit writes a number already written (1 234,5) in a unit.
func (f *Formatter) withUnit(n, unit string) string {
	switch unit {
	case kpi.UnitPercent:
		return n + f.T.Locale.Percent
	case kpi.UnitCurrency:
		return f.money(n)
	case kpi.UnitMonths:
		return n + "\u00a0" + f.T.Units["months"]
	case kpi.UnitDays:
		return n + "\u00a0" + f.T.Units["days"]
	case kpi.UnitRatio:
		return n + f.T.Units["times"]
	}
	return n
}

// KPIValue formats a possibly missing KPI value.
func (f *Formatter) KPIValue(v kpi.Value, unit string) string {
	if !v.Valid {
		return f.T.Labels["na"]
	}
	return f.Value(v.V, unit)
}

// maxExtraDecimals bounds the decimals ValueAgainst adds: 12 more tell
// apart any two values StatusOf does not take as equal.
const maxExtraDecimals = 12

// ValueAgainst formats a value as Value does, with as many more decimals as
// it takes never to show it equal to a mark (a target, a threshold) it is
// not equal to: 37,98 % against a 38 % target prints 37,98 %, not the
// 38,0 % of one decimal, which would read as met. Equal is as StatusOf
// takes it (to 1e-9), so 12.000000000000002 stays 12,0 %.
func (f *Formatter) ValueAgainst(v float64, unit string, marks ...float64) string {
	d := f.decimals(unit, v)
	for extra := 0; extra <= maxExtraDecimals; extra++ {
		clash := false
		for _, m := range marks {
			if !equalMark(v, m) && f.Decimal(v, d+extra) == f.Decimal(m, d+extra) {
				clash = true
			}
		}
		if !clash {
			return f.withUnit(f.Decimal(v, d+extra), unit)
		}
	}
	return f.withUnit(f.Decimal(v, d+maxExtraDecimals), unit)
}

// equalMark reports whether a value equals a mark as StatusOf compares
// them: to 1e-9 of the mark's size (at least 1e-9).
func equalMark(v, mark float64) bool {
	return math.Abs(v-mark) <= 1e-9*math.Max(1, math.Abs(mark))
}

// Shown formats a KPI's value for the period against its target and
// threshold (ValueAgainst), or n/a: page 1, the KPI pages, the action plan
// and the check table print it so.
func (f *Formatter) Shown(k kpi.Result) string {
	if !k.Value.Valid {
		return f.T.Labels["na"]
	}
	return f.ValueAgainst(k.Value.V, k.Unit, k.Target, k.Threshold)
}

// Delta formats a change with its sign: +0,6 point, −1 234,00 €. Changes
// of percentages are in points.
func (f *Formatter) Delta(d float64, unit string) string {
	sign := "+"
	if d < 0 || f.shownAsZero(d, unit) {
		sign = ""
	}
	if unit == kpi.UnitPercent {
		word := f.T.Units["points"]
		if math.Abs(d) < f.T.Locale.PluralFrom {
			word = f.T.Units["point"]
		}
		return sign + f.Decimal(d, 1) + "\u00a0" + word
	}
	return sign + f.Value(d, unit)
}

// shownAsZero reports whether a change is written as zero (0,0 point,
// 0,00 €): it is then neither up nor down.
func (f *Formatter) shownAsZero(d float64, unit string) bool {
	dec := f.decimals(unit, d)
	if unit == kpi.UnitPercent {
		dec = 1 // points
	}
	return f.Decimal(d, dec) == f.Decimal(0, dec)
}

// Change formats the change from prev to cur, or n/a.
func (f *Formatter) Change(cur, prev kpi.Value, unit string) string {
	if !cur.Valid || !prev.Valid {
		return f.T.Labels["na"]
	}
	return f.Delta(cur.V-prev.V, unit)
}

// Month formats a month in full: juin 2025, June 2025.
func (f *Formatter) Month(m figures.Month) string { return f.T.MonthName(m.Year(), int(m.Month())) }

// MonthShort formats a month for a chart axis: juin 25, Jun 25.
func (f *Formatter) MonthShort(m figures.Month) string {
	return f.T.MonthShort(m.Year(), int(m.Month()))
}

// Warnings writes warnings in the report's language, never nil.
func (f *Formatter) Warnings(ws []figures.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = f.Warning(w)
	}
	return out
}

// Warning writes a warning about the workbook in the report's language.
func (f *Formatter) Warning(w figures.Warning) string {
	tpl := f.T.Warnings[w.Kind]
	if tpl == "" {
		return "[" + w.Kind + "]" // the templates test makes sure none is missing
	}
	args := make(map[string]string, len(w.Args))
	for k, v := range w.Args {
		args[k] = v
	}
	if line, ok := args["line"]; ok { // row, column
		args["line"] = f.T.Text(f.T.Units, line)
	}
	for key, dec := range numberArgs {
		if v, err := strconv.ParseFloat(args[key], 64); err == nil {
			args[key] = f.Decimal(v, dec)
			if dec > 0 { // 46,92 and 44 000, not 44 000,00
				args[key] = strings.TrimSuffix(strings.TrimRight(args[key], "0"), f.T.Locale.Decimal)
			}
		}
	}
	return f.T.Fill(tpl, args)
}

// numberArgs are the warnings' arguments that are numbers written in Go's
// plain notation (package plausibility's), and the decimals they are
// written with in the report's language; trailing zeros are dropped.
var numberArgs = map[string]int{"value": 2, "median": 2, "factor": 0}

// sheetLabel is "Sheet", or "Sheets" when the figures come from several
// (one per year).
func (f *Formatter) sheetLabel(t *figures.Table) string {
	if len(t.Sheets) > 1 {
		return f.T.Labels["sheets"]
	}
	return f.T.Labels["sheet"]
}

// source says where the figures come from: "Source : figures.xlsx · Feuille
// Données · mai 2024 – octobre 2026".
func (f *Formatter) source(rep *kpi.Report) string {
	t := rep.Table
	s := fmt.Sprintf("%s%s%s · %s %s", f.T.Labels["source"], f.T.Locale.Colon, filepath.Base(t.File), f.sheetLabel(t), t.Sheet)
	if len(t.Months) > 0 {
		s += fmt.Sprintf(" · %s – %s", f.Month(t.Months[0]), f.Month(rep.Period))
	}
	return s
}
