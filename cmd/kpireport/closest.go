package main

import (
	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/templates"
)

// closestHint says what to do about a missing metric: the workbook.metrics
// line mapping the header that comes closest to it, when one does (SPEC.md,
// Workbooks), else to add or map a column. It fills in the error's Closest
// and Metric when the reader's vocabulary finds the header.
func closestHint(me *figures.MissingMetricError) string {
	lang := templates.EnvLanguage()
	if me.Closest == "" {
		for _, m := range me.Metrics {
			if h := reader.ClosestHeader(me.Found, m); h != "" {
				me.Closest, me.Metric = h, m
				break
			}
		}
	}
	if line := me.MapLine(); line != "" {
		return templates.Message(lang, "vocab.closest", map[string]string{"header": me.Closest, "metric": me.Metric, "line": line})
	}
	return templates.Message(lang, "vocab.none", nil)
}
