package reader

import "fmt"

// Warning is something about the workbook the report must mention: a
// missing month, rows summed, a line skipped.
type Warning struct {
	// Kind names the sentence in the report's templates (warnings.<kind>).
	Kind string
	// Args fill the sentence's {names}.
	Args map[string]string
	// Text is the sentence in English, for the JSON and the terminal.
	Text string
}

// String returns the English sentence.
func (w Warning) String() string { return w.Text }

// Texts returns the English sentences of warnings.
func Texts(ws []Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

// The kinds of warning, one sentence each in the templates.
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
)

// warn makes a warning of a kind from its English sentence (a format with
// %s for each argument, in order) and its named arguments.
func warn(kind, format string, names []string, values ...any) Warning {
	args := make(map[string]string, len(names))
	for i, n := range names {
		args[n] = fmt.Sprint(values[i])
	}
	return Warning{Kind: kind, Args: args, Text: fmt.Sprintf(format, values...)}
}
