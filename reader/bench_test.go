package reader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kpireport/kpireport/internal/shared"
)

// generated returns a workbook written once by the sample generator
// (go run ./samples/gen flag value) and cached in the temporary folder.
func generated(b *testing.B, flag string, value int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kpireport%s-%d.xlsx", flag, value))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	cmd := exec.Command("go", "run", "../samples/gen", flag, fmt.Sprint(value), "-o", path)
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
	data, err := os.ReadFile(shared.Path(b, "workbooks/financial-sample.xlsx"))
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
	path := generated(b, "-journal", 200000) // 200,000 sales rows
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
	path := generated(b, "-months", 120)
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
