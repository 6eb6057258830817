package vocab_test

import (
	"testing"

	"github.com/kpireport/kpireport/reader/internal/vocab"
)

// BenchmarkMatch: the headers and cells of a sheet's first rows, each asked
// once (as on a first read, before the reader's answers are remembered).
func BenchmarkMatch(b *testing.B) {
	cells := []string{"Mois", "CA HT (k€)", "Nb. clients début mois", "Résultat net", "Produit A", "Ouest",
		"Chiffre d'affaires", "Commentaire : mois de fermeture pour travaux", "Total Orders", "janv. 2025"}
	for b.Loop() {
		for _, c := range cells {
			vocab.Match(c)
		}
	}
}
