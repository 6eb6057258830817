package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/kpireport/kpireport/email"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

// batchResult is one client's outcome, as summary.json records it; a
// skipped file of a searched folder is one too, with its reason.
type batchResult struct {
	Workbook string `json:"workbook"`
	// Client is the company named by the config, when it was read.
	Client string `json:"client,omitempty"`
	Config string `json:"config,omitempty"`
	// Status is ok, failed, skipped, interrupted or not started.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// OlderReport is a PDF of the same company an earlier run left, for a
	// client that now failed or was not finished: it is not this run's.
	OlderReport string `json:"older_report,omitempty"`
	// Hint says what to do about the error.
	Hint   string     `json:"hint,omitempty"`
	Reason string     `json:"reason,omitempty"`
	PDF    string     `json:"pdf,omitempty"`
	Period string     `json:"period,omitempty"`
	KPIs   []batchKPI `json:"kpis,omitempty"`
	// Warnings are the report's data warnings (missing months, rows
	// summed...), in the report's language.
	Warnings []string `json:"warnings,omitempty"`
	// Sent is sent, not_sent (the config has no email.to) or failed, with
	// --send; SentTo the recipients, SendError the server's reply.
	Sent      string   `json:"sent,omitempty"`
	SentTo    []string `json:"sent_to,omitempty"`
	SendError string   `json:"send_error,omitempty"`

	quiet bool // a skipped file that is plainly not a workbook
}

type batchKPI struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit"`
	// Currency is the report's currency, for the unit column of summary.csv.
	Currency  string   `json:"-"`
	Value     *float64 `json:"value"`
	Target    float64  `json:"target"`
	Threshold float64  `json:"threshold"`
	Status    string   `json:"status"`
}

// batchJob is a job on its way: its config, then its report.
type batchJob struct {
	job
	cfg *kpi.Config
	rep *kpi.Report
	out string // the reports' path without extension
}

func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("batch", "batch [-c kpis.yaml] [--send] -o OUTDIR PATH...",
		"kpireport batch --send -o rapports/ clients/", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	env := templates.EnvLanguage()
	outDir := fs.String("o", "", say(env, "flag.batch_o"))
	jobs := fs.Int("j", runtime.NumCPU(), say(env, "flag.j"))
	send := fs.Bool("send", false, say(env, "flag.batch_send"))
	smtpFile := fs.String("smtp", "", say(env, "flag.smtp"))
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
	explicitConfig := false
	fs.Visit(func(f *flag.Flag) { explicitConfig = explicitConfig || f.Name == "c" })

	found, skips, err := findJobs(pos)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return failure("no_workbooks", nil, "paths", strings.Join(pos, ", "))
	}
	bjs, lang, err := loadConfigs(found, in, explicitConfig)
	if err != nil {
		return err
	}
	defer inLanguage(&err, lang)
	for i := range bjs {
		if ce, ok := bjs[i].err.(*clientError); ok {
			ce.lang = lang
		}
	}
	pw, err := in.password()
	if err != nil {
		return err
	}
	var server *email.Server
	if *send {
		if server, err = loadServer(*smtpFile, lang, false); err != nil {
			return err
		}
	}
	if err := checkBatchOutputs(bjs, *outDir, lang); err != nil {
		return err
	}
	if err := os.MkdirAll(*outDir, 0o777); err != nil {
		return failure("cannot_create", err, "path", *outDir)
	}
	books := make([]string, len(bjs))
	for i, b := range bjs {
		books[i] = b.workbook
	}
	relaxGC(*jobs, books...)

	results := make([]batchResult, len(bjs))
	for i, b := range bjs {
		results[i] = batchResult{Workbook: b.workbook, Config: b.config, Status: statusNotStarted}
	}
	progress := newProgress(stderr, len(bjs))
	// Each report is computed, named in the order of the clients (so that
	// the same folders give the same names whatever finishes first), then
	// written and sent, jobs at a time.
	nm := newNamer(bjs, *outDir)
	defer context.AfterFunc(ctx, nm.wake)()
	parallel(ctx, len(bjs), *jobs, func(i int) {
		defer progress.step()
		runJob(ctx, &bjs[i], i, nm, server, pw, lang, &results[i])
	})
	progress.done()
	olderReports(results, *outDir, lang, stderr)
	for _, s := range skips {
		results = append(results, batchResult{Workbook: s.file, Status: "skipped", Reason: templates.Message(lang, s.reason, nil), quiet: s.quiet})
	}
	return summarize(ctx, results, *outDir, lang, *send, stdout)
}

