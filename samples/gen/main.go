// Command gen writes samples/figures.xlsx, the sample workbook of a French
// bakery with an online shop: 30 months of figures with seasonality, a
// title above the table, real Excel dates in the month column, a notes
// column, a total row and a second sheet, as accountants' workbooks have.
//
//	go run ./samples/gen -o samples/figures.xlsx
//	go run ./samples/gen -journal 200000 -o big.xlsx   # a row-level sales journal
//	go run ./samples/gen -months 120 -o ten-years.xlsx # 10 years of monthly figures
//
// The figures come from a seeded generator, so the file is the same on
// every run.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"time"

	"github.com/xuri/excelize/v2"
)

type column struct {
	header string
	format string // number format
	width  float64
}

var columns = []column{
	{"Mois", `[$-40C]mmmm yyyy`, 15},
	{"CA HT", `#,##0.00\ "€"`, 13},
	{"Marge brute", `#,##0.00\ "€"`, 13},
	{"EBE", `#,##0.00\ "€"`, 12},
	{"Résultat net", `#,##0.00\ "€"`, 13},
	{"Dépenses marketing", `#,##0.00\ "€"`, 12},
	{"Nouveaux clients", `0`, 10},
	{"Clients début de mois", `0`, 10},
	{"Clients fin de mois", `0`, 10},
	{"Visiteurs site", `#,##0`, 10},
	{"Commandes en ligne", `0`, 10},
	{"Commandes", `#,##0`, 10},
	{"Sessions", `#,##0`, 10},
	{"Sessions engagées", `#,##0`, 10},
	{"Promoteurs", `0`, 9},
	{"Passifs", `0`, 9},
	{"Détracteurs", `0`, 9},
	{"Processus automatisés", `0`, 10},
	{"Processus automatisables", `0`, 10},
	{"Investissements", `#,##0.00\ "€"`, 12},
	{"Gains sur investissements", `#,##0.00\ "€"`, 12},
	{"Trésorerie", `#,##0.00\ "€"`, 13},
	{"Créances clients", `#,##0.00\ "€"`, 12},
	{"Échéances d'emprunt", `#,##0.00\ "€"`, 12},
	{"Commentaires", "", 28},
}

// seasonality of a bakery's sales by month, January first: quiet in
// January and August (holidays), strong at Easter and Christmas.
var seasonality = []float64{0.90, 0.93, 0.98, 1.04, 1.00, 0.99, 0.95, 0.80, 0.99, 1.01, 1.03, 1.26}

var notes = map[string]string{
	"2024-08": "Fermeture congés 2 semaines",
	"2025-03": "Lancement du site de commande en ligne v2",
	"2025-12": "Bûches de Noël : record",
	"2026-08": "Campagne Instagram peu efficace",
	"2026-09": "Hausse du prix du beurre",
	"2026-10": "Campagne réseaux sociaux + salon",
}

