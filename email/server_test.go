package email

import (
	"strings"
	"testing"
)

func TestIsLoopback(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"localhost", true}, {"LOCALHOST", true}, {"127.0.0.1", true}, {"127.8.9.10", true},
		{"::1", true}, {"[::1]", true},
		{"smtp.example.com", false}, {"localhost.example.com", false}, {"10.0.0.1", false}, {"0.0.0.0", false},
	} {
		if got := IsLoopback(tc.host); got != tc.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}

func TestParseServer(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantErr string
		port                int
	}{
		{"defaults", "host: smtp.example.com\nfrom: a@example.com\n", "", 587},
		{"tls port", "host: smtp.example.com\nsecurity: tls\nfrom: a@example.com\n", "", 465},
		{"unknown key with its line", "host: h\nfrom: a@example.com\nsecurty: tls\n", "smtp.yaml:3: unknown key securty", 0},
		{"plain text elsewhere", "host: smtp.example.com\nsecurity: none\nfrom: a@example.com\n", "not to smtp.example.com", 0},
		{"plain text here", "host: 127.0.0.1\nsecurity: none\nfrom: a@example.com\n", "", 25},
		{"bad security", "host: h\nsecurity: ssl\nfrom: a@example.com\n", "security: ssl is not starttls, tls or none", 0},
		{"bad from", "host: h\nfrom: not an address\n", "from: not an address is not an e-mail address", 0},
		{"no host", "from: a@example.com\n", "host is missing", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseServer("smtp.yaml", strings.NewReader(tc.yaml), "en")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || s.Port != tc.port {
				t.Fatalf("port %v, error %v; want port %d", s, err, tc.port)
			}
		})
	}
}

// TestPasswordMasked: a Server printed with %v or %#v does not show its
// password.
func TestPasswordMasked(t *testing.T) {
	s := &Server{Host: "h", password: "s3cret-Zq7"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{s, *s} {
			if out := fmtS(f, v); strings.Contains(out, "s3cret-Zq7") {
				t.Errorf("%s shows the password: %s", f, out)
			}
		}
	}
}
