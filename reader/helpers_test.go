package reader

import (
	"github.com/kpireport/kpireport/figures"
	"github.com/kpireport/kpireport/templates"
)

// text writes a warning as the English report does.
func text(w figures.Warning) string {
	en := templates.Must("en")
	return en.Fill(en.Warnings[w.Kind], w.Args)
}

// Texts writes warnings as the English report does.
func Texts(ws []figures.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = text(w)
	}
	return out
}
