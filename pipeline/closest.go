package pipeline

import (
	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/reader"
)

// fillClosest fills in a missing metric's error with the header that comes
// closest to one of the missing metrics, the first that has one, as the
// reader's vocabulary finds it (SPEC.md, Workbooks): the message names it
// and the hint gives the workbook.metrics line that maps it.
func fillClosest(me *figures.MissingMetricError) {
	if me.Closest != "" {
		return
	}
	for _, m := range me.Metrics {
		if h := reader.ClosestHeader(me.Found, m); h != "" {
			me.Closest, me.Metric = h, m
			return
		}
	}
}
