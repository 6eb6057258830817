package reader

// This file reads merged cells: a value merged over several rows or
// columns, such as a year written once over its twelve months, holds for
// each cell it covers. The sources give the merged ranges on demand: an
// .xlsx lists them after the sheet's rows, so they are read only when a
// covered cell is needed.

import (
	"bytes"
	"strings"

	"github.com/kpireport/kpireport/reader/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// cellRange is a rectangle of a sheet's cells, 1-based and inclusive.
type cellRange struct{ r0, c0, r1, c1 int }

// merger is a source that knows a sheet's merged cells.
type merger interface {
	merged(sheet string) ([]cellRange, error)
}

// parseRange reads a range such as A2:A13.
func parseRange(ref string) (cellRange, bool) {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		return cellRange{}, false
	}
	c0, r0, err0 := excelize.CellNameToCoordinates(from)
	c1, r1, err1 := excelize.CellNameToCoordinates(to)
	if err0 != nil || err1 != nil || r1 < r0 || c1 < c0 {
		return cellRange{}, false
	}
	return cellRange{r0, c0, r1, c1}, true
}

// merged reads the <mergeCell> elements of an .xlsx worksheet, scanning
// its part again.
func (s *zipSource) merged(sheet string) ([]cellRange, error) {
	sh, ok := s.sheet(sheet)
	if !ok {
		return nil, nil
	}
	f := s.file(sh.path)
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []cellRange
	pieces := xmlscan.NewPieces(rc, f.UncompressedSize64)
	for {
		b, more := pieces.Next()
		if !more {
			return out, pieces.Err()
		}
		// The rows are passed over at the speed of a byte search.
		i := bytes.Index(b, []byte("mergeCell"))
		if i < 0 {
			continue
		}
		sc := xmlscan.Scanner{B: b, Pos: max(0, bytes.LastIndexByte(b[:i], '<'))}
		for tag, ok := sc.Next(); ok; tag, ok = sc.Next() {
			if tag.Name != "mergeCell" || tag.End {
				continue
			}
			if m, ok := parseRange(tag.Attr("ref")); ok {
				out = append(out, m)
			}
		}
	}
}

// merged returns the merged cells of a sheet of an encrypted workbook.
func (s *excelizeSource) merged(sheet string) ([]cellRange, error) {
	cells, err := s.f.GetMergeCells(sheet)
	if err != nil {
		return nil, err
	}
	var out []cellRange
	for _, m := range cells {
		if r, ok := parseRange(m.GetStartAxis() + ":" + m.GetEndAxis()); ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// merged returns the cells an OpenDocument sheet spans over several rows
// or columns, noted as it was read.
func (o *odsSource) merged(sheet string) ([]cellRange, error) {
	s, err := o.sheet(sheet)
	if err != nil {
		return nil, err
	}
	return s.merges, nil
}

// mergedOrigin returns the grid cell whose value a merged cell (r, c) of
// the grid holds: the top left cell of its range, when that is another.
func (l *layout) mergedOrigin(ranges []cellRange, r, c int) (int, int, bool) {
	sr, sc := r+1, c+1
	if l.transposed {
		sr, sc = c+1, r+1
	}
	for _, m := range ranges {
		if sr < m.r0 || sr > m.r1 || sc < m.c0 || sc > m.c1 || sr == m.r0 && sc == m.c0 {
			continue
		}
		if l.transposed {
			return m.c0 - 1, m.r0 - 1, true
		}
		return m.r0 - 1, m.c0 - 1, true
	}
	return 0, 0, false
}

// mergedYear returns the year a blank cell of the year column holds when
// a year is merged over it: the year read on the range's first row.
func (b *builder) mergedYear(r int) int {
	if !b.mergesRead {
		b.mergesRead = true
		if m, ok := b.src.(merger); ok {
			b.merges, _ = m.merged(b.l.sheet) // without them, the year is missing, as said
		}
	}
	if r0, c0, ok := b.l.mergedOrigin(b.merges, r, b.l.yearCol); ok && c0 == b.l.yearCol {
		return b.years[r0]
	}
	return 0
}
