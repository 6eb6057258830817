package render

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"

	"github.com/kpireport/kpireport/kpi"
)

func mustPeriod(t *testing.T, s string) figures.Month {
	t.Helper()
	m, err := figures.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// report builds a small report by hand: 4 months of history with a gap, a
// breach, a watch and an n/a.
func report(t *testing.T, lang string) *kpi.Report {
	t.Helper()
	m := func(s string) figures.Month { return mustPeriod(t, s) }
	v := func(x float64) kpi.Value { return kpi.Value{V: x, Valid: true} }
	na := kpi.Value{Reason: "missing figure: revenue for 2025-05"}
	tab := &figures.Table{
		File: "chiffres.xlsx", Sheet: "Données", SHA256: strings.Repeat("ab", 32),
		Months:  []figures.Month{m("2025-03"), m("2025-04"), m("2025-06")},
		Columns: []figures.Column{{Header: "CA HT", Metric: "revenue"}, {Header: "Résultat net", Metric: "net_income"}},
		Data: map[figures.Scenario]figures.Values{figures.Actual: {
			"revenue":    {m("2025-03"): {Value: 1000}, m("2025-04"): {Value: 1100}, m("2025-06"): {Value: 1234.5}},
			"net_income": {m("2025-03"): {Value: 100}, m("2025-04"): {Value: 90}, m("2025-06"): {Value: 121}},
		}},
		Warnings: []figures.Warning{figures.Warn(figures.WarnMissingMonth, "month", "2025-05")},
	}
	series := []kpi.Point{{Month: m("2025-03"), Value: v(10)}, {Month: m("2025-04"), Value: v(8.18)}, {Month: m("2025-05"), Value: na}, {Month: m("2025-06"), Value: v(9.8)}}
	return &kpi.Report{
		Company: "Boulangerie Martin SARL", Language: lang, Currency: "EUR", Period: m("2025-06"), Table: tab,
		Metrics: []string{"revenue", "net_income"}, Warnings: tab.Warnings,
		KPIs: []kpi.Result{
			{ID: "net_margin", Name: "Marge nette", Unit: kpi.UnitPercent, Better: kpi.Higher, Formula: "résultat net ÷ CA × 100",
				Value: v(9.8), Target: 12, Threshold: 8, Status: kpi.Watch, Previous: na, LastYear: kpi.Value{Reason: "no history"},
				Series: series, Terms: []kpi.Term{{Metric: "net_income", Period: "2025-06", Value: 121, Source: figures.Cell("Données", "C26")}}},
			{ID: "cac", Name: "Coût d'acquisition client", Unit: kpi.UnitCurrency, Better: kpi.Lower, Formula: "marketing ÷ nouveaux clients",
				Value: v(48.5), Target: 30, Threshold: 45, Status: kpi.Breach, Previous: v(40), Series: series,
				Actions: []string{"Couper les canaux au CAC le plus élevé"}},
			{ID: "nps", Name: "Net Promoter Score", Unit: kpi.UnitNumber, Better: kpi.Higher, Formula: "(p − d) ÷ total × 100",
				Value: na, Target: 30, Threshold: 10, Status: kpi.NA, Series: series},
		},
	}
}

func renderPDF(t *testing.T, rep *kpi.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, rep, PDFOptions{Date: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed (Debian package poppler-utils; .ci/run installs it)")
	}
	p := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(p, data, 0o644)
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// One space for any run of spaces and line breaks: wrapped sentences
	// read as one line.
	return strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\f", " \f ")), " ")
}

func TestPDFSections(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			data := renderPDF(t, report(t, lang))
			text := pdfText(t, data)
			want := map[string][]string{
				"fr": {"Boulangerie Martin SARL", "juin 2025", "9,8 %", "48,50 €", "n/d", "Alerte", "À surveiller",
					"Plan d'action", "Couper les canaux au CAC le plus élevé", "Annexe", "Données!C26", "2025-05 : mois manquant",
					strings.Repeat("ab", 32), "Page 1 / ", "s'établit à 9,8 % en juin 2025", "le seuil d'alerte de 45,00 € est franchi"},
				"en": {"Boulangerie Martin SARL", "June 2025", "9.8%", "€48.50", "n/a", "Breach", "Watch",
					"Action plan", "Appendix", "Données!C26", "Page 1 / ", "stands at 9.8% in June 2025"},
			}[lang]
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if strings.Contains(text, "[") && strings.Contains(text, "_") && strings.Contains(text, "]") {
				for _, line := range strings.Split(text, "\n") {
					if strings.Contains(line, "[") {
						t.Logf("line with a bracket: %s", line)
					}
				}
			}
			// Summary, two KPI pages (the action plan in the free half of the
			// second), appendix.
			if n := strings.Count(text, "Page "); n != 4 {
				t.Errorf("%d pages, want 4", n)
			}
			if bytes.Contains(data, []byte("/Subtype /Image")) {
				t.Error("the PDF holds a raster image: charts must be vectors")
			}
			for _, meta := range []string{"/Title", "/Author", "/Subject", "/Lang", "/Outlines"} {
				if !bytes.Contains(data, []byte(meta)) {
					t.Errorf("PDF lacks %s", meta)
				}
			}
		})
	}
}

