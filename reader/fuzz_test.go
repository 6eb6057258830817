package reader

import (
	"os"
	"testing"
)

// FuzzScanSheet feeds arbitrary sheet XML to the scanner: it must never
// panic nor loop, whatever the bytes.
func FuzzScanSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row>` +
		`<row r="3"><c r="C3" t="inlineStr"><is><t>x&amp;y</t></is></c><c r="D3"><f>A1*2</f></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:sheetData><x:row><x:c t="e"><x:v>#DIV/0!</x:v></x:c></x:row></x:sheetData>`))
	f.Add([]byte(`<sheetData><row r="9999999"/><c r="XFE1"><v>1</v></c></sheetData>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &zipSource{formulas: map[string]string{}}
		it := &sheetRows{sc: scanner{b: data}, sst: []string{"a", "b"}, src: src}
		for n := 0; n < 5000 && it.Next(); n++ {
			it.Columns()
		}
	})
}

// FuzzRead feeds mutated workbooks to Read: a clear error or a table,
// never a panic.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/good_transposed.xlsx", "testdata/good_fr_text_numbers.xlsx"} {
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
