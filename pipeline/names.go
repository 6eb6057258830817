package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReportName is the base name of a client's report files, without
// extension: the company and the period, "Boulangerie Martin SARL -
// 2026-10", safe as a file name on Windows, macOS and Linux. batch, send
// (the attachment) and serve (Content-Disposition) name reports with it.
func ReportName(company, period string) string {
	name := safeFileName(company)
	if name == "" {
		name = "report"
	}
	return name + " - " + period
}

// maxNameRunes bounds the company part of a file name: Windows paths are
// short, and the name goes into e-mail headers.
const maxNameRunes = 80

// safeFileName replaces the characters Windows refuses in file names
// (< > : " / \ | ? * and control characters) and trims the spaces and
// dots it drops at the end: "Café / Bar: Martin" gives "Café - Bar - Martin".
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteRune('\'')
		case strings.ContainsRune(`<>:/\|?*`, r):
			b.WriteString(" - ")
		case unicode.IsControl(r) || r == utf8.RuneError:
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	// Collapse the runs of spaces and dashes the replacements made.
	out := strings.Join(strings.Fields(b.String()), " ")
	for strings.Contains(out, "- -") {
		out = strings.ReplaceAll(out, "- -", "-")
	}
	if r := []rune(out); len(r) > maxNameRunes {
		out = string(r[:maxNameRunes])
	}
	return strings.Trim(out, " .-")
}
