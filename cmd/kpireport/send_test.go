package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// parsed is a message read back with net/mail and mime/multipart.
type parsed struct {
	to, cc, subject string
	body            string
	attachment      string // its file name
	pdf             []byte
	header          mail.Header
}

func parseMessage(t testing.TB, data []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{to: m.Header.Get("To"), cc: m.Header.Get("Cc"), subject: subject, header: m.Header}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(part)
		var content []byte
		switch strings.ToLower(part.Header.Get("Content-Transfer-Encoding")) {
		case "base64":
			content, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		case "quoted-printable":
			content, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		default:
			content = raw
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, cparams, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch ct {
		case "application/pdf":
			_, dparams, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			p.attachment, _ = dec.DecodeHeader(dparams["filename"])
			p.pdf = content
		case "text/plain":
			if !strings.EqualFold(cparams["charset"], "utf-8") {
				t.Errorf("body charset %q", cparams["charset"])
			}
			p.body = string(content)
		}
	}
	return p
}

// client writes a client folder: a copy of the sample workbook and the
// sample config with its company, language and email block changed.
func client(t testing.TB, dir, company, lang, emailYAML string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	book, _ := os.ReadFile(sampleBook)
	cfg, _ := os.ReadFile(sampleConfig)
	text := strings.Replace(string(cfg), "company: Boulangerie Martin SARL", fmt.Sprintf("company: %q", company), 1)
	text = strings.Replace(text, "language: fr", "language: "+lang+"\n"+emailYAML, 1)
	if err := os.WriteFile(filepath.Join(dir, "chiffres.xlsx"), book, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kpis.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hermetic keeps the user's own smtp.yaml and password out of a test.
func hermetic(t testing.TB) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("KPIREPORT_SMTP", "")
	t.Setenv("KPIREPORT_SMTP_PASSWORD", "")
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-10-31
}

// noPassword fails when the test password shows in any output.
func noPassword(t testing.TB, outputs ...string) {
	t.Helper()
	for _, o := range outputs {
		if strings.Contains(o, testPassword) {
			t.Errorf("the SMTP password is printed:\n%s", o)
		}
	}
}

const martinEmail = "email:\n  to: [direction@boulangerie-martin.test, Paul Martin <paul@boulangerie-martin.test>]\n  cc: [compta@cabinet-dupont.test]\n"

// TestSendSTARTTLS sends the sample's report in French and in English to
// a server offering STARTTLS with a certificate made by the test, logging
// in with the password from password_file.
func TestSendSTARTTLS(t *testing.T) {
	hermetic(t)
	srv := startSMTP(t, true)
	smtpFile := srv.smtpYAML(t, "starttls")
	dir := client(t, filepath.Join(t.TempDir(), "martin"), "Boulangerie Martin SARL", "fr", martinEmail)
	book := filepath.Join(dir, "chiffres.xlsx")
	for i, tc := range []struct {
		lang, subject, intro string
	}{
		{"fr", "Rapport de gestion — Boulangerie Martin SARL — octobre 2026", "Veuillez trouver ci-joint le rapport de gestion de Boulangerie Martin SARL pour octobre 2026"},
		{"en", "Management report — Boulangerie Martin SARL — October 2026", "Please find attached the management report of Boulangerie Martin SARL for October 2026"},
	} {
		stdout, stderr, code := runCmd(t, "send", "-c", filepath.Join(dir, "kpis.yaml"), "--smtp", smtpFile, "--lang", tc.lang, book)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", tc.lang, code, stderr)
		}
		noPassword(t, stdout, stderr)
		msgs := srv.messages()
		if len(msgs) != i+1 {
			t.Fatalf("%s: %d messages arrived, want %d", tc.lang, len(msgs), i+1)
		}
		got := msgs[i]
		if !got.tls || !got.auth {
			t.Errorf("%s: tls %v, auth %v: want both", tc.lang, got.tls, got.auth)
		}
		wantRcpt := []string{"direction@boulangerie-martin.test", "paul@boulangerie-martin.test", "compta@cabinet-dupont.test"}
		if got.from != testUser || !slices.Equal(got.to, wantRcpt) {
			t.Errorf("%s: envelope from %q to %q, want %q to %q", tc.lang, got.from, got.to, testUser, wantRcpt)
		}
		noPassword(t, string(got.data))
		p := parseMessage(t, got.data)
		if p.subject != tc.subject {
			t.Errorf("%s: subject %q, want %q", tc.lang, p.subject, tc.subject)
		}
		to, err := mail.ParseAddressList(p.to)
		if err != nil || len(to) != 2 || to[0].Address != wantRcpt[0] || to[1].Address != wantRcpt[1] || to[1].Name != "Paul Martin" {
			t.Errorf("%s: To %q", tc.lang, p.to)
		}
		if cc, err := mail.ParseAddress(p.cc); err != nil || cc.Address != wantRcpt[2] {
			t.Errorf("%s: Cc %q", tc.lang, p.cc)
		}
		if !strings.Contains(p.body, tc.intro) {
			t.Errorf("%s: body lacks %q:\n%s", tc.lang, tc.intro, p.body)
		}
		pdf, err := os.ReadFile(filepath.Join(dir, "chiffres.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p.pdf, pdf) {
			t.Errorf("%s: the attachment (%d bytes) is not the PDF written (%d bytes)", tc.lang, len(p.pdf), len(pdf))
		}
		if p.attachment != "Boulangerie Martin SARL - 2026-10.pdf" {
			t.Errorf("%s: attachment named %q", tc.lang, p.attachment)
		}
	}
}

// TestSendVerdict checks the body's verdict against page 1 of the sample
// in October 2026 (TestSampleKPIs): net margin 7,10 % (target 8 %,
// threshold 6 %: watch), revenue growth +8,93 % (ok), CAC 38,87 €
// (threshold 36 €: breach), conversion 2,40 % (threshold 2,5 %: breach),
// average basket 17,30 € (target 18, threshold 16: watch).
func TestSendVerdict(t *testing.T) {
	hermetic(t)
	dir := client(t, filepath.Join(t.TempDir(), "martin"), "Boulangerie Martin SARL", "fr", martinEmail)
	eml := filepath.Join(dir, "rapport.eml")
	_, stderr, code := runCmd(t, "send", "-c", filepath.Join(dir, "kpis.yaml"), "--smtp", filepath.Join(dir, "none.yaml"), "--eml", eml, filepath.Join(dir, "chiffres.xlsx"))
	if code != 1 || !strings.Contains(stderr, "none.yaml") {
		t.Fatalf("a missing --smtp file: exit %d\n%s", code, stderr)
	}
	_, stderr, code = runCmd(t, "send", "-c", filepath.Join(dir, "kpis.yaml"), "--eml", eml, filepath.Join(dir, "chiffres.xlsx"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(eml)
	if err != nil {
		t.Fatal(err)
	}
	p := parseMessage(t, data)
	for _, want := range []string{
		"Objectif atteint\u00a0: 1 · À surveiller\u00a0: 2 · Alerte\u00a0: 2",
		"En alerte :",
		"Coût d'acquisition client",
		"Taux de conversion",
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("body lacks %q:\n%s", want, p.body)
		}
	}
	if p.header.Get("X-Unsent") != "1" {
		t.Error("the .eml is not marked X-Unsent: 1 (a draft for the mail program)")
	}
	pdf, _ := os.ReadFile(filepath.Join(dir, "chiffres.pdf"))
	if len(pdf) == 0 || !bytes.Equal(p.pdf, pdf) {
		t.Errorf("the .eml's attachment (%d bytes) is not the PDF (%d bytes)", len(p.pdf), len(pdf))
	}
}

// TestSendRefused: what must not be sent is not, with the reason, and the
// password shows nowhere; a refused server leaves the PDF written.
func TestSendRefused(t *testing.T) {
	hermetic(t)
	plain := startSMTP(t, false) // offers no STARTTLS
	dir := client(t, filepath.Join(t.TempDir(), "martin"), "Boulangerie Martin SARL", "en", martinEmail)
	cfg, book, pdf := filepath.Join(dir, "kpis.yaml"), filepath.Join(dir, "chiffres.xlsx"), filepath.Join(dir, "chiffres.pdf")
	writeSMTP := func(text string) string {
		p := filepath.Join(t.TempDir(), "smtp.yaml")
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	noEmail := client(t, filepath.Join(t.TempDir(), "sans"), "Fromagerie Sans Adresse", "fr", "")
	for _, tc := range []struct {
		name     string
		args     []string
		env      string // KPIREPORT_SMTP_PASSWORD
		want     string // in stderr
		wrotePDF bool
	}{{
		// The loopback exception is for security: none only: starttls to
		// a server without STARTTLS fails, even on 127.0.0.1.
		name: "starttls to a server without STARTTLS", want: "STARTTLS", wrotePDF: true,
		args: []string{"--smtp", plain.smtpYAML(t, "starttls")},
	}, {
		name: "none to a host that is not this machine", want: "security: none sends the password and the report unencrypted",
		args: []string{"--smtp", writeSMTP("host: smtp.example.com\nsecurity: none\nfrom: a@example.com\n")},
	}, {
		name: "wrong password", env: "Wrong-" + testPassword + "-x", want: "535", wrotePDF: true,
		args: []string{"--smtp", writeSMTP(fmt.Sprintf("host: 127.0.0.1\nport: %d\nsecurity: none\nusername: %s\nfrom: %s\n", plain.port, testUser, testUser))},
	}, {
		name: "unreachable server", want: "cannot reach the mail server 127.0.0.1:1", wrotePDF: true,
		args: []string{"--smtp", writeSMTP("host: 127.0.0.1\nport: 1\nsecurity: tls\nfrom: a@example.com\n")},
	}, {
		name: "unknown key, with its line", want: "smtp.yaml:3: unknown key passwrd",
		args: []string{"--smtp", writeSMTP("host: 127.0.0.1\nport: 25\npasswrd: " + testPassword + "\nfrom: a@example.com\n")},
	}, {
		name: "username without password", want: "a username is given but no password",
		args: []string{"--smtp", writeSMTP("host: smtp.example.com\nusername: u\nfrom: a@example.com\n")},
	}, {
		name: "no smtp.yaml anywhere", want: "SMTP settings not found",
	}, {
		name: "no email.to", want: "email: to: [direction@exemple.fr]",
		args: []string{"-c", filepath.Join(noEmail, "kpis.yaml"), "--smtp", plain.smtpYAML(t, "none")},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(pdf)
			t.Setenv("KPIREPORT_SMTP_PASSWORD", tc.env)
			args := append([]string{"send"}, tc.args...)
			if !slices.Contains(args, "-c") {
				args = append(args, "-c", cfg)
			}
			stdout, stderr, code := runCmd(t, append(args, book)...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 1 with %q:\n%s", code, tc.want, stderr)
			}
			noPassword(t, stdout, stderr)
			if tc.env != "" && strings.Contains(stderr, tc.env) {
				t.Errorf("the wrong password is printed:\n%s", stderr)
			}
			if _, err := os.Stat(pdf); (err == nil) != tc.wrotePDF {
				t.Errorf("PDF written: %v, want %v", err == nil, tc.wrotePDF)
			}
		})
	}
	if n := len(plain.messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}
	// security: none is allowed to this machine, AUTH with the password.
	_, stderr, code := runCmd(t, "send", "-c", cfg, "--smtp", plain.smtpYAML(t, "none"), book)
	if msgs := plain.messages(); code != 0 || len(msgs) != 1 || msgs[0].tls || !msgs[0].auth {
		t.Errorf("security: none to 127.0.0.1: exit %d, %d messages\n%s", code, len(msgs), stderr)
	}
}

// TestSMTPFromEnvironment: KPIREPORT_SMTP names smtp.yaml, and the user's
// config folder holds it when nothing names it; the password comes from
// KPIREPORT_SMTP_PASSWORD without a password_file.
func TestSMTPFromEnvironment(t *testing.T) {
	hermetic(t)
	srv := startSMTP(t, true)
	dir := client(t, filepath.Join(t.TempDir(), "martin"), "Boulangerie Martin SARL", "fr", martinEmail)
	text := fmt.Sprintf("host: 127.0.0.1\nport: %d\nusername: %s\nfrom: %s\nca_file: %s\n", srv.port, testUser, testUser, srv.caFile)
	t.Setenv("KPIREPORT_SMTP_PASSWORD", testPassword)
	env := filepath.Join(t.TempDir(), "elsewhere.yaml")
	os.WriteFile(env, []byte(text), 0o644)
	t.Setenv("KPIREPORT_SMTP", env)
	if _, stderr, code := runCmd(t, "send", "-c", filepath.Join(dir, "kpis.yaml"), filepath.Join(dir, "chiffres.xlsx")); code != 0 {
		t.Fatalf("KPIREPORT_SMTP: exit %d\n%s", code, stderr)
	}
	t.Setenv("KPIREPORT_SMTP", "")
	xdg := os.Getenv("XDG_CONFIG_HOME")
	os.MkdirAll(filepath.Join(xdg, "kpireport"), 0o755)
	os.WriteFile(filepath.Join(xdg, "kpireport", "smtp.yaml"), []byte(text), 0o644)
	if _, stderr, code := runCmd(t, "send", "-c", filepath.Join(dir, "kpis.yaml"), filepath.Join(dir, "chiffres.xlsx")); code != 0 {
		t.Fatalf("the config folder's smtp.yaml: exit %d\n%s", code, stderr)
	}
	if msgs := srv.messages(); len(msgs) != 2 || !msgs[1].auth || !msgs[1].tls {
		t.Errorf("%d messages", len(msgs))
	}
}
