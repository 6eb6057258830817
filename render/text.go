package render

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kpireport/kpireport/kpi"
)

// Text writes the KPI table of `kpireport check`, aligned for a terminal,
// followed by the data warnings.
func Text(w io.Writer, rep *kpi.Report) error {
	f, err := NewFormatter(rep.Language, rep.Currency)
	if err != nil {
		return err
	}
	L := f.T.Labels
	fmt.Fprintf(w, "%s — %s\n", rep.Company, f.Month(rep.Period))
	if rep.Table != nil {
		fmt.Fprintln(w, f.source(rep))
	}
	fmt.Fprintln(w)
	rows := [][]string{{L["kpi"], L["value"], L["target"], L["threshold"], L["status"], ""}}
	for _, k := range rep.KPIs {
		rows = append(rows, []string{
			k.Name,
			f.Shown(k),
			f.Value(k.Target, k.Unit),
			f.Value(k.Threshold, k.Unit),
			StatusSymbol(k.Status) + " " + f.T.StatusShort[string(k.Status)],
			k.Value.Reason,
		})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	right := []bool{false, true, true, true, false, false}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == len(r)-1 {
				b.WriteString(c)
				continue
			}
			if right[i] {
				b.WriteString(pad + c + "  ")
			} else {
				b.WriteString(c + pad + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(w, "\n%s%s\n", L["warnings"], strings.TrimRight(f.T.Locale.Colon, " "))
		for _, warn := range rep.Warnings {
			fmt.Fprintf(w, "  - %s\n", f.Warning(warn))
		}
	}
	return nil
}

// StatusSymbol is the shape that carries a status without colour: it reads
// in black and white and for colour-blind readers.
func StatusSymbol(s kpi.Status) string {
	switch s {
	case kpi.OK:
		return "●"
	case kpi.Watch:
		return "▲"
	case kpi.Breach:
		return "■"
	}
	return "□"
}
