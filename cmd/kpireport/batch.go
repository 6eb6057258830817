package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

// batchResult is one workbook's outcome, as summary.json records it.
type batchResult struct {
	Workbook string `json:"workbook"`
	Status   string `json:"status"` // ok, failed, interrupted or not started
	Error    string `json:"error,omitempty"`
	// OlderReport is the PDF an earlier run left for a workbook that now
	// failed or was not finished: it is not this run's.
	OlderReport string     `json:"older_report,omitempty"`
	PDF         string     `json:"pdf,omitempty"`
	Period      string     `json:"period,omitempty"`
	KPIs        []batchKPI `json:"kpis,omitempty"`
	// Warnings are the report's data warnings (missing months, rows
	// summed...), in English as in the JSON.
	Warnings []string `json:"warnings,omitempty"`
}

type batchKPI struct {
	ID     string   `json:"id"`
	Value  *float64 `json:"value"`
	Status string   `json:"status"`
}

func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("batch", "batch -c kpis.yaml -o OUTDIR WORKBOOK.xlsx... (or a folder)",
		"kpireport batch -c kpis.yaml -o rapports/ clients/", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	outDir := fs.String("o", "", say(templates.EnvLanguage(), "flag.batch_o"))
	jobs := fs.Int("j", runtime.NumCPU(), say(templates.EnvLanguage(), "flag.j"))
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if *outDir == "" {
		return badUsage("usage.batch_needs_o")
	}
	if len(pos) == 0 {
		return badUsage("usage.batch_needs_inputs")
	}
	files, err := expand(pos)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return failure("no_workbooks", nil, "paths", strings.Join(pos, ", "))
	}
	cfg, pw, err := in.load()
	if err != nil {
		return err
	}
	defer inLanguage(&err, cfg.Language)
	names := outputNames(files)
	if err := checkBatchPaths(cfg, in, files, names, *outDir); err != nil {
		return err
	}
	if err := os.MkdirAll(*outDir, 0o777); err != nil {
		return failure("cannot_create", err, "path", *outDir)
	}
	relaxGC(*jobs, files...)
	results := make([]batchResult, len(files))
	for i, f := range files {
		results[i] = batchResult{Workbook: f, Status: statusNotStarted}
	}
	progress := newProgress(stderr, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, *jobs); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = batchOne(ctx, cfg, files[i], filepath.Join(*outDir, names[i]), pw)
				progress.step()
			}
		}()
	}
dispatch:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break dispatch
		}
	}
	close(next)
	wg.Wait()
	progress.done()
	for _, r := range results {
		if r.OlderReport != "" {
			fmt.Fprintf(stderr, "kpireport: warning: %s\n", templates.Message(msgLang(cfg.Language), "safety.older_report", map[string]string{"pdf": r.OlderReport}))
		}
	}
	return summarize(ctx, results, *outDir, stdout, cfg.Language)
}

// The statuses of a workbook a batch did not finish.
const (
	statusInterrupted = "interrupted"
	statusNotStarted  = "not started"
)

// checkBatchPaths refuses, before any work, a batch whose reports or
// summary would replace an input (a workbook, the config, the logo) or
// each other, and an output folder that is a file.
func checkBatchPaths(cfg *kpi.Config, in inputs, files, names []string, outDir string) error {
	lang := cfg.Language
	if st, err := os.Stat(outDir); err == nil && !st.IsDir() {
		return &outputFolderError{dir: outDir, isFile: true, lang: lang}
	}
	inputs := []role{{what: "config", path: in.config}, {what: "logo", path: cfg.LogoPath()}, {what: "password", path: in.passwordFile}}
	for _, f := range files {
		inputs = append(inputs, role{what: "workbook", path: f})
	}
	outputs := []role{{what: "summary", flag: "batch", path: filepath.Join(outDir, "summary.json")},
		{what: "summary", flag: "batch", path: filepath.Join(outDir, "summary.csv")}}
	for _, n := range names {
		outputs = append(outputs, role{what: "report", flag: "batch", path: filepath.Join(outDir, n+".pdf")},
			role{what: "report", flag: "batch", path: filepath.Join(outDir, n+".json")})
	}
	if err := checkOutputs(outputs, inputs, lang); err != nil {
		return err
	}
	return checkRegular(cfg.LogoPath(), lang)
}

// outputNames gives each workbook the base name of its outputs: its own
// name, or with -2, -3... when two folders hold workbooks of the same name.
// The name "summary" is the batch summary's: a workbook named summary.xlsx
// has its report named summary-2.pdf (and summary-2.json).
func outputNames(files []string) []string {
	names := make([]string, len(files))
	used := map[string]int{"summary": 1}
	for i, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		name := base
		for n := 2; used[strings.ToLower(name)] > 0; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		used[strings.ToLower(name)]++
		names[i] = name
	}
	return names
}

