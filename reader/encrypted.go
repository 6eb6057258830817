package reader

import (
	"github.com/xuri/excelize/v2"
)

// excelizeSource reads an encrypted workbook, which excelize decrypts.
type excelizeSource struct {
	f        *excelize.File
	date1904 bool
	dates    map[int]bool // style index: shows dates
}

// excelizeRows yields a sheet's rows, numbers formatted as dates as dates.
type excelizeRows struct {
	r     *excelize.Rows
	src   *excelizeSource
	sheet string
	row   int
}

func (e *excelizeRows) Next() bool   { e.row++; return e.r.Next() }
func (e *excelizeRows) Err() error   { return e.r.Error() }
func (e *excelizeRows) Close() error { return e.r.Close() }

func (e *excelizeRows) Columns() ([]string, error) {
	cols, err := e.r.Columns()
	if err != nil {
		return cols, err
	}
	for c, v := range cols {
		if v == "" || !isPlainNumber(v) {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(c+1, e.row)
		if t, _ := e.src.f.GetCellType(e.sheet, cell); t != excelize.CellTypeNumber && t != excelize.CellTypeUnset {
			continue
		}
		if id, err := e.src.f.GetCellStyle(e.sheet, cell); err == nil && e.src.dateStyle(id) {
			cols[c] = isoDate(v, e.src.date1904)
		}
	}
	return cols, nil
}

// dateStyle reports whether a cell style shows numbers as dates.
func (s *excelizeSource) dateStyle(id int) bool {
	if d, ok := s.dates[id]; ok {
		return d
	}
	d := false
	if st, err := s.f.GetStyle(id); err == nil && st != nil {
		d = st.CustomNumFmt != nil && IsDateFormat(*st.CustomNumFmt) || st.CustomNumFmt == nil && builtinDate(st.NumFmt)
	}
	if s.dates == nil {
		s.dates = map[int]bool{}
	}
	s.dates[id] = d
	return d
}

func (s *excelizeSource) rows(sheet string) (rowIter, error) {
	r, err := s.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &excelizeRows{r: r, src: s, sheet: sheet}, nil
}

func (s *excelizeSource) formula(sheet, cell string) (string, error) {
	return s.f.GetCellFormula(sheet, cell)
}

func (s *excelizeSource) anyFormula(sheet, cell string) (string, error) {
	return s.f.GetCellFormula(sheet, cell)
}

func (s *excelizeSource) value(sheet, cell string) (string, error) {
	return s.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
}

func (s *excelizeSource) isText(sheet, cell string) bool {
	t, err := s.f.GetCellType(sheet, cell)
	return err == nil && (t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString)
}

func (s *excelizeSource) calc(sheet, cell string) (string, error) {
	return s.f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
}
