"""The hub on a real PostgreSQL, served over HTTP on 127.0.0.1, with two desktop nodes on SQLite (issue #18)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text

from gridapp.core.orgcode import level_of
from gridapp.db.models import Resident, SyncPackageIn
from gridapp.db.postgres import PgDatabase, open_pg_database
from gridapp.demo import DemoGenerator
from gridapp.hub.app import Hub, HubSettings, create_app
from gridapp.services.hub_sync import HubClient, HubError, hub_url, last_result, set_hub_url
from gridapp.services.stats import StatsService
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from gridapp.sync import httpauth
from tests.hub.conftest import Served, self_signed, serve
from tests.sync.nodes import C1, C2, G1, NAMES, TOWN, Node, make_node

NEW_GRID = C1 + "099"  # a grid the hub adds under C1 (the demo data use the first numbers)


@dataclass
class HubNode:
    db: PgDatabase
    hub: Hub
    served: Served
    sync: SyncService

    @property
    def url(self) -> str:
        return self.served.url


@pytest.fixture
def hub_node(pg_url: str) -> Iterator[HubNode]:
    db = open_pg_database(pg_url, create=True)
    units = UnitService(db)
    units.initialise(TOWN, NAMES[TOWN], level_of(TOWN))
    units.add(C1, NAMES[C1])
    units.add(C2, NAMES[C2])
    hub = Hub(db, HubSettings(max_package=2 * 1024 * 1024, max_part=256 * 1024))
    served = serve(create_app(hub))
    yield HubNode(db, hub, served, SyncService(db))
    served.stop()
    db.close()


@pytest.fixture
def desks(hub_node: HubNode, template_db: Path, tmp_path: Path) -> Iterator[dict[str, Node]]:
    """Two desktop communities enrolled with the hub (the same request/certificate files as by USB)."""
    nodes = {}
    for code in (C1, C2):
        node = make_node(template_db, tmp_path, code)
        node.sync.make_request(tmp_path / f"{code}.req")
        hub_node.sync.enrol(tmp_path / f"{code}.req", tmp_path / f"{code}.cert")
        node.sync.accept(tmp_path / f"{code}.cert")
        nodes[code] = node
    yield nodes
    for node in nodes.values():
        node.close()


def residents(db) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(Resident).where(Resident.deleted.is_(False))).scalar()


def test_two_desktops_sync_both_ways_over_http(hub_node, desks):
    c1, c2 = desks[C1], desks[C2]
    DemoGenerator(c1.db).run(120)
    DemoGenerator(c2.db, seed=2).run(80)
    for node in (c1, c2):
        set_hub_url(node.db, hub_node.url)
        with HubClient(node.db, part_size=16 * 1024) as client:
            r = client.push()
        assert r.ok and r.imported["status"] == "imported", r.message
    assert residents(hub_node.db) == 200  # both communities' residents, in PostgreSQL
    stats = StatsService(hub_node.db).stats()  # the hub answers for its whole subtree, as a desktop town would
    assert stats.units[C1]["resident"] == 120 and stats.units[C2]["resident"] == 80
    assert StatsService(hub_node.db).overview().residents == 200
    # the hub's own change goes down to the community it concerns
    UnitService(hub_node.db).add(NEW_GRID, "和平九十九网格")
    with HubClient(c1.db) as client:
        r = client.pull()
    assert r.imported["status"] == "imported" and r.imported["rows_created"] >= 1, r.message
    assert "拉取" in r.message
    assert last_result(c1.db)["direction"] == "pull"
    assert UnitService(c1.db).get(NEW_GRID).name == "和平九十九网格"
    # a second round moves nothing new, and a package is never imported twice
    with HubClient(c1.db) as client:
        again = client.push()
    assert again.imported["new"] == 0
    assert residents(hub_node.db) == 200


def test_usb_and_http_mix_without_importing_twice(hub_node, desks, tmp_path):
    c1 = desks[C1]
    DemoGenerator(c1.db).run(50)
    usb = tmp_path / "up.gridpkg"
    c1.sync.export(TOWN, usb)
    [res] = hub_node.sync.import_files([usb])  # carried by hand first
    assert res.status == "imported"
    with HubClient(c1.db, hub_node.url) as client:  # the very same bytes sent over HTTP afterwards
        sha = hashlib.sha256(usb.read_bytes()).hexdigest()
        (client.spool / f"push-{sha}.gridpkg").write_bytes(usb.read_bytes())
        r = client.push()
    assert r.imported["status"] == "already"
    assert residents(hub_node.db) == 50


class CutAfter(httpx.HTTPTransport):
    """Drops the connection after `n` requests (the transfer is cut half-way)."""

    def __init__(self, n: int):
        super().__init__()
        self.left = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.left <= 0:
            raise httpx.ReadError("connection reset by peer")
        self.left -= 1
        return super().handle_request(request)


def test_a_push_cut_half_way_resumes_from_the_parts_the_hub_holds(hub_node, desks):
    c1 = desks[C1]
    DemoGenerator(c1.db).run(400)
    with HubClient(c1.db, hub_node.url, part_size=8 * 1024, transport=CutAfter(6)) as client, \
            pytest.raises(HubError, match="续传"):
        client.push()
    assert residents(hub_node.db) == 0  # nothing imported from a package not fully received
    with HubClient(c1.db, hub_node.url, part_size=8 * 1024) as client:
        r = client.push()
    assert r.resumed_from > 0 and "续传" in r.message
    assert r.imported["status"] == "imported"
    assert residents(hub_node.db) == 400


def test_a_pull_cut_half_way_resumes(hub_node, desks):
    c1, c2 = desks[C1], desks[C2]
    units = UnitService(hub_node.db)  # changes written at the hub for C1's subtree: several KB to fetch
    units.add(G1, NAMES[G1])
    for i in range(40):
        units.rename(G1, f"和平一网格{i}")
    with HubClient(c1.db, hub_node.url, part_size=512, transport=CutAfter(3)) as client, \
            pytest.raises(HubError):
        client.pull()
    with HubClient(c1.db, hub_node.url, part_size=512) as client:
        r = client.pull()
    assert r.resumed_from > 0, r.message
    assert r.imported["status"] == "imported"
    assert c2  # the other community is untouched


def _signed(client: HubClient, method: str, path: str, body: bytes = b"", **kw) -> dict[str, str]:
    return httpauth.sign_request(client.sync.keys(), client.db.node_id, method, path, body, **kw)


def test_a_replayed_request_is_refused(hub_node, desks):
    c1 = desks[C1]
    body = json.dumps({"unit_code": C1}).encode()
    with HubClient(c1.db, hub_node.url) as client:
        headers = _signed(client, "POST", "/v1/pull", body)
    first = httpx.post(hub_node.url + "/v1/pull", content=body, headers=headers)
    assert first.status_code == 200
    again = httpx.post(hub_node.url + "/v1/pull", content=body, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "replay"
    assert "重放" in again.json()["error"]


def test_stale_altered_and_unsigned_requests_are_refused(hub_node, desks):
    c1 = desks[C1]
    body = json.dumps({"unit_code": C1}).encode()
    with HubClient(c1.db, hub_node.url) as client:
        stale = _signed(client, "POST", "/v1/pull", body, when=int(time.time()) - 3600)
        good = _signed(client, "POST", "/v1/pull", body)
    r = httpx.post(hub_node.url + "/v1/pull", content=body, headers=stale)
    assert r.status_code == 401 and r.json()["code"] == "stale" and "时间" in r.json()["error"]
    r = httpx.post(hub_node.url + "/v1/pull", content=json.dumps({"unit_code": C2}).encode(), headers=good)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"
    r = httpx.post(hub_node.url + "/v1/pull", content=body)
    assert r.status_code == 401 and "签名" in r.json()["error"]


def test_an_unenrolled_node_is_refused(hub_node, desks, template_db, tmp_path):
    (tmp_path / "x").mkdir()
    stranger = make_node(template_db, tmp_path / "x", C2)  # never enrolled with the hub
    try:
        body = b"{}"
        headers = httpauth.sign_request(SyncService(stranger.db).keys(), stranger.db.node_id, "POST", "/v1/pull", body)
        r = httpx.post(hub_node.url + "/v1/pull", content=body, headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "not_enrolled" and "未在本中心登记" in r.json()["error"]
        # its client, pointed at the hub, says it has no parent there
        with HubClient(stranger.db, hub_node.url) as client, pytest.raises(HubError, match="登记"):
            client.push()
    finally:
        stranger.close()


def test_a_child_claiming_another_unit_is_refused(hub_node, desks, tmp_path):
    c1, c2 = desks[C1], desks[C2]
    DemoGenerator(c1.db).run(20)
    # C2 asks for C1's package
    body = json.dumps({"unit_code": C1}).encode()
    with HubClient(c2.db, hub_node.url) as client:
        r = httpx.post(hub_node.url + "/v1/pull", content=body, headers=_signed(client, "POST", "/v1/pull", body))
    assert r.status_code == 403 and r.json()["code"] == "wrong_unit"
    # C2 pushes a package C1 wrote
    pkg = tmp_path / "c1.gridpkg"
    c1.sync.export(TOWN, pkg)
    data = pkg.read_bytes()
    with HubClient(c2.db, hub_node.url) as client:
        sha = hashlib.sha256(data).hexdigest()
        (client.spool / f"push-{sha}.gridpkg").write_bytes(data)
        with pytest.raises(HubError, match="不能代替另一个单位") as err:
            client.push()
    assert err.value.status == 403
    assert residents(hub_node.db) == 0


def test_a_corrupted_package_is_refused_and_nothing_is_written(hub_node, desks, tmp_path):
    c1 = desks[C1]
    DemoGenerator(c1.db).run(30)
    pkg = tmp_path / "c1.gridpkg"
    c1.sync.export(TOWN, pkg)
    data = bytearray(pkg.read_bytes())
    data[-100] ^= 0xFF  # a byte of the sealed body
    with HubClient(c1.db, hub_node.url) as client:
        sha = hashlib.sha256(bytes(data)).hexdigest()
        (client.spool / f"push-{sha}.gridpkg").write_bytes(bytes(data))
        with pytest.raises(HubError, match="损坏|篡改") as err:
            client.push()
        assert err.value.status == 422
        assert not list(client.spool.glob("push-*"))  # refused for good: not sent again
        assert last_result(c1.db)["ok"] is False
    assert residents(hub_node.db) == 0


def test_an_oversized_package_is_refused(hub_node, desks):
    c1 = desks[C1]
    hub_node.hub.settings.max_package = 4096
    DemoGenerator(c1.db).run(200)
    with HubClient(c1.db, hub_node.url) as client, pytest.raises(HubError, match="超过本中心的上限") as err:
        client.push()
    assert err.value.status == 413
    r = httpx.put(hub_node.url + "/v1/push/" + "0" * 64 + "/0", content=b"x" * (hub_node.hub.settings.max_part + 70_000))
    assert r.status_code == 413 and "上限" in r.json()["error"]


def test_too_many_requests_are_refused(hub_node, desks):
    hub_node.hub.settings.rate_per_minute = 3
    with HubClient(desks[C1].db, hub_node.url) as client:
        for _ in range(3):
            client._request("POST", "/pull", body=b"{}")
        with pytest.raises(HubError, match="过于频繁") as err:
            client._request("POST", "/pull", body=b"{}")
    assert err.value.status == 429
    with HubClient(desks[C2].db, hub_node.url) as client:  # another node has its own count
        client._request("POST", "/pull", body=b"{}")


def test_the_rate_limit_is_shared_by_the_processes_serving_one_hub(hub_node, desks, pg_url):
    """Two workers (each its own engine, its own Hub, its own server) on the hub's database count one limit."""
    hub_node.hub.settings.rate_per_minute = 4
    db2 = open_pg_database(pg_url)
    second = serve(create_app(Hub(db2, HubSettings(rate_per_minute=4))))
    try:
        with HubClient(desks[C1].db, hub_node.url) as a, HubClient(desks[C1].db, second.url) as b:
            for client in (a, b, a, b):
                client._request("POST", "/pull", body=b"{}")
            for client in (a, b):
                with pytest.raises(HubError, match="过于频繁") as err:
                    client._request("POST", "/pull", body=b"{}")
                assert err.value.status == 429
    finally:
        second.stop()
        db2.close()


