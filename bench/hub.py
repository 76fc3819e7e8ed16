"""The hub on PostgreSQL (issue #18): import rate into the hub, against the same package into a SQLite town (the
floor, measured in the same run), and concurrent syncs over HTTP on 127.0.0.1 (p95 of one node's push + pull).

    python bench/hub.py [--pg postgresql://user@host:port] [--residents 10000] [--nodes 20] [--rounds 2]

Without --pg (or GRIDAPP_TEST_PG) a throwaway PostgreSQL cluster is started as in the tests (tests/hub/pgcluster.py).
Prints raw numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from gridapp.db.database import open_database
from gridapp.db.postgres import engine_url, open_pg_database, upgrade
from gridapp.demo import DemoGenerator
from gridapp.hub.app import Hub, HubSettings, create_app
from gridapp.services.hub_sync import HubClient
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService

TOWN = "370303001"


def _admin(base: str, sql: str) -> None:
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _new_db(base: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    _admin(base, f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def _hub(base: str, communities: list[str]):
    url = _new_db(base)
    from sqlalchemy import create_engine

    engine = create_engine(engine_url(url))
    upgrade(engine)
    engine.dispose()
    db = open_pg_database(url)
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", "town")
    for i, code in enumerate(communities):
        units.add(code, f"社区{i + 1}")
    return db


def _community(folder: Path, code: str):
    db = open_database(folder / f"{code}.sqlite3", create=True)
    UnitService(db).initialise(code, f"社区{code[-3:]}", "community")
    return db


def _enrol(parent_sync: SyncService, child, folder: Path) -> None:
    req, cert = folder / f"{child.node_id}.req", folder / f"{child.node_id}.cert"
    SyncService(child).make_request(req)
    parent_sync.enrol(req, cert)
    SyncService(child).accept(cert)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("GRIDAPP_TEST_PG"))
    ap.add_argument("--residents", type=int, default=10_000, help="residents of the community whose package is imported")
    ap.add_argument("--nodes", type=int, default=20, help="communities syncing at once over HTTP")
    ap.add_argument("--node-residents", type=int, default=50, help="residents of each of those communities")
    ap.add_argument("--rounds", type=int, default=2, help="push + pull rounds per node")
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
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-hub-"))
    try:
        # -- import rate ------------------------------------------------------------------------
        comm_code = TOWN + "001"
        comm = _community(folder, comm_code)
        t0 = time.perf_counter()
        demo = DemoGenerator(comm, seed=1).run(args.residents)
        print(f"demo data: {demo.residents} residents in {time.perf_counter() - t0:.1f} s")
        hub = _hub(base, [comm_code])
        town = open_database(folder / "town.sqlite3", create=True)
        UnitService(town).initialise(TOWN, "城东街道", "town")
        UnitService(town).add(comm_code, "社区1")
        _enrol(SyncService(hub), comm, folder)
        pkg_hub = folder / "hub.gridpkg"
        res = SyncService(comm).export(TOWN, pkg_hub)
        print(f"package: {res.changes} changes, {res.bytes / 1024 / 1024:.1f} MB")
        t0 = time.perf_counter()
        [r] = SyncService(hub).import_files([pkg_hub])
        pg_s = time.perf_counter() - t0
        assert r.status == "imported", r.summary()
        # floor: the same community's changes into a SQLite town (the community enrolled there instead: the same
        # changes, addressed to the town)
        _enrol(SyncService(town), comm, folder)
        pkg_town = folder / "town.gridpkg"
        SyncService(comm).export(TOWN, pkg_town)
        t0 = time.perf_counter()
        [r2] = SyncService(town).import_files([pkg_town])
        sqlite_s = time.perf_counter() - t0
        assert r2.status == "imported", r2.summary()
        print(f"import into the hub (PostgreSQL): {pg_s:.2f} s, {res.changes / pg_s:,.0f} changes/s")
        print(f"import into a town (SQLite, floor): {sqlite_s:.2f} s, {res.changes / sqlite_s:,.0f} changes/s")
        print(f"ratio PostgreSQL / SQLite time: {pg_s / sqlite_s:.2f}")
        hub.close()
        town.close()
        comm.close()

        # -- concurrent syncs over HTTP -----------------------------------------------------------
        codes = [f"{TOWN}{i:03d}" for i in range(1, args.nodes + 1)]
        hub = _hub(base, codes)
        nodes = []
        (folder / "many").mkdir()
        for code in codes:
            db = _community(folder / "many", code)
            DemoGenerator(db, seed=int(code[-3:])).run(args.node_residents)
            _enrol(SyncService(hub), db, folder / "many")
            nodes.append(db)
        from tests.hub.conftest import serve

        served = serve(create_app(Hub(hub, HubSettings(rate_per_minute=100_000))))
        times: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def run(db) -> None:
            with HubClient(db, served.url) as client:
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
        served.stop()
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)] if times else float("nan")
        print(f"{args.nodes} nodes x {args.rounds} rounds of push + pull at once: {len(times)} ok, {len(errors)} errors, "
              f"wall {wall:.1f} s, median {statistics.median(times) if times else float('nan'):.2f} s, p95 {p95:.2f} s")
        for e in errors[:5]:
            print("  error:", e)
        for db in nodes:
            db.close()
        hub.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