func main() {
	out := flag.String("o", "samples/figures.xlsx", "output file")
	journal := flag.Int("journal", 0, "write a row-level sales journal of this many rows instead")
	months := flag.Int("months", 30, "months of figures in the monthly workbook")
	flag.Parse()
	var err error
	if *journal > 0 {
		err = writeJournal(*out, *journal)
	} else {
		err = write(*out, *months)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func write(path string, months int) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Données"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	head, _ := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"DDE4EE"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	})
	f.SetCellValue(sheet, "A1", "Boulangerie Martin SARL — tableau de bord mensuel")
	f.SetCellStyle(sheet, "A1", "A1", title)
	f.MergeCell(sheet, "A1", "F1")
	f.SetCellValue(sheet, "A2", "Montants en euros hors taxes ; effectifs en nombre de clients")
	const headerRow = 4
	styles := make([]int, len(columns))
	for i, c := range columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		f.SetCellValue(sheet, cell, c.header)
		f.SetCellStyle(sheet, cell, cell, head)
		name, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, name, name, c.width)
		if c.format != "" {
			format := c.format
			styles[i], _ = f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		}
	}
	f.SetRowHeight(sheet, headerRow, 45)

	rng := rand.New(rand.NewPCG(2024, 5))
	noise := func(spread float64) float64 { return 1 + spread*(2*rng.Float64()-1) }
	// The last month is October 2026 whatever the length.
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-months, 0)
	customers := 1480.0
	cash := 61000.0
	row := headerRow + 1
	for i := 0; i < months; i++ {
		t := start.AddDate(0, i, 0)
		key := t.Format("2006-01")
		trend := 1 + 0.006*float64(i)
		revenue := round2(41500 * trend * seasonality[t.Month()-1] * noise(0.03))
		netRate := 0.088 * noise(0.12)
		marketing := round2(1900 * noise(0.15))
		newCust := math.Round(72 * trend * seasonality[t.Month()-1] * noise(0.12))
		visitors := math.Round(10500 * trend * seasonality[t.Month()-1] * noise(0.08))
		convRate := 0.031 * noise(0.10)
		// The months the sample is meant to show in trouble.
		switch key {
		case "2026-08":
			marketing, newCust, convRate = 3100, 55, 0.022
		case "2026-09":
			netRate = 0.052
		case "2026-10":
			netRate, marketing, newCust, convRate = 0.071, 2760, 71, 0.024
		}
		churn := math.Round(customers * 0.035 * noise(0.2))
		endCust := customers + newCust - churn
		orders := math.Round(revenue / (17.2 * noise(0.04)))
		sessions := math.Round(visitors * 1.45 * noise(0.05))
		engaged := math.Round(sessions * 0.57 * noise(0.06))
		respondents := math.Round(110 * noise(0.2))
		promoters := math.Round(respondents * 0.52 * noise(0.1))
		detractors := math.Round(respondents * 0.14 * noise(0.3))
		passives := respondents - promoters - detractors
		eligible := 40.0 + float64(i/6)
		automated := math.Min(eligible, math.Round(14+float64(i)*0.6*noise(0.2)))
		investment := 0.0
		if i%6 == 0 {
			investment = round2(9000 * noise(0.3))
		}
		gains := round2(1150 * trend * noise(0.2))
		ebitda := round2(revenue * (netRate + 0.045))
		debt := 1850.0
		cash = round2(cash + revenue*netRate + 900*noise(0.5) - investment*0.3)
		receivables := round2(revenue * 0.21 * noise(0.1))
		values := []any{
			t, revenue, round2(revenue * 0.62 * noise(0.02)), ebitda, round2(revenue * netRate), marketing,
			newCust, customers, endCust, visitors, math.Round(visitors * convRate), orders,
			sessions, engaged, promoters, passives, detractors, automated, eligible,
			investment, gains, cash, receivables, debt, notes[key],
		}
		for c, v := range values {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			if s, ok := v.(string); ok && s == "" {
				continue
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if styles[c] != 0 {
				f.SetCellStyle(sheet, cell, cell, styles[c])
			}
		}
		customers = endCust
		row++
	}
	// A total row, as accountants add one; the reader must skip it.
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetCellValue(sheet, fmt.Sprintf("A%d", row+1), "Total")
	f.SetCellStyle(sheet, fmt.Sprintf("A%d", row+1), fmt.Sprintf("A%d", row+1), bold)
	for c := 2; c <= 6; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		cell := fmt.Sprintf("%s%d", col, row+1)
		f.SetCellFormula(sheet, cell, fmt.Sprintf("SUM(%s%d:%s%d)", col, headerRow+1, col, row-1))
		f.SetCellStyle(sheet, cell, cell, styles[c-1])
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, XSplit: 1, TopLeftCell: "B5", ActivePane: "bottomRight"})

	readme, _ := f.NewSheet("Lisez-moi")
	_ = readme
	f.SetCellValue("Lisez-moi", "A1", "Saisir chaque mois une ligne dans la feuille Données, puis lancer kpireport.")
	f.SetActiveSheet(0)
	return f.SaveAs(path)
}

// writeJournal writes a sales journal, one row per sale, as accounting
// software exports it: date, customer, product, net sales, margin.
func writeJournal(path string, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"Date", "Client", "Produit", "Ventes HT", "Résultat", "Quantité", "Remarque"}); err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	rng := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	products := []string{"Baguette", "Croissant", "Pain au levain", "Tarte", "Entremets"}
	for i := 0; i < rows; i++ {
		day := start.AddDate(0, 0, i*1096/rows) // three years, in date order
		sale := round2(5 + 60*rng.Float64())
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		err := sw.SetRow(cell, []any{
			excelize.Cell{StyleID: style, Value: day}, fmt.Sprintf("C%05d", rng.IntN(5000)),
			products[rng.IntN(len(products))], sale, round2(sale * 0.09), 1 + rng.IntN(6), "",
		})
		if err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
