package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/email"
	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

func cmdSend(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("send",
		"send [-c kpis.yaml] [--smtp smtp.yaml] [--eml FILE] [--period YYYY-MM] [--lang fr|en] WORKBOOK.xlsx",
		"kpireport send -c kpis.yaml --smtp ~/.config/kpireport/smtp.yaml chiffres.xlsx", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	env := templates.EnvLanguage()
	out := fs.String("o", "", say(env, "flag.report_o"))
	smtpFile := fs.String("smtp", "", say(env, "flag.smtp"))
	eml := fs.String("eml", "", say(env, "flag.eml"))
	cfg, pw, workbook, canvas, err := startOne("send", fs, &in, args, stdout)
	if err != nil {
		return err
	}
	defer inLanguage(&err, cfg.Language)
	// What would stop the sending is found before the work.
	lang := cfg.Language
	if len(cfg.Email.To) == 0 {
		return &email.Error{File: cfg.File,
			Msg:  templates.Message(lang, "send.no_recipient", nil),
			Hint: templates.Message(lang, "send.no_recipient_hint", nil)}
	}
	server, err := loadServer(*smtpFile, lang, *eml != "")
	if err != nil {
		return err
	}
	if *eml != "" {
		pdf := strings.TrimSuffix(workbook, filepath.Ext(workbook)) + ".pdf"
		for _, p := range []string{workbook, cfg.File, *out, pdf} {
			if p != "" && samePath(*eml, p) {
				return usagef("%s", templates.Message(lang, "send.eml_same", map[string]string{"file": *eml}))
			}
		}
	}
	rep, pdfPath, err := reportTo(ctx, cfg, in, pw, workbook, *out, "", stdout, stderr, canvas)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, say(rep.Language, "wrote", "path", pdfPath, "period", rep.Period.String(), "n", strconv.Itoa(len(rep.KPIs))))
	return deliver(ctx, server, cfg, rep, pdfPath, *eml, stderr)
}

// loadServer finds and reads smtp.yaml. For an .eml it is optional: its
// from fills the message's sender when it is there.
func loadServer(given, lang string, forEML bool) (*email.Server, error) {
	path, err := email.FindConfig(given, lang)
	if err != nil {
		if forEML {
			return nil, nil
		}
		return nil, err
	}
	if forEML && given == "" {
		if _, err := os.Stat(path); err != nil {
			return nil, nil
		}
	}
	return email.LoadServer(path, lang)
}

// deliver sends a written report's PDF to the config's email.to and cc,
// or writes the message to emlPath; the attachment is named as batch
// names reports.
func deliver(ctx context.Context, server *email.Server, cfg *kpi.Config, rep *kpi.Report, pdfPath, emlPath string, stderr io.Writer) error {
	pdf, err := os.ReadFile(pdfPath) // the attachment is the file written, byte for byte
	if err != nil {
		return err
	}
	from := ""
	if server != nil {
		from = server.From
	}
	name := reportName(rep.Company, rep.Period.String()) + ".pdf"
	letter, err := email.NewLetter(rep, cfg.Email.To, cfg.Email.Cc, from, name, pdf)
	if err != nil {
		return err
	}
	lang := rep.Language
	if emlPath != "" {
		letter.Draft = true
		var buf bytes.Buffer
		if err := letter.WriteEML(&buf, from); err != nil {
			return err
		}
		if err := writeAtomic(emlPath, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintln(stderr, say(lang, "info", "msg", templates.Message(lang, "send.wrote_eml", map[string]string{"file": emlPath})))
		return nil
	}
	if err := server.Send(ctx, letter); err != nil {
		return err
	}
	to := strings.Join(append(append([]string{}, cfg.Email.To...), cfg.Email.Cc...), ", ")
	fmt.Fprintln(stderr, say(lang, "info", "msg", templates.Message(lang, "send.sent", map[string]string{"file": filepath.Base(pdfPath), "to": to})))
	return nil
}
