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
	"strconv"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/reader"
)

// usageError is a bad command line: exit status 2. Key names its sentence
// in templates/messages/cli.*.yaml and Args fill it; msg, when set, is a
// sentence already made (the flag package's).
type usageError struct {
	key  string
	args map[string]string
	msg  string
}

func (e *usageError) Error() string { return e.Message("en") }

// Message writes the error in a language.
func (e *usageError) Message(lang string) string {
	if e.key == "" {
		return e.msg
	}
	return templates.Message(lang, e.key, e.args)
}

// badUsage makes a usage error of a message key and pairs of argument names
// and values.
func badUsage(key string, pairs ...string) error {
	return &usageError{key: key, args: pairsMap(pairs)}
}

// usagef makes a usage error of a sentence already made.
func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// errHelp is returned after -h printed the help: exit status 0.
var errHelp = errors.New("help")

// usageText is the program's help, in the messages' language.
func usageText() string { return say(templates.EnvLanguage(), "help.usage") }

// run is the whole program; main only maps its error to an exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = failure("internal", fmt.Errorf("%v", r))
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
		fmt.Fprint(stderr, usageText())
		return badUsage("usage.no_command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "batch":
		return cmdBatch(ctx, rest, stdout, stderr)
	case "send":
		return cmdSend(ctx, rest, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "init":
		return cmdInit(rest, stdout, stderr)
	case "kpis":
		return cmdKPIs(rest, stdout, stderr)
	case "version", "--version":
		return cmdVersion(rest, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usageText())
		return nil
	}
	fmt.Fprint(stderr, usageText())
	return unknownCommand(cmd)
}

// newFlags returns a command's flag set, printing help with an example.
func newFlags(name, synopsis, example string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints nothing itself: parse shows the help once, on
	// stdout for -h and on stderr after a mistake.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		lang := templates.EnvLanguage()
		if templates.HasMessage("synopsis." + name) { // the words of the synopsis in the language
			synopsis = say(lang, "synopsis."+name)
		}
		fmt.Fprintf(fs.Output(), "%s\n\n", say(lang, "help.synopsis", "synopsis", synopsis))
		printDefaults(fs, lang)
		fmt.Fprintf(fs.Output(), "\n%s\n  %s\n", say(lang, "help.example"), example)
	}
	return &flags{FlagSet: fs, stderr: stderr}
}

// printDefaults lists the flags as the flag package does, with "default"
// in the language.
func printDefaults(fs *flag.FlagSet, lang string) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			line += " " + say(lang, "help.default", "value", f.DefValue)
		}
		fmt.Fprintln(fs.Output(), line)
	})
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
			return nil, fs.flagError(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError words the flag package's error in the messages' language: an
// unknown flag with the nearest one, a flag without its value. The flag
// package has no typed errors: its two sentences are read here, in this
// one place; any other is passed on as it is.
func (fs *flags) flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := kpi.Nearest(strings.TrimLeft(name, "-"), names); near != "" {
			return badUsage("usage.unknown_flag_near", "flag", name, "near", "--"+near)
		}
		return badUsage("usage.unknown_flag", "flag", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return badUsage("usage.flag_needs_value", "flag", name)
	}
	return usagef("%v", err)
}

// inputs are the flags shared by report, check and batch.
type inputs struct {
	config, period, lang, passwordFile string
}

func (in *inputs) register(fs *flag.FlagSet, withLang bool) {
	lang := templates.EnvLanguage()
	fs.StringVar(&in.config, "c", "kpis.yaml", say(lang, "flag.c"))
	fs.StringVar(&in.period, "period", "", say(lang, "flag.period"))
	if withLang {
		fs.StringVar(&in.lang, "lang", "", say(lang, "flag.lang"))
	}
	fs.StringVar(&in.passwordFile, "password-file", "", say(lang, "flag.password_file"))
}

// load reads the config, applies the command line's overrides and finds
// the workbook password. The config's errors come first: they are the
// cheapest to find and to fix.
func (in *inputs) load() (*kpi.Config, string, error) {
	cfg, err := in.loadConfig()
	if err != nil {
		inLanguage(&err, in.lang)
		return nil, "", err
	}
	pw, err := in.password()
	if err != nil {
		return nil, "", err
	}
	return cfg, pw, nil
}

func (in *inputs) loadConfig() (*kpi.Config, error) {
	cfg, err := loadConfigFile(in.config)
	if err != nil {
		return nil, err
	}
	if in.lang != "" {
		if in.lang != "fr" && in.lang != "en" {
			return nil, badUsage("usage.bad_lang", "value", in.lang)
		}
		cfg.Language = in.lang
	}
	if in.period != "" {
		if _, err := figures.ParsePeriod(in.period); err != nil {
			return nil, badUsage("usage.bad_period", "value", in.period)
		}
		cfg.Period = in.period
	}
	return cfg, nil
}

func (in *inputs) password() (string, error) {
	if in.passwordFile != "" {
		b, err := readSmall(in.passwordFile, 64<<10, in.lang)
		if err != nil {
			return "", failure("password_file", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return os.Getenv("KPIREPORT_PASSWORD"), nil
}

// compute reads a workbook and computes the config's KPIs on it. When
// status is a terminal and the workbook is large, it says what it is doing.
func compute(ctx context.Context, cfg *kpi.Config, workbook, password string, status io.Writer) (*kpi.Report, error) {
	if st, err := os.Stat(workbook); err == nil && st.Size() > 4<<20 && isTerminal(status) {
		fmt.Fprint(status, say(cfg.Language, "progress.reading", "file", filepath.Base(workbook), "mb", strconv.FormatInt(st.Size()>>20, 10)))
		defer fmt.Fprint(status, "\r\033[K")
	}
	t, err := readWorkbook(ctx, workbook, reader.Options{
		Sheet: cfg.Workbook.Sheet, Metrics: cfg.Workbook.Metrics, Password: password,
	}, cfg.Language)
	if err != nil {
		var ie *interruptedError
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, &workbookError{file: workbook, err: err}
	}
	rep, err := kpi.Compute(cfg, t)
	if err != nil {
		return nil, &workbookError{file: workbook, err: err}
	}
	return rep, nil
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

// workbookError names the workbook an error came from.
type workbookError struct {
	file string
	err  error
}

func (e *workbookError) Error() string { return filepath.Base(e.file) + ": " + e.err.Error() }

func (e *workbookError) Unwrap() error { return e.err }

// issueDate is when the report is made, in UTC: now, or SOURCE_DATE_EPOCH
// when set, so that the same inputs give the same bytes. The report prints
// its day (SPEC.md: dated the day it is made), not the reported month's end.
func issueDate() (time.Time, error) {
	t, err := pipeline.IssueDate()
	var ee *pipeline.EpochError
	if errors.As(err, &ee) {
		return t, badUsage("usage.source_date_epoch", "value", ee.Value)
	}
	return t, err
}

// writeAtomic writes data to path through a temporary file in the same
// folder, renamed at the end: a failure never leaves a partial file.
func writeAtomic(path string, data []byte) error {
	return writeOutputs(context.Background(), "", output{path, data})
}
