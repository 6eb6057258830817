package reader

import (
	"bytes"
	"testing"

	"github.com/kpireport/kpireport/figures"
	"github.com/xuri/excelize/v2"
)

// TestFormulasBySheet checks that a question about a sheet's formulas is
// answered from that sheet's scan: the source used to answer from the last
// sheet scanned, whatever sheet was asked about.
func TestFormulasBySheet(t *testing.T) {
	f := excelize.NewFile()
	f.NewSheet("Sheet2")
	f.SetCellFormula("Sheet1", "B2", "1+1") // excelize saves no value: a formula to compute
	f.SetCellFormula("Sheet2", "B2", "2+2")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := openZip("w.xlsx", buf.Bytes(), excelize.Options{UnzipSizeLimit: 1 << 20, UnzipXMLSizeLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, sheet := range []string{"Sheet1", "Sheet2"} {
		it, err := s.rows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for it.Next() {
		}
		it.Close()
	}
	for sheet, want := range map[string]string{"Sheet1": "1+1", "Sheet2": "2+2", "Sheet3": ""} {
		if got, _ := s.formula(sheet, "B2"); got != want {
			t.Errorf("formula(%s, B2) = %q, want %q", sheet, got, want)
		}
	}
}

// TestMergeKeepsPartialMonths checks that a month a joined sheet holds only
// in part stays partial in the table (it was kept from the first sheet only).
func TestMergeKeepsPartialMonths(t *testing.T) {
	dec := figures.MonthOf(2025, 12)
	first, later := figures.NewTable("w.xlsx", ""), figures.NewTable("w.xlsx", "")
	first.Sheet, later.Sheet = "2024", "2025"
	later.Partial = []figures.Month{dec}
	merge(first, later, nil)
	merge(first, later, nil)
	if len(first.Partial) != 1 || first.Partial[0] != dec {
		t.Errorf("partial months %v, want [2025-12] once", first.Partial)
	}
}
