#!/usr/bin/python3
"""Writes the test workbooks of the sheet choice and of layouts a reader
meets in workbooks nobody here wrote (issue 14), with openpyxl (Debian:
python3-openpyxl), the *_lo ones re-saved by LibreOffice (soffice
--headless --convert-to xlsx), as an office suite writes them. The
figures each holds, and what the reader must read in it, are worked out by
hand in reader/sheetchoice_test.go; each workbook's figures, months and
warnings, from the same definitions, go to its .expect.json for
TestGoodFixtures.

    good_year_grid          one row per year, one column per month name, an
                            annual total, an average and a maximum below;
                            amounts in thousands (a title says so)
    fail_year_grid_bad_cell the same with a February cell that is no number
    good_merged_year        (and _lo.ods) a year column, each year merged down over its
                            months (Année / Mois / CA HT / Nouveaux clients)
    good_merged_year_columns  (and _lo.ods) one month per column, the year merged across
                            its months in the row above them
    good_copied_sheet       a sheet of sale lines per month, "Avril" a copy
                            of "Mars" (its dates are March's)
    good_pivot_first        a pivot table's figures pasted as values first,
                            then the table
    good_later_sheet_skipped  the table, then a sheet of another layout
                            with a cell that is no number

    cd reader/testdata && /usr/bin/python3 make_sheet_fixtures.py
"""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

MOIS = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
        "Septembre", "Octobre", "Novembre", "Décembre"]


def month_span(first, count):
    """count months from first, a (year, month), as YYYY-MM."""
    y, m = first
    return ["%04d-%02d" % (y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1) for i in range(count)]


def write_expect(name, expect):
    with open(name[:-len(".xlsx")] + ".expect.json", "w") as f:
        json.dump(expect, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def save(wb, name, lo, expect=None, formats=("xlsx",)):
    """Saves wb with openpyxl, and when lo, a copy named *_lo.xlsx (and
    *_lo.ods for each other format) that LibreOffice opened and saved
    again; the expectation of each, when given."""
    wb.save(name)
    if expect is not None:
        write_expect(name, expect)
        if lo:
            write_expect(name.replace(".xlsx", "_lo.xlsx"), expect)
    if not lo:
        return
    tmp, out = tempfile.mkdtemp(), tempfile.mkdtemp()
    src = os.path.join(tmp, name)
    wb.save(src)
    for fmt in formats:
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", out, src],
                       check=True, capture_output=True, timeout=180)
        base = name[:-len(".xlsx")]
        shutil.move(os.path.join(out, base + "." + fmt), base + "_lo." + fmt)
    shutil.rmtree(tmp)
    shutil.rmtree(out)


def year_grid(name, bad_cell=False, lo=True):
    """2023: 10, 20 … 120 k€ (10 × month); 2024: 11, 12, 13.5 k€ then blank."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CA mensuel"
    ws.append(["Montants en milliers d'euros"])
    ws.append(["CA HT"] + MOIS + ["Total annuel"])
    ws.append([2023] + [10 * m for m in range(1, 13)] + [780])
    ws.append([2024, 11, "12,5x" if bad_cell else 12, 13.5] + [None] * 9 + [36.5])
    ws.append([])
    ws.append(["Moyenne par mois", 10.5, 16, 16.75] + [10 * m for m in range(4, 13)])
    ws.append(["Maximum", 11, 20, 30])
    revenue = {m: 10000 * (i + 1) for i, m in enumerate(month_span((2023, 1), 12))}
    revenue.update({"2024-01": 11000, "2024-02": 12000, "2024-03": 13500})
    save(wb, name, lo, None if bad_cell else {
        "sheet": "CA mensuel", "months": month_span((2023, 1), 15), "figures": {"revenue": revenue},
        "refs": {"revenue/2023-12": "'CA mensuel'!M3", "revenue/2024-03": "'CA mensuel'!D4"}, "warnings": []})


def merged_year(name):
    """2024: revenue 1 000 + 10 × month, new customers = month; 2025,
    January to March: 2 000 + 10 × month, 20 + month. A2:A13 holds 2024,
    A14:A16 2025, merged."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Année", "Mois", "CA HT", "Nouveaux clients"])
    for year, months, base, clients in ((2024, 12, 1000, 0), (2025, 3, 2000, 20)):
        first = ws.max_row + 1
        for m in range(1, months + 1):
            ws.append([year if m == 1 else None, MOIS[m - 1], base + 10 * m, clients + m])
        ws.merge_cells(start_row=first, start_column=1, end_row=first + months - 1, end_column=1)
    all_months = month_span((2024, 1), 15)
    save(wb, name, lo=True, formats=("xlsx", "ods"), expect={
        "sheet": "Données", "months": all_months, "warnings": [],
        "figures": {"revenue": {m: (1000 if i < 12 else 2000) + 10 * (i % 12 + 1) for i, m in enumerate(all_months)},
                    "new_customers": {m: (0 if i < 12 else 20) + i % 12 + 1 for i, m in enumerate(all_months)}},
        "refs": {"revenue/2024-02": "Données!C3", "revenue/2025-03": "Données!C16"}})


