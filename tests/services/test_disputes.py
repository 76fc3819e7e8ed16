"""gridapp.services.disputes: the dispute ledger's rules, numbering across nodes, the rates, scope and roles."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AuditLog, ChangeLog, Dispute
from gridapp.services.disputes import DisputeInput, DisputeService
from gridapp.services.units import UnitService
from gridapp.sync.merge import apply_changes

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def svc(community) -> DisputeService:
    return DisputeService(community.db, community.code)


def add(svc: DisputeService, grid: str, day: dt.date = dt.date(2026, 6, 1), **kw) -> str:
    values = {"name": "楼上漏水纠纷", "occurred_on": day, "place": "人民路1号", "category": "02", "scale": "01",
              "people": 2, "grid_code": grid, **kw}
    return svc.register(DisputeInput(**values), today=TODAY)


def who(community, role: Role, unit: str, name: str = "") -> DisputeService:
    return DisputeService(community.db, Principal(role.value, role.value, role, unit, display_name=name))


# -- registering and numbering --------------------------------------------------------------------------
def test_register_numbers_and_defaults(svc, community):
    g = community.grids[0]
    first, second = add(svc, g), add(svc, g, parties="张三、李四")
    other_year = add(svc, g, dt.date(2025, 12, 31))
    a, b, c = svc.get(first, today=TODAY), svc.get(second, today=TODAY), svc.get(other_year, today=TODAY)
    node = community.db.node_id
    assert (a.number, b.number) == (f"{g}-2026-0001-{node}", f"{g}-2026-0002-{node}")
    assert c.number == f"{g}-2025-0001-{node}"
    assert (a.status, a.deadline, a.category_label, a.scale_label) == ("registered", dt.date(2026, 7, 1), "邻里",
                                                                        "个体性")
    assert b.parties == "张三、李四" and not a.overdue and not a.first_handling
    with community.db.read() as s:
        assert s.execute(select(ChangeLog.op).where(ChangeLog.row_id == first)).scalars().all() == ["insert"]


def test_two_nodes_numbering_offline_never_collide(community, fresh_copy, open_db):
    """Two installations of the same community register disputes in the same grid and year while offline;
    after one imports the other's changes all numbers are distinct and its own sequence goes on."""
    other = open_db(fresh_copy("other"))
    units = UnitService(other)
    units.initialise(community.code, community.name, Level.COMMUNITY)
    for i, grid in enumerate(community.grids, start=1):
        units.add(grid, f"第{i}网格")
    g = community.grids[0]
    mine = DisputeService(community.db, community.code)
    theirs = DisputeService(other, community.code)
    for _ in range(3):
        add(mine, g)
        add(theirs, g)
    assert community.db.node_id != other.node_id
    with other.read() as s:
        remote = [{"node_id": c.node_id, "node_seq": c.node_seq, "table_name": c.table_name, "row_id": c.row_id,
                   "unit_code": c.unit_code, "op": c.op, "hlc": c.hlc, "fields": json.loads(c.fields),
                   "base": None, "schema_rev": c.schema_rev}
                  for c in s.execute(select(ChangeLog).where(ChangeLog.table_name == "dispute")).scalars()]
    with community.db.write() as s:
        apply_changes(s, remote, dt.datetime(2026, 6, 15))
    add(mine, g)
    with community.db.read() as s:
        numbers = s.execute(select(Dispute.number)).scalars().all()
    assert len(numbers) == 7 == len(set(numbers))
    assert sum(n.startswith(f"{g}-2026-0001-") for n in numbers) == 2
    assert f"{g}-2026-0004-{community.db.node_id}" in numbers


