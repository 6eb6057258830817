package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/internal/shared"
	"github.com/xuri/excelize/v2"
)

const (
	sampleBook   = "../../samples/figures.xlsx"
	sampleConfig = "../../samples/kpis.yaml"
)

// runCmd runs the command line in-process and returns stdout, stderr and
// the exit status.
func runCmd(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, nil, &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// TestSampleKPIs checks the five KPIs of the sample against values worked
// out by hand from the sample's October 2026 row (Données!34) and, for
// revenue growth, October 2025 (Données!22):
//
//	CA HT 49 780,84 €   Résultat net 3 534,44 €   Dépenses marketing 2 760,00 €
//	Nouveaux clients 71  Visiteurs site 13 135     Commandes en ligne 315
//	Commandes 2 878      CA HT octobre 2025: 45 697,87 €
func TestSampleKPIs(t *testing.T) {
	stdout, stderr, code := runCmd(t, "report", "-c", sampleConfig, "-o", filepath.Join(t.TempDir(), "r.pdf"), "--json", "-", sampleBook)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Company, Period string
		KPIs            []struct {
			ID       string
			Value    *float64
			Status   string
			Previous *float64
			Actions  []string
			Series   []struct{ Period string }
		}
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id     string
		value  float64
		status string
		why    string
	}{
		{"net_margin", 7.100000723100, "watch", "3534.44 / 49780.84 × 100 (target 8, threshold 6)"},
		{"revenue_growth", 8.934705271800, "ok", "(49780.84 − 45697.87) / 45697.87 × 100"},
		{"cac", 38.873239436619, "breach", "2760 / 71 (target 30, threshold 36)"},
		{"conversion_rate", 2.398172820700, "breach", "315 / 13135 × 100 (target 3, threshold 2.5)"},
		{"avg_basket", 17.297025712300, "watch", "49780.84 / 2878 (target 18, threshold 16)"},
	}
	if got.Company != "Boulangerie Martin SARL" || got.Period != "2026-10" {
		t.Errorf("company %q period %q", got.Company, got.Period)
	}
	if len(got.KPIs) != len(want) {
		t.Fatalf("%d KPIs, want %d", len(got.KPIs), len(want))
	}
	for i, w := range want {
		k := got.KPIs[i]
		if k.ID != w.id || k.Value == nil || math.Abs(*k.Value-w.value) > 1e-9 || k.Status != w.status {
			t.Errorf("%s = %v %s, want %s = %.12f %s (%s)", k.ID, deref(k.Value), k.Status, w.id, w.value, w.status, w.why)
		}
		if n := len(k.Series); n != 12 || k.Series[0].Period != "2025-11" || k.Series[n-1].Period != "2026-10" {
			t.Errorf("%s: series of %d months, want the 12 from 2025-11 to 2026-10 (SPEC.md's example)", k.ID, n)
		}
		if (k.Status == "breach") != (len(k.Actions) > 0) {
			t.Errorf("%s: actions %v for status %s", k.ID, k.Actions, k.Status)
		}
	}
	// Net margin of September 2026: 2484.47 / 47778.18 × 100.
	if p := got.KPIs[0].Previous; p == nil || math.Abs(*p-5.200009711500) > 1e-9 {
		t.Errorf("net_margin previous = %v, want 5.2000097115", deref(p))
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestReportPDF runs report on the sample and reads the PDF back.
func TestReportPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed (Debian package poppler-utils; .ci/run installs it)")
	}
	dir := t.TempDir()
	for _, lang := range []string{"fr", "en"} {
		pdf := filepath.Join(dir, lang+".pdf")
		_, stderr, code := runCmd(t, "report", "-c", sampleConfig, "--lang", lang, "-o", pdf, sampleBook)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-1024:], []byte("%%EOF")) {
			t.Fatalf("%s is not a complete PDF", pdf)
		}
		if len(data) > 100<<10 {
			t.Errorf("%s is %d bytes, over the 100 KB budget", lang, len(data))
		}
		text := pdfText(t, pdf)
		wants := map[string][]string{
			"fr": {"Boulangerie Martin SARL", "octobre 2026", "Marge nette", "Croissance du chiffre", "Coût d'acquisition client",
				"Taux de conversion", "Panier moyen", "7,1 %", "38,87 €", "Plan d'action", "Annexe", "Données!B34",
				"Marge nette = 3 534,44 ÷ 49 780,84 × 100 = 7,1 %"},
			"en": {"Boulangerie Martin SARL", "October 2026", "Net margin", "Revenue growth", "Customer acquisition cost",
				"Conversion rate", "Panier moyen", "7.1%", "€38.87", "Action plan", "Appendix", "Données!B34"},
		}[lang]
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s PDF lacks %q", lang, w)
			}
		}
	}
}

