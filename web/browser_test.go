package web

import (
	"bytes"
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

var screenshot = flag.String("screenshot", "", "write a PNG of the page after a report to this `file` (docs/serve.png for the README)")

// browserPath finds Debian's chromium-headless-shell (or another headless
// Chromium); "" when there is none.
func browserPath() string {
	for _, p := range []string{os.Getenv("KPIREPORT_BROWSER_PATH"), "/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	for _, name := range []string{"chromium-headless-shell", "headless_shell", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless browser with a fresh profile, or skips the
// test when there is none (and fails instead when KPIREPORT_BROWSER is
// "required", as in CI).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := browserPath()
	if path == "" {
		if os.Getenv("KPIREPORT_BROWSER") == "required" {
			t.Fatal("no headless browser: install Debian's chromium-headless-shell (/usr/bin/chromium-headless-shell)")
		}
		t.Skip("no headless browser: install Debian's chromium-headless-shell to run this test (KPIREPORT_BROWSER=required makes it fail instead)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

// TestBrowser drops the sample workbook and config on the page in a real
// browser, waits for the KPI table and downloads the PDF.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	// The folder has its kpis.yaml, as a client's folder does; the page
	// sends one too, which is the one used.
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "kpis.yaml"), fileBytes(t, sampleConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(folder).Handler())
	defer srv.Close()
	book, _ := filepath.Abs(sampleBook)
	config, _ := filepath.Abs(sampleConfig)
	start := time.Now()

	// The drop handler puts a workbook in the workbook input and a .yaml
	// in the config input.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(srv.URL+"/?lang=fr")); err != nil {
		t.Fatal(err)
	}
	dropped, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(["x"], "chiffres.xlsx"));
		dt.items.add(new File(["y"], "kpis.yaml"));
		document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		return document.getElementById("workbook").files[0].name + "|" + document.getElementById("config").files[0].name + "|" + document.getElementById("workbook-chosen").textContent;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "chiffres.xlsx|kpis.yaml|Choisi : chiffres.xlsx"; dropped != want {
		t.Errorf("after a drop: %q, want %q", dropped, want)
	}

	// The real files, sent as the form.
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#workbook"), []string{book}),
		chromedp.SetUploadFiles(chromedp.CSS("#config"), []string{config}),
		chromedp.Click(chromedp.CSS("#submit")),
		chromedp.WaitVisible(chromedp.CSS("#kpis")),
	); err != nil {
		t.Fatal(err)
	}
	company, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#company")))
	if err != nil {
		t.Fatal(err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#kpis")))
	if err != nil {
		t.Fatal(err)
	}
	if company != "Boulangerie Martin SARL" {
		t.Errorf("company %q", company)
	}
	// The sample's October 2026: net margin 3 534,44 / 49 780,84 = 7,1 %,
	// CAC 2 760 / 71 = 38,87 € against a threshold of 36: a breach.
	table = strings.ReplaceAll(table, "\u00a0", " ")
	for _, want := range []string{"Marge nette\t7,1 %\t8,0 %\t6,0 %", "Coût d'acquisition client\t38,87 €", "Alerte", "Panier moyen", "OBJECTIF"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	t.Logf("report shown %v after the page was opened", time.Since(start).Round(time.Millisecond))

	if *screenshot != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The download, as the browser saves it.
	dir := t.TempDir()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			yes := true
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &yes,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS("#download")),
	); err != nil {
		t.Fatal(err)
	}
	var pdf []byte
	for ev, err := range progress {
		if err != nil {
			t.Fatal(err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		if pdf, err = os.ReadFile(filepath.Join(dir, ev.GUID)); err != nil {
			t.Fatal(err)
		}
		break
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the download is not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "Boulangerie Martin SARL") || !strings.Contains(text, "Marge nette") {
		t.Errorf("the PDF's text lacks the company or a KPI:\n%.500s", text)
	}
	t.Logf("PDF of %d bytes downloaded %v after the page was opened", len(pdf), time.Since(start).Round(time.Millisecond))
}

// TestBrowserError sends a config with a mistake: the page says what is
// wrong and what to do, in English.
func TestBrowserError(t *testing.T) {
	ctx := newBrowser(t)
	srv := httptest.NewServer(New(t.TempDir()).Handler())
	defer srv.Close()
	bad := filepath.Join(t.TempDir(), "kpis.yaml")
	if err := os.WriteFile(bad, []byte("compnay: X\nkpis:\n  - kpi: net_margin\n    target: 8%\n    threshold: 6%\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	book, _ := filepath.Abs(sampleBook)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/?lang=en"),
		chromedp.SetUploadFiles(chromedp.CSS("#workbook"), []string{book}),
		chromedp.SetUploadFiles(chromedp.CSS("#config"), []string{bad}),
		chromedp.Click(chromedp.CSS("#submit")),
		chromedp.WaitVisible(chromedp.CSS("#problem")),
	); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#problem")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The report could not be made", `kpis.yaml:1: unknown key "compnay"`, `What to do: did you mean "company"?`} {
		if !strings.Contains(text, want) {
			t.Errorf("the page lacks %q:\n%s", want, text)
		}
	}
}
