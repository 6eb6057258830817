package figures

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"CA HT", "CA HT"},
		{strings.Repeat("é", 60), strings.Repeat("é", 60)},
		{strings.Repeat("é", 61), strings.Repeat("é", 60) + "…"},
		{strings.Repeat("x", 10<<20), strings.Repeat("x", 60) + "…"},
	} {
		if got := Clip(c.in); got != c.want {
			t.Errorf("Clip(%.20q…) = %.80q, want %.80q", c.in, got, c.want)
		}
	}
	items := make([]string, 25)
	for i := range items {
		items[i] = "h"
	}
	if got, want := ClipList(items), strings.Repeat("h, ", 19)+"h, … (5 more)"; got != want {
		t.Errorf("ClipList = %q, want %q", got, want)
	}
}
