package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	sampleBook   = "../samples/figures.xlsx"
	sampleConfig = "../samples/kpis.yaml"
)

// form builds a multipart body: files are "name=path" or "name=@filename"
// with the bytes given in data.
type part struct {
	name, filename string
	data           []byte
}

func multipartBody(t *testing.T, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.filename != "" {
			w, err = mw.CreateFormFile(p.name, p.filename)
		} else {
			w, err = mw.CreateFormField(p.name)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleParts(t *testing.T) []part {
	return []part{
		{name: "workbook", filename: "figures.xlsx", data: fileBytes(t, sampleBook)},
		{name: "config", filename: "kpis.yaml", data: fileBytes(t, sampleConfig)},
	}
}

// post sends parts to the handler of a server of dir.
func post(t *testing.T, s *Server, target string, header http.Header, parts ...part) *httptest.ResponseRecorder {
	t.Helper()
	body, ctype := multipartBody(t, parts...)
	req := httptest.NewRequest("POST", target, body)
	req.Header.Set("Content-Type", ctype)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

// pdfText extracts a PDF's text with pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed (Debian package poppler-utils; .ci/run installs it)")
	}
	p := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func TestAPIReportPDF(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-10-31
	rec := post(t, New(t.TempDir()), "/api/report", nil, sampleParts(t)...)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	// The sample's config says period: latest, and its last month is
	// October 2026.
	_, params, err := mime.ParseMediaType(rec.Header().Get("Content-Disposition"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Boulangerie Martin SARL - 2026-10.pdf"; params["filename"] != want {
		t.Errorf("file name %q, want %q", params["filename"], want)
	}
	pdf := rec.Body.Bytes()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Boulangerie Martin SARL", "octobre 2026", "Marge nette"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
}

func TestAPIReportJSON(t *testing.T) {
	for _, c := range []struct {
		name, target string
		extra        []part
	}{
		{"query", "/api/report?format=json", nil},
		{"field", "/api/report", []part{{name: "format", data: []byte("json")}, {name: "lang", data: []byte("en")}, {name: "period", data: []byte("2026-06")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := post(t, New(t.TempDir()), c.target, nil, append(sampleParts(t), c.extra...)...)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var got struct {
				Company, Period, Language, Currency string
				KPIs                                []struct {
					ID, Name, Status string
					Value            *float64
					Series           []struct{ Period string }
				}
				Warnings []string
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			period, lang, name := "2026-10", "fr", "Marge nette"
			if c.name == "field" { // the form's month and language
				period, lang, name = "2026-06", "en", "Net margin"
			}
			if got.Company != "Boulangerie Martin SARL" || got.Period != period || got.Language != lang || got.Currency != "EUR" {
				t.Errorf("got %s %s %s %s", got.Company, got.Period, got.Language, got.Currency)
			}
			// samples/kpis.yaml lists five KPIs, net_margin first.
			if len(got.KPIs) != 5 || got.KPIs[0].ID != "net_margin" || got.KPIs[0].Name != name || got.KPIs[4].ID != "avg_basket" {
				t.Fatalf("kpis %+v", got.KPIs)
			}
			if got.KPIs[0].Value == nil || len(got.KPIs[0].Series) != 12 || got.KPIs[0].Series[11].Period != period {
				t.Errorf("net_margin %+v", got.KPIs[0])
			}
		})
	}
}

func TestAPIReportErrors(t *testing.T) {
	bad := []byte("compnay: Boulangerie\nkpis:\n  - kpi: net_margin\n    target: 8%\n    threshold: 6%\n")
	book := part{name: "workbook", filename: "figures.xlsx", data: fileBytes(t, sampleBook)}
	cases := []struct {
		name, target, acceptLang string
		parts                    []part
		wantError, wantHint      string
	}{
		// The page's language: ?lang=, else Accept-Language, else lang.
		// The config's and the workbook's errors are worded by their
		// packages (templates/messages/config.*.yaml, reader.*.yaml).
		{"bad config fr", "/api/report?lang=fr", "", []part{book, {name: "config", filename: "kpis.yaml", data: bad}},
			"kpis.yaml:1 : clé inconnue « compnay »", "vouliez-vous dire « company » ?"},
		{"bad config en", "/api/report", "en-GB,en;q=0.9", []part{book, {name: "config", filename: "kpis.yaml", data: bad}},
			`kpis.yaml:1: unknown key "compnay"`, `did you mean "company"?`},
		{"bad config accept fr", "/api/report", "fr-FR,fr;q=0.9,en;q=0.5", []part{book, {name: "config", filename: "kpis.yaml", data: bad}},
			"clé inconnue « compnay »", "vouliez-vous dire"},
		{"no workbook", "/api/report?lang=en", "", []part{{name: "config", filename: "kpis.yaml", data: fileBytes(t, sampleConfig)}},
			"no workbook was sent", "drop a workbook (.xlsx, .xlsm or .ods) on the page"},
		{"no config in the folder", "/api/report?lang=fr", "", []part{book},
			"il n’y a pas de kpis.yaml dans", "créez-en un avec : kpireport init"},
		{"not a workbook", "/api/report?lang=en", "", []part{{name: "workbook", filename: "figures.xlsx", data: []byte("month;revenue\n2025-01;12\n")}, {name: "config", filename: "kpis.yaml", data: fileBytes(t, sampleConfig)}},
			"figures.xlsx: this file is a text file (CSV?), not an Excel .xlsx workbook", "save it as .xlsx"},
		{"bad period", "/api/report?lang=fr", "", append(sampleParts(t), part{name: "period", data: []byte("juin")}),
			"« juin » n’est pas un mois", "écrivez le mois sous la forme AAAA-MM, par exemple 2025-06"},
		{"period without figures", "/api/report?lang=en", "", append(sampleParts(t), part{name: "period", data: []byte("2031-01")}),
			"figures.xlsx: no figures for 2031-01 (the last month with figures is 2026-10)", "choose a month that has figures"},
		{"bad lang", "/api/report?lang=en", "", append(sampleParts(t), part{name: "lang", data: []byte("de")}),
			`language "de": use fr or en`, "choose français or English"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			if c.acceptLang != "" {
				h.Set("Accept-Language", c.acceptLang)
			}
			rec := post(t, New(t.TempDir()), c.target, h, c.parts...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", rec.Code, rec.Body)
			}
			var got struct{ Error, Hint string }
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, rec.Body)
			}
			got.Error = strings.ReplaceAll(got.Error, "\u00a0", " ")
			got.Hint = strings.ReplaceAll(got.Hint, "\u00a0", " ")
			if !strings.Contains(got.Error, c.wantError) {
				t.Errorf("error %q\nwant it to hold %q", got.Error, c.wantError)
			}
			if !strings.Contains(got.Hint, c.wantHint) {
				t.Errorf("hint %q\nwant it to hold %q", got.Hint, c.wantHint)
			}
		})
	}
}

// TestAPIReportDirConfig uses the folder's kpis.yaml when none is sent.
func TestAPIReportDirConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kpis.yaml"), fileBytes(t, sampleConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := post(t, New(dir), "/api/report?format=json", nil, part{name: "workbook", filename: "figures.xlsx", data: fileBytes(t, sampleBook)})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"company": "Boulangerie Martin SARL"`) {
		t.Fatalf("status %d: %.300s", rec.Code, rec.Body)
	}
}