@pytest.mark.parametrize(("kw", "field"), [
    ({"name": " "}, "名称"),
    ({"place": ""}, "地点"),
    ({"occurred_on": dt.date(2026, 6, 16)}, "发生日期"),
    ({"occurred_on": None}, "发生日期"),
    ({"category": "17"}, "事件类别"),
    ({"scale": "04"}, "事件规模"),
    ({"people": 0}, "涉及人数"),
    ({"people": "3"}, "涉及人数"),
    ({"people": 30}, "事件规模"),  # 30 people is not 个体性
    ({"parties": "张三 370303198001010011"}, "主要当事人"),
    ({"deadline": dt.date(2026, 5, 31)}, "化解时限"),
    ({"summary": "长" * 1001}, "简述"),
])
def test_register_refusals_name_the_field(svc, community, kw, field):
    with pytest.raises(ValidationError) as err:
        add(svc, community.grids[0], **kw)
    assert err.value.field == field
    assert svc.count() == 0


def test_register_needs_a_grid(svc, community):
    with pytest.raises(ValidationError) as err:
        add(svc, community.code)
    assert err.value.field == "网格"


def test_update_only_while_open(svc, community):
    did = add(svc, community.grids[0])
    svc.update(did, DisputeInput("邻里噪音纠纷", dt.date(2026, 6, 1), "人民路2号", "02", "02", 5,
                                 grid_code=community.grids[1]), today=TODAY)
    d = svc.get(did, today=TODAY)
    assert (d.name, d.scale, d.people, d.unit_code) == ("邻里噪音纠纷", "02", 5, community.grids[0])
    svc.resolve(did, success=True, method="人民调解", outcome="双方和解", on=dt.date(2026, 6, 10), today=TODAY)
    with pytest.raises(ValidationError) as err:
        svc.update(did, DisputeInput("x", dt.date(2026, 6, 1), "y", "02", "01", 1), today=TODAY)
    assert err.value.field == "状态"


# -- resolution ----------------------------------------------------------------------------------------
def test_mediation_then_resolution(svc, community):
    did = add(svc, community.grids[0])
    svc.start_mediation(did, method="人民调解", org="和平社区人民调解委员会", person="赵调解", phone="13812345678")
    d = svc.get(did, today=TODAY)
    assert (d.status, d.resolver_phone) == ("mediating", "138****5678")
    svc.resolve(did, success=True, method="人民调解", outcome="达成调解协议，已履行", on=dt.date(2026, 6, 20),
                today=dt.date(2026, 6, 20))
    d = svc.get(did, today=TODAY)
    assert (d.status, d.success, d.resolved_on, d.first_handling) == ("resolved", True, dt.date(2026, 6, 20), True)
    with pytest.raises(ValidationError) as err:
        svc.resolve(did, success=True, method="人民调解", outcome="再次", today=TODAY)
    assert err.value.field == "状态"


@pytest.mark.parametrize(("kw", "field"), [
    ({"on": dt.date(2026, 5, 31)}, "化解日期"),  # before the occurrence
    ({"on": dt.date(2026, 6, 16)}, "化解日期"),  # in the future
    ({"method": ""}, "化解方式"),
    ({"outcome": "  "}, "化解情况"),
    ({"phone": "12345"}, "联系方式"),
])
def test_resolution_refusals_name_the_field(svc, community, kw, field):
    did = add(svc, community.grids[0])
    values = {"success": True, "method": "人民调解", "outcome": "和解", "on": dt.date(2026, 6, 10), **kw}
    with pytest.raises(ValidationError) as err:
        svc.resolve(did, **values, today=TODAY)
    assert err.value.field == field
    assert svc.get(did, today=TODAY).status == "registered"


def test_resolution_on_the_occurrence_day_and_today_are_accepted(svc, community):
    a, b = add(svc, community.grids[0]), add(svc, community.grids[0])
    svc.resolve(a, success=True, method="当场调解", outcome="和解", on=dt.date(2026, 6, 1), today=TODAY)
    svc.resolve(b, success=True, method="当场调解", outcome="和解", on=TODAY, today=TODAY)
    assert {d.status for d in svc.list_disputes(today=TODAY)} == {"resolved"}


