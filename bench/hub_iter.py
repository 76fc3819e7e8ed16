"""Iterate on the hub's import speed: districts' packages generated once (kept in a folder, with a template hub
database that enrolled them), then imported again and again into a fresh copy of that hub, against the COPY floor.

    python bench/hub_iter.py --pg URL --tag t200k --districts 2 --district-residents 100000 [--profile] [--floor]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.hub import CITY, _admin, _copy_floor, _enrol, _hub
from gridapp.db.postgres import open_pg_database
from gridapp.services.sync import SyncService
from tests.hub import citydata


def setup(base: str, folder: Path, tag: str, districts: int, residents: int) -> dict:
    meta_path = folder / "meta.json"
    if meta_path.exists():
        return json.loads(meta_path.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    codes = [f"{CITY}{i + 1:02d}" for i in range(districts)]
    url, hub = _hub(base, CITY, "city", codes)
    packages, files = [], []
    for i, district in enumerate(codes):
        path = folder / f"{district}.sqlite3"
        db = citydata.town_node(path, district, residents, seed=i + 1, level="district")
        _enrol(SyncService(hub), db, folder)
        pkg = folder / f"{district}.gridpkg"
        res = SyncService(db).export(CITY, pkg)
        packages.append([str(pkg), res.changes])
        files.append(str(path))
        db.close()
    hub.close()
    tpl = f"tpl_{tag}"
    _admin(base, f"ALTER DATABASE {url.rsplit('/', 1)[1]} RENAME TO {tpl}")
    meta = {"template": tpl, "packages": packages, "files": files}
    meta_path.write_text(json.dumps(meta))
    return meta


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--districts", type=int, default=2)
    ap.add_argument("--district-residents", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--floor", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    base = args.pg.rstrip("/")
    folder = Path("/tmp/hubiter") / args.tag
    t = time.perf_counter()
    meta = setup(base, folder, args.tag, args.districts, args.district_residents)
    changes = sum(n for _, n in meta["packages"])
    print(f"setup {time.perf_counter() - t:.0f} s; {changes:,} changes", flush=True)
    if args.floor:
        fs, rows = _copy_floor(base, [Path(f) for f in meta["files"]])
        print(f"floor: {rows:,} rows in {fs:.1f} s, {changes / fs:,.0f} changes/s", flush=True)
    name = f"it_{uuid.uuid4().hex[:8]}"
    _admin(base, f"CREATE DATABASE {name} TEMPLATE {meta['template']}")
    url = f"{base}/{name}"
    hub = open_pg_database(url)
    try:
        sync = SyncService(hub)
        t_all = time.perf_counter()
        for k, (pkg, n) in enumerate(meta["packages"]):
            prof = cProfile.Profile() if args.profile and k == 0 else None
            t = time.perf_counter()
            if prof:
                prof.enable()
            [r] = sync.import_files([pkg])
            if prof:
                prof.disable()
            dt_ = time.perf_counter() - t
            assert r.status == "imported", r.summary()
            print(f"  district {k + 1}: {n:,} changes in {dt_:.1f} s, {n / dt_:,.0f} changes/s", flush=True)
            if prof:
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(30)
                print(out.getvalue())
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
                print(out.getvalue())
        total = time.perf_counter() - t_all
        print(f"import: {changes:,} changes in {total:.1f} s, {changes / total:,.0f} changes/s", flush=True)
        with psycopg.connect(url) as c:
            print("rows:", c.execute("SELECT (SELECT count(*) FROM resident), (SELECT count(*) FROM change_log),"
                                     " (SELECT count(*) FROM visit_period)").fetchone())
    finally:
        hub.close()
        if not args.keep:
            _admin(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