// The statuses of a client a batch did not finish.
const (
	statusInterrupted = "interrupted"
	statusNotStarted  = "not started"
)

// runJob reports on one client: computes, waits for its turn to be named,
// writes, sends.
func runJob(ctx context.Context, b *batchJob, i int, nm *namer, server *email.Server, pw, lang string, res *batchResult) {
	if ctx.Err() != nil {
		nm.pass(i)
		return // not started
	}
	if !computeOne(ctx, b, pw, lang, res) {
		nm.pass(i)
		return
	}
	out, ok := nm.name(ctx, i, b.rep)
	if !ok {
		res.Status = statusInterrupted
		return
	}
	b.out = out
	writeOne(ctx, b, server, lang, res)
}

// checkBatchOutputs refuses, before any work, a batch whose summary would
// replace an input, and an output folder that is a file. The reports'
// names avoid the inputs by themselves (nameReports).
func checkBatchOutputs(bjs []batchJob, outDir, lang string) error {
	if st, err := os.Stat(outDir); err == nil && !st.IsDir() {
		return &outputFolderError{dir: outDir, isFile: true, lang: lang}
	}
	var inputs []role
	for _, b := range bjs {
		inputs = append(inputs, role{what: "workbook", path: b.workbook})
		if b.config != "" {
			inputs = append(inputs, role{what: "config", path: b.config})
		}
		if b.cfg != nil && b.cfg.LogoPath() != "" {
			inputs = append(inputs, role{what: "logo", path: b.cfg.LogoPath()})
		}
	}
	outputs := []role{{what: "summary", flag: "batch", path: filepath.Join(outDir, "summary.json")},
		{what: "summary", flag: "batch", path: filepath.Join(outDir, "summary.csv")}}
	return checkOutputs(outputs, inputs, lang)
}

// olderReports notes, for each client that failed, a report of its company
// an earlier run left in the output folder, so that it is not taken for
// this run's.
func olderReports(results []batchResult, outDir, lang string, stderr io.Writer) {
	mine := map[string]bool{}
	for _, r := range results {
		if r.PDF != "" {
			mine[r.PDF] = true
		}
	}
	for i := range results {
		r := &results[i]
		if r.Status == "ok" || r.Client == "" {
			continue
		}
		// Its reports are "Company - YYYY-MM.pdf", " (2)" when numbered.
		prefix := reportName(r.Client, "")
		entries, _ := os.ReadDir(outDir)
		for j := len(entries) - 1; j >= 0; j-- {
			name := entries[j].Name()
			path := filepath.Join(outDir, name)
			if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".pdf") && !mine[path] {
				r.OlderReport = path
				fmt.Fprintln(stderr, say(lang, "warning", "msg", templates.Message(msgLang(lang), "safety.older_report", map[string]string{"pdf": path})))
				break
			}
		}
	}
}

// parallel calls do(0..n-1) from jobs goroutines, until ctx is done.
func parallel(ctx context.Context, n, jobs int, do func(int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, jobs); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
dispatch:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break dispatch
		}
	}
	close(next)
	wg.Wait()
}

