package reader_test

import (
	"fmt"

	"github.com/kpireport/kpireport/reader"
)

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