def merged_year_columns(name):
    """One month per column, B to M then N to P: 2024 merged over B1:M1,
    2025 over N1:P1; revenue 1 000 + 10 × month in 2024, 2 000 + 10 × month
    in 2025."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(["Année", 2024] + [None] * 11 + [2025, None, None])
    ws.append(["Mois"] + MOIS + MOIS[:3])
    ws.append(["CA HT"] + [1000 + 10 * m for m in range(1, 13)] + [2000 + 10 * m for m in range(1, 4)])
    ws.merge_cells("B1:M1")
    ws.merge_cells("N1:P1")
    all_months = month_span((2024, 1), 15)
    save(wb, name, lo=True, formats=("xlsx", "ods"), expect={
        "sheet": "Données", "months": all_months, "warnings": [],
        "figures": {"revenue": {m: (1000 if i < 12 else 2000) + 10 * (i % 12 + 1) for i, m in enumerate(all_months)}},
        "refs": {"revenue/2024-02": "Données!C3", "revenue/2025-03": "Données!P3"}})


def copied_sheet(name):
    """Sale lines: January 100 + 200 + 300, February 10 + 20 + 30, March
    1 + 2 + 3; "Avril" holds March's lines again."""
    wb = openpyxl.Workbook()
    lines = {
        "Janvier": [(dt.date(2024, 1, 5), 100), (dt.date(2024, 1, 12), 200), (dt.date(2024, 1, 26), 300)],
        "Février": [(dt.date(2024, 2, 2), 10), (dt.date(2024, 2, 9), 20), (dt.date(2024, 2, 23), 30)],
        "Mars": [(dt.date(2024, 3, 1), 1), (dt.date(2024, 3, 15), 2), (dt.date(2024, 3, 29), 3)],
    }
    lines["Avril"] = lines["Mars"]
    for i, (sheet, rows) in enumerate(lines.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = sheet
        ws.append(["Date", "Client", "CA HT"])
        for day, amount in rows:
            ws.append([day, "Client %d" % amount, amount])
            ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy"
    summed = "%s: 3 rows summed into 1 months (one row per sale or entry)"
    save(wb, name, lo=True, expect={
        "sheet": "Janvier, Février, Mars", "months": month_span((2024, 1), 3),
        "figures": {"revenue": {"2024-01": 600, "2024-02": 60, "2024-03": 6}},
        "refs": {"revenue/2024-03": "Mars!C2…C4"},
        "warnings": [summed % "Janvier", summed % "Février", summed % "Mars",
                     "sheet Avril is a copy of sheet Mars (the same figures for 2024-03): counted once; "
                     "the month its name says has no figures of its own"]})


def table(ws):
    """Mois / CA HT, January to June 2024: 1 000 + month."""
    ws.append(["Mois", "CA HT"])
    for m in range(1, 7):
        ws.append(["2024-%02d" % m, 1000 + m])


def table_expect(warnings):
    """What the reader reads in table()'s sheet, Données."""
    return {"sheet": "Données", "months": month_span((2024, 1), 6), "warnings": warnings,
            "figures": {"revenue": {m: 1000 + i + 1 for i, m in enumerate(month_span((2024, 1), 6))}},
            "refs": {"revenue/2024-06": "Données!B7"}}


def pivot_first(name):
    """A pivot's figures pasted as values (other figures, 600, 60, 6), then
    the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Récap"
    ws.append(["Étiquettes de lignes", "Somme de CA HT"])
    for month, amount in (("2024-01", 600), ("2024-02", 60), ("2024-03", 6)):
        ws.append([month, amount])
    ws.append(["Total général", 666])
    table(wb.create_sheet("Données"))
    save(wb, name, lo=True, expect=table_expect([]))


def later_sheet_skipped(name):
    """The table, then "Stocks", one month per column, whose March cell is
    no number."""
    wb = openpyxl.Workbook()
    table(wb.active)
    wb.active.title = "Données"
    ws = wb.create_sheet("Stocks")
    ws.append(["Mois", "2024-01", "2024-02", "2024-03"])
    ws.append(["Trésorerie", 5000, 5100, "51OO"])
    save(wb, name, lo=True, expect=table_expect([
        "sheet Stocks cannot be read and does not continue the table of sheet Données: left out "
        "(workbook.sheet in the config chooses the sheet)"]))


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1:  # only the fixtures named: make_sheet_fixtures.py pivot_first
        for f in sys.argv[1:]:
            globals()[f]("good_%s.xlsx" % f)
        sys.exit()
    year_grid("good_year_grid.xlsx")
    year_grid("fail_year_grid_bad_cell.xlsx", bad_cell=True, lo=False)
    merged_year("good_merged_year.xlsx")
    merged_year_columns("good_merged_year_columns.xlsx")
    copied_sheet("good_copied_sheet.xlsx")
    pivot_first("good_pivot_first.xlsx")
    later_sheet_skipped("good_later_sheet_skipped.xlsx")
