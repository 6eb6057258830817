package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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
	// Status is ok, failed, skipped or interrupted.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
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
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
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
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return failure("cannot_create", err, "path", *outDir)
	}
	books := make([]string, len(bjs))
	for i, b := range bjs {
		books[i] = b.workbook
	}
	relaxGC(*jobs, books...)

	results := make([]batchResult, len(bjs))
	for i, b := range bjs {
		results[i] = batchResult{Workbook: b.workbook, Config: b.config, Status: "interrupted"}
	}
	progress := newProgress(stderr, len(bjs))
	// The reports are computed in parallel, named in the order of the
	// clients (so that the same folders give the same names), then
	// written and sent in parallel.
	parallel(ctx, len(bjs), *jobs, func(i int) {
		if !computeOne(&bjs[i], pw, lang, &results[i]) {
			progress.step()
		}
	})
	nameReports(bjs, *outDir)
	parallel(ctx, len(bjs), *jobs, func(i int) {
		if bjs[i].rep != nil {
			writeOne(ctx, &bjs[i], server, lang, &results[i])
			progress.step()
		}
	})
	progress.done()
	for _, s := range skips {
		results = append(results, batchResult{Workbook: s.file, Status: "skipped", Reason: templates.Message(lang, s.reason, nil), quiet: s.quiet})
	}
	return summarize(results, *outDir, lang, *send, ctx.Err() != nil, stdout)
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
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
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
func computeOne(b *batchJob, pw, lang string, res *batchResult) (ok bool) {
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
	rep, err := compute(&c, b.workbook, pw, nil)
	if err != nil {
		res.Error, res.Hint = describe(err, lang)
		return false
	}
	b.rep = rep
	return true
}

// nameReports gives each computed report its file name, company and
// period, in the order of the jobs: a second client of the same company
// and period gets " (2)", and no name is an input's.
func nameReports(bjs []batchJob, outDir string) {
	key := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		return strings.ToLower(p) // Windows and macOS ignore case
	}
	inputs := map[string]bool{}
	for _, b := range bjs {
		inputs[key(b.workbook)] = true
		if b.config != "" {
			inputs[key(b.config)] = true
		}
	}
	taken := map[string]bool{}
	for i := range bjs {
		rep := bjs[i].rep
		if rep == nil {
			continue
		}
		base := reportName(rep.Company, rep.Period.String())
		name := base
		for n := 2; ; n++ {
			out := filepath.Join(outDir, name)
			if k := key(out); !taken[k] && !inputs[k+".pdf"] && !inputs[k+".json"] {
				taken[k] = true
				bjs[i].out = out
				break
			}
			name = base + " (" + strconv.Itoa(n) + ")"
		}
	}
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
	if err := writeReport(rep, pdfPath, jsonPath, io.Discard, nil); err != nil {
		res.Error, res.Hint = describe(err, lang)
		return
	}
	res.Status, res.PDF, res.Period = "ok", pdfPath, rep.Period.String()
	res.Warnings = warningTexts(rep)
	for _, k := range rep.KPIs {
		bk := batchKPI{ID: k.ID, Name: k.Name, Unit: k.Unit, Target: k.Target, Threshold: k.Threshold, Status: string(k.Status)}
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
