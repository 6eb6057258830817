package email

import (
	"bytes"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/render"
	"github.com/kpireport/kpireport/templates"
	gomail "github.com/wneessen/go-mail"
)

// Letter is one report's message: its recipients, subject and body in the
// report's language, and the PDF attached under its file name.
type Letter struct {
	Lang          string
	To, Cc        []string
	Subject, Body string
	// Name is the attachment's file name, as batch names the report.
	Name string
	PDF  []byte
	// Draft marks an .eml to be opened and sent from a mail program
	// (X-Unsent: 1, which Outlook opens as a new message).
	Draft bool
}

// NewLetter writes the message of a report: the subject names the company
// and the month, the body gives the verdict of page 1 (how many KPIs are
// on target, to watch and in breach, and each breach), signed by from's
// name ("" for none).
func NewLetter(rep *kpi.Report, to, cc []string, from, name string, pdf []byte) (*Letter, error) {
	f, err := render.NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return nil, err
	}
	lang := rep.Language
	month := f.Month(rep.Period)
	args := map[string]string{"company": rep.Company, "month": month, "file": name}
	counts := map[kpi.Status]int{}
	var breaches []string
	for _, k := range rep.KPIs {
		counts[k.Status]++
		if k.Status == kpi.Breach {
			breaches = append(breaches, templates.Message(lang, "send.body_breach", map[string]string{
				"kpi": k.Name, "value": f.KPIValue(k.Value, k.Unit), "threshold": f.Value(k.Threshold, k.Unit),
			}))
		}
	}
	var verdict []string
	for _, s := range []kpi.Status{kpi.OK, kpi.Watch, kpi.Breach, kpi.NA} {
		if counts[s] == 0 && s == kpi.NA {
			continue
		}
		verdict = append(verdict, f.T.Status[string(s)]+f.T.Locale.Colon+strconv.Itoa(counts[s]))
	}
	var b strings.Builder
	b.WriteString(templates.Message(lang, "send.body_intro", args))
	b.WriteString("\n\n")
	b.WriteString(templates.Message(lang, "send.body_verdict", map[string]string{"verdict": strings.Join(verdict, " · ")}))
	b.WriteString("\n")
	if len(breaches) == 0 {
		b.WriteString(templates.Message(lang, "send.body_no_breach", nil) + "\n")
	} else {
		b.WriteString(templates.Message(lang, "send.body_breaches", nil) + "\n")
		for _, s := range breaches {
			b.WriteString("  - " + s + "\n")
		}
	}
	b.WriteString("\n" + templates.Message(lang, "send.body_end", nil) + "\n")
	if a, err := mail.ParseAddress(from); err == nil {
		sig := a.Name
		if sig == "" {
			sig = a.Address
		}
		b.WriteString(sig + "\n")
	}
	return &Letter{
		Lang: lang, To: to, Cc: cc,
		Subject: templates.Message(lang, "send.subject", args),
		Body:    b.String(),
		Name:    name, PDF: pdf,
	}, nil
}

// message builds the go-mail message; from may be "" in an .eml.
func (l *Letter) message(from string) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	bad := func(addr string, err error) error {
		return &Error{Msg: templates.Message(l.Lang, "send.bad_address", map[string]string{"value": addr}), Err: err}
	}
	if from != "" {
		if err := m.From(from); err != nil {
			return nil, bad(from, err)
		}
	}
	if len(l.To) == 0 {
		return nil, &Error{Msg: templates.Message(l.Lang, "send.no_recipient", nil), Hint: templates.Message(l.Lang, "send.no_recipient_hint", nil)}
	}
	if err := m.To(l.To...); err != nil {
		return nil, bad(strings.Join(l.To, ", "), err)
	}
	if len(l.Cc) > 0 {
		if err := m.Cc(l.Cc...); err != nil {
			return nil, bad(strings.Join(l.Cc, ", "), err)
		}
	}
	m.Subject(l.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetUserAgent("kpireport")
	if l.Draft {
		m.SetGenHeader("X-Unsent", "1")
	}
	m.SetBodyString(gomail.TypeTextPlain, l.Body)
	m.AttachReadSeeker(l.Name, bytes.NewReader(l.PDF), gomail.WithFileContentType("application/pdf"))
	return m, nil
}

// WriteEML writes the message (RFC 5322, the PDF attached) to w, to be
// opened and sent from the firm's own mail program; from may be "".
func (l *Letter) WriteEML(w io.Writer, from string) error {
	m, err := l.message(from)
	if err != nil {
		return err
	}
	if _, err := m.WriteTo(w); err != nil {
		return fmt.Errorf("writing the message: %w", err)
	}
	return nil
}
