package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer written by the server's goroutine and read by the
// test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var urlRe = regexp.MustCompile(`http://[^ ]+/`)

// startRun runs the command in the background and returns the page's URL
// once it is printed, and a function that stops the command and returns
// its error and stderr.
func startRun(t *testing.T, args []string, stdin io.Reader, stdout io.Writer) (string, func() (error, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, stdin, stdout, &stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	var url string
	for url == "" {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("the command ended: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL printed:\n%s", stderr.String())
		}
		url = urlRe.FindString(stderr.String())
		time.Sleep(10 * time.Millisecond)
	}
	return url, func() (error, string) {
		cancel()
		select {
		case err := <-done:
			return err, stderr.String()
		case <-time.After(5 * time.Second):
			t.Fatal("the server did not stop within 5 s of Ctrl-C")
		}
		return nil, ""
	}
}

func TestServe(t *testing.T) {
	t.Setenv("LC_ALL", "C")
	dir := t.TempDir()
	copyFile(t, sampleConfig, filepath.Join(dir, "kpis.yaml"))
	url, stop := startRun(t, []string{"serve", "--addr", "127.0.0.1:0", dir}, nil, io.Discard)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL %s", url)
	}
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Rapport mensuel") || !strings.Contains(string(body), filepath.Join(dir, "kpis.yaml")) {
		t.Errorf("GET /: %d\n%.400s", resp.StatusCode, body)
	}
	err, stderr := stop()
	if err != nil {
		t.Errorf("serve returned %v", err)
	}
	for _, want := range []string{"kpireport: the page uses the config " + filepath.Join(dir, "kpis.yaml"), "kpireport: the report page is at " + url + " (Ctrl-C to stop)", "kpireport: stopped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("a loopback address is not a warning:\n%s", stderr)
	}
}

func TestServeNetworkWarning(t *testing.T) {
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	_, stop := startRun(t, []string{"serve", "--addr", "0.0.0.0:0", t.TempDir()}, nil, io.Discard)
	_, stderr := stop()
	if !strings.Contains(stderr, "kpireport : attention : 0.0.0.0:") || !strings.Contains(stderr, "toute personne sur ce réseau") {
		t.Errorf("no warning:\n%s", stderr)
	}
}

// TestDoubleClick runs the command with no arguments as a double-click
// starts it: serve --open in the program's folder.
func TestDoubleClick(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake browser is the true command")
	}
	t.Setenv("LC_ALL", "C")
	opened := make(chan string, 1)
	saveClick, saveBrowser := doubleClicked, browserCommand
	defer func() { doubleClicked, browserCommand = saveClick, saveBrowser }()
	doubleClicked = func(io.Reader, io.Writer) bool { return true }
	browserCommand = func(url string) *exec.Cmd {
		opened <- url
		return exec.Command("true")
	}
	url, stop := startRun(t, nil, nil, io.Discard)
	select {
	case got := <-opened:
		if got != url {
			t.Errorf("opened %s, served %s", got, url)
		}
	case <-time.After(5 * time.Second):
		t.Error("the browser was not opened")
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, stderr := stop()
	// The folder served is the program's: the test binary's here.
	if !strings.Contains(stderr, executableDir()) {
		t.Errorf("not served from %s:\n%s", executableDir(), stderr)
	}
}

// TestNoArgumentsInATerminal: buffers, as a terminal, get the usage.
func TestNoArgumentsNoDoubleClick(t *testing.T) {
	_, stderr, code := runCmd(t)
	if code != 2 || !strings.Contains(stderr, "Usage:") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

// TestDroppedWorkbook: `kpireport WORKBOOK` writes the PDF beside it, with
// the kpis.yaml beside it, else the current folder's.
func TestDroppedWorkbook(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200")
	sampleBook, _ := filepath.Abs(sampleBook)
	sampleConfig, _ := filepath.Abs(sampleConfig)
	for _, beside := range []bool{true, false} {
		dir, cwd := t.TempDir(), t.TempDir()
		book := filepath.Join(dir, "chiffres.xlsx")
		copyFile(t, sampleBook, book)
		if beside {
			copyFile(t, sampleConfig, filepath.Join(dir, "kpis.yaml"))
		} else {
			copyFile(t, sampleConfig, filepath.Join(cwd, "kpis.yaml"))
		}
		t.Chdir(cwd)
		_, stderr, code := runCmd(t, book)
		if code != 0 {
			t.Fatalf("beside %v: exit %d: %s", beside, code, stderr)
		}
		pdf, err := os.ReadFile(filepath.Join(dir, "chiffres.pdf"))
		if err != nil {
			t.Fatalf("beside %v: %v", beside, err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("beside %v: not a PDF", beside)
		}
	}
	// A workbook that is not there is named, not an unknown command.
	_, stderr, code := runCmd(t, filepath.Join(t.TempDir(), "absent.xlsx"))
	if code != 1 || strings.Contains(stderr, "unknown command") || !strings.Contains(stderr, "absent.xlsx") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, c := range []struct{ lang, cmd, want string }{
		{"C", "rapport", `kpireport: error: unknown command "rapport": did you mean report?`},
		{"C", "reprot", `did you mean report?`},
		{"C", "chek", `did you mean check?`},
		{"C", "verifier", `did you mean check?`},
		{"C", "srve", `did you mean serve?`},
		{"C", "version2", `did you mean version?`},
		{"C", "bonjour", `kpireport: error: unknown command "bonjour"` + "\n"},
		{"fr_FR.UTF-8", "rapport", `kpireport : erreur : commande inconnue « rapport » : vouliez-vous dire report ?`},
	} {
		t.Setenv("LC_ALL", c.lang)
		_, stderr, code := runCmd(t, c.cmd)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, want 2 and %q in:\n%s", c.cmd, code, c.want, stderr)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
