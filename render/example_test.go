package render_test

import (
	"fmt"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/render"
)

func ExampleFormatter() {
	for _, lang := range []string{"fr", "en"} {
		f, _ := render.NewFormatter(lang, "EUR")
		s := strings.Join([]string{
			f.Value(1234.56, kpi.UnitCurrency), f.Value(12.5, kpi.UnitPercent), f.Delta(-0.6, kpi.UnitPercent),
		}, " | ")
		fmt.Println(strings.ReplaceAll(s, "\u00a0", "·")) // · shows the no-break spaces
	}
	// Output:
	// 1·234,56·€ | 12,5·% | −0,6·point
	// €1,234.56 | 12.5% | −0.6·points
}
