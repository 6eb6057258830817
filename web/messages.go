package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/templates"
	"golang.org/x/text/language"
)

// msg is a sentence of templates/messages/serve.LANG.yaml.
func msg(lang, key string, args map[string]string) string {
	return templates.Message(lang, "serve."+key, args)
}

// requestLanguage is the page's language: ?lang=fr or en, else the
// browser's preference (Accept-Language), else the language of the
// server's environment.
func requestLanguage(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
		return l
	}
	env := templates.EnvLanguage()
	supported := []language.Tag{language.French, language.English}
	if env == "en" {
		supported[0], supported[1] = supported[1], supported[0]
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return env
	}
	_, i, conf := language.NewMatcher(supported).Match(tags...)
	if conf == language.No {
		return env
	}
	base, _ := supported[i].Base()
	return base.String()
}

// explain turns an error into the message and hint shown in lang, with
// the HTTP status: 422 for what the person can fix, 413 for an upload too
// large, 500 for the rest.
//
// The reader's and the config's own messages (a YAML line, a cell) are
// in English for now; they are framed by a sentence and a hint in lang.
func explain(lang string, err error) problem {
	var (
		re *requestError
		pe *periodError
		ce *kpi.ConfigError
		fe *reader.FileError
		me *reader.MissingMetricError
		xe *reader.CellError
		ke *kpi.PeriodError
		we *pipeline.WorkbookError
	)
	detail, enHint := pipeline.Describe(err)
	// The package's hint is specific ("did you mean company?"); in French
	// a sentence of our own says what to do.
	hint := func(key string) string {
		if lang == "en" && enHint != "" {
			return enHint
		}
		return msg(lang, "hint."+key, nil)
	}
	switch {
	case errors.As(err, &re):
		status := re.status
		if status == 0 {
			status = http.StatusUnprocessableEntity
		}
		return problem{Error: msg(lang, "error."+re.key, re.args), Hint: msg(lang, "hint."+re.key, nil), status: status}
	case errors.As(err, &pe):
		return unprocessable(msg(lang, "error.period", map[string]string{"period": fmt.Sprintf("%q", pe.period), "detail": pe.err.Error()}),
			msg(lang, "hint.period_format", nil))
	case errors.As(err, &ce):
		return unprocessable(msg(lang, "error.config", map[string]string{"detail": detail}), hint("config"))
	case errors.As(err, &me):
		return unprocessable(msg(lang, "error.workbook", map[string]string{"detail": detail}), msg(lang, "hint.missing_metric", nil))
	case errors.As(err, &xe):
		h := ""
		if strings.Contains(xe.Problem, "not a number") {
			h = msg(lang, "hint.number", nil)
		}
		return unprocessable(msg(lang, "error.workbook", map[string]string{"detail": detail}), h)
	case errors.As(err, &ke):
		return unprocessable(msg(lang, "error.workbook", map[string]string{"detail": detail}), msg(lang, "hint.no_figures", nil))
	case errors.As(err, &fe), errors.As(err, &we):
		return unprocessable(msg(lang, "error.workbook", map[string]string{"detail": detail}), hint("workbook"))
	}
	return problem{Error: msg(lang, "error.internal", map[string]string{"detail": detail}), Hint: msg(lang, "hint.internal", nil), status: http.StatusInternalServerError}
}

func unprocessable(e, hint string) problem {
	return problem{Error: e, Hint: hint, status: http.StatusUnprocessableEntity}
}
