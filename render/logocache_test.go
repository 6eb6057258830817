package render

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpireport/kpireport/internal/pngtest"
)

// TestLogoDeclaredSize: a logo declaring 50,000 × 50,000 pixels is refused
// at once with its size; 4,000 across is still read.
func TestLogoDeclaredSize(t *testing.T) {
	start := time.Now()
	_, _, err := logoImage(pngtest.Declaring(50000, 50000))
	var se *LogoSizeError
	if !errors.As(err, &se) || se.Width != 50000 || se.Height != 50000 || se.Max != 4000 {
		t.Fatalf("50000 × 50000: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing took %v", d)
	}
	if _, _, err := logoImage(pngtest.Declaring(4001, 10)); !errors.As(err, &se) {
		t.Errorf("4001 × 10: %v, want a LogoSizeError", err)
	}
	var ok bytes.Buffer
	png.Encode(&ok, image.NewGray(image.Rect(0, 0, 4000, 2)))
	if _, _, err := logoImage(ok.Bytes()); err != nil {
		t.Errorf("4000 × 2: %v", err)
	}
}

// TestLogoOnce: the same logo file is prepared once, and again once saved
// anew.
func TestLogoOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logo.png")
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 600, 300))) // scaled down: a new PNG each decode
	if err := os.WriteFile(path, img.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, _, err := loadLogo(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := loadLogo(path)
	if &a[0] != &b[0] {
		t.Error("the logo was decoded twice")
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(path, later, later)
	c, _, _ := loadLogo(path)
	if &a[0] == &c[0] {
		t.Error("a logo saved again was not read again")
	}
	if _, _, err := loadLogo(filepath.Dir(path)); err == nil {
		t.Error("a folder as the logo was read")
	}
}
