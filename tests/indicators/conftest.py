"""A town filled with generated data (the session's demo copy) plus events, police force, cases and surveys."""

from __future__ import annotations

import datetime as dt

from gridapp.core.permissions import Principal, Role
from gridapp.services.events import EventInput, EventService
from gridapp.services.indicators import IndicatorService

TOWN = "370303001"
TODAY = dt.date(2026, 12, 4)


def person(role: Role, unit: str) -> Principal:
    return Principal(f"u-{role.value}-{unit}", f"{role.value}{unit[-3:]}", role, unit, display_name=f"测试{role.label_zh}")


def ind(db, role: Role = Role.OFFICE, unit: str = TOWN, today: dt.date = TODAY) -> IndicatorService:
    return IndicatorService(db, person(role, unit), today=lambda: today)


def petition(db, grid: str, found: dt.date, *, close: bool, dispatch: bool = False, callback: str | None = None) -> str:
    """A 初访 event reported on `found`: closed on time by the community, dispatched and never handled, or left
    unaccepted."""
    community = grid[:12]
    ev = EventService(db, person(Role.GRID_WORKER, grid), today=lambda: found)
    eid = ev.report(EventInput(class_code="03", subclass="0302", title="楼道堆物", description="楼道堆放杂物",
                               place="人民路1号", found_on=found, source="06"))
    if not (close or dispatch):
        return eid
    office = EventService(db, person(Role.OFFICE, community), today=lambda: found)
    office.act(eid, "accept")
    office.act(eid, "dispatch", to=grid)
    if not close:
        return eid
    handled = found + dt.timedelta(days=1)
    EventService(db, person(Role.GRID_WORKER, grid), today=lambda: handled).act(eid, "handle", feedback="已清理")
    o2 = EventService(db, person(Role.OFFICE, community), today=lambda: handled)
    o2.act(eid, "verify_ok", opinion="已核实")
    o2.act(eid, "close", outcome="已清理")
    if callback:
        EventService(db, person(Role.GRID_WORKER, grid), today=lambda: handled).act(
            eid, "callback", satisfaction=callback, **({"reason": "处理慢"} if callback == "3" else {}))
    return eid
