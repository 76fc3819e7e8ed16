"""The city hub on PostgreSQL (issue #18), each figure against a floor measured in the same run:

1. import: generated packages from several districts (each a desktop on SQLite for a district of 3 towns x 4
   communities x 5 grids, whose rows went through its change log) imported into a city hub (`SyncService.import_files`, the path a push takes), in changes/s, against the floor:
   the very same rows (households, residents, visits and the change log) written by COPY into the same tables of
   a fresh hub database (no decryption, no checks, no merge: what the disk and PostgreSQL cost at least);
2. the city's indicators (`IndicatorService.compute` for the city and each district, a month and a year) and
   `stats`, against the floor: bare counts of the city's households and of the year's visits;
3. N community nodes pushing and pulling at once over HTTP on 127.0.0.1 against `hub serve` in its own process
   (each node its own thread, one push + pull per round): errors, median and p95.

    python bench/hub.py [--pg postgresql://user@host:port] [--districts 4] [--district-residents 25000]
                        [--nodes 100] [--rounds 1] [--profile]
    python bench/hub.py --indicators-only [--keep-db NAME] ...   (2. alone: the city's rows written straight
        into a hub database by tests/hub/citydata.py, no packages; `--keep-db` builds database NAME once and
        measures it again on later runs, e.g. to compare two checkouts with PYTHONPATH on the same data)

Without --pg (or GRIDAPP_TEST_PG) a throwaway PostgreSQL cluster is started as in the tests (tests/hub/pgcluster.py;
fsync off: figures are a floor of the cost, not a production capacity). Prints raw numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from gridapp.core.permissions import Principal, Role
from gridapp.db.postgres import engine_url, open_pg_database, upgrade
from gridapp.services.hub_sync import HubClient
from gridapp.services.indicators import IndicatorService
from gridapp.services.stats import StatsService
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from tests.hub import citydata

CITY = citydata.CITY
BIG = ("household", "resident", "household_visit", "change_log")


def _admin(base: str, sql: str) -> None:
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _new_db(base: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    _admin(base, f"CREATE DATABASE {name}")
    url = f"{base}/{name}"
    from sqlalchemy import create_engine

    engine = create_engine(engine_url(url))
    upgrade(engine)
    engine.dispose()
    return url


def _hub(base: str, unit: str, level: str, children: list[str]):
    """A hub for `unit` with its direct `children` (whose nodes enrol with it)."""
    url = _new_db(base)
    db = open_pg_database(url, create=True)
    units = UnitService(db)
    units.initialise(unit, f"{level}{unit[-3:]}", level)
    for code in children:
        units.add(code, f"单位{code[-3:]}")
    from gridapp.hub.store import ensure_tables

    ensure_tables(db.engine)
    return url, db


def _enrol(parent_sync: SyncService, child, folder: Path) -> None:
    req, cert = folder / f"{child.node_id}.req", folder / f"{child.node_id}.cert"
    SyncService(child).make_request(req)
    parent_sync.enrol(req, cert)
    SyncService(child).accept(cert)


def _copy_floor(base: str, town_files: list[Path]) -> tuple[float, int]:
    """COPY the towns' big tables (the rows their packages carry, as stored) into a fresh hub database: seconds
    and rows."""
    url = _new_db(base)
    rows = 0
    t0 = time.perf_counter()
    with psycopg.connect(url) as pg:
        for path in town_files:
            lite = sqlite3.connect(path)
            for table in BIG:
                cols = [r[1] for r in lite.execute(f'PRAGMA table_info("{table}")')]
                names = ", ".join(f'"{c}"' for c in cols)
                with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in lite.execute(f'SELECT {names} FROM "{table}"'):
                        copy.write_row(row)
                        rows += 1
            lite.close()
        pg.commit()
    return time.perf_counter() - t0, rows


def _median(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _indicators(hub, districts: int) -> None:
    """2.: the city's indicators for a month and a year and `stats`, against two bare counts."""
    from sqlalchemy import func, select

    from gridapp.db.models import Household, HouseholdVisit

    viewer = IndicatorService(hub, Principal("v", "viewer", Role.VIEWER, CITY, display_name="市领导"),
                              today=lambda: citydata.TODAY)

    def floor() -> None:
        with hub.read() as s:
            s.execute(select(func.count()).select_from(Household).where(
                Household.unit_code.startswith(CITY))).scalar()
            s.execute(select(func.count()).select_from(HouseholdVisit).where(
                HouseholdVisit.visit_date >= citydata.YEAR)).scalar()

    f = _median(floor)
    month = _median(lambda: viewer.compute(CITY, "2026-11"))
    year = _median(lambda: viewer.compute(CITY, "2026"))
    st = _median(lambda: StatsService(hub).stats())
    print(f"floor (two bare counts over the city): {f * 1000:.0f} ms")
    print(f"city indicators, a month: {month * 1000:.0f} ms ({month / f:.1f}x floor); a year: {year * 1000:.0f} ms "
          f"({year / f:.1f}x floor); stats: {st * 1000:.0f} ms", flush=True)
    # the visit rate read from visit_period (kept by triggers since 0021v) against the same figures counted from
    # the visits themselves (the path before 0021v), alternating, each a median of 3: a month, a year, the trend
    kept_rate = IndicatorService.__dict__["_kept"]  # the staticmethod itself
    figures: dict[str, list[float]] = {}
    for _ in range(2):
        for how in ("visit_period", "visits"):
            IndicatorService._kept = kept_rate if how == "visit_period" else staticmethod(lambda s, periods: False)
            try:
                for what, fn in (("month", lambda: viewer.compute(CITY, "2026-11", keys=["visit_rate"])),
                                 ("year", lambda: viewer.compute(CITY, "2026", keys=["visit_rate"])),
                                 ("12-month trend", lambda: viewer.trend("visit_rate", CITY, "2026-11"))):
                    figures.setdefault(f"{what} from {how}", []).append(_median(fn))
            finally:
                IndicatorService._kept = kept_rate
    print("visit rate, the city: " + "; ".join(f"{k} {min(v) * 1000:.0f} ms" for k, v in figures.items()),
          flush=True)


