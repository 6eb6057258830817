package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

// termWidth is the width the terminal summary keeps to: the details are
// in summary.csv and summary.json.
const termWidth = 80

// summarize prints the summary table, writes summary.json and summary.csv,
// and fails when a workbook failed or a report was not sent.
// sameCompany returns the reports of one company and period made from
// several workbooks: two clients under one name, a client folder copied
// whose company: was not changed.
func sameCompany(rows []batchResult) [][]batchResult {
	by := map[string][]batchResult{}
	var keys []string
	for _, r := range rows {
		if r.Status != "ok" || r.Client == "" {
			continue
		}
		k := r.Client + "\x00" + r.Period
		if by[k] == nil {
			keys = append(keys, k)
		}
		by[k] = append(by[k], r)
	}
	var out [][]batchResult
	for _, k := range keys {
		if len(by[k]) > 1 {
			out = append(out, by[k])
		}
	}
	return out
}

// workbooksOf returns the workbooks of results.
func workbooksOf(rs []batchResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Workbook
	}
	return out
}

func summarize(ctx context.Context, results []batchResult, outDir, lang string, send bool, stdout io.Writer) error {
	msg := func(key string, args map[string]string) string { return templates.Message(lang, key, args) }
	if err := writeSummaryFiles(results, outDir, lang); err != nil {
		return err
	}
	var rows, failures, loud []batchResult
	quiet, ok, sent, notSent, sendFailed, failed, stopped, notStarted := 0, 0, 0, 0, 0, 0, 0, 0
	for _, r := range results {
		switch r.Status {
		case "skipped":
			if r.quiet {
				quiet++
			} else {
				loud = append(loud, r)
			}
			continue
		case "ok":
			ok++
		case "failed":
			failed++
			failures = append(failures, r)
		case statusInterrupted:
			stopped++
			failures = append(failures, r)
		case statusNotStarted:
			notStarted++
			failures = append(failures, r)
		}
		switch r.Sent {
		case "sent":
			sent++
		case "not_sent":
			notSent++
		case "failed":
			sendFailed++
			failures = append(failures, r)
		}
		rows = append(rows, r)
	}
	printTable(stdout, rows, lang, send)
	warned := 0
	for _, r := range rows {
		if r.Status == "ok" && len(r.Warnings) > 0 {
			warned++
		}
	}
	if warned > 0 {
		wrap(stdout, msg("batch.warnings_note", map[string]string{"n": strconv.Itoa(warned), "file": "summary.csv"}), "  ")
	}
	for _, names := range sameCompany(rows) { // a client folder copied, its company: not changed?
		wrap(stdout, msg("batch.same_company", map[string]string{"company": names[0].Client, "period": names[0].Period,
			"workbooks": strings.Join(workbooksOf(names), ", ")}), "  ")
	}
	if len(loud) > 0 || quiet > 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, msg("batch.skipped_title", nil))
		for _, r := range loud {
			wrap(stdout, "  "+r.Workbook+": "+r.Reason, "      ")
		}
		if quiet > 0 {
			wrap(stdout, "  "+msg("batch.skipped_quiet", map[string]string{"n": strconv.Itoa(quiet), "file": "summary.csv"}), "      ")
		}
	}
	if len(failures) > 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, msg("batch.failures_title", nil))
		for _, r := range failures {
			text := r.Error
			switch {
			case r.Status == statusInterrupted:
				text = msg("batch.state_interrupted", nil)
			case r.Status == statusNotStarted:
				text = msg("batch.state_not_started", nil)
			case r.Sent == "failed":
				text = r.SendError
			}
			// The workbook's name starts the line: not again in the error.
			text = strings.TrimPrefix(text, say(lang, "at_file", "file", filepath.Base(r.Workbook), "msg", ""))
			wrap(stdout, "  "+r.Workbook+": "+cut(text, 600), "      ")
			if r.OlderReport != "" {
				wrap(stdout, "      "+templates.Message(msgLang(lang), "safety.older_report", map[string]string{"pdf": r.OlderReport}), "        ")
			}
			if r.Hint != "" && r.Sent != "failed" {
				wrap(stdout, "      → "+r.Hint, "        ")
			}
		}
	}
	fmt.Fprintln(stdout)
	done := msg("batch.done", map[string]string{"n": strconv.Itoa(ok), "dir": outDir})
	if send {
		done += " " + msg("batch.done_sent", map[string]string{"sent": strconv.Itoa(sent), "not_sent": strconv.Itoa(notSent)})
	}
	wrap(stdout, done, "")
	if ctx.Err() != nil {
		return &batchInterruptedError{done: ok, failed: failed, stopped: stopped, notStarted: notStarted,
			summary: filepath.Join(outDir, "summary.json"), lang: lang}
	}
	var errs []string
	if failed > 0 {
		errs = append(errs, msg("batch.failed", map[string]string{"n": strconv.Itoa(failed), "total": strconv.Itoa(len(rows)), "file": filepath.Join(outDir, "summary.csv")}))
	}
	if sendFailed > 0 {
		errs = append(errs, msg("batch.send_failed", map[string]string{"n": strconv.Itoa(sendFailed), "total": strconv.Itoa(ok)}))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

// printTable prints one line per client, at most termWidth columns wide:
// the client's name is cut to what the other columns leave. The data
// warnings are counted below it and listed in the files.
func printTable(w io.Writer, rows []batchResult, lang string, send bool) {
	msg := func(key string) string { return templates.Message(lang, key, nil) }
	head := []string{msg("batch.col_client"), msg("batch.col_period"), msg("batch.col_ok"), msg("batch.col_watch"), msg("batch.col_breach"), msg("batch.col_state")}
	gaps := []int{2, 2, 1, 1, 2} // spaces after each column but the last
	lines := make([][]string, len(rows))
	for i, r := range rows {
		counts := map[string]int{}
		for _, k := range r.KPIs {
			counts[k.Status]++
		}
		num := func(s string) string {
			if r.Status != "ok" {
				return ""
			}
			return strconv.Itoa(counts[s])
		}
		lines[i] = []string{clientLabel(r), r.Period, num("ok"), num("watch"), num("breach"), stateText(r, lang, send)}
	}
	// Every column but the name is as wide as its widest cell; the name
	// takes what is left, between 12 and 40 columns.
	width := make([]int, len(head))
	for c := range head {
		for _, l := range append([][]string{head}, lines...) {
			width[c] = max(width[c], utf8.RuneCountInString(l[c]))
		}
	}
	rest := termWidth
	for c := 1; c < len(head); c++ {
		rest -= width[c] + gaps[c-1]
	}
	width[0] = min(width[0], max(12, min(40, rest)))
	for _, l := range append([][]string{head}, lines...) {
		var b strings.Builder
		for c, cell := range l {
			cell = cut(cell, width[c])
			pad := strings.Repeat(" ", width[c]-utf8.RuneCountInString(cell))
			switch {
			case c == len(l)-1:
				b.WriteString(cell)
			case c >= 2: // the counts, right-aligned
				b.WriteString(pad + cell + strings.Repeat(" ", gaps[c]))
			default:
				b.WriteString(cell + pad + strings.Repeat(" ", gaps[c]))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// clientLabel names a client in the table: its company, with the " (2)"
// of its file name when another client had the same company and period,
// else its workbook's or folder's name.
func clientLabel(r batchResult) string {
	if r.Client == "" || r.Status != "ok" {
		return filepath.Base(r.Workbook)
	}
	base := strings.TrimSuffix(filepath.Base(r.PDF), ".pdf")
	if i := strings.LastIndex(base, " ("); r.PDF != "" && i > 0 && strings.HasSuffix(base, ")") {
		return r.Client + base[i:]
	}
	return r.Client
}

// stateText is a client's state in the batch's language.
func stateText(r batchResult, lang string, send bool) string {
	msg := func(key string) string { return templates.Message(lang, key, nil) }
	switch {
	case r.Status == statusInterrupted:
		return msg("batch.state_interrupted")
	case r.Status == statusNotStarted:
		return msg("batch.state_not_started")
	case r.Status != "ok":
		return msg("batch.state_failed")
	case !send:
		return msg("batch.state_ok")
	case r.Sent == "sent":
		return msg("batch.state_sent")
	case r.Sent == "not_sent":
		return msg("batch.state_not_sent")
	}
	return msg("batch.state_send_failed")
}

// cut shortens s to n runes, ending it with … when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max(0, n-1)]), " ") + "…"
}

// wrap prints text in lines of at most termWidth columns, cut between
// words; the lines after the first start with indent.
func wrap(w io.Writer, text, indent string) {
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = strings.Repeat(" ", len(text)-len(strings.TrimLeft(text, " "))) + word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > termWidth:
			fmt.Fprintln(w, line)
			line = indent + word
		default:
			line += " " + word
		}
	}
	if line != "" {
		fmt.Fprintln(w, line)
	}
}

// unitLabel is a KPI's unit in summary.csv's unit column: %, the
// currency's code, months, or nothing for a plain number.
func unitLabel(t *templates.Texts, k *batchKPI) string {
	switch k.Unit {
	case kpi.UnitPercent:
		return "%"
	case kpi.UnitCurrency:
		return k.Currency
	case kpi.UnitMonths:
		return t.Units["months"]
	}
	return ""
}

// writeSummaryFiles writes summary.json (every result, ids in English)
// and summary.csv in the batch's language's conventions: in French, ";"
// between fields and a decimal comma, as French Excel opens it; UTF-8
// with a byte order mark, so that Excel reads the accents.
func writeSummaryFiles(results []batchResult, outDir, lang string) error {
	js, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	summaryJSON := append(js, '\n')
	t := templates.Must(lang)
	msg := func(key string) string { return templates.Message(lang, key, nil) }
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	if t.Locale.Decimal == "," {
		cw.Comma = ';'
	}
	num := func(v float64) string {
		s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
		if s == "-0" {
			s = "0"
		}
		return strings.Replace(s, ".", t.Locale.Decimal, 1)
	}
	cw.Write(strings.Split(msg("batch.csv_header"), "|"))
	for _, r := range results {
		state := map[string]string{"ok": msg("batch.state_ok"), "failed": msg("batch.state_failed"),
			"skipped": msg("batch.state_skipped"), statusInterrupted: msg("batch.state_interrupted"),
			statusNotStarted: msg("batch.state_not_started")}[r.Status]
		sent := map[string]string{"sent": msg("batch.state_sent"), "not_sent": msg("batch.state_not_sent"),
			"failed": msg("batch.state_send_failed")}[r.Sent]
		problem := r.Error
		if r.Hint != "" {
			problem += " → " + r.Hint
		}
		if r.Reason != "" {
			problem = r.Reason
		}
		if r.SendError != "" {
			problem = r.SendError
		}
		if r.OlderReport != "" {
			problem = strings.TrimPrefix(problem+"; "+templates.Message(msgLang(lang), "safety.older_report", map[string]string{"pdf": r.OlderReport}), "; ")
		}
		row := func(k *batchKPI) []string {
			out := []string{r.Client, r.Workbook, r.PDF, state, r.Period, sent, strings.Join(r.SentTo, ", "),
				"", "", "", "", "", "", strconv.Itoa(len(r.Warnings)), problem}
			if r.Status != "ok" {
				out[13] = ""
			}
			if k != nil {
				out[7], out[8], out[10], out[11], out[12] = k.Name, unitLabel(t, k), num(k.Target), num(k.Threshold), t.StatusShort[k.Status]
				if k.Value != nil {
					out[9] = num(*k.Value)
				}
			}
			return out
		}
		if len(r.KPIs) == 0 {
			cw.Write(row(nil))
		}
		for i := range r.KPIs {
			cw.Write(row(&r.KPIs[i]))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// Written even when interrupted: it says what was done and what not.
	return writeOutputs(context.Background(), lang, output{filepath.Join(outDir, "summary.json"), summaryJSON},
		output{filepath.Join(outDir, "summary.csv"), buf.Bytes()})
}
