package kpi

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestConfigEmail: email.to and cc are checked with net/mail, an error
// naming the address's YAML line.
func TestConfigEmail(t *testing.T) {
	base, err := os.ReadFile("../samples/kpis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, email, wantErr string
		to, cc               []string
	}{
		{name: "list", email: "email:\n  to: [a@martin.test, Paul Martin <paul@martin.test>]\n  cc: [c@dupont.test]\n",
			to: []string{"a@martin.test", "Paul Martin <paul@martin.test>"}, cc: []string{"c@dupont.test"}},
		{name: "one line", email: "email:\n  to: a@martin.test, b@martin.test\n", to: []string{"a@martin.test", "b@martin.test"}},
		{name: "block list, bad second address", email: "email:\n  to:\n    - a@martin.test\n    - pas une adresse\n", wantErr: "kpis.yaml:8: pas une adresse is not an e-mail address"},
		{name: "cc without to", email: "email:\n  cc: [c@dupont.test]\n", wantErr: "kpis.yaml:5: email.cc is given but email.to is not"},
		{name: "unknown key", email: "email:\n  too: [a@martin.test]\n", wantErr: `kpis.yaml:6: unknown key "too"`},
		{name: "none", email: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The email block goes after line 4 (currency: EUR), in English.
			text := strings.Replace(string(base), "language: fr\ncurrency: EUR\n", "language: en\ncurrency: EUR\n"+tc.email, 1)
			cfg, err := Parse("kpis.yaml", strings.NewReader(text))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Email.To, tc.to) || !slices.Equal(cfg.Email.Cc, tc.cc) {
				t.Errorf("to %q cc %q, want %q %q", cfg.Email.To, cfg.Email.Cc, tc.to, tc.cc)
			}
		})
	}
}
