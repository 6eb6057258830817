package kpi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/number"
	"github.com/kpireport/kpireport/templates"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"
)

// Config is a kpis.yaml file (SPEC.md "Config").
type Config struct {
	Company  string `yaml:"company"`
	Language string `yaml:"language"`
	Currency string `yaml:"currency"`
	Period   string `yaml:"period"`
	Logo     string `yaml:"logo"`
	// FiscalYearStart is the first month of the fiscal year, 1-12; 0 is
	// January.
	FiscalYearStart int            `yaml:"fiscal_year_start"`
	Email           EmailConfig    `yaml:"email"`
	Workbook        WorkbookConfig `yaml:"workbook"`
	KPIs            []KPIConfig    `yaml:"kpis"`

	// File is the config's path, for messages and relative paths.
	File string `yaml:"-"`
	root *yaml.Node
}

// WorkbookConfig says where the figures are in the workbook.
type WorkbookConfig struct {
	// File is the client's workbook, relative to the config's folder, for
	// a batch over client folders holding several workbooks.
	File  string `yaml:"file"`
	Sheet string `yaml:"sheet"`
	// Metrics maps a metric name to the header used for it in the workbook.
	Metrics map[string]string `yaml:"metrics"`
}

// KPIConfig is one entry of the config's kpis list.
type KPIConfig struct {
	KPI       string  `yaml:"kpi"`
	ID        string  `yaml:"id"`
	Name      string  `yaml:"name"`
	Formula   string  `yaml:"formula"`
	Unit      string  `yaml:"unit"`
	Better    string  `yaml:"better"`
	Compare   string  `yaml:"compare"`
	Target    *Number `yaml:"target"`
	Threshold *Number `yaml:"threshold"`
	// Tolerance is, with target: budget, the threshold's distance from the
	// target, in percent of the target's size (default 10 %).
	Tolerance *Number  `yaml:"tolerance"`
	CLV       *Number  `yaml:"clv"`
	Actions   []string `yaml:"actions"`

	expr *Expr
}

// Number is a config number: 12, 12.5, "12%", "12,5 %". A percentage is
// written in percent: 12% and 12 both mean 12 %.
type Number struct {
	Value float64
	// Percent records a % sign, refused on a KPI that is not a percentage.
	Percent bool
	// Budget is target: budget, each month's target taken from the
	// workbook's budget (budget.go).
	Budget bool
	// Text is the number as written (0,07), for messages.
	Text string
}

// UnmarshalYAML reads a number, with or without a % sign.
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	s := strings.TrimSpace(node.Value)
	if node.Kind != yaml.ScalarNode || s == "" {
		return cerr("", node.Line, "number_expected")
	}
	if strings.EqualFold(s, "budget") {
		*n = Number{Budget: true}
		return nil
	}
	pct := strings.HasSuffix(s, "%")
	v, ok := number.Parse(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	if !ok {
		return cerr("", node.Line, "not_number", "value", s)
	}
	*n = Number{Value: v, Percent: pct, Text: s}
	return nil
}

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

// maxConfigBytes bounds the config file read.
const maxConfigBytes = 1 << 20

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, cerr(path, 0, "not_found")
		}
		return nil, cerr(path, 0, "unreadable", "err", err.Error())
	}
	return Parse(path, bytes.NewReader(data))
}

