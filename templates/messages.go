package templates

import (
	"embed"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The messages of the command line (errors, hints, warnings, progress,
// help) live in messages/<area>.<lang>.yaml, one file per area and
// language, so that each part of the program keeps its own words: a flat
// map of keys to sentences with {name} placeholders.
//
//go:embed messages/*.yaml
var messageFiles embed.FS

// messages holds each language's message keys and sentences, parsed once.
var messages = sync.OnceValues(func() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		out[lang] = map[string]string{}
	}
	entries, err := messageFiles.ReadDir("messages")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		base := strings.TrimSuffix(name, ".yaml")
		lang := path.Ext(base)
		if lang == "" {
			return nil, fmt.Errorf("templates/messages/%s: name it AREA.LANG.yaml", name)
		}
		lang = lang[1:]
		if _, ok := out[lang]; !ok {
			return nil, fmt.Errorf("templates/messages/%s: unknown language %q", name, lang)
		}
		data, err := messageFiles.ReadFile("messages/" + name)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := yaml.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("templates/messages/%s: %w", name, err)
		}
		for k, v := range m {
			if _, dup := out[lang][k]; dup {
				return nil, fmt.Errorf("templates/messages/%s: %q is also in another file", name, k)
			}
			out[lang][k] = v
		}
	}
	return out, nil
})

// Message returns the sentence of a message key in a language with its
// {names} filled from args; a key missing from the language falls back
// to English, then to the key itself in brackets (the tests make sure
// neither happens).
func Message(lang, key string, args map[string]string) string {
	all, err := messages()
	if err != nil {
		panic(err) // embedded files: caught by the tests
	}
	s, ok := all[lang][key]
	if !ok {
		if s, ok = all["en"][key]; !ok {
			return "[" + key + "]"
		}
	}
	return Fill(s, args)
}

// HasMessage reports whether a message key exists in English.
func HasMessage(key string) bool {
	all, err := messages()
	if err != nil {
		panic(err)
	}
	_, ok := all["en"][key]
	return ok
}

// MessageKeys returns every message key of a language, for the tests.
func MessageKeys(lang string) []string {
	all, err := messages()
	if err != nil {
		panic(err)
	}
	keys := make([]string, 0, len(all[lang]))
	for k := range all[lang] {
		keys = append(keys, k)
	}
	return keys
}

// EnvLanguage is the language of messages before a config says one:
// French when LC_ALL, LC_MESSAGES or LANG (the first set, in that order,
// as POSIX reads them) starts with "fr", else English.
func EnvLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "fr") {
				return "fr"
			}
			return "en"
		}
	}
	return "en"
}
