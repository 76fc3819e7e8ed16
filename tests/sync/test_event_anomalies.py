"""Offline event steps that contradict each other (issue 15) show in the sync conflict list, on every installation
alike, with what happened and what the user can do: the grid and the community both call back the resident of a
closed event while apart; after the exchange one call-back (and what followed from it) is kept but not counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gridapp.core.permissions import Principal, Role
from gridapp.services.events import EventInput, EventService, installation_anomalies
from gridapp.services.sync import SyncService
from tests.sync.nodes import C1, G1, TOWN, make_tree, xfer

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def tree(template_db: Path, tmp_path: Path):
    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1))
    for n in nodes.values():  # wired as the session wires it
        n.sync = SyncService(n.db, anomalies=installation_anomalies)
    yield nodes
    for n in nodes.values():
        n.close()


def svc(node, role: Role, unit: str) -> EventService:
    return EventService(node.db, Principal(f"u{unit}{role.value}", role.value, role, unit, display_name="测试员"),
                        today=DAY)


def closed_event(tree, tmp_path) -> str:
    worker, office = svc(tree[G1], Role.GRID_WORKER, G1), svc(tree[C1], Role.OFFICE, C1)
    eid = worker.report(EventInput(class_code="04", title="垃圾堆放", description="楼下垃圾堆放", place="幸福街2号",
                                   found_on=DAY))
    xfer(tree, G1, C1, tmp_path)
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=G1)
    xfer(tree, C1, G1, tmp_path)
    worker.act(eid, "handle", feedback="已清运")
    xfer(tree, G1, C1, tmp_path)
    office.act(eid, "verify_ok")
    office.act(eid, "close", outcome="已清运")
    xfer(tree, C1, G1, tmp_path)
    return eid


def test_contradicting_offline_steps_are_listed_with_what_to_do(tree, tmp_path):
    eid = closed_event(tree, tmp_path)
    assert tree[C1].sync.anomalies() == [] and tree[G1].sync.anomalies() == []
    # apart: the grid records the resident satisfied; the community records 不满意 and reopens the event
    svc(tree[G1], Role.GRID_WORKER, G1).act(eid, "callback", satisfaction="1")
    office = svc(tree[C1], Role.OFFICE, C1)
    office.act(eid, "callback", satisfaction="3", reason="垃圾又堆起来了")
    office.act(eid, "reopen", reason="群众不满意")
    xfer(tree, G1, C1, tmp_path)
    xfer(tree, C1, G1, tmp_path)
    xfer(tree, C1, TOWN, tmp_path)
    lists = {code: tree[code].sync.anomalies() for code in (G1, C1, TOWN)}
    seen = {code: [(a.event_id, a.action, a.done_on, a.reason) for a in items] for code, items in lists.items()}
    assert seen[G1] == seen[C1] == seen[TOWN] and len(seen[C1]) >= 1  # the same list everywhere
    first = lists[C1][0]
    assert first.event_id == eid and first.number in first.what and "未计入" in first.what
    assert first.advice and first.status_label and first.holder
    assert {a.action for a in lists[C1]} <= {"callback", "reopen"}
    # the timeline marks the same steps, and the status counts the anomalies alongside the conflicts
    view = office.get(eid)
    assert len([t for t in view.timeline if t.anomaly]) == len(lists[C1])
    assert tree[C1].sync.status().event_anomalies == len(lists[C1])
    d = first.as_dict()
    assert d["what"] == first.what and d["done_on"] == DAY.isoformat()


def test_a_grid_sees_only_its_own_events_contradictions(tree, tmp_path):
    eid = closed_event(tree, tmp_path)
    svc(tree[G1], Role.GRID_WORKER, G1).act(eid, "callback", satisfaction="1")
    svc(tree[C1], Role.OFFICE, C1).act(eid, "callback", satisfaction="2")
    xfer(tree, G1, C1, tmp_path)
    (a,) = tree[C1].sync.anomalies()
    assert a.action == "callback" and "重复回访" in a.reason and "回访" in a.advice
    other = svc(tree[C1], Role.GRID_WORKER, "370303001001002")
    assert other.anomalies() == []  # another grid's worker: not in scope


def test_sync_conflicts_and_status_on_the_command_line(tree, tmp_path, capsys):
    import json

    from gridapp.cli import main

    eid = closed_event(tree, tmp_path)
    svc(tree[G1], Role.GRID_WORKER, G1).act(eid, "callback", satisfaction="1")
    svc(tree[C1], Role.OFFICE, C1).act(eid, "callback", satisfaction="2")
    xfer(tree, G1, C1, tmp_path)
    tree[C1].close()
    db = str(tmp_path / f"{C1}.sqlite3")
    capsys.readouterr()
    assert main(["--db", db, "sync", "conflicts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["conflicts"] == [] and len(data["anomalies"]) == 1
    assert data["anomalies"][0]["event_id"] == eid and data["anomalies"][0]["advice"]
    assert main(["--db", db, "sync", "conflicts"]) == 0
    text = capsys.readouterr().out
    assert "事件办理矛盾 1 处" in text and "可以：" in text
    assert main(["--db", db, "sync", "status"]) == 0
    assert "事件办理矛盾（离线步骤未计入）：1 处" in capsys.readouterr().out
