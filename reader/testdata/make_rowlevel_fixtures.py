#!/usr/bin/python3
"""Writes the test workbooks of row-level exports (SPEC.md "Workbooks"):
several rows per month, one per site and month or one per day. openpyxl
(Debian: python3-openpyxl) writes them; LibreOffice (libreoffice-calc-nogui,
soffice --headless --convert-to xlsx) re-saves some as an office suite
writes them (*_lo.xlsx). Each name states what the reader must make of it;
the expected figures are worked out by hand in reader/rowlevel_test.go.

    rowlevel_sites_cash_summed_forecast_to_budget.xlsx
        3 sites x 4 months (site_id, site_nom, mois_label "Jan 2025",
        est_reel, ventes, solde_fin), one row per site and month, sorted by
        site as the export does. Cash is the sum of the sites' solde_fin:
        3 500,50 / 3 600,25 / 3 700; April's rows have est_reel FALSE: a
        forecast, read as the budget (cash 3 800, revenue 600).
    rowlevel_days_cash_last_day_not_last_row.xlsx
        A journal of days, out of order within each month, with a running
        cash balance: January's cash is the 31st's (5 000), not the last
        row's (the 20th, 4 600); February's the 27th's (5 600).
    rowlevel_december_stops_12th_partial.xlsx
        One row per day from 1 October to 12 December 2025, sales of ten
        times the day: December stops 19 days before its end, a partial
        month; November is the last complete one.
    rowlevel_december_ends_24th_complete.xlsx
        The same to 24 December: a week before the end is still complete.
    rowlevel_two_metrics_one_header_both_read.xlsx
        A monthly table whose "Total Orders" is mapped to both orders and
        conversions (workbook.metrics): both read it.

    cd reader/testdata && /usr/bin/python3 make_rowlevel_fixtures.py
"""
import datetime as dt
import os
import shutil
import subprocess
import tempfile

import openpyxl

MONTHS_FR = ["Jan", "Fev", "Mar", "Avr"]


def libreoffice(src, dst):
    """Re-saves src with LibreOffice (headless) as dst, an .xlsx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, HOME=tmp))
        shutil.move(os.path.join(tmp, os.path.basename(src)), dst)


def save(wb, name, lo=False):
    """Saves wb as name, and as name_lo.xlsx re-saved by LibreOffice."""
    wb.save(name)
    if lo:
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, name)
            shutil.copy(name, src)
            libreoffice(src, name.replace(".xlsx", "_lo.xlsx"))


def sites():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Soldes"
    ws.append(["site_id", "site_nom", "mois_label", "est_reel", "ventes", "solde_fin"])
    balances = {
        ("S1", "Lyon"): [1000, 1100, 1200, 1300],
        ("S2", "Nantes"): [2000, 1900, 1800, 1700],
        ("S3", "Lille"): [500.50, 600.25, 700, 800],
    }
    sales = {"S1": 100, "S2": 200, "S3": 300}
    for (site, name), bal in balances.items():
        for i, b in enumerate(bal):
            ws.append([site, name, f"{MONTHS_FR[i]} 2025", i < 3, sales[site], b])
    save(wb, "rowlevel_sites_cash_summed_forecast_to_budget.xlsx", lo=True)


def days_cash():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Journal"
    ws.append(["Date", "Ventes", "Trésorerie"])
    rows = [
        (dt.date(2025, 1, 31), 300, 5000), (dt.date(2025, 1, 10), 100, 4200), (dt.date(2025, 1, 20), 200, 4600),
        (dt.date(2025, 2, 3), 50, 5100), (dt.date(2025, 2, 27), 70, 5600), (dt.date(2025, 2, 15), 60, 5300),
    ]
    for d, s, c in rows:
        ws.append([d, s, c])
        ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy"
    save(wb, "rowlevel_days_cash_last_day_not_last_row.xlsx")


def daily_sales(last_day, name, lo):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Caisse"
    ws.append(["Période", "CA HT"])
    d = dt.datetime(2025, 10, 1, 7, 9, 40)
    while d.date() <= dt.date(2025, 12, last_day):
        ws.append([d, 10 * d.day])
        ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy hh:mm"
        d += dt.timedelta(days=1)
    save(wb, name, lo=lo)


def two_metrics():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    ws.append(["Mois", "Visiteurs", "Total Orders", "CA"])
    for i, (v, o, r) in enumerate([(1000, 10, 500), (1200, 12, 600), (1500, 15, 750)]):
        ws.append([dt.date(2025, i + 1, 1), v, o, r])
        ws.cell(row=ws.max_row, column=1).number_format = "mmm yyyy"
    save(wb, "rowlevel_two_metrics_one_header_both_read.xlsx", lo=True)


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    sites()
    days_cash()
    daily_sales(12, "rowlevel_december_stops_12th_partial.xlsx", True)
    daily_sales(24, "rowlevel_december_ends_24th_complete.xlsx", False)
    two_metrics()
