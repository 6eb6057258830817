// Package email sends a report by e-mail: it reads the SMTP server's
// settings (smtp.yaml, kept apart from kpis.yaml, which travels with the
// client's figures), writes the message in the report's language with
// the PDF attached, and sends it or writes it as an .eml file.
//
// It owns the rules of SPEC.md "send": STARTTLS or TLS is mandatory, and
// plain text is allowed only to a loopback address; the password comes
// from a file or the environment and is never printed. It does not make
// the PDF: it is given its bytes.
package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/templates"
	gomail "github.com/wneessen/go-mail"
	"go.yaml.in/yaml/v3"
)

// Security values of smtp.yaml.
const (
	StartTLS = "starttls" // the default: STARTTLS, refused when the server does not offer it
	TLS      = "tls"      // implicit TLS (SMTPS, port 465)
	None     = "none"     // plain text, only to a loopback address
)

// Server is smtp.yaml: the firm's outgoing mail server.
type Server struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	Security string `yaml:"security"`
	Username string `yaml:"username"`
	// PasswordFile holds the password, relative to smtp.yaml; without it
	// the password is KPIREPORT_SMTP_PASSWORD.
	PasswordFile string `yaml:"password_file"`
	From         string `yaml:"from"`
	// CAFile is a PEM certificate trusted besides the system's, for a
	// server whose certificate the firm signed itself (and the tests).
	CAFile string `yaml:"ca_file"`

	// File is smtp.yaml's path, for messages and relative paths.
	File     string `yaml:"-"`
	password secret
	lang     string
}

// secret is a password: printed, it shows as a mask.
type secret string

func (secret) String() string   { return "********" }
func (secret) GoString() string { return "********" }

// PasswordEnv is the environment variable holding the SMTP password when
// smtp.yaml names no password_file.
const PasswordEnv = "KPIREPORT_SMTP_PASSWORD"

// ConfigEnv is the environment variable naming smtp.yaml.
const ConfigEnv = "KPIREPORT_SMTP"

// Error is a problem with smtp.yaml or with the server, in the language
// of the messages, with a hint saying what to do.
type Error struct {
	File string
	Line int
	Msg  string
	Hint string
	// Err is the library's or the server's own error, when there is one.
	Err error
}

// Error writes the message as users read it.
func (e *Error) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return e.File + ": " + e.Msg
	}
	return e.Msg
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func msg(lang, key string, args map[string]string) string {
	return templates.Message(lang, key, args)
}

// FindConfig returns the path of smtp.yaml: given (from --smtp), else
// KPIREPORT_SMTP, else smtp.yaml in the user's config folder
// ($XDG_CONFIG_HOME/kpireport, ~/.config/kpireport, %AppData%\kpireport).
func FindConfig(given, lang string) (string, error) {
	if given != "" {
		return given, nil
	}
	if p := os.Getenv(ConfigEnv); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", &Error{Msg: msg(lang, "send.smtp_no_folder", nil), Hint: msg(lang, "send.smtp_missing_hint", nil), Err: err}
	}
	return filepath.Join(dir, "kpireport", "smtp.yaml"), nil
}

// LoadServer reads and checks smtp.yaml and the password, in lang (fr or
// en) for its messages. Nothing is sent and no connection is made.
func LoadServer(path, lang string) (*Server, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{File: path, Msg: msg(lang, "send.smtp_missing", nil), Hint: msg(lang, "send.smtp_missing_hint", nil)}
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	s, err := ParseServer(path, bytes.NewReader(data), lang)
	if err != nil {
		return nil, err
	}
	if err := s.readPassword(); err != nil {
		return nil, err
	}
	return s, nil
}

var yamlLineRe = regexp.MustCompile(`line (\d+): (.*)`)

// ParseServer reads smtp.yaml from r and checks it; name is used in
// messages. The password is not read.
func ParseServer(name string, r io.Reader, lang string) (*Server, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	s := &Server{File: name, lang: lang}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil && err != io.EOF {
		text := strings.TrimPrefix(err.Error(), "yaml: ")
		e := &Error{File: name, Msg: text}
		if te := (*yaml.TypeError)(nil); errors.As(err, &te) && len(te.Errors) > 0 {
			text = te.Errors[0]
		}
		if m := yamlLineRe.FindStringSubmatch(text); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
			if f := regexp.MustCompile(`field (\S+) not found`).FindStringSubmatch(m[2]); f != nil {
				e.Msg = msg(lang, "send.smtp_unknown_key", map[string]string{"key": f[1]})
				e.Hint = msg(lang, "send.smtp_keys_hint", nil)
			}
		}
		return nil, e
	}
	return s, s.validate()
}

