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
	cfg, pw, workbook, canvas, err := startOne("report", fs, &in, args, stdout)
	if err != nil {
		return err
	}
	defer inLanguage(&err, cfg.Language)
	rep, pdfPath, err := reportTo(ctx, cfg, in, pw, workbook, *out, *jsonOut, stdout, stderr, canvas)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, say(rep.Language, "wrote", "path", pdfPath, "period", rep.Period.String(), "n", strconv.Itoa(len(rep.KPIs))))
	return nil
}

// startOne parses the flags of a command on one workbook, loads the config
// and starts registering the PDF's fonts: the two take about the same time
// as reading the workbook, and the machine has more than one core.
func startOne(cmd string, fs *flags, in *inputs, args []string, stdout io.Writer) (*kpi.Config, string, string, <-chan *render.Canvas, error) {
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return nil, "", "", nil, err
	}
	if len(pos) != 1 {
		return nil, "", "", nil, badUsage("usage.one_workbook", "cmd", cmd, "n", strconv.Itoa(len(pos)))
	}
	workbook := pos[0]
	relaxGC(1, workbook)
	canvas := make(chan *render.Canvas, 1)
	go func() { canvas <- render.NewCanvas() }()
	cfg, pw, err := in.load()
	if err != nil {
		return nil, "", "", nil, err
	}
	return cfg, pw, workbook, canvas, nil
}

// reportTo computes the report of a workbook and writes its PDF to out
// (default: the workbook's name with .pdf; a folder puts it there) and its
// JSON to jsonOut, as report does; send shares it. The outputs are checked
// against the inputs before any work.
func reportTo(ctx context.Context, cfg *kpi.Config, in inputs, pw, workbook, out, jsonOut string, stdout, stderr io.Writer, canvas <-chan *render.Canvas) (*kpi.Report, string, error) {
	// -o defaults to the workbook's name with .pdf; -o FOLDER puts it there.
	pdfPath := strings.TrimSuffix(workbook, filepath.Ext(workbook)) + ".pdf"
	if out != "" {
		pdfPath = out
		st, err := os.Stat(out)
		switch {
		case err == nil && st.IsDir() || strings.HasSuffix(out, string(os.PathSeparator)):
			pdfPath = filepath.Join(out, filepath.Base(strings.TrimSuffix(workbook, filepath.Ext(workbook)))+".pdf")
		case err != nil && filepath.Ext(out) == "":
			pdfPath = out + ".pdf" // -o rapport: a file Windows opens with a double-click
		}
	}
	if err := checkReportPaths(cfg, in, workbook, pdfPath, out, jsonOut); err != nil {
		return nil, "", err
	}
	rep, err := compute(ctx, cfg, workbook, pw, stderr)
	if err != nil {
		return nil, "", err
	}
	for _, w := range warningTexts(rep) {
		fmt.Fprintln(stderr, templates.Message(rep.Language, "warning", map[string]string{"msg": w}))
	}
	if err := writeReport(ctx, rep, pdfPath, jsonOut, stdout, <-canvas); err != nil {
		return nil, "", err
	}
	return rep, pdfPath, nil
}

// writeReport renders the PDF (and the JSON) and writes them atomically;
// canvas may be nil.
func writeReport(ctx context.Context, rep *kpi.Report, pdfPath, jsonPath string, stdout io.Writer, canvas *render.Canvas) error {
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
	// The PDF and its JSON are renamed together, so that both come from
	// this run (see writeOutputs).
	outs := []output{{pdfPath, pdf.Bytes()}}
	if jsonPath != "" && jsonPath != "-" {
		outs = append(outs, output{jsonPath, js.Bytes()})
	}
	if err := writeOutputs(ctx, rep.Language, outs...); err != nil {
		return err
	}
	if jsonPath == "-" {
		_, err = stdout.Write(js.Bytes())
	}
	return err
}

// checkReportPaths refuses, before any work, a report or JSON path that is
// an input or the other output, and an output folder that is missing or a
// file; and an input that is not a regular file.
func checkReportPaths(cfg *kpi.Config, in inputs, workbook, pdfPath, out, jsonOut string) error {
	lang := cfg.Language
	pdfFlag := "-o"
	if out == "" {
		pdfFlag = ""
	}
	outputs := []role{{what: "pdf", flag: pdfFlag, path: pdfPath}, {what: "json", flag: "--json", path: jsonOut}}
	inputs := []role{{what: "workbook", path: workbook}, {what: "config", path: in.config},
		{what: "logo", path: cfg.LogoPath()}, {what: "password", path: in.passwordFile}}
	if err := checkOutputs(outputs, inputs, lang); err != nil {
		return err
	}
	if err := checkRegular(cfg.LogoPath(), lang); err != nil {
		return err
	}
	for _, o := range outputs {
		if o.path != "" && o.path != "-" {
			if err := checkFolder(filepath.Dir(o.path), lang); err != nil {
				return err
			}
		}
	}
	return nil
}
