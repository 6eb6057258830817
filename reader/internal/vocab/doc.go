// Package vocab tells which metric a column header names, working on words
// rather than on exact strings, as SPEC.md's Workbooks section asks: a
// header names a metric when it says the same thing in other words.
//
// A header is first normalised into tokens (Tokens): lower case, accents
// and punctuation dropped, abbreviations expanded (Nb, Nbre, C.A., mkt),
// plurals folded to the singular (ventes, clients, nouveaux), small words
// dropped (de, du, sur, of, the) and word order ignored. Words that make a
// header something other than a month's figure (a running total, a budget,
// a ratio, an average, a tax-inclusive amount) exclude it outright.
//
// The tokens are then scored against a table of synonyms per metric, in
// French and English, each a set of tokens with a weight (Match). The score
// is the weighted Dice coefficient of the two token sets, so that every
// word of the header not accounted for counts against it. A metric is named
// only when it scores at least Accept and leads the runner-up by Margin: a
// tie or a weak match is a question (the Candidates), never a guess.
//
// The approach follows google/licensecheck's internal/match: text is split
// into words of letters and digits, each folded (case and accents) and
// rewritten to a canonical spelling before lookup (dict.go's split and
// foldRune, with rewrites such as "https" to "http"), and a match is scored
// by the share of the text's words it accounts for, unknown words counting
// against it (scan.go's Coverage.Percent); like licensecheck, the design
// prefers no answer to a wrong one.
//
// The package depends only on the standard library and knows nothing of the
// reader's types: it maps strings to metric names.
package vocab
