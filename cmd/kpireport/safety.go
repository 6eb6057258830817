package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

// Issue 13: an output never replaces an input, a command stops cleanly
// when interrupted, and only regular files are read. The errors below are
// typed so that describe words them from templates/messages/safety.*.yaml.

// msgLang is the language of a message: the config's once known, else
// the environment's.
func msgLang(lang string) string {
	if lang == "fr" || lang == "en" {
		return lang
	}
	return templates.EnvLanguage()
}

// outputClashError is an output path that is one of the inputs, or -o and
// --json naming the same file.
type outputClashError struct {
	flag   string // -o, --json, or "" for the default -o; "batch" in a batch
	output string
	what   string // the input's kind: workbook, config, logo, password, pdf
	input  string
	lang   string
}

func (e *outputClashError) Error() string { m, _ := e.words("en"); return m }

func (e *outputClashError) words(lang string) (string, string) {
	args := map[string]string{"flag": e.flag, "output": e.output, "input": e.input,
		"what": templates.Message(lang, "safety.what."+e.what, nil)}
	key := "safety.clash"
	switch {
	case e.flag == "" && e.what != "workbook":
		args["flag"] = "-o"
	case e.flag == "":
		key = "safety.clash_default"
		args["suggest"] = strings.TrimSuffix(e.input, filepath.Ext(e.input)) + "-report.pdf"
	case e.what == "pdf":
		key = "safety.clash_same"
		args["suggest"] = strings.TrimSuffix(e.output, filepath.Ext(e.output)) + ".json"
	case e.flag == "batch":
		key = "safety.clash_batch"
	case e.what == "other":
		key = "safety.clobber"
	}
	return templates.Message(lang, key, args), templates.Message(lang, key+".hint", args)
}

// interruptedError is a command stopped by Ctrl-C, SIGTERM or SIGHUP.
type interruptedError struct{ lang string }

func (e *interruptedError) Error() string { m, _ := e.words("en"); return m }

func (e *interruptedError) words(lang string) (string, string) {
	return templates.Message(lang, "safety.interrupted", nil), ""
}

// batchInterruptedError is a batch stopped before the end; its summary was
// written.
type batchInterruptedError struct {
	done, failed, stopped, notStarted int
	summary                           string
	lang                              string
}

func (e *batchInterruptedError) Error() string { m, _ := e.words("en"); return m }

func (e *batchInterruptedError) words(lang string) (string, string) {
	return templates.Message(lang, "safety.batch_interrupted", map[string]string{
		"done": strconv.Itoa(e.done), "failed": strconv.Itoa(e.failed), "stopped": strconv.Itoa(e.stopped),
		"notstarted": strconv.Itoa(e.notStarted), "summary": e.summary}), ""
}

// notRegularError is an input that is a named pipe, a device or a folder.
type notRegularError struct {
	file, kind string // kind: fifo, device, folder, other
	lang       string
}

func (e *notRegularError) Error() string { m, _ := e.words("en"); return m }

func (e *notRegularError) words(lang string) (string, string) {
	args := map[string]string{"file": e.file, "kind": templates.Message(lang, "safety.kind."+e.kind, nil)}
	return templates.Message(lang, "safety.not_regular", args), templates.Message(lang, "safety.not_regular.hint", nil)
}

// tooLargeError is an input file over its size limit.
type tooLargeError struct {
	file      string
	size, max int64
	lang      string
}

func (e *tooLargeError) Error() string { m, _ := e.words("en"); return m }

func (e *tooLargeError) words(lang string) (string, string) {
	return templates.Message(lang, "safety.too_large", map[string]string{"file": e.file,
		"size": strconv.FormatInt(e.size, 10), "max": strconv.FormatInt(e.max, 10)}), ""
}

// outputFolderError is an output folder that does not exist, or is a file.
type outputFolderError struct {
	dir    string
	isFile bool
	lang   string
}

func (e *outputFolderError) Error() string { m, _ := e.words("en"); return m }

func (e *outputFolderError) words(lang string) (string, string) {
	key := "safety.folder_missing"
	if e.isFile {
		key = "safety.folder_is_file"
	}
	args := map[string]string{"dir": e.dir}
	return templates.Message(lang, key, args), templates.Message(lang, key+".hint", args)
}

// pairError is a PDF written whose JSON could not be, the earlier JSON
// staying beside it (when the earlier PDF could not be put back).
type pairError struct {
	pdf, json string
	err       error
	lang      string
}

func (e *pairError) Error() string { m, _ := e.words("en"); return m }
func (e *pairError) Unwrap() error { return e.err }

func (e *pairError) words(lang string) (string, string) {
	args := map[string]string{"pdf": e.pdf, "json": e.json, "err": e.err.Error()}
	return templates.Message(lang, "safety.pair", args), templates.Message(lang, "safety.pair.hint", nil)
}

// safetyWords returns the message and hint of this file's errors, and of
// a logo too large, in lang; ok is false for other errors.
func safetyWords(err error, lang string) (msg, hint string, ok bool) {
	type worded interface {
		words(lang string) (string, string)
	}
	var w worded
	if errors.As(err, &w) {
		msg, hint = w.words(lang)
		return msg, hint, true
	}
	var se *render.LogoSizeError
	if errors.As(err, &se) {
		file := ""
		if i := strings.Index(err.Error(), ": "); strings.HasPrefix(err.Error(), "logo ") && i > 0 {
			file = strings.TrimPrefix(err.Error()[:i], "logo ")
		}
		args := map[string]string{"file": file, "width": strconv.Itoa(se.Width), "height": strconv.Itoa(se.Height), "max": strconv.Itoa(se.Max)}
		return templates.Message(lang, "safety.logo_size", args), templates.Message(lang, "safety.logo_size.hint", nil), true
	}
	return "", "", false
}