def nodes_at_once(base: str, args: argparse.Namespace, folder: Path) -> None:
    """3.: N community nodes of a town hub pushing and pulling at once over HTTP."""
    districts = [f"{CITY}{i + 1:02d}" for i in range(max(1, args.districts))]
    # -- 3. N nodes syncing at once over HTTP ---------------------------------------------------------------
    town = districts[0] + "001"  # a town's hub (always online) and its communities
    codes = [f"{town}{i:03d}" for i in range(1, args.nodes + 1)]
    url2, hub2 = _hub(base, town, "town", codes)
    (folder / "many").mkdir()
    nodes = []
    t0 = time.perf_counter()
    for i, code in enumerate(codes):
        db = citydata.town_node(folder / "many" / f"{code}.sqlite3", code, args.node_residents, grids=2,
                                seed=100 + i, level="community")
        _enrol(SyncService(hub2), db, folder / "many")
        nodes.append(db)
    hub2.close()
    print(f"{args.nodes} community nodes made and enrolled in {time.perf_counter() - t0:.0f} s", flush=True)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-m", "gridapp", "hub", "serve", "--db", url2, "--listen", f"127.0.0.1:{port}",
               "--rate", "100000"]
    if args.spy:  # sample the hub process with py-spy (collapsed stacks into the file named)
        command = [args.spy_bin, "record", "--nonblocking", "-r", "50", "-f", "raw", "-o", args.spy, "--", *command]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        times: list[float] = []
        errors: list[str] = []
        requests: dict[str, list[float]] = {}  # each HTTP request's time, by kind
        lock = threading.Lock()

        def timed(client: HubClient):
            plain = client._request

            def request(method: str, path: str, **kw):
                kind = f"{method} {path.split('/')[1]}" + ("/finish" if path.endswith("/finish") else "")
                t = time.perf_counter()
                try:
                    return plain(method, path, **kw)
                finally:
                    with lock:
                        requests.setdefault(kind, []).append(time.perf_counter() - t)

            client._request = request  # type: ignore[method-assign]
            return client

        def run(db) -> None:
            with timed(HubClient(db, f"http://127.0.0.1:{port}")) as client:
                for _ in range(args.rounds):
                    t = time.perf_counter()
                    try:
                        client.push()
                        client.pull()
                    except Exception as exc:  # counted, reported
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    with lock:
                        times.append(time.perf_counter() - t)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=run, args=(db,)) for db in nodes]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
    finally:
        os.killpg(server.pid, signal.SIGINT)  # the hub (and py-spy, which then writes its file)
        server.wait(60)
    times.sort()
    p95 = times[max(0, -(-len(times) * 95 // 100) - 1)] if times else float("nan")
    print(f"{args.nodes} nodes x {args.rounds} rounds of push + pull at once (hub in its own process): "
          f"{len(times)} ok, {len(errors)} errors, wall {wall:.1f} s, "
          f"median {statistics.median(times) if times else float('nan'):.2f} s, p95 {p95:.2f} s, "
          f"max {times[-1] if times else float('nan'):.2f} s")
    every = sorted(t for ts in requests.values() for t in ts)
    if every:
        print(f"  HTTP requests: {len(every)}, median {statistics.median(every):.2f} s, "
              f"p95 {every[max(0, -(-len(every) * 95 // 100) - 1)]:.2f} s, max {every[-1]:.2f} s")
    for kind, ts in sorted(requests.items()):
        ts.sort()
        print(f"    {kind}: {len(ts)}, median {statistics.median(ts):.2f} s, "
              f"p95 {ts[max(0, -(-len(ts) * 95 // 100) - 1)]:.2f} s, max {ts[-1]:.2f} s")
    for e in errors[:5]:
        print("  error:", e)
    for db in nodes:
        db.close()


def indicators_only(base: str, args: argparse.Namespace) -> None:
    shape = citydata.Shape(districts=args.districts, towns=3, communities=4, grids=5)
    name = args.keep_db
    if name:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        url = f"{base}/{name}"
        if not exists:
            _admin(base, f"CREATE DATABASE {name}")
            from sqlalchemy import create_engine

            engine = create_engine(engine_url(url))
            upgrade(engine)
            engine.dispose()
    else:
        url, exists = _new_db(base), None
    hub = open_pg_database(url, create=not exists)
    try:
        if not exists:
            t0 = time.perf_counter()
            UnitService(hub).initialise(CITY, "city", "city")
            citydata.units(hub, shape)
            n = citydata.registry(hub, shape, args.districts * args.district_residents)
            citydata.cases(hub, shape)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
            print(f"wrote {n:,} residents of {args.districts} districts in {time.perf_counter() - t0:.0f} s",
                  flush=True)
        _indicators(hub, args.districts)
    finally:
        hub.close()
        if not name:
            _admin(base, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("GRIDAPP_TEST_PG"))
    ap.add_argument("--districts", type=int, default=4, help="districts whose packages the city hub imports")
    ap.add_argument("--district-residents", type=int, default=25_000, help="residents of each district")
    ap.add_argument("--nodes", type=int, default=100, help="communities syncing at once over HTTP")
    ap.add_argument("--node-residents", type=int, default=30, help="residents of each of those communities")
    ap.add_argument("--rounds", type=int, default=1, help="push + pull rounds per node")
    ap.add_argument("--compare-any", action="store_true",
                    help="first import the same packages into another fresh hub with IN lists sent as they are "
                         "(gridapp.db.postgres.ANY_MIN_IDS off), for the before/after of that change")
    ap.add_argument("--profile", action="store_true", help="cProfile the first town's import (top 25 by own time)")
    ap.add_argument("--indicators-only", action="store_true",
                    help="only the city's indicators, over rows written straight into the hub's tables")
    ap.add_argument("--spy", help="with py-spy: sample the hub serving the N nodes into this file (raw stacks)")
    ap.add_argument("--spy-bin", default="py-spy")
    ap.add_argument("--nodes-only", action="store_true", help="only the N nodes syncing at once (3.)")
    ap.add_argument("--keep-db", help="with --indicators-only: the database to build once and measure again")
    args = ap.parse_args()
    cluster = None
    base = args.pg
    if not base:
        from tests.hub.pgcluster import start_cluster

        cluster, why = start_cluster()
        if cluster is None:
            sys.exit(f"no PostgreSQL: {why}")
        base = cluster.url
    base = base.rstrip("/")
    if args.indicators_only:
        try:
            indicators_only(base, args)
        finally:
            if cluster is not None:
                cluster.stop()
        return
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-hub-"))
    if args.nodes_only:
        try:
            nodes_at_once(base, args, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if cluster is not None:
                cluster.stop()
        return
    try:
        # -- 1. import ----------------------------------------------------------------------------------------
        districts = [f"{CITY}{i + 1:02d}" for i in range(args.districts)]
        url, hub = _hub(base, CITY, "city", districts)
        t0 = time.perf_counter()
        packages, files = [], []
        changes = 0
        for i, district in enumerate(districts):
            path = folder / f"{district}.sqlite3"
            db = citydata.town_node(path, district, args.district_residents, seed=i + 1, level="district")
            _enrol(SyncService(hub), db, folder)
            pkg = folder / f"{district}.gridpkg"
            res = SyncService(db).export(CITY, pkg)
            changes += res.changes
            packages.append((pkg, res.changes, res.bytes))
            files.append(path)
            db.close()
        residents = args.districts * (args.district_residents // 3) * 3
        print(f"generated {args.districts} districts ({args.districts * 3} towns), {residents:,} residents, {changes:,} changes, "
              f"{sum(b for _, _, b in packages) / 1e6:.0f} MB of packages in {time.perf_counter() - t0:.0f} s",
              flush=True)
        floor_s, floor_rows = _copy_floor(base, files)
        print(f"floor: COPY of the same {floor_rows:,} rows (the rows and their change-log rows) into the same "
              f"tables: {floor_s:.1f} s, {changes / floor_s:,.0f} changes/s", flush=True)
        if args.compare_any:
            import gridapp.db.postgres as pgmod

            keep, pgmod.ANY_MIN_IDS = pgmod.ANY_MIN_IDS, 10**9
            hub.close()  # a copy of the hub as it is (its identity, keys and enrolled children)
            copy_url = f"{base}/bench_{uuid.uuid4().hex[:10]}"
            _admin(base, f"CREATE DATABASE {copy_url.rsplit('/', 1)[1]} TEMPLATE {url.rsplit('/', 1)[1]}")
            hub = open_pg_database(url)
            other = open_pg_database(copy_url)
            t = time.perf_counter()
            try:
                for pkg, _, _ in packages:
                    [r] = SyncService(other).import_files([pkg])
                    assert r.status == "imported", r.summary()
                off = time.perf_counter() - t
                print(f"import with IN lists as they are: {changes / off:,.0f} changes/s ({off:.1f} s)", flush=True)
            finally:
                pgmod.ANY_MIN_IDS = keep
                other.close()
        sync = SyncService(hub)
        per = []
        t_all = time.perf_counter()
        for k, (pkg, n, _) in enumerate(packages):
            prof = cProfile.Profile() if args.profile and k == 0 else None
            t = time.perf_counter()
            if prof:
                prof.enable()
            [r] = sync.import_files([pkg])
            if prof:
                prof.disable()
            per.append(time.perf_counter() - t)
            assert r.status == "imported", r.summary()
            print(f"  district {k + 1}: {n:,} changes in {per[-1]:.1f} s, {n / per[-1]:,.0f} changes/s", flush=True)
            if prof:
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
                print(out.getvalue())
        import_s = time.perf_counter() - t_all
        print(f"import into the city hub: {changes:,} changes in {import_s:.1f} s, {changes / import_s:,.0f} changes/s "
              f"(floor {changes / floor_s:,.0f} changes/s; hub/floor time {import_s / floor_s:.1f})", flush=True)

        # -- 2. the city's indicators -------------------------------------------------------------------------
        with psycopg.connect(url, autocommit=True) as conn:
            t = time.perf_counter()
            conn.execute("ANALYZE")
            print(f"ANALYZE after the import: {time.perf_counter() - t:.1f} s")
        citydata.cases(hub, citydata.Shape(districts=args.districts, towns=3, communities=4, grids=5))
        viewer = IndicatorService(hub, Principal("v", "viewer", Role.VIEWER, CITY, display_name="市领导"),
                                  today=lambda: citydata.TODAY)
        from sqlalchemy import func, select

        from gridapp.db.models import Household, HouseholdVisit

        def floor() -> None:
            with hub.read() as s:
                s.execute(select(func.count()).select_from(Household).where(
                    Household.unit_code.startswith(CITY))).scalar()
                s.execute(select(func.count()).select_from(HouseholdVisit).where(
                    HouseholdVisit.visit_date >= citydata.YEAR)).scalar()

        f = _median(floor)
        month = _median(lambda: viewer.compute(CITY, "2026-11"))
        year = _median(lambda: viewer.compute(CITY, "2026"))
        st = _median(lambda: StatsService(hub).stats())
        print(f"floor (two bare counts over the city): {f * 1000:.0f} ms")
        print(f"city indicators, a month: {month * 1000:.0f} ms ({month / f:.1f}x floor); a year: {year * 1000:.0f} ms "
              f"({year / f:.1f}x floor); stats: {st * 1000:.0f} ms")
        hub.close()
        # the same with PostgreSQL's default work_mem (4 MB) instead of the hub's sessions' (SESSION_OPTIONS)
        from sqlalchemy import event

        plain = open_pg_database(url)

        @event.listens_for(plain.engine, "connect")
        def _default_work_mem(dbapi_conn, _record) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute("SET work_mem = '4MB'")
            dbapi_conn.commit()

        other = IndicatorService(plain, Principal("v", "viewer", Role.VIEWER, CITY, display_name="市领导"),
                                 today=lambda: citydata.TODAY)
        m2 = _median(lambda: other.compute(CITY, "2026-11"))
        y2 = _median(lambda: other.compute(CITY, "2026"))
        print(f"  the same with work_mem 4 MB (PostgreSQL's default): a month {m2 * 1000:.0f} ms, a year {y2 * 1000:.0f} ms")
        plain.close()

        nodes_at_once(base, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