// zeros is an endless body of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestAPIReportTooLarge sends 64 MB and more, declared and not: 413.
func TestAPIReportTooLarge(t *testing.T) {
	srv := httptest.NewServer(New(t.TempDir()).Handler())
	defer srv.Close()
	for _, declared := range []bool{true, false} {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			// The server may answer before reading it all: the writes
			// then fail, as they should.
			w, err := mw.CreateFormFile("workbook", "huge.xlsx")
			if err == nil {
				_, err = io.Copy(w, io.LimitReader(zeros{}, MaxUpload+1))
			}
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		req, _ := http.NewRequest("POST", srv.URL+"/api/report?lang=en", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if declared {
			// The declared length is refused before the body is read.
			req.ContentLength = MaxUpload + 1000
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("declared %v: %v", declared, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		pr.CloseWithError(io.ErrClosedPipe)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("declared %v: status %d, want 413: %s", declared, resp.StatusCode, body)
		}
		if !strings.Contains(string(body), "the upload is larger than 64 MB") {
			t.Errorf("declared %v: %s", declared, body)
		}
	}
}

// TestNothingOnDisk checks that an upload is never written to the
// temporary folder: a report, a 40 MB upload (which ParseMultipartForm's
// default 32 MB memory bound would spill to disk) and a failed one.
func TestNothingOnDisk(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if os.TempDir() != tmp {
		t.Fatalf("os.TempDir() = %s, want %s", os.TempDir(), tmp)
	}
	srv := httptest.NewServer(New(t.TempDir()).Handler())
	defer srv.Close()
	big := make([]byte, 40<<20)
	copy(big, "PK\x03\x04")
	for _, parts := range [][]part{
		sampleParts(t),
		{{name: "workbook", filename: "big.xlsx", data: big}, {name: "config", filename: "kpis.yaml", data: fileBytes(t, sampleConfig)}},
	} {
		for _, target := range []string{"/api/report", "/"} {
			body, ctype := multipartBody(t, parts...)
			resp, err := http.Post(srv.URL+target, ctype, body)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			entries, err := os.ReadDir(tmp)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				t.Errorf("%s left %s in the temporary folder (status %d)", target, e.Name(), resp.StatusCode)
			}
		}
	}
}

func TestRequestLanguage(t *testing.T) {
	t.Setenv("LC_ALL", "C") // the server's own language: English
	for _, c := range []struct{ query, accept, want string }{
		{"", "", "en"},
		{"", "fr-FR,fr;q=0.9,en-US;q=0.8", "fr"},
		{"", "en-US,en;q=0.9,fr;q=0.8", "en"},
		{"", "de-DE,de;q=0.9,fr;q=0.5", "fr"}, // German is not offered; French is asked for
		{"", "de-DE", "en"},
		{"lang=fr", "en-US", "fr"},
		{"lang=en", "fr-FR", "en"},
		{"lang=de", "fr-FR", "fr"},
	} {
		r := httptest.NewRequest("GET", "/?"+c.query, nil)
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if got := requestLanguage(r); got != c.want {
			t.Errorf("?%s, Accept-Language %q: %s, want %s", c.query, c.accept, got, c.want)
		}
	}
}

// TestPage checks the page in both languages, and the form's answer
// without JavaScript: the KPI table and the PDF as a link.
func TestPage(t *testing.T) {
	s := New(t.TempDir())
	for lang, want := range map[string][]string{
		"fr": {`<html lang="fr">`, "Déposez le classeur ici", "Obligatoire : il n’y a pas de kpis.yaml dans", `href="/?lang=en"`},
		"en": {`<html lang="en">`, "Drop the workbook here", "Required: there is no kpis.yaml in", `href="/?lang=fr"`},
	} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/?lang="+lang, nil))
		for _, w := range want {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("GET /?lang=%s lacks %q", lang, w)
			}
		}
	}
	rec := post(t, s, "/?lang=en", nil, sampleParts(t)...)
	body := rec.Body.String()
	for _, w := range []string{`<h2 id="company">Boulangerie Martin SARL</h2>`, `download="Boulangerie Martin SARL - 2026-10.pdf"`,
		`href="data:application/pdf;base64,JVBERi0`, // %PDF-
		`<td class="name">Marge nette</td>`, `<span class="pill st-breach">`, "1 on target · 2 to watch · 2 in breach"} {
		if !strings.Contains(body, w) {
			t.Errorf("the page after a report lacks %q", w)
		}
	}
}

