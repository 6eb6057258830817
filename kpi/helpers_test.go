package kpi

import (
	"testing"

	"github.com/kpireport/kpireport/templates"
)

func mustTexts(t *testing.T) *templates.Texts {
	t.Helper()
	tx, err := templates.For("en")
	if err != nil {
		t.Fatal(err)
	}
	return tx
}
