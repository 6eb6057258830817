package kpi

import (
	"net/mail"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// EmailConfig is who receives the report (SPEC.md "send"): the config's
// optional email key. The SMTP server is never here: kpis.yaml travels
// with the client's figures.
type EmailConfig struct {
	To Addresses `yaml:"to"`
	Cc Addresses `yaml:"cc"`
}

// Addresses are e-mail addresses as written in the config: a YAML list,
// or one line of addresses separated by commas, each checked by
// net/mail ("direction@martin.fr", "Paul Martin <paul@martin.fr>").
type Addresses []string

// UnmarshalYAML reads a list of addresses, or one line of them; they
// are checked by Validate, which knows the language of its messages.
func (a *Addresses) UnmarshalYAML(node *yaml.Node) error {
	switch node.Kind {
	case yaml.ScalarNode:
		*a = nil
		if strings.TrimSpace(node.Value) == "" {
			return nil
		}
		list, err := mail.ParseAddressList(node.Value)
		if err != nil {
			*a = Addresses{node.Value} // named as it is by Validate
			return nil
		}
		for _, m := range list {
			if m.Name == "" {
				*a = append(*a, m.Address)
			} else {
				*a = append(*a, m.String())
			}
		}
		return nil
	case yaml.SequenceNode:
		out := make(Addresses, 0, len(node.Content))
		for _, it := range node.Content {
			if it.Kind != yaml.ScalarNode {
				return &ConfigError{Line: it.Line, Kind: "email_not_list"}
			}
			out = append(out, it.Value)
		}
		*a = out
		return nil
	}
	return &ConfigError{Line: node.Line, Kind: "email_not_list"}
}

// validateEmail checks each address with net/mail, naming its line.
func (cfg *Config) validateEmail() error {
	for _, f := range []struct {
		key  string
		list Addresses
	}{{"to", cfg.Email.To}, {"cc", cfg.Email.Cc}} {
		for i, addr := range f.list {
			if _, err := mail.ParseAddress(addr); err != nil {
				return &ConfigError{File: cfg.File, Line: cfg.line("email", f.key, i), Kind: "email_address", Args: map[string]string{"value": addr}}
			}
		}
	}
	if len(cfg.Email.Cc) > 0 && len(cfg.Email.To) == 0 {
		return &ConfigError{File: cfg.File, Line: cfg.line("email"), Kind: "email_cc_only"}
	}
	return nil
}

// WorkbookPath returns workbook.file relative to the config's folder, or
// "" when the config names no workbook.
func (cfg *Config) WorkbookPath() string {
	if cfg.Workbook.File == "" {
		return ""
	}
	if filepath.IsAbs(cfg.Workbook.File) {
		return cfg.Workbook.File
	}
	return filepath.Join(filepath.Dir(cfg.File), cfg.Workbook.File)
}
