// Package pipeline is the report's pipeline from inputs to outputs, shared
// by the command line and the web page: a workbook's bytes and a config
// become a kpi.Report, which becomes the PDF or the JSON; an error becomes
// a message and a hint in the report's language.
//
// It owns no reading, computing or drawing of its own (reader, kpi and
// render do that); only the order of the stages, the issue date, the
// report's file name and how an error of those stages is worded. It knows
// nothing of terminals, flags or HTTP.
package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

// Compute reads a workbook from its bytes (name is its file name, for
// messages) and computes the config's KPIs on it. Nothing is written to
// disk.
func Compute(cfg *kpi.Config, name string, data []byte, password string) (*kpi.Report, error) {
	t, err := reader.Read(name, data, reader.Options{Sheet: cfg.Workbook.Sheet, Metrics: cfg.Workbook.Metrics, Password: password})
	if err != nil {
		return nil, &WorkbookError{File: name, Err: err}
	}
	rep, err := kpi.Compute(cfg, t)
	if err != nil {
		return nil, &WorkbookError{File: name, Err: err}
	}
	return rep, nil
}

// WorkbookError names the workbook an error came from.
type WorkbookError struct {
	File string
	Err  error
}

func (e *WorkbookError) Error() string { return filepath.Base(e.File) + ": " + e.Err.Error() }

// Unwrap returns the reader's or kpi's error.
func (e *WorkbookError) Unwrap() error { return e.Err }

// PDF renders the report's PDF, dated by IssueDate; canvas may be nil.
func PDF(rep *kpi.Report, canvas *render.Canvas) ([]byte, error) {
	date, err := IssueDate()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := render.PDF(&buf, rep, render.PDFOptions{Date: date, Canvas: canvas}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// JSON renders the report's JSON (SPEC.md "Outputs").
func JSON(rep *kpi.Report) ([]byte, error) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, rep); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EpochError is a SOURCE_DATE_EPOCH that is not a number of seconds.
type EpochError struct{ Value string }

func (e *EpochError) Error() string {
	return fmt.Sprintf("SOURCE_DATE_EPOCH=%q is not a number of seconds", e.Value)
}

// IssueDate is when the report is made, in UTC: now, or SOURCE_DATE_EPOCH
// when set, so that the same inputs give the same bytes (SPEC.md: dated
// the day it is made).
func IssueDate() (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, &EpochError{Value: s}
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}

// Describe returns the message and the hint of an error of the pipeline's
// stages (the config, the workbook, the KPIs) in a language; ok is false
// for another error, which the caller words.
func Describe(err error, lang string) (msg, hint string, ok bool) {
	var (
		ce *kpi.ConfigError
		fe *reader.FileError
		me *figures.MissingMetricError
		xe *reader.CellError
		xl reader.ErrorList
		pe *kpi.PeriodError
		fp *figures.PeriodError
	)
	switch {
	case errors.As(err, &ce):
		msg, hint = ce.Message(lang)
	case errors.As(err, &fe):
		msg, hint = fe.Message(lang), hintFor(lang, "hint.reader."+fe.Kind, fe.Args)
	case errors.As(err, &me):
		fillClosest(me)
		metric := firstOf(me.Metrics)
		if me.Metric != "" {
			metric = me.Metric
		}
		args := map[string]string{"sheet": me.Sheet, "metrics": strings.Join(me.Metrics, ", "), "headers": figures.ClipList(me.Found),
			"closest": me.Closest, "metric": metric, "line": me.MapLine()}
		if me.Closest != "" {
			msg, hint = templates.Message(lang, "missing_metric.closest", args), templates.Message(lang, "hint.missing_metric.closest", args)
		} else {
			msg, hint = templates.Message(lang, "missing_metric", args), templates.Message(lang, "hint.missing_metric", args)
		}
	case errors.As(err, &xl) && len(xl) > 1:
		// Every bad cell, one a line (the first ten, then how many more).
		msg, hint = strings.Join(xl.Lines(lang), "\n"), hintFor(lang, "hint.cell."+xl[0].Kind, nil)
	case errors.As(err, &xe):
		msg, hint = xe.Message(lang), hintFor(lang, "hint.cell."+xe.Kind, nil)
	case errors.As(err, &pe):
		msg, hint = pe.Message(lang)
	case errors.As(err, &fp):
		msg, hint = templates.Message(lang, "bad_period", map[string]string{"value": fp.Text}), templates.Message(lang, "hint.bad_period", nil)
	default:
		return err.Error(), "", false
	}
	var we *WorkbookError
	if errors.As(err, &we) {
		msg = templates.Message(lang, "at_file", map[string]string{"file": filepath.Base(we.File), "msg": msg})
	}
	return msg, hint, true
}

// hintFor returns the hint of a message key, "" when it has none.
func hintFor(lang, key string, args map[string]string) string {
	if !templates.HasMessage(key) {
		return ""
	}
	return templates.Message(lang, key, args)
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