// pdfText extracts a PDF's text with pdftotext, with no-break spaces made
// plain.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

// TestReproducible checks that two runs give the same bytes with
// SOURCE_DATE_EPOCH set (without it the PDF holds the time it was made).
func TestReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793404800")
	dir := t.TempDir()
	var outs [2][]byte
	for i := range outs {
		p := filepath.Join(dir, "r.pdf")
		if _, stderr, code := runCmd(t, "report", "-c", sampleConfig, "-o", p, sampleBook); code != 0 {
			t.Fatal(stderr)
		}
		outs[i], _ = os.ReadFile(p)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs on the same inputs gave different PDFs")
	}
}

func TestErrorsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("company: X\nkpis:\n  - kpi: net_margn\n    target: 1\n    threshold: 0\n"), 0o644)
	csv := filepath.Join(dir, "data.xlsx")
	os.WriteFile(csv, []byte("Mois;CA HT\n2025-01;1000\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "no command given"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"no workbook", []string{"report", "-c", sampleConfig}, 2, "exactly one workbook"},
		{"bad flag", []string{"report", "--nope", sampleBook}, 2, "unknown option -nope"},
		{"help", []string{"report", "-h"}, 0, ""},
		{"config typo", []string{"check", "-c", bad, sampleBook}, 1, `bad.yaml:3: unknown KPI "net_margn"`},
		{"csv named xlsx", []string{"check", "-c", sampleConfig, csv}, 1, "data.xlsx : ce fichier est un fichier texte (CSV ?)"}, // the sample config is French
		{"missing workbook", []string{"check", "-c", sampleConfig, filepath.Join(dir, "none.xlsx")}, 1, "fichier introuvable"},
		{"period without figures", []string{"check", "-c", sampleConfig, "--period", "2027-01", sampleBook}, 1, "aucun chiffre pour 2027-01"},
		{"bad period", []string{"check", "-c", sampleConfig, "--period", "janvier", sampleBook}, 2, "is not a month"},
		{"missing out dir", []string{"report", "-c", sampleConfig, "-o", filepath.Join(dir, "no", "r.pdf"), sampleBook}, 1, "n'existe pas"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tc.stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace in stderr: %s", stderr)
			}
		})
	}
	// A failed report leaves no file behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".pdf") || strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestCheck(t *testing.T) {
	stdout, stderr, code := runCmd(t, "check", "-c", sampleConfig, sampleBook)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"Marge nette", "7,1 %", "8,0 %", "6,0 %", "Surveiller", "Coût d'acquisition client", "Alerte"} {
		if !strings.Contains(strings.ReplaceAll(stdout, "\u00a0", " "), w) {
			t.Errorf("check output lacks %q:\n%s", w, stdout)
		}
	}
}

func TestInitThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "client")
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	if _, stderr, code := runCmd(t, "init", dir); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	if _, stderr, code := runCmd(t, "init", dir); code != 1 || !strings.Contains(stderr, "existe déjà") {
		t.Errorf("second init: exit %d, %s", code, stderr)
	}
	// A blank template has no figures yet: check says so.
	book := filepath.Join(dir, "chiffres.xlsx")
	_, stderr, code := runCmd(t, "check", "-c", filepath.Join(dir, "kpis.yaml"), book)
	if code != 1 || !strings.Contains(stderr, "aucun chiffre") /* the starter config is French */ {
		t.Errorf("check on blank template: exit %d, %s", code, stderr)
	}
	// The user types three months of figures in: check accepts the workbook.
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	header, _ := f.GetRows(sheet)
	if got := strings.Join(header[0], "|"); got != "Mois|CA HT|Résultat net|Dépenses marketing|Nouveaux clients" {
		t.Errorf("template headers %q", got)
	}
	for r, row := range [][]any{{41000.5, 3200, 1500, 52}, {39000, 2900.25, 1450, 48}, {45000, 4100, 1600, 61}} {
		f.SetSheetRow(sheet, fmt.Sprintf("B%d", r+2), &row)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCmd(t, "check", "-c", filepath.Join(dir, "kpis.yaml"), book)
	if code != 0 {
		t.Fatalf("check after typing figures: exit %d, %s", code, stderr)
	}
	// March 2026: 4100 / 45000 × 100 = 9,1 % net margin.
	if !strings.Contains(stdout, "mars 2026") || !strings.Contains(strings.ReplaceAll(stdout, "\u00a0", " "), "9,1 %") {
		t.Errorf("check output:\n%s", stdout)
	}
}

func TestLogo(t *testing.T) {
	dir := t.TempDir()
	// A 2×2 red PNG, written by hand.
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	os.WriteFile(filepath.Join(dir, "logo.png"), buf.Bytes(), 0o644)
	cfg, _ := os.ReadFile(sampleConfig)
	cfg = bytes.Replace(cfg, []byte("period: latest"), []byte("period: latest\nlogo: logo.png"), 1)
	os.WriteFile(filepath.Join(dir, "kpis.yaml"), cfg, 0o644)
	out := filepath.Join(dir, "r.pdf")
	if _, stderr, code := runCmd(t, "report", "-c", filepath.Join(dir, "kpis.yaml"), "-o", out, sampleBook); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(out)
	if !bytes.Contains(data, []byte("/Subtype /Image")) {
		t.Error("the logo is not in the PDF")
	}
	os.Remove(filepath.Join(dir, "logo.png"))
	_, stderr, code := runCmd(t, "report", "-c", filepath.Join(dir, "kpis.yaml"), "-o", out+"2", sampleBook)
	if code != 1 || !strings.Contains(stderr, "logo") {
		t.Errorf("missing logo: exit %d, %s", code, stderr)
	}
}

func TestKPIsAndVersion(t *testing.T) {
	stdout, _, code := runCmd(t, "kpis", "--lang", "en")
	if code != 0 {
		t.Fatal(code)
	}
	for _, id := range []string{"roi", "conversion_rate", "cac", "revenue_growth", "retention_rate", "net_margin",
		"engagement_rate", "payback_months", "nps", "automation_rate", "gross_margin", "ebitda_margin", "cash_runway", "dso", "dscr"} {
		if !strings.Contains(stdout, id+" ") {
			t.Errorf("kpis lacks %s", id)
		}
	}
	stdout, _, code = runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "kpireport ") {
		t.Errorf("version: %d %q", code, stdout)
	}
}

