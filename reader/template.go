package reader

import (
	"fmt"
	"os"
	"time"

	"github.com/xuri/excelize/v2"
)

// WriteTemplate writes a blank workbook for a year: a sheet with a header
// row (monthHeader, then one header per metric) and the twelve months of
// the year as real dates, with number formats set, ready to be typed in;
// and, when budgetSheet is not "", a sheet of that name laid out the same
// for the year's budget. It refuses to overwrite an existing file.
func WriteTemplate(path, sheet, monthHeader string, headers []string, year int, monthFormat, budgetSheet string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := templateSheet(f, sheet, monthHeader, headers, year, monthFormat); err != nil {
		return err
	}
	if budgetSheet != "" {
		if _, err := f.NewSheet(budgetSheet); err != nil {
			return err
		}
		if err := templateSheet(f, budgetSheet, monthHeader, headers, year, monthFormat); err != nil {
			return err
		}
	}
	// Created as a document, not a program: excelize's SaveAs asks for
	// 0777 (an executable workbook under the usual umask).
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.WriteTo(out); err != nil {
		out.Close()
		os.Remove(path)
		return err
	}
	return out.Close()
}

// templateSheet lays out one blank sheet of the template.
func templateSheet(f *excelize.File, sheet, monthHeader string, headers []string, year int, monthFormat string) error {
	head, _ := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"DDE4EE"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	})
	monthStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &monthFormat})
	number := `#,##0.00`
	numStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &number})
	all := append([]string{monthHeader}, headers...)
	for i, h := range all {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sheet, cell, h)
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, 16)
	}
	last, _ := excelize.CoordinatesToCellName(len(all), 1)
	f.SetCellStyle(sheet, "A1", last, head)
	f.SetRowHeight(sheet, 1, 32)
	for m := 1; m <= 12; m++ {
		cell := fmt.Sprintf("A%d", m+1)
		if err := f.SetCellValue(sheet, cell, time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)); err != nil {
			return err
		}
		f.SetCellStyle(sheet, cell, cell, monthStyle)
		if len(headers) > 0 {
			end, _ := excelize.CoordinatesToCellName(len(all), m+1)
			f.SetCellStyle(sheet, fmt.Sprintf("B%d", m+1), end, numStyle)
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, XSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
}
