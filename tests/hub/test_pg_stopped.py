"""PostgreSQL really stopped in the middle of an import (issue #18, bad input): `pg_ctl stop -m immediate` while the
hub holds a part's transaction open. After the restart nothing of that part is in (all or nothing per part), the
parts committed before it are, and the node's next push resumes at the part not done.

Its own throwaway cluster (the other tests' server is not stopped), durable commits (a commit acknowledged is
written before the server stops; fsync stays off: the server dies, not the machine).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, func, select

import gridapp.services.sync as sync_module
from gridapp.core.orgcode import level_of
from gridapp.db.models import ChangeLog, Resident, SyncPackageIn, SyncPartIn
from gridapp.db.postgres import engine_url, open_pg_database, upgrade
from gridapp.demo import DemoGenerator
from gridapp.hub.app import Hub, create_app
from gridapp.services.hub_sync import HubClient, HubError
from gridapp.services.units import UnitService
from tests.hub.conftest import _admin, serve
from tests.hub.pgcluster import Cluster, start_cluster
from tests.sync.nodes import C1, NAMES, TOWN, make_node


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    found, why = start_cluster(durable=True)
    if found is None:
        if os.environ.get("GRIDAPP_REQUIRE_PG"):
            pytest.fail(f"GRIDAPP_REQUIRE_PG 已设置，但无法启动 PostgreSQL：{why}")
        pytest.skip(f"no PostgreSQL: {why}")
    yield found
    found.stop()


def _counts(db, node_id: str) -> tuple[int, int, list[tuple[int, int]]]:
    """(the node's changes in the hub's log, residents, [(part, changes) done])."""
    with db.read() as s:
        logged = s.execute(select(func.count()).select_from(ChangeLog).where(ChangeLog.node_id == node_id)).scalar()
        people = s.execute(select(func.count()).select_from(Resident)).scalar()
        parts = s.execute(select(SyncPartIn.part_no, SyncPartIn.applied).order_by(SyncPartIn.part_no)).tuples().all()
    return logged, people, list(parts)


def test_postgresql_stopped_mid_import_keeps_whole_parts_and_the_push_resumes(cluster, template_db, tmp_path,
                                                                               monkeypatch):
    url = f"{cluster.url}/hub"
    _admin(cluster.url, "CREATE DATABASE hub")
    engine = create_engine(engine_url(url))
    upgrade(engine)
    engine.dispose()
    db = open_pg_database(url, create=True)
    UnitService(db).initialise(TOWN, NAMES[TOWN], level_of(TOWN))
    UnitService(db).add(C1, NAMES[C1])
    hub = Hub(db)
    served = serve(create_app(hub))
    c1 = make_node(template_db, tmp_path, C1)
    try:
        c1.sync.make_request(tmp_path / "c1.req")
        hub.sync.enrol(tmp_path / "c1.req", tmp_path / "c1.cert")
        c1.sync.accept(tmp_path / "c1.cert")
        DemoGenerator(c1.db).run(3500)  # several parts of PART_SIZE changes
        with c1.db.read() as s:
            made = s.execute(select(func.count()).select_from(ChangeLog)).scalar()

        real = sync_module.apply_changes
        calls: list[int] = []

        def stop_in_the_second_part(session, changes, now, **kw):
            calls.append(len(changes))
            if len(calls) == 2:
                # the part's transaction is open (its ownership checks ran in it): the server goes away now
                session.execute(select(func.count()).select_from(Resident))
                cluster.kill()
            return real(session, changes, now, **kw)

        monkeypatch.setattr(sync_module, "apply_changes", stop_in_the_second_part)
        with HubClient(c1.db, served.url) as client, pytest.raises(HubError, match="数据库连接中断") as err:
            client.push()
        assert err.value.status == 503  # type: ignore[attr-defined]
        monkeypatch.setattr(sync_module, "apply_changes", real)

        cluster.start()
        logged, people, parts = _counts(db, c1.db.node_id)  # the pool reconnects (pre-ping)
        assert [p for p, _ in parts] == [0], parts  # the first part only: the second was cut, nothing of it is in
        assert logged == parts[0][1] and 0 < logged < made
        with db.read() as s:
            state = s.execute(select(SyncPackageIn)).scalars().one()
            assert not state.done and state.parts >= 2
            # every resident in is one whose insert is in the log (no row without its change, no change half-applied)
            orphans = s.execute(select(func.count()).select_from(Resident).where(~Resident.id.in_(
                select(ChangeLog.row_id).where(ChangeLog.table_name == "resident", ChangeLog.op == "insert")))).scalar()
            assert orphans == 0

        with HubClient(c1.db, served.url) as client:  # the same package again: it goes on from the second part
            r = client.push()
        assert r.imported["status"] == "imported", r.message
        assert r.imported["parts_skipped"] == 1
        logged, people, parts = _counts(db, c1.db.node_id)
        assert logged == made and [p for p, _ in parts] == list(range(len(parts)))
        with c1.db.read() as s:
            assert people == s.execute(select(func.count()).select_from(Resident)).scalar()
    finally:
        served.stop()
        c1.close()
        db.close()
