package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with
// -update; on a difference it writes name.got beside it (git-ignored).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/kpireport -run Golden -update to create it)", err)
	}
	if got != string(want) {
		os.WriteFile(path+".got", []byte(got), 0o644)
		t.Errorf("%s differs from the golden file; see %s.got (go test -update rewrites it once the change is checked)", name, path)
	}
}

// TestGolden keeps the whole outputs of the sample under review: the JSON,
// the check table and the PDF's text (spaces normalised). The numbers in
// them are checked by hand in TestSampleKPIs; these catch any other change.
func TestGolden(t *testing.T) {
	// The report is dated the day it is made: the golden files pin the day
	// the sample's files were written, 31 October 2026.
	t.Setenv("SOURCE_DATE_EPOCH", "1793404800")
	dir := t.TempDir()
	pdf := filepath.Join(dir, "rapport.pdf")
	stdout, stderr, code := runCmd(t, "report", "-c", sampleConfig, "-o", pdf, "--json", "-", sampleBook)
	if code != 0 {
		t.Fatal(stderr)
	}
	golden(t, "sample.json", stdout)
	stdout, stderr, code = runCmd(t, "check", "-c", sampleConfig, sampleBook)
	if code != 0 {
		t.Fatal(stderr)
	}
	golden(t, "sample.check.txt", stdout)
	var lines []string
	for _, l := range strings.Split(pdfText(t, pdf), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	golden(t, "sample.pdf.txt", strings.Join(lines, "\n")+"\n")
}