// utf8Text returns the config's text as UTF-8. A file that is not UTF-8 was
// saved as "ANSI" by a Windows editor, in Windows-1252 for French and
// English, and is decoded from it (é is one byte there, not two). UTF-16
// with its byte order mark is left to the YAML decoder, which reads it.
func utf8Text(data []byte) []byte {
	if utf8.Valid(data) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// Parse reads and validates a config; name is used in messages and to
// resolve the logo's path.
func Parse(name string, r io.Reader) (*Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxConfigBytes+1))
	if err != nil {
		return nil, cerr(name, 0, "unreadable", "err", err.Error())
	}
	if len(data) > maxConfigBytes {
		return nil, cerr(name, 0, "too_large")
	}
	data = utf8Text(data)
	cfg := &Config{File: name}
	withFile := func(err error) error {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.File = name
			return ce
		}
		return err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, withFile(yamlError(err))
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, cerr(name, 0, "empty")
	}
	cfg.root = &root
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil {
		return nil, withFile(yamlError(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, cerr(name, extra.Line, "several_documents")
	}
	if err := cfg.Validate(); err != nil {
		return nil, withFile(err)
	}
	return cfg, nil
}

var (
	unknownFieldRe = regexp.MustCompile(`line (\d+): field (\S+) not found in type (\S+)`)
	lineRe         = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// yamlError turns a yaml.v3 error into a ConfigError with its line and,
// for an unknown key, the nearest valid one.
func yamlError(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) {
		return ce
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := unknownFieldRe.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			known := knownKeys(m[3])
			if near := Nearest(m[2], known); near != "" {
				return cerr("", line, "unknown_key", "key", m[2], "near", near).withHint("did_you_mean")
			}
			return cerr("", line, "unknown_key", "key", m[2], "keys", strings.Join(known, ", ")).withHint("valid_keys")
		}
		if m := lineRe.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
			line, _ := strconv.Atoi(m[1])
			return cerr("", line, "yaml", "err", cleanYAML(m[2]))
		}
		return cerr("", 0, "yaml", "err", cleanYAML(msg))
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return cerr("", line, "yaml_syntax", "err", m[2])
	}
	return cerr("", 0, "yaml", "err", msg)
}

func cleanYAML(msg string) string {
	msg = strings.ReplaceAll(msg, "!!str", "text")
	msg = strings.ReplaceAll(msg, "!!seq", "a list")
	msg = strings.ReplaceAll(msg, "!!map", "a mapping")
	msg = strings.ReplaceAll(msg, "!!int", "a number")
	msg = strings.ReplaceAll(msg, "kpi.", "")
	return msg
}

