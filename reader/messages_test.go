package reader

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/kpireport/kpireport/templates"
)

// TestEveryErrorWorded reads the reader's source for the kinds of error it
// makes and checks each has its sentence in the messages, so that no user
// ever reads a [key] in brackets.
func TestEveryErrorWorded(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	kinds := map[string]string{
		`fileErr\("(\w+)"`:         "reader.",
		`FileError\{Kind: "(\w+)"`: "reader.",
		`Kind: "(\w+)"\}`:          "cell.",
		`cellErr\("(\w+)"\)`:       "cell.",
		`what(?: :)?= "(\w+)"`:     "reader.",
	}
	found := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for re, prefix := range kinds {
			for _, m := range regexp.MustCompile(re).FindAllSubmatch(src, -1) {
				found++
				key := prefix + string(m[1])
				if f == "errors.go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
					continue
				}
				if !templates.HasMessage(key) {
					t.Errorf("%s: no message %s in templates/messages", f, key)
				}
			}
		}
	}
	// The kinds of CellError, constants in errors.go.
	src, err := os.ReadFile("errors.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\bCell\w+\s*=\s*"(\w+)"`).FindAllSubmatch(src, -1) {
		found++
		if !templates.HasMessage("cell." + string(m[1])) {
			t.Errorf("errors.go: no message cell.%s in templates/messages", m[1])
		}
	}
	if found < 30 {
		t.Errorf("found %d kinds of error in the source: the patterns no longer match it", found)
	}
}