func TestBatch(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	data, _ := os.ReadFile(sampleBook)
	for _, n := range []string{"a.xlsx", "b.xlsx"} {
		os.WriteFile(filepath.Join(in, n), data, 0o644)
	}
	os.WriteFile(filepath.Join(in, "broken.xlsx"), []byte("PK\x03\x04garbage"), 0o644)
	// A workbook with a month missing: its warning goes into the summary.
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Données") // as the sample's config says
	f.SetSheetRow("Données", "A1", &[]any{"Mois", "CA HT", "Résultat net", "Dépenses marketing", "Nouveaux clients", "Visiteurs site", "Commandes en ligne", "Commandes"})
	for i, m := range []string{"2026-01", "2026-02", "2026-04"} {
		f.SetSheetRow("Données", fmt.Sprintf("A%d", i+2), &[]any{m, 40000, 3000, 2000, 60, 10000, 300, 2500})
	}
	if err := f.SaveAs(filepath.Join(in, "gap.xlsx")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runCmd(t, "batch", "-c", sampleConfig, "-o", out, in)
	if code != 1 || !strings.Contains(stderr, "1 sur 4 classeurs en échec") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	// Four workbooks with the sample's config: the same company, three of
	// them for the same period (October 2026; gap.xlsx ends in April).
	for _, f := range []string{"Boulangerie Martin SARL - 2026-10.pdf", "Boulangerie Martin SARL - 2026-10 (2).pdf",
		"Boulangerie Martin SARL - 2026-10.json", "Boulangerie Martin SARL - 2026-04.pdf", "summary.json", "summary.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "broken.pdf")); err == nil {
		t.Error("a PDF was written for the broken workbook")
	}
	if !strings.Contains(stdout, "broken.xlsx") || !strings.Contains(stdout, "ÉCHEC") {
		t.Errorf("summary table:\n%s", stdout)
	}
	var summary []batchResult
	data, _ = os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(data, &summary); err != nil {
		t.Fatal(err)
	}
	for _, r := range summary {
		want := map[string]string{"gap.xlsx": "2026-03\u00a0: mois manquant"}[filepath.Base(r.Workbook)]
		if got := strings.Join(r.Warnings, "|"); got != want {
			t.Errorf("%s: warnings %q, want %q", filepath.Base(r.Workbook), got, want)
		}
	}
}

func TestPassword(t *testing.T) {
	dir := t.TempDir()
	f, err := excelize.OpenFile(sampleBook)
	if err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked.xlsx")
	if err := f.SaveAs(locked, excelize.Options{Password: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCmd(t, "check", "-c", sampleConfig, locked)
	if code != 1 || !strings.Contains(stderr, "protégé par mot de passe") || !strings.Contains(stderr, "KPIREPORT_PASSWORD") {
		t.Errorf("no password: exit %d, %s", code, stderr)
	}
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("s3cret\n"), 0o600)
	if _, stderr, code := runCmd(t, "check", "-c", sampleConfig, "--password-file", pw, locked); code != 0 {
		t.Errorf("--password-file: exit %d, %s", code, stderr)
	}
	t.Setenv("KPIREPORT_PASSWORD", "wrong")
	if _, stderr, code := runCmd(t, "check", "-c", sampleConfig, locked); code != 1 || !strings.Contains(stderr, "mot de passe n'est pas le bon") {
		t.Errorf("wrong password: exit %d, %s", code, stderr)
	}
	t.Setenv("KPIREPORT_PASSWORD", "s3cret")
	if _, stderr, code := runCmd(t, "check", "-c", sampleConfig, locked); code != 0 {
		t.Errorf("KPIREPORT_PASSWORD: exit %d, %s", code, stderr)
	}
}

// TestFinancialSample reports on the real Excel file (700 sales rows summed
// per month) with a new metric named under workbook.metrics. The expected
// values for December 2014 were computed with openpyxl from the 70 rows of
// that month: Sales 11 998 787,90, COGS 9 973 022, Profit 2 025 765,90,
// Units Sold 102 336; November 2014 Sales 5 384 214,20.
func TestFinancialSample(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kpis.yaml")
	os.WriteFile(cfg, []byte(`company: Contoso
language: en
currency: USD
workbook:
  metrics:
    units: Units Sold
kpis:
  - kpi: net_margin
    target: 15%
    threshold: 10%
  - kpi: revenue_growth
    target: 5%
    threshold: 0%
  - kpi: custom
    id: gross_margin_rate
    name: Gross margin rate
    formula: (revenue - cogs) / revenue * 100
    unit: percent
    target: 20
    threshold: 15
  - kpi: custom
    id: avg_price
    name: Average price per unit
    formula: revenue / units
    unit: currency
    target: 120
    threshold: 100
`), 0o644)
	got, stderr := reportJSON(t, cfg, shared.Path(t, "workbooks/financial-sample.xlsx"), filepath.Join(dir, "r.pdf"))
	want := map[string]float64{
		"net_margin":        2025765.90 / 11998787.90 * 100,                // 16.883 %
		"revenue_growth":    (11998787.90 - 5384214.20) / 5384214.20 * 100, // 122.85 %
		"gross_margin_rate": (11998787.90 - 9973022) / 11998787.90 * 100,   // 16.883 %
		"avg_price":         11998787.90 / 102336,                          // 117.25
	}
	if got.Period != "2014-12" || len(got.KPIs) != 4 {
		t.Fatalf("period %s, %d KPIs", got.Period, len(got.KPIs))
	}
	for _, k := range got.KPIs {
		if k.Value == nil || math.Abs(*k.Value-want[k.ID]) > 1e-6*math.Abs(want[k.ID]) {
			t.Errorf("%s = %v, want %v", k.ID, deref(k.Value), want[k.ID])
		}
	}
	if len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "700 rows summed into 16 months") {
		t.Errorf("warnings %v", got.Warnings)
	}
	if !strings.Contains(stderr, "700 rows summed") {
		t.Errorf("stderr should carry the warning: %s", stderr)
	}
}

// TestPanicBecomesError: a panic anywhere is an internal error with exit
// status 1, not a crash with a stack trace (here: a nil standard output).
func TestPanicBecomesError(t *testing.T) {
	err := run(context.Background(), []string{"version"}, nil, nil, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "internal error:") {
		t.Fatalf("err = %v", err)
	}
	var stderr bytes.Buffer
	if code := exitCode(err, &stderr); code != 1 || strings.Contains(stderr.String(), "goroutine") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestSheetPerYear: a workbook with one sheet per year, newest first, month
// names with the year only in the sheet's name, and a budget sheet. The
// report joins the years (growth against last year reads the other sheet)
// and leaves the budget out.
func TestSheetPerYear(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	names := []string{"Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août", "Septembre", "Octobre", "Novembre", "Décembre"}
	sheets := []struct {
		name   string
		months int
		base   float64
	}{{"2026", 3, 12000}, {"2025", 12, 10000}, {"Budget 2026", 12, 50000}}
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else {
			f.NewSheet(s.name)
		}
		f.SetSheetRow(s.name, "A1", &[]any{"Tableau de bord " + s.name})
		f.SetSheetRow(s.name, "A3", &[]any{"Mois", "CA HT", "Résultat net", "Dépenses marketing", "Nouveaux clients"})
		for m := 1; m <= s.months; m++ {
			rev := s.base + 100*float64(m)
			f.SetSheetRow(s.name, fmt.Sprintf("A%d", m+3), &[]any{names[m-1], rev, rev / 10, 1000, 40})
		}
	}
	book, cfg := writeInputs(t, dir, f, `company: Atelier Durand
kpis:
  - kpi: revenue_growth
    compare: yoy
    target: 10%
    threshold: 0%
  - kpi: net_margin
    target: 8%
    threshold: 5%
  - kpi: cac
    target: 30
    threshold: 40
`)
	got, _ := reportJSON(t, cfg, book, filepath.Join(dir, "r.pdf"))
	// March 2026 (12,300) against March 2025 (10,300), read from the other sheet.
	want := (12300.0 - 10300) / 10300 * 100
	if got.Period != "2026-03" || got.KPIs[0].Value == nil || math.Abs(*got.KPIs[0].Value-want) > 1e-9 {
		t.Errorf("period %s, growth %v; want 2026-03 and %v", got.Period, deref(got.KPIs[0].Value), want)
	}
	if len(got.Warnings) != 0 {
		t.Errorf("warnings %v, want none", got.Warnings)
	}
	text := pdfText(t, filepath.Join(dir, "r.pdf"))
	for _, w := range []string{"Feuilles 2026, 2025", "'2025'!B6", "'2026'!B6"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q", w)
		}
	}
}