// role is one file a command reads or writes, and what it is.
type role struct {
	what string // workbook, config, logo, password; pdf, json, summary, report
	flag string // for an output: -o, --json, "" (the default -o), batch
	path string
}

// checkOutputs refuses, before any work, an output that is one of the
// inputs or another output: compared with os.SameFile when both exist
// (hard links, another spelling of the path, a case-insensitive disk),
// else as cleaned absolute paths.
func checkOutputs(outputs, inputs []role, lang string) error {
	for i, o := range outputs {
		if o.path == "" || o.path == "-" {
			continue
		}
		for _, in := range inputs {
			if in.path != "" && samePath(o.path, in.path) {
				return &outputClashError{flag: o.flag, output: o.path, what: in.what, input: in.path, lang: lang}
			}
		}
		if (o.flag == "-o" || o.flag == "--json") && !replaceable(o.path, o.flag) {
			return &outputClashError{flag: o.flag, output: o.path, what: "other", lang: lang}
		}
		for _, o2 := range outputs[:i] {
			if o2.path != "" && o2.path != "-" && samePath(o.path, o2.path) {
				return &outputClashError{flag: o.flag, output: o.path, what: o2.what, input: o2.path, lang: lang}
			}
		}
	}
	return nil
}

// replaceable reports whether an output may replace the file at path: a
// missing file, or one of the output's own kind (a PDF for -o, JSON for
// --json). Last month's workbook or another client's config given as -o
// by mistake is never replaced.
func replaceable(path, flag string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // missing: nothing to lose (a folder is -o's to write into)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.IsDir() || !st.Mode().IsRegular() {
		return true // a folder or a device: the writing says what is wrong
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(head[:n], " \t\r\n\ufeff")
	if n == 0 {
		return true // an empty file holds nothing to lose
	}
	if flag == "--json" {
		return len(head) > 0 && (head[0] == '{' || head[0] == '[')
	}
	return bytes.HasPrefix(head, []byte("%PDF"))
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	aa, err1 := filepath.Abs(a)
	ab, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == ab
}

// checkRegular refuses an existing input that is not a regular file (a
// named pipe waits forever, /dev/zero never ends); a missing one is left
// to the reader's own message.
func checkRegular(path, lang string) error {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if kind := fileKind(st); kind != "" {
		return &notRegularError{file: path, kind: kind, lang: lang}
	}
	return nil
}

// fileKind is "" for a regular file, else fifo, device, folder or other.
func fileKind(st os.FileInfo) string {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "folder"
	case m&os.ModeNamedPipe != 0:
		return "fifo"
	case m&(os.ModeDevice|os.ModeCharDevice) != 0:
		return "device"
	}
	return "other"
}

// readSmall reads a small input (the config, a password file): a regular
// file, of at most max bytes read.
func readSmall(path string, max int64, lang string) ([]byte, error) {
	if err := checkRegular(path, lang); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && fileKind(st) != "" {
		return nil, &notRegularError{file: path, kind: fileKind(st), lang: lang}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &tooLargeError{file: path, size: int64(len(data)), max: max, lang: lang}
	}
	return data, nil
}

// checkFolder refuses an output folder that does not exist or is a file.
func checkFolder(dir, lang string) error {
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return &outputFolderError{dir: dir, lang: lang}
	case !st.IsDir():
		return &outputFolderError{dir: dir, isFile: true, lang: lang}
	}
	return nil
}

// olderReport is the sentence saying a report from an earlier run stays
// at pdf, or "" when there is none.
func olderReport(pdf, lang string) string {
	if _, err := os.Stat(pdf); err != nil {
		return ""
	}
	return templates.Message(msgLang(lang), "safety.older_report", map[string]string{"pdf": pdf})
}

// maxConfigBytes bounds a config file: a kpis.yaml takes a few kilobytes.
const maxConfigBytes = 1 << 20

// loadConfigFile reads the config at path as kpi.Load does, only when it
// is a regular file, and at most maxConfigBytes of it.
func loadConfigFile(path string) (*kpi.Config, error) {
	data, err := readSmall(path, maxConfigBytes, "")
	var nr *notRegularError
	var tl *tooLargeError
	switch {
	case errors.As(err, &nr) || errors.As(err, &tl):
		return nil, err
	case err != nil:
		return kpi.Load(path) // not found, not readable: its own words
	}
	return kpi.Parse(path, bytes.NewReader(data))
}

// readWorkbook reads a workbook, returning as soon as ctx is done: the
// reading goes on in its goroutine, and its result is dropped (the process
// exits, or the batch writes its summary, within the second).
func readWorkbook(ctx context.Context, path string, opts reader.Options, lang string) (*figures.Table, error) {
	type result struct {
		t   *figures.Table
		err error
	}
	if ctx.Err() != nil {
		return nil, &interruptedError{lang: lang}
	}
	done := make(chan result, 1)
	go func() {
		t, err := reader.ReadFile(path, opts)
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.t, r.err
	case <-ctx.Done():
		return nil, &interruptedError{lang: lang}
	}
}
