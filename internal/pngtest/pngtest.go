// Package pngtest writes PNG files byte by byte for the tests: images
// that declare a size they do not hold (a logo of 50 000 × 50 000 pixels
// in a few bytes) and interlaced images, which image/png does not write.
package pngtest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
)

// Declaring returns a PNG of a few bytes whose header declares w × h RGB
// pixels and which holds none.
func Declaring(w, h int) []byte { return build(w, h, false, nil) }

// Interlaced returns a w × h RGB gradient, Adam7-interlaced.
func Interlaced(w, h int) []byte {
	passes := [][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	var raw bytes.Buffer
	for _, p := range passes {
		for y := p[1]; y < h; y += p[3] {
			if p[0] >= w {
				break
			}
			raw.WriteByte(0)
			for x := p[0]; x < w; x += p[2] {
				raw.Write([]byte{byte(x * 6), byte(y * 10), 128})
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	return build(w, h, true, z.Bytes())
}

// build writes the signature, the header, the image data (when not nil)
// and the end chunk.
func build(w, h int, interlaced bool, idat []byte) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	copy(ihdr[8:], []byte{8, 2, 0, 0, 0}) // 8 bits, RGB
	if interlaced {
		ihdr[12] = 1
	}
	chunk("IHDR", ihdr)
	if idat != nil {
		chunk("IDAT", idat)
	}
	chunk("IEND", nil)
	return out.Bytes()
}
