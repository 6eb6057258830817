package reader

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kpireport/kpireport/reader/internal/xmlscan"
)

// FuzzScanSheet feeds arbitrary sheet XML to the scanner: it must never
// panic nor loop, whatever the bytes.
func FuzzScanSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row>` +
		`<row r="3"><c r="C3" t="inlineStr"><is><t>x&amp;y</t></is></c><c r="D3"><f>A1*2</f></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:sheetData><x:row><x:c t="e"><x:v>#DIV/0!</x:v></x:c></x:row></x:sheetData>`))
	f.Add([]byte(`<sheetData><row r="9999999"/><c r="XFE1"><v>1</v></c></sheetData>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &zipSource{}
		it := &sheetRows{sc: xmlscan.Scanner{B: data}, sst: []string{"a", "b"}, src: src, notes: newSheetNotes()}
		for n := 0; n < 5000 && it.Next(); n++ {
			it.Columns()
		}
	})
}

// FuzzRead feeds mutated workbooks to Read: a clear error or a table,
// never a panic.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/good_transposed.xlsx", "testdata/good_fr_text_numbers.xlsx", "testdata/good_transposed_lo.ods"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Read("fuzz.xlsx", data, Options{MaxUnzipBytes: 8 << 20})
	})
}

// trickle reads at most n bytes at a time, as a decompressor may.
type trickle struct {
	b []byte
	n int
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.b) == 0 {
		return 0, io.EOF
	}
	k := min(len(p), t.n, len(t.b))
	copy(p, t.b[:k])
	t.b = t.b[k:]
	return k, nil
}

// rowsOf lists the rows a sheet iterator yields.
func rowsOf(it *sheetRows) []string {
	var out []string
	for n := 0; n < 5000 && it.Next(); n++ {
		cols, _ := it.Columns()
		out = append(out, strings.Join(cols, "|"))
	}
	return out
}

// FuzzStreamedSheet checks that reading a sheet in small pieces, as it is
// streamed from the file, gives the same rows as reading it whole.
func FuzzStreamedSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Mois &amp; année</t></is></c><c r="B1"><v>12.5</v></c></row>`+
		`<row r="2" s="1" customFormat="1"/><x:row r="3"><x:c r="C3"><x:v>3</x:v></x:c></x:row><row r="4"><c r="A4" t="s"><v>1</v></c></row></sheetData></worksheet>`), uint8(7), uint8(40))
	f.Fuzz(func(t *testing.T, data []byte, chunk, size uint8) {
		sst := []string{"a", "b"}
		whole := &sheetRows{sc: xmlscan.Scanner{B: data}, sst: sst, src: &zipSource{}, notes: newSheetNotes()}
		p := xmlscan.NewPiecesOf(&trickle{b: data, n: int(chunk%16) + 1}, int(size%64)+1)
		streamed := &sheetRows{sst: sst, src: &zipSource{}, notes: newSheetNotes(), pieces: p}
		a, b := rowsOf(whole), rowsOf(streamed)
		if !wellFormed(data) {
			return // malformed XML: no panic is all we ask
		}
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("whole:\n%q\nstreamed:\n%q", a, b)
		}
	})
}

// wellFormed reports whether data is well-formed XML (Excel and LibreOffice
// write nothing else), by encoding/xml's reading.
func wellFormed(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		if _, err := d.Token(); err != nil {
			return err == io.EOF
		}
	}
}
