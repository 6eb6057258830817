package web

import (
	"errors"
	"net/http"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
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
// large, 500 for the rest. The config's, the workbook's and the KPIs'
// errors are worded as the command line words them (pipeline.Describe).
func explain(lang string, err error) problem {
	var (
		re *requestError
		pe *periodError
		ce *kpi.ConfigError
	)
	switch {
	case errors.As(err, &re):
		status := re.status
		if status == 0 {
			status = http.StatusUnprocessableEntity
		}
		return problem{Error: msg(lang, "error."+re.key, re.args), Hint: msg(lang, "hint."+re.key, nil), status: status}
	case errors.As(err, &pe):
		return problem{Error: msg(lang, "error.period", map[string]string{"period": pe.period}),
			Hint: msg(lang, "hint.period_format", nil), status: http.StatusUnprocessableEntity}
	}
	text, hint, ok := pipeline.Describe(err, lang)
	if !ok {
		return problem{Error: msg(lang, "error.internal", map[string]string{"detail": err.Error()}), Hint: msg(lang, "hint.internal", nil), status: http.StatusInternalServerError}
	}
	var ke *kpi.PeriodError
	if errors.As(err, &ke) { // the page has a month field, not --period
		hint = msg(lang, "hint.no_figures", nil)
	}
	if hint == "" { // every error says what to do
		hint = msg(lang, "hint.workbook", nil)
		if errors.As(err, &ce) {
			hint = msg(lang, "hint.config", nil)
		}
	}
	return problem{Error: text, Hint: hint, status: http.StatusUnprocessableEntity}
}
