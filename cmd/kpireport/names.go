package main

import "github.com/kpireport/kpireport/pipeline"

// reportName is pipeline.ReportName: batch, send and serve name a report
// the same way.
func reportName(company, period string) string { return pipeline.ReportName(company, period) }
