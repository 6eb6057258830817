package render

import (
	"encoding/json"
	"io"

	"github.com/kpireport/kpireport/kpi"
)

// jsonReport is the JSON output of SPEC.md, field for field and in order.
type jsonReport struct {
	Company  string    `json:"company"`
	Period   string    `json:"period"`
	Language string    `json:"language"`
	Currency string    `json:"currency"`
	KPIs     []jsonKPI `json:"kpis"`
	Warnings []string  `json:"warnings"`
}

type jsonKPI struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Unit      string      `json:"unit"`
	Value     *float64    `json:"value"`
	Target    float64     `json:"target"`
	Threshold float64     `json:"threshold"`
	Better    string      `json:"better"`
	Status    string      `json:"status"`
	Reason    string      `json:"reason"`
	Previous  *float64    `json:"previous"`
	LastYear  *float64    `json:"last_year"`
	YTD       *float64    `json:"ytd"`
	Budget    *float64    `json:"budget"`
	YTDBudget *float64    `json:"ytd_budget"`
	Landing   *float64    `json:"landing"`
	Series    []jsonPoint `json:"series"`
	Actions   []string    `json:"actions"`
}

type jsonPoint struct {
	Period string   `json:"period"`
	Value  *float64 `json:"value"`
}

func ptr(v kpi.Value) *float64 {
	if !v.Valid {
		return nil
	}
	x := v.V
	return &x
}

// JSONSeriesLength is how many months the JSON series holds: the last 12,
// as SPEC.md's example shows (2024-07 to 2025-06 for June 2025); the charts
// draw the 24 of kpi.SeriesLength.
const JSONSeriesLength = 12

// JSON writes the report as the JSON of SPEC.md. Numbers are not rounded;
// a value that cannot be computed is null, with its reason.
func JSON(w io.Writer, rep *kpi.Report) error {
	f, err := NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return err
	}
	out := jsonReport{
		Company: rep.Company, Period: rep.Period.String(), Language: rep.Language, Currency: rep.Currency,
		KPIs: make([]jsonKPI, 0, len(rep.KPIs)), Warnings: f.Warnings(rep.Warnings),
	}
	for _, k := range rep.KPIs {
		j := jsonKPI{
			ID: k.ID, Name: k.Name, Unit: k.Unit, Value: ptr(k.Value), Target: k.Target, Threshold: k.Threshold,
			Better: k.Better, Status: string(k.Status), Reason: k.Value.Reason,
			Previous: ptr(k.Previous), LastYear: ptr(k.LastYear),
			YTD: ptr(k.YTD), Budget: ptr(k.Budget), YTDBudget: ptr(k.YTDBudget), Landing: ptr(k.Landing),
			Series: make([]jsonPoint, 0, len(k.Series)), Actions: []string{},
		}
		if k.Status == kpi.Breach {
			j.Actions = append(j.Actions, k.Actions...)
		}
		series := k.Series
		if len(series) > JSONSeriesLength {
			series = series[len(series)-JSONSeriesLength:]
		}
		for _, p := range series {
			j.Series = append(j.Series, jsonPoint{Period: p.Month.String(), Value: ptr(p.Value)})
		}
		out.KPIs = append(out.KPIs, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
