package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestRelaxGC(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xlsx")
	if err := os.WriteFile(small, make([]byte, 30<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	large := filepath.Join(dir, "large.xlsx")
	f, err := os.Create(large)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(smallWorkbook + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()

	tests := []struct {
		name    string
		oneShot bool
		gogc    string
		jobs    int
		paths   []string
		want    int64
	}{
		{"one-shot, small workbook", true, "", 1, []string{small}, 64 << 20},
		{"batch of small workbooks, 4 at a time", true, "", 4, []string{small, small}, 160 << 20},
		{"one-shot, large workbook", true, "", 1, []string{large}, 0},
		{"batch with one large workbook", true, "", 2, []string{small, large, small}, 0},
		{"one-shot, missing workbook", true, "", 1, []string{filepath.Join(dir, "nope.xlsx")}, 0},
		{"user's GOGC wins", true, "200", 1, []string{small}, 0},
		{"tests", false, "", 1, []string{small}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			t.Setenv("GOMEMLIMIT", "")
			saved := oneShot
			oneShot = tt.oneShot
			before := debug.SetGCPercent(100)
			limit := debug.SetMemoryLimit(-1)
			t.Cleanup(func() {
				oneShot = saved
				debug.SetGCPercent(before)
				debug.SetMemoryLimit(limit)
			})

			if got := relaxGC(tt.jobs, tt.paths...); got != tt.want {
				t.Fatalf("relaxGC = %d, want %d", got, tt.want)
			}
			percent := debug.SetGCPercent(100)
			mem := debug.SetMemoryLimit(math.MaxInt64)
			if tt.want != 0 && (percent != -1 || mem != tt.want) {
				t.Errorf("collector: GOGC %d, limit %d; want off with a %d limit", percent, mem, tt.want)
			}
			if tt.want == 0 && percent != 100 {
				t.Errorf("collector changed: GOGC %d", percent)
			}
		})
	}
}
