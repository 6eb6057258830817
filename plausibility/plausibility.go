package plausibility

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kpireport/kpireport/figures"
)

// The kinds of finding. The first three are warnings, one sentence each in
// templates (warnings.<kind>); the comment lists each one's arguments.
const (
	// Above and Below are a figure 50 times above or below the median of
	// its metric's absolute values over the other months.
	Above = "figure_above_median" // {month} {cell} {header} {value} {median} {factor}
	Below = "figure_below_median" // {month} {cell} {header} {value} {median} {factor}
	// NegativeCount is a count (orders, customers) below zero.
	NegativeCount = "negative_count" // {month} {cell} {header} {value}
	// PercentBeyond is a percent KPI of the period beyond ±1 000 %.
	PercentBeyond = "implausible_percent" // {month} {kpi} {value} {cells}
	// Fraction is a percent KPI's target or threshold written as a
	// fraction (0,07) while the KPI's values are in percent: an error of
	// the config, not a warning.
	Fraction = "fraction" // {key} {kpi} {text} {meant}
)

// Factor is how many times above or below the median of its metric a
// figure must be to be implausible; MaxPercent is the largest size of a
// plausible percent KPI.
const (
	Factor     = 50
	MaxPercent = 1000
)

// Finding is one implausible thing the gate found: a kind, a place and the
// arguments of its sentence.
type Finding struct {
	Kind string
	// Month is the month the finding is about.
	Month figures.Month
	// Metric and Source name the figure for a figure's finding.
	Metric string
	Source figures.Source
	// KPI is the KPI's id for a KPI's finding, and Cells the cells its
	// formula used.
	KPI   string
	Cells []string
	// Line is the config's line of a fraction.
	Line int
	// Args fill the kind's sentence.
	Args map[string]string
}

// Warning returns the finding as a warning of the report.
func (f Finding) Warning() figures.Warning { return figures.Warning{Kind: f.Kind, Args: f.Args} }

// Config is what the gate needs to know of the config.
type Config struct {
	// Metrics are the metrics the KPIs use: a column no KPI reads cannot
	// make the report wrong, and is not checked.
	Metrics []string
	// KPIs are the percent KPIs whose target or threshold is written as a
	// bare number between −1 and 1.
	KPIs []KPI
}

// KPI is a percent KPI of the config, with its bounds as written and its
// values over the table's months (computed by the caller).
type KPI struct {
	ID     string
	Bounds []Bound
	// Values are the KPI's values for the months it can be computed.
	Values []float64
}

// Bound is a target or a threshold as the config writes it.
type Bound struct {
	// Key is target or threshold; Text the value as written (0,07).
	Key, Text string
	Value     float64
	// Percent records a % sign: a value written so is never refused.
	Percent bool
	Line    int
}

// Check looks at a table and the config before the KPIs are computed: the
// figures of the metrics the KPIs use (outliers, negative counts), then the
// percent KPIs' bounds written as fractions. Findings come in a fixed
// order: by metric as cfg lists them, by month, then the fractions.
func Check(t *figures.Table, cfg Config) []Finding {
	var out []Finding
	if t != nil {
		for _, metric := range cfg.Metrics {
			out = append(out, checkMetric(t, metric)...)
		}
	}
	for _, k := range cfg.KPIs {
		out = append(out, fractions(k)...)
	}
	return out
}

