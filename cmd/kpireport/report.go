package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/render"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report",
		"report [-c kpis.yaml] [-o report.pdf] [--json out.json] [--period YYYY-MM] [--lang fr|en] WORKBOOK.xlsx",
		"kpireport report -c kpis.yaml -o rapport-2025-06.pdf --json - chiffres.xlsx", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	out := fs.String("o", "", "the PDF `file` to write (default: the workbook's name with .pdf)")
	jsonOut := fs.String("json", "", "also write the JSON to this `file` (- for standard output)")
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("report needs exactly one workbook, got %d", len(pos))
	}
	workbook := pos[0]
	relaxGC(1, workbook)
	// The PDF's fonts are registered while the workbook is read: the two
	// take about the same time, and the machine has more than one core.
	canvas := make(chan *render.Canvas, 1)
	go func() { canvas <- render.NewCanvas() }()
	cfg, pw, err := in.load()
	if err != nil {
		return err
	}
	rep, err := compute(cfg, workbook, pw, stderr)
	if err != nil {
		return err
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(stderr, "kpireport: warning: %s\n", w)
	}
	// -o defaults to the workbook's name with .pdf; -o FOLDER puts it there.
	pdfPath := strings.TrimSuffix(workbook, filepath.Ext(workbook)) + ".pdf"
	if *out != "" {
		pdfPath = *out
		if st, err := os.Stat(*out); err == nil && st.IsDir() || strings.HasSuffix(*out, string(os.PathSeparator)) {
			pdfPath = filepath.Join(*out, filepath.Base(strings.TrimSuffix(workbook, filepath.Ext(workbook)))+".pdf")
		}
	}
	if err := writeReport(rep, pdfPath, *jsonOut, stdout, <-canvas); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kpireport: wrote %s (%s, %d KPIs)\n", pdfPath, rep.Period, len(rep.KPIs))
	return nil
}

// writeReport renders the PDF (and the JSON) and writes them atomically;
// canvas may be nil.
func writeReport(rep *kpi.Report, pdfPath, jsonPath string, stdout io.Writer, canvas *render.Canvas) error {
	pdf, err := pipeline.PDF(rep, canvas)
	var ee *pipeline.EpochError
	if errors.As(err, &ee) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	var js []byte
	if jsonPath != "" {
		if js, err = pipeline.JSON(rep); err != nil {
			return err
		}
	}
	if err := writeAtomic(pdfPath, pdf); err != nil {
		return err
	}
	switch jsonPath {
	case "":
	case "-":
		_, err = stdout.Write(js)
	default:
		err = writeAtomic(jsonPath, js)
	}
	return err
}