def test_failure_escalates_and_only_a_higher_level_resolves_it(community):
    g = community.grids[0]
    worker = who(community, Role.GRID_WORKER, g, "网格员甲")
    office = who(community, Role.OFFICE, community.code, "综治中心乙")
    did = add(worker, g)
    worker.resolve(did, success=False, method="人民调解", outcome="双方分歧大，调解未成", on=dt.date(2026, 6, 5),
                   today=TODAY)
    d = worker.get(did, today=TODAY)
    assert (d.status, d.success, d.escalated_on) == ("escalated", False, dt.date(2026, 6, 5))
    with pytest.raises(PermissionDenied):
        worker.resolve(did, success=True, method="联合调解", outcome="和解", today=TODAY)
    with pytest.raises(ValidationError):
        office.resolve(did, success=True, method="联合调解", outcome="和解", on=dt.date(2026, 6, 4), today=TODAY)
    office.resolve(did, success=True, method="联合调解", outcome="和解", on=dt.date(2026, 6, 12), today=TODAY)
    d = office.get(did, today=TODAY)
    assert (d.status, d.first_handling) == ("resolved", False)


def test_escalate_and_overdue(svc, community):
    g = community.grids[0]
    late = add(svc, g, dt.date(2026, 5, 1), deadline=dt.date(2026, 6, 14))
    due_today = add(svc, g, dt.date(2026, 5, 1), deadline=TODAY)
    gone = add(svc, g, dt.date(2026, 5, 1), deadline=dt.date(2026, 5, 10))
    svc.escalate(gone, "涉及多个部门，报街道", on=dt.date(2026, 5, 9), today=TODAY)
    assert [d.id for d in svc.list_disputes(overdue=True, today=TODAY)] == [late]
    assert svc.get(due_today, today=TODAY).overdue is False
    assert svc.get(gone, today=TODAY).status == "escalated"
    with pytest.raises(ValidationError) as err:
        svc.escalate(late, " ", today=TODAY)
    assert err.value.field == "上报原因"


# -- supervision and evaluation ------------------------------------------------------------------------
def test_supervision_is_for_offices_above_the_grid(community):
    g = community.grids[0]
    worker = who(community, Role.GRID_WORKER, g)
    chief = who(community, Role.GRID_CHIEF, g)
    grid_office = who(community, Role.OFFICE, g)
    office = who(community, Role.OFFICE, community.code, "综治中心乙")
    did = add(worker, g)
    for svc in (worker, chief):
        assert not svc.may_supervise
        with pytest.raises(PermissionDenied):
            svc.supervise(did, "请尽快化解", today=TODAY)
    assert not grid_office.may_supervise
    with pytest.raises(ScopeError):
        grid_office.supervise(did, "请尽快化解", today=TODAY)
    assert office.may_supervise
    office.supervise(did, "请三日内化解", on=dt.date(2026, 6, 3), today=TODAY)
    office.supervise(did, "再次督办", on=dt.date(2026, 6, 8), today=TODAY)
    d = worker.get(did, today=TODAY)
    assert [(s.sv_unit, s.sv_person, s.sv_on, s.opinion) for s in d.supervisions] == [
        (community.name, "综治中心乙", dt.date(2026, 6, 3), "请三日内化解"),
        (community.name, "综治中心乙", dt.date(2026, 6, 8), "再次督办")]
    with pytest.raises(ValidationError) as err:
        office.supervise(did, "", today=TODAY)
    assert err.value.field == "督办意见"
    with pytest.raises(ValidationError) as err:
        office.supervise(did, "早了", on=dt.date(2026, 5, 31), today=TODAY)
    assert err.value.field == "督办时间"
    # supervised before it was resolved: not closed at the first handling
    worker.resolve(did, success=True, method="人民调解", outcome="和解", on=dt.date(2026, 6, 10), today=TODAY)
    assert worker.get(did, today=TODAY).first_handling is False
    with pytest.raises(ValidationError):
        office.supervise(did, "已化解", today=TODAY)


