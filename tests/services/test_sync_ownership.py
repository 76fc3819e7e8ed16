"""Ownership across sync (issue 12): a grid installation that forges the unit code of its change records,
edits or deletes rows owned above it or by a sibling, or registers a key for another node in its package
manifest, must never change an honest node's data. Each receiver checks a change against the row it holds
(the stored owner), a new row against the owner its kind implies, and a relayed change against the unit of
the installation that made it; the offending part is refused whole, with the reason (DESIGN.md §4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.core.ids import stable_id, uuid7
from gridapp.db.database import SCHEMA_HEAD
from gridapp.db.models import (
    AffairItem,
    AssessmentScheme,
    Building,
    ChangeLog,
    OrgUnit,
    Resident,
    ResidentTag,
    SyncKnowledge,
    SyncNode,
)
from gridapp.services.assessment import scheme_id
from gridapp.sync import package as pkgmod
from gridapp.sync import seals
from gridapp.sync.changelog import ChangeWriter
from tests.sync.nodes import C1, G1, G2, TOWN, make_tree, snapshot


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path)
    yield nodes
    for n in nodes.values():
        n.close()


def xfer(nodes, a, b, folder: Path):
    path = folder / f"{a}-{b}-{uuid7()}.gridpkg"
    nodes[a].sync.export(b, path)
    (res,) = nodes[b].sync.import_files([path])
    return res


def forge(node, table: str, row_id: str, op: str, fields: dict, unit: str | None = None,
          base: dict | None = None, node_id: str | None = None) -> None:
    """Write a change record straight into `node`'s change log, as a tampered installation could."""
    origin = node_id or node.db.node_id
    with node.db.write() as s:
        seq = (s.execute(select(func.max(ChangeLog.node_seq)).where(ChangeLog.node_id == origin)).scalar() or 0) + 1
        s.add(ChangeLog(node_id=origin, node_seq=seq, table_name=table, row_id=row_id, unit_code=unit or node.code,
                        op=op, hlc=node.db.hlc.now(), fields=json.dumps(fields, ensure_ascii=False, sort_keys=True,
                                                                       separators=(",", ":")),
                        base=json.dumps(base) if base is not None else None, schema_rev=SCHEMA_HEAD))
        s.merge(SyncKnowledge(origin_node=origin, max_seq=seq))


def town_rows(tree, tmp_path):
    """A town affair item, a town assessment scheme and a community building, synced down to the grids."""
    town = tree[TOWN]
    with town.db.write() as s:
        w = ChangeWriter(town.db, s)
        item = w.insert(AffairItem, {"unit_code": TOWN, "name": "城镇事项", "department": "民政", "status": "admitted",
                                     "applied_by": "dept", "applied_on": dt.date(2026, 1, 5),
                                     "in_force_from": dt.date(2026, 1, 20)})
        sid = scheme_id(TOWN, "community", "2026")
        w.insert(AssessmentScheme, {"id": sid, "unit_code": TOWN, "name": "社区考核", "period": "2026",
                                    "target_level": "community", "indicators": [], "top_n": 1, "bottom_n": 1,
                                    "repeat_periods": 2, "repeat_band": "last", "repeat_outcome": "key_management",
                                    "created_by": "office", "created_on": dt.date(2026, 1, 5)})
    with tree[C1].db.write() as s:
        bc = ChangeWriter(tree[C1].db, s).insert(Building, {"name": "社区办公楼", "unit_code": C1})
    for a, b in ((TOWN, C1), (C1, G1), (C1, G2), (G2, C1), (C1, TOWN)):
        assert xfer(tree, a, b, tmp_path).status == "imported"
    return item, sid, bc


def honest_state(tree):
    return {code: snapshot(n.db) for code, n in tree.items() if code != G1}


