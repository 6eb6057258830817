package main

import (
	"strings"
	"testing"
)

// TestEveryBadCellNamed: a workbook with thirteen cells that are not
// numbers gets them named in one run: ten lines naming a cell each, in
// the sheet's order, then how many more, then the hint, in the config's
// language (the sample's is French).
func TestEveryBadCellNamed(t *testing.T) {
	_, stderr, code := runCmd(t, "check", "-c", sampleConfig, "../../reader/testdata/fail_many_bad_cells.xlsx")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	// French typography's no-break spaces read as spaces here.
	plain := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(stderr)
	lines := strings.Split(strings.TrimSpace(plain), "\n")
	want := []string{
		"kpireport : erreur : fail_many_bad_cells.xlsx : Données!B2 : « 10 000x » n'est pas un nombre",
		"kpireport : erreur : fail_many_bad_cells.xlsx : Données!C2 : « 100y » n'est pas un nombre",
	}
	if len(lines) != 12 || lines[0] != want[0] || lines[1] != want[1] ||
		lines[10] != "kpireport : erreur : fail_many_bad_cells.xlsx : et 3 autres cellules illisibles" ||
		!strings.HasPrefix(lines[11], "kpireport : conseil : écrivez les nombres en chiffres") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
