package number_test

import (
	"fmt"

	"github.com/kpireport/kpireport/number"
)

func ExampleParse() {
	for _, s := range []string{"1 234,56", "1,234.56", "12,5 %", "(1 234)", "-1 234 €", "12,5x"} {
		v, ok := number.Parse(s)
		fmt.Println(s, "→", v, ok)
	}
	// Output:
	// 1 234,56 → 1234.56 true
	// 1,234.56 → 1234.56 true
	// 12,5 % → 0.125 true
	// (1 234) → -1234 true
	// -1 234 € → -1234 true
	// 12,5x → 0 false
}