func TestPDFDeterministic(t *testing.T) {
	a := renderPDF(t, report(t, "fr"))
	b := renderPDF(t, report(t, "fr"))
	if !bytes.Equal(a, b) {
		t.Error("the same report gave two different PDFs")
	}
}

func TestJSON(t *testing.T) {
	rep := report(t, "fr")
	rep.KPIs = rep.KPIs[:1]
	rep.KPIs[0].Series = rep.KPIs[0].Series[2:]
	var buf bytes.Buffer
	if err := JSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	want := `{
  "company": "Boulangerie Martin SARL",
  "period": "2025-06",
  "language": "fr",
  "currency": "EUR",
  "kpis": [
    {
      "id": "net_margin",
      "name": "Marge nette",
      "unit": "percent",
      "value": 9.8,
      "target": 12,
      "threshold": 8,
      "better": "higher",
      "status": "watch",
      "reason": "",
      "previous": null,
      "last_year": null,
      "ytd": null,
      "budget": null,
      "ytd_budget": null,
      "landing": null,
      "series": [
        {
          "period": "2025-05",
          "value": null
        },
        {
          "period": "2025-06",
          "value": 9.8
        }
      ],
      "actions": []
    }
  ],
  "warnings": [
    "2025-05 : mois manquant"
  ]
}
`
	if buf.String() != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestText(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, report(t, "fr")); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), "\u00a0", " ")
	for _, w := range []string{"Marge nette", "9,8 %", "12,0 %", "▲ Surveiller", "■ Alerte", "□ n/d", "missing figure: revenue for 2025-05", "2025-05 : mois manquant"} {
		if !strings.Contains(out, w) {
			t.Errorf("check table lacks %q:\n%s", w, out)
		}
	}
}

// TestManyActions: a breach with more actions than its half page holds
// shows what fits, says where the rest is, and the action plan lists all.
func TestManyActions(t *testing.T) {
	rep := report(t, "fr")
	var actions []string
	for i := 1; i <= 14; i++ {
		actions = append(actions, fmt.Sprintf("Action numéro %d : une action assez longue pour tenir sur une ligne entière du rapport de gestion mensuel", i))
	}
	rep.KPIs[1].Actions = actions
	text := pdfText(t, renderPDF(t, rep))
	if !strings.Contains(text, "action(s) de plus au plan d'action, page 4") {
		t.Error("the section does not say where the other actions are")
	}
	if !strings.Contains(text, "Action numéro 14") {
		t.Error("the action plan lacks the last action")
	}
}

// TestVerdictSaysDoubt checks that a value resting on a figure the gate
// doubts is named in page 1's verdict, in both languages: its status pill
// alone (OK, green) would read as a good month.
func TestVerdictSaysDoubt(t *testing.T) {
	for lang, want := range map[string]string{
		"fr": "À vérifier avant diffusion : la valeur de Marge nette repose sur un chiffre qui semble faux",
		"en": "Check before sending: the value of Marge nette rests on a figure that looks wrong",
	} {
		rep := report(t, lang)
		rep.KPIs[0].Doubtful = true
		text := strings.Join(strings.Fields(strings.ReplaceAll(pdfText(t, renderPDF(t, rep)), "\u00a0", " ")), " ")
		if !strings.Contains(text, want) {
			t.Errorf("%s: page 1 lacks %q", lang, want)
		}
		rep.KPIs[0].Doubtful = false
		if text := pdfText(t, renderPDF(t, rep)); strings.Contains(text, "semble") || strings.Contains(text, "look wrong") {
			t.Errorf("%s: the verdict speaks of a doubt with none", lang)
		}
		rep.KPIs[0].Doubtful, rep.KPIs[1].Doubtful = true, true
		plural := map[string]string{"fr": "les valeurs de Marge nette et Coût d'acquisition client reposent",
			"en": "the values of Marge nette and Coût d'acquisition client rest"}[lang]
		text = strings.Join(strings.Fields(strings.ReplaceAll(pdfText(t, renderPDF(t, rep)), "\u00a0", " ")), " ")
		if !strings.Contains(text, plural) {
			t.Errorf("%s: page 1 lacks %q", lang, plural)
		}
	}
}

// TestNoChartWithoutAValue checks that a KPI no month of which can be
// computed gets the reason in place of an empty chart.
func TestNoChartWithoutAValue(t *testing.T) {
	rep := report(t, "fr")
	na := rep.KPIs[2].Value
	rep.KPIs[2].Series = []kpi.Point{{Month: rep.Period.Add(-1), Value: na}, {Month: rep.Period, Value: na}}
	text := strings.Join(strings.Fields(strings.ReplaceAll(pdfText(t, renderPDF(t, rep)), "\u00a0", " ")), " ")
	if want := "Pas de graphique : aucun mois ne peut être calculé (" + na.Reason; !strings.Contains(text, want) {
		t.Errorf("PDF text lacks %q", want)
	}
	if strings.Count(text, "Pas de graphique") != 1 {
		t.Errorf("%d KPIs without a chart, want 1", strings.Count(text, "Pas de graphique"))
	}
}