// knownKeys lists the YAML keys of a config type, by its Go name.
func knownKeys(typeName string) []string {
	var t reflect.Type
	switch {
	case strings.HasSuffix(typeName, "KPIConfig"):
		t = reflect.TypeOf(KPIConfig{})
	case strings.HasSuffix(typeName, "WorkbookConfig"):
		t = reflect.TypeOf(WorkbookConfig{})
	case strings.HasSuffix(typeName, "EmailConfig"):
		t = reflect.TypeOf(EmailConfig{})
	default:
		t = reflect.TypeOf(Config{})
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// line returns the line of the node at a path of mapping keys and list
// indexes ("kpis", 2, "target"), or of the nearest existing parent.
func (cfg *Config) line(path ...any) int {
	if cfg.root == nil || len(cfg.root.Content) == 0 {
		return 0
	}
	n := cfg.root.Content[0]
	line := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch p := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						next = n.Content[i+1]
						line = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

// Validate checks the config against SPEC.md, filling in defaults.
func (cfg *Config) Validate() error {
	at := func(path ...any) int { return cfg.line(path...) }
	if strings.TrimSpace(cfg.Company) == "" {
		return cerr(cfg.File, at("company"), "company_missing")
	}
	if cfg.Language == "" {
		cfg.Language = "fr"
	}
	if _, err := templates.For(cfg.Language); err != nil {
		return cerr(cfg.File, at("language"), "unknown_language", "value", cfg.Language)
	}
	if cfg.Currency == "" {
		cfg.Currency = "EUR"
	}
	if !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(cfg.Currency) {
		return cerr(cfg.File, at("currency"), "bad_currency", "value", cfg.Currency)
	}
	if cfg.Period == "" {
		cfg.Period = "latest"
	}
	if cfg.Period != "latest" {
		if _, err := figures.ParsePeriod(cfg.Period); err != nil {
			return cerr(cfg.File, at("period"), "bad_period", "value", cfg.Period)
		}
	}
	metrics := map[string]bool{}
	for _, m := range figures.Catalogue {
		metrics[m.Name] = true
	}
	for m := range cfg.Workbook.Metrics {
		if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(m) {
			return cerr(cfg.File, at("workbook", "metrics", m), "bad_metric_name", "name", m)
		}
		metrics[m] = true
	}
	if err := cfg.validateFiscal(); err != nil {
		return err
	}
	ids := map[string]int{}
	for i := range cfg.KPIs {
		if err := cfg.validateKPI(i, metrics); err != nil {
			return err
		}
		id := cfg.KPIs[i].id()
		if j, dup := ids[id]; dup {
			return cerr(cfg.File, at("kpis", i), "kpi_twice", "id", id, "other", strconv.Itoa(cfg.line("kpis", j)))
		}
		ids[id] = i
	}
	if n := len(cfg.KPIs); n < 3 || n > 5 {
		return cerr(cfg.File, at("kpis"), "kpi_count", "n", strconv.Itoa(n))
	}
	// A new metric under workbook.metrics that no formula uses and that is a
	// letter or two from a known one is a typo: its column would be lost.
	used := map[string]bool{}
	for _, k := range cfg.KPIs {
		if k.expr != nil {
			for _, n := range k.expr.Names() {
				used[n] = true
			}
		}
	}
	for _, m := range slices.Sorted(maps.Keys(cfg.Workbook.Metrics)) {
		if figures.Known(m) || used[m] {
			continue
		}
		if near := Nearest(m, figures.Names()); near != "" && levenshtein(m, near) <= 2 {
			return cerr(cfg.File, at("workbook", "metrics", m), "unknown_metric", "name", m, "near", near).withHint("did_you_mean")
		}
	}
	return cfg.validateEmail()
}

func (cfg *Config) validateKPI(i int, metrics map[string]bool) error {
	k := &cfg.KPIs[i]
	errAt := func(key, kind string, pairs ...string) *ConfigError {
		if key == "" {
			return cerr(cfg.File, cfg.line("kpis", i), kind, pairs...)
		}
		return cerr(cfg.File, cfg.line("kpis", i, key), kind, pairs...)
	}
	if k.KPI == "" {
		return errAt("", "kpi_missing")
	}
	def, known := Lookup(k.KPI)
	if !known && k.KPI != "custom" {
		if near := Nearest(k.KPI, IDs()); near != "" {
			return errAt("kpi", "unknown_kpi", "id", k.KPI, "near", near).withHint("did_you_mean")
		}
		return errAt("kpi", "unknown_kpi", "id", k.KPI)
	}
	if k.KPI == "custom" {
		switch {
		case k.ID == "":
			return errAt("", "custom_needs_id")
		case k.Name == "":
			return errAt("", "custom_needs_name", "id", k.ID)
		case k.Formula == "":
			return errAt("", "custom_needs_formula", "id", k.ID)
		}
		if _, clash := Lookup(k.ID); clash {
			return errAt("id", "id_is_catalogue", "id", k.ID)
		}
		e, err := ParseFormula(k.Formula)
		if err != nil {
			return errAt("formula", "bad_formula", "formula", k.Formula, "err", err.Error())
		}
		for _, n := range e.Names() {
			if !metrics[n] {
				names := make([]string, 0, len(metrics))
				for m := range metrics {
					names = append(names, m)
				}
				sort.Strings(names)
				if near := Nearest(n, names); near != "" {
					return errAt("formula", "unknown_formula_metric", "name", n, "near", near).withHint("did_you_mean_metric")
				}
				return errAt("formula", "unknown_formula_metric", "name", n, "names", strings.Join(names, ", "))
			}
		}
		k.expr = e
		switch k.Unit {
		case UnitCurrency, UnitPercent, UnitNumber, UnitMonths:
		case "":
			return errAt("", "custom_needs_unit", "id", k.ID)
		default:
			if near := Nearest(k.Unit, []string{UnitCurrency, UnitPercent, UnitNumber, UnitMonths}); near != "" {
				return errAt("unit", "unknown_unit", "unit", k.Unit, "near", near).withHint("did_you_mean")
			}
			return errAt("unit", "unknown_unit", "unit", k.Unit)
		}
		if k.Better == "" {
			k.Better = Higher
		}
	} else {
		for _, f := range []struct {
			key string
			set bool
		}{{"id", k.ID != ""}, {"formula", k.Formula != ""}, {"unit", k.Unit != ""}} {
			if f.set {
				return errAt(f.key, "custom_only", "key", f.key)
			}
		}
	}
	if k.Better != "" && k.Better != Higher && k.Better != Lower {
		return errAt("better", "bad_better", "value", k.Better)
	}
	if k.Compare != "" {
		if k.KPI != "revenue_growth" {
			return errAt("compare", "compare_only_growth")
		}
		if k.Compare != "mom" && k.Compare != "yoy" {
			return errAt("compare", "bad_compare", "value", k.Compare)
		}
	}
	if k.CLV != nil && k.KPI != "cac" {
		return errAt("clv", "clv_only_cac")
	}
	if k.Target == nil {
		return errAt("", "needs_target", "id", k.id())
	}
	if budget, err := cfg.validateBudget(i); budget || err != nil {
		return err
	}
	if k.Threshold == nil {
		return errAt("", "needs_threshold", "id", k.id())
	}
	better := k.Better
	if better == "" {
		better = def.Better
	}
	unit := def.Unit
	if k.KPI == "custom" {
		unit = k.Unit
	}
	for _, n := range []struct {
		key string
		n   *Number
	}{{"target", k.Target}, {"threshold", k.Threshold}} {
		if n.n.Percent && unit != UnitPercent {
			return errAt(n.key, "percent_sign", "key", n.key, "id", k.id(), "unit", unit)
		}
	}
	t, th := k.Target.Value, k.Threshold.Value
	if better == Higher && th > t {
		return errAt("threshold", "threshold_above", "threshold", fmt.Sprint(th), "target", fmt.Sprint(t), "id", k.id())
	}
	if better == Lower && th < t {
		return errAt("threshold", "threshold_below", "threshold", fmt.Sprint(th), "target", fmt.Sprint(t), "id", k.id())
	}
	for j, a := range k.Actions {
		if strings.TrimSpace(a) == "" {
			return cerr(cfg.File, cfg.line("kpis", i, "actions", j), "empty_action")
		}
	}
	return nil
}

func (k *KPIConfig) id() string {
	if k.KPI == "custom" {
		return k.ID
	}
	return k.KPI
}

func (k *KPIConfig) compare() string {
	if k.Compare == "" {
		return "mom"
	}
	return k.Compare
}

// def returns the catalogue definition, or the custom KPI's.
func (k *KPIConfig) def() Def {
	if k.KPI != "custom" {
		d, _ := Lookup(k.KPI)
		return d
	}
	e := k.expr
	if e == nil {
		e, _ = ParseFormula(k.Formula)
	}
	return Def{ID: k.ID, Unit: k.Unit, Better: k.Better, Needs: e.Names(), Formula: e, Window: monthOnly}
}

// LogoPath returns the logo's path relative to the config's folder, or "".
func (cfg *Config) LogoPath() string {
	if cfg.Logo == "" {
		return ""
	}
	if filepath.IsAbs(cfg.Logo) {
		return cfg.Logo
	}
	return filepath.Join(filepath.Dir(cfg.File), cfg.Logo)
}

// Nearest returns the candidate closest to s in edit distance, when it is
// close enough to be a typo, else "".
func Nearest(s string, candidates []string) string {
	best, dist := "", 1<<30
	for _, c := range candidates {
		if d := levenshtein(strings.ToLower(s), c); d < dist {
			best, dist = c, d
		}
	}
	if dist <= 2 || dist <= len(s)/3 {
		return best
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
