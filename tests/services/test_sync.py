"""gridapp.services.sync: enrolment, scoped packages, merge, conflicts, refusals, resume (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import PackageError, SyncError
from gridapp.db.models import Building, ChangeLog, Meta, OrgUnit, SyncPeer
from gridapp.services.check import CheckService
from gridapp.services.sync import SyncService
from gridapp.sync import package as pkgmod
from gridapp.sync.changelog import ChangeWriter
from tests.sync.nodes import C1, C2, G1, G2, TOWN, conflict_set, make_node, make_tree, snapshot


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path)
    yield nodes
    for n in nodes.values():
        n.close()


def send(nodes, a: str, b: str, folder: Path, name: str | None = None) -> Path:
    path = folder / (name or f"{a}-to-{b}.gridpkg")
    nodes[a].sync.export(b, path)
    return path


def recv(nodes, b: str, *paths: Path):
    res = nodes[b].sync.import_files(list(paths))
    for r in res:
        assert r.status in ("imported", "already"), r.message
    return res


def xfer(nodes, a, b, folder):
    return recv(nodes, b, send(nodes, a, b, folder))[0]


def add_building(node, unit: str, name: str) -> str:
    with node.db.write() as s:
        return ChangeWriter(node.db, s).insert(Building, {"name": name, "unit_code": unit})


def edit(node, row_id: str, **changes) -> None:
    with node.db.write() as s:
        ChangeWriter(node.db, s).update(Building, row_id, changes)


def building(node, row_id: str) -> Building | None:
    with node.db.read() as s:
        return s.get(Building, row_id)


def change_count(node) -> int:
    with node.db.read() as s:
        return s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()


# -- enrolment ------------------------------------------------------------------------------------

def test_enrolment_shows_matching_fingerprints_and_records_both_peers(template_db, tmp_path):
    town = make_node(template_db, tmp_path, TOWN)
    comm = make_node(template_db, tmp_path, C1)
    try:
        req = comm.sync.make_request(tmp_path / "c1.req")
        assert req.fingerprint == comm.sync.identity().fingerprint
        assert len(req.fingerprint.replace("-", "")) == 20
        enrolled = town.sync.enrol(tmp_path / "c1.req", tmp_path / "c1.cert")
        assert enrolled.fingerprint == req.fingerprint  # what the town's screen shows = the community's
        accepted = comm.sync.accept(tmp_path / "c1.cert")
        assert accepted.fingerprint == town.sync.identity().fingerprint
        assert [(p.unit_code, p.role) for p in town.sync.peers()] == [(C1, "child")]
        assert [(p.unit_code, p.role) for p in comm.sync.peers()] == [(TOWN, "parent")]
    finally:
        town.close()
        comm.close()


def test_enrolment_refuses_a_non_child_a_tampered_request_and_a_foreign_certificate(template_db, tmp_path):
    town = make_node(template_db, tmp_path, TOWN)
    grid = make_node(template_db, tmp_path, G1)
    comm = make_node(template_db, tmp_path, C1)
    try:
        grid.sync.make_request(tmp_path / "g.req")
        with pytest.raises(SyncError, match="不是本单位"):
            town.sync.enrol(tmp_path / "g.req", tmp_path / "g.cert")
        comm.sync.make_request(tmp_path / "c.req")
        doc = json.loads((tmp_path / "c.req").read_text())
        doc["body"]["unit_name"] = "冒名社区"
        (tmp_path / "bad.req").write_text(json.dumps(doc))
        with pytest.raises(PackageError, match="签名无效"):
            town.sync.enrol(tmp_path / "bad.req", tmp_path / "x.cert")
        town.sync.enrol(tmp_path / "c.req", tmp_path / "c.cert")
        with pytest.raises(SyncError, match="不是为本机签发"):
            grid.sync.accept(tmp_path / "c.cert")
        assert grid.sync.peers() == []
    finally:
        for n in (town, grid, comm):
            n.close()


def test_export_to_a_unit_that_is_not_enrolled_is_refused(tree, tmp_path):
    with pytest.raises(SyncError, match="不是已登记"):
        tree[G1].sync.export(C2, tmp_path / "x.gridpkg")


# -- scope and relay ------------------------------------------------------------------------------

def test_a_grid_gets_only_its_own_data_and_the_units_above_it(tree, tmp_path):
    xfer(tree, TOWN, C1, tmp_path)
    b1 = add_building(tree[C1], G1, "一网格楼")
    b2 = add_building(tree[C1], G2, "二网格楼")
    bc = add_building(tree[C1], C1, "社区办公楼")
    xfer(tree, C1, G1, tmp_path)
    assert building(tree[G1], b1) is not None
    assert building(tree[G1], b2) is None
    assert building(tree[G1], bc) is not None  # an item owned above applies to the grid
    with tree[G1].db.read() as s:
        codes = set(s.execute(select(OrgUnit.code)).scalars())
    assert codes == {TOWN, C1, G1}


def test_a_community_relays_its_grids_changes_upward_with_their_identities(tree, tmp_path):
    b = add_building(tree[G1], G1, "1号楼")
    grid_node = tree[G1].db.node_id
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    with tree[TOWN].db.read() as s:
        row = s.get(Building, b)
        log = s.execute(select(ChangeLog).where(ChangeLog.row_id == b)).scalar_one()
    assert row.origin_node == grid_node and log.node_id == grid_node and log.node_seq >= 1
    # the town then sends it down the other branch? No: C2 is outside G1's subtree
    xfer(tree, TOWN, C2, tmp_path)
    assert building(tree[C2], b) is None


def test_changes_to_rows_owned_by_a_higher_level_are_refused_from_below(tree, tmp_path):
    bc = add_building(tree[C1], C1, "社区办公楼")
    xfer(tree, C1, G1, tmp_path)
    edit(tree[G1], bc, name="网格擅改")
    res = xfer(tree, G1, C1, tmp_path)
    assert res.refused == 1
    assert building(tree[C1], bc).name == "社区办公楼"
    assert "拒收" in res.summary()


# -- merge, conflicts -----------------------------------------------------------------------------

def test_concurrent_edits_converge_and_are_listed_as_one_conflict_everywhere(tree, tmp_path):
    b = add_building(tree[G1], G1, "1号楼")
    xfer(tree, G1, C1, tmp_path)
    edit(tree[G1], b, name="一号楼（网格）")
    edit(tree[C1], b, name="一号楼（社区）", floors=6)
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    names = {building(tree[c], b).name for c in (G1, C1, TOWN)}
    assert len(names) == 1
    assert building(tree[G1], b).floors == 6
    sets = [conflict_set(tree[c].db) for c in (G1, C1, TOWN)]
    assert sets[0] == sets[1] == sets[2] and len(sets[0]) == 1
    listed = tree[C1].sync.conflicts()
    assert len(listed) == 1
    c = listed[0]
    assert {c.value_a, c.value_b} == {"一号楼（网格）", "一号楼（社区）"}
    assert c.unit_a and c.unit_b and c.time_a and c.field == "name"
    # resolve by choosing the grid's value: a new edit that travels and closes the conflict everywhere
    tree[C1].sync.resolve(c.id, "一号楼（网格）")
    assert tree[C1].sync.conflicts() == []
    assert len(tree[C1].sync.conflicts(include_resolved=True)) == 1
    xfer(tree, C1, G1, tmp_path)
    assert building(tree[G1], b).name == "一号楼（网格）"
    assert tree[G1].sync.conflicts() == []


def test_a_delete_racing_an_edit_never_resurrects(tree, tmp_path):
    b = add_building(tree[G1], G1, "1号楼")
    xfer(tree, G1, C1, tmp_path)
    with tree[C1].db.write() as s:
        ChangeWriter(tree[C1].db, s).delete(Building, b)
    edit(tree[G1], b, name="改名")
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    for c in (G1, C1):
        assert CheckService(tree[c].db).run().problems == []
        row = building(tree[c], b)
        assert row.deleted and row.name == "改名"
    assert snapshot(tree[G1].db, G1) == snapshot(tree[C1].db, G1)


# -- import safety --------------------------------------------------------------------------------

def test_importing_the_same_package_twice_changes_nothing(tree, tmp_path):
    add_building(tree[G1], G1, "1号楼")
    path = send(tree, G1, C1, tmp_path)
    recv(tree, C1, path)
    before = snapshot(tree[C1].db), change_count(tree[C1])
    (again,) = recv(tree, C1, path)
    assert again.status == "already" and "没有改动" in again.summary()
    assert (snapshot(tree[C1].db), change_count(tree[C1])) == before


def test_packages_import_in_any_order(tree, tmp_path):
    b = add_building(tree[G1], G1, "1号楼")
    p1 = send(tree, G1, C1, tmp_path, "p1.gridpkg")
    edit(tree[G1], b, name="改名")
    p2 = send(tree, G1, C1, tmp_path, "p2.gridpkg")
    recv(tree, C1, p2, p1)
    assert building(tree[C1], b).name == "改名"
    with tree[C1].db.read() as s:
        k = dict(s.execute(select(Meta.key, Meta.value)).all())
    assert k["last_sync_at"]


@pytest.mark.parametrize("case", ["other", "unknown", "tampered", "truncated", "newer", "garbage"])
def test_bad_packages_are_refused_with_a_message_and_nothing_written(tree, tmp_path, case, monkeypatch):
    add_building(tree[G1], G1, "1号楼")
    target = C1
    if case == "other":
        path = send(tree, G1, C1, tmp_path)
        target = TOWN
    elif case == "unknown":
        path = send(tree, C1, G1, tmp_path)  # G2 does not know... use a package G2 cannot trust
        target = G2
    else:
        if case == "newer":
            monkeypatch.setattr(pkgmod, "MIN_READER", pkgmod.READER_VERSION + 1)
        path = send(tree, G1, C1, tmp_path)
        data = bytearray(path.read_bytes())
        if case == "tampered":
            data[-100] ^= 0x01
        elif case == "truncated":
            data = data[: len(data) // 2]
        elif case == "garbage":
            data = bytearray(b"not a package at all")
        path.write_bytes(bytes(data))
    before = snapshot(tree[target].db), change_count(tree[target])
    (res,) = tree[target].sync.import_files([path])
    assert res.status == "refused" and res.message
    expected = {"other": "另一台电脑", "unknown": "另一台电脑", "tampered": "篡改", "truncated": "损坏",
                "newer": "升级", "garbage": "不是网格工作台"}[case]
    assert expected in res.message
    assert (snapshot(tree[target].db), change_count(tree[target])) == before


def test_a_package_from_an_unenrolled_sender_is_refused(tree, template_db, tmp_path):
    (tmp_path / "s").mkdir()
    stranger = make_node(template_db, tmp_path / "s", C1)
    try:
        # a second installation claiming the same community, never enrolled with the town, but knowing
        # the town's public keys
        town_peer = next(p for p in tree[C1].sync.peers() if p.role == "parent")
        with stranger.db.write() as s:
            s.merge(SyncPeer(node_id=town_peer.node_id, unit_code=TOWN, unit_name="城东街道", role="parent",
                             sign_pub=town_peer.sign_pub, box_pub=town_peer.box_pub,
                             fingerprint=town_peer.fingerprint, enrolled_at=town_peer.enrolled_at, acked={}))
        add_building(stranger, C1, "冒名楼")
        path = tmp_path / "forged.gridpkg"
        stranger.sync.export(TOWN, path)
        (res,) = tree[TOWN].sync.import_files([path])
        assert res.status == "refused" and "未登记的发送方" in res.message
    finally:
        stranger.close()


def test_a_crash_between_parts_resumes_to_the_same_result(tree, tmp_path, monkeypatch):
    monkeypatch.setattr("gridapp.services.sync.PART_SIZE", 3)
    for i in range(10):
        add_building(tree[G1], G1, f"{i}号楼")
    path = send(tree, G1, C1, tmp_path)
    with pytest.raises(RuntimeError):
        tree[C1].sync.import_files([path], _crash_after_part=1)
    (res,) = recv(tree, C1, path)
    assert res.parts_skipped == 2 and res.parts == 4
    xfer(tree, C1, G1, tmp_path)
    assert snapshot(tree[C1].db, G1) == snapshot(tree[G1].db, G1)
    with tree[C1].db.read() as s:
        assert s.execute(select(func.count()).select_from(Building)).scalar_one() == 10


def test_status_counts_pending_by_kind_and_conflicts_json(tree, tmp_path):
    add_building(tree[G1], G1, "1号楼")
    st = tree[G1].sync.status()
    (parent,) = st.peers
    assert parent.role == "parent" and parent.pending.get("building") == 1
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)  # carries C1's acknowledgement
    assert tree[G1].sync.status().peers[0].pending == {}
    assert json.dumps(st.as_dict(), ensure_ascii=False)


def test_sync_needs_an_initialised_unit(db):
    with pytest.raises(SyncError, match="尚未初始化"):
        SyncService(db).identity()


def test_a_child_cannot_claim_knowledge_for_installations_outside_its_subtree(tree, tmp_path, monkeypatch):
    from gridapp.sync import knowledge as kn
    from gridapp.sync.knowledge import knowledge

    town_node = tree[TOWN].db.node_id
    real = kn.ranges_for
    monkeypatch.setattr(kn, "ranges_for", lambda local, acked, allowed: {**real(local, acked, allowed),
                                                                          town_node: [0, 10**6]})
    add_building(tree[G1], G1, "1号楼")
    xfer(tree, G1, C1, tmp_path)
    with tree[C1].db.read() as s:
        k = knowledge(s)
    assert k.get(town_node, 0) < 10**6 and k[tree[G1].db.node_id] >= 2


# -- relays keep the origin's signature ------------------------------------------------------------

def _relay_ready(tree, tmp_path):
    b = add_building(tree[G1], G1, "1号楼")
    xfer(tree, G1, C1, tmp_path)
    return b


def test_relayed_changes_carry_the_grids_seal_and_the_town_learns_its_key(tree, tmp_path):
    from gridapp.db.models import SyncNode, SyncSeal

    _relay_ready(tree, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    grid_node = tree[G1].db.node_id
    with tree[TOWN].db.read() as s:
        assert s.get(SyncNode, grid_node).sign_pub == tree[G1].sync.keys().sign_pub
        assert s.execute(select(SyncSeal).where(SyncSeal.node_id == grid_node)).first() is not None


@pytest.mark.parametrize("forgery", ["altered", "unsealed"])
def test_a_community_cannot_alter_or_invent_a_grids_changes_on_the_way_up(tree, tmp_path, forgery):
    import sqlite3

    b = _relay_ready(tree, tmp_path)
    grid_node = tree[G1].db.node_id
    con = sqlite3.connect(tree[C1].db.path)
    with con:
        if forgery == "altered":
            con.execute("UPDATE change_log SET fields = ? WHERE node_id = ? AND row_id = ?",
                        ('{"floors":1,"kind":"residential","name":"篡改楼"}', grid_node, b))
        else:
            con.execute("DELETE FROM sync_seal WHERE node_id = ?", (grid_node,))
    con.close()
    path = send(tree, C1, TOWN, tmp_path)
    before = snapshot(tree[TOWN].db), change_count(tree[TOWN])
    (res,) = tree[TOWN].sync.import_files([path])
    assert res.status == "refused" and "原始签名" in res.message
    assert (snapshot(tree[TOWN].db), change_count(tree[TOWN])) == before


def test_a_part_that_breaks_a_database_rule_is_rolled_back_with_a_message(tree, tmp_path):
    import sqlite3

    from gridapp.db.models import Household

    b = add_building(tree[G1], G1, "1号楼")
    with tree[G1].db.write() as s:
        ChangeWriter(tree[G1].db, s).insert(Household, {"building_id": b, "address": "1单元", "unit_code": G1})
    path = send(tree, G1, C1, tmp_path)
    # a receiving database that refuses the row (here a trigger stands in for any broken rule)
    con = sqlite3.connect(tree[C1].db.path)
    with con:
        con.execute("CREATE TRIGGER no_more BEFORE INSERT ON household BEGIN SELECT RAISE(ABORT, 'no'); END")
    con.close()
    before = change_count(tree[C1])
    (res,) = tree[C1].sync.import_files([path])
    assert res.status == "refused" and "回滚" in res.message
    assert change_count(tree[C1]) == before


def test_the_audit_log_goes_up_but_never_down(tree, tmp_path):
    from gridapp.core.permissions import Principal, Role
    from gridapp.db.models import AuditLog
    from gridapp.services.audit import record

    def audit(node, unit):
        who = Principal("u1", "office1", Role.OFFICE, unit)
        with node.db.write() as s:
            return record(node.db, s, who, "login", unit_code=unit)

    town_entry = audit(tree[TOWN], TOWN)  # the town office's own trail
    grid_entry = audit(tree[G1], G1)
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    xfer(tree, TOWN, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    with tree[TOWN].db.read() as s:
        assert s.get(AuditLog, grid_entry) is not None  # a grid's trail reaches the town
    with tree[C1].db.read() as s:
        assert s.get(AuditLog, town_entry) is None  # the town's trail never reaches a community
    with tree[G1].db.read() as s:
        assert s.get(AuditLog, town_entry) is None


def test_changes_rolled_back_by_a_restore_come_home_from_the_parent(tree, tmp_path):
    """A grid restores a backup after it had sent newer changes up: the next round trip brings them back from
    the community (nothing lost), later edits of those rows reach the grid, both databases pass `check`,
    and once home the grid stops asking for them."""
    from gridapp.db.database import open_database
    from gridapp.services.backup import BackupService, restore
    from gridapp.services.check import CheckService
    from gridapp.services.units import UnitService
    from gridapp.sync.changelog import recovering
    from tests.sync.nodes import Node

    before = add_building(tree[G1], G1, "备份前的楼")
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    made = BackupService(tree[G1].db, folder=tmp_path / "backups").make()
    lost = add_building(tree[G1], G1, "备份后的楼")
    edit(tree[G1], before, name="备份后改名")
    xfer(tree, G1, C1, tmp_path)
    assert building(tree[C1], lost) is not None
    path = tree[G1].db.path
    restore(tree[G1].db, None, made)
    db = open_database(path)
    tree[G1] = Node(G1, db, SyncService(db), UnitService(db))
    assert building(tree[G1], lost) is None and building(tree[G1], before).name == "备份前的楼"
    with db.read() as s:
        assert recovering(s) is not None
    after = add_building(tree[G1], G1, "恢复后的楼")
    xfer(tree, G1, C1, tmp_path)  # says: of my own changes I hold only what the backup had
    assert building(tree[C1], after) is not None
    xfer(tree, C1, G1, tmp_path)  # ... and the community sends them back
    assert building(tree[G1], lost).name == "备份后的楼"
    assert building(tree[G1], before).name == "备份后改名"
    with db.read() as s:
        assert recovering(s) is None
    edit(tree[C1], lost, name="社区改名")
    xfer(tree, C1, G1, tmp_path)
    assert building(tree[G1], lost).name == "社区改名"
    for code in (G1, C1):
        result = CheckService(tree[code].db).run()
        assert result.ok, (code, result.problems)
    xfer(tree, G1, C1, tmp_path)
    assert tree[C1].sync.export(G1, tmp_path / "again.gridpkg").changes == 0  # nothing is asked twice
