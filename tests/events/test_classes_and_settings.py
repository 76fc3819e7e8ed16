"""The event class table (事件分类) an office edits (add a subclass, rename, retire, restore), how it reaches the
units below (and not the sibling or the units above), how old events keep a retired class's label, and the
时限设置 parts: a 0 or negative limit refused naming the field, going back to the inherited limits, listing and
removing calendar entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from gridapp.core.errors import PermissionDenied, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.services.events import EventInput, EventService
from gridapp.services.units import UnitService

TOWN, COMMUNITY, COMMUNITY2 = "370303001", "370303001001", "370303001002"
GRID1, GRID3 = "370303001001001", "370303001002001"
MON = dt.date(2026, 11, 30)


def svc(db, role: Role, unit: str, today: dt.date = MON) -> EventService:
    return EventService(db, Principal(f"u-{role.value}-{unit}", f"{role.value}{unit[-3:]}", role, unit,
                                      display_name=role.value), today=today)


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(COMMUNITY2, "幸福社区")
    units.add(GRID3, "第1网格")
    return db


def report(db, unit=GRID1, **kw) -> str:
    values = {"class_code": "03", "subclass": "0302", "title": "燃气管道漏气", "description": "3号楼东侧燃气管道有异味",
              "place": "人民路1号3号楼", "found_on": MON, **kw}
    return svc(db, Role.GRID_WORKER, unit).report(EventInput(**values))


def test_an_office_adds_renames_and_retires_classes_for_its_unit_and_below(town):
    office = svc(town, Role.OFFICE, COMMUNITY)
    code = office.add_subclass("03", "充电桩")
    assert code == "0305"  # after 0301–0304 (0399 is 其他)
    assert office.class_table().subclasses("03")[code] == "充电桩"
    # the grid below sees it and may report with it; the sibling community does not
    assert svc(town, Role.GRID_WORKER, GRID1).class_table().label(code) == "充电桩"
    assert code not in svc(town, Role.GRID_WORKER, GRID3).class_table().subclasses("03")
    eid = report(town, subclass=code, title="电动车违规充电")
    with pytest.raises(ValidationError, match="不是“安全隐患”的小类") as exc:
        report(town, GRID3, subclass=code)
    assert exc.value.field == "小类"

    office.rename_class("04", "环境卫生与绿化")
    office.rename_class(code, "电动车充电")
    with pytest.raises(ValidationError, match="已有名为“燃气”"):
        office.rename_class(code, "燃气")
    with pytest.raises(ValidationError, match="请填写类别名称"):
        office.add_subclass("03", "  ")
    with pytest.raises(ValidationError, match="不超过 20 个字"):
        office.rename_class("04", "名" * 21)
    with pytest.raises(ValidationError, match="本身是小类"):
        office.add_subclass("0301", "x")

    office.retire_class(code)
    with pytest.raises(ValidationError, match="已停用"):
        office.retire_class(code)
    # a new event may not take it; the old one keeps its label
    with pytest.raises(ValidationError, match="小类“电动车充电”已停用"):
        report(town, subclass=code)
    assert svc(town, Role.OFFICE, TOWN).get(eid).subclass_label == "电动车充电"
    assert code not in office.class_table().subclasses("03")
    assert office.class_table().subclasses("03", active_only=False)[code] == "电动车充电"
    # the list and the summary read the class as the event's unit named it
    worker = svc(town, Role.GRID_WORKER, GRID1)
    assert worker.rows(worker.list_ids())[0].class_label == "安全隐患"
    report(town, class_code="04", subclass=None, title="垃圾堆放")
    assert {r.class_label for r in worker.rows(worker.list_ids())} == {"安全隐患", "环境卫生与绿化"}
    assert "环境卫生与绿化" in office.summary(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).by_class
    office.restore_class(code)
    assert office.class_table().subclasses("03")[code] == "电动车充电"

    # a class retired above stays retired below: the community cannot bring it back
    town_office = svc(town, Role.OFFICE, TOWN)
    town_office.retire_class("08")
    assert "08" not in office.class_table().classes()
    with pytest.raises(ValidationError, match="由上级单位停用"):
        office.restore_class("08")
    with pytest.raises(ValidationError, match="已停用，请选择其他类别"):
        report(town, class_code="08", subclass=None)
    entries = {e.code: e for e in office.class_entries()}
    assert entries["08"].retired and entries["08"].set_by == TOWN and entries["04"].set_by == COMMUNITY


def test_only_offices_edit_the_class_table(town):
    worker = svc(town, Role.GRID_WORKER, GRID1)
    for call in (lambda: worker.add_subclass("03", "x"), lambda: worker.rename_class("03", "x"),
                 lambda: worker.retire_class("03")):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(ValidationError, match="不是有效代码"):
        svc(town, Role.OFFICE, COMMUNITY).retire_class("77")


def test_limits_refuse_zero_and_go_back_to_the_inherited_ones(town):
    office = svc(town, Role.OFFICE, COMMUNITY)
    for accept, handle, field in ((0, 5, "受理时限"), (1, 0, "办理时限"), (-1, 5, "受理时限"), (1, 61, "办理时限")):
        with pytest.raises(ValidationError) as exc:
            office.set_limit("03", accept, handle)
        assert exc.value.field == field and field in exc.value.message and "1 到 60" in exc.value.message
    svc(town, Role.OFFICE, TOWN).set_limit("03", 2, 7)
    office.set_limit("03", 3, 9)
    assert {c: (a, h, own) for c, _n, a, h, own in office.limits()}["03"] == (3, 9, True)
    office.clear_limit("03")
    assert {c: (a, h, own) for c, _n, a, h, own in office.limits()}["03"] == (2, 7, False)
    with pytest.raises(ValidationError, match="沿用上级"):
        office.clear_limit("03")


def test_calendar_entries_are_listed_and_removed(town):
    office = svc(town, Role.OFFICE, COMMUNITY)
    svc(town, Role.OFFICE, TOWN).set_calendar_day(dt.date(2026, 3, 7), True, "调休上班")
    office.set_calendar_day(dt.date(2026, 3, 9), False, "社区活动")
    days = office.calendar_days()
    assert [(d, w, n, u, own) for d, w, n, u, own in days] == [
        (dt.date(2026, 3, 7), True, "调休上班", TOWN, False), (dt.date(2026, 3, 9), False, "社区活动", COMMUNITY, True)]
    with pytest.raises(ValidationError, match="本单位没有登记 2026-03-07"):
        office.remove_calendar_day(dt.date(2026, 3, 7))
    office.remove_calendar_day(dt.date(2026, 3, 9))
    assert [d for d, *_ in office.calendar_days()] == [dt.date(2026, 3, 7)]
    # entered again after removal: the same row comes back
    office.set_calendar_day(dt.date(2026, 3, 9), False, "社区活动")
    assert len(office.calendar_days()) == 2
    with pytest.raises(PermissionDenied):
        svc(town, Role.GRID_WORKER, GRID1).calendar_days()


def test_a_dispute_from_the_event_form_takes_the_office_class_table(town):
    """report_dispute checks the class against the office's table of the dispute's grid: a subclass the office
    added under 矛盾纠纷 is accepted, the class retired refused with nothing written."""
    from sqlalchemy import func, select

    from gridapp.db.models import Dispute
    from gridapp.services.disputes import DisputeService
    from gridapp.services.event_disputes import report_dispute

    office = svc(town, Role.OFFICE, COMMUNITY)
    sub = office.add_subclass("01", "邻里噪音")
    worker = svc(town, Role.GRID_WORKER, GRID1)
    disputes = DisputeService(town, worker.principal, today=lambda: MON)
    data = EventInput(class_code="01", subclass=sub, title="楼上噪音", description="夜间噪音扰民", place="人民路1号",
                      found_on=MON)
    did = report_dispute(worker, disputes, data)
    assert disputes.get(did).name == "楼上噪音"
    # the sibling community's grid does not have that subclass
    other = svc(town, Role.GRID_WORKER, GRID3)
    with pytest.raises(ValidationError, match="不是“矛盾纠纷”的小类"):
        report_dispute(other, DisputeService(town, other.principal, today=lambda: MON), data)
    office.retire_class("01")
    with pytest.raises(ValidationError, match="事件类别“矛盾纠纷”已停用") as e:
        report_dispute(worker, disputes, replace(data, subclass=None, title="又一件"))
    assert e.value.field == "事件类别"
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(Dispute)).scalar_one() == 1
