// Package plausibility is the gate a table of figures passes before its
// KPIs are computed (SPEC.md, "Workbooks"): a figure 50 times above or
// below the median of its metric over the other months, a count below
// zero, a percent KPI of the period beyond ±1 000 %, and a percent KPI's
// target or threshold written as a fraction (0,07 for 7 %) while the KPI's
// own values are in percent.
//
// The gate reads a figures.Table and a description of the config's KPIs
// and returns findings: each a kind, a place (month, cell, KPI and the cells
// its formula used) and arguments. It holds no sentence: a finding becomes a
// figures.Warning, worded in templates (warnings.<kind>), or, for a
// fraction, a config error worded by its caller. It depends on the standard
// library and package figures only, so that every source of figures and
// every command passes the same gate.
package plausibility
