package kpi_test

import (
	"fmt"

	"github.com/kpireport/kpireport/kpi"
)

func ExampleParseFormula() {
	e, err := kpi.ParseFormula("(revenue − cogs) ÷ revenue × 100")
	if err != nil {
		panic(err)
	}
	figures := map[string]float64{"revenue": 45000, "cogs": 27000}
	v, _ := e.Eval(func(name string) (float64, error) { return figures[name], nil })
	fmt.Println(e, "=", v, e.Names())
	// Output: (revenue - cogs) / revenue * 100 = 40 [revenue cogs]
}

func ExampleStatusOf() {
	v := kpi.Value{V: 9.8, Valid: true}
	fmt.Println(kpi.StatusOf(v, 12, 8, kpi.Higher)) // misses 12 %, above the 8 % threshold
	fmt.Println(kpi.StatusOf(v, 5, 9, kpi.Lower))   // beyond 9: lower is better
	// Output:
	// watch
	// breach
}