def test_evaluate_after_the_resolution(community):
    g = community.grids[0]
    worker = who(community, Role.GRID_WORKER, g)
    office = who(community, Role.OFFICE, community.code)
    did = add(worker, g)
    with pytest.raises(ValidationError) as err:
        office.evaluate(did, "好", today=TODAY)
    assert err.value.field == "状态"
    worker.resolve(did, success=True, method="人民调解", outcome="和解", on=dt.date(2026, 6, 10), today=TODAY)
    with pytest.raises(PermissionDenied):
        worker.evaluate(did, "好", today=TODAY)
    with pytest.raises(ValidationError) as err:
        office.evaluate(did, "好", on=dt.date(2026, 6, 9), today=TODAY)
    assert err.value.field == "考评日期"
    office.evaluate(did, "化解及时，群众满意", on=dt.date(2026, 6, 10), today=TODAY)
    d = office.get(did, today=TODAY)
    assert (d.evaluated_on, d.evaluation) == (dt.date(2026, 6, 10), "化解及时，群众满意")


# -- scope, roles, audit -------------------------------------------------------------------------------
def test_scope_and_roles(community):
    g1, g2 = community.grids
    w1 = who(community, Role.GRID_WORKER, g1)
    w2 = who(community, Role.GRID_WORKER, g2)
    did = add(w1, g1)
    with pytest.raises(ScopeError):
        add(w1, g2)
    with pytest.raises(ScopeError):
        w2.get(did)
    with pytest.raises(ScopeError):
        w2.resolve(did, success=True, method="调解", outcome="和解", on=TODAY, today=TODAY)
    assert w2.list_disputes(today=TODAY) == []
    with pytest.raises(NotFound):
        w1.get("0" * 32)
    for role in (Role.POLICE, Role.VIEWER):
        svc = who(community, role, community.code)
        assert [d.id for d in svc.list_disputes(today=TODAY)] == [did]
        assert not svc.may_register
        with pytest.raises(PermissionDenied):
            add(svc, g1)
    with pytest.raises(PermissionDenied):
        who(community, Role.DEPARTMENT, community.code).list_disputes()


def test_writes_are_audited(community):
    g = community.grids[0]
    worker = who(community, Role.GRID_WORKER, g)
    office = who(community, Role.OFFICE, community.code)
    did = add(worker, g)
    office.supervise(did, "督办", on=TODAY, today=TODAY)
    worker.resolve(did, success=True, method="调解", outcome="和解", on=TODAY, today=TODAY)
    office.evaluate(did, "好", on=TODAY, today=TODAY)
    with community.db.read() as s:
        acts = s.execute(select(AuditLog.action, AuditLog.target_table).order_by(AuditLog.created_hlc)).all()
    assert [tuple(a) for a in acts] == [("create", "dispute"), ("create", "dispute_supervision"),
                                        ("edit", "dispute"), ("approve", "dispute")]


# -- list filters and summary --------------------------------------------------------------------------
def test_list_filters(svc, community):
    g1, g2 = community.grids
    a = add(svc, g1, category="01")
    b = add(svc, g2, category="07", scale="02", people=12)
    svc.resolve(b, success=True, method="调解", outcome="和解", on=TODAY, today=TODAY)
    assert [d.id for d in svc.list_disputes(category="01", today=TODAY)] == [a]
    assert [d.id for d in svc.list_disputes(status="resolved", today=TODAY)] == [b]
    assert [d.id for d in svc.list_disputes(scale="02", today=TODAY)] == [b]
    assert [d.id for d in svc.list_disputes(g2, today=TODAY)] == [b]
    with pytest.raises(ValidationError) as err:
        svc.list_disputes(status="closed")
    assert err.value.field == "状态"


