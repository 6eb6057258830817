#!/usr/bin/env python3
"""Writes the reader's test workbooks the way real tools write them.

openpyxl (Debian: python3-openpyxl) writes shared strings, real dates with
number formats, numbers stored as text and formulas *without* cached values;
LibreOffice (Debian: libreoffice-calc-nogui) re-saves some of them, adding
cached values as Excel does, and writes the legacy .xls fixture.

Each good_*.xlsx gets a good_*.expect.json: the months and figures the
reader must find, as this script wrote them (not as the reader reads them).

    cd reader/testdata && python3 make_fixtures.py                  # all of them
    cd reader/testdata && python3 make_fixtures.py sheet_per_year   # one
"""
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl

NBSP, NNBSP = "\u00a0", "\u202f"


def save(wb, name, expect=None):
    wb.save(name)
    if expect is not None:
        write_expect(name, expect)


def write_expect(name, expect):
    with open(os.path.splitext(name)[0] + ".expect.json", "w") as f:
        json.dump(expect, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def save_by_libreoffice(wb, name, expect):
    """Saves wb with openpyxl, then has LibreOffice open it and save it again
    as an office suite writes files (shared strings, cached formula values,
    its own styles), and writes the expectation."""
    tmp = tempfile.mkdtemp()
    src = os.path.join(tmp, name)
    wb.save(src)
    libreoffice(src, name, "xlsx")
    shutil.rmtree(tmp)
    write_expect(name, expect)


def fr_text_numbers():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws["A1"] = "SARL Dupont — suivi mensuel"
    ws.merge_cells("A1:D1")
    ws["A2"] = "Montants en euros"
    ws.append([])
    ws.append(["Mois", "CA HT", "Résultat net", "Nb nouveaux clients", "Commentaire"])
    rows = [
        ("janv. 2025", "12" + NBSP + "345,67", "1 234,56", "12", "soldes"),
        ("févr. 2025", "13" + NNBSP + "000,10 €", "(1 234)", "8", None),
        ("mars 2025", 14000.5, "-1 234 €", 10, "note: beurre +8 %"),
        ("avril 2025", "15 000", "2 500,00 €", " 9 ", None),
    ]
    for r in rows:
        ws.append(list(r))
    ws.append([])
    ws.append(["Total", "=SUM(B5:B8)", "=SUM(C5:C8)", "=SUM(D5:D8)"])
    ws.append(["Moyenne", 13586.57, 316.39, 9.75])
    save(wb, "good_fr_text_numbers.xlsx", {
        "sheet": "Données",
        "months": ["2025-01", "2025-02", "2025-03", "2025-04"],
        "figures": {
            "revenue": {"2025-01": 12345.67, "2025-02": 13000.10, "2025-03": 14000.5, "2025-04": 15000},
            "net_income": {"2025-01": 1234.56, "2025-02": -1234, "2025-03": -1234, "2025-04": 2500},
            "new_customers": {"2025-01": 12, "2025-02": 8, "2025-03": 10, "2025-04": 9},
        },
        "refs": {"revenue/2025-02": "Données!B6", "net_income/2025-04": "Données!C8"},
        "warnings": [],
    })


def transposed():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Synthèse"
    ws.append(["Tableau de bord 2025"])
    ws.append([])
    ws.append(["Indicateur", "janvier 2025", "février 2025", "mars 2025", "Total T1"])
    ws.append(["Chiffre d'affaires", 10000, 11000, 12500, 33500])
    ws.append(["Résultat net", 800, 950.25, 1100, 2850.25])
    ws.append(["Dépenses marketing", 500, 520, 480, 1500])
    save(wb, "good_transposed.xlsx", {
        "sheet": "Synthèse",
        "months": ["2025-01", "2025-02", "2025-03"],
        "figures": {
            "revenue": {"2025-01": 10000, "2025-02": 11000, "2025-03": 12500},
            "net_income": {"2025-01": 800, "2025-02": 950.25, "2025-03": 1100},
            "marketing_costs": {"2025-01": 500, "2025-02": 520, "2025-03": 480},
        },
        "refs": {"net_income/2025-02": "Synthèse!C5"},
        "warnings": [],
    })


def title_year():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Exercice"
    ws["A1"] = "Chiffres de l'exercice 2024"
    ws.append([])
    ws.append(["Mois", "Ventes", "Bénéfice"])
    names = ["Octobre", "Novembre", "Décembre", "Janvier", "Février"]
    values = [(9000, 700), (9500, 720), (14000, 1500), (8000, 300), (8200, 410)]
    for n, (v, p) in zip(names, values):
        ws.append([n, v, p])
    save(wb, "good_title_year.xlsx", {
        "sheet": "Exercice",
        "months": ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02"],
        "figures": {"revenue": {"2024-12": 14000, "2025-01": 8000}, "net_income": {"2025-02": 410}},
        "refs": {},
        "warnings": [],
    })


def sheet_per_year():
    """One sheet per year, newest first, month names only (the year is in
    the sheet's name), the current year's later months listed but empty, a
    budget sheet and a chart sheet; saved again by LibreOffice below."""
    wb = openpyxl.Workbook()
    names = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
             "Septembre", "Octobre", "Novembre", "Décembre"]
    figures = {"revenue": {}, "net_income": {}}
    refs = {}
    for i, (title, filled) in enumerate([("2026", 3), ("2025", 12), ("Budget 2026", 12)]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append(["Mois", "CA HT", "Résultat net", "Remarques"])
        year = title[-4:]
        for m, name in enumerate(names, start=1):
            if m > filled:
                ws.append([name])
                continue
            rev = round(20000 + 1000 * i + 137.25 * m, 2)
            ws.append([name, rev, f"=ROUND(B{m + 1}*0.08,2)"])
            if not title.startswith("Budget"):
                key = f"{year}-{m:02d}"
                figures["revenue"][key] = rev
                figures["net_income"][key] = round(rev * 0.08, 2)
                refs[f"revenue/{key}"] = f"'{title}'!B{m + 1}"
    wb.create_sheet("Graphique")["A1"] = "Évolution du chiffre d'affaires"
    save_by_libreoffice(wb, "good_sheet_per_year.xlsx", {
        "sheet": "2026, 2025", "months": sorted(figures["revenue"]), "figures": figures, "refs": refs, "warnings": []})


def thousands():
    """A management table kept in k€: the unit in a merged title, one column
    with its own unit (€), counts untouched; saved again by LibreOffice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tableau de bord"
    ws["A1"] = "SAS Lefèvre — montants en milliers d'euros"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["Mois", "CA HT", "Résultat net", "Panier moyen (€)", "Nouveaux clients"])
    rows = [(dt.datetime(2025, 1, 1), 49.78084, 3.53444, 17.3, 71),
            (dt.datetime(2025, 2, 1), 51.2, "4,1", 18.05, 64)]
    for r in rows:
        ws.append(list(r))
        ws.cell(row=ws.max_row, column=1).number_format = "mmm-yy"
        ws.cell(row=ws.max_row, column=2).number_format = "#,##0.000"
    save_by_libreoffice(wb, "good_thousands.xlsx", {"sheet": "Tableau de bord", "months": ["2025-01", "2025-02"],
                   "figures": {"revenue": {"2025-01": 49780.84, "2025-02": 51200},
                               "net_income": {"2025-01": 3534.44, "2025-02": 4100},
                               "new_customers": {"2025-01": 71, "2025-02": 64}},
                   "refs": {"revenue/2025-01": "'Tableau de bord'!B4"}, "warnings": []})


def transposed_years():
    """A sheet per year with one month per column, a Total column, the
    year only in the sheet's name and the unit (k€) in a title; saved again
    by LibreOffice (the totals get cached values)."""
    wb = openpyxl.Workbook()
    names = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
             "Septembre", "Octobre", "Novembre", "Décembre"]
    figures = {"revenue": {}, "new_customers": {}}
    for i, (year, filled) in enumerate([("2026", 4), ("2025", 12)]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = year
        ws.append(["Suivi mensuel (k€)"])
        ws.append([])
        ws.append(["Indicateur"] + names + ["Total"])
        rev = [round(40 + 1.5 * k + 3 * i, 3) for k in range(filled)]
        new = [50 + k for k in range(filled)]
        ws.append(["CA HT"] + rev + [None] * (12 - filled) + ["=SUM(B4:M4)"])
        ws.append(["Nouveaux clients"] + new + [None] * (12 - filled) + ["=SUM(B5:M5)"])
        for k in range(filled):
            key = f"{year}-{k + 1:02d}"
            figures["revenue"][key] = round(rev[k] * 1000, 2)
            figures["new_customers"][key] = new[k]
    save_by_libreoffice(wb, "good_transposed_years.xlsx", {"sheet": "2026, 2025", "months": sorted(figures["revenue"]), "figures": figures,
                   "refs": {"revenue/2026-04": "'2026'!E4", "revenue/2025-12": "'2025'!M4"}, "warnings": []})


def pnl():
    """A monthly profit and loss statement as accountants lay it out: months
    across as real dates (mmm-yy), the table from B6, charges as negative
    numbers with a euro format, subtotals as formulas, a Cumul column and a
    '% CA' column; saved again by LibreOffice (cached values)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CR mensuel"
    ws["B2"] = "Compte de résultat mensuel — exercice 2025-2026"
    ws["B4"] = "En euros"
    months = [dt.datetime(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(7, 19)]
    for j, v in enumerate(["Poste"] + months + ["Cumul", "% CA"]):
        c = ws.cell(row=6, column=2 + j, value=v)
        if isinstance(v, dt.datetime):
            c.number_format = "mmm-yy"
    lines = [("Chiffre d'affaires", [50000 + 1000.5 * k for k in range(12)]),
             ("Achats consommés", [-20000 - 300.25 * k for k in range(12)]),
             ("Marge brute", "={c}7+{c}8"),
             ("Charges externes", [-8000] * 12),
             ("Dépenses marketing", [-2500 + 10 * k for k in range(12)]),
             ("Salaires", [-12000] * 12),
             ("EBE", "={c}9+{c}10+{c}11+{c}12"),
             ("Résultat net", [3000 + 200 * k for k in range(12)]),
             ("Nouveaux clients", [60 + k for k in range(12)])]
    figures = {"revenue": {}, "cogs": {}, "gross_profit": {}, "marketing_costs": {}, "ebitda": {}, "new_customers": {}}
    for i, (name, vals) in enumerate(lines):
        r = 7 + i
        ws.cell(row=r, column=2, value=name)
        for k in range(12):
            col = openpyxl.utils.get_column_letter(3 + k)
            if isinstance(vals, str):
                ws.cell(row=r, column=3 + k, value=vals.format(c=col))
            else:
                ws.cell(row=r, column=3 + k, value=vals[k]).number_format = '#,##0.00 €'
        ws.cell(row=r, column=15, value=f"=SUM(C{r}:N{r})")
        ws.cell(row=r, column=16, value=f"=O{r}/O7")
    for k, m in enumerate(months):
        key = m.strftime("%Y-%m")
        rev, cogs, mkt = 50000 + 1000.5 * k, 20000 + 300.25 * k, 2500 - 10 * k
        figures["revenue"][key] = rev
        figures["cogs"][key] = cogs  # written negative, read as the cost
        figures["gross_profit"][key] = rev - cogs
        figures["marketing_costs"][key] = mkt
        figures["ebitda"][key] = round(rev - cogs - 8000 - mkt - 12000, 2)
        figures["new_customers"][key] = 60 + k
    save_by_libreoffice(wb, "good_pnl.xlsx", {"sheet": "CR mensuel", "months": sorted(figures["revenue"]), "figures": figures,
                   "refs": {"revenue/2026-06": "'CR mensuel'!N7", "ebitda/2025-07": "'CR mensuel'!C13"},
                   "warnings": [
                       "'CR mensuel'!B8: every figure of \"Achats consommés\" is negative (charges written as negatives), read as positive amounts",
                       "'CR mensuel'!B11: every figure of \"Dépenses marketing\" is negative (charges written as negatives), read as positive amounts"]})


def quickbooks():
    """A 'Profit and Loss by Month' as QuickBooks and Xero export it: titles,
    months across as text, indented lines under section titles, 'Total
    Income' summing them, totals as formulas; saved again by LibreOffice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Profit and Loss"
    for line in (["Acme Ltd"], ["Profit and Loss"], ["January - June 2025"], []):
        ws.append(line)
    ws.append(["", "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025", "Total"])
    sales = [10000, 11000, 12000, 11500, 12500, 13000.5]
    services = [2000, 2100, 2200, 2300, 2400, 2500]
    cogs = [4000, 4400, 4800, 4600, 5000, 5200.25]
    ads = [800, 900, 850, 950, 1000, 1100]
    cols = "BCDEFG"
    ws.append(["Income"])
    ws.append(["   Sales"] + sales + ["=SUM(B7:G7)"])
    ws.append(["   Services"] + services + ["=SUM(B8:G8)"])
    ws.append(["Total Income"] + [f"={c}7+{c}8" for c in cols] + ["=SUM(B9:G9)"])
    ws.append(["Cost of Goods Sold"] + cogs + ["=SUM(B10:G10)"])
    ws.append(["Gross Profit"] + [f"={c}9-{c}10" for c in cols] + ["=SUM(B11:G11)"])
    ws.append(["Expenses"])
    ws.append(["   Advertising & Marketing"] + ads + ["=SUM(B13:G13)"])
    ws.append(["   Rent"] + [1500] * 6 + ["=SUM(B14:G14)"])
    ws.append(["Total Expenses"] + [f"={c}13+{c}14" for c in cols] + ["=SUM(B15:G15)"])
    ws.append(["Net Income"] + [f"={c}11-{c}15" for c in cols] + ["=SUM(B16:G16)"])
    months = [f"2025-{m:02d}" for m in range(1, 7)]
    income = [a + b for a, b in zip(sales, services)]
    gross = [i - c for i, c in zip(income, cogs)]
    net = [g - a - 1500 for g, a in zip(gross, ads)]
    save_by_libreoffice(wb, "good_quickbooks.xlsx", {"sheet": "Profit and Loss", "months": months,
                   "figures": {"revenue": dict(zip(months, income)), "cogs": dict(zip(months, cogs)),
                               "gross_profit": dict(zip(months, gross)), "net_income": dict(zip(months, net)),
                               "marketing_costs": dict(zip(months, ads))},
                   "refs": {"revenue/2025-06": "'Profit and Loss'!G9"},
                   "warnings": ["'Profit and Loss'!A7: \"Sales\" also looks like revenue; \"Total Income\" is used (choose with workbook.metrics)"]})


def errors_placeholders():
    """Placeholders and error values as a dashboard holds them: 'NC' and =NA()
    for a figure not available, formulas prefilled for the months to come that
    show #DIV/0! until they are filled in; saved by LibreOffice, which caches
    the error values (t="e")."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    ws.append(["Mois", "CA HT", "Commandes", "Valeur vie client"])
    for m in range(1, 7):
        r = m + 1
        if m <= 3:
            ws.append([f"2026-{m:02d}", 20000 + 500 * m, "NC" if m == 2 else 800 + 10 * m,
                       "=NA()" if m == 2 else 240])
        else:
            ws.append([f"2026-{m:02d}", None, None, f"=B{r}/C{r}"])
    save_by_libreoffice(wb, "good_errors.xlsx", {
        "sheet": "Suivi", "months": ["2026-01", "2026-02", "2026-03"],
        "figures": {"revenue": {"2026-01": 20500, "2026-02": 21000, "2026-03": 21500},
                    "orders": {"2026-01": 810, "2026-03": 830}, "clv": {"2026-01": 240, "2026-03": 240}},
        "refs": {}, "warnings": ["Suivi!D3: #N/A, read as no figure"]})


def ods():
    """LibreOffice's own format (.ods), read as well as .xlsx: fixtures saved
    again as .ods by LibreOffice must read the same."""
    for name in ["transposed", "fr_text_numbers", "english_dates", "title_year", "row_level", "sheet_per_year",
                 "thousands", "pnl", "quickbooks", "errors", "libreoffice"]:
        libreoffice(f"good_{name}.xlsx", f"good_{name}_lo.ods", "ods")
        with open(f"good_{name}.expect.json") as f:
            write_expect(f"good_{name}_lo.ods", json.load(f))


def formulas_nocache():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Month", "Revenue", "COGS", "Gross profit", "Net income"])
    for i, rev in enumerate([20000, 22000, 21000]):
        r = i + 2
        ws.append([dt.datetime(2025, i + 1, 1), rev, rev * 0.6, f"=B{r}-C{r}", f"=D{r}*0.25"])
        ws.cell(row=r, column=1).number_format = "mmm yyyy"
    save(wb, "good_formulas_nocache.xlsx", {
        "sheet": "Data",
        "months": ["2025-01", "2025-02", "2025-03"],
        "figures": {
            "gross_profit": {"2025-01": 8000, "2025-02": 8800, "2025-03": 8400},
            "net_income": {"2025-01": 2000, "2025-02": 2200, "2025-03": 2100},
        },
        "refs": {"gross_profit/2025-02": "Data!D3"},
        "warnings": [],
    })


def english_dates():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(["Period", " Sales", "Net Income", "Marketing Spend", "New Customers", "Notes"])
    vals = [("1,234.56", 100), ("2,345.67", 200), (3456.78, "300")]
    for i, (s, n) in enumerate(vals):
        ws.append([dt.date(2024, 11 + i, 28) if i < 2 else dt.date(2025, 1, 31), s, n, 50, 5, "ok"])
        ws.cell(row=i + 2, column=1).number_format = "dd/mm/yyyy"
    # January 2025 is 2025-01 via 2024-11 + 2: missing December? no: rows are Nov, Dec, Jan.
    save(wb, "good_english_dates.xlsx", {
        "sheet": "Figures",
        "months": ["2024-11", "2024-12", "2025-01"],
        "figures": {"revenue": {"2024-11": 1234.56, "2024-12": 2345.67, "2025-01": 3456.78},
                    "net_income": {"2025-01": 300}},
        "refs": {},
        "warnings": [],
    })


def missing_month():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA", "Résultat"])
    for m, v in [("2025-01", 100), ("2025-02", 110), ("2025-04", 130), ("2025-05", None), ("2025-06", None)]:
        ws.append([m, v, v and v / 10])
    save(wb, "good_missing_month.xlsx", {
        "sheet": "Données",
        "months": ["2025-01", "2025-02", "2025-04"],
        "figures": {"revenue": {"2025-04": 130}},
        "refs": {},
        "warnings": ["2025-03: missing month"],
    })


def row_level():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Journal"
    ws.append(["Date", "Client", "Ventes", "Profit"])
    sales = [
        (dt.date(2025, 1, 3), "A", 100.10, 10.01), (dt.date(2025, 1, 17), "B", 200.20, 20.02),
        (dt.date(2025, 1, 31), "C", 0.30, 0.03), (dt.date(2025, 2, 1), "A", 1000, 100),
        (dt.date(2025, 2, 14), "D", 999.99, 99.99), (dt.date(2025, 3, 9), "B", 50, 5),
        (dt.date(2025, 3, 10), "B", 50, 5),
    ]
    for d, c, s, p in sales:
        ws.append([d, c, s, p])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    save(wb, "good_row_level.xlsx", {
        "sheet": "Journal",
        "months": ["2025-01", "2025-02", "2025-03"],
        "figures": {"revenue": {"2025-01": 300.60, "2025-02": 1999.99, "2025-03": 100},
                    "net_income": {"2025-01": 30.06, "2025-02": 199.99, "2025-03": 10}},
        "refs": {"revenue/2025-01": "Journal!C2…C4"},
        "warnings": ["Journal: 7 rows summed into 3 months (one row per sale or entry)"],
    })


def two_level_headers():
    """Group headers merged over sub-headers, and headers merged down over
    both header rows, as accountants lay out customer counts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    ws.append(["Tableau de bord 2025"])
    ws.append(["Mois", "CA HT", "Clients", None, None, "Commentaire"])
    ws.append([None, None, "début", "fin", "nouveaux", None])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:E2")
    ws.merge_cells("F2:F3")
    ws.append(["janv. 2025", 10000, 1000, 1010, 60, "RAS"])
    ws.append(["févr. 2025", 11000, 1010, 1030, 45, None])
    save(wb, "good_two_level_headers.xlsx", {
        "sheet": "Suivi",
        "months": ["2025-01", "2025-02"],
        "figures": {
            "revenue": {"2025-01": 10000, "2025-02": 11000},
            "customers_start": {"2025-01": 1000, "2025-02": 1010},
            "customers_end": {"2025-01": 1010, "2025-02": 1030},
            "new_customers": {"2025-01": 60, "2025-02": 45},
        },
        "refs": {"customers_end/2025-02": "Suivi!D5"},
        "warnings": [],
    })


def fail_not_number():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    ws.append(["2025-01", 1000, 100])
    ws.append(["2025-02", 1100, "12,5x"])
    wb.save("fail_not_number.xlsx")


def fail_duplicate_month():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    for m in ["2025-01", "2025-02", "2025-03", "2025-03", "2025-04"]:
        ws.append([m, 1000, 100])
    wb.save("fail_duplicate_month.xlsx")


def fail_no_table():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws["A1"] = "Réunion du 12 mars"
    ws["A2"] = "Rien à signaler"
    wb.save("fail_no_table.xlsx")


# Issue 12, "never a confident wrong report": each wrong reading the issue
# lists, written by the tool that wrote it (openpyxl, xlsxwriter,
# LibreOffice), with the outcome worked out by hand.

def thousands_by_convention():
    """46.920 typed as text: 46 920 in a sheet whose text numbers write
    decimals with a comma, 46.92 in one writing them with a point; a
    number stored as a number (2.125) reads as stored whatever the sheet."""
    names = ["2025-09", "2025-10", "2025-11"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    # "1 234,56" and "3 120,5" show the decimal comma; so "46.920" is
    # 46 920 (a point grouping thousands), and the number 2.125 stays 2.125.
    for m, ca, rn in zip(names, ["41 234,56", 43810, "46.920"], ["3 120,5", 2.125, 3010]):
        ws.append([m, ca, rn])
    save(wb, "good_thousands_comma.xlsx", {
        "sheet": "Données", "months": names,
        "figures": {"revenue": {"2025-09": 41234.56, "2025-10": 43810, "2025-11": 46920},
                    "net_income": {"2025-09": 3120.5, "2025-10": 2.125, "2025-11": 3010}},
        "refs": {"revenue/2025-11": "Données!B4"}, "warnings": []})
    libreoffice("good_thousands_comma.xlsx", "good_thousands_comma_lo.ods", "ods")
    write_expect("good_thousands_comma_lo.ods", json.load(open("good_thousands_comma.expect.json")))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(["Month", "Revenue", "Net income"])
    # "41,234.56" shows the decimal point; so "46.920" is 46.92 and
    # "46,920" is 46 920 (a comma grouping thousands).
    for m, ca, rn in zip(names, ["41,234.56", "46,920", "46.920"], [3120.5, "2,125", 3010]):
        ws.append([m, ca, rn])
    save(wb, "good_thousands_point.xlsx", {
        "sheet": "Figures", "months": names,
        "figures": {"revenue": {"2025-09": 41234.56, "2025-10": 46920, "2025-11": 46.92},
                    "net_income": {"2025-09": 3120.5, "2025-10": 2125, "2025-11": 3010}},
        "refs": {}, "warnings": []})

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    # Every figure a number but November's turnover, typed "46.920": the
    # sheet shows no decimal separator, so the point before three digits
    # groups thousands (46 920, as amounts are written) and a warning names
    # the cell.
    for m, ca, rn in zip(names, [41234.56, 43810, "46.920"], [3120.5, 2980, 3010]):
        ws.append([m, ca, rn])
    save(wb, "good_thousands_unknown.xlsx", {
        "sheet": "Données", "months": names,
        "figures": {"revenue": {"2025-11": 46920}},
        "refs": {}, "warnings": ['Données!B4: "46.920" read as 46920, the point or comma before three digits '
                                 'grouping thousands, as no text number of the sheet shows its decimal separator '
                                 '(cells read so: 1); type the figure as a number to be sure']})


def blank_middle_month():
    """A year prefilled by init: every month listed, May left blank between
    April and June, October to December not typed yet. May is missing (a
    gap and a warning); October to December are not data yet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    figures = {"revenue": {}, "net_income": {}}
    for m in range(1, 13):
        key = f"2025-{m:02d}"
        if m == 5 or m >= 10:
            ws.append([key])
            continue
        rev = 40000 + 1000 * m
        ws.append([key, rev, rev // 10])
        figures["revenue"][key] = rev
        figures["net_income"][key] = rev // 10
    expect = {"sheet": "Données", "months": sorted(figures["revenue"]), "figures": figures,
              "refs": {}, "warnings": ["2025-05: missing month"]}
    save(wb, "good_blank_middle_month.xlsx", expect)
    libreoffice("good_blank_middle_month.xlsx", "good_blank_middle_month_lo.ods", "ods")
    write_expect("good_blank_middle_month_lo.ods", expect)


def xlsxwriter_formulas():
    """xlsxwriter writes every formula's cached value as 0 and sets
    fullCalcOnLoad: gross profit and net income are computed, not read as 0.
    November and December are prefilled with the formulas over blank
    inputs: no figures, not the latest month. The same table written by
    openpyxl and saved by LibreOffice (which computes formulas without a
    value on load, but keeps xlsxwriter's stale 0s) holds cached 0s in
    those months, which are not figures either."""
    import xlsxwriter
    wb = xlsxwriter.Workbook("good_xlsxwriter_formulas.xlsx")
    ws = wb.add_worksheet("Suivi")
    month = wb.add_format({"num_format": "mmm yyyy"})
    ws.write_row(0, 0, ["Mois", "CA HT", "Achats", "Marge brute", "Résultat net"])
    figures = {"revenue": {}, "gross_profit": {}, "net_income": {}}
    for m in range(1, 13):
        r = m  # 0-based row; the sheet's row r + 1
        ws.write_datetime(r, 0, dt.datetime(2025, m, 1), month)
        if m <= 10:
            rev, buy = 30000 + 500 * m, 12000 + 100 * m
            ws.write_number(r, 1, rev)
            ws.write_number(r, 2, buy)
            key = f"2025-{m:02d}"
            figures["revenue"][key] = rev
            figures["gross_profit"][key] = rev - buy          # 18 000 + 400 m
            figures["net_income"][key] = (rev - buy) * 0.25   # 4 500 + 100 m
        ws.write_formula(r, 3, f"=B{r + 1}-C{r + 1}")
        ws.write_formula(r, 4, f"=D{r + 1}*0.25")
    wb.close()
    expect = {"sheet": "Suivi", "months": sorted(figures["revenue"]), "figures": figures,
              "refs": {"gross_profit/2025-10": "Suivi!D11"}, "warnings": []}
    write_expect("good_xlsxwriter_formulas.xlsx", expect)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    ws.append(["Mois", "CA HT", "Achats", "Marge brute", "Résultat net"])
    for m in range(1, 13):
        r = m + 1
        rev, buy = (30000 + 500 * m, 12000 + 100 * m) if m <= 10 else (None, None)
        ws.append([dt.datetime(2025, m, 1), rev, buy, f"=B{r}-C{r}", f"=D{r}*0.25"])
        ws.cell(row=r, column=1).number_format = "mmm yyyy"
    save_by_libreoffice(wb, "good_formulas_blank_lo.xlsx", expect)


def plain_numbers_not_dates():
    """A balance sheet first, its amounts in General format (55 694,736 is
    a serial number of June 2052): not a table of months, so the monthly
    table on the next sheet is read. And a month column headed "Mois"
    holding dates' serial numbers without a date format (xlsxwriter's
    write_number), which are months there."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bilan"
    ws.append(["Bilan au 31 décembre 2025"])
    ws.append(["Poste", "Montant", "Résultat net", "Trésorerie"])
    for row in [("Immobilisations", 55694.736, 21000.5, 48211.2), ("Stocks", 48211.2, 19880, 30154.9),
                ("Créances clients", 30154.9, 20100, 25301.15), ("Dettes fournisseurs", 25301.15, 18000, 55694.736)]:
        ws.append(list(row))
    ws2 = wb.create_sheet("Suivi")
    ws2.append(["Mois", "CA HT", "Résultat net"])
    for m in range(1, 4):
        ws2.append([dt.datetime(2025, m, 1), 40000 + m, 4000 + m])
        ws2.cell(row=m + 1, column=1).number_format = "mmm-yy"
    save(wb, "good_balance_sheet_first.xlsx", {
        "sheet": "Suivi", "months": ["2025-01", "2025-02", "2025-03"],
        "figures": {"revenue": {"2025-01": 40001, "2025-03": 40003}, "net_income": {"2025-02": 4002}},
        "refs": {}, "warnings": []})

    import xlsxwriter
    wb = xlsxwriter.Workbook("good_serial_months_headed.xlsx")
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Month", "Revenue", "Net income"])
    # 45658 is 2025-01-01, 45689 2025-02-01, 45717 2025-03-01 (days since
    # 1899-12-30), written as plain numbers in General format.
    for r, (serial, rev) in enumerate([(45658, 1000), (45689, 1100), (45717, 1200)], start=1):
        ws.write_row(r, 0, [serial, rev, rev / 10])
    wb.close()
    write_expect("good_serial_months_headed.xlsx", {
        "sheet": "Data", "months": ["2025-01", "2025-02", "2025-03"],
        "figures": {"revenue": {"2025-01": 1000, "2025-02": 1100, "2025-03": 1200}},
        "refs": {}, "warnings": []})


def damaged_sheets():
    """A sheet cut short inside a zip that is itself sound: cut in the
    middle of a row, and cut just after a row (the XML stops before
    </sheetData>); and a sheet whose stored bytes no longer match their
    checksum (one digit changed). Each is an error naming the sheet."""
    import zipfile
    with zipfile.ZipFile("good_blank_middle_month.xlsx") as src:
        items = [(i, src.read(i.filename)) for i in src.infolist()]
    sheet = "xl/worksheets/sheet1.xml"

    def rewrite(name, change, compress=zipfile.ZIP_DEFLATED):
        with zipfile.ZipFile(name, "w", compress) as dst:
            for item, data in items:
                dst.writestr(item.filename, change(data) if item.filename == sheet else data)

    def mid_row(data):
        i = data.index(b'<row r="8"')
        return data[: i + 40]

    def after_row(data):
        return data[: data.index(b"</row>", data.index(b'<row r="8"')) + len(b"</row>")]

    rewrite("fail_cut_mid_row.xlsx", mid_row)
    rewrite("fail_cut_after_row.xlsx", after_row)
    rewrite("fail_checksum.xlsx", lambda d: d, zipfile.ZIP_STORED)
    with open("fail_checksum.xlsx", "rb") as f:
        data = bytearray(f.read())
    i = data.index(b"<v>46000</v>")  # June's turnover (40 000 + 1 000 × 6)
    data[i + 4] = ord("9")             # 49000: the CRC-32 no longer matches
    with open("fail_checksum.xlsx", "wb") as f:
        f.write(data)


def many_bad_cells():
    """Thirteen cells that are not numbers (B2..B8, C2..C7): one run names
    the first ten in the sheet's order (B2 C2 B3 C3 ... B6 C6) and counts
    the three more (B7 C7 B8)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Mois", "CA HT", "Résultat net"])
    for m in range(1, 13):
        # Rows 2..13; B holds "12,5x"-like typos in months 1..7, C in 1..6.
        ws.append([f"2025-{m:02d}",
                   f"{m}0 000x" if m <= 7 else 40000, f"{m}00y" if m <= 6 else 4000])
    wb.save("fail_many_bad_cells.xlsx")


def libreoffice(src, dst, fmt):
    """Re-save src with LibreOffice (headless) as dst in format fmt."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--calc", "--convert-to", fmt, "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, HOME=tmp))
        out = os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + "." + fmt.split(":")[0])
        shutil.move(out, dst)


def financial_sample():
    """Monthly sums of Microsoft's financial sample, computed here with
    openpyxl from the 700 rows, to check the reader's sums a second way."""
    src = os.path.join("..", "..", "..", "shared", "workbooks", "financial-sample.xlsx")
    ws = openpyxl.load_workbook(src, data_only=True)["Sheet1"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    date_i, sales_i, profit_i = header.index("Date"), header.index(" Sales"), header.index("Profit")
    sums = {}
    for r in rows:
        if r[date_i] is None:
            continue
        key = r[date_i].strftime("%Y-%m")
        s = sums.setdefault(key, {"revenue": 0.0, "net_income": 0.0, "rows": 0})
        s["revenue"] += r[sales_i]
        s["net_income"] += r[profit_i]
        s["rows"] += 1
    months = sorted(sums)
    with open("financial_sample.expect.json", "w") as f:
        json.dump({
            "sheet": "Sheet1",
            "months": months,
            "figures": {
                "revenue": {m: round(sums[m]["revenue"], 2) for m in months},
                "net_income": {m: round(sums[m]["net_income"], 2) for m in months},
            },
            "rows": sum(sums[m]["rows"] for m in months),
        }, f, indent=1, sort_keys=True)
        f.write("\n")


def zip_bomb():
    """A valid workbook plus 320 MiB of zeros in one entry (the reader's
    limit is 256 MiB): about 320 KB on disk."""
    import zipfile
    with zipfile.ZipFile("good_transposed.xlsx") as src, \
            zipfile.ZipFile("hostile_zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        with dst.open("xl/media/bomb.bin", "w", force_zip64=True) as f:
            zeros = bytes(1 << 20)
            for _ in range(320):
                f.write(zeros)


def main():
    financial_sample()
    fr_text_numbers()
    transposed()
    title_year()
    formulas_nocache()
    english_dates()
    missing_month()
    row_level()
    two_level_headers()
    sheet_per_year()
    thousands()
    transposed_years()
    pnl()
    quickbooks()
    errors_placeholders()
    fail_not_number()
    fail_duplicate_month()
    fail_no_table()
    # LibreOffice re-saves: cached formula values, its own styles and strings.
    libreoffice("good_formulas_nocache.xlsx", "good_libreoffice.xlsx", "xlsx")
    with open("good_formulas_nocache.expect.json") as f:
        exp = json.load(f)
    with open("good_libreoffice.expect.json", "w") as f:
        json.dump(exp, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    # A legacy .xls named .xlsx, and a CSV named .xlsx, and a truncated file.
    libreoffice("good_transposed.xlsx", "fail_xls_renamed.xlsx", "xls")
    ods()
    with open("fail_csv_renamed.xlsx", "w") as f:
        f.write("Mois;CA HT;Résultat net\n2025-01;1000;100\n")
    with open("good_transposed.xlsx", "rb") as f:
        data = f.read()
    with open("fail_truncated.xlsx", "wb") as f:
        f.write(data[: len(data) // 2])
    zip_bomb()
    thousands_by_convention()
    blank_middle_month()
    xlsxwriter_formulas()
    plain_numbers_not_dates()
    damaged_sheets()
    many_bad_cells()


if __name__ == "__main__":
    import sys
    # python3 make_fixtures.py sheet_per_year: write that fixture only.
    for name in sys.argv[1:] or ["main"]:
        globals()[name]()