// TestThousandsReport: a management table kept in k€ gives the same KPIs as
// one in euros (CAC = 2,760 € / 71 customers, not 2.76 / 71), and the
// appendix shows each cell as written and its conversion.
func TestThousandsReport(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"SARL Durand — montants en milliers d'euros"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Mois", "CA HT", "Résultat net", "Dépenses marketing", "Nouveaux clients"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"2026-09", 45.5, 3.1, 2.5, 60})
	f.SetSheetRow("Sheet1", "A5", &[]any{"2026-10", 49.78084, 3.53444, 2.76, 71})
	book, cfg := writeInputs(t, dir, f, `company: SARL Durand
kpis:
  - kpi: cac
    target: 30
    threshold: 40
  - kpi: net_margin
    target: 8%
    threshold: 5%
  - kpi: custom
    id: revenue_per_customer
    name: CA par nouveau client
    formula: revenue / new_customers
    unit: currency
    target: 500
    threshold: 400
`)
	got, _ := reportJSON(t, cfg, book, filepath.Join(dir, "r.pdf"))
	want := map[string]float64{"cac": 2760.0 / 71, "net_margin": 3534.44 / 49780.84 * 100, "revenue_per_customer": 49780.84 / 71}
	for _, k := range got.KPIs {
		if k.Value == nil || math.Abs(*k.Value-want[k.ID]) > 1e-9*want[k.ID] {
			t.Errorf("%s = %v, want %v", k.ID, deref(k.Value), want[k.ID])
		}
	}
	text := strings.ReplaceAll(pdfText(t, filepath.Join(dir, "r.pdf")), "\u00a0", " ")
	for _, w := range []string{"Dépenses marketing (octobre 2026) = 2,76 × 1 000 = 2 760", "CA HT (octobre 2026) = 49,78084 × 1 000 = 49 780,84", "38,87 €",
		"CA HT, Résultat net, Dépenses marketing : montants en milliers dans le classeur, multipliés ici par 1 000."} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q", w)
		}
	}
}

