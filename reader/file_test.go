//go:build unix

package reader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kpireport/kpireport/figures"
)

// TestReadOnlyRegularFiles: a named pipe, a device behind a symbolic link
// and a folder are refused at once, naming what they are.
func TestReadOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.xlsx")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{fifo, "named pipe (FIFO)"},
		{zero, "a device"},
		{dir, "a folder"},
	} {
		_, err := within(t, 5*time.Second, func() (*figures.Table, error) { return ReadFile(c.path, Options{}) })
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a FileError saying %q", c.path, err, c.want)
		}
	}
}
