package pipeline

import (
	"testing"
	"time"
)

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
