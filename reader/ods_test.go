package reader

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/kpireport/kpireport/figures"
)

// odsPackage writes an OpenDocument spreadsheet by hand around the body of
// its content.xml, as LibreOffice lays it out.
func odsPackage(t *testing.T, styles, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">
<office:automatic-styles>` + styles + `</office:automatic-styles>
<office:body><office:spreadsheet>` + body + `</office:spreadsheet></office:body></office:document-content>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestODS(t *testing.T) {
	styles := `<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`
	cell := func(typ, attrs, text string) string {
		if typ == "" {
			return `<table:table-cell><text:p>` + text + `</text:p></table:table-cell>`
		}
		return `<table:table-cell office:value-type="` + typ + `" ` + attrs + `><text:p>` + text + `</text:p></table:table-cell>`
	}
	body := `<table:table table:name="Old" table:style-name="ta2"><table:table-row>` + cell("", "", "Mois") + cell("", "", "CA HT") + `</table:table-row>
<table:table-row>` + cell("", "", "2020-01") + cell("float", `office:value="1"`, "1") + `</table:table-row></table:table>
<table:table table:name="Données" table:style-name="ta1">
<table:table-row>` + cell("", "", "Suivi <text:s text:c=\"2\"/>2026") + `<table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row>` + cell("", "", "Mois") + `<table:covered-table-cell/>` +
		`<table:table-cell><office:annotation><text:p>Hors taxes, toutes boutiques</text:p></office:annotation><text:p>CA HT</text:p></table:table-cell>` +
		cell("", "", "Taux de conversion") + `</table:table-row>
<table:table-row>` + cell("date", `office:date-value="2026-01-01"`, "janv. 2026") + `<table:covered-table-cell/>` + cell("float", `office:value="12345.5"`, "12 345,50") + cell("percentage", `office:value="0.025"`, "2,5 %") + `</table:table-row>
<table:table-row table:number-rows-repeated="2">` + cell("", "", "—") + `</table:table-row>
<table:table-row>` + cell("date", `office:date-value="2026-02-01T00:00:00"`, "févr. 2026") + `<table:covered-table-cell/>` + cell("float", `office:value="13000"`, "13 000,00") + cell("percentage", `office:value="0.03"`, "3,0 %") + `</table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>`
	tab, err := Read("chiffres.ods", odsPackage(t, styles, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Données" || len(tab.Months) != 2 {
		t.Fatalf("sheet %q, months %v: the hidden sheet must not be read", tab.Sheet, tab.Months)
	}
	feb, _ := figures.ParsePeriod("2026-02")
	if f, _ := tab.Get("revenue", feb); f.Value != 13000 || f.Source.String() != "Données!C8" {
		t.Errorf("revenue 2026-02 = %v at %s, want 13000 at Données!C8 (rows and columns repeated, cells covered)", f.Value, f.Source.String())
	}
	if len(tab.Warnings) != 0 {
		t.Errorf("warnings %q", Texts(tab.Warnings))
	}
	// A package saved with a password says so.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("META-INF/manifest.xml")
	w.Write([]byte(`<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`))
	w, _ = zw.Create("content.xml")
	w.Write([]byte{0x8f, 0x12, 0x00, 0xff})
	zw.Close()
	if _, err := Read("secret.ods", buf.Bytes(), Options{}); err == nil || !strings.Contains(err.Error(), "has a password") {
		t.Errorf("password-protected: %v", err)
	}
	// A damaged package says so.
	_, err = Read("chiffres.ods", odsPackage(t, styles, `<table:table table:name="X"><table:table-row>`), Options{})
	if err == nil || !strings.Contains(err.Error(), "OpenDocument spreadsheet is damaged") {
		t.Errorf("damaged: %v", err)
	}
}

// TestODSRepeatsBounded: LibreOffice writes each row's empty rest as one
// cell repeated to column 16,384; 20,000 such rows must not become 20,000
// rows of 16,384 cells (the first version of this reader took gigabytes).
func TestODSRepeatsBounded(t *testing.T) {
	var body strings.Builder
	body.WriteString(`<table:table table:name="Données"><table:table-row><table:table-cell><text:p>Mois</text:p></table:table-cell><table:table-cell><text:p>CA HT</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16382"/></table:table-row>`)
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&body, `<table:table-row><table:table-cell office:value-type="date" office:date-value="2025-%02d-%02d"/><table:table-cell office:value-type="float" office:value="%d"/><table:table-cell table:number-columns-repeated="16382"/></table:table-row>`, i%12+1, i%28+1, i)
	}
	body.WriteString(`<table:table-row table:number-rows-repeated="1028575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`)
	data := odsPackage(t, "", body.String())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tab, err := within(t, 30*time.Second, func() (*figures.Table, error) { return Read("big.ods", data, Options{}) })
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if tab.RowsSummed != 20000 || len(tab.Months) != 12 {
		t.Errorf("%d rows summed into %d months, want 20000 into 12", tab.RowsSummed, len(tab.Months))
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 256<<20 {
		t.Errorf("reading allocated %d MB", grown>>20)
	}
}

// FuzzODSContent feeds mutated content.xml to the OpenDocument reader: rows
// or an error, never a panic, and never more rows or columns than bounded.
func FuzzODSContent(f *testing.F) {
	zr, err := zip.OpenReader("testdata/good_transposed_lo.ods")
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "content.xml" {
			rc, _ := zf.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			f.Add(b.Bytes())
		}
	}
	zr.Close()
	f.Add([]byte(`<table:table table:name="a"><table:table-row table:number-rows-repeated="99999999"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="99999999"/></table:table-row></table:table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := parseODS(xmlscan.NewPieces(bytes.NewReader(data), uint64(len(data))))
		if err != nil {
			return
		}
		for _, s := range src.sheets {
			if len(s.rows) > odsMaxRows {
				t.Fatalf("%d rows", len(s.rows))
			}
			for _, r := range s.rows {
				if len(r) > odsMaxCols {
					t.Fatalf("%d columns", len(r))
				}
			}
		}
	})
}
