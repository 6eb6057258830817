package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/reader"
	"github.com/kpireport/kpireport/templates"
)

func cmdInit(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("init", "init [--lang fr|en] [DIR]", "kpireport init --lang fr dossier-client", stderr)
	lang := fs.String("lang", "fr", say(templates.EnvLanguage(), "flag.init_lang"))
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	defer inLanguage(&err, *lang)
	if len(pos) > 1 {
		return badUsage("usage.init_one_folder")
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	t, err := templates.For(*lang)
	if err != nil {
		return badUsage("usage.bad_lang", "value", *lang)
	}
	starter, err := templates.Starter(*lang)
	if err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, "kpis.yaml")
	bookName := map[string]string{"fr": "chiffres.xlsx", "en": "figures.xlsx"}[*lang]
	bookPath := filepath.Join(dir, bookName)
	for _, p := range []string{cfgPath, bookPath} {
		if _, err := os.Stat(p); err == nil {
			return failure("init_exists", nil, "path", p)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cfg, err := kpi.Parse(cfgPath, bytesReader(starter))
	if err != nil {
		return fmt.Errorf("starter config: %w", err) // caught by the tests
	}
	// The chosen KPIs' metrics, in the usual order (revenue first).
	needed := map[string]bool{}
	for _, k := range cfg.KPIs {
		d, _ := kpi.Lookup(k.KPI)
		for _, m := range d.Needs {
			needed[m] = true
		}
	}
	var headers []string
	for _, m := range figures.Catalogue {
		if needed[m.Name] {
			headers = append(headers, t.Headers[m.Name])
		}
	}
	now, err := issueDate()
	if err != nil {
		return err
	}
	year := now.Year()
	format := map[string]string{"fr": `[$-40C]mmmm yyyy`, "en": `mmmm yyyy`}[*lang]
	if err := reader.WriteTemplate(bookPath, t.Headers["sheet"], t.Headers["month"], headers, year, format, templates.Message(*lang, "budget.sheet", nil)); err != nil {
		return failure("cannot_write_file", err, "path", bookPath)
	}
	if err := writeAtomic(cfgPath, starter); err != nil {
		os.Remove(bookPath)
		return err
	}
	fmt.Fprintf(stdout, "%s\n%s\n", cfgPath, bookPath)
	fmt.Fprintln(stderr, say(*lang, "init.next", "config", cfgPath, "workbook", bookPath))
	return nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
