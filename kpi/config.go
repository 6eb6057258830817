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
	Company  string         `yaml:"company"`
	Language string         `yaml:"language"`
	Currency string         `yaml:"currency"`
	Period   string         `yaml:"period"`
	Logo     string         `yaml:"logo"`
	Email    EmailConfig    `yaml:"email"`
	Workbook WorkbookConfig `yaml:"workbook"`
	KPIs     []KPIConfig    `yaml:"kpis"`

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
	KPI       string   `yaml:"kpi"`
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Formula   string   `yaml:"formula"`
	Unit      string   `yaml:"unit"`
	Better    string   `yaml:"better"`
	Compare   string   `yaml:"compare"`
	Target    *Number  `yaml:"target"`
	Threshold *Number  `yaml:"threshold"`
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
}

// UnmarshalYAML reads a number, with or without a % sign.
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	s := strings.TrimSpace(node.Value)
	if node.Kind != yaml.ScalarNode || s == "" {
		return &ConfigError{Line: node.Line, Msg: "expected a number such as 12 or 12%"}
	}
	pct := strings.HasSuffix(s, "%")
	v, ok := number.Parse(strings.TrimSpace(strings.TrimSuffix(s, "%")))
	if !ok {
		return &ConfigError{Line: node.Line, Msg: fmt.Sprintf("%q is not a number", s), Hint: "write a number such as 12, 12.5 or 12%"}
	}
	*n = Number{Value: v, Percent: pct}
	return nil
}

// ConfigError is a problem in the config, with its YAML line.
type ConfigError struct {
	File string
	Line int
	Msg  string
	Hint string
}

// Error writes the message as users read it.
func (e *ConfigError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// maxConfigBytes bounds the config file read.
const maxConfigBytes = 1 << 20

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &ConfigError{File: path, Msg: "config file not found", Hint: "give it with -c, or create one with: kpireport init"}
		}
		return nil, &ConfigError{File: path, Msg: err.Error()}
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
		return nil, &ConfigError{File: name, Msg: err.Error()}
	}
	if len(data) > maxConfigBytes {
		return nil, &ConfigError{File: name, Msg: "config file too large (1 MB at most)"}
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
		return nil, &ConfigError{File: name, Msg: "config file is empty", Hint: "create one with: kpireport init"}
	}
	cfg.root = &root
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil {
		return nil, withFile(yamlError(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &ConfigError{File: name, Line: extra.Line, Msg: "the file holds several YAML documents; keep one"}
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
			e := &ConfigError{Line: line, Msg: fmt.Sprintf("unknown key %q", m[2])}
			if near := Nearest(m[2], known); near != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", near)
			} else {
				e.Hint = "valid keys here: " + strings.Join(known, ", ")
			}
			return e
		}
		if m := lineRe.FindStringSubmatch(strings.TrimSpace(msg)); m != nil {
			line, _ := strconv.Atoi(m[1])
			return &ConfigError{Line: line, Msg: cleanYAML(m[2])}
		}
		return &ConfigError{Msg: cleanYAML(msg)}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &ConfigError{Line: line, Msg: "YAML syntax: " + m[2], Hint: "check the indentation and the colons; use spaces, not tabs"}
	}
	return &ConfigError{Msg: "YAML: " + msg}
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
	errAt := func(msg, hint string, path ...any) error {
		return &ConfigError{File: cfg.File, Line: cfg.line(path...), Msg: msg, Hint: hint}
	}
	if strings.TrimSpace(cfg.Company) == "" {
		return errAt("company is missing", "add a line such as: company: Boulangerie Martin SARL", "company")
	}
	if cfg.Language == "" {
		cfg.Language = "fr"
	}
	if _, err := templates.For(cfg.Language); err != nil {
		return errAt(fmt.Sprintf("unknown language %q", cfg.Language), "use fr or en", "language")
	}
	if cfg.Currency == "" {
		cfg.Currency = "EUR"
	}
	if !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(cfg.Currency) {
		return errAt(fmt.Sprintf("currency %q is not an ISO 4217 code", cfg.Currency), "write three capital letters, e.g. EUR", "currency")
	}
	if cfg.Period == "" {
		cfg.Period = "latest"
	}
	if cfg.Period != "latest" {
		if _, err := figures.ParsePeriod(cfg.Period); err != nil {
			return errAt(err.Error(), "write latest or YYYY-MM", "period")
		}
	}
	metrics := map[string]bool{}
	for _, m := range figures.Catalogue {
		metrics[m.Name] = true
	}
	for m := range cfg.Workbook.Metrics {
		if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(m) {
			return errAt(fmt.Sprintf("metric name %q: use lower-case letters, digits and _", m), "", "workbook", "metrics", m)
		}
		metrics[m] = true
	}
	ids := map[string]int{}
	for i := range cfg.KPIs {
		if err := cfg.validateKPI(i, metrics); err != nil {
			return err
		}
		id := cfg.KPIs[i].id()
		if j, dup := ids[id]; dup {
			return errAt(fmt.Sprintf("KPI %q is chosen twice (also at line %d)", id, cfg.line("kpis", j)), "give a custom KPI its own id", "kpis", i)
		}
		ids[id] = i
	}
	if n := len(cfg.KPIs); n < 3 || n > 5 {
		return errAt(fmt.Sprintf("%d KPIs chosen: choose 3 to 5", n), "the KPI guide advises 3 to 5 KPIs, so that management can follow them all", "kpis")
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
			return errAt(fmt.Sprintf("unknown metric %q", m), fmt.Sprintf("did you mean %q?", near), "workbook", "metrics", m)
		}
	}
	return cfg.validateEmail()
}

