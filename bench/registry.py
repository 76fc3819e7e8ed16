"""Registry speed at district scale: the resident list, search per kind, memory, xlsx import.

    python bench/registry.py [--residents 1000000] [--import-rows 100000] [--db PATH] [--search-only]

Builds (or reuses, with --db) a district installation with demo residents, then measures with the services
the GUI uses and, in the same run, the equivalent raw sqlite3 queries:
- list, per sort order (ascending and descending): the first window of 200 rows (first paint), the id list
  of the whole filter (its length is the count), windows at 25 %, 50 % and the end read by rowid;
- search: p50/p95 over 40 queries of each kind (full name, name prefixes of 1 and 2 characters, initials,
  full pinyin, ID ending, phone ending, phone start, full ID, address parts of 2, 3 and 6 characters), the
  values sampled from the data;
- RSS (max resident set) after the list and search work;
- import of an .xlsx ledger of new residents (read + check + write, each timed; the ledger's addresses make
  households) against a raw sqlite3 executemany of the same rows into the same table of a fresh database.
Prints raw numbers. `--search-only` measures the search alone (on a database kept with --db: building a
million residents takes some 25 minutes).
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

from gridapp.core.idnumber import make_id
from gridapp.core.progress import Progress
from gridapp.db.database import open_database
from gridapp.db.derived import derive_resident
from gridapp.demo import DemoGenerator
from gridapp.services.ledger import LedgerService
from gridapp.services.registry import RegistryService, ResidentFilter, search_kind
from gridapp.services.units import UnitService

DISTRICT = "370303"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, *a, **kw):
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


def pct(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(len(times) * q))]


RAW_ORDER = {"name": "name, unit_code, current_address, rowid", "grid": "unit_code, name, rowid",
             "birth_date": "birth_date, unit_code, rowid", "address": "current_address, unit_code, rowid"}
LIVE = "deleted = 0 AND status = 'active'"


def list_bench(reg: RegistryService, raw: sqlite3.Connection) -> None:
    """First paint (the first window), the id list per sort order, windows at 25 %, 50 % and the end."""
    from array import array

    f = ResidentFilter()
    t_count, total = timed(reg.count, f)
    t_mid_offset, _ = timed(reg.page, f, offset=total // 2 - 100, limit=200, total=total)
    print(f"list: {total} rows; COUNT {ms(t_count)} (no longer needed); "
          f"middle window by OFFSET (the old way) {ms(t_mid_offset)}")
    for sort in ("name", "grid", "birth_date", "address"):
        for desc in (False, True):
            t_first, _ = timed(reg.page, f, offset=0, limit=200, sort=sort, descending=desc)
            t_ids, ids = timed(reg.id_list, f, sort=sort, descending=desc)
            windows = []
            for at in (len(ids) // 4, len(ids) // 2, len(ids) - 200):
                t, rows = timed(reg.rows, ids[at:at + 200])
                assert len(rows) == 200 and all(r is not None for r in rows)
                windows.append(t)
            order = RAW_ORDER[sort].replace(",", " DESC,") + " DESC" if desc else RAW_ORDER[sort]
            t_raw_first, _ = timed(lambda order=order: raw.execute(
                f"SELECT * FROM resident WHERE {LIVE} ORDER BY {order} LIMIT 200").fetchall())
            t_raw_ids, raw_ids = timed(lambda order=order: array("q", (r[0] for r in raw.execute(
                f"SELECT rowid FROM resident WHERE {LIVE} ORDER BY {order}"))))
            assert raw_ids == ids
            chunk = list(ids[len(ids) // 2:len(ids) // 2 + 200])
            t_raw_win, _ = timed(lambda chunk=chunk: raw.execute(
                f"SELECT * FROM resident WHERE rowid IN ({','.join('?' * len(chunk))})", chunk).fetchall())
            print(f"  sort {sort:10s} {'desc' if desc else 'asc ':4s}: first paint {ms(t_first)}, "
                  f"id list {ms(t_ids)} ({len(ids)} ids, {ids.itemsize * len(ids) / 1e6:.0f} MB), windows "
                  f"25% {ms(windows[0])} / 50% {ms(windows[1])} / end {ms(windows[2])} | raw sqlite3: first "
                  f"{ms(t_raw_first)}, id list {ms(t_raw_ids)}, window {ms(t_raw_win)}")


def search_bench(reg: RegistryService, raw: sqlite3.Connection) -> None:
    from gridapp.db.search_index import match_expression

    def phrase(q: str) -> str:
        with reg.db.read() as s:
            return match_expression(s.connection(), q) or '""'

    rng = random.Random(3)
    top = raw.execute("SELECT max(rowid) FROM resident").fetchone()[0]
    picks = sorted(rng.sample(range(1, top + 1), min(400, top)))  # the same sample in every run (seeded)
    sample = raw.execute("SELECT name, name_initials, name_pinyin, id_number, phone, current_address FROM "
                         f"resident WHERE rowid IN ({','.join(map(str, picks))}) AND phone IS NOT NULL "
                         "ORDER BY rowid LIMIT 40").fetchall()

    def part(addr: str, n: int) -> str:
        """A part of the address that the search box reads as text (a part of digits only is read as an ID
        or phone ending: measured as its own kind below)."""
        for _ in range(50):
            i = rng.randint(0, max(0, len(addr) - n))
            if search_kind(addr[i:i + n]) == "text":
                return addr[i:i + n]
        return addr[:n]

    kinds = {
        "name (full)": [s[0] for s in sample],
        "name prefix (1)": [s[0][:1] for s in sample],
        "name prefix (2)": [s[0][:2] for s in sample],
        "initials": [s[1] for s in sample],
        "full pinyin": [s[2] for s in sample],
        "ID ending (6)": [s[3][-6:] for s in sample],
        "digits (2), broad": [s[3][-2:] for s in sample],
        "phone ending (4)": [s[4][-4:] for s in sample],
        "phone start (7)": [s[4][:7] for s in sample],
        "full ID": [s[3] for s in sample],
        "address part (2)": [part(s[5], 2) for s in sample],
        "address part (3)": [part(s[5], 3) for s in sample],
        "address part (6)": [part(s[5], 6) for s in sample],
        "address, rare": ["幸福", "3号院", "新村", "花园", "东路"] * 4,
    }
    for kind, queries in kinds.items():
        times, hits, cut = [], 0, 0
        for q in queries:
            t, found = timed(reg.find, q)
            times.append(t)
            hits += len(found.rows)
            cut += found.truncated
        print(f"search {kind:18s}: p50 {ms(statistics.median(times))}, p95 {ms(pct(times, 0.95))}, "
              f"max {ms(max(times))}, mean hits {hits / len(queries):.0f}, truncated {cut}/{len(queries)}")
    # raw sqlite3 equivalents: an index range (initials), the FTS phrase alone, a LIKE scan of the addresses
    for label, queries, sql, arg in (
        ("initials range", kinds["initials"],
         "SELECT * FROM resident WHERE name_initials >= ? AND name_initials < ? ORDER BY name LIMIT 201",
         lambda q: (q, q[:-1] + chr(ord(q[-1]) + 1))),
        ("name prefix (2) range", kinds["name prefix (2)"],
         f"SELECT * FROM resident WHERE name >= ? AND name < ? AND {LIVE} ORDER BY name LIMIT 201",
         lambda q: (q, q[:-1] + chr(ord(q[-1]) + 1))),
        ("address (2) FTS, first 12001", kinds["address part (2)"],
         "SELECT rowid FROM resident_fts WHERE resident_fts MATCH ? LIMIT 12001", lambda q: (phrase(q),)),
        ("address (3) FTS, first 12001", kinds["address part (3)"],
         "SELECT rowid FROM resident_fts WHERE resident_fts MATCH ? LIMIT 12001", lambda q: (phrase(q),)),
        ("address (6) FTS, first 12001", kinds["address part (6)"],
         "SELECT rowid FROM resident_fts WHERE resident_fts MATCH ? LIMIT 12001", lambda q: (phrase(q),)),
        ("address (2) LIKE scan", kinds["address part (2)"][:5],
         f"SELECT * FROM resident WHERE current_address LIKE ? AND {LIVE} ORDER BY name LIMIT 201",
         lambda q: (f"%{q}%",)),
    ):
        times = [timed(lambda q=q, sql=sql, arg=arg: raw.execute(sql, arg(q)).fetchall())[0] for q in queries]
        print(f"raw sqlite3 {label:30s}: p50 {ms(statistics.median(times))}, p95 {ms(pct(times, 0.95))}")


def list_and_search(path: Path) -> None:
    db = open_database(path)
    raw = sqlite3.connect(path)
    try:
        reg = RegistryService(db, DISTRICT)
        list_bench(reg, raw)
        print(f"RSS (max) after the list work: {rss_mb():.0f} MB")
        search_bench(reg, raw)
        print(f"RSS (max) after list and search: {rss_mb():.0f} MB")
    finally:
        raw.close()
        db.close()


def search_only(path: Path) -> None:
    db = open_database(path)
    raw = sqlite3.connect(path)
    try:
        search_bench(RegistryService(db, DISTRICT), raw)
    finally:
        raw.close()
        db.close()


def gui_first_paint(path: Path) -> None:
    """The real 居民户籍 page on Qt's offscreen platform: set_session → first rows in the model, then the count
    (the id list), then a jump to the end and one to the middle (the time until that row is loaded)."""
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

    def wait(cond, limit: float = 30.0) -> float:
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
    t1 = time.perf_counter()
    page.table.scrollTo(page.model.index(total // 2, 0))
    wait(lambda: page.model.row_at(total // 2) is not None)
    t_mid = time.perf_counter() - t1
    print(f"GUI: first rows shown {ms(t_first)}, count known {ms(t_count)} ({total} rows), "
          f"jump to end {ms(t_end)}, jump to the middle {ms(t_mid)}; RSS (max) {rss_mb():.0f} MB")
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

    def fresh(name: str):
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
    ap.add_argument("--search-only", action="store_true", help="only the search measurement (no list, GUI, import)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-registry-"))
    try:
        path = args.db or folder / "district.sqlite3"
        if not path.exists():
            build(path, args.residents)
        if args.search_only:
            search_only(path)
            return
        if not args.skip_services:
            list_and_search(path)
        gui_first_paint(path)
        if args.import_rows:
            import_bench(folder, args.import_rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
