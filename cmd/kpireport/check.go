package main

import (
	"context"
	"io"

	"github.com/kpireport/kpireport/render"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [-c kpis.yaml] [--period YYYY-MM] WORKBOOK.xlsx",
		"kpireport check -c kpis.yaml chiffres.xlsx", stderr)
	var in inputs
	in.register(fs.FlagSet, true)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("check needs exactly one workbook, got %d", len(pos))
	}
	relaxGC(1, pos[0])
	cfg, pw, err := in.load()
	if err != nil {
		return err
	}
	rep, err := compute(ctx, cfg, pos[0], pw, stderr)
	if err != nil {
		return err
	}
	return render.Text(stdout, rep)
}
