package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestBatchClientFolders: a firm's folder of client folders, each with its
// kpis.yaml and workbook, becomes one report per client named with its
// company and period, sent to each client's address, with no -c.
func TestBatchClientFolders(t *testing.T) {
	hermetic(t)
	srv := startSMTP(t, true)
	firm := t.TempDir()
	clients := []struct{ dir, company, to string }{
		{"boucherie", "Boucherie Durand", "direction@boucherie-durand.test"},
		{"cafe", "Café des Arts SARL", "gerant@cafe-des-arts.test"},
		{"fromagerie", "Fromagerie / Crèmerie: Lefèvre", "contact@lefevre.test"},
	}
	for _, c := range clients {
		client(t, filepath.Join(firm, c.dir), c.company, "fr", "email:\n  to: ["+c.to+"]\n")
	}
	// A client without email: reported, listed as not sent, not an error.
	client(t, filepath.Join(firm, "sans-adresse"), "Épicerie Sans Adresse", "fr", "")
	// Files that are not workbooks are named with the reason.
	os.WriteFile(filepath.Join(firm, "ancien.xls"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(firm, "cafe", "export.csv"), []byte("a;b"), 0o644)
	os.WriteFile(filepath.Join(firm, "cafe", "~$chiffres.xlsx"), []byte("lock"), 0o644)
	os.WriteFile(filepath.Join(firm, "cafe", "logo-ancien.png"), []byte("png"), 0o644)

	out := filepath.Join(t.TempDir(), "rapports")
	stdout, stderr, code := runCmd(t, "batch", "--send", "--smtp", srv.smtpYAML(t, "starttls"), "-o", out, firm)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	noPassword(t, stdout, stderr)
	var names []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{
		"Boucherie Durand - 2026-10.json", "Boucherie Durand - 2026-10.pdf",
		"Café des Arts SARL - 2026-10.json", "Café des Arts SARL - 2026-10.pdf",
		"Fromagerie - Crèmerie - Lefèvre - 2026-10.json", "Fromagerie - Crèmerie - Lefèvre - 2026-10.pdf",
		"summary.csv", "summary.json",
		"Épicerie Sans Adresse - 2026-10.json", "Épicerie Sans Adresse - 2026-10.pdf",
	}
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Errorf("files written:\n%q\nwant\n%q", names, want)
	}
	// Each client's report names its own company.
	for _, c := range clients {
		js, _ := os.ReadFile(filepath.Join(out, reportName(c.company, "2026-10")+".json"))
		if !bytes.Contains(js, []byte(`"company": "`+c.company+`"`)) {
			t.Errorf("%s: the report is not the client's:\n%.200s", c.company, js)
		}
	}
	// One message to each client with an address, its own report attached.
	msgs := srv.messages()
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want 3", len(msgs))
	}
	byTo := map[string]received{}
	for _, m := range msgs {
		byTo[strings.Join(m.to, ",")] = m
	}
	for _, c := range clients {
		m, ok := byTo[c.to]
		if !ok {
			t.Errorf("nothing sent to %s", c.to)
			continue
		}
		p := parseMessage(t, m.data)
		if want := "Rapport de gestion — " + c.company + " — octobre 2026"; p.subject != want {
			t.Errorf("subject %q, want %q", p.subject, want)
		}
		pdf, _ := os.ReadFile(filepath.Join(out, reportName(c.company, "2026-10")+".pdf"))
		if len(pdf) == 0 || !bytes.Equal(p.pdf, pdf) || p.attachment != reportName(c.company, "2026-10")+".pdf" {
			t.Errorf("%s: attachment %q (%d bytes) is not its report (%d bytes)", c.to, p.attachment, len(p.pdf), len(pdf))
		}
	}
	// The summary: 80 columns, the client without email listed as not sent,
	// the skipped files with their reason.
	for _, line := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
	for _, want := range []string{
		"Épicerie Sans Adresse", "non envoyé (sans email.to)", "envoyé",
		"ancien.xls: ancien format Excel (.xls)", "export.csv: fichier CSV", "~$chiffres.xlsx: fichier de verrou",
		"et d'autres fichiers qui ne sont pas des classeurs : 1",
		"Envoyés : 3 ; non envoyés (sans email.to) : 1.",
	} {
		if !strings.Contains(strings.Join(strings.Fields(stdout), " "), want) { // lines wrapped at 80 columns
			t.Errorf("the summary lacks %q:\n%s", want, stdout)
		}
	}
	// summary.csv as French Excel opens it: BOM, ";" and decimal commas.
	// The sample's October 2026 values (TestSampleKPIs): net margin
	// 3 534,44 / 49 780,84 = 7,1000 %, CAC 2 760 / 71 = 38,873 €, average
	// basket 49 780,84 / 2 878 = 17,297 €; rounded to two decimals.
	csvData, _ := os.ReadFile(filepath.Join(out, "summary.csv"))
	if !bytes.HasPrefix(csvData, []byte("\uFEFFclient;classeur;pdf;état;période;envoi;envoyé à;indicateur;unité;valeur;objectif;seuil;statut;avertissements;erreur")) {
		t.Errorf("summary.csv header:\n%.300s", csvData)
	}
	for _, want := range []string{
		";2026-10;envoyé;gerant@cafe-des-arts.test;Marge nette;%;7,1;8;6;Surveiller;0;",
		";Coût d'acquisition client;EUR;38,87;30;36;Alerte;",
		";Panier moyen;EUR;17,3;18;16;Surveiller;",
		";non envoyé (sans email.to);;Marge nette;",
		"ancien.xls;;ignoré;;;;;;;;;;;ancien format Excel (.xls)",
	} {
		if !bytes.Contains(csvData, []byte(want)) {
			t.Errorf("summary.csv lacks %q:\n%s", want, csvData)
		}
	}
	var summary []batchResult
	js, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(js, &summary); err != nil {
		t.Fatal(err)
	}
	sent := map[string]string{}
	for _, r := range summary {
		sent[r.Client] = r.Sent
	}
	if sent["Café des Arts SARL"] != "sent" || sent["Épicerie Sans Adresse"] != "not_sent" {
		t.Errorf("summary.json sent: %v", sent)
	}
}

