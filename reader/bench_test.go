package reader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// largeJournal returns a row-level workbook of n sales rows, written once
// by the sample generator (go run ./samples/gen -journal n) and cached.
func largeJournal(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kpireport-journal-%d.xlsx", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	cmd := exec.Command("go", "run", "../samples/gen", "-journal", fmt.Sprint(n), "-o", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("generating %s: %v\n%s", path, err, out)
	}
	return path
}

func BenchmarkReadSample(b *testing.B) {
	data, err := os.ReadFile("../samples/figures.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("figures.xlsx", data, Options{Sheet: "Données"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadFinancialSample(b *testing.B) {
	data, err := os.ReadFile("../../shared/workbooks/financial-sample.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("financial-sample.xlsx", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadJournal200k(b *testing.B) {
	path := largeJournal(b, 200000)
	b.ReportAllocs()
	for b.Loop() {
		t, err := ReadFile(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if t.RowsSummed != 200000 {
			b.Fatalf("%d rows", t.RowsSummed)
		}
	}
}

func BenchmarkReadTenYears(b *testing.B) {
	path := filepath.Join(os.TempDir(), "kpireport-months-120.xlsx")
	if _, err := os.Stat(path); err != nil {
		cmd := exec.Command("go", "run", "../samples/gen", "-months", "120", "-o", path)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("generating %s: %v\n%s", path, err, out)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		t, err := ReadFile(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(t.Months) != 120 {
			b.Fatalf("%d months", len(t.Months))
		}
	}
}
