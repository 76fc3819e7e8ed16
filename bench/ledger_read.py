"""Ledger reading: what bounding the sheet's extent (ledger.check_extent, issue 11) costs against the reader
itself, on a generated 5-column ledger (python bench/ledger_read.py [ROWS]); and how fast a crafted workbook
naming a cell at XFD1048576 is refused. Generated data only.

`python bench/ledger_read.py --visits [ROWS]`: the visit ledger's first page as the GUI's lazy table reads it
(issue 13: VisitService.ledger_ids of the whole filtered ledger in SQL order + ledger_rows of its first 200
ids), on a generated ledger of ROWS visits (default 100,000), against the floor: a bare SELECT of the same ids
in the same order through the same connection."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gridapp.core.idnumber import make_id
from gridapp.domain import clock
from gridapp.services.ledger import LedgerService, check_extent


def ledger(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民")
    ws.append(["网格编码", "姓名", "公民身份号码", "联系电话", "现住址"])
    base = dt.date(1950, 1, 1)
    for i in range(rows):
        ws.append(["370303001001001", f"居民{i}", make_id("370303", base + dt.timedelta(days=i % 25000), i % 1000),
                   f"139{i:08d}", f"人民路{i % 300}号"])
    wb.save(path)


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def visits_first_page(rows: int) -> None:
    from gridapp.core.orgcode import Level
    from gridapp.core.permissions import Principal, Role
    from gridapp.db.database import open_database
    from gridapp.db.models import Household, HouseholdVisit
    from gridapp.services.units import UnitService
    from gridapp.services.visits import VisitService
    from gridapp.sync.changelog import ChangeWriter

    grid = "370303001001001"
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "v.sqlite3", create=True)
        UnitService(db).initialise("370303001001", "和平社区", Level.COMMUNITY)
        UnitService(db).add(grid, "第1网格")
        day = clock.today()
        with db.write() as s:
            w = ChangeWriter(db, s)
            hids = [w.insert(Household, {"unit_code": grid, "address": f"和平路{i}号"}) for i in range(2000)]
            for i in range(rows):
                w.insert(HouseholdVisit, {"unit_code": grid, "household_id": hids[i % 2000],
                                          "visit_date": day - dt.timedelta(days=i % 365), "present": 1 + i % 4,
                                          "content": f"走访{i}", "visitor_name": "民警", "visitor_unit": grid,
                                          "replaces": None})
        svc = VisitService(db, Principal("u1", "police", Role.POLICE, "370303001001", display_name="民警"))
        since = day - dt.timedelta(days=366)

        def first_page() -> None:
            ids = svc.ledger_ids(None, date_from=since, sort="date", descending=True)
            assert len(ids) == rows
            svc.ledger_rows(ids[:200])

        def floor() -> None:
            with db.read() as s:  # the raw DB-API cursor, as read_ids uses
                cur = s.connection().connection.dbapi_connection.cursor()
                cur.execute("SELECT id FROM household_visit WHERE unit_code LIKE '370303001001%' AND deleted = 0 "
                            "AND visit_date >= ? ORDER BY visit_date DESC, created_hlc DESC, id DESC",
                            (since.isoformat(),))
                assert len(cur.fetchall()) == rows
                cur.close()

        t_floor, t_page = best(floor), best(first_page)
        t_sorted = best(lambda: svc.ledger_ids(None, date_from=since, sort="address", descending=False))
        print(f"visit ledger of {rows:,} rows: first page (ids + 200 rows) {t_page * 1000:.0f} ms; floor (bare SELECT "
              f"of the same ids) {t_floor * 1000:.0f} ms ({t_page / t_floor:.1f}x); ids sorted by address "
              f"{t_sorted * 1000:.0f} ms")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--visits":
        visits_first_page(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    import python_calamine as calamine

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        ledger(path, rows)

        def read() -> None:
            wb = calamine.CalamineWorkbook.from_path(str(path))
            for _ in wb.get_sheet_by_name(wb.sheet_names[0]).iter_rows():
                pass

        def inflate() -> None:  # the least any look at the sheet's cells costs: decompressing its XML
            import zipfile

            with zipfile.ZipFile(path) as z, z.open("xl/worksheets/sheet1.xml") as f:
                while f.read(1 << 22):
                    pass

        t_inflate = best(inflate)
        t_read = best(read)
        t_check = best(lambda: check_extent(path))
        t_all = best(lambda: LedgerService._read(path))
        print(f"{rows} rows, {path.stat().st_size / 1e6:.1f} MB: calamine read (floor) {t_read:.2f} s, "
              f"extent check {t_check:.2f} s ({t_check / t_read:.0%} of the floor; decompressing the sheet alone "
              f"{t_inflate:.2f} s), "
              f"LedgerService._read with the check {t_all:.2f} s")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.services.test_ledger_field import crafted  # the same crafted file as the test

        far = crafted(Path(tmp) / "far.xlsx", "XFD1048576", dimension="A1:XFD1048576")
        t = time.perf_counter()
        try:
            LedgerService._read(far)
        except Exception as exc:
            print(f"crafted {far.stat().st_size} B workbook naming XFD1048576 refused in "
                  f"{(time.perf_counter() - t) * 1000:.1f} ms: {exc}")


if __name__ == "__main__":
    main()
