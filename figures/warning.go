package figures

import "strings"

// Warning is something about the figures the report must mention: a
// missing month, rows summed, a line skipped. It holds no sentence: its
// Kind names the sentence in templates (warnings.<kind>), in the report's
// language, and Args fill the sentence's {names}.
type Warning struct {
	Kind string
	Args map[string]string
}

// Warn makes a warning of a kind from pairs of argument names and values.
func Warn(kind string, pairs ...string) Warning {
	args := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i]] = pairs[i+1]
	}
	return Warning{Kind: kind, Args: args}
}

// List makes a warning's argument of a list of headers or names, which
// the report writes each in its language's quotes: « CA HT », « Résultat
// net » or "CA HT", "Net income". (The separator is templates.ListSep.)
func List(items []string) string {
	return "\x1f" + strings.Join(items, "\x1f")
}

// The kinds of warning, one sentence each in the templates; the comment
// lists each one's arguments.
const (
	WarnMissingMonth  = "missing_month"  // {month}
	WarnRowsSummed    = "rows_summed"    // {sheet} {rows} {months}
	WarnSameMetric    = "same_metric"    // {cell} {header} {metric} {used}
	WarnNoMonth       = "no_month"       // {cell} {line}
	WarnNotMonth      = "not_month"      // {cell} {label} {line}
	WarnNotAvailable  = "not_available"  // {cell}
	WarnNegativeCosts = "negative_costs" // {cell} {header}
	WarnLastRow       = "last_row"       // {metric}
	WarnSheetOverlap  = "sheet_overlap"  // {sheet} {headers} {months} {first}
	WarnMoreSheets    = "more_sheets"    // {count} {sheets}
	WarnHiddenSheet   = "hidden_sheet"   // {sheet}
	// WarnAmbiguousNumber: text numbers with a point or comma before three
	// digits ("46.920"), in a sheet not showing its decimal separator.
	WarnAmbiguousNumber = "ambiguous_number" // {cell} {value} {read} {count}
	// A later sheet left out of the table: laid out otherwise, or holding
	// neither its months nor its metrics; one that cannot be read and does
	// not continue it; a copy of another sheet under another month's name.
	WarnSheetNotJoined = "sheet_not_joined" // {sheet} {first}
	WarnSheetNotRead   = "sheet_not_read"   // {sheet} {first}
	WarnSheetCopy      = "sheet_copy"       // {sheet} {copied} {months}
)
