package kpi

import (
	"testing"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/templates"
)

// TestCatalogueTexts checks that every catalogue KPI has its texts in every
// language and reads only metrics the reader knows.
func TestCatalogueTexts(t *testing.T) {
	for _, d := range Catalogue {
		for _, lang := range templates.Languages {
			tx := templates.Must(lang).KPIs[d.ID]
			if tx.Name == "" || tx.Formula == "" || len(tx.Actions) < 2 {
				t.Errorf("%s: %s texts incomplete", lang, d.ID)
			}
		}
		for _, m := range d.Needs {
			if !figures.Known(m) {
				t.Errorf("%s needs unknown metric %s", d.ID, m)
			}
		}
		if d.Better != Higher && d.Better != Lower {
			t.Errorf("%s: direction %q", d.ID, d.Better)
		}
	}
	if len(Catalogue) != 15 {
		t.Errorf("%d KPIs in the catalogue, want the guide's 10 and 5 lender's ratios", len(Catalogue))
	}
}
