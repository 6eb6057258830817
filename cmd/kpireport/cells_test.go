package main

import (
	"strings"
	"testing"
)

// TestEveryBadCellNamed: a workbook with thirteen cells that are not
// numbers gets them named in one run: ten lines naming a cell each, in
// the sheet's order, then how many more, then the hint.
func TestEveryBadCellNamed(t *testing.T) {
	_, stderr, code := runCmd(t, "check", "-c", sampleConfig, "../../reader/testdata/fail_many_bad_cells.xlsx")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	want := []string{
		`kpireport: error: fail_many_bad_cells.xlsx: Données!B2: "10 000x" is not a number`,
		`kpireport: error: fail_many_bad_cells.xlsx: Données!C2: "100y" is not a number`,
	}
	if len(lines) != 12 || lines[0] != want[0] || lines[1] != want[1] ||
		lines[10] != "kpireport: error: fail_many_bad_cells.xlsx: and 3 more cells that cannot be read" ||
		!strings.HasPrefix(lines[11], "kpireport: hint: write numbers with digits only") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
