package figures

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// clipRunes is how much of a cell's text a message quotes: enough to
// recognise it, and a 10 MB cell does not make a 10 MB message.
const clipRunes = 60

// clipItems is how many headers a message lists.
const clipItems = 20

// Clip returns s cut after clipRunes characters, with an ellipsis, for
// quoting a cell's text in a message.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= clipRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == clipRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// ClipList joins items with commas, each clipped, listing at most
// clipItems of them and then how many more there are.
func ClipList(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i == clipItems {
			fmt.Fprintf(&b, ", … (%d more)", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Clip(it))
	}
	return b.String()
}
