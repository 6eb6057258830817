package kpi

// This file holds the config's errors: a kind and its arguments, worded
// in templates/messages/config.*.yaml.

import (
	"strconv"

	"github.com/kpireport/kpireport/templates"
)

// ConfigError is a problem in the config, with its YAML line. It holds no
// sentence: Kind names it in templates/messages/config.*.yaml (key
// config.<kind>) and Args fill it; Hint, when set, names the hint's key
// (config.<hint>), else config.<kind>.hint is used when it exists.
type ConfigError struct {
	File string
	Line int
	Kind string
	Args map[string]string
	Hint string
	// Lang is the config's language: when the config is read far enough
	// to say it, its errors are in that language.
	Lang string
}

// Error writes the message in English.
func (e *ConfigError) Error() string {
	msg, _ := e.Message("en")
	return msg
}

// Message writes the message and its hint in a language.
func (e *ConfigError) Message(lang string) (msg, hint string) {
	args := map[string]string{"file": e.File, "line": strconv.Itoa(e.Line)}
	for k, v := range e.Args {
		args[k] = v
	}
	args["msg"] = templates.Message(lang, "config."+e.Kind, args)
	switch {
	case e.File != "" && e.Line > 0:
		msg = templates.Message(lang, "config.at_file_line", args)
	case e.File != "":
		msg = templates.Message(lang, "config.at_file", args)
	case e.Line > 0:
		msg = templates.Message(lang, "config.at_line", args)
	default:
		msg = args["msg"]
	}
	hint = e.Hint
	if hint == "" {
		hint = e.Kind + ".hint"
	}
	if templates.HasMessage("config." + hint) {
		return msg, templates.Message(lang, "config."+hint, args)
	}
	return msg, ""
}

// cerr makes a config error of a kind from pairs of argument names and
// values.
func cerr(file string, line int, kind string, pairs ...string) *ConfigError {
	args := make(map[string]string, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		args[pairs[i]] = pairs[i+1]
	}
	return &ConfigError{File: file, Line: line, Kind: kind, Args: args}
}

// withHint sets a config error's hint key.
func (e *ConfigError) withHint(hint string) *ConfigError { e.Hint = hint; return e }
