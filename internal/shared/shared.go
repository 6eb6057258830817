// Package shared finds the workbooks of ../shared, the public material
// beside the project's clone (Microsoft's financial sample, the realworld
// workbooks) that some tests read. A clone from GitHub has no ../shared:
// those tests skip, saying so, unless KPIREPORT_SHARED=required (set by
// CI), where a missing file fails them instead.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns the path of rel (e.g. "workbooks/financial-sample.xlsx")
// under the shared folder beside the repository, found by walking up from
// the test's folder; it skips the test when the file is absent, or fails
// it when KPIREPORT_SHARED=required.
func Path(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", filepath.FromSlash(rel))
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("KPIREPORT_SHARED") == "required" {
		t.Fatalf("shared/%s not found beside the repository, and KPIREPORT_SHARED=required", rel)
	}
	t.Skipf("shared/%s not found beside the repository (a clone without ../shared): skipped; set KPIREPORT_SHARED=required to fail instead", rel)
	return ""
}
