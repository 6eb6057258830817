// Command kpireport turns a workbook of monthly figures and a kpis.yaml
// into a PDF management report. See SPEC.md for the command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() { os.Exit(mainStatus()) }

// mainStatus runs the process's command and returns its exit status; the
// test binary runs it as the kpireport command of the script tests.
func mainStatus() int {
	oneShot = true
	// Ctrl-C, SIGTERM and SIGHUP stop the command: its work returns within
	// a second, removing its temporary files (and a batch writes its
	// summary). A second signal then ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)
}

// exitCode prints err the way users read it and returns the exit status:
// 0 success, 1 wrong input or failed work, 2 bad usage.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if err == errHelp {
		return 0
	}
	lang := messageLanguage(err)
	msg, hint := describe(err, lang)
	var ie *interruptedError
	var be *batchInterruptedError
	if errors.As(err, &ie) || errors.As(err, &be) {
		fmt.Fprintln(stderr, say(lang, "safety.stopped", "msg", msg)) // not an error of the user's
		return 1
	}
	for _, line := range strings.Split(msg, "\n") { // every bad cell, one a line
		fmt.Fprintln(stderr, say(lang, "error", "msg", line))
	}
	if hint != "" {
		fmt.Fprintln(stderr, say(lang, "hint", "msg", hint))
	}
	if ue := (*usageError)(nil); errors.As(err, &ue) {
		return 2
	}
	return 1
}
