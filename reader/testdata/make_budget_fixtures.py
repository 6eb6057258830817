#!/usr/bin/python3
"""Writes the budget test workbooks: one per layout of SPEC.md's budget
(a budget sheet, paired columns, a scenario column, a scenario row) and a
fiscal year from July to June, with openpyxl (Debian: python3-openpyxl) and
some re-saved by LibreOffice (soffice --headless --convert-to xlsx), as an
office suite writes them.

Every workbook holds the same figures, so that one set of expected values,
worked out by hand in cmd/kpireport/budget_test.go, checks them all:

    actuals, months 1 to 3:  revenue 10 000, 11 000, 12 000
                             net income 1 000, 1 210, 960
                             marketing 2 000, 2 100, 2 600
                             new customers 40, 42, 50
    budget, months 1 to 12:  revenue 10 500, 11 500, 12 500, then 12 000
                             net income a tenth of revenue
                             marketing 2 000, new customers 40

Months 1 to 12 are January to December 2025, and July 2025 to June 2026 in
budget_fiscal.xlsx.

    cd reader/testdata && /usr/bin/python3 make_budget_fixtures.py
"""
import datetime as dt
import os
import shutil
import subprocess
import tempfile

import openpyxl

ACTUAL = {
    "revenue": [10000, 11000, 12000],
    "net_income": [1000, 1210, 960],
    "marketing_costs": [2000, 2100, 2600],
    "new_customers": [40, 42, 50],
}
BUDGET_REVENUE = [10500, 11500, 12500] + [12000] * 9
BUDGET = {
    "revenue": BUDGET_REVENUE,
    "net_income": [r / 10 for r in BUDGET_REVENUE],
    "marketing_costs": [2000] * 12,
    "new_customers": [40] * 12,
}
METRICS = ["revenue", "net_income", "marketing_costs", "new_customers"]
FR = {"revenue": "CA HT", "net_income": "Résultat net", "marketing_costs": "Dépenses marketing",
      "new_customers": "Nouveaux clients"}
EN = {"revenue": "Revenue", "net_income": "Net income", "marketing_costs": "Marketing costs",
      "new_customers": "New customers"}


def month(first, i):
    """The i-th month (0-based) from the first, as a date."""
    y, m = divmod(first.month - 1 + i, 12)
    return dt.date(first.year + y, m + 1, 1)


def dated(cell, first, i):
    cell.value = month(first, i)
    cell.number_format = "mmm yyyy"


def by_libreoffice(wb, name):
    """Saves wb with openpyxl, then has LibreOffice open and save it again."""
    tmp = tempfile.mkdtemp()
    src = os.path.join(tmp, name)
    wb.save(src)
    out = tempfile.mkdtemp()
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", out, src],
                   check=True, capture_output=True, timeout=180)
    shutil.move(os.path.join(out, name), name)
    shutil.rmtree(tmp)
    shutil.rmtree(out)


def table_sheet(ws, figures, months, first, headers):
    ws.append(["Mois"] + [headers[m] for m in METRICS])
    for i in range(months):
        ws.append([None] + [figures[m][i] if i < len(figures[m]) else None for m in METRICS])
        dated(ws.cell(row=i + 2, column=1), first, i)


def budget_sheet(first, name, sheet_name, lo):
    """Actuals in Données, the budget in a sheet of its own after it; a
    note sheet between them holds no table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Données"
    table_sheet(ws, ACTUAL, 12, first, FR)  # the months to come listed, blank
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Budget voté en conseil le 15 décembre."
    table_sheet(wb.create_sheet(sheet_name), BUDGET, 12, first, FR)
    if lo:
        by_libreoffice(wb, name)
    else:
        wb.save(name)


def paired_columns(name):
    """CA réel / CA budget, side by side, in English words for one pair."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    ws.append(["Suivi budgétaire 2025"])
    ws.append([])
    ws.append(["Mois", "CA réel", "CA budget", "Résultat net réel", "Résultat net budget",
               "Marketing costs actual", "Marketing costs budget", "Nouveaux clients réel", "Nouveaux clients budget"])
    first = dt.date(2025, 1, 1)
    for i in range(12):
        row = [None]
        for m in METRICS:
            row += [ACTUAL[m][i] if i < 3 else None, BUDGET[m][i]]
        ws.append(row)
        dated(ws.cell(row=i + 4, column=1), first, i)
    ws.append(["Total", "=SUM(B4:B15)", "=SUM(C4:C15)"])
    wb.save(name)


def scenario_column(name):
    """A line per month and scenario, the month merged over its two lines;
    the budget's months after March alone."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Réel et budget"
    ws.append(["Mois", "Scénario"] + [FR[m] for m in METRICS])
    first = dt.date(2025, 1, 1)
    r = 2
    for i in range(12):
        if i < 3:
            ws.append([None, "Réel"] + [ACTUAL[m][i] for m in METRICS])
            ws.append([None, "Budget"] + [BUDGET[m][i] for m in METRICS])
            dated(ws.cell(row=r, column=1), first, i)
            ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
            r += 2
        else:
            ws.append([None, "Budget"] + [BUDGET[m][i] for m in METRICS])
            dated(ws.cell(row=r, column=1), first, i)
            r += 1
    by_libreoffice(wb, name)


def scenario_row(name):
    """One month per column, a line per metric, a row saying each column's
    scenario (Actual / Budget), the month merged over its two columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "P&L"
    ws.cell(row=1, column=1, value="Month")
    ws.cell(row=2, column=1, value="Scenario")
    first = dt.date(2025, 1, 1)
    c = 2
    cols = []
    for i in range(12):
        scen = [("Actual", ACTUAL), ("Budget", BUDGET)] if i < 3 else [("Budget", BUDGET)]
        start = c
        for label, figs in scen:
            ws.cell(row=2, column=c, value=label)
            cols.append((c, figs, i))
            c += 1
        dated(ws.cell(row=1, column=start), first, i)
        if c - start > 1:
            ws.merge_cells(start_row=1, start_column=start, end_row=1, end_column=c - 1)
    for j, m in enumerate(METRICS):
        ws.cell(row=3 + j, column=1, value=EN[m])
        for col, figs, i in cols:
            ws.cell(row=3 + j, column=col, value=figs[m][i])
    wb.save(name)


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    budget_sheet(dt.date(2025, 1, 1), "budget_sheet.xlsx", "Budget 2025", lo=True)
    budget_sheet(dt.date(2025, 7, 1), "budget_fiscal.xlsx", "Prévisionnel 2025-2026", lo=False)
    paired_columns("budget_paired.xlsx")
    scenario_column("budget_scenario.xlsx")
    scenario_row("budget_scenario_row.xlsx")
