package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kpireport/kpireport/internal/pngtest"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary double as the kpireport command in the
// testscript files of testdata/script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kpireport": func() {
			// The scripts run the command without a terminal, as a
			// double-click would; they mean a command line.
			doubleClicked = func(io.Reader, io.Writer) bool { return false }
			os.Exit(mainStatus())
		},
	})
}

// TestScripts runs the command-line scenarios of testdata/script/*.txtar:
// every command, its help, its errors and exit codes, against the binary.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exitcode N cmd args... runs a command that must exit with N,
			// keeping its output for stdout and stderr checks.
			// hugepng FILE W H writes a PNG of a few bytes declaring W × H pixels.
			"hugepng": func(ts *testscript.TestScript, neg bool, args []string) {
				w, _ := strconv.Atoi(args[1])
				h, _ := strconv.Atoi(args[2])
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), pngtest.Declaring(w, h), 0o644))
			},
			// perm FILE 0600 checks a file's permissions.
			"perm": func(ts *testscript.TestScript, neg bool, args []string) {
				st, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				if got := fmt.Sprintf("%04o", st.Mode().Perm()); (got == args[1]) == neg {
					ts.Fatalf("%s has permissions %s, want %s", args[0], got, args[1])
				}
			},
			// old FILE... sets a file's time two minutes back.
			"old": func(ts *testscript.TestScript, neg bool, args []string) {
				t := time.Now().Add(-2 * time.Minute)
				for _, a := range args {
					ts.Check(os.Chtimes(ts.MkAbs(a), t, t))
				}
			},
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					got = ee.ExitCode()
				case err != nil:
					ts.Fatalf("%v", err)
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
		},
		Setup: func(env *testscript.Env) error {
			for _, f := range []string{sampleBook, sampleConfig} {
				data, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(env.WorkDir, filepath.Base(f)), data, 0o644); err != nil {
					return err
				}
			}
			env.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-10-31
			return nil
		},
	})
}
