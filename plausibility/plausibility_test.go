package plausibility

import (
	"math"
	"reflect"
	"strconv"
	"testing"

	"github.com/kpireport/kpireport/figures"
)

// tableOf builds a table by hand: each metric's figures from 2025-01 on,
// one month each, in column C of sheet Données from row 2 (NaN leaves the
// month out).
func tableOf(data map[string][]float64) *figures.Table {
	t := figures.NewTable("test.xlsx", "")
	t.Sheet = "Données"
	start := figures.MonthOf(2025, 1)
	for metric, vs := range data {
		byMonth := map[figures.Month]figures.Figure{}
		for i, v := range vs {
			if math.IsNaN(v) {
				continue
			}
			byMonth[start.Add(i)] = figures.Figure{Value: v, Source: figures.Cell("Données", "C"+strconv.Itoa(i+2)), Rows: 1}
			t.Listed[start.Add(i)] = true
		}
		t.Data[figures.Actual][metric] = byMonth
		t.Columns = append(t.Columns, figures.Column{Header: "«" + metric + "»", Metric: metric, Scale: 1})
	}
	return t
}

// brief is a finding as the tests compare it: kind, month, cell and the
// arguments that matter.
type brief struct {
	Kind, Month, Cell, Value, Median string
}

func briefs(fs []Finding) []brief {
	var out []brief
	for _, f := range fs {
		out = append(out, brief{f.Kind, f.Args["month"], f.Args["cell"], f.Args["value"], f.Args["median"]})
	}
	return out
}