ATTACKS = {
    "rename_town": lambda ids: ("org_unit", stable_id("org_unit", TOWN), "update", {"name": "篡改街道"}),
    "delete_town": lambda ids: ("org_unit", stable_id("org_unit", TOWN), "delete", {"deleted": True}),
    "rename_community": lambda ids: ("org_unit", stable_id("org_unit", C1), "update", {"name": "篡改社区"}),
    "delete_sibling_grid": lambda ids: ("org_unit", stable_id("org_unit", G2), "delete", {"deleted": True}),
    "edit_town_item": lambda ids: ("affair_item", ids[0], "update", {"name": "篡改事项", "status": "withdrawn"}),
    "delete_town_item": lambda ids: ("affair_item", ids[0], "delete", {"deleted": True}),
    "edit_town_scheme": lambda ids: ("assessment_scheme", ids[1], "update", {"top_n": 99}),
    "delete_town_scheme": lambda ids: ("assessment_scheme", ids[1], "delete", {"deleted": True}),
    "edit_community_building": lambda ids: ("building", ids[2], "update", {"name": "篡改楼"}),
    "reinsert_town_unit": lambda ids: ("org_unit", stable_id("org_unit", TOWN), "insert",
                                       {"code": TOWN, "name": "篡改街道", "level": "town", "parent_code": None}),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_grid_cannot_change_rows_it_does_not_own_by_forging_its_unit_code(tree, tmp_path, attack):
    ids = town_rows(tree, tmp_path)
    table, row_id, op, fields = ATTACKS[attack](ids)
    with tree[G1].db.write() as s:  # an honest change in the same package
        honest = ChangeWriter(tree[G1].db, s).insert(Building, {"name": "网格楼", "unit_code": G1})
    forge(tree[G1], table, row_id, op, fields)
    before = honest_state(tree)
    res = xfer(tree, G1, C1, tmp_path)
    assert res.status == "refused"  # the only part held the forgery: nothing of it written
    assert "不属于" in res.message or "不属于" in res.summary()
    for a, b in ((C1, TOWN), (TOWN, C1), (C1, G2)):
        xfer(tree, a, b, tmp_path)
    after = honest_state(tree)
    for code in before:
        assert {k: v for k, v in after[code].items() if k[0] == table} == \
               {k: v for k, v in before[code].items() if k[0] == table}, code
    with tree[C1].db.read() as s:
        assert s.get(Building, honest) is None  # all or nothing per part
        assert s.execute(select(ChangeLog).where(ChangeLog.row_id == row_id,
                                                 ChangeLog.node_id == tree[G1].db.node_id)).first() is None


def test_a_refused_part_leaves_the_other_parts_in_and_says_why(tree, tmp_path, monkeypatch):
    import gridapp.services.sync as sync_service

    monkeypatch.setattr(sync_service, "PART_SIZE", 1)
    town_rows(tree, tmp_path)
    with tree[G1].db.write() as s:
        honest = ChangeWriter(tree[G1].db, s).insert(Building, {"name": "网格楼", "unit_code": G1})
    forge(tree[G1], "org_unit", stable_id("org_unit", TOWN), "update", {"name": "篡改街道"})
    res = xfer(tree, G1, C1, tmp_path)
    assert res.status == "imported" and res.refused_parts == 1
    assert "不属于" in res.summary() and TOWN in res.summary()
    with tree[C1].db.read() as s:
        assert s.get(Building, honest) is not None
        assert s.get(OrgUnit, stable_id("org_unit", TOWN)).name == "城东街道"
    path = tmp_path / "again.gridpkg"  # the same forgery keeps being refused, and says so
    tree[G1].sync.export(C1, path)
    (again,) = tree[C1].sync.import_files([path])
    assert again.refused_parts == 1


def test_the_cli_exits_3_when_a_part_is_refused(tree, tmp_path, monkeypatch, capsys):
    import gridapp.services.sync as sync_service
    from gridapp import cli

    monkeypatch.setattr(sync_service, "PART_SIZE", 1)
    town_rows(tree, tmp_path)
    with tree[G1].db.write() as s:
        ChangeWriter(tree[G1].db, s).insert(Building, {"name": "网格楼", "unit_code": G1})
    forge(tree[G1], "org_unit", stable_id("org_unit", TOWN), "update", {"name": "篡改街道"})
    path = tmp_path / "p.gridpkg"
    tree[G1].sync.export(C1, path)
    db_path = tree[C1].db.path
    tree[C1].db.close()
    code = cli.main(["--db", str(db_path), "sync", "import", str(path)])
    out = capsys.readouterr()
    assert code == 3, out
    assert "不属于" in out.out + out.err


def test_a_new_row_must_carry_the_owner_its_kind_implies(tree, tmp_path):
    town_rows(tree, tmp_path)
    # the town's next scheme, pre-empted by the grid under the id the town will use
    sid = scheme_id(TOWN, "community", "2027")
    forge(tree[G1], "assessment_scheme", sid, "insert",
          {"name": "抢注方案", "period": "2027", "target_level": "community", "indicators": [], "top_n": 9,
           "bottom_n": 1, "repeat_periods": 2, "repeat_band": "last", "repeat_outcome": "key_management",
           "created_by": "x", "created_on": "2026-01-05"})
    res = xfer(tree, G1, C1, tmp_path)
    assert res.status == "refused"
    with tree[C1].db.read() as s:
        assert s.get(AssessmentScheme, sid) is None


def test_a_grid_cannot_attach_rows_to_a_sibling_grids_resident(tree, tmp_path):
    with tree[G2].db.write() as s:
        rid = ChangeWriter(tree[G2].db, s).insert(Resident, {"unit_code": G2, "name": "王五", "gender": "1",
                                                             "birth_date": dt.date(1990, 3, 7),
                                                             "id_number": "110101199003070011"})
    for a, b in ((G2, C1),):
        xfer(tree, a, b, tmp_path)
    forge(tree[G1], "resident_tag", uuid7(), "insert", {"resident_id": rid, "tag": "空巢老人"})
    res = xfer(tree, G1, C1, tmp_path)
    assert res.status == "refused"
    with tree[C1].db.read() as s:
        assert s.execute(select(ResidentTag)).first() is None


def test_a_relayed_change_must_lie_in_the_unit_of_the_installation_that_made_it(tree, tmp_path):
    """A community relaying a grid's change about a sibling grid (sealed by the grid, so unaltered) is refused."""
    with tree[G2].db.write() as s:
        b2 = ChangeWriter(tree[G2].db, s).insert(Building, {"name": "二网格楼", "unit_code": G2})
    xfer(tree, G2, C1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    forge(tree[G1], "building", b2, "update", {"name": "篡改楼"}, unit=G2)  # G1's own node, G2's unit
    path = tmp_path / "g1.gridpkg"
    tree[G1].sync.export(C1, path)
    (res,) = tree[C1].sync.import_files([path])
    assert res.refused == 1  # outside G1's subtree: refused by the community
    # a dishonest community relays it anyway: copy the grid's sealed change into its log
    import sqlite3

    g1 = sqlite3.connect(tree[G1].db.path)
    row = g1.execute("SELECT * FROM change_log WHERE row_id = ?", (b2,)).fetchone()
    g1.close()
    con = sqlite3.connect(tree[C1].db.path)
    with con:
        con.execute("INSERT INTO change_log VALUES (?,?,?,?,?,?,?,?,?,?)", row)
    con.close()
    res = xfer(tree, C1, TOWN, tmp_path)
    with tree[TOWN].db.read() as s:
        assert s.get(Building, b2).name == "二网格楼"
    assert res.status == "refused" or res.refused_parts


# -- manifest keys ----------------------------------------------------------------------------------

def _forged_package(grid, community, origin: str, origin_unit: str, changes: list[dict]) -> bytes:
    """A package from `grid` to `community` whose changes claim `origin` and are sealed with the grid's key,
    the manifest registering the grid's key for `origin`."""
    keys = grid.sync.keys()
    for c in changes:
        c.setdefault("base", None)
        c.setdefault("schema_rev", SCHEMA_HEAD)
        c["node_id"] = origin
    peer = next(p for p in grid.sync.peers() if p.role == "parent")
    wire = seals.make_seals(keys, origin, changes)
    parts = [pkgmod.encode_part(changes)]
    manifest = {"package_id": uuid7(), "from_node": grid.db.node_id, "from_unit": grid.code, "from_name": "x",
                "to_node": peer.node_id, "to_unit": peer.unit_code, "direction": "up", "app_version": "0",
                "schema_rev": SCHEMA_HEAD, "created": "2026-01-01T00:00:00", "created_hlc": grid.db.hlc.now(),
                "knowledge": {}, "ranges": {}, "nodes": {grid.db.node_id: grid.code, origin: origin_unit},
                "tables": {}, "seals": wire, "keys": {grid.db.node_id: keys.sign_pub, origin: keys.sign_pub}}
    return pkgmod.write_package(keys, peer.box_pub, manifest, parts, [len(changes)])


def _change(grid, seq: int, table: str, row_id: str, op: str, fields: dict, unit: str) -> dict:
    return {"node_seq": seq, "table_name": table, "row_id": row_id, "unit_code": unit, "op": op,
            "hlc": grid.db.hlc.now(), "fields": json.dumps(fields, ensure_ascii=False, sort_keys=True,
                                                           separators=(",", ":"))}


@pytest.mark.parametrize("victim", ["community", "town", "sibling"])
def test_a_manifest_cannot_register_a_key_for_a_known_node(tree, tmp_path, victim):
    town_rows(tree, tmp_path)
    node = {"community": tree[C1], "town": tree[TOWN], "sibling": tree[G2]}[victim]
    with tree[C1].db.read() as s:
        known_seq = s.execute(select(func.max(ChangeLog.node_seq)).where(
            ChangeLog.node_id == node.db.node_id)).scalar() or 0
    change = _change(tree[G1], known_seq + 1000, "org_unit", stable_id("org_unit", G1), "update",
                     {"name": "冒名修改"}, G1)
    data = _forged_package(tree[G1], tree[C1], node.db.node_id, G1, [change])
    path = tmp_path / "forged.gridpkg"
    path.write_bytes(data)
    before = snapshot(tree[C1].db)
    (res,) = tree[C1].sync.import_files([path])
    assert res.status == "refused", res.summary()
    assert snapshot(tree[C1].db) == before
    with tree[C1].db.read() as s:
        assert s.execute(select(ChangeLog).where(ChangeLog.node_id == node.db.node_id,
                                                 ChangeLog.node_seq == known_seq + 1000)).first() is None
        known = s.get(SyncNode, tree[C1].db.node_id)
        assert known is None or known.sign_pub != tree[G1].sync.keys().sign_pub
        if victim != "community":
            assert s.get(SyncNode, node.db.node_id).sign_pub != tree[G1].sync.keys().sign_pub


def test_a_manifest_cannot_place_a_new_node_outside_the_senders_subtree(tree, tmp_path):
    town_rows(tree, tmp_path)
    ghost = uuid7()[:16]
    change = _change(tree[G1], 1, "building", uuid7(), "insert", {"name": "幽灵楼"}, G2)
    data = _forged_package(tree[G1], tree[C1], ghost, G2, [change])
    path = tmp_path / "ghost.gridpkg"
    path.write_bytes(data)
    (res,) = tree[C1].sync.import_files([path])
    assert res.status == "refused" or res.refused == 1
    with tree[C1].db.read() as s:
        assert s.get(SyncNode, ghost) is None
        assert s.execute(select(Building).where(Building.name == "幽灵楼")).first() is None


def test_a_new_installation_in_the_senders_subtree_still_registers(tree, tmp_path):
    """The legitimate case the key registration exists for: a node below the sender, first seen."""
    town_rows(tree, tmp_path)
    newcomer = uuid7()[:16]
    change = _change(tree[G1], 1, "building", uuid7(), "insert", {"name": "新节点楼"}, G1)
    data = _forged_package(tree[G1], tree[C1], newcomer, G1, [change])
    path = tmp_path / "new.gridpkg"
    path.write_bytes(data)
    (res,) = tree[C1].sync.import_files([path])
    assert res.status == "imported", res.message
    with tree[C1].db.read() as s:
        assert s.get(SyncNode, newcomer).sign_pub == tree[G1].sync.keys().sign_pub


def test_a_forged_change_to_a_row_the_community_does_not_hold_yet_never_reaches_the_town(tree, tmp_path):
    """The community cannot judge a change to a row it does not hold: it keeps it unapplied and unsent, and
    once the row arrives judges it foreign, so the town never sees it and the community's parts still go in."""
    with tree[TOWN].db.write() as s:
        bt = ChangeWriter(tree[TOWN].db, s).insert(Building, {"name": "街道楼", "unit_code": TOWN})
    forge(tree[G1], "building", bt, "update", {"name": "篡改楼"})
    forge(tree[G1], "org_unit", stable_id("org_unit", "370303001002"), "delete", {"deleted": True})  # never held
    assert xfer(tree, G1, C1, tmp_path).status == "imported"
    res = xfer(tree, C1, TOWN, tmp_path)
    assert res.status == "imported" and not res.refused_parts, res.summary()
    assert xfer(tree, TOWN, C1, tmp_path).status == "imported"  # the building reaches the community
    res = xfer(tree, C1, TOWN, tmp_path)
    assert res.status == "imported" and not res.refused_parts, res.summary()
    for code in (TOWN, C1):
        with tree[code].db.read() as s:
            assert s.get(Building, bt).name == "街道楼", code
    with tree[TOWN].db.read() as s:
        assert not s.get(OrgUnit, stable_id("org_unit", "370303001002")).deleted
    res = xfer(tree, G1, C1, tmp_path)  # the grid sends it again: now the community judges and refuses it
    assert res.status == "refused" and "不属于" in res.message


def test_a_grid_cannot_speak_for_its_community_by_its_node_id(tree, tmp_path):
    """A child may send the parent's own changes back only after the parent restored a backup, and only each
    exactly as the parent made it (its hash kept at the restore): a change forged under the community's node id
    is refused, package and all."""
    _item, _sid, bc = town_rows(tree, tmp_path)
    forge(tree[G1], "building", bc, "update", {"name": "篡改楼"}, unit=C1, node_id=tree[C1].db.node_id)
    before = honest_state(tree)
    path = tmp_path / "evil.gridpkg"
    tree[G1].sync.export(C1, path)
    res = tree[C1].sync.import_files([path])[0]
    assert res.status == "refused" and "本机自己的变更" in res.message, res.message
    assert honest_state(tree)[C1] == before[C1]  # nothing the forgery says reached the community
    with tree[C1].db.read() as s:
        assert s.get(Building, bc).name == "社区办公楼"
