// Command kpireport turns a workbook of monthly figures and a kpis.yaml
// into a PDF management report. See SPEC.md for the command line.
package main

import (
	"context"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
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
	msg, hint := describe(err)
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(stderr, "kpireport: error: %s\n", line)
	}
	if hint != "" {
		fmt.Fprintf(stderr, "kpireport: hint: %s\n", hint)
	}
	if _, ok := err.(*usageError); ok {
		return 2
	}
	return 1
}
