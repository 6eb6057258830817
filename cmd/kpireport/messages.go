package main

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kpireport/kpireport/email"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/pipeline"
	"github.com/kpireport/kpireport/templates"
)

// This file words what the command says: errors and their hints are
// chosen by the error's type and kind, never by its text, and written in
// the language of the messages (SPEC.md, "Messages").

// cliError is a failure of the command itself (no workbook found, a
// folder that cannot be made), worded in templates/messages/cli.*.yaml.
type cliError struct {
	key  string
	args map[string]string
	err  error
}

// failure makes a command error of a message key, the underlying error
// (or nil) and pairs of argument names and values.
func failure(key string, err error, pairs ...string) error {
	args := pairsMap(pairs)
	if err != nil {
		args["err"] = err.Error()
	}
	return &cliError{key: key, args: args, err: err}
}

func (e *cliError) Error() string { return templates.Message("en", e.key, e.args) }
func (e *cliError) Unwrap() error { return e.err }

// pairsMap makes a map of pairs of names and values.
func pairsMap(pairs []string) map[string]string {
	m := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

// langError carries the language the messages are in once the config (or
// --lang) has said it.
type langError struct {
	lang string
	err  error
}

func (e *langError) Error() string { return e.err.Error() }
func (e *langError) Unwrap() error { return e.err }

// inLanguage wraps *err with the messages' language, for a deferred call.
func inLanguage(err *error, lang string) {
	if *err != nil && slices.Contains(templates.Languages, lang) {
		*err = &langError{lang: lang, err: *err}
	}
}

// messageLanguage is the language to write an error in: the one the
// config or --lang gave, else the environment's.
func messageLanguage(err error) string {
	var le *langError
	if errors.As(err, &le) {
		return le.lang
	}
	if ce := (*kpi.ConfigError)(nil); errors.As(err, &ce) && ce.Lang != "" {
		return ce.Lang
	}
	return templates.EnvLanguage()
}

// say writes a message of the command in a language.
func say(lang, key string, pairs ...string) string {
	return templates.Message(lang, key, pairsMap(pairs))
}

// describe returns an error's message and a hint saying what to do, in a
// language.
func describe(err error, lang string) (msg, hint string) {
	msg, hint = describeKind(err, lang)
	var we *workbookError
	if errors.As(err, &we) {
		lines := strings.Split(msg, "\n")
		for i, line := range lines {
			lines[i] = say(lang, "at_file", "file", filepath.Base(we.file), "msg", line)
		}
		msg = strings.Join(lines, "\n")
	}
	return msg, hint
}

// hintFor returns the hint of a message key, "" when it has none.
func hintFor(lang, key string, args map[string]string) string {
	if !templates.HasMessage(key) {
		return ""
	}
	return templates.Message(lang, key, args)
}

func describeKind(err error, lang string) (string, string) {
	if msg, hint, ok := safetyWords(err, lang); ok {
		return msg, hint
	}
	var (
		ue *usageError
		cl *cliError
		ee *email.Error
		ke *clientError
	)
	switch {
	case errors.As(err, &ue):
		return ue.Message(lang), say(lang, "hint.usage")
	case errors.As(err, &ee): // worded in its language when made
		return ee.Error(), ee.Hint
	case errors.As(err, &ke):
		return ke.Error(), ke.hint()
	case errors.As(err, &cl):
		return templates.Message(lang, cl.key, cl.args), hintFor(lang, "hint."+cl.key, cl.args)
	}
	// The config's, the workbook's and the KPIs' errors are worded as the
	// report page words them.
	msg, hint, _ := pipeline.Describe(err, lang)
	return msg, hint
}
