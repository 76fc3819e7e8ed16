"""Sync speed: import rate, re-import of a seen package, export of a 10k-resident community, package size.

    python bench/sync.py [--residents 10000] [--runs 5]

Builds a community installation with demo data (10k residents by default), enrols it with a town, exports
the community's package for the town, imports it there, imports it again, and compares the package's size
with the same changes as plain JSON. Prints raw numbers.

The floor, measured in the same run on the same machine (runs interleaved with the imports): a bare sqlite3
`executemany` of the same rows into the same tables of a copy of the same enrolled town database, in one
transaction, through the same driver and pragmas (WAL, synchronous=NORMAL, foreign keys deferred): the change-log rows and every
synced row the import creates, as the community stores them. No decryption, no signature or scope check, no
merge: what writing the result costs at the least. The import's rate is reported as a ratio of it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from gridapp.db.database import connect_raw, open_database
from gridapp.db.models import SYNCED_MODELS
from gridapp.demo import DemoGenerator
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from gridapp.sync.knowledge import COLS, KEYS

TOWN, COMM = "370303001", "370303001001"


def floor_rows(comm_path: Path) -> tuple[int, list[tuple[str, list[tuple]]]]:
    """(number of changes, [(INSERT statement, rows)]): the change log and the synced rows of the community."""
    conn = connect_raw(comm_path)
    try:
        out = []
        n = 0
        for table in ("change_log", *SYNCED_MODELS):
            cur = conn.execute(f'SELECT * FROM "{table}"')
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
            if table == "change_log":
                n = len(rows)
            if rows:
                out.append((f'INSERT OR IGNORE INTO "{table}" ({", ".join(cols)}) '
                            f'VALUES ({", ".join("?" * len(cols))})', rows))
        return n, out
    finally:
        conn.close()


def floor_run(town_path: Path, copy: Path, statements: list[tuple[str, list[tuple]]]) -> tuple[float, float]:
    """(wall, CPU) seconds of a bare executemany of `statements` into a fresh copy of the town, one transaction."""
    shutil.copyfile(town_path, copy)
    conn = connect_raw(copy)
    conn.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-32000"):
        conn.execute(f"PRAGMA {pragma}")
    t0, c0 = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("PRAGMA defer_foreign_keys = ON")  # as the import: rows of several tables, checked at commit
    for sql, rows in statements:
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    return took, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5, help="imports into fresh copies of the town (median)")
    ap.add_argument("--profile", action="store_true", help="profile the first import (cProfile, top 30 by own time)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-sync-"))
    try:
        town = open_database(folder / "town.sqlite3", create=True)
        comm = open_database(folder / "comm.sqlite3", create=True)
        UnitService(town).initialise(TOWN, "城东街道", "town")
        UnitService(comm).initialise(COMM, "和平社区", "community")
        t0 = time.perf_counter()
        demo = DemoGenerator(comm, seed=1).run(args.residents)
        print(f"demo data: {demo.residents} residents, {demo.households} households, {demo.buildings} buildings "
              f"in {time.perf_counter() - t0:.1f} s")
        ts, cs = SyncService(town), SyncService(comm)
        cs.make_request(folder / "c.req")
        ts.enrol(folder / "c.req", folder / "c.cert")
        cs.accept(folder / "c.cert")

        pkg = folder / "up.gridpkg"
        t0 = time.perf_counter()
        exp = cs.export(TOWN, pkg)
        t_export = time.perf_counter() - t0
        print(f"export: {exp.changes} changes, {exp.parts} parts, {exp.bytes} bytes in {t_export:.3f} s")

        # import into copies of the enrolled town (the first run's copy stays for the re-import)
        town.close()
        n_floor, statements = floor_rows(folder / "comm.sqlite3")
        rates, cpu_rates = [], []
        floors, cpu_floors = [], []
        for run in range(args.runs):
            t_floor, c_floor = floor_run(folder / "town.sqlite3", folder / f"floor-{run}.sqlite3", statements)
            floors.append(n_floor / t_floor)
            cpu_floors.append(n_floor / c_floor)
            print(f"floor run {run + 1}: bare executemany of {n_floor} changes and their rows in {t_floor:.3f} s = "
                  f"{floors[-1]:,.0f} changes/s (CPU {c_floor:.3f} s = {cpu_floors[-1]:,.0f}/s)")
            copy = folder / f"town-{run}.sqlite3"
            shutil.copyfile(folder / "town.sqlite3", copy)
            tdb = open_database(copy)
            prof = cProfile.Profile() if args.profile and run == 0 else None
            t0, c0 = time.perf_counter(), time.process_time()
            if prof:
                prof.enable()
            (res,) = SyncService(tdb).import_files([pkg])
            t_import, c_import = time.perf_counter() - t0, time.process_time() - c0
            if prof:
                prof.disable()
                pstats.Stats(prof).sort_stats("tottime").print_stats(30)
            assert res.status == "imported", res.message
            rates.append(res.new / t_import)
            cpu_rates.append(res.new / c_import)
            print(f"import run {run + 1}: {res.new} new changes in {t_import:.3f} s = {rates[-1]:,.0f} changes/s "
                  f"(CPU {c_import:.3f} s = {cpu_rates[-1]:,.0f}/s)")
            if run == 0:
                town, ts = tdb, SyncService(tdb)
            else:
                tdb.close()
        rate = statistics.median(rates)
        floor = statistics.median(floors)
        cpu_rate, cpu_floor = statistics.median(cpu_rates), statistics.median(cpu_floors)

        t0 = time.perf_counter()
        (again,) = ts.import_files([pkg])
        t_again = time.perf_counter() - t0
        assert again.status == "already"
        print(f"re-import of the seen package: {t_again * 1000:.1f} ms")

        with comm.read() as s:
            rows = [dict(zip(KEYS, r, strict=True)) for r in s.execute(select(*COLS)).tuples()]
        for r in rows:
            r["fields"] = json.loads(r["fields"])
            r["base"] = json.loads(r["base"]) if r["base"] else None
        plain = json.dumps(rows, ensure_ascii=False).encode()
        print(f"size: package {exp.bytes} bytes, plain JSON {len(plain)} bytes of the same {len(rows)} changes "
              f"= {exp.bytes / len(plain):.1%}")
        print()
        print(f"floor (bare sqlite3 executemany of the same rows, same tables, median of {args.runs}): "
              f"{floor:,.0f} changes/s; import / floor = {rate / floor:.2f}")
        print(f"by CPU time (this process; a busy machine stretches wall time): import {cpu_rate:,.0f}/s, "
              f"floor {cpu_floor:,.0f}/s, ratio {cpu_rate / cpu_floor:.2f}")
        print(f"targets: import >= 20,000/s: {rate:,.0f} (median of {args.runs}); re-import <= 100 ms: {t_again * 1000:.0f}; "
              f"export <= 2 s: {t_export:.2f}; size <= 30%: {exp.bytes / len(plain):.1%}")
        town.close()
        comm.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
