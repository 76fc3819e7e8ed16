"""Resident import through the CLI against its floors, measured in the same run.

    python bench/import.py [--rows 100000] [--runs 1] [--profile OUT.prof] [--keep DIR]

Generates a ledger of new residents (Faker names, valid generated ID numbers, phones, addresses, 户号 with
与户主关系, 楼栋 + 单元 + 房号: about three people a household, households in buildings; no real person's data),
then measures:
- the whole command: `python -m gridapp residents import LEDGER.xlsx` as a grid worker of an initialised,
  encrypted grid installation (a fresh copy each run), wall clock of the process: start-up, login (key
  derivation), the backup before the import, reading, checks, households and buildings, the resident rows,
  the change log, the address index, the audit record, the commit;
- the bare floor: python-calamine reads the same sheet, plain sqlite3 executemany of its cells into a simple
  table of a fresh file (one transaction);
- the project's own table: python-calamine reads the sheet, plain sqlite3 executemany of the same people into
  the `resident` table (with its indexes, unencrypted, no change log, households or address index; the
  derived pinyin columns computed before the clock starts) of a fresh database at schema head;
- for reference, the bare floor into an SQLCipher file with the project's key pragma.
Prints rows/s and the ratios of the command to each floor. `--profile` runs the command once more under
cProfile and prints the top functions by own and by cumulative time.

Notes (#11, 2026-12-05, 100,000 rows, a 2-core machine shared by ~7 agents: load average 11-15, so wall times
varied 4x between runs of the same code; the CPU seconds are the figures to compare). `--baseline` = main at
5f1a592, interleaved in the same run:
- CPU of the command: 14.96 s (main) -> 12.70 s (this branch); bare floor 1.42 s: ratio 0.095 -> 0.112
  (own-table floor 5.17 s: 0.346 -> 0.407). The goal (>= 0.30 of the bare floor) is NOT met.
- What went: the address index inserted in FTS key order (FTS5 flushed a segment at nearly every unsorted
  key: 1.43 -> 0.41 s), the change log of a bulk insert built by SQLite from the inserted rows (json_object,
  the same text as encode_fields: Python's encoding, dict per row and the log's executemany, ~0.8 s), the
  ID check digit from the character codes (~0.1 s).
- Where the 12.4 s of the service go now (CPU, in-process): reading the sheet 1.8 (calamine 1.2 of it), checks
  2.0, matching and households 0.6, the resident rows' Python 1.2 (derived pinyin, dicts, type processing),
  their executemany 1.4, the change log 0.5, the address index 0.4, rebuilding the indexes 2.1 (14 on
  resident, 2 on change_log, 2 on household), commit and the rest ~1.
- Every one of the 14 resident indexes is chosen by SQLite for some service query (EXPLAIN QUERY PLAN of each
  statement on `resident` run by the services, indicators, reports, party, worklog and CLI residents tests):
  none was dropped.

Second round (#11, 2026-12-05 16:00-16:35, load average 10-15; branch `import` against main 0ba3b3f):
- bench/import.py --runs 2 --baseline, same run: CPU command 12.71 s vs main 12.68 s; bare floor 1.42 s (ratio
  0.112 both), own-table floor 5.21 s (0.410 vs 0.411). In-process CPU (/tmp harness, alternating main/branch,
  2 runs each): 12.83/12.14 (main) vs 12.53/12.51 (branch): the differences are within the machine's noise.
- Measurably better: rebuilding the indexes 1.76-1.95 -> 1.44-1.49 s (indexes the load adds to in key order
  are kept: ix_resident_unit_code, the two household_id ones, ix_household_unit_code and both change-log
  ones; their upkeep during the insert measured 0.01 s on plain SQLite). Per-cell reading of clean text and
  coded cells, the blank-row test and the person-field checks were trimmed (~0.2-0.4 s in-process, not
  visible in the totals above).
- Tried and dropped: the insert's parameters built column by column (map + zip): 0.52-0.64 s against 0.35 s
  for itemgetter per row; a 300-400 MB page cache for the load: no difference beyond noise.
- Floors of what is left (plain SQLite, 100k rows): the 18 indexes built 1.35 s, calamine's parse 1.0 s, the
  database grows 170 MB (change log 55 MB, resident 32 MB, indexes ~60 MB, FTS 12 MB) and all of it is
  encrypted and written twice (WAL, checkpoint). The goal (>= 0.30 of the bare floor: <= 4.7 s CPU for the
  whole command) is below the cost of the indexes + the change log + calamine alone; NOT met.

Third round (#11, 2026-12-06 05:00-05:45, branch `impspeed` against main 2044fdc, load average 4-12):
- The storage floor (new): calamine + plain SQL writing what the command stores (33k households, 100k residents,
  the address index, a change-log row each with its fields built by SQLite, the dropped indexes built again,
  commit and close) on an encrypted database: 5.75 s CPU, 11.29 s wall, against the bare floor's 1.56 s CPU and
  3.08 s wall in the same run: bare / storage = 0.272 (wall and CPU). With no Python at all, a command that
  stores the same cannot reach 0.30 of the bare floor: the goal needs fewer indexes, a smaller change log or
  no encryption (each a change of behaviour, not of speed). The command's time beyond the storage floor:
  7.4 s CPU (start-up and imports ~0.6, login 0.2, the rows' checks ~2.7, the rows' Python in the writes ~1.5,
  the rest SQLAlchemy, audit, backup).
- bench/import.py --runs 2 --baseline, same run: CPU command 13.14 s vs main 14.46 s; bare floor 1.56 s: ratio
  0.119 vs 0.108 (own-table floor 5.62 s: 0.428 vs 0.389). Wall ratios (0.091 vs 0.101) are the machine's noise:
  3 more interleaved pairs (main, branch) gave CPU 15.58/13.56, 14.50/13.04, 13.84/12.76 (median 14.50 -> 13.04,
  -10%, the branch lower in every pair) with wall times of 72-93 s each, set by the other agents' load.
- What went: the cyclic garbage collector paused during prepare and apply (the rows' objects are not cyclic;
  in-process 0.3-1.0 s CPU), birth dates of ID numbers remembered (IdInfo a NamedTuple), a clean mobile taken as
  it is, the plan's counts in one pass. Tried and not taken: to_python() instead of iter_rows() (the same 0.3 s).
  Not tried: PRAGMA threads for the index builds (each index's sort fits in the load's memory, where SQLite's
  sorter uses no worker threads; unmeasured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pstats
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridapp.core import codes  # noqa: E402
from gridapp.core.idnumber import make_id  # noqa: E402

GRID = "370303001001001"
PASSWORD = "Bench-import-2026!"
WORKER_PASSWORD = "Bench-import-2026-changed!"  # the worker changes the administrator-set password once, at set-up
CPU: dict[str, list[float]] = {"command": [], "bare": [], "own": [], "storage": []}  # CPU seconds (user + system) per run
RELATIONS = [codes.RELATION[c] for c in ("10", "20", "30", "50", "40")]


def ledger(path: Path, rows: int, seed: int = 5) -> int:
    from faker import Faker
    from openpyxl import Workbook

    rng = random.Random(seed)
    fake = Faker("zh_CN")  # generated names: not real people
    fake.seed_instance(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("居民")
    ws.append(["网格编码", "姓名", "公民身份号码", "性别", "民族", "联系电话", "户号", "与户主关系", "现住址",
               "楼栋", "单元", "房号"])
    seen: set[str] = set()
    n = household = 0
    base = dt.date(1940, 1, 1)
    while n < rows:
        household += 1
        size = min(rows - n, rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)))
        building = household // 60 + 1
        unit = household % 60 // 20 + 1
        room = f"{household % 20 // 2 + 1}0{household % 2 + 1}"
        address = f"幸福路{building // 10 + 1}号院{building}号楼{unit}单元{room}室"
        for k in range(size):
            while True:
                born = base + dt.timedelta(days=rng.randint(0, 30000))
                idn = make_id("370303", born, rng.randint(0, 999))
                if idn not in seen:
                    seen.add(idn)
                    break
            ws.append([GRID, fake.name(), idn, "男" if int(idn[16]) % 2 else "女", "汉族",
                       f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}", f"H{household:06d}",
                       "户主" if k == 0 else RELATIONS[(k - 1) % len(RELATIONS)], address,
                       f"{building}号楼", str(unit), room])
            n += 1
    wb.save(path)
    return n


def cli(*args: str, env: dict[str, str], profile: Path | None = None, root: Path = ROOT) -> subprocess.CompletedProcess:
    pre = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else []) + ["-m", "gridapp"]
    return subprocess.run([*pre, *args], env={**env, "PYTHONPATH": str(root)}, capture_output=True, text=True,
                          cwd=root)


def installation(folder: Path) -> Path:
    """An initialised encrypted grid installation with a grid worker who has changed the password the
    administrator set (kept as a template: copied per run)."""
    db = folder / "template" / "grid.sqlite3"
    db.parent.mkdir(parents=True)
    env = {**os.environ, "GRIDAPP_NEW_PASSWORD": PASSWORD, "GRIDAPP_PASSWORD": PASSWORD}
    for args in (["init", "--unit", GRID, "--name", "第1网格", "--level", "grid", "--admin", "admin"],
                 ["--user", "admin", "users", "add", "--name", "worker", "--role", "grid_worker", "--unit", GRID]):
        r = cli("--db", str(db), *args, env=env)
        if r.returncode != 0:
            raise SystemExit(f"set-up failed: {' '.join(args)}\n{r.stdout}\n{r.stderr}")
    r = cli("--db", str(db), "--user", "worker", "users", "passwd",
            env={**env, "GRIDAPP_NEW_PASSWORD": WORKER_PASSWORD})
    if r.returncode != 0:
        raise SystemExit(f"set-up failed: users passwd\n{r.stdout}\n{r.stderr}")
    return db


def fresh_copy(template: Path, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for p in template.parent.iterdir():
        if p.is_file():
            shutil.copy2(p, folder / p.name)
    return folder / template.name


def command(template: Path, xlsx: Path, folder: Path, profile: Path | None = None, root: Path = ROOT,
            cpu: str = "command") -> tuple[float, dict]:
    db = fresh_copy(template, folder)
    env = {**os.environ, "GRIDAPP_PASSWORD": WORKER_PASSWORD}
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = cli("--db", str(db), "--user", "worker", "residents", "import", str(xlsx), "--json", env=env,
            profile=profile, root=root)
    t = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(cpu, []).append(c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime)
    if r.returncode != 0:
        raise SystemExit(f"import failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    return t, json.loads(r.stdout)


def read_sheet(xlsx: Path) -> list[list]:
    import python_calamine as calamine

    wb = calamine.CalamineWorkbook.from_path(str(xlsx))
    rows = wb.get_sheet_by_index(0).to_python()
    wb.close()
    return rows[1:]


def bare_floor(xlsx: Path, folder: Path, connect=sqlite3.connect) -> float:
    path = folder / "bare.sqlite3"
    path.unlink(missing_ok=True)
    c0 = time.process_time()
    t0 = time.perf_counter()
    rows = read_sheet(xlsx)
    con = connect(str(path))
    con.execute("CREATE TABLE person (grid TEXT, name TEXT, id_number TEXT, gender TEXT, ethnicity TEXT, "
                "phone TEXT, household_no TEXT, relation TEXT, address TEXT, building TEXT, unit TEXT, room TEXT)")
    with con:
        con.executemany("INSERT INTO person VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.close()
    t = time.perf_counter() - t0
    if connect is sqlite3.connect:
        CPU["bare"].append(time.process_time() - c0)
    return t


def cipher_connect(path: str):
    from gridapp.db.database import _key_pragma, _sqlcipher

    con = _sqlcipher().dbapi2.connect(path)
    con.execute(_key_pragma(os.urandom(32)))
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    return con


def own_table_floor(xlsx: Path, folder: Path) -> float:
    from gridapp.db.database import open_database
    from gridapp.db.derived import derive_resident
    from gridapp.services.units import UnitService

    path = folder / "own.sqlite3"
    db = open_database(path, create=True)
    UnitService(db).initialise(GRID, "第1网格", "grid")
    db.close()
    derived = {}
    for row in read_sheet(xlsx):  # derived columns before the clock (the project's derivation, not the floor)
        derived[row[2]] = derive_resident({"name": row[1], "id_number": row[2], "phone": row[5]})
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA cache_size=-32000")  # as the project's connections
    c0 = time.process_time()
    t0 = time.perf_counter()
    values = []
    for i, (grid, name, idn, gender, _eth, phone, _hno, _rel, addr, *_rest) in enumerate(read_sheet(xlsx)):
        d = derived[idn]
        born = f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}"
        values.append((f"{i:032d}", grid, "raw", i, i, "{}", 0, idn, name, "1" if gender == "男" else "2", born,
                       "01", phone, addr, "1", "active", d["name_pinyin"], d["name_initials"], d["id_rev"],
                       d["phone_rev"]))
    with con:
        con.executemany(
            "INSERT INTO resident (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
            "id_number, name, gender, birth_date, ethnicity, phone, current_address, resident_type, status, "
            "name_pinyin, name_initials, id_rev, phone_rev) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            values)
    t = time.perf_counter() - t0
    CPU["own"].append(time.process_time() - c0)
    con.close()
    return t


def storage_floor(xlsx: Path, folder: Path) -> float:
    """calamine reads the sheet, then plain SQL writes what the command must store, on an encrypted database at
    schema head (the project's key pragma and connection settings, the load's page cache): the households and
    the residents (ids, clocks and derived columns made before the clock starts), the address index, a change-log
    row for each (its fields built by SQLite, as the command does) and the indexes dropped for the load built
    again, committed and closed (checkpoint). No checks, no Python per row beyond the tuples: what is left of
    the command once its Python is gone."""
    from gridapp.core.ids import uuid7s
    from gridapp.db.database import SCHEMA_HEAD, _key_pragma, _sqlcipher, open_database
    from gridapp.db.derived import derive_resident
    from gridapp.db.search_index import _END_SQL, FTS_TABLE, _key_sql
    from gridapp.services.units import UnitService
    from gridapp.sync.changelog import IN_ORDER_INDEXES, LOAD_CACHE_KB

    path = folder / "storage.sqlite3"
    for p in folder.glob("storage.sqlite3*"):
        p.unlink()
    key = os.urandom(32)
    db = open_database(path, create=True, key=key)
    UnitService(db).initialise(GRID, "第1网格", "grid")
    node = db.node_id
    db.close()
    sheet = read_sheet(xlsx)
    derived = {row[2]: derive_resident({"name": row[1], "id_number": row[2], "phone": row[5]}) for row in sheet}
    hids = {no: hid for no, hid in zip(dict.fromkeys(row[6] for row in sheet), uuid7s(len(sheet)), strict=False)}
    rids = iter(uuid7s(len(sheet)))
    relation = {label: code for code, label in codes.RELATION.items()}
    con = _sqlcipher().dbapi2.connect(str(path))
    con.isolation_level = None
    con.execute(_key_pragma(key))
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", f"cache_size=-{LOAD_CACHE_KB}",
                   "temp_store=2"):
        con.execute(f"PRAGMA {pragma}")
    c0 = time.process_time()
    t0 = time.perf_counter()
    rows = read_sheet(xlsx)
    con.execute("BEGIN IMMEDIATE")
    dropped = []
    for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                 "AND tbl_name IN ('resident', 'household')").fetchall():
        if name not in IN_ORDER_INDEXES:
            con.execute(f'DROP INDEX "{name}"')
            dropped.append(sql)
    def seq() -> int:  # this node's last change number (the tables' rowids start at 1: the load's rows are all)
        return con.execute("SELECT coalesce(max(node_seq), 0) FROM change_log WHERE node_id = ?", (node,)).fetchone()[0]

    households, seen = [], set()
    for i, row in enumerate(rows):
        if row[6] not in seen:
            seen.add(row[6])
            households.append((hids[row[6]], GRID, node, i, i, "{}", 0, row[8], row[6], row[11]))
    con.executemany("INSERT INTO household (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, "
                    "address, household_no, room) VALUES (?,?,?,?,?,?,?,?,?,?)", households)
    log = ("INSERT INTO change_log (node_id, node_seq, table_name, row_id, unit_code, op, hlc, fields, base, "
           "schema_rev) SELECT ?, rowid + ?, ?, id, unit_code, 'insert', created_hlc, json_patch('{{}}', json_object("
           "{fields})), NULL, ? FROM {table}")
    con.execute(log.format(table="household", fields="'address', address, 'household_no', household_no, 'room', room, "
                           "'unit_code', unit_code"), (node, seq(), "household", SCHEMA_HEAD))
    values = []
    for i, (grid, name, idn, gender, _eth, phone, hno, rel, addr, *_rest) in enumerate(rows):
        d = derived[idn]
        values.append((next(rids), grid, node, i, i, "{}", 0, idn, name, "1" if gender == "男" else "2",
                       f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}", "01", phone, addr, "1", "active", hids[hno],
                       relation.get(rel, "10"), d["name_pinyin"], d["name_initials"], d["id_rev"], d["phone_rev"]))
    con.executemany(
        "INSERT INTO resident (id, unit_code, origin_node, created_hlc, row_hlc, field_clocks, deleted, id_number, "
        "name, gender, birth_date, ethnicity, phone, current_address, resident_type, status, household_id, "
        "relation_to_head, name_pinyin, name_initials, id_rev, phone_rev) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
    con.execute(f"INSERT INTO {FTS_TABLE} (rowid, address) SELECT {_key_sql('resident')}, current_address || "
                f"{_END_SQL} FROM resident WHERE current_address IS NOT NULL ORDER BY 1")
    con.execute(log.format(table="resident", fields=", ".join(f"'{c}', {c}" for c in (
        "birth_date", "current_address", "ethnicity", "gender", "household_id", "id_number", "name", "phone",
        "relation_to_head", "resident_type", "status", "unit_code"))), (node, seq(), "resident", SCHEMA_HEAD))
    for sql in dropped:
        con.execute(sql)
    con.execute("COMMIT")
    con.close()
    t = time.perf_counter() - t0
    CPU["storage"].append(time.process_time() - c0)
    return t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=1, help="runs of each measurement (median)")
    ap.add_argument("--profile", type=Path, help="also run the command under cProfile, stats to this file")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (the ledger is reused)")
    ap.add_argument("--baseline", type=Path, help="also run the command from this source tree (e.g. an earlier "
                    "commit's `git archive`), interleaved, for a before/after in the same run")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gridapp-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        xlsx = folder / f"ledger-{args.rows}.xlsx"
        if not xlsx.exists():
            t0 = time.perf_counter()
            n = ledger(xlsx, args.rows)
            print(f"ledger: {n} rows generated in {time.perf_counter() - t0:.1f} s")
        n = args.rows
        if (folder / "template").exists():
            shutil.rmtree(folder / "template")
        template = installation(folder)
        cmd, bare, own, cipher, storage, base = [], [], [], [], [], []
        out: dict = {}
        for _ in range(args.runs):  # interleaved, so that a busy machine slows each alike
            t, out = command(template, xlsx, folder / "run")
            cmd.append(t)
            if args.baseline:
                base.append(command(template, xlsx, folder / "run", root=args.baseline, cpu="baseline")[0])
            bare.append(bare_floor(xlsx, folder))
            own.append(own_table_floor(xlsx, folder / "run"))
            cipher.append(bare_floor(xlsx, folder, cipher_connect))
            storage.append(storage_floor(xlsx, folder / "run"))
        if out.get("inserted") != n:
            raise SystemExit(f"expected {n} inserted, the command said {out}")
        t_cmd, t_bare, t_own, t_cipher, t_store = (statistics.median(x) for x in (cmd, bare, own, cipher, storage))
        print(f"whole command (residents import, encrypted grid installation): {t_cmd:.2f} s, {n / t_cmd:,.0f} rows/s "
              f"({out['inserted']} inserted, {out['households']} households, {out['buildings']} buildings)"
              + (f"; runs {', '.join(f'{x:.2f}' for x in cmd)}" if args.runs > 1 else ""))
        if base:
            t_base, c_base = statistics.median(base), statistics.median(CPU["baseline"])
            print(f"baseline command ({args.baseline}): {t_base:.2f} s, {n / t_base:,.0f} rows/s, CPU {c_base:.2f} s"
                  + (f"; runs {', '.join(f'{x:.2f}' for x in base)}" if args.runs > 1 else ""))
        print(f"bare floor (calamine + sqlite3 executemany, simple table): {t_bare:.2f} s, {n / t_bare:,.0f} rows/s")
        print(f"own-table floor (calamine + sqlite3 executemany into resident): {t_own:.2f} s, {n / t_own:,.0f} rows/s")
        print(f"(reference: bare floor into SQLCipher: {t_cipher:.2f} s, {n / t_cipher:,.0f} rows/s)")
        print(f"storage floor (calamine + plain SQL writing what the command stores, encrypted: residents, households, "
              f"address index, change log, indexes, commit): {t_store:.2f} s, {n / t_store:,.0f} rows/s")
        print(f"ratio of the command to the bare floor: {t_bare / t_cmd:.3f} (goal >= 0.30); "
              f"to the own-table floor: {t_own / t_cmd:.3f}; to the SQLCipher bare floor: {t_cipher / t_cmd:.3f}")
        c_cmd, c_bare, c_own, c_store = (statistics.median(CPU[k]) for k in ("command", "bare", "own", "storage"))
        print(f"CPU seconds (user + system; the machine may be shared): command {c_cmd:.2f}, bare floor "
              f"{c_bare:.2f}, own-table floor {c_own:.2f}; ratios {c_bare / c_cmd:.3f} and {c_own / c_cmd:.3f}")
        print(f"storage floor: {c_store:.2f} s CPU, the command's time beyond it {c_cmd - c_store:.2f} s; the bare floor "
              f"over the storage floor, the most any command storing the same could reach: wall "
              f"{t_bare / t_store:.3f}, CPU {c_bare / c_store:.3f}")
        if base:
            print(f"baseline ratios: wall {t_bare / t_base:.3f} (bare) and {t_own / t_base:.3f} (own table); "
                  f"CPU {c_bare / c_base:.3f} and {c_own / c_base:.3f}")
        if args.profile:
            command(template, xlsx, folder / "run", profile=args.profile)
            stats = pstats.Stats(str(args.profile))
            stats.sort_stats("tottime").print_stats(25)
            stats.sort_stats("cumulative").print_stats(40)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