def test_the_rate_window_slides_over_two_minutes(pg_url):
    from gridapp.hub import store

    db = open_pg_database(pg_url, create=True)
    try:
        store.ensure_tables(db.engine)
        with db.engine.begin() as conn:
            t0 = 600 * 60.0  # the start of a minute
            assert all(store.count_request(conn, "n1", 4, t0 + i) for i in range(4))
        with db.engine.connect() as conn:  # a fifth in the same minute (refused: the caller rolls it back)
            assert not store.count_request(conn, "n1", 4, t0 + 30)
        with db.engine.begin() as conn:
            # half-way through the next minute half of the last minute's 4 still count: 2 + 1 and 2 + 2 ≤ 4, 2 + 3 > 4
            assert store.count_request(conn, "n1", 4, t0 + 90) and store.count_request(conn, "n1", 4, t0 + 90)
            assert not store.count_request(conn, "n1", 4, t0 + 90)
            assert store.count_request(conn, "n1", 4, t0 + 180)  # two minutes on: the old counts are gone
            store.forget_counts(conn, t0 + 180)
            assert conn.execute(select(func.count()).select_from(store.rate_table)).scalar() == 1
    finally:
        db.close()


def test_a_hub_that_is_down_or_wrong_gives_a_clear_message(hub_node, desks, pg_url):
    c1 = desks[C1]
    with HubClient(c1.db, "http://127.0.0.1:9") as client, pytest.raises(HubError, match="无法连接同步中心"):
        client.push()
    with pytest.raises(HubError, match="格式不对"):
        HubClient(c1.db, "ftp://hub")
    with pytest.raises(HubError, match="尚未设置同步中心地址"):
        HubClient(c1.db)
    set_hub_url(c1.db, hub_node.url + "/")
    assert hub_url(c1.db) == hub_node.url
    # a hub of another unit (the wrong address): refused before anything is sent
    other = make_other_hub(pg_url)
    try:
        with HubClient(c1.db, other.url) as client, pytest.raises(HubError, match="不是本机登记的上级"):
            client.push()
    finally:
        other.stop()


