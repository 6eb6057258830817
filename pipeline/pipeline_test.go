package pipeline

import (
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
)

func TestFileName(t *testing.T) {
	june := figures.MonthOf(2025, 6)
	for _, c := range []struct{ company, want string }{
		{"Boulangerie Martin SARL", "Boulangerie Martin SARL - 2025-06.pdf"},
		{"Café des Arts", "Café des Arts - 2025-06.pdf"},
		// What no file system takes in a name becomes a space, spaces
		// are folded, and Windows' trailing dots are dropped.
		{`A/B: "Test" SAS.`, "A B Test SAS - 2025-06.pdf"},
		{"Dupont & Fils\tS.A.", "Dupont & Fils S.A - 2025-06.pdf"},
		{"", "kpireport - 2025-06.pdf"},
		{"///", "kpireport - 2025-06.pdf"},
	} {
		if got := FileName(c.company, june); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.company, got, c.want)
		}
	}
}

func TestIssueDate(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	before := time.Now()
	d, err := IssueDate()
	if err != nil || d.Before(before.Add(-time.Second)) || d.After(time.Now().Add(time.Second)) || d.Location() != time.UTC {
		t.Errorf("IssueDate = %v, %v; want now in UTC", d, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1793404800") // 20757 days × 86400 s: 2026-10-31 00:00 UTC
	if d, err := IssueDate(); err != nil || d.Format("2006-01-02") != "2026-10-31" {
		t.Errorf("with SOURCE_DATE_EPOCH: %v, %v", d, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "soon")
	if _, err := IssueDate(); err == nil {
		t.Error("a bad SOURCE_DATE_EPOCH is accepted")
	}
}