// loadConfigs reads each job's config: its client folder's, else -c's,
// read once. A broken -c given on the command line stops the batch before
// the work; the default kpis.yaml missing fails only the workbooks that
// need it. It returns the batch's language: --lang, else the clients'
// when they all share one, else the environment's.
func loadConfigs(found []job, in inputs, explicit bool) ([]batchJob, string, error) {
	var (
		def    *kpi.Config
		defErr error
		loaded bool
	)
	langs := map[string]bool{}
	out := make([]batchJob, len(found))
	for i, j := range found {
		out[i].job = j
		if j.err != nil {
			continue
		}
		if j.config == "" {
			if !loaded {
				def, defErr = in.loadConfig()
				loaded = true
				if defErr != nil && explicit {
					return nil, "", defErr
				}
			}
			if defErr != nil {
				out[i].err = defErr
				continue
			}
			out[i].config = def.File
			out[i].cfg = def
		} else {
			c := in
			c.config = j.config
			cfg, err := c.loadConfig()
			if err != nil {
				out[i].err = err
				continue
			}
			out[i].cfg = cfg
		}
		langs[out[i].cfg.Language] = true
	}
	lang := in.lang
	if lang == "" && len(langs) == 1 {
		for l := range langs {
			lang = l
		}
	}
	if lang == "" {
		lang = templates.EnvLanguage()
	}
	return out, lang, nil
}

// computeOne reads the job's workbook and computes its report; it reports
// whether it did, recording the failure in res otherwise. A panic fails
// that workbook only.
func computeOne(ctx context.Context, b *batchJob, pw, lang string, res *batchResult) (ok bool) {
	res.Status = "failed"
	defer func() {
		if r := recover(); r != nil {
			res.Error = say(lang, "internal", "err", fmt.Sprint(r))
			ok = false
		}
	}()
	if b.err != nil {
		res.Error, res.Hint = describe(b.err, lang)
		return false
	}
	c := *b.cfg // each workbook gets its own copy of the config
	res.Client = c.Company
	rep, err := compute(ctx, &c, b.workbook, pw, nil)
	if err != nil {
		if ie := (*interruptedError)(nil); errors.As(err, &ie) {
			res.Status = statusInterrupted
		}
		res.Error, res.Hint = describe(err, lang)
		return false
	}
	b.rep = rep
	return true
}

// writeOne writes a computed report's PDF and JSON, then sends it when
// server is set.
func writeOne(ctx context.Context, b *batchJob, server *email.Server, lang string, res *batchResult) {
	defer func() {
		if r := recover(); r != nil {
			res.Status, res.Error = "failed", say(lang, "internal", "err", fmt.Sprint(r))
		}
	}()
	rep := b.rep
	pdfPath, jsonPath := b.out+".pdf", b.out+".json"
	if err := writeReport(ctx, rep, pdfPath, jsonPath, io.Discard, nil); err != nil {
		res.Status = "failed"
		if ie := (*interruptedError)(nil); errors.As(err, &ie) {
			res.Status = statusInterrupted
		}
		res.Error, res.Hint = describe(err, lang)
		return
	}
	res.Status, res.PDF, res.Period = "ok", pdfPath, rep.Period.String()
	res.Warnings = warningTexts(rep)
	for _, k := range rep.KPIs {
		bk := batchKPI{ID: k.ID, Name: k.Name, Unit: k.Unit, Currency: rep.Currency, Target: k.Target, Threshold: k.Threshold, Status: string(k.Status)}
		if k.Value.Valid {
			v := k.Value.V
			bk.Value = &v
		}
		res.KPIs = append(res.KPIs, bk)
	}
	b.rep = nil // the table can go
	if server == nil {
		return
	}
	if len(b.cfg.Email.To) == 0 {
		res.Sent = "not_sent"
		return
	}
	res.SentTo = append(append([]string{}, b.cfg.Email.To...), b.cfg.Email.Cc...)
	if err := deliver(ctx, server, b.cfg, rep, pdfPath, "", io.Discard); err != nil {
		res.Sent, res.SendError = "failed", err.Error()
		return
	}
	res.Sent = "sent"
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
