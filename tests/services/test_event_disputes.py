"""An event of class 矛盾纠纷 becomes a dispute record (one record, on the dispute ledger); the one rule of
first-handling closure serves the disputes and the events alike; the event list's filters and dispatch targets."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import Dispute, Event, Resident
from gridapp.domain.disputes import closed_first_time
from gridapp.domain.indicators import first_handling_closed
from gridapp.services.disputes import DisputeService
from gridapp.services.event_disputes import report_dispute
from gridapp.services.events import EventInput, EventService
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService

TOWN, COMMUNITY = "370303001", "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
MON = dt.date(2026, 11, 30)
D = dt.date


def person(role: Role, unit: str) -> Principal:
    return Principal(f"u-{role.value}-{unit}", role.value, role, unit, display_name=f"{role.value}{unit[-3:]}")


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    return db


def dispute_input(**kw) -> EventInput:
    values = {"class_code": "01", "title": "楼上漏水引发邻里纠纷", "description": "两户因漏水赔偿争执", "place": "幸福街8号",
              "found_on": MON, "unit_code": GRID1, "source": "06", **kw}
    return EventInput(**values)


def a_resident(db, name: str) -> str:
    with db.read() as s:
        rid = s.execute(select(Resident.id).where(Resident.name == name)).scalar()
    return rid


def test_a_dispute_event_becomes_one_dispute_record(town):
    worker = person(Role.GRID_WORKER, GRID1)
    events, disputes = EventService(town, worker, today=MON), DisputeService(town, worker)
    # the event path refuses it: a dispute is kept on its own ledger, never as a second record
    with pytest.raises(ValidationError, match="矛盾纠纷台账"):
        events.report(dispute_input())
    did = report_dispute(events, disputes, dispute_input(), category="02", scale="01")
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(Event)).scalar() == 0
        d = s.get(Dispute, did)
        assert d is not None and d.unit_code == GRID1 and d.name == "楼上漏水引发邻里纠纷" and d.category == "02"
        assert d.occurred_on == MON and d.status == "registered" and d.people == 1
        assert "信访（初访）" in (d.summary or "")
    # an ID number in the description is refused before anything is written
    with pytest.raises(ValidationError, match="身份证"):
        report_dispute(events, disputes, dispute_input(description="当事人 370303198001010011"))
    # only class 矛盾纠纷 goes this way
    with pytest.raises(ValidationError, match="矛盾纠纷"):
        report_dispute(events, disputes, dispute_input(class_code="03"))
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(Dispute)).scalar() == 1


def test_people_come_from_resident_records_in_scope(town):
    reg = RegistryService(town, person(Role.GRID_WORKER, GRID1))
    reg.create_resident(ResidentInput(grid_code=GRID1, id_number=make_id("370303", D(1980, 1, 1), 11), name="测试甲"))
    rid = a_resident(town, "测试甲")
    worker = person(Role.GRID_WORKER, GRID1)
    did = report_dispute(EventService(town, worker, today=MON), DisputeService(town, worker),
                         dispute_input(people=(rid,)))
    with town.read() as s:
        assert s.get(Dispute, did).parties == "测试甲"


def test_one_first_handling_rule_for_both():
    # the shared rule (domain.indicators): the first fact that holds decides
    assert first_handling_closed({"closed_ok": True}) is True
    assert first_handling_closed({"open": True}) is None
    assert first_handling_closed({"open": True, "overdue": True}) is False
    assert first_handling_closed({"closed_ok": True, "escalated": True}) is False
    assert first_handling_closed({"closed_ok": True, "reopened": True}) is False
    assert first_handling_closed({}) is False  # closed, but late, failed or not by the first unit
    # the disputes' view of it
    assert closed_first_time("resolved", True, D(2026, 12, 2), None, D(2026, 12, 5), []) is True
    assert closed_first_time("resolved", True, D(2026, 12, 2), None, D(2026, 12, 5), [D(2026, 12, 1)]) is False
    assert closed_first_time("resolved", True, D(2026, 12, 2), None, D(2026, 12, 5), [D(2026, 12, 2)]) is False
    assert closed_first_time("resolved", True, D(2026, 12, 2), None, D(2026, 12, 5), [D(2026, 12, 3)]) is True
    assert closed_first_time("escalated", False, None, D(2026, 12, 2), D(2026, 12, 5), []) is False
    assert closed_first_time("mediating", None, None, None, D(2026, 12, 5), []) is False


def test_a_supervised_petition_is_no_first_handling_closure(town):
    def svc(role, unit, day=MON):
        return EventService(town, person(role, unit), today=day)

    ids = []
    for title in ("甲", "乙"):
        ids.append(svc(Role.GRID_WORKER, GRID1).report(EventInput(
            class_code="06", title=title, description="群众来访反映", place="幸福街1号", found_on=MON, source="05")))
    office = svc(Role.OFFICE, COMMUNITY)
    for eid in ids:
        office.act(eid, "accept")
        office.act(eid, "dispatch", to=GRID1)
    svc(Role.OFFICE, TOWN).act(ids[1], "supervise", level="2", opinion="请尽快办理")
    for eid in ids:
        svc(Role.GRID_WORKER, GRID1, D(2026, 12, 1)).act(eid, "handle", feedback="已办理")
        later = svc(Role.OFFICE, COMMUNITY, D(2026, 12, 1))
        later.act(eid, "verify_ok")
        later.act(eid, "close", outcome="已办结")
    viewer = svc(Role.OFFICE, TOWN, D(2026, 12, 2))
    assert viewer.get(ids[0]).first_handling is True and viewer.get(ids[1]).first_handling is False
    m = viewer.summary(D(2026, 11, 1), D(2026, 11, 30))
    assert (m.petitions_decided, m.first_handling_closed) == (2, 1)


def test_list_filters_and_dispatch_targets(town):
    def svc(role, unit, day=MON):
        return EventService(town, person(role, unit), today=day)

    a = svc(Role.GRID_WORKER, GRID1).report(EventInput(class_code="03", subclass="0302", title="燃气", description="漏气",
                                                       place="1号", found_on=MON))
    b = svc(Role.GRID_WORKER, GRID2).report(EventInput(class_code="04", title="垃圾", description="堆放",
                                                       place="2号", found_on=MON))
    office = svc(Role.OFFICE, COMMUNITY)
    assert set(office.list_ids(class_code="03")) == {a}
    assert set(office.list_ids(status="open")) == {a, b}
    assert set(office.list_ids(timing="soon")) == {a, b}  # due on Tuesday, the next working day
    assert svc(Role.OFFICE, COMMUNITY, D(2026, 12, 2)).list_ids(timing="overdue", sort="due") != []
    office.act(a, "accept")
    targets = office.dispatch_targets(a)
    assert targets[0][0] == COMMUNITY and any(t[0] == GRID1 for t in targets)
    assert all(t[0] != GRID2 for t in targets)  # not the other grid: outside the event's path
    svc(Role.OFFICE, TOWN).act(b, "supervise", level="3", opinion="红牌督办")
    assert office.list_ids(timing="red_card") == [b]
    assert [g for g, _ in office.grids()][:1] == [COMMUNITY]
    with pytest.raises(ValidationError):
        office.list_ids(timing="purple")


def test_someone_elses_resident_cannot_be_named(town):
    reg = RegistryService(town, person(Role.GRID_WORKER, GRID2))
    reg.create_resident(ResidentInput(grid_code=GRID2, id_number=make_id("370303", D(1981, 2, 2), 21), name="测试乙"))
    rid = a_resident(town, "测试乙")
    worker = person(Role.GRID_WORKER, GRID1)
    with pytest.raises(ValidationError, match="居民档案"):
        report_dispute(EventService(town, worker, today=MON), DisputeService(town, worker),
                       dispute_input(people=(rid,)))
