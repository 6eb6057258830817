// Package web is the report page of `kpireport serve`: a page where an
// accountant drops a workbook (and a kpis.yaml) and gets the KPI table,
// the data warnings and the PDF, and the POST /api/report endpoint that
// answers the same upload with the PDF or the JSON of SPEC.md.
//
// It owns HTTP only: reading an upload within bounds and in memory, the
// page's words in French or English, and errors as {"error", "hint"}. The
// report itself is made by package pipeline, as on the command line.
// Nothing of an upload is written to disk.
package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
)

// MaxUpload is the largest request accepted, workbook and config
// together: 64 MB (SPEC.md "serve").
const MaxUpload = 64 << 20

//go:embed page.html static
var files embed.FS

var page = template.Must(template.ParseFS(files, "page.html"))

// Server answers the page and the API for the configs of one folder.
type Server struct {
	// Dir is the folder whose kpis.yaml is used when no config is sent.
	Dir string
	// MaxUpload bounds a request's body; 0 means MaxUpload.
	MaxUpload int64
	// Reports bounds the reports made at once, each holding its upload in
	// memory (64 MB at most): 0 means one per processor. A request waits
	// for its turn as long as its client does.
	Reports int

	slotsOnce sync.Once
	slots     chan struct{}
}

// New returns the server of a folder.
func New(dir string) *Server { return &Server{Dir: dir} }

// inTurn runs h when fewer than s.Reports reports are being made, and
// answers 503 if the client gives up before its turn.
func (s *Server) inTurn(h http.HandlerFunc) http.HandlerFunc {
	s.slotsOnce.Do(func() {
		n := s.Reports
		if n <= 0 {
			n = runtime.NumCPU()
		}
		s.slots = make(chan struct{}, n)
	})
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
			h(w, r)
		case <-r.Context().Done():
			http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		}
	}
}

// Handler returns the routes: GET and POST / (the page, which works as a
// plain form without JavaScript), POST /api/report and /static/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(files, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", s.getPage)
	mux.HandleFunc("POST /{$}", s.inTurn(s.postPage))
	mux.HandleFunc("POST /api/report", s.inTurn(s.apiReport))
	// Another site open in the browser cannot post to the page (CSRF);
	// curl and other programs, which send no Origin, can.
	return securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

// securityHeaders keeps the page from being framed or sniffed, and its
// own files the only ones it loads.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) limit() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return MaxUpload
}

// dirConfig is the folder's kpis.yaml, or "" when there is none.
func (s *Server) dirConfig() string {
	p := filepath.Join(s.Dir, "kpis.yaml")
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		return p
	}
	return ""
}

// outcome is a report made from an upload.
type outcome struct {
	rep *kpi.Report
	pdf []byte
}

// make reads an upload's config and workbook and makes the report; with
// pdf false the PDF is not rendered.
func (s *Server) make(u *upload, pdf bool) (*outcome, error) {
	cfg, err := s.config(u)
	if err != nil {
		return nil, err
	}
	rep, err := pipeline.Compute(cfg, u.workbookName, u.workbook, os.Getenv("KPIREPORT_PASSWORD"))
	if err != nil {
		return nil, err
	}
	out := &outcome{rep: rep}
	if pdf {
		if out.pdf, err = pipeline.PDF(rep, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// config parses the config sent, else the folder's, and applies the
// form's language and month.
func (s *Server) config(u *upload) (*kpi.Config, error) {
	var (
		cfg *kpi.Config
		err error
	)
	if u.config != nil {
		name := filepath.Base(u.configName)
		if name == "." || name == string(filepath.Separator) {
			name = "kpis.yaml"
		}
		cfg, err = kpi.Parse(name, strings.NewReader(string(u.config)))
		if err != nil {
			return nil, err
		}
		// A logo named in the config sent is looked for in the folder.
		cfg.File = filepath.Join(s.Dir, name)
	} else {
		p := s.dirConfig()
		if p == "" {
			return nil, &requestError{key: "no_config", args: map[string]string{"dir": s.Dir}}
		}
		if cfg, err = kpi.Load(p); err != nil {
			return nil, err
		}
	}
	if u.lang != "" {
		cfg.Language = u.lang
	}
	if u.period != "" {
		cfg.Period = u.period
	}
	return cfg, nil
}

// apiReport is POST /api/report: the PDF, or with format=json the JSON.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	u, err := readUpload(w, r, s.limit())
	if u != nil && u.lang != "" {
		lang = u.lang
	}
	if err != nil {
		s.apiError(w, lang, err)
		return
	}
	asJSON := r.URL.Query().Get("format") == "json" || u.format == "json"
	out, err := s.make(u, !asJSON)
	if err != nil {
		s.apiError(w, lang, err)
		return
	}
	if asJSON {
		js, err := pipeline.JSON(out.rep)
		if err != nil {
			s.apiError(w, lang, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(js)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", contentDisposition(pipeline.ReportName(out.rep.Company, out.rep.Period.String())+".pdf"))
	w.Write(out.pdf)
}

// apiError answers {"error": ..., "hint": ...} in lang.
func (s *Server) apiError(w http.ResponseWriter, lang string, err error) {
	p := explain(lang, err)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(p.status)
	json.NewEncoder(w).Encode(map[string]string{"error": p.Error, "hint": p.Hint})
}

// contentDisposition names the attachment, in ASCII for old clients and
// in UTF-8 (RFC 6266, RFC 5987) for the accents of a company's name.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	var enc strings.Builder
	for _, b := range []byte(name) {
		if b < 0x80 && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + enc.String()
}

// requestError is a problem with the request itself, named by its message
// key (serve.error.<key> and serve.hint.<key>).
type requestError struct {
	key    string
	args   map[string]string
	status int // 0 means 422
}

func (e *requestError) Error() string { return "serve: " + e.key }

// problem is an error as the page and the API show it.
type problem struct {
	Error, Hint string
	status      int
}

// periodError is a month typed in the form that is not YYYY-MM.
type periodError struct {
	period string
	err    error
}

func (e *periodError) Error() string { return e.period + ": " + e.err.Error() }

// checkPeriod refuses a month that is not YYYY-MM before any work.
func checkPeriod(p string) error {
	if p == "" {
		return nil
	}
	if _, err := figures.ParsePeriod(p); err != nil {
		return &periodError{period: p, err: err}
	}
	return nil
}

// isTooLarge reports whether err is a body over the limit.
func isTooLarge(err error) bool {
	var me *http.MaxBytesError
	return errors.As(err, &me)
}
