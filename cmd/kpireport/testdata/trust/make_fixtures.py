#!/usr/bin/env python3
"""Writes the workbooks of the plausibility tests (trust_test.go) the way
accountants' tools write them: openpyxl (Debian: python3-openpyxl),
xlsxwriter (python3-xlsxwriter) and LibreOffice (libreoffice-calc-nogui).

Each is twelve months, December 2025 to November 2026, of a shop:

    CA HT          40 000 + 1 000 × i    (i = 0 for 2025-12 … 11 for 2026-11)
    Résultat net    2 400 +   100 × i
    Dépenses mkt    2 000
    Nouveaux cl.       50 +       i

    cd cmd/kpireport/testdata/trust && /usr/bin/python3 make_fixtures.py
"""
import datetime as dt
import os
import shutil
import subprocess
import tempfile

import openpyxl
import xlsxwriter

HEADERS = ["Mois", "CA HT", "Résultat net", "Dépenses marketing", "Nouveaux clients"]


def rows():
    out = []
    for i in range(12):
        y, m = divmod(2025 * 12 + 11 + i, 12)
        out.append([dt.datetime(y, m + 1, 1), 40000 + 1000 * i, 2400 + 100 * i, 2000, 50 + i])
    return out


def openpyxl_book(data, name):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    ws.append(HEADERS)
    for r in data:
        ws.append(r)
        ws.cell(ws.max_row, 1).number_format = "mmmm yyyy"
    wb.save(name)


def outlier():
    """November's CA HT typed 46.92 (46 920 with a point grouping the
    thousands, read as a decimal point), and December typed in part: only
    CA HT and Résultat net."""
    data = rows()
    data[11][1] = 46.92
    data.append([dt.datetime(2026, 12, 1), 30000, 1000, None, None])
    openpyxl_book(data, "outlier.xlsx")


def partial():
    """December typed in part (CA HT and Résultat net only), by xlsxwriter,
    which marks its workbooks to be recalculated on load."""
    wb = xlsxwriter.Workbook("partial.xlsx")
    ws = wb.add_worksheet("Données")
    month = wb.add_format({"num_format": "mmmm yyyy"})
    ws.write_row(0, 0, HEADERS)
    data = rows() + [[dt.datetime(2026, 12, 1), 30000, 1000, None, None]]
    for i, r in enumerate(data, start=1):
        ws.write_datetime(i, 0, r[0], month)
        for j, v in enumerate(r[1:], start=1):
            if v is not None:
                ws.write_number(i, j, v)
    wb.close()


def negative():
    """November's Nouveaux clients typed -61, saved by LibreOffice."""
    data = rows()
    data[11][4] = -61
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "negative.xlsx")
        openpyxl_book(data, src)
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(out, "negative.xlsx"), "negative.xlsx")


if __name__ == "__main__":
    outlier()
    partial()
    negative()
