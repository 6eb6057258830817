// Package templates holds every text a translator edits: report labels,
// commentary sentences, KPI names and default actions (one YAML file per
// language), and the starter configs written by `kpireport init`.
//
// It is a leaf package: the Go code of the other packages holds no French
// or English sentence of the report, only keys into these files.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed fr.yaml en.yaml starter.fr.yaml starter.en.yaml
var files embed.FS

// Languages are the report languages, default first.
var Languages = []string{"fr", "en"}

// Locale is how numbers and months are written in a language.
type Locale struct {
	Decimal string `yaml:"decimal"`
	Group   string `yaml:"group"`
	Percent string `yaml:"percent"`
	// Colon joins a label and its value: "Objectif : 12 %", "Target: 12%".
	Colon string `yaml:"colon"`
	// Quotes go around a header named in a sentence: « CA HT », "CA HT".
	Quotes        [2]string `yaml:"quotes"`
	CurrencyAfter bool      `yaml:"currency_after"`
	// PluralFrom is the smallest number written with a plural noun (French:
	// 2, "1,9 point"; English: 0, "1.9 points").
	PluralFrom  float64    `yaml:"plural_from"`
	Months      [12]string `yaml:"months"`
	MonthsShort [12]string `yaml:"months_short"`
}

// KPIText is a catalogue KPI's name, readable formula and default actions.
type KPIText struct {
	Name    string   `yaml:"name"`
	Formula string   `yaml:"formula"`
	Actions []string `yaml:"actions"`
}

// Texts are all the texts of one language.
type Texts struct {
	Language    string             `yaml:"language"`
	Locale      Locale             `yaml:"locale"`
	Units       map[string]string  `yaml:"units"`
	Headers     map[string]string  `yaml:"headers"`
	Labels      map[string]string  `yaml:"labels"`
	Status      map[string]string  `yaml:"status"`
	StatusShort map[string]string  `yaml:"status_short"`
	Sentences   map[string]string  `yaml:"sentences"`
	Reasons     map[string]string  `yaml:"reasons"`
	Warnings    map[string]string  `yaml:"warnings"`
	KPIs        map[string]KPIText `yaml:"kpis"`
}

// cache holds each language's texts, parsed on first use: a run parses
// only the language it reports in.
var cache = map[string]func() (*Texts, error){}

func init() {
	for _, lang := range Languages {
		cache[lang] = sync.OnceValues(func() (*Texts, error) { return parse(lang) })
	}
}

func parse(lang string) (*Texts, error) {
	data, err := files.ReadFile(lang + ".yaml")
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var t Texts
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("templates/%s.yaml: %w", lang, err)
	}
	return &t, nil
}

// For returns the texts of a language ("fr" or "en").
func For(lang string) (*Texts, error) {
	load, ok := cache[lang]
	if !ok {
		return nil, fmt.Errorf("unknown language %q (languages: %s)", lang, strings.Join(Languages, ", "))
	}
	return load()
}

// Must returns the texts of a language known to exist.
func Must(lang string) *Texts {
	t, err := For(lang)
	if err != nil {
		panic(err)
	}
	return t
}

// Starter returns the commented starter kpis.yaml of a language.
func Starter(lang string) ([]byte, error) {
	if _, err := For(lang); err != nil {
		return nil, err
	}
	return files.ReadFile("starter." + lang + ".yaml")
}

// Fill replaces each {key} of s with its value in vars.
func Fill(s string, vars map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, "{"+k+"}", vars[k])
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Text returns a sentence or label by section and key, or the key in
// brackets when a translation lacks it (the tests make sure none does).
func (t *Texts) Text(section map[string]string, key string) string {
	if s, ok := section[key]; ok {
		return s
	}
	return "[" + key + "]"
}

// ListSep separates the items of a list argument of a warning (see
// figures.List), which Fill writes quoted in the language.
const ListSep = "\x1f"

// Fill fills a sentence of the language: like the package's Fill, with
// each list argument (items joined by ListSep) written as its items in the
// language's quotes, separated by commas.
func (t *Texts) Fill(s string, vars map[string]string) string {
	var lists map[string]string
	for k, v := range vars {
		if strings.Contains(v, ListSep) {
			if lists == nil {
				lists = make(map[string]string, len(vars))
				for k2, v2 := range vars {
					lists[k2] = v2
				}
			}
			items := strings.Split(strings.Trim(v, ListSep), ListSep)
			for i, it := range items {
				items[i] = t.Locale.Quotes[0] + it + t.Locale.Quotes[1]
			}
			lists[k] = strings.Join(items, ", ")
		}
	}
	if lists != nil {
		vars = lists
	}
	return Fill(s, vars)
}

// MonthName returns "juin 2025" or "June 2025".
func (t *Texts) MonthName(year int, month int) string {
	return fmt.Sprintf("%s %d", t.Locale.Months[month-1], year)
}

// MonthShort returns "juin 25" or "Jun 25", for chart axes.
func (t *Texts) MonthShort(year int, month int) string {
	return fmt.Sprintf("%s %02d", t.Locale.MonthsShort[month-1], year%100)
}