// checkMetric checks one metric's actual figures. The median over the
// other months is read from the figures' sizes sorted once, skipping the
// month's own: the gate stays linear-logarithmic in the months.
func checkMetric(t *figures.Table, metric string) []Finding {
	byMonth := t.Data[figures.Actual][metric]
	months := make([]figures.Month, 0, len(byMonth))
	for m, f := range byMonth {
		if finite(f.Value) {
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return nil
	}
	slices.Sort(months)
	sizes := make([]float64, len(months))
	var pos, neg int
	for i, m := range months {
		v := byMonth[m].Value
		sizes[i] = math.Abs(v)
		if v > 0 {
			pos++
		} else if v < 0 {
			neg++
		}
	}
	slices.Sort(sizes)
	header := t.Header(metric)
	var out []Finding
	for _, m := range months {
		f := byMonth[m]
		place := func(kind string, args ...string) Finding {
			a := map[string]string{"month": m.String(), "cell": f.Source.String(), "header": header, "value": num(f.Value)}
			for j := 0; j+1 < len(args); j += 2 {
				a[args[j]] = args[j+1]
			}
			return Finding{Kind: kind, Month: m, Metric: metric, Source: f.Source, Args: a}
		}
		if f.Value < 0 && figures.IsCount(metric) {
			out = append(out, place(NegativeCount))
			continue
		}
		size := math.Abs(f.Value)
		med, ok := medianWithout(sizes, size)
		if !ok || med == 0 || size == 0 {
			continue
		}
		// The other months' signs: a metric whose other months are of both
		// signs (a result swinging between profit and loss) passes near
		// zero honestly, and is not checked for a figure too small.
		op, on := pos, neg
		if f.Value > 0 {
			op--
		} else {
			on--
		}
		switch {
		case size > Factor*med:
			out = append(out, place(Above, "median", num(med), "factor", num(size/med)))
		case size < med/Factor && (op == 0 || on == 0):
			out = append(out, place(Below, "median", num(med), "factor", num(med/size)))
		}
	}
	return out
}

// medianWithout returns the median of sorted with one element equal to v
// left out, false when nothing is left.
func medianWithout(sorted []float64, v float64) (float64, bool) {
	n := len(sorted) - 1
	if n <= 0 {
		return 0, false
	}
	p, _ := slices.BinarySearch(sorted, v) // the first element equal to v
	at := func(k int) float64 {
		if k >= p {
			k++
		}
		return sorted[k]
	}
	if n%2 == 1 {
		return at(n / 2), true
	}
	return at(n/2-1)/2 + at(n/2)/2, true
}

// KPIValue is a KPI's value for the period, for CheckKPIs.
type KPIValue struct {
	ID string
	// Name is the KPI's name in the report's language.
	Name    string
	Percent bool
	Value   float64
	Valid   bool
	// Cells are the cells the KPI's formula used.
	Cells []string
}

// CheckKPIs looks at the KPIs of the period once computed: a percent KPI
// beyond ±1 000 % comes from a figure read wrong more often than from the
// business.
func CheckKPIs(period figures.Month, kpis []KPIValue) []Finding {
	var out []Finding
	for _, k := range kpis {
		if !k.Percent || !k.Valid || !(math.Abs(k.Value) > MaxPercent) || !finite(k.Value) {
			continue
		}
		cells := slices.Clone(k.Cells)
		out = append(out, Finding{Kind: PercentBeyond, Month: period, KPI: k.ID, Cells: cells, Args: map[string]string{
			"month": period.String(), "kpi": k.Name, "value": num(k.Value), "cells": strings.Join(cells, ", "),
		}})
	}
	return out
}

// fractions finds a percent KPI's bounds written as a fraction while the
// KPI's values are mostly beyond ±1 (percent, not fractions).
func fractions(k KPI) []Finding {
	var beyond, n int
	for _, v := range k.Values {
		if finite(v) {
			n++
			if math.Abs(v) > 1 {
				beyond++
			}
		}
	}
	if n == 0 || 2*beyond <= n {
		return nil
	}
	var out []Finding
	for _, b := range k.Bounds {
		if b.Percent || b.Value == 0 || !(math.Abs(b.Value) < 1) {
			continue
		}
		out = append(out, Finding{Kind: Fraction, KPI: k.ID, Line: b.Line, Args: map[string]string{
			"key": b.Key, "kpi": k.ID, "text": b.Text, "meant": Meant(b.Value, b.Text),
		}})
	}
	return out
}

// Meant writes the percentage a fraction means, with the decimal mark of
// the text it was written in: 0,07 gives 7, 0.125 gives 12.5, 0,055 5,5.
func Meant(v float64, text string) string {
	p := math.Round(v*100*1e9) / 1e9
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if strings.Contains(text, ",") {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// num writes a number for a sentence's argument, in Go's plain notation;
// the report writes it in its language.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
