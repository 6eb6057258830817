package render

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/internal/pngtest"
)

func TestLogoImage(t *testing.T) {
	gradient := func(w, h int) image.Image {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
			}
		}
		return img
	}
	encode := func(enc func(*bytes.Buffer) error) []byte {
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	smallJPEG := encode(func(b *bytes.Buffer) error { return jpeg.Encode(b, gradient(60, 40), nil) })
	tests := []struct {
		name     string
		data     []byte
		typ      string
		maxSide  int
		sameData bool
		err      string
	}{
		{"interlaced PNG", pngtest.Interlaced(40, 24), "png", 40, false, ""},
		{"GIF", encode(func(b *bytes.Buffer) error { return gif.Encode(b, gradient(50, 50), nil) }), "png", 50, false, ""},
		{"small JPEG, kept as it is", smallJPEG, "jpg", 60, true, ""},
		{"large JPEG, scaled down", encode(func(b *bytes.Buffer) error { return jpeg.Encode(b, gradient(2000, 1000), nil) }), "jpg", logoPixels, false, ""},
		{"large PNG, scaled down", encode(func(b *bytes.Buffer) error { return png.Encode(b, gradient(1200, 300)) }), "png", logoPixels, false, ""},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), "", 0, false, "SVG drawing cannot be embedded"},
		{"not an image", []byte("GIF89a\x10\x00\x10\x00 garbage"), "", 0, false, "not a PNG, JPEG or GIF image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, typ, err := logoImage(tt.data)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || typ != tt.typ {
				t.Fatalf("type %q, err %v; want %q", typ, err, tt.typ)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || max(cfg.Width, cfg.Height) != tt.maxSide || format != map[string]string{"png": "png", "jpg": "jpeg"}[typ] {
				t.Errorf("%s %dx%d (%v), want %s with its longest side %d", format, cfg.Width, cfg.Height, err, typ, tt.maxSide)
			}
			if tt.sameData != bytes.Equal(data, tt.data) {
				t.Errorf("data kept as it is: %v, want %v", bytes.Equal(data, tt.data), tt.sameData)
			}
		})
	}
	// The interlaced logo, which made fpdf panic, ends in a report.
	rep := report(t, "fr")
	dir := t.TempDir()
	rep.Logo = dir + "/logo.png"
	if err := os.WriteFile(rep.Logo, pngtest.Interlaced(40, 24), 0o644); err != nil {
		t.Fatal(err)
	}
	if data := renderPDF(t, rep); !bytes.Contains(data, []byte("/Subtype /Image")) {
		t.Error("the report has no logo image")
	}
}
