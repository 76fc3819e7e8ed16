"""Registry speed at district scale: the resident list, search per kind, memory, xlsx import.

    python bench/registry.py [--residents 1000000] [--import-rows 100000] [--db PATH]

Builds (or reuses, with --db) a district installation with demo residents, then measures with the services
the GUI uses and, in the same run, the equivalent raw sqlite3 queries:
- list: COUNT + first window of 200 rows (first paint), a window at the very end (jump to end);
- search: p50/p95 over 30 queries of each kind (name, initials, full pinyin, ID ending, phone ending,
  phone start, full ID, address part), the values sampled from the data;
- RSS (max resident set) after the list and search work;
- import of an .xlsx ledger of new residents (read + check + write, each timed; the ledger's addresses make
  households) against a raw sqlite3 executemany of the same rows into the same table of a fresh database.
Prints raw numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gridapp.core.idnumber import make_id  # noqa: E402
from gridapp.core.progress import Progress  # noqa: E402
from gridapp.db.database import open_database  # noqa: E402
from gridapp.db.derived import derive_resident  # noqa: E402
from gridapp.demo import DemoGenerator  # noqa: E402
from gridapp.services.ledger import LedgerService  # noqa: E402
from gridapp.services.registry import RegistryService, ResidentFilter  # noqa: E402
from gridapp.services.units import UnitService  # noqa: E402

DISTRICT = "370303"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN201
    t0 = time.perf_counter()
    out = fn(*a, **kw)
    return time.perf_counter() - t0, out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, residents: int) -> None:
    db = open_database(path, create=True)
    try:
        UnitService(db).initialise(DISTRICT, "张店区", "district")
        t, res = timed(DemoGenerator(db, seed=1).run, residents)
        print(f"demo data: {res.residents} residents, {res.households} households in {t:.1f} s")
    finally:
        db.close()


def list_and_search(path: Path) -> None:
    db = open_database(path)
    raw = sqlite3.connect(path)
    try:
        reg = RegistryService(db, DISTRICT)
        f = ResidentFilter()
        t_count, total = timed(reg.count, f)
        t_first, _ = timed(reg.page, f, offset=0, limit=200, total=total)
        print(f"list: {total} rows; count {ms(t_count)}, first window {ms(t_first)}, "
              f"first paint {ms(t_count + t_first)}")
        t_end, rows = timed(reg.page, f, offset=total - 200, limit=200, total=total)
        assert len(rows) == 200
        t_mid, _ = timed(reg.page, f, offset=total // 2 - 100, limit=200, total=total)
        print(f"jump to end: {ms(t_end)}; middle window (worst case): {ms(t_mid)}")
        t_sorted, _ = timed(reg.page, f, offset=0, limit=200, sort="birth_date", total=total)
        print(f"first window sorted by birth date: {ms(t_sorted)}")
        t_raw_count, _ = timed(lambda: raw.execute(
            "SELECT count(*) FROM resident WHERE deleted = 0 AND status = 'active'").fetchone())
        t_raw_first, _ = timed(lambda: raw.execute(
            "SELECT * FROM resident WHERE deleted = 0 AND status = 'active' ORDER BY name, id LIMIT 200").fetchall())
        t_raw_end, _ = timed(lambda: raw.execute(
            "SELECT * FROM resident WHERE deleted = 0 AND status = 'active' ORDER BY name DESC, id DESC "
            "LIMIT 200").fetchall())
        print(f"raw sqlite3: count {ms(t_raw_count)}, first 200 {ms(t_raw_first)}, last 200 {ms(t_raw_end)}")

        rng = random.Random(3)
        sample = raw.execute("SELECT name, name_initials, name_pinyin, id_number, phone, current_address FROM "
                             "resident WHERE rowid IN (SELECT abs(random()) % (SELECT max(rowid) FROM resident) "
                             "FROM resident LIMIT 400) AND phone IS NOT NULL LIMIT 30").fetchall()
        kinds = {
            "name (prefix)": [s[0] for s in sample],
            "initials": [s[1] for s in sample],
            "full pinyin": [s[2] for s in sample],
            "ID ending (6)": [s[3][-6:] for s in sample],
            "phone ending (4)": [s[4][-4:] for s in sample],
            "phone start (7)": [s[4][:7] for s in sample],
            "full ID": [s[3] for s in sample],
            "address part": [s[5][rng.randint(0, 3):][:6] for s in sample],
        }
        for kind, queries in kinds.items():
            times = []
            hits = 0
            for q in queries:
                t, found = timed(reg.search, q, f)
                times.append(t)
                hits += len(found)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"search {kind:18s}: p50 {ms(statistics.median(times))}, p95 {ms(p95)}, "
                  f"mean hits {hits / len(queries):.1f}")
        raw_times = []
        for q in kinds["initials"]:
            hi = q[:-1] + chr(ord(q[-1]) + 1)
            t, _ = timed(lambda q=q, hi=hi: raw.execute(
                "SELECT * FROM resident WHERE name_initials >= ? AND name_initials < ? LIMIT 200", (q, hi)).fetchall())
            raw_times.append(t)
        raw_times.sort()
        print(f"raw sqlite3 initials search: p50 {ms(statistics.median(raw_times))}, "
              f"p95 {ms(raw_times[int(len(raw_times) * 0.95) - 1])}")
        print(f"RSS (max) after list and search: {rss_mb():.0f} MB")
    finally:
        raw.close()
        db.close()


def gui_first_paint(path: Path) -> None:
    """The real 居民户籍 page on Qt's offscreen platform: set_session → first rows in the model, then the count,
    then a jump to the end (the time until the last row is loaded)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gridapp.services.session import AppSession
    from gridapp.ui.residents_page import ResidentsPage
    from gridapp.ui.runner import DbRunner

    app = QApplication.instance() or QApplication([])
    session = AppSession.open(path)
    runner = DbRunner()
    page = ResidentsPage(runner)
    page.resize(1200, 700)
    page.show()

    def wait(cond, limit: float = 30.0) -> float:  # noqa: ANN001
        t0 = time.perf_counter()
        while not cond() and time.perf_counter() - t0 < limit:
            app.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    page.set_session(session)
    wait(lambda: page.model.rowCount() > 0 and page.model.row_at(0) is not None)
    t_first = time.perf_counter() - t0
    wait(lambda: page.count_label.text().startswith("共"))
    t_count = time.perf_counter() - t0
    total = page.model.rowCount()
    t1 = time.perf_counter()
    page.table.scrollToBottom()
    wait(lambda: page.model.row_at(total - 1) is not None)
    t_end = time.perf_counter() - t1
    print(f"GUI: first rows shown {ms(t_first)}, count known {ms(t_count)} ({total} rows), "
          f"jump to end {ms(t_end)}; RSS (max) {rss_mb():.0f} MB")
    runner.shutdown()
    session.close()


