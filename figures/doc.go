// Package figures holds the values that flow between kpireport's stages:
// a table of monthly figures per metric and scenario (actual, budget), each
// figure with its source, the warnings found while reading it, and the
// catalogue of metrics with their kinds.
//
// It is the bottom of the package graph: sources (reader, and any later
// source such as a ledger) produce a Table, kpi computes on it, render
// presents it. It depends on the standard library only, so that neither
// kpi nor render ever pulls in a spreadsheet library, and it holds no
// sentence a user reads: a warning is a kind and its arguments, worded in
// templates.
package figures
