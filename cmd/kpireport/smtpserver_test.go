package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The SMTP account of the tests: the password is a string found nowhere
// else, so that finding it in an output means it leaked.
const (
	testUser     = "rapports@cabinet-dupont.test"
	testPassword = "Zq7-pw-NEVER-PRINTED-5xK"
)

// received is one message the test server took.
type received struct {
	from string
	to   []string
	data []byte
	tls  bool // the session was encrypted (STARTTLS)
	auth bool // the session logged in with the test password
}

// smtpServer is a real SMTP server on 127.0.0.1 collecting messages.
type smtpServer struct {
	host   string
	port   int
	caFile string // the PEM certificate of its STARTTLS, or ""

	mu   sync.Mutex
	msgs []received
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// startSMTP starts a server offering STARTTLS with a self-signed
// certificate made here (withTLS) or no STARTTLS at all; it requires AUTH
// PLAIN with testUser and testPassword before MAIL.
func startSMTP(t testing.TB, withTLS bool) *smtpServer {
	t.Helper()
	s := &smtpServer{host: "127.0.0.1"}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &smtpSession{srv: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 32 << 20
	if withTLS {
		cert, pemBytes := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.caFile = filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(s.caFile, pemBytes, 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		srv.AllowInsecureAuth = true // AUTH without TLS: the loopback case of security: none
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, signed by
// itself, and its PEM for the client to trust.
func selfSigned(t testing.TB) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "kpireport test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// smtpSession is one client's session with the test server.
type smtpSession struct {
	srv  *smtpServer
	conn *smtp.Conn
	auth bool
	from string
	to   []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != testUser || pass != testPassword {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.auth = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, received{from: s.from, to: s.to, data: buf.Bytes(), tls: isTLS, auth: s.auth})
	s.srv.mu.Unlock()
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

// smtpYAML writes a smtp.yaml for the server with the given security and
// the password in a file beside it; it returns its path.
func (s *smtpServer) smtpYAML(t testing.TB, security string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "smtp-password"), []byte(testPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("host: %s\nport: %d\nsecurity: %s\nusername: %s\npassword_file: smtp-password\nfrom: Cabinet Dupont <%s>\n",
		s.host, s.port, security, testUser, testUser)
	if s.caFile != "" {
		text += "ca_file: " + s.caFile + "\n"
	}
	path := filepath.Join(dir, "smtp.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var errNoAttachment = errors.New("no PDF attachment")
