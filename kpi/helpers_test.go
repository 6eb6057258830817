package kpi

import (
	"strconv"
	"testing"

	"github.com/kpireport/kpireport/templates"
)

func fmtF(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func mustTexts(t *testing.T) *templates.Texts {
	t.Helper()
	tx, err := templates.For("en")
	if err != nil {
		t.Fatal(err)
	}
	return tx
}
