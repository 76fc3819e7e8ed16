"""The resident roster against a plain ReportLab platypus table of the same rows, in the same run.

    python bench/reports.py [--residents 10000] [--runs 3]

A community installation is filled with `--residents` demo residents (gridapp.demo.DemoGenerator); the
roster's data is prepared once by the report service (query, masking, labels: timed separately), then
rendered by gridapp's roster builder and by a plain platypus `Table` (same rows and columns, same embedded
font, header row repeated, SimpleDocTemplate on A4 landscape). Figures are the median render time of the
runs and the PDF sizes. The household cards of the same community (one page per household) are timed once. The issue's target: the roster in at most half the platypus time, and ≤ 2 MB.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle  # noqa: E402

from gridapp.core.reportdata import RosterData  # noqa: E402
from gridapp.db.database import open_database  # noqa: E402
from gridapp.demo import DemoGenerator  # noqa: E402
from gridapp.reports import render  # noqa: E402
from gridapp.reports.fonts import FONT, register_font  # noqa: E402
from gridapp.reports.roster import COLUMNS, WIDTHS  # noqa: E402
from gridapp.services.reports import ReportRequest, ReportService  # noqa: E402
from gridapp.services.units import UnitService  # noqa: E402


def platypus_roster(data: RosterData) -> bytes:
    """The same rows as a plain platypus Table: what one would write without the roster builder."""
    register_font()
    rows = [[c.title for c in COLUMNS]]
    for grid in data.grids:
        for b in grid.buildings:
            for h in b.households:
                for m in h.members:
                    rows.append([b.name, h.room, h.household_no, str(len(h.members)), m.name, m.relation,
                                 m.gender, m.age, m.id_number, m.phone, m.resident_type])
    rows.append([f"总计：{data.households} 户，{data.residents} 人"] + [""] * (len(COLUMNS) - 1))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=80,
                            bottomMargin=52)
    table = Table(rows, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8), ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    doc.build([table])
    return buf.getvalue()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--residents", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3", create=True)
        try:
            UnitService(db).initialise("370303001001", "和平社区", "community")
            DemoGenerator(db, seed=1).run(args.residents)
            service = ReportService(db)
            request = ReportRequest("roster", "370303001001", "2026-01", printed_by="bench")
            t0 = time.perf_counter()
            data = service.prepare(request)
            prepare_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            cards = service.prepare(ReportRequest("household_card", "370303001001", "2026-01", printed_by="bench"))
            cards_prepare_s = time.perf_counter() - t0
        finally:
            db.close()
    ours, theirs = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        pdf = render(data)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        plain = platypus_roster(data)
        theirs.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    cards_pdf = render(cards)
    cards_s = time.perf_counter() - t0
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"residents: {data.residents}, households: {data.households}, runs: {args.runs}")
    print(f"prepare (query, mask, labels): {prepare_s:.2f} s")
    print(f"roster builder:   {a:.2f} s, {len(pdf) / 1e6:.2f} MB")
    print(f"platypus Table:   {b:.2f} s, {len(plain) / 1e6:.2f} MB")
    print(f"ratio: {a / b:.2f} of the platypus time (target ≤ 0.50); size target ≤ 2 MB: "
          f"{'met' if len(pdf) <= 2_000_000 else 'NOT met'}")
    print(f"household cards: {len(cards.cards)} pages+, prepare {cards_prepare_s:.2f} s, render {cards_s:.2f} s, "
          f"{len(cards_pdf) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