func (cfg *Config) validateKPI(i int, metrics map[string]bool) error {
	k := &cfg.KPIs[i]
	errAt := func(key, msg, hint string) error {
		if key == "" {
			return &ConfigError{File: cfg.File, Line: cfg.line("kpis", i), Msg: msg, Hint: hint}
		}
		return &ConfigError{File: cfg.File, Line: cfg.line("kpis", i, key), Msg: msg, Hint: hint}
	}
	if k.KPI == "" {
		return errAt("", "kpi is missing in this entry", "write kpi: followed by an id from: kpireport kpis")
	}
	def, known := Lookup(k.KPI)
	if !known && k.KPI != "custom" {
		hint := "see the list with: kpireport kpis"
		if near := Nearest(k.KPI, IDs()); near != "" {
			hint = fmt.Sprintf("did you mean %q?", near)
		}
		return errAt("kpi", fmt.Sprintf("unknown KPI %q", k.KPI), hint)
	}
	if k.KPI == "custom" {
		switch {
		case k.ID == "":
			return errAt("", "a custom KPI needs an id", "add id: followed by a short name such as avg_basket")
		case k.Name == "":
			return errAt("", fmt.Sprintf("custom KPI %q needs a name", k.ID), "add name: followed by the name shown in the report")
		case k.Formula == "":
			return errAt("", fmt.Sprintf("custom KPI %q needs a formula", k.ID), "e.g. formula: revenue / orders")
		}
		if _, clash := Lookup(k.ID); clash {
			return errAt("id", fmt.Sprintf("id %q is a catalogue KPI", k.ID), "give the custom KPI another id")
		}
		e, err := ParseFormula(k.Formula)
		if err != nil {
			return errAt("formula", fmt.Sprintf("formula %q: %v", k.Formula, err), "use metric names, numbers, + - * / and parentheses")
		}
		for _, n := range e.Names() {
			if !metrics[n] {
				names := make([]string, 0, len(metrics))
				for m := range metrics {
					names = append(names, m)
				}
				sort.Strings(names)
				hint := "metrics: " + strings.Join(names, ", ")
				if near := Nearest(n, names); near != "" {
					hint = fmt.Sprintf("did you mean %q? (or name a column for it under workbook.metrics)", near)
				}
				return errAt("formula", fmt.Sprintf("unknown metric %q in the formula", n), hint)
			}
		}
		k.expr = e
		switch k.Unit {
		case UnitCurrency, UnitPercent, UnitNumber, UnitMonths:
		case "":
			return errAt("", fmt.Sprintf("custom KPI %q needs a unit", k.ID), "unit: currency, percent, number or months")
		default:
			hint := "use currency, percent, number or months"
			if near := Nearest(k.Unit, []string{UnitCurrency, UnitPercent, UnitNumber, UnitMonths}); near != "" {
				hint = fmt.Sprintf("did you mean %q?", near)
			}
			return errAt("unit", fmt.Sprintf("unknown unit %q", k.Unit), hint)
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
				return errAt(f.key, fmt.Sprintf("%s is only for custom KPIs", f.key), "remove it, or write kpi: custom")
			}
		}
	}
	if k.Better != "" && k.Better != Higher && k.Better != Lower {
		return errAt("better", fmt.Sprintf("better: %q must be higher or lower", k.Better), "")
	}
	if k.Compare != "" {
		if k.KPI != "revenue_growth" {
			return errAt("compare", "compare is only for revenue_growth", "remove it")
		}
		if k.Compare != "mom" && k.Compare != "yoy" {
			hint := "use mom (previous month) or yoy (same month last year)"
			return errAt("compare", fmt.Sprintf("compare: %q must be mom or yoy", k.Compare), hint)
		}
	}
	if k.CLV != nil && k.KPI != "cac" {
		return errAt("clv", "clv is only for cac", "remove it")
	}
	if k.Target == nil {
		return errAt("", fmt.Sprintf("KPI %q needs a target", k.id()), "add target: followed by the goal, e.g. target: 12%")
	}
	if k.Threshold == nil {
		return errAt("", fmt.Sprintf("KPI %q needs a threshold", k.id()), "add threshold: followed by the alert level, e.g. threshold: 8%")
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
			return errAt(n.key, fmt.Sprintf("%s of %s has a %% sign, but %s is not a percentage (unit: %s)", n.key, k.id(), k.id(), unit),
				"write a plain number, e.g. 30")
		}
	}
	t, th := k.Target.Value, k.Threshold.Value
	if better == Higher && th > t {
		return errAt("threshold", fmt.Sprintf("threshold %g is above the target %g, but higher is better for %s", th, t, k.id()),
			"the alert threshold of a higher-is-better KPI sits below its target")
	}
	if better == Lower && th < t {
		return errAt("threshold", fmt.Sprintf("threshold %g is below the target %g, but lower is better for %s", th, t, k.id()),
			"the alert threshold of a lower-is-better KPI sits above its target")
	}
	for j, a := range k.Actions {
		if strings.TrimSpace(a) == "" {
			return &ConfigError{File: cfg.File, Line: cfg.line("kpis", i, "actions", j), Msg: "empty action"}
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