// TestCrossSite refuses a post from another site open in the browser.
func TestCrossSite(t *testing.T) {
	h := http.Header{}
	h.Set("Sec-Fetch-Site", "cross-site")
	h.Set("Origin", "https://evil.example")
	if rec := post(t, New(t.TempDir()), "/api/report", h, sampleParts(t)...); rec.Code != http.StatusForbidden {
		t.Errorf("a cross-site post: status %d, want 403", rec.Code)
	}
	h.Set("Sec-Fetch-Site", "same-origin")
	h.Del("Origin")
	if rec := post(t, New(t.TempDir()), "/api/report?format=json", h, sampleParts(t)...); rec.Code != 200 {
		t.Errorf("a same-origin post: status %d, want 200", rec.Code)
	}
}

// TestReportsInTurn checks that no more reports are made at once than
// Server.Reports (each holds its upload in memory): with the one slot
// taken, a request waits, and answers 503 when its client gives up; once
// the slot is free, the same request is answered.
func TestReportsInTurn(t *testing.T) {
	s := &Server{Dir: t.TempDir(), Reports: 1}
	h := s.Handler()
	s.slots <- struct{}{} // a report in progress
	body, ctype := multipartBody(t, sampleParts(t)...)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "POST", "/api/report?format=json", bytes.NewReader(body.Bytes()))
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("with the slot taken: %d, want 503", rec.Code)
	}
	<-s.slots // the report in progress ends
	req = httptest.NewRequest("POST", "/api/report?format=json", bytes.NewReader(body.Bytes()))
	req.Header.Set("Content-Type", ctype)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("with the slot free: %d, want 200 (%s)", rec.Code, rec.Body)
	}
}
