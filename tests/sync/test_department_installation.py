"""A department's own installation (部门终端, issue 15), end to end through packages: a grid's event goes up to
the town, the town dispatches it to its department 城管科, whose installation receives that event alone (with its
timeline and photo), handles it and sends the handling back; the town verifies and closes, and the grid sees it
closed with the department's feedback. A department's installation cannot write steps for an event not dispatched
to it, nor steps other than its own handling."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from gridapp.core.errors import SyncError
from gridapp.core.ids import uuid7
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.database import open_database
from gridapp.db.models import Event, EventStep
from gridapp.services.events import EventInput, EventService
from gridapp.services.sync import SyncService
from gridapp.services.units import UnitService
from tests.services.test_sync_ownership import forge
from tests.sync.nodes import C1, G1, TOWN, Node, make_tree

DAY = dt.date(2026, 11, 30)
DEPT = "城管科"


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1))
    path = tmp_path / "dept.sqlite3"
    shutil.copy(template_db, path)
    db = open_database(path)
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    dept = Node(TOWN, db, SyncService(db), units)
    req, cert = tmp_path / "dept.req", tmp_path / "dept.cert"
    dept.sync.make_request(req, department=DEPT)
    nodes[TOWN].sync.enrol(req, cert)
    dept.sync.accept(cert)
    nodes["dept"] = dept
    yield nodes
    for n in nodes.values():
        n.close()


def svc(node, role: Role, unit: str, name: str = "测试员") -> EventService:
    return EventService(node.db, Principal(f"u{unit}{role.value}{name}", role.value, role, unit, display_name=name),
                        today=DAY)


def xfer(nodes, a: str, b: str, folder: Path, to: str | None = None):
    path = folder / f"{a}-to-{b}-{len(list(folder.glob('*.gridpkg')))}.gridpkg"
    nodes[a].sync.export(to or nodes[b].code, path)
    (res,) = nodes[b].sync.import_files([path])
    return res


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 120, 200)).save(buf, "JPEG")
    return buf.getvalue()


def report(node, title: str) -> str:
    return svc(node, Role.GRID_WORKER, G1).report(EventInput(class_code="05", title=title, description=title,
                                                             place="幸福街3号", found_on=DAY))


def to_the_department(tree, tmp_path) -> tuple[str, str]:
    eid, other = report(tree[G1], "路灯不亮"), report(tree[G1], "井盖缺失")
    svc(tree[G1], Role.GRID_WORKER, G1).add_photo(eid, jpeg())
    assert xfer(tree, G1, C1, tmp_path).status == "imported"
    community = svc(tree[C1], Role.OFFICE, C1)
    for e in (eid, other):
        community.act(e, "escalate", reason="需街道协调")
    assert xfer(tree, C1, TOWN, tmp_path).status == "imported"
    town = svc(tree[TOWN], Role.OFFICE, TOWN)
    assert (TOWN, f"城东街道 · {DEPT}", DEPT) in [(c, lbl, d) for c, lbl, d in town.dispatch_targets(eid)]
    for e in (eid, other):
        town.act(e, "accept")
    town.act(eid, "dispatch", to=TOWN, department=DEPT)
    town.act(other, "dispatch", to=G1)
    res = xfer(tree, TOWN, "dept", tmp_path, to=DEPT)
    assert res.status == "imported", res.message
    return eid, other


def test_a_dispatched_event_reaches_the_department_and_its_handling_comes_back(tree, tmp_path):
    eid, other = to_the_department(tree, tmp_path)
    dept = tree["dept"]
    officer = svc(dept, Role.DEPARTMENT, TOWN, DEPT)
    assert officer.list_ids() == [eid]
    with dept.db.read() as s:  # the other event never came
        assert s.get(Event, other) is None
        assert not s.execute(select(EventStep).where(EventStep.event_id == other)).first()
    view = officer.get(eid)
    assert view.row.status == "dispatched" and [t.action for t in view.timeline][:2] == ["report", "escalate"]
    (photo,) = officer.photos(eid)
    assert officer.photo(eid, photo.id) == svc(tree[G1], Role.GRID_WORKER, G1).photo(eid, photo.id)
    officer.act(eid, "handle", feedback="已更换灯泡")
    res = xfer(tree, "dept", TOWN, tmp_path)
    assert res.status == "imported" and res.refused_parts == 0, res.summary()
    town = svc(tree[TOWN], Role.OFFICE, TOWN)
    assert town.get(eid).row.status == "fed_back"
    town.act(eid, "verify_ok")
    town.act(eid, "close", outcome="路灯已修复")
    xfer(tree, TOWN, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    grid = svc(tree[G1], Role.GRID_WORKER, G1).get(eid)
    assert grid.row.status == "closed"
    handled = [t for t in grid.timeline if t.action == "handle"]
    assert handled and handled[0].actor_name == DEPT and handled[0].data["feedback"] == "已更换灯泡"
    # the department hears of the closure too
    xfer(tree, TOWN, "dept", tmp_path, to=DEPT)
    assert officer.get(eid).row.status == "closed"


@pytest.mark.parametrize("case", ["other_event", "close", "other_unit"])
def test_a_department_cannot_write_beyond_what_was_dispatched_to_it(tree, tmp_path, case):
    eid, other = to_the_department(tree, tmp_path)
    dept = tree["dept"]
    target = other if case == "other_event" else eid
    action = "close" if case == "close" else "handle"
    actor = C1 if case == "other_unit" else TOWN
    forge(dept, "event_step", uuid7(), "insert", {
        "event_id": target, "action": action, "done_on": DAY.isoformat(), "actor_unit": actor,
        "actor_name": DEPT, "data": {"feedback": "冒充", "outcome": "冒充"}}, unit=G1)
    res = xfer(tree, "dept", TOWN, tmp_path)
    assert res.status == "refused"
    assert {"other_event": "没有交办给部门", "close": "只能报送处置反馈", "other_unit": "名义"}[case] in res.message
    town = svc(tree[TOWN], Role.OFFICE, TOWN)
    assert town.get(eid).row.status == "dispatched"


def test_a_department_certificate_must_come_from_its_own_units_office(tree, tmp_path):
    req, cert = tmp_path / "d2.req", tmp_path / "d2.cert"
    db = open_database(tmp_path / "c1dept.sqlite3", create=True)
    try:
        UnitService(db).initialise(C1, "和平社区", Level.COMMUNITY)
        SyncService(db).make_request(req, department="司法所")
        with pytest.raises(SyncError, match="不是本单位"):
            tree[TOWN].sync.enrol(req, cert)
    finally:
        db.close()
