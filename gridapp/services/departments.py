"""A department's own installation (部门终端, issue 15): the office of a unit dispatches an event to one of its
departments (`dispatch` with `department`); a department working on its own computer receives, by package or hub,
exactly what was dispatched to it and sends back its handling of it.

- Enrolment: the department's installation is initialised at the office's unit and asks the office of that unit
  (not the level above) with its department's name; the office enrols it as a peer of role "department".
- Down (office → department): the events ever dispatched to that department (to the office's unit with that
  department's name), with their whole timeline and photos, whatever the department acknowledged before (an
  event dispatched today brings its report of last month), and the names and time limits of the units concerned.
  Nothing else: no residents, no other events.
- Up (department → office): only the department's own event steps and photos. The office refuses a part with
  anything else, a step on an event not dispatched to that department, a step other than handling and asking for
  more time (处置反馈, 申请延期), or a step in the name of another unit.

The office relays the department's steps to the levels above and to the event's grid like its own (they are owned
by the event's unit, sealed by the department's installation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from gridapp.core.orgcode import ancestors
from gridapp.db.models import ChangeLog, Event, EventPhoto, EventStep
from gridapp.sync import knowledge as kn

EVENT_TABLES = ("event", "event_step", "event_photo")
CONTEXT_TABLES = ("org_unit", "event_limit", "work_calendar_day")
UP_TABLES = ("event_step", "event_photo")
DEPARTMENT_ACTIONS = frozenset({"handle", "extend"})
_CHUNK = 500


def dispatched(s: Session, unit: str, department: str, among: Iterable[str] | None = None) -> set[str]:
    """The events ever dispatched to `department` of `unit` (optionally only among these ids)."""
    q = select(EventStep.event_id, EventStep.data).where(EventStep.action == "dispatch",
                                                          EventStep.deleted.is_(False))
    out: set[str] = set()
    ids = None if among is None else list(dict.fromkeys(among))
    batches = [q] if ids is None else [q.where(EventStep.event_id.in_(ids[i:i + _CHUNK]))
                                       for i in range(0, len(ids), _CHUNK)]
    for batch in batches:
        for eid, data in s.execute(batch).tuples():
            d = data or {}
            if d.get("to") == unit and d.get("department") == department:
                out.add(eid)
    return out


def _rows(s: Session, unit: str, department: str) -> tuple[dict[str, list[str]], list[str]]:
    """Row ids per event table for what was dispatched to the department, and the units they concern."""
    events = sorted(dispatched(s, unit, department))
    rows: dict[str, list[str]] = {"event": events, "event_step": [], "event_photo": []}
    units: set[str] = {unit, *ancestors(unit)}
    for i in range(0, len(events), _CHUNK):
        chunk = events[i:i + _CHUNK]
        rows["event_step"] += s.execute(select(EventStep.id).where(EventStep.event_id.in_(chunk))).scalars().all()
        rows["event_photo"] += s.execute(select(EventPhoto.id).where(EventPhoto.event_id.in_(chunk))).scalars().all()
        for code in s.execute(select(Event.unit_code).where(Event.id.in_(chunk))).scalars():
            units.update((code, *ancestors(code)))
    return rows, sorted(units)


def _event_rows(rows: Mapping[str, Sequence[str]]) -> Any:
    conds = [and_(ChangeLog.table_name == table, ChangeLog.row_id.in_(list(ids)))
             for table, ids in rows.items() if ids]
    return or_(*conds) if conds else ChangeLog.row_id.is_(None)


def export_scope(s: Session, unit: str, department: str) -> Any:
    """What the office sends its department's installation (SQL condition on the change log)."""
    rows, units = _rows(s, unit, department)
    context = and_(ChangeLog.table_name.in_(CONTEXT_TABLES), kn.unit_filter([], units))
    return or_(_event_rows(rows), context)


def with_history(s: Session, unit: str, department: str, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`changes` plus every change of the events dispatched to the department, whatever it acknowledged: an
    event dispatched now was made (and acknowledged as out of scope) long before. The receiver stores each
    change once."""
    rows, _units = _rows(s, unit, department)
    have = {(c["node_id"], c["node_seq"]) for c in changes}
    extra = [dict(zip(kn.KEYS, r, strict=True)) for r in s.execute(select(*kn.COLS).where(_event_rows(rows))).tuples()]
    extra = [c for c in extra if (c["node_id"], c["node_seq"]) not in have]
    if not extra:
        return changes
    return sorted([*changes, *extra], key=lambda c: (c["hlc"], c["node_id"], c["node_seq"]))


def upward_scope(node_id: str) -> Any:
    """What a department's installation sends its office: its own event steps and photos."""
    return and_(ChangeLog.node_id == node_id, ChangeLog.table_name.in_(UP_TABLES))


def problems(s: Session, changes: Sequence[Mapping[str, Any]], unit: str, department: str) -> list[str]:
    """Why changes from `department`'s installation may not be written here ([] if all may)."""
    ids: list[str] = [c["fields"]["event_id"] for c in changes
                      if isinstance(c["fields"], dict) and isinstance(c["fields"].get("event_id"), str)]
    mine = dispatched(s, unit, department, ids)
    out: list[str] = []
    for c in changes:
        where = f"（节点 {c['node_id']}，序号 {c['node_seq']}）"
        table, f = c["table_name"], c["fields"] if isinstance(c["fields"], dict) else {}
        if table not in UP_TABLES or c["op"] != "insert":
            out.append(f"部门终端只能报送事件的处置反馈、延期申请和照片，不能修改{table}记录{where}")
        elif f.get("event_id") not in mine:
            out.append(f"事件 {f.get('event_id')} 没有交办给部门 {department}，该部门终端不能为它报送{where}")
        elif table == "event_step" and f.get("action") not in DEPARTMENT_ACTIONS:
            out.append(f"部门终端只能报送处置反馈和延期申请，不能“{f.get('action')}”{where}")
        elif table == "event_step" and f.get("actor_unit") != unit:
            out.append(f"部门 {department} 的办理环节须以本单位 {unit} 的名义报送，不能以 {f.get('actor_unit')} 的名义{where}")
        if len(out) >= 5:
            break
    return out