def test_summary_rates_on_boundary_dates(svc, community):
    g = community.grids[0]
    # in 2026-05: first/last day of the month count; the days around do not
    first = add(svc, g, dt.date(2026, 5, 1), deadline=dt.date(2026, 5, 31))
    last = add(svc, g, dt.date(2026, 5, 31), deadline=dt.date(2026, 6, 10))
    late = add(svc, g, dt.date(2026, 5, 10), deadline=dt.date(2026, 5, 20))
    escalated = add(svc, g, dt.date(2026, 5, 12), category="07")
    open_overdue = add(svc, g, dt.date(2026, 5, 15), deadline=dt.date(2026, 6, 1))
    add(svc, g, dt.date(2026, 4, 30))
    add(svc, g, dt.date(2026, 6, 1))
    svc.resolve(first, success=True, method="调解", outcome="和解", on=dt.date(2026, 5, 31), today=TODAY)  # on deadline
    svc.resolve(last, success=True, method="调解", outcome="和解", on=dt.date(2026, 6, 10), today=TODAY)
    svc.resolve(late, success=True, method="调解", outcome="和解", on=dt.date(2026, 5, 21), today=TODAY)  # a day late
    svc.escalate(escalated, "报街道", on=dt.date(2026, 5, 20), today=TODAY)
    m = svc.summary(None, "2026-05", today=TODAY)
    assert (m.total, m.resolved, m.handled, m.first_handling, m.overdue) == (5, 3, 4, 2, 1)
    assert m.by_category == {"02": 4, "07": 1}
    assert m.by_status == {"registered": 1, "mediating": 0, "resolved": 3, "escalated": 1}
    assert m.resolved_rate == pytest.approx(3 / 5) and m.first_handling_rate == pytest.approx(2 / 4)
    assert m.target_met is False and m.pct(m.first_handling_rate) == "50.0%"
    assert svc.get(open_overdue, today=TODAY).overdue
    year = svc.summary(None, "2026", today=TODAY)
    assert year.total == 7
    empty = svc.summary(None, "2025", today=TODAY)
    assert (empty.total, empty.resolved_rate, empty.first_handling_rate, empty.target_met) == (0, None, None, None)
    with pytest.raises(ValidationError) as err:
        svc.summary(None, "2026-13")
    assert err.value.field == "统计期"


def test_summary_meets_the_target_at_95_percent(svc, community):
    g = community.grids[0]
    ids = [add(svc, g, dt.date(2026, 3, 1)) for _ in range(20)]
    for i, did in enumerate(ids):
        svc.resolve(did, success=True, method="调解", outcome="和解",
                    on=dt.date(2026, 3, 5) if i else dt.date(2026, 4, 30), today=TODAY)  # one after its deadline
    m = svc.summary(None, "2026-03", today=TODAY)
    assert (m.first_handling, m.handled) == (19, 20) and m.target_met is True


def test_restoring_a_backup_never_reissues_a_dispute_number(community, tmp_path):
    """A dispute registered after a backup may already be at the parent; after the backup is restored the
    next dispute of that grid and year gets a new number, not the one the parent holds (it is unique)."""
    from gridapp.db.database import open_database
    from gridapp.services.backup import BackupService, restore

    g = community.grids[0]
    add(DisputeService(community.db, community.code), g)
    made = BackupService(community.db, folder=tmp_path / "backups").make()
    sent_up = add(DisputeService(community.db, community.code), g)
    with community.db.read() as s:
        sent_number = s.get(Dispute, sent_up).number
    path = community.db.path
    restore(community.db, None, made)  # closes the database
    back = open_database(path)
    try:
        with back.read() as s:
            assert s.get(Dispute, sent_up) is None  # rolled back here, but the parent may hold it
        again = DisputeService(back, community.code).get(add(DisputeService(back, community.code), g), today=TODAY)
        assert again.number != sent_number
        assert again.number == f"{g}-2026-0003-{back.node_id}"
        other_year = add(DisputeService(back, community.code), g, dt.date(2025, 3, 1))
        assert DisputeService(back, community.code).get(other_year, today=TODAY).number.startswith(f"{g}-2025-0001-")
    finally:
        back.close()
