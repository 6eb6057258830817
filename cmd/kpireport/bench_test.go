package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
)

// BenchmarkReport is the whole report on the sample: read, compute, render,
// write.
func BenchmarkReport(b *testing.B) {
	out := filepath.Join(b.TempDir(), "r.pdf")
	b.ReportAllocs()
	for b.Loop() {
		if err := run(context.Background(), []string{"report", "-c", sampleConfig, "-o", out, sampleBook}, nil, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompute is the KPI computation alone on the sample.
func BenchmarkCompute(b *testing.B) {
	cfg, err := kpi.Load(sampleConfig)
	if err != nil {
		b.Fatal(err)
	}
	t, err := reader.ReadFile(sampleBook, reader.Options{Sheet: cfg.Workbook.Sheet})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kpi.Compute(cfg, t); err != nil {
			b.Fatal(err)
		}
	}
}