// validate checks the settings and fills in the defaults.
func (s *Server) validate() error {
	bad := func(key string, args map[string]string) error {
		return &Error{File: s.File, Msg: msg(s.lang, "send.smtp_"+key, args), Hint: msg(s.lang, "send.smtp_"+key+"_hint", args)}
	}
	if strings.TrimSpace(s.Host) == "" {
		return bad("no_host", nil)
	}
	if s.Security == "" {
		s.Security = StartTLS
	}
	switch s.Security {
	case StartTLS, TLS, None:
	default:
		return bad("security", map[string]string{"value": s.Security})
	}
	if s.Security == None && !IsLoopback(s.Host) {
		return bad("plaintext", map[string]string{"host": s.Host})
	}
	if s.Port == 0 {
		s.Port = map[string]int{StartTLS: 587, TLS: 465, None: 25}[s.Security]
	}
	if s.Port < 1 || s.Port > 65535 {
		return bad("port", map[string]string{"value": strconv.Itoa(s.Port)})
	}
	if strings.TrimSpace(s.From) == "" {
		return bad("no_from", nil)
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return bad("from", map[string]string{"value": s.From})
	}
	return nil
}

// IsLoopback reports whether host is this machine: localhost or a
// loopback IP address. A name is not looked up: only these are trusted
// with plain text.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// readPassword reads password_file (relative to smtp.yaml), else
// KPIREPORT_SMTP_PASSWORD. A username without a password is an error.
func (s *Server) readPassword() error {
	if s.PasswordFile != "" {
		p := s.PasswordFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(s.File), p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return &Error{File: s.File, Msg: msg(s.lang, "send.smtp_password_file", map[string]string{"file": p}), Err: err}
		}
		s.password = secret(strings.TrimRight(string(b), "\r\n"))
	} else {
		s.password = secret(os.Getenv(PasswordEnv))
	}
	if s.Username != "" && s.password == "" {
		return &Error{File: s.File, Msg: msg(s.lang, "send.smtp_no_password", nil), Hint: msg(s.lang, "send.smtp_no_password_hint", nil)}
	}
	return nil
}

// String describes the server without its password, whatever prints it.
func (s Server) String() string { return s.Security + "://" + s.Addr() }

// GoString is String, for %#v.
func (s Server) GoString() string { return s.String() }

// Addr is host:port, for messages.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// client returns a go-mail client set up for the server's security.
func (s *Server) client() (*gomail.Client, error) {
	tc := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		p := s.CAFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(s.File), p)
		}
		pem, err := os.ReadFile(p)
		if err != nil {
			return nil, &Error{File: s.File, Msg: msg(s.lang, "send.smtp_ca_file", map[string]string{"file": p}), Err: err}
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &Error{File: s.File, Msg: msg(s.lang, "send.smtp_ca_file", map[string]string{"file": p})}
		}
		tc.RootCAs = pool
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTLSConfig(tc)}
	switch s.Security {
	case StartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLS:
		opts = append(opts, gomail.WithSSL())
	case None:
		if !IsLoopback(s.Host) { // validate said so; checked again before connecting
			return nil, &Error{File: s.File, Msg: msg(s.lang, "send.smtp_plaintext", map[string]string{"host": s.Host})}
		}
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.Username != "" {
		// The strongest mechanism the server offers; in plain text (to this
		// machine only) go-mail's discovery refuses PLAIN, so it is named.
		auth := gomail.SMTPAuthAutoDiscover
		if s.Security == None {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth),
			gomail.WithUsername(s.Username), gomail.WithPassword(string(s.password)))
	}
	return gomail.NewClient(s.Host, opts...)
}

// Send sends the letter through the server. A refused or unreachable
// server is an *Error carrying the server's reply.
func (s *Server) Send(ctx context.Context, l *Letter) error {
	m, err := l.message(s.From)
	if err != nil {
		return err
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		reply := err.Error()
		if s.password != "" && len(s.password) >= 4 { // never printed, even if a library echoed it
			reply = strings.ReplaceAll(reply, string(s.password), s.password.String())
		}
		key := "send.failed"
		if ne := (*net.OpError)(nil); errors.As(err, &ne) && ne.Op == "dial" {
			key = "send.unreachable" // never reached: no server refused anything
		}
		return &Error{
			Msg:  msg(s.lang, key, map[string]string{"server": s.Addr(), "reply": reply}),
			Hint: msg(s.lang, "send.failed_hint", nil),
			Err:  errors.New(reply),
		}
	}
	return nil
}
