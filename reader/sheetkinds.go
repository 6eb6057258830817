package reader

// This file tells the sheets that never join the table: pivot tables,
// analyses and dashboards, by their name, their pivot table parts or the
// labels a pivot table writes.

import (
	"bytes"
	"path"
	"strings"
)

// sheetAnalysisWords are words of a sheet's name saying it analyses or shows
// figures kept elsewhere ("ANALYSE FAMILLES", "Revenue Pivot", "Tableau de
// bord"), written as fold returns them.
var sheetAnalysisWords = map[string]bool{
	"analyse": true, "analyses": true, "analysis": true, "pivot": true, "pivots": true, "tcd": true,
	"dashboard": true, "dashboards": true, "synthese": true, "syntheses": true, "synthesis": true,
	"graphique": true, "graphiques": true, "graph": true, "graphs": true, "chart": true, "charts": true,
}

// analysisPhrases are names of several words saying the same.
var analysisPhrases = []string{"tableau de bord", "tableaux de bord", "tableau croise"}

// isAnalysisSheet reports whether a sheet's name says it is an analysis,
// a pivot or a dashboard.
func isAnalysisSheet(sheet string) bool {
	f := fold(sheet)
	for _, w := range strings.Fields(f) {
		if sheetAnalysisWords[w] {
			return true
		}
	}
	for _, p := range analysisPhrases {
		if strings.Contains(" "+f+" ", " "+p+" ") {
			return true
		}
	}
	return false
}

// pivotFinder is a source that knows which sheets hold a pivot table.
type pivotFinder interface {
	hasPivot(sheet string) bool
}

// isPivotSheet reports whether a sheet holds a pivot table, as its source
// tells.
func isPivotSheet(src rowSource, sheet string) bool {
	p, ok := src.(pivotFinder)
	return ok && p.hasPivot(sheet)
}

// pivotLabelWords are the labels a pivot table writes above its figures
// (Excel's and LibreOffice's, in English and French), as fold returns
// them.
var pivotLabelWords = map[string]bool{
	"row labels": true, "column labels": true, "etiquettes de lignes": true, "etiquettes de colonnes": true,
}

// pivotLabels reports whether the first rows of a sheet hold a pivot
// table's labels: a pivot's figures pasted as values.
func pivotLabels(grid [][]string) bool {
	for _, row := range grid {
		for _, c := range row {
			if c != "" && len(c) < 40 && pivotLabelWords[fold(c)] {
				return true
			}
		}
	}
	return false
}

// hasPivot reports whether a worksheet's relationships name a pivot table.
func (s *zipSource) hasPivot(sheet string) bool {
	sh, ok := s.sheet(sheet)
	if !ok {
		return false
	}
	dir, name := path.Split(sh.path)
	rels := path.Join(dir, "_rels", name+".rels")
	if s.file(rels) == nil {
		return false
	}
	data, err := s.readAll(rels)
	return err == nil && bytes.Contains(data, []byte("relationships/pivotTable\""))
}

// hasPivot reports whether a sheet of an encrypted workbook holds a pivot
// table.
func (s *excelizeSource) hasPivot(sheet string) bool {
	pivots, err := s.f.GetPivotTables(sheet)
	return err == nil && len(pivots) > 0
}
