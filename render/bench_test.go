package render

import (
	"io"
	"testing"
	"time"
)

func BenchmarkPDF(b *testing.B) {
	t := &testing.T{}
	rep := report(t, "fr")
	b.ReportAllocs()
	for b.Loop() {
		if err := PDF(io.Discard, rep, PDFOptions{Date: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
			b.Fatal(err)
		}
	}
}
