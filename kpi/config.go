package kpi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
	said := "" // the language the config writes, before any default
	withFile := func(err error) error {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.File = name
			if slices.Contains(templates.Languages, said) {
				ce.Lang = said // the config said its language before failing
			}
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
	said = cfg.Language
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

// isFraction reports whether a number is a bare fraction: strictly between
// −1 and 1, not 0, written without a % sign.
func isFraction(n *Number) bool {
	return !n.Percent && n.Value != 0 && n.Value > -1 && n.Value < 1
}

// text is the number as the user wrote it (0,07), else as Go writes it.
func (n *Number) text() string {
	if n.Text != "" {
		return n.Text
	}
	return fmt.Sprint(n.Value)
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
