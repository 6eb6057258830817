// Package pipeline is the report's pipeline from inputs to outputs, shared
// by the command line and the web page: a workbook (a path or its bytes)
// and a config become a kpi.Report, which becomes the PDF or the JSON.
//
// It owns no reading, computing or drawing of its own (reader, kpi and
// render do that); only the order of the stages, the issue date, the
// report's file name and what an error means for the person who caused it.
// It knows nothing of terminals, flags or HTTP.
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

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/render"
)

// ComputeFile reads the workbook at path and computes the config's KPIs
// on it.
func ComputeFile(cfg *kpi.Config, path, password string) (*kpi.Report, error) {
	t, err := reader.ReadFile(path, options(cfg, password))
	return report(cfg, path, t, err)
}

// Compute reads a workbook from its bytes (name is its file name, for
// messages) and computes the config's KPIs on it. Nothing is written to
// disk.
func Compute(cfg *kpi.Config, name string, data []byte, password string) (*kpi.Report, error) {
	t, err := reader.Read(name, data, options(cfg, password))
	return report(cfg, name, t, err)
}

func options(cfg *kpi.Config, password string) reader.Options {
	return reader.Options{Sheet: cfg.Workbook.Sheet, Metrics: cfg.Workbook.Metrics, Password: password}
}

func report(cfg *kpi.Config, file string, t *reader.Table, err error) (*kpi.Report, error) {
	if err != nil {
		return nil, &WorkbookError{File: file, Err: err}
	}
	rep, err := kpi.Compute(cfg, t)
	if err != nil {
		return nil, &WorkbookError{File: file, Err: err}
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
	date, err := IssueDate(rep.Period)
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

// IssueDate is the report's date: SOURCE_DATE_EPOCH when set, so builds
// are reproducible, else the last day of the reported month.
func IssueDate(period reader.Month) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, &EpochError{Value: s}
		}
		return time.Unix(n, 0).UTC(), nil
	}
	end := period.End()
	return time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, time.UTC), nil
}

// FileName is the report's file name as a batch names it: the company and
// the period, "Boulangerie Martin SARL - 2025-06.pdf". Characters no file
// system accepts in a name (/ \ : * ? " < > | and control characters)
// become a space; without a company, the name is "kpireport - 2025-06.pdf".
func FileName(company string, period reader.Month) string {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r) {
			return ' '
		}
		return r
	}, company)
	clean = strings.Join(strings.Fields(clean), " ")
	clean = strings.TrimRight(clean, ". ") // Windows drops a trailing dot
	if clean == "" {
		clean = "kpireport"
	}
	return clean + " - " + period.String() + ".pdf"
}

// Describe returns an error's message and a hint saying what to do, in
// English, as the command line prints them.
func Describe(err error) (string, string) {
	var (
		ce *kpi.ConfigError
		fe *reader.FileError
		me *reader.MissingMetricError
		xe *reader.CellError
		pe *kpi.PeriodError
	)
	switch {
	case errors.As(err, &ce):
		return ce.Error(), ce.Hint
	case errors.As(err, &fe):
		msg := err.Error()
		if fe.Err != nil { // the library's words go last, after ours
			msg = strings.TrimSuffix(msg, ": "+fe.Err.Error()) + " (" + fe.Err.Error() + ")"
		}
		return msg, fe.Hint
	case errors.As(err, &me):
		return err.Error(), "add a column for it, or map an existing column under workbook.metrics in the config"
	case errors.As(err, &xe):
		if strings.Contains(xe.Problem, "not a number") {
			return err.Error(), "write numbers with digits only, e.g. 1 234,56 or 12,5 %"
		}
		return err.Error(), ""
	case errors.As(err, &pe):
		return err.Error(), "choose a month with figures with --period or period: in the config"
	}
	return err.Error(), ""
}