// TestBatchClientRules: which workbook a client folder means, and what a
// folder that does not say gives.
func TestBatchClientRules(t *testing.T) {
	hermetic(t)
	firm := t.TempDir()
	book, _ := os.ReadFile(sampleBook)
	// Two workbooks, none named: that client fails, the others do not.
	two := client(t, filepath.Join(firm, "deux"), "Deux Classeurs SA", "fr", "")
	os.WriteFile(filepath.Join(two, "ancien.xlsx"), book, 0o644)
	// Two workbooks, one named by workbook.file.
	named := client(t, filepath.Join(firm, "nomme"), "Classeur Nommé SA", "fr", "")
	os.Rename(filepath.Join(named, "chiffres.xlsx"), filepath.Join(named, "2026.xlsx"))
	os.WriteFile(filepath.Join(named, "2025.xlsx"), []byte("not read"), 0o644)
	cfg, _ := os.ReadFile(filepath.Join(named, "kpis.yaml"))
	os.WriteFile(filepath.Join(named, "kpis.yaml"), bytes.Replace(cfg, []byte("workbook:\n"), []byte("workbook:\n  file: 2026.xlsx\n"), 1), 0o644)
	// The same company and period twice: the second is numbered, not lost.
	client(t, filepath.Join(firm, "martin-1"), "Boulangerie Martin SARL", "fr", "")
	client(t, filepath.Join(firm, "martin-2"), "Boulangerie Martin SARL", "fr", "")
	// A folder without kpis.yaml: its workbooks need -c, and only they fail
	// without one.
	os.MkdirAll(filepath.Join(firm, "vrac"), 0o755)
	os.WriteFile(filepath.Join(firm, "vrac", "sans-config.xlsx"), book, 0o644)

	out := filepath.Join(t.TempDir(), "out")
	sample, _ := filepath.Abs(sampleConfig)
	t.Chdir(t.TempDir()) // no kpis.yaml in the current folder
	stdout, stderr, code := runCmd(t, "batch", "-o", out, firm)
	if code != 1 || !strings.Contains(stderr, "2 sur 5 classeurs en échec") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"deux: plusieurs classeurs dans ce dossier client (ancien.xlsx, chiffres.xlsx)", "workbook: avec la ligne file: ancien.xlsx",
		"2025.xlsx: pas le classeur nommé par workbook.file",
		"sans-config.xlsx: kpis.yaml : fichier de configuration introuvable",
		"Boulangerie Martin SARL (2)",
	} {
		if !strings.Contains(strings.Join(strings.Fields(stdout), " "), want) { // lines wrapped at 80 columns
			t.Errorf("the summary lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"Classeur Nommé SA - 2026-10.pdf", "Boulangerie Martin SARL - 2026-10.pdf", "Boulangerie Martin SARL - 2026-10 (2).pdf"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	// With -c, the loose workbook is reported with it.
	stdout, stderr, code = runCmd(t, "batch", "-c", sample, "-o", out, filepath.Join(firm, "vrac"), filepath.Join(firm, "nomme"))
	if code != 0 {
		t.Errorf("with -c: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestReportName(t *testing.T) {
	for _, tc := range []struct{ company, want string }{
		{"Boulangerie Martin SARL", "Boulangerie Martin SARL - 2026-10"},
		{"Café / Bar: Martin", "Café - Bar - Martin - 2026-10"},
		{`Les "Amis" <du> pain?*|`, "Les 'Amis' - du - pain - 2026-10"},
		{"Tab\tand\nnewline", "Tab and newline - 2026-10"},
		{"...", "report - 2026-10"},
		{"A.B. Conseil.", "A.B. Conseil - 2026-10"},
	} {
		if got := reportName(tc.company, "2026-10"); got != tc.want {
			t.Errorf("reportName(%q) = %q, want %q", tc.company, got, tc.want)
		}
	}
}

// BenchmarkBatchSend100 measures batch --send for 100 client folders
// against the local STARTTLS server (go test -bench BatchSend100
// -benchtime 1x ./cmd/kpireport).
func BenchmarkBatchSend100(b *testing.B) {
	hermetic(b)
	srv := startSMTP(b, true)
	smtpFile := srv.smtpYAML(b, "starttls")
	firm := b.TempDir()
	for i := range 100 {
		client(b, filepath.Join(firm, fmt.Sprintf("client-%03d", i)), fmt.Sprintf("Client %03d SARL", i), "fr",
			fmt.Sprintf("email:\n  to: [direction@client-%03d.test]\n", i))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "out")
		start := time.Now()
		stdout, stderr, code := runCmd(b, "batch", "--send", "--smtp", smtpFile, "-o", out, firm)
		if code != 0 {
			b.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/batch")
	}
	if n := len(srv.messages()); n != 100*b.N {
		b.Fatalf("%d messages, want %d", n, 100*b.N)
	}
}
