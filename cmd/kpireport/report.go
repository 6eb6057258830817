package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("report",
		"report [-c kpis.yaml] [-o report.pdf] [--json out.json] [--period YYYY-MM] [--lang fr|en] WORKBOOK.xlsx",
		"kpireport report -c kpis.yaml -o rapport-2025-06.pdf --json - chiffres.xlsx", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	out := fs.String("o", "", say(templates.EnvLanguage(), "flag.report_o"))
	jsonOut := fs.String("json", "", say(templates.EnvLanguage(), "flag.json"))
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return badUsage("usage.one_workbook", "cmd", "report", "n", strconv.Itoa(len(pos)))
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
	defer inLanguage(&err, cfg.Language)
	rep, err := compute(cfg, workbook, pw, stderr)
	if err != nil {
		return err
	}
	for _, w := range warningTexts(rep) {
		fmt.Fprintln(stderr, templates.Message(rep.Language, "warning", map[string]string{"msg": w}))
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
	fmt.Fprintln(stderr, say(rep.Language, "wrote", "path", pdfPath, "period", rep.Period.String(), "n", strconv.Itoa(len(rep.KPIs))))
	return nil
}

// writeReport renders the PDF (and the JSON) and writes them atomically;
// canvas may be nil.
func writeReport(rep *kpi.Report, pdfPath, jsonPath string, stdout io.Writer, canvas *render.Canvas) error {
	date, err := issueDate()
	if err != nil {
		return err
	}
	var pdf bytes.Buffer
	if err := render.PDF(&pdf, rep, render.PDFOptions{Date: date, Canvas: canvas}); err != nil {
		return err
	}
	var js bytes.Buffer
	if jsonPath != "" {
		if err := render.JSON(&js, rep); err != nil {
			return err
		}
	}
	if err := writeAtomic(pdfPath, pdf.Bytes()); err != nil {
		return err
	}
	switch jsonPath {
	case "":
	case "-":
		_, err = stdout.Write(js.Bytes())
	default:
		err = writeAtomic(jsonPath, js.Bytes())
	}
	return err
}
