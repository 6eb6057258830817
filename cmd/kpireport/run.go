package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/reader"
)

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errHelp is returned after -h printed the help: exit status 0.
var errHelp = errors.New("help")

const usage = `kpireport turns a workbook of monthly figures into a PDF management report.

Usage:
  kpireport report  [-c kpis.yaml] [-o report.pdf] [--json out.json] [--period YYYY-MM] [--lang fr|en] WORKBOOK.xlsx
  kpireport WORKBOOK.xlsx   (the same, with the kpis.yaml beside the workbook)
  kpireport check   [-c kpis.yaml] [--period YYYY-MM] WORKBOOK.xlsx
  kpireport batch   -c kpis.yaml -o OUTDIR WORKBOOK.xlsx... (or a folder)
  kpireport serve   [--addr 127.0.0.1:8080] [--open] [DIR]
  kpireport init    [--lang fr|en] [DIR]
  kpireport kpis    [--lang fr|en]
  kpireport version

Run 'kpireport COMMAND -h' for a command's help and an example.
`

// run is the whole program; main only maps its error to an exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (please report it, with the workbook if you can)", r)
			if os.Getenv("KPIREPORT_DEBUG") != "" {
				err = fmt.Errorf("%w\n%s", err, debug.Stack())
			}
		}
	}()
	if len(args) == 0 && doubleClicked(stdin, stdout) {
		return cmdServe(ctx, []string{"--open", executableDir()}, stdout, stderr)
	}
	if len(args) == 1 && isWorkbookArg(args[0]) {
		return droppedWorkbook(ctx, args[0], stdout, stderr)
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "batch":
		return cmdBatch(ctx, rest, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "init":
		return cmdInit(rest, stdout, stderr)
	case "kpis":
		return cmdKPIs(rest, stdout, stderr)
	case "version", "--version":
		return cmdVersion(rest, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return unknownCommand(cmd)
}

// newFlags returns a command's flag set, printing help with an example.
func newFlags(name, synopsis, example string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints nothing itself: parse shows the help once, on
	// stdout for -h and on stderr after a mistake.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kpireport %s\n\n", synopsis)
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\nExample:\n  %s\n", example)
	}
	return &flags{FlagSet: fs, stderr: stderr}
}

// flags is a command's flag set and where its help goes after a mistake.
type flags struct {
	*flag.FlagSet
	stderr io.Writer
}

// help writes the command's help to w.
func (fs *flags) help(w io.Writer) {
	fs.SetOutput(w)
	fs.Usage()
	fs.SetOutput(io.Discard)
}

// parse parses flags placed before or after the positional arguments.
func (fs *flags) parse(args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help(stdout)
				return nil, errHelp
			}
			fs.help(fs.stderr)
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// inputs are the flags shared by report, check and batch.
type inputs struct {
	config, period, lang, passwordFile string
}

func (in *inputs) register(fs *flag.FlagSet, withLang bool) {
	fs.StringVar(&in.config, "c", "kpis.yaml", "the config `file`")
	fs.StringVar(&in.period, "period", "", "the `month` to report, YYYY-MM (default: the config's period, else the latest month)")
	if withLang {
		fs.StringVar(&in.lang, "lang", "", "the report's language, fr or en (default: the config's language)")
	}
	fs.StringVar(&in.passwordFile, "password-file", "", "a `file` holding the workbook's password (or set KPIREPORT_PASSWORD)")
}

// load reads the config, applies the command line's overrides and finds
// the workbook password. The config's errors come first: they are the
// cheapest to find and to fix.
func (in *inputs) load() (*kpi.Config, string, error) {
	cfg, err := in.loadConfig()
	if err != nil {
		return nil, "", err
	}
	pw, err := in.password()
	if err != nil {
		return nil, "", err
	}
	return cfg, pw, nil
}

func (in *inputs) loadConfig() (*kpi.Config, error) {
	cfg, err := kpi.Load(in.config)
	if err != nil {
		return nil, err
	}
	if in.lang != "" {
		if in.lang != "fr" && in.lang != "en" {
			return nil, usagef("--lang %q: use fr or en", in.lang)
		}
		cfg.Language = in.lang
	}
	if in.period != "" {
		if _, err := reader.ParsePeriod(in.period); err != nil {
			return nil, usagef("--period: %v", err)
		}
		cfg.Period = in.period
	}
	return cfg, nil
}

func (in *inputs) password() (string, error) {
	if in.passwordFile != "" {
		b, err := os.ReadFile(in.passwordFile)
		if err != nil {
			return "", fmt.Errorf("--password-file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return os.Getenv("KPIREPORT_PASSWORD"), nil
}

// compute reads a workbook and computes the config's KPIs on it. When
// status is a terminal and the workbook is large, it says what it is doing.
func compute(cfg *kpi.Config, workbook, password string, status io.Writer) (*kpi.Report, error) {
	if st, err := os.Stat(workbook); err == nil && st.Size() > 4<<20 && isTerminal(status) {
		fmt.Fprintf(status, "kpireport: reading %s (%d MB)…", filepath.Base(workbook), st.Size()>>20)
		defer fmt.Fprint(status, "\r\033[K")
	}
	return pipeline.ComputeFile(cfg, workbook, password)
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// describe returns an error's message and a hint saying what to do.
func describe(err error) (string, string) {
	var ue *usageError
	if errors.As(err, &ue) {
		return ue.msg, "run 'kpireport -h' for help"
	}
	return pipeline.Describe(err)
}

// issueDate is pipeline.IssueDate; a bad SOURCE_DATE_EPOCH is bad usage.
func issueDate(period reader.Month) (time.Time, error) {
	t, err := pipeline.IssueDate(period)
	if err != nil {
		return t, usagef("%v", err)
	}
	return t, nil
}

// writeAtomic writes data to path through a temporary file in the same
// folder, renamed at the end: a failure never leaves a partial file.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("output folder %s does not exist", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}
