package reader

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"testing"
)

// withSheet returns a small workbook whose first sheet's rows are replaced
// by sheetData (the XML between <sheetData> and </sheetData>).
func withSheet(tb testing.TB, sheetData func(w io.Writer)) []byte {
	tb.Helper()
	var base bytes.Buffer
	zw := zip.NewWriter(&base)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, _ := zw.Create(name)
		io.WriteString(w, parts[name])
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheetData(w)
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return base.Bytes()
}

// inline writes a cell holding text.
func inline(w io.Writer, ref, text string) {
	fmt.Fprintf(w, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
}

// monthRows writes twelve months of revenue from row 2.
func monthRows(w io.Writer) {
	for m := 1; m <= 12; m++ {
		fmt.Fprintf(w, `<row r="%d">`, m+1)
		inline(w, fmt.Sprintf("A%d", m+1), fmt.Sprintf("2025-%02d", m))
		fmt.Fprintf(w, `<c r="B%d"><v>%d</v></c></row>`, m+1, 1000+m)
	}
}

// wideHeader is a workbook whose header row holds cells more cells after
// Mois and CA HT: empty cells (<c r="C1"/>), as a sheet formatted across
// its whole width carries them, all written with the same reference.
func wideHeader(tb testing.TB, cells int) []byte {
	return withSheet(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1">`)
		inline(w, "A1", "Mois")
		inline(w, "B1", "CA HT")
		for i := 2; i < cells; i++ {
			io.WriteString(w, `<c r="C1" s="1"/>`)
		}
		io.WriteString(w, `</row>`)
		monthRows(w)
	})
}

// longCell is a workbook with a header cell of n bytes of text.
func longCell(tb testing.TB, n int) []byte {
	return withSheet(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1">`)
		inline(w, "A1", "Mois")
		inline(w, "B1", "CA HT")
		inline(w, "C1", strings.Repeat("x", n))
		io.WriteString(w, `</row>`)
		monthRows(w)
	})
}

// BenchmarkWideRow reads a header row of 250,000 and of 1,000,000 cells:
// the time per read must grow about fourfold, not sixteenfold.
func BenchmarkWideRow(b *testing.B) {
	for _, n := range []int{250_000, 1_000_000} {
		data := wideHeader(b, n)
		b.Run(fmt.Sprintf("cells=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				tab, err := Read("wide.xlsx", data, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(tab.Months) != 12 {
					b.Fatalf("%d months", len(tab.Months))
				}
			}
		})
	}
}

// BenchmarkLongCell reads a header cell of 2.5 MB and of 10 MB of text:
// the time per read must grow about fourfold, not sixteenfold.
func BenchmarkLongCell(b *testing.B) {
	for _, n := range []int{10 << 20 / 4, 10 << 20} {
		data := longCell(b, n)
		b.Run(fmt.Sprintf("bytes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				tab, err := Read("long.xlsx", data, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(tab.Months) != 12 {
					b.Fatalf("%d months", len(tab.Months))
				}
			}
		})
	}
}
