package main

import (
	"context"
	"io"
	"strconv"

	"github.com/kpireport/kpireport/render"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("check", "check [-c kpis.yaml] [--period YYYY-MM] WORKBOOK.xlsx",
		"kpireport check -c kpis.yaml chiffres.xlsx", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return badUsage("usage.one_workbook", "cmd", "check", "n", strconv.Itoa(len(pos)))
	}
	relaxGC(1, pos[0])
	cfg, pw, err := in.load()
	if err != nil {
		return err
	}
	defer inLanguage(&err, cfg.Language)
	rep, err := compute(ctx, cfg, pos[0], pw, stderr)
	if err != nil {
		return err
	}
	return render.Text(stdout, rep)
}
