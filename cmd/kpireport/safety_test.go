package main

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// hugePNG is a PNG of a few bytes declaring w × h pixels.
func hugePNG(w, h int) []byte {
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
	copy(ihdr[8:], []byte{8, 2, 0, 0, 0})
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return out.Bytes()
}