def import_bench(folder: Path, rows: int) -> None:
    from openpyxl import Workbook

    grid = "370303001001001"
    people = []
    base = dt.date(1950, 1, 1)
    rng = random.Random(5)
    from faker import Faker

    fake = Faker("zh_CN")  # realistic names (most distinct: the pinyin of each is derived), not real people
    fake.seed_instance(5)
    for i in range(rows):
        born = base + dt.timedelta(days=rng.randint(0, 25000))
        people.append((fake.name(), make_id("370303", born, i % 1000), f"139{i:08d}", f"人民路{i % 300}号"))
    ids = set()
    people = [p for p in people if not (p[1] in ids or ids.add(p[1]))]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民")
    ws.append(["网格编码", "姓名", "公民身份号码", "联系电话", "现住址"])
    for p in people:
        ws.append([grid, *p])
    xlsx = folder / "ledger.xlsx"
    t_write, _ = timed(wb.save, xlsx)
    print(f"import: {len(people)} rows written to xlsx in {t_write:.1f} s")

    def fresh(name: str):  # noqa: ANN202
        db = open_database(folder / f"{name}.sqlite3", create=True)
        units = UnitService(db)
        units.initialise("370303001001", "和平社区", "community")
        units.add(grid, "第1网格")
        return db

    db = fresh("imp")
    ledger = LedgerService(db, "370303001001")
    phases: dict[str, float] = {}  # the first progress report of each phase: when reading ended, ...
    t0 = time.perf_counter()
    progress = Progress(lambda _d, _t, text: phases.setdefault(text, time.perf_counter() - t0))
    t_prep, plan = timed(ledger.prepare, xlsx, progress=progress)
    t_apply, counts = timed(ledger.apply, plan)
    db.close()
    total = t_prep + t_apply
    t_read = phases.get("检查台账", t_prep)
    print(f"import via ledger: read {t_read:.2f} s, check {t_prep - t_read:.2f} s, write {t_apply:.2f} s, "
          f"total {total:.2f} s ({counts['inserted']} inserted, {counts['households']} households, "
          f"{len(people) / total:.0f} rows/s)")

    db = fresh("raw")
    db.close()
    con = sqlite3.connect(folder / "raw.sqlite3")
    values = []
    for i, (name, idn, phone, addr) in enumerate(people):
        d = derive_resident({"name": name, "id_number": idn, "phone": phone})
        born = dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14])).isoformat()
        values.append((f"{i:032d}", grid, "raw", i, i, "{}", 0, idn, name, "1" if int(idn[16]) % 2 else "2", born,
                       phone, addr, "1", "active", d["name_pinyin"], d["name_initials"], d["id_rev"], d["phone_rev"]))
    t0 = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO resident (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
            "id_number, name, gender, birth_date, phone, current_address, resident_type, status, name_pinyin, "
            "name_initials, id_rev, phone_rev) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
    t_raw = time.perf_counter() - t0
    con.close()
    print(f"raw sqlite3 executemany of the same rows: {t_raw:.2f} s ({len(people) / t_raw:.0f} rows/s); "
          f"ledger import at {t_raw / total * 100:.0f}% of raw (write step alone: {t_raw / t_apply * 100:.0f}%)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=1_000_000)
    ap.add_argument("--import-rows", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse (or build once into) this database file")
    ap.add_argument("--skip-services", action="store_true", help="only the GUI measurement (and the import)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-registry-"))
    try:
        path = args.db or folder / "district.sqlite3"
        if not path.exists():
            build(path, args.residents)
        if not args.skip_services:
            list_and_search(path)
        gui_first_paint(path)
        if args.import_rows:
            import_bench(folder, args.import_rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
