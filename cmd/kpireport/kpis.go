package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

func cmdKPIs(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("kpis", "kpis [--lang fr|en]", "kpireport kpis --lang en", stderr)
	lang := fs.String("lang", "fr", say(templates.EnvLanguage(), "flag.kpis_lang"))
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badUsage("usage.no_arguments", "cmd", "kpis")
	}
	t, err := templates.For(*lang)
	if err != nil {
		return badUsage("usage.bad_lang", "value", *lang)
	}
	L := t.Labels
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintf(tw, "id\t%s\t%s\t%s\t%s\n", L["kpi"], L["formula"], L["metrics_needed"], L["direction"])
	for _, d := range kpi.Catalogue {
		text := t.KPIs[d.ID]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.ID, text.Name, text.Formula, strings.Join(d.Needs, ", "), L["better_"+d.Better])
	}
	return tw.Flush()
}