// batchOne reports on one workbook into out.pdf and out.json (out is the
// path without extension); a panic fails that workbook only.
func batchOne(ctx context.Context, cfg *kpi.Config, file, out, pw string) (res batchResult) {
	res = batchResult{Workbook: file, Status: "failed"}
	if ctx.Err() != nil {
		res.Status = statusNotStarted
		return res
	}
	pdfPath, jsonPath := out+".pdf", out+".json"
	defer func() {
		if r := recover(); r != nil {
			res.Error = say(cfg.Language, "internal", "err", fmt.Sprint(r))
		}
		if res.Status != "ok" {
			if _, err := os.Stat(pdfPath); err == nil {
				res.OlderReport = pdfPath
			}
		}
	}()
	c := *cfg // each workbook gets its own copy of the config
	rep, err := compute(ctx, &c, file, pw, nil)
	if err == nil {
		err = writeReport(ctx, rep, pdfPath, jsonPath, io.Discard, nil)
	}
	if err != nil {
		var ie *interruptedError
		if errors.As(err, &ie) {
			res.Status = statusInterrupted
		}
		res.Error, _ = describe(err, cfg.Language)
		return res
	}
	res.Status, res.PDF, res.Period = "ok", pdfPath, rep.Period.String()
	res.Warnings = warningTexts(rep)
	for _, k := range rep.KPIs {
		bk := batchKPI{ID: k.ID, Status: string(k.Status)}
		if k.Value.Valid {
			v := k.Value.V
			bk.Value = &v
		}
		res.KPIs = append(res.KPIs, bk)
	}
	return res
}

// expand turns folders into the .xlsx files they hold, sorted.
func expand(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			files = append(files, a) // reported as that workbook's failure
			continue
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			// Excel's lock files (~$figures.xlsx) and hidden files such as
			// the ._figures.xlsx macOS leaves on shared drives are not
			// workbooks.
			name := e.Name()
			if ext := strings.ToLower(filepath.Ext(name)); !e.IsDir() && (ext == ".xlsx" || ext == ".xlsm" || ext == ".ods") && !strings.HasPrefix(name, "~$") && !strings.HasPrefix(name, ".") {
				files = append(files, filepath.Join(a, name))
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

// summarize prints the summary table and writes summary.json and
// summary.csv; it fails when any workbook failed.
func summarize(ctx context.Context, results []batchResult, outDir string, stdout io.Writer, lang string) error {
	failed := 0
	count := map[string]int{}
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "workbook\tstatus\tperiod\tkpis\twarnings\terror")
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"workbook", "status", "period", "kpi", "value", "kpi_status", "error"})
	for _, r := range results {
		var parts []string
		for _, k := range r.KPIs {
			parts = append(parts, k.ID+"="+k.Status)
			v := ""
			if k.Value != nil {
				v = strconv.FormatFloat(*k.Value, 'f', -1, 64)
			}
			cw.Write([]string{r.Workbook, r.Status, r.Period, k.ID, v, k.Status, ""})
		}
		count[r.Status]++
		errText := r.Error
		if r.OlderReport != "" {
			errText = strings.TrimPrefix(errText+"; "+templates.Message(msgLang(lang), "safety.older_report", map[string]string{"pdf": r.OlderReport}), "; ")
		}
		if r.Status != "ok" {
			failed++
			cw.Write([]string{r.Workbook, r.Status, "", "", "", "", errText})
		}
		warnings := ""
		if len(r.Warnings) > 0 {
			warnings = strconv.Itoa(len(r.Warnings))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", filepath.Base(r.Workbook), r.Status, r.Period, strings.Join(parts, " "), warnings, errText)
	}
	tw.Flush()
	cw.Flush()
	js, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	// Written even when interrupted: it says what was done and what not.
	if err := writeOutputs(context.Background(), lang, output{filepath.Join(outDir, "summary.json"), append(js, '\n')},
		output{filepath.Join(outDir, "summary.csv"), buf.Bytes()}); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return &batchInterruptedError{done: count["ok"], failed: count["failed"], stopped: count[statusInterrupted],
			notStarted: count[statusNotStarted], summary: filepath.Join(outDir, "summary.json"), lang: lang}
	}
	if failed > 0 {
		return failure("batch_failed", nil, "failed", strconv.Itoa(failed), "total", strconv.Itoa(len(results)), "summary", filepath.Join(outDir, "summary.json"))
	}
	return nil
}

// progress draws a bar on stderr when it is a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	n     int
	on    bool
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, on: isTerminal(w)}
}

func (p *progress) step() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if !p.on {
		return
	}
	const width = 30
	filled := width * p.n / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.n, p.total)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}

// warningTexts writes a report's warnings in its language.
func warningTexts(rep *kpi.Report) []string {
	f, err := render.NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return nil
	}
	return f.Warnings(rep.Warnings)
}
