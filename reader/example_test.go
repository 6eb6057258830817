package reader_test

import (
	"fmt"

	"github.com/kpireport/kpireport/reader"
)

func ExampleParseNumber() {
	for _, s := range []string{"1 234,56", "1,234.56", "12,5 %", "(1 234)", "-1 234 €", "12,5x"} {
		v, ok := reader.ParseNumber(s)
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

func ExampleMatchHeader() {
	for _, h := range []string{"CA HT (€)", " Sales", "Nb nouveaux clients", "Commentaire"} {
		fmt.Printf("%q → %q\n", h, reader.MatchHeader(h, nil))
	}
	// Output:
	// "CA HT (€)" → "revenue"
	// " Sales" → "revenue"
	// "Nb nouveaux clients" → "new_customers"
	// "Commentaire" → ""
}