func TestCheckFigures(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		data    map[string][]float64
		metrics []string
		want    []brief
	}{
		{
			// April typed 46.92 for 46 920: the other months' median is
			// 44 000 (40 000, 42 000, 44 000, 48 000, 50 000), 937,8 times
			// April's. Each other month against its own others: the median
			// is 44 000 or 46 000, within 50 times.
			name:    "a figure read 1000 times too small",
			data:    map[string][]float64{"revenue": {40000, 42000, 44000, 46.92, 48000, 50000}},
			metrics: []string{"revenue"},
			want:    []brief{{Below, "2025-04", "Données!C5", "46.92", "44000"}},
		},
		{
			// April typed in euros in a k€ column read as euros: median of
			// 1 000, 1 100, 900 is 1 000, April is 1 000 times it.
			name:    "a figure 1000 times too large",
			data:    map[string][]float64{"revenue": {1000, 1100, 900, 1e6}},
			metrics: []string{"revenue"},
			want:    []brief{{Above, "2025-04", "Données!C5", "1000000", "1000"}},
		},
		{
			// 5 000 is exactly 50 times the median 100: not beyond; 2 is
			// exactly 50 times below: not beyond either.
			name:    "exactly 50 times is plausible",
			data:    map[string][]float64{"revenue": {100, 100, 100, 5000, 2}},
			metrics: []string{"revenue"},
		},
		{
			// 5 000,5 is above 50 × 100; 1,99 is below 100 ÷ 50 = 2. For
			// April the others are 100, 100, 100, 1,99: median 100; for
			// May: 100, 100, 100, 5 000,5: median 100.
			name:    "just past 50 times",
			data:    map[string][]float64{"revenue": {100, 100, 100, 5000.5, 1.99}},
			metrics: []string{"revenue"},
			want: []brief{
				{Above, "2025-04", "Données!C5", "5000.5", "100"},
				{Below, "2025-05", "Données!C6", "1.99", "100"},
			},
		},
		{
			// The median of the others is 0 for each month: not checked.
			name:    "median zero",
			data:    map[string][]float64{"new_customers": {0, 0, 0, 5}},
			metrics: []string{"new_customers"},
		},
		{
			// A result swinging between profit and loss passes near zero:
			// 20 against a median of 3 000 (3 000, 2 500, 4 000) is not
			// flagged, the others being of both signs.
			name:    "a result crossing zero",
			data:    map[string][]float64{"net_income": {3000, -2500, 4000, 20}},
			metrics: []string{"net_income"},
		},
		{
			// The same sizes all positive: 20 is 150 times below 3 000.
			name:    "a result always positive",
			data:    map[string][]float64{"net_income": {3000, 2500, 4000, 20}},
			metrics: []string{"net_income"},
			want:    []brief{{Below, "2025-04", "Données!C5", "20", "3000"}},
		},
		{
			// A zero is a plain statement (no campaign this month), not a
			// misplaced separator.
			name:    "zero is not checked",
			data:    map[string][]float64{"marketing_costs": {2000, 2500, 0, 2200}},
			metrics: []string{"marketing_costs"},
		},
		{
			// A count below zero; a result below zero is no count.
			name:    "negative count",
			data:    map[string][]float64{"orders": {300, -310, 290}, "net_income": {100, -120, 90}},
			metrics: []string{"orders", "net_income"},
			want:    []brief{{NegativeCount, "2025-02", "Données!C3", "-310", ""}},
		},
		{
			name:    "a metric no KPI uses is not checked",
			data:    map[string][]float64{"revenue": {1000, 1100, 900, 1e6}},
			metrics: []string{"orders"},
		},
		{
			name:    "one month",
			data:    map[string][]float64{"revenue": {46.92}},
			metrics: []string{"revenue"},
		},
		{
			// Two months 1 000 times apart: which is wrong cannot be told;
			// both are named.
			name:    "two months",
			data:    map[string][]float64{"revenue": {46.92, 46920}},
			metrics: []string{"revenue"},
			want: []brief{
				{Below, "2025-01", "Données!C2", "46.92", "46920"},
				{Above, "2025-02", "Données!C3", "46920", "46.92"},
			},
		},
		{
			// Non-finite figures are left out of the medians and not
			// named: 1 000, 1 100, 900 and the gap of March.
			name:    "NaN and infinities",
			data:    map[string][]float64{"revenue": {1000, math.Inf(1), nan, 1100, math.Inf(-1), 900}},
			metrics: []string{"revenue"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := briefs(Check(tableOf(tt.data), Config{Metrics: tt.metrics}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestFindingPlace: a figure's finding names its metric, header and cell,
// and becomes a warning of its kind with its arguments.
func TestFindingPlace(t *testing.T) {
	fs := Check(tableOf(map[string][]float64{"revenue": {40000, 42000, 44000, 46.92}}), Config{Metrics: []string{"revenue"}})
	if len(fs) != 1 {
		t.Fatalf("%d findings, want 1", len(fs))
	}
	f := fs[0]
	if f.Metric != "revenue" || f.Month != figures.MonthOf(2025, 4) || f.Source != figures.Cell("Données", "C5") {
		t.Errorf("place %s %s %v", f.Metric, f.Month, f.Source)
	}
	// The others 40 000, 42 000, 44 000: median 42 000, 42 000 ÷ 46,92.
	w := f.Warning()
	if w.Kind != Below || w.Args["header"] != "«revenue»" || w.Args["factor"] != num(42000/46.92) {
		t.Errorf("warning %+v", w)
	}
}

func TestCheckKPIs(t *testing.T) {
	period := figures.MonthOf(2026, 11)
	cells := []string{"Données!C25", "Données!B25"}
	kpis := []KPIValue{
		{ID: "net_margin", Name: "Marge nette", Percent: true, Value: 6416.9, Valid: true, Cells: cells},
		{ID: "gross_margin", Name: "Marge brute", Percent: true, Value: -1500, Valid: true},
		{ID: "exact", Percent: true, Value: 1000, Valid: true},
		{ID: "just_past", Percent: true, Value: -1000.01, Valid: true},
		{ID: "cac", Percent: false, Value: 5000, Valid: true},
		{ID: "na", Percent: true, Value: 5000, Valid: false},
		{ID: "nan", Percent: true, Value: math.NaN(), Valid: true},
		{ID: "inf", Percent: true, Value: math.Inf(1), Valid: true},
	}
	got := CheckKPIs(period, kpis)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.KPI)
	}
	if want := []string{"net_margin", "gross_margin", "just_past"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("KPIs %v, want %v", ids, want)
	}
	want := map[string]string{"month": "2026-11", "kpi": "Marge nette", "value": "6416.9", "cells": "Données!C25, Données!B25"}
	if f := got[0]; f.Kind != PercentBeyond || !reflect.DeepEqual(f.Args, want) || !reflect.DeepEqual(f.Cells, cells) || f.Month != period {
		t.Errorf("finding %+v", f)
	}
}

func TestFractions(t *testing.T) {
	target := Bound{Key: "target", Text: "0,07", Value: 0.07, Line: 5}
	threshold := Bound{Key: "threshold", Text: "0.05", Value: 0.05, Line: 6}
	tests := []struct {
		name   string
		bounds []Bound
		values []float64
		want   []string // line: meant
	}{
		{"fractions against percent values", []Bound{target, threshold}, []float64{6.4, 5.2, 7.1}, []string{"5: target 7", "6: threshold 5"}},
		{"written with a % sign", []Bound{{Key: "target", Text: "0,07%", Value: 0.07, Percent: true, Line: 5}, {Key: "threshold", Text: "7%", Value: 7, Percent: true}}, []float64{6.4}, nil},
		// Two of three within ±1: the KPI is about fractions of a percent.
		{"values mostly within ±1", []Bound{target}, []float64{0.5, 0.8, 1.2}, nil},
		// One of two beyond: not mostly.
		{"half beyond", []Bound{target}, []float64{0.5, 2}, nil},
		{"no values", []Bound{target}, nil, nil},
		{"NaN values", []Bound{target}, []float64{math.NaN(), math.Inf(1), 0.5}, nil},
		// 0 means 0 % either way; 1 and −1 are not between −1 and 1.
		{"zero and one", []Bound{{Key: "threshold", Text: "0", Line: 3}, {Key: "target", Text: "1", Value: 1, Line: 4}}, []float64{6.4, 7}, nil},
		{"a negative fraction", []Bound{{Key: "threshold", Text: "-0,125", Value: -0.125, Line: 9}}, []float64{-3, -4, 2}, []string{"9: threshold -12,5"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range Check(nil, Config{KPIs: []KPI{{ID: "net_margin", Bounds: tt.bounds, Values: tt.values}}}) {
			if f.Kind != Fraction || f.KPI != "net_margin" || f.Args["kpi"] != "net_margin" {
				t.Errorf("%s: finding %+v", tt.name, f)
			}
			got = append(got, strconv.Itoa(f.Line)+": "+f.Args["key"]+" "+f.Args["meant"])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMeant(t *testing.T) {
	for _, tt := range []struct {
		v          float64
		text, want string
	}{
		{0.07, "0,07", "7"}, // 0.07 × 100 is 7.000000000000001 in binary
		{0.07, "0.07", "7"}, //
		{0.125, "0.125", "12.5"},
		{0.055, "0,055", "5,5"}, // 5.5000000000000001
		{-0.05, "-0,05", "-5"},
		{0.0005, ",0005", "0,05"},
	} {
		if got := Meant(tt.v, tt.text); got != tt.want {
			t.Errorf("Meant(%v, %q) = %q, want %q", tt.v, tt.text, got, tt.want)
		}
	}
}
