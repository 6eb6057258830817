package vocab

import "sync"

// memoSize bounds the headers remembered by Metric and Excluded: the reader
// asks about every cell of a sheet's first rows, several times each.
const memoSize = 1 << 14

// verdict is what the reader needs of a Match.
type verdict struct{ metric, excluded string }

var memo = struct {
	sync.Mutex
	m map[string]verdict
}{m: map[string]verdict{}}

func remembered(header string) verdict {
	memo.Lock()
	v, ok := memo.m[header]
	memo.Unlock()
	if ok {
		return v
	}
	r := Match(header)
	v = verdict{r.Metric, r.Excluded}
	memo.Lock()
	if len(memo.m) >= memoSize {
		clear(memo.m)
	}
	memo.m[header] = v
	memo.Unlock()
	return v
}

// Metric returns the metric a header names, as Match does, or "";
// the answers for recent headers are remembered.
func Metric(header string) string { return remembered(header).metric }

// Excluded returns why a header names no month's figure ("running total",
// "plan", "ratio", ...), as Match does, or ""; remembered like Metric.
func Excluded(header string) string { return remembered(header).excluded }
