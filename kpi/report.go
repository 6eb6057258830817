package kpi

import "github.com/kpireport/kpireport/figures"

// This file holds what Compute returns: the report, each KPI's result,
// its status and values.

// Status of a KPI for the period (SPEC.md): ok meets the target, watch misses
// it without crossing the threshold, breach crosses it, n/a cannot be computed.
type Status string

// The statuses, as written in the JSON.
const (
	OK     Status = "ok"
	Watch  Status = "watch"
	Breach Status = "breach"
	NA     Status = "n/a"
)

// Value is a KPI value that may be missing, with the reason why.
type Value struct {
	V      float64
	Valid  bool
	Reason string
}

// Term is one figure that went into a KPI value, with its source cells.
type Term struct {
	Metric string
	// Period is the month (2025-06) or the range of months summed
	// (2024-07…2025-06).
	Period string
	Value  float64
	// Source is the source cell or range (Données!C26, Données!C15…C26),
	// written when shown.
	Source figures.Source
}

// Point is one month of a KPI's series; Value.Valid is false for a gap.
type Point struct {
	Month figures.Month
	Value Value
	// Budget is the KPI on the budget's figures for the month, when the
	// workbook holds a budget (with target: budget, the month's target).
	Budget Value
}

// CLVRatio compares CAC with customer lifetime value, as the KPI guide
// advises (a CAC:CLV of 1:3 or better).
type CLVRatio struct {
	CLV float64
	// Multiple is CLV ÷ CAC: 3 means 1:3.
	Multiple float64
	OK       bool
}

// Result is one KPI computed for the period.
type Result struct {
	ID, Name, Unit, Better string
	// Formula is the readable formula in the report's language; a custom
	// KPI's is written with the workbook's headers ("CA HT ÷ Commandes").
	Formula string
	// Compare is revenue_growth's mom or yoy, else "".
	Compare           string
	Value             Value
	Target, Threshold float64
	Status            Status
	Previous          Value
	LastYear          Value
	// YTD is the value over the fiscal year to date (its first month to the
	// period, a ratio of sums; roi and payback_months: their cumulative
	// value); not valid for KPIs that are balances.
	YTD Value
	// Budget, YTDBudget and Landing are the KPI on the budget's figures for
	// the period and for the fiscal year to date, and over the whole fiscal
	// year with the actual months to the period and the budget's after it
	// (budget.go); not valid without a budget.
	Budget, YTDBudget, Landing Value
	// YearBudget is the KPI on the budget of the whole fiscal year, for
	// the réel/budget page.
	YearBudget Value
	// BudgetTarget is set for target: budget: Target and Threshold are the
	// period's, from the budget and Tolerance (a percentage of the target's
	// size), and each point's Budget is its month's target.
	BudgetTarget bool
	Tolerance    float64
	Series       []Point
	Actions      []string
	// Terms are the figures behind Value, with their cells.
	Terms []Term
	// Expression is the formula over metric names for the KPIs that are one
	// (net_income / revenue * 100), so the report can print it with the
	// figures in place; "" for the others.
	Expression string
	// CLV is set for cac when a customer lifetime value is known.
	CLV *CLVRatio
	// Doubtful records that a warning of the plausibility gate touches the
	// value: a figure it reads, or the value itself, is implausible.
	Doubtful bool
}

// Report is everything the renderers need: the KPIs for the period, the
// figures they came from and the warnings.
type Report struct {
	Company, Language, Currency string
	Period                      figures.Month
	// Headline are the warnings page 1 shows, also in Warnings: those
	// touching a KPI of the period (a figure it used is implausible, its
	// value is) and a later month filled in only in part.
	Headline []figures.Warning
	// Logo is the logo's path, resolved against the config's folder, or "".
	Logo     string
	KPIs     []Result
	Warnings []figures.Warning
	// Table is the workbook read, for the appendix.
	Table *figures.Table
	// Metrics are the metrics the KPIs use, in catalogue order.
	Metrics []string
	// FiscalStart is the first month of the fiscal year of the period.
	FiscalStart figures.Month
	// Budget compares each metric the KPIs use with the workbook's budget,
	// when it has one (budget.go).
	Budget []BudgetLine
}
