package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bigJournal writes a row-level sales export of rows lines (a date and an
// amount per line, summed into months), big enough to take seconds to read.
func bigJournal(t *testing.T, path string, rows int) {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Date", "Libellé", "Ventes"})
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		d := start.Add(time.Duration(i%700) * 24 * time.Hour)
		if err := sw.SetRow(cell, []any{d.Format("2006-01-02"), fmt.Sprintf("Vente n° %d", i), 10 + i%90}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// journalConfig is a config reading bigJournal's figures.
const journalConfig = `company: Test
language: en
kpis:
  - kpi: custom
    id: sales
    name: Sales
    formula: revenue
    unit: currency
    target: 100
    threshold: 50
  - kpi: revenue_growth
    target: 5%
    threshold: 0%
  - kpi: custom
    id: sales2
    name: Sales again
    formula: revenue * 2
    unit: currency
    target: 100
    threshold: 50
`

// TestInterruptReport starts kpireport report on a workbook that takes
// seconds to read, sends it SIGINT, and checks that it stops within a
// second, says it was interrupted, exits 1 and leaves no file behind.
func TestInterruptReport(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	if testing.Short() {
		t.Skip("builds kpireport and a large workbook")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kpireport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "work")
	os.Mkdir(work, 0o755)
	bigJournal(t, filepath.Join(work, "big.xlsx"), 400_000)
	if err := os.WriteFile(filepath.Join(work, "kpis.yaml"), []byte(journalConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "report", "-c", "kpis.yaml", "--json", "big.json", "big.xlsx")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "LANG=en_GB.UTF-8", "LC_ALL=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond) // reading the workbook
	sent := time.Now()
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	took := time.Since(sent)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1; stderr:\n%s", err, stderr.String())
	}
	if took > time.Second {
		t.Errorf("stopped %v after SIGINT, want within a second", took)
	}
	if got, want := stderr.String(), "kpireport: interrupted: stopped before the end, nothing was written\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	entries, _ := os.ReadDir(work)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "big.xlsx kpis.yaml" {
		t.Errorf("files left: %v, want only big.xlsx and kpis.yaml", names)
	}
}

// TestInterruptBatch interrupts a batch (in-process, as a signal cancels
// run's context) while it reads its third workbook: the summary lists the
// two done, the one stopped and the one not started, by name, and the
// last line says interrupted.
func TestInterruptBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large workbook")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	cfg := filepath.Join(dir, "kpis.yaml")
	os.WriteFile(cfg, []byte(journalConfig), 0o644)
	bigJournal(t, filepath.Join(in, "a.xlsx"), 100)
	bigJournal(t, filepath.Join(in, "b.xlsx"), 100)
	bigJournal(t, filepath.Join(in, "c-big.xlsx"), 400_000)
	bigJournal(t, filepath.Join(in, "d.xlsx"), 100)
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// a and b take milliseconds; then c-big is read for seconds. Their
		// reports are Test - YYYY-MM.pdf and Test - YYYY-MM (2).pdf.
		for {
			if pdfs, _ := filepath.Glob(filepath.Join(out, "Test - *.pdf")); len(pdfs) == 2 {
				time.Sleep(200 * time.Millisecond)
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err := run(ctx, []string{"batch", "-c", cfg, "-j", "1", "-o", out, in}, nil, &stdout, &stderr)
	code := exitCode(err, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("batch took %v", d)
	}
	want := "kpireport: interrupted: 2 done, 0 failed, 1 stopped, 1 not started (see " + filepath.Join(out, "summary.json") + ")\n"
	if stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var results []batchResult
	if err := json.Unmarshal(data, &results); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		got = append(got, filepath.Base(r.Workbook)+"="+r.Status)
	}
	if g, w := strings.Join(got, " "), "a.xlsx=ok b.xlsx=ok c-big.xlsx=interrupted d.xlsx=not started"; g != w {
		t.Errorf("summary %s, want %s", g, w)
	}
	if pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf")); len(pdfs) != 2 {
		t.Errorf("PDFs written: %q, want a's and b's", pdfs)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestOutputsTogether: when the JSON cannot be renamed into place (its
// name is a folder), the PDF renamed before it is put back as it was, and
// no temporary file is left.
func TestOutputsTogether(t *testing.T) {
	dir := t.TempDir()
	pdf, js := filepath.Join(dir, "r.pdf"), filepath.Join(dir, "r.json")
	os.WriteFile(pdf, []byte("last month's PDF"), 0o644)
	os.MkdirAll(filepath.Join(js, "in the way"), 0o755)
	err := writeOutputs(context.Background(), "en", output{pdf, []byte("new PDF")}, output{js, []byte("{}")})
	var we *writeError
	if !errors.As(err, &we) || we.path != js {
		t.Fatalf("err = %v, want a writeError on %s", err, js)
	}
	if got, _ := os.ReadFile(pdf); string(got) != "last month's PDF" {
		t.Errorf("r.pdf holds %q, want last month's PDF put back", got)
	}
	// A PDF that did not exist before is removed again.
	os.Remove(pdf)
	writeOutputs(context.Background(), "en", output{pdf, []byte("new PDF")}, output{js, []byte("{}")})
	if _, err := os.Stat(pdf); err == nil {
		t.Error("a new r.pdf stays beside a JSON of another run")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

// TestLongCellInSummary: a 1 MB header cell is cut in the batch summary.
func TestLongCellInSummary(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Données") // as the sample config says
	f.SetSheetRow("Données", "A1", &[]any{"Mois", "CA HT", strings.Repeat("très long ", 100_000)})
	f.SetSheetRow("Données", "A2", &[]any{"2025-01", 12, 3})
	book := filepath.Join(dir, "long.xlsx")
	f.SaveAs(book)
	var stdout, stderr bytes.Buffer
	// The sample config's KPIs need metrics this workbook lacks: the error
	// lists the headers found.
	err := run(context.Background(), []string{"batch", "-c", sampleConfig, "-o", filepath.Join(dir, "out"), book}, nil, &stdout, &stderr)
	if err == nil {
		t.Fatal("batch succeeded")
	}
	data, _ := os.ReadFile(filepath.Join(dir, "out", "summary.json"))
	if !bytes.Contains(data, []byte("très long très long")) || !bytes.Contains(data, []byte("…")) || len(data) > 2000 {
		t.Errorf("summary.json (%d bytes): %.500s", len(data), data)
	}
	if stdout.Len() > 2000 {
		t.Errorf("summary table of %d bytes", stdout.Len())
	}
}
