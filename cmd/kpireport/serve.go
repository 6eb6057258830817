package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/inconshreveable/mousetrap"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
	"github.com/kpireport/kpireport/web"
	"golang.org/x/term"
)

// defaultAddr is where serve listens unless told otherwise: this computer
// only.
const defaultAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--addr 127.0.0.1:8080] [--open] [DIR]",
		"kpireport serve --open clients/boulangerie", stderr)
	addr := fs.String("addr", defaultAddr, say(templates.EnvLanguage(), "serve.flag.addr"))
	open := fs.Bool("open", false, say(templates.EnvLanguage(), "serve.flag.open"))
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return badUsage("serve.one_folder", "n", strconv.Itoa(len(pos)))
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	lang := templates.EnvLanguage()
	tell := func(key string, args map[string]string) {
		fmt.Fprintln(stderr, templates.Message(lang, "serve."+key, args))
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return failure("serve.not_a_folder", nil, "dir", dir)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil && *addr == defaultAddr {
		// A second double-click, or another program on 8080: any free port
		// of this computer does as well.
		tell("port_taken", map[string]string{"addr": *addr})
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return err
	}
	tcp := ln.Addr().(*net.TCPAddr)
	host := tcp.IP.String()
	if !tcp.IP.IsLoopback() {
		// Named as given (0.0.0.0, not the [::] Go listens on for it).
		asked, _, _ := net.SplitHostPort(*addr)
		if asked == "" {
			asked = "0.0.0.0"
		}
		tell("network_warning", map[string]string{"addr": net.JoinHostPort(asked, fmt.Sprint(tcp.Port))})
		if tcp.IP.IsUnspecified() {
			host = "localhost"
		}
	}
	url := "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port)) + "/"
	srv := &http.Server{
		Handler:           web.New(dir).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// A 64 MB upload over a slow office network takes minutes, not hours.
		ReadTimeout: 10 * time.Minute,
	}
	if cfg := filepath.Join(dir, "kpis.yaml"); fileExists(cfg) {
		tell("folder", map[string]string{"config": cfg})
	} else {
		tell("no_folder_config", map[string]string{"dir": dir})
	}
	tell("listening", map[string]string{"url": url})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if *open {
		if err := openBrowser(url); err != nil {
			tell("open_failed", map[string]string{"err": err.Error(), "url": url})
		}
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Ctrl-C: the answers under way are finished, for a few seconds at most.
	shutCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		srv.Close()
	}
	tell("stopped", nil)
	return nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// browserCommand is the command that opens url in the default browser;
// a variable for the tests.
var browserCommand = func(url string) *exec.Cmd {
	switch runtime.GOOS {
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		return exec.Command("open", url)
	}
	return exec.Command("xdg-open", url)
}

// openBrowser starts the browser and does not wait for it.
func openBrowser(url string) error {
	cmd := browserCommand(url)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// doubleClicked reports whether the program was started by a double-click
// rather than from a terminal: on Windows, by Explorer; elsewhere, with
// neither standard input nor output a terminal. Writers that are not
// files (the tests' buffers) are never a double-click. A variable for the
// tests.
var doubleClicked = func(stdin io.Reader, stdout io.Writer) bool {
	if mousetrap.StartedByExplorer() {
		return true
	}
	in, ok1 := stdin.(*os.File)
	out, ok2 := stdout.(*os.File)
	return ok1 && ok2 && in != nil && out != nil && !term.IsTerminal(int(in.Fd())) && !term.IsTerminal(int(out.Fd()))
}

// executableDir is the folder of the running program, where a double-click
// serves from; the current folder when it cannot be known.
func executableDir() string {
	exe, err := os.Executable()
	if err != nil {
		return "."
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	return filepath.Dir(exe)
}

// isWorkbookArg reports whether a lone argument is a workbook dropped on
// the program: a .xlsx, .xlsm or .ods file. One that does not exist is
// reported as such by report, which says more than "unknown command".
func isWorkbookArg(arg string) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".xlsx", ".xlsm", ".ods":
		return true
	}
	return false
}

// droppedWorkbook is `kpireport WORKBOOK`: report with the kpis.yaml beside
// the workbook, else the one of the current folder, and the PDF beside the
// workbook.
func droppedWorkbook(ctx context.Context, workbook string, stdout, stderr io.Writer) error {
	cfg := filepath.Join(filepath.Dir(workbook), "kpis.yaml")
	if !fileExists(cfg) {
		cfg = "kpis.yaml"
	}
	return cmdReport(ctx, []string{"-c", cfg, workbook}, stdout, stderr)
}

// commands are the command names, for the suggestion after a typo.
var commands = []string{"report", "check", "batch", "send", "serve", "init", "kpis", "version"}

// frenchCommands are the French words a user may type for a command.
var frenchCommands = map[string]string{
	"rapport": "report", "rapports": "report", "verifier": "check", "vérifier": "check",
	"controle": "check", "contrôle": "check", "lot": "batch", "envoyer": "send", "envoi": "send",
	"servir": "serve", "serveur": "serve", "page": "serve", "initialiser": "init", "indicateurs": "kpis",
}

// unknownCommand is the error of a command that does not exist, with the
// nearest command when there is one.
func unknownCommand(cmd string) error {
	near := frenchCommands[strings.ToLower(cmd)]
	if near == "" {
		near = kpi.Nearest(cmd, commands)
	}
	if near == "" {
		return badUsage("usage.unknown_command", "cmd", cmd)
	}
	return badUsage("serve.unknown_command_near", "cmd", cmd, "near", near)
}
