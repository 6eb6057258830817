package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
)

// pageData is what page.html shows.
type pageData struct {
	Lang, OtherLang string
	// DirConfig is the folder's kpis.yaml, or "" (then Dir is named).
	DirConfig, Dir string
	// Period and ReportLang echo the form.
	Period, ReportLang string
	Report             *pageReport
	Problem            *problem
}

// T returns a sentence of the page in its language.
func (p *pageData) T(key string, args ...string) string {
	vars := map[string]string{}
	for i := 0; i+1 < len(args); i += 2 {
		vars[args[i]] = args[i+1]
	}
	return msg(p.Lang, "page."+key, vars)
}

// pageReport is a report as the page shows it, formatted in the report's
// language as the PDF is.
type pageReport struct {
	Company, Period, FileName string
	// PDF is the PDF as a data: URL, so that nothing is kept on the
	// server between the answer and the download.
	PDF               template.URL
	OK, Watch, Breach int
	KPIs              []pageKPI
	Warnings          []string
	Language          string
}

type pageKPI struct {
	Name, Value, Target, Threshold, Previous, Status, Class string
	// Symbol carries the status without colour, as in the PDF.
	Symbol string
}

func (s *Server) newPage(r *http.Request) *pageData {
	p := &pageData{Lang: requestLanguage(r), Dir: s.Dir, DirConfig: s.dirConfig()}
	p.OtherLang = "en"
	if p.Lang == "en" {
		p.OtherLang = "fr"
	}
	if abs, err := filepath.Abs(s.Dir); err == nil {
		p.Dir = abs
	}
	return p
}

func (s *Server) getPage(w http.ResponseWriter, r *http.Request) {
	s.writePage(w, s.newPage(r), http.StatusOK)
}

// postPage is the form sent without JavaScript or with it: the page again,
// with the report or the problem.
func (s *Server) postPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r)
	u, err := readUpload(w, r, s.limit())
	if u != nil {
		p.Period, p.ReportLang = u.period, u.lang
	}
	var out *outcome
	if err == nil {
		out, err = s.make(u, true)
	}
	if err == nil {
		p.Report, err = newPageReport(out)
	}
	status := http.StatusOK
	if err != nil {
		pr := explain(p.Lang, err)
		p.Problem, status = &pr, pr.status
	}
	s.writePage(w, p, status)
}

func (s *Server) writePage(w http.ResponseWriter, p *pageData, status int) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func newPageReport(out *outcome) (*pageReport, error) {
	rep := out.rep
	f, err := render.NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return nil, err
	}
	t := templates.Must(rep.Language)
	pr := &pageReport{
		Company: rep.Company, Period: f.Month(rep.Period), Language: rep.Language,
		FileName: pipeline.ReportName(rep.Company, rep.Period.String()) + ".pdf",
		PDF:      template.URL("data:application/pdf;base64," + base64.StdEncoding.EncodeToString(out.pdf)),
	}
	for _, k := range rep.KPIs {
		pk := pageKPI{
			Name: k.Name, Value: f.KPIValue(k.Value, k.Unit),
			Target: f.Value(k.Target, k.Unit), Threshold: f.Value(k.Threshold, k.Unit),
			Previous: f.Change(k.Value, k.Previous, k.Unit),
			Status:   t.Status[string(k.Status)], Class: statusClass(k.Status), Symbol: render.StatusSymbol(k.Status),
		}
		switch k.Status {
		case kpi.OK:
			pr.OK++
		case kpi.Watch:
			pr.Watch++
		case kpi.Breach:
			pr.Breach++
		}
		pr.KPIs = append(pr.KPIs, pk)
	}
	for _, w := range rep.Warnings {
		pr.Warnings = append(pr.Warnings, f.Warning(w))
	}
	return pr, nil
}

// statusClass is the CSS class of a status, coloured as in the PDF.
func statusClass(s kpi.Status) string {
	switch s {
	case kpi.OK, kpi.Watch, kpi.Breach:
		return "st-" + string(s)
	}
	return "st-na"
}

// Counts says how many KPIs are on target, to watch and in breach.
func (p *pageData) Counts() string {
	r := p.Report
	return p.T("counts", "ok", strconv.Itoa(r.OK), "watch", strconv.Itoa(r.Watch), "breach", strconv.Itoa(r.Breach))
}
