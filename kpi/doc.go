// Package kpi is where the numbers are made: the config (kpis.yaml), the
// KPI catalogue of the guide and of a lender's ratios, custom formulas, the
// periods (month, previous month, same month last year, year to date,
// series), the status against target and threshold, and the actions a
// breach calls for.
//
// It takes a figures.Table and returns a Report of plain values, each KPI
// value with the figures and cells it came from. It knows nothing of
// spreadsheets' layout or of PDFs; its texts (names, actions, reasons) come
// from templates.
package kpi
