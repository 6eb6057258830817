package render

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // GIF logos are decoded too
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// logoPixels is the largest side a logo keeps: it is drawn 20 mm wide,
// 240 pixels at 300 dpi; more only makes the PDF heavier.
const logoPixels = 480

// logoImage turns the logo file's bytes into an image fpdf embeds, and its
// type: a JPEG as it is when small enough, anything else (PNG, interlaced
// PNG, GIF, a large JPEG) decoded, scaled down to logoPixels and written
// again. fpdf itself reads neither interlaced PNGs nor GIFs well, and fails
// on them without a word a user could act on.
func logoImage(data []byte) ([]byte, string, error) {
	// The size an image declares is checked before it is decoded: a PNG
	// of a few kilobytes may declare 50,000 × 50,000 pixels, 10 GB decoded.
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && (cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide) {
		return nil, "", &LogoSizeError{Width: cfg.Width, Height: cfg.Height, Max: MaxLogoSide}
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		if bytes.Contains(data[:min(len(data), 512)], []byte("<svg")) {
			return nil, "", errors.New("an SVG drawing cannot be embedded: export it as PNG")
		}
		return nil, "", errors.New("not a PNG, JPEG or GIF image")
	}
	b := img.Bounds()
	small := b.Dx() <= logoPixels && b.Dy() <= logoPixels
	if format == "jpeg" && small {
		return data, "jpg", nil
	}
	if !small {
		scale := float64(logoPixels) / float64(max(b.Dx(), b.Dy()))
		w, h := max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))
		dst := image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		img = dst
	}
	var out bytes.Buffer
	if format == "jpeg" {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 90})
		return out.Bytes(), "jpg", err
	}
	if err := png.Encode(&out, img); err != nil {
		return nil, "", fmt.Errorf("cannot write it again as PNG: %w", err)
	}
	return out.Bytes(), "png", nil
}