// writeInputs saves the workbook f and the config text in dir and returns
// their paths.
func writeInputs(t *testing.T, dir string, f *excelize.File, config string) (book, cfg string) {
	t.Helper()
	book, cfg = filepath.Join(dir, "figures.xlsx"), filepath.Join(dir, "kpis.yaml")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return book, cfg
}

// jsonReport is the part of the JSON output the end-to-end tests check.
type jsonReport struct {
	Period string
	KPIs   []struct {
		ID, Status string
		Value      *float64
	}
	Warnings []string
}

// reportJSON runs report on the workbook with the config, writing the PDF
// to pdf, and returns the JSON it printed and its standard error.
func reportJSON(t *testing.T, cfg, book, pdf string) (jsonReport, string) {
	t.Helper()
	stdout, stderr, code := runCmd(t, "report", "-c", cfg, "-o", pdf, "--json", "-", book)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got jsonReport
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	return got, stderr
}

// TestODSReport: LibreOffice's own format gives the same report as the same
// workbook saved as .xlsx (the P&L fixture, both written by LibreOffice).
func TestODSReport(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kpis.yaml")
	os.WriteFile(cfg, []byte(`company: Test
kpis:
  - kpi: gross_margin
    target: 55%
    threshold: 45%
  - kpi: net_margin
    target: 8%
    threshold: 5%
  - kpi: cac
    target: 40
    threshold: 50
`), 0o644)
	xlsx, _ := reportJSON(t, cfg, "../../reader/testdata/good_pnl.xlsx", filepath.Join(dir, "x.pdf"))
	ods, _ := reportJSON(t, cfg, "../../reader/testdata/good_pnl_lo.ods", filepath.Join(dir, "o.pdf"))
	a, _ := json.Marshal(xlsx)
	b, _ := json.Marshal(ods)
	if !bytes.Equal(a, b) || len(xlsx.KPIs) != 3 || xlsx.KPIs[0].Value == nil {
		t.Errorf("xlsx %s\nods  %s", a, b)
	}
}