def make_other_hub(pg_url: str) -> Served:
    import uuid

    from tests.hub.conftest import TEMPLATE, _admin

    base, _, _ = pg_url.rpartition("/")
    name = f"o_{uuid.uuid4().hex[:10]}"
    _admin(base, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    db = open_pg_database(f"{base}/{name}")
    UnitService(db).initialise("370303002", "城西街道", level_of("370303002"))
    return serve(create_app(Hub(db)))


def test_https_with_the_hubs_certificate_and_a_certificate_that_does_not_match(hub_node, desks, tmp_path):
    c1 = desks[C1]
    DemoGenerator(c1.db).run(10)
    good = self_signed(tmp_path, "127.0.0.1")
    served = serve(create_app(hub_node.hub), tls=good)
    try:
        with HubClient(c1.db, served.url, verify=str(good[0])) as client:
            assert client.push().imported["status"] == "imported"
        wrong = self_signed(tmp_path, "hub.example")  # a certificate issued for another name
        with HubClient(c1.db, served.url, verify=str(wrong[0])) as client, \
                pytest.raises(HubError, match="证书与地址不符或不受信任"):
            client.pull()
    finally:
        served.stop()


def test_an_import_cut_mid_way_on_the_hub_resumes_at_the_part_not_done(hub_node, desks, monkeypatch, caplog):
    c1 = desks[C1]
    DemoGenerator(c1.db).run(1700)  # more than one part of changes (PART_SIZE each)
    real = hub_node.hub.sync.import_bytes
    calls = []

    def crash_once(data, res=None, **kw):
        calls.append(1)
        if len(calls) == 1:  # the hub dies after committing the first part
            return real(data, res, _crash_after_part=0)
        return real(data, res, **kw)

    monkeypatch.setattr(hub_node.hub.sync, "import_bytes", crash_once)
    with HubClient(c1.db, hub_node.url) as client, pytest.raises(HubError, match="从中断处继续") as err:
        client.push()
    assert err.value.status == 500
    with hub_node.db.read() as s:  # the first part is in, committed; the package is not done
        state = s.execute(select(SyncPackageIn)).scalars().one()
        assert not state.done and state.parts >= 2
    with HubClient(c1.db, hub_node.url) as client:  # the same package again: the import goes on from part 2
        r = client.push()
    assert r.imported["status"] == "imported" and r.imported["parts_skipped"] >= 1, r.message
    assert residents(hub_node.db) == 1700


def test_a_finish_waiting_for_the_import_is_answered_still_importing_and_asked_again(hub_node, desks, monkeypatch):
    """The import waits for the hub's writer lock (another import holds it: here the test): the finish request is
    answered 202 "importing" within the wait the client asks for, and asked again until the outcome comes, instead
    of one request held past the client's timeout (100 nodes pushing at once)."""
    import gridapp.services.hub_sync as hub_sync

    c1 = desks[C1]
    DemoGenerator(c1.db).run(60)
    monkeypatch.setattr(hub_sync, "JOB_WAIT_S", 0.3)
    answers: list[tuple[str, int]] = []
    out: dict[str, object] = {}
    with HubClient(c1.db, hub_node.url) as client:
        plain = client._request

        def seen(method, path, **kw):
            resp = plain(method, path, **kw)
            answers.append((path, resp.status_code))
            return resp

        client._request = seen  # type: ignore[method-assign]
        holding, pushed = threading.Event(), threading.Thread(target=lambda: out.update(r=client.push()))
        with hub_node.db.write() as s:  # another writer holds the hub's one-writer lock
            s.execute(text("SELECT 1"))
            holding.set()
            pushed.start()
            for _ in range(100):
                if sum(1 for p, st in answers if p.endswith("/finish") and st == 202) >= 2:
                    break
                time.sleep(0.1)
            assert residents(hub_node.db) == 0  # not imported while the lock is held
        pushed.join(30)
    finishes = [st for p, st in answers if p.endswith("/finish")]
    assert finishes.count(202) >= 2 and finishes[-1] == 200, finishes
    r = out["r"]
    assert r.ok and r.imported["status"] == "imported", r.message
    assert residents(hub_node.db) == 60
    # an older client's finish (no wait asked for) is answered when the import is done, as before
    sha = [p for p, _ in answers if p.endswith("/finish")][0].split("/")[2]
    path = f"/v1/push/{sha}/finish"
    resp = httpx.post(hub_node.url + path, headers=_signed(client, "POST", path))
    assert resp.status_code == 200 and resp.json()["status"] == "imported"


def test_a_pull_waiting_for_its_package_is_answered_preparing_and_asked_again(hub_node, desks, monkeypatch):
    import gridapp.services.hub_sync as hub_sync

    c1 = desks[C1]
    UnitService(hub_node.db).add(G1, NAMES[G1])
    monkeypatch.setattr(hub_sync, "JOB_WAIT_S", 0.3)
    answers: list[tuple[str, int]] = []
    out: dict[str, object] = {}
    with HubClient(c1.db, hub_node.url) as client:
        plain = client._request

        def seen(method, path, **kw):
            resp = plain(method, path, **kw)
            answers.append((path, resp.status_code))
            return resp

        client._request = seen  # type: ignore[method-assign]
        pulled = threading.Thread(target=lambda: out.update(r=client.pull()))
        with hub_node.db.write() as s:  # the export's bookkeeping waits for the writer lock
            s.execute(text("SELECT 1"))
            pulled.start()
            for _ in range(100):
                if [st for p, st in answers if p == "/pull"].count(202) >= 2:
                    break
                time.sleep(0.1)
        pulled.join(30)
    pulls = [st for p, st in answers if p == "/pull"]
    assert pulls.count(202) >= 2 and pulls[-1] == 200, pulls
    assert out["r"].imported["status"] == "imported"
    assert UnitService(c1.db).get(G1) is not None
