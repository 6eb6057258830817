package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
)

// reportName is pipeline.ReportName: batch, send and serve name a report
// the same way.
func reportName(company, period string) string { return pipeline.ReportName(company, period) }

// namer gives each computed report its file name, company and period, in
// the order of the jobs: a second client of the same company and period
// gets " (2)", and no name is an input's. A job waits for the jobs before
// it to be named or to fail, so that the names do not depend on which
// finishes first.
type namer struct {
	mu     sync.Mutex
	cond   *sync.Cond
	next   int    // the first job not yet named or failed
	passed []bool // jobs named or failed
	outDir string
	inputs map[string]bool
	taken  map[string]bool
}

func newNamer(bjs []batchJob, outDir string) *namer {
	n := &namer{passed: make([]bool, len(bjs)), outDir: outDir, inputs: map[string]bool{}, taken: map[string]bool{}}
	n.cond = sync.NewCond(&n.mu)
	for _, b := range bjs {
		n.inputs[nameKey(b.workbook)] = true
		if b.config != "" {
			n.inputs[nameKey(b.config)] = true
		}
	}
	return n
}

// nameKey is a path as the disk compares it: absolute, and in lower case,
// as Windows and macOS ignore case.
func nameKey(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return strings.ToLower(p)
}

// pass records that job i takes no name (it failed or did not start).
func (n *namer) pass(i int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.passed[i] = true
	n.advance()
}

func (n *namer) advance() {
	for n.next < len(n.passed) && n.passed[n.next] {
		n.next++
	}
	n.cond.Broadcast()
}

// wake lets the jobs waiting for their turn see that the batch stops.
func (n *namer) wake() {
	n.mu.Lock()
	n.cond.Broadcast()
	n.mu.Unlock()
}

// name waits for job i's turn and returns its reports' path without
// extension; false when ctx ended first.
func (n *namer) name(ctx context.Context, i int, rep *kpi.Report) (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for n.next < i && ctx.Err() == nil {
		n.cond.Wait()
	}
	if n.next < i {
		return "", false
	}
	base := reportName(rep.Company, rep.Period.String())
	name := base
	for k := 2; ; k++ {
		out := filepath.Join(n.outDir, name)
		if key := nameKey(out); !n.taken[key] && !n.inputs[key+".pdf"] && !n.inputs[key+".json"] {
			n.taken[key] = true
			n.passed[i] = true
			n.advance()
			return out, true
		}
		name = base + " (" + strconv.Itoa(k) + ")"
	}
}
