package main

import (
	"os"
	"runtime/debug"
)

// One report on a small workbook allocates about 20 MB, nearly all of it
// garbage as soon as it is made (fpdf makes a fresh 1 MB zlib writer for each
// compressed stream, and JSON-encodes each font's width table to name it).
// Collecting that garbage took a third of the sample report's CPU time, for
// memory the process hands back when it exits a few milliseconds later.
//
// So a command whose workbooks are all small runs with the collector off
// and a soft memory limit that brings it back before the heap grows past
// gcHeapPerJob for each workbook in progress, plus as much again. Measured on
// the 2-core VM: the sample report (perf stat -r 30) went from 24.4 to
// 16.4 ms with its peak RSS unchanged at 22 MB; a batch of 1,000 sample
// workbooks from 9.6 s (41 MB) to 5.7 s (104 MB). Larger workbooks keep the
// default collector: one with 600,000 distinct strings holds more than the
// limit live, and the collector would run without pause (1.6 s instead of
// 0.8 s).
const (
	smallWorkbook = 2 << 20  // bytes of .xlsx: monthly figures take kilobytes
	gcHeapPerJob  = 32 << 20 // bytes of heap per workbook in progress
)

// oneShot is set by main: the process runs one command and exits. Tests,
// which call run many times in one process, leave it false.
var oneShot bool

// relaxGC turns the collector off for a command processing the workbooks
// at paths, jobs at a time, when they are all small and the user has not
// set GOGC or GOMEMLIMIT. It returns the soft limit it set, or 0.
func relaxGC(jobs int, paths ...string) int64 {
	if !oneShot || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || st.Size() > smallWorkbook {
			return 0
		}
	}
	limit := int64(max(1, jobs)+1) * gcHeapPerJob
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	return limit
}
