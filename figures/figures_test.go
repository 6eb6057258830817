package figures

import (
	"os/exec"
	"strings"
	"testing"
)

func TestRef(t *testing.T) {
	tests := []struct{ sheet, want string }{
		{"Données", "Données!B4"},
		{"Sheet1", "Sheet1!B4"},
		{"Chiffres_2025", "Chiffres_2025!B4"},
		{"v1.2", "v1.2!B4"},
		{"2025", "'2025'!B4"},
		{"Réel 2025", "'Réel 2025'!B4"},
		{"CA-HT", "'CA-HT'!B4"},
		{"L'année", "'L''année'!B4"},
		{"AB12", "'AB12'!B4"},
		{"R1C1", "'R1C1'!B4"},
		{"Résultats", "Résultats!B4"},
	}
	for _, tt := range tests {
		if got := Ref(tt.sheet, "B4"); got != tt.want {
			t.Errorf("Ref(%q) = %s, want %s", tt.sheet, got, tt.want)
		}
	}
}

func TestSourceString(t *testing.T) {
	tests := []struct {
		src  Source
		want string
	}{
		{Cell("Données", "C14"), "Données!C14"},
		{Source{Sheet: "Sheet1", Cell: "L2", Last: "L701"}, "Sheet1!L2…L701"},
		{Source{Sheet: "Ventes 2025", Cell: "B2", Last: "B2"}, "'Ventes 2025'!B2"},
		{Source{File: "grand-livre.csv", Line: 42}, "grand-livre.csv:42"},
		{Source{}, ""},
	}
	for _, tt := range tests {
		if got := tt.src.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestKinds(t *testing.T) {
	for _, tt := range []struct {
		metric             string
		stock, count, cost bool
	}{
		{"revenue", false, false, false},
		{"marketing_costs", false, false, true},
		{"orders", false, true, false},
		{"customers_end", true, true, false},
		{"cash", true, false, false},
		{"cogs", false, false, true},
		{"a_metric_of_the_config", false, false, false},
	} {
		if IsStock(tt.metric) != tt.stock || IsCount(tt.metric) != tt.count || IsCost(tt.metric) != tt.cost {
			t.Errorf("%s: stock %v count %v cost %v, want %v %v %v", tt.metric,
				IsStock(tt.metric), IsCount(tt.metric), IsCost(tt.metric), tt.stock, tt.count, tt.cost)
		}
	}
}

// TestPackageGraph keeps the stages apart: the table of figures depends on
// the standard library only, and neither kpi nor render reaches a
// spreadsheet library or the reader, so that a new source (a ledger, a
// budget file) plugs in beside the reader without touching them.
func TestPackageGraph(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on the PATH")
	}
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	const module = "github.com/kpireport/kpireport/"
	for _, d := range deps("github.com/kpireport/kpireport/figures") {
		if d != module+"figures" {
			t.Errorf("figures depends on %s: it must depend on the standard library only", d)
		}
	}
	for _, pkg := range []string{"kpi", "render"} {
		for _, d := range deps(module + pkg) {
			if strings.Contains(d, "excelize") || d == module+"reader" || strings.HasPrefix(d, module+"reader/") {
				t.Errorf("%s depends on %s: it must take its figures from package figures", pkg, d)
			}
		}
	}
}
