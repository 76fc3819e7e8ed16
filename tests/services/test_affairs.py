"""gridapp.services.affairs: the affair list and the admission workflow (工作事项准入)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AffairItem, AffairStep, AuditLog, ChangeLog
from gridapp.domain.affairs import MIN_PUBLICITY_DAYS, TEMPORARY_MAX_DAYS, AffairInput
from gridapp.services.affairs import AffairService
from gridapp.services.units import UnitService

TOWN, C1, C2 = "370303001", "370303001001", "370303001002"
G1 = "370303001001001"
D0 = dt.date(2026, 3, 2)


class Clock:
    def __init__(self, day: dt.date = D0):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day

    def advance(self, days: int) -> None:
        self.day += dt.timedelta(days=days)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(C1, "和平社区")
    units.add(C2, "友谊社区")
    units.add(G1, "和平一网格")
    return db


def svc(db, clock, role: Role, unit: str = TOWN, name: str | None = None) -> AffairService:
    return AffairService(db, Principal("u-" + role.value, name or role.value, role, unit), today=clock)


@pytest.fixture
def dept(town, clock) -> AffairService:
    return svc(town, clock, Role.DEPARTMENT, name="民政科")


@pytest.fixture
def office(town, clock) -> AffairService:
    return svc(town, clock, Role.OFFICE, name="综治中心")


def item_input(name: str = "特殊人群关爱", **kw) -> AffairInput:
    values = {"department": "镇民政办", "basis": "《社会救助暂行办法》", "duty": "每月走访关爱对象并记录",
              "frequency": "03", "deadline_days": 5, **kw}
    return AffairInput(name=name, **values)


def admitted(dept: AffairService, office: AffairService, clock: Clock, name: str = "特殊人群关爱") -> str:
    """Walk an item through apply → review → publish → admit; the clock ends on the admission day."""
    item = dept.apply(item_input(name))
    office.review(item, approve=True, opinion="符合准入条件")
    office.publish(item, clock.day, clock.day + dt.timedelta(days=MIN_PUBLICITY_DAYS - 1))
    clock.advance(MIN_PUBLICITY_DAYS)
    office.admit(item)
    return item


def count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def names(views) -> list[str]:
    return [v.name for v in views]


# -- the workflow -------------------------------------------------------------------------------------
def test_apply_review_publish_admit_with_history_and_audit(town, dept, office, clock):
    item = dept.apply(item_input())
    v = office.get(item)
    assert (v.status, v.unit_code, v.applied_by, v.applied_on) == ("applied", TOWN, "民政科", D0)
    assert office.available_actions(v) == {"approve", "reject"}
    assert dept.available_actions(v) == {"edit", "cancel"}
    office.review(item, approve=True, opinion="符合准入条件")
    assert office.get(item).status == "reviewed" and office.get(item).opinion == "符合准入条件"
    assert office.available_actions(office.get(item)) == {"publish", "cancel"}
    office.publish(item, D0, D0 + dt.timedelta(days=6))
    v = office.get(item)
    assert (v.status, v.status_label, v.publicity_from, v.publicity_to) == ("published", "公示中", D0, D0 + dt.timedelta(6))
    assert office.available_actions(v) == {"cancel"}  # no admitting during publicity
    clock.advance(7)
    v = office.get(item)
    assert v.status_label == "公示期满" and office.available_actions(v) == {"admit", "cancel"}
    office.admit(item)
    v = office.get(item)
    assert (v.status, v.in_force_from, v.in_force_to, v.admitted_by) == ("admitted", clock.day, None, "综治中心")
    assert office.available_actions(v) == {"withdraw", "adjust"}
    steps = office.history(item)
    assert [s.action for s in steps] == ["apply", "approve", "publish", "admit"]
    assert [s.status for s in steps] == ["applied", "reviewed", "published", "admitted"]
    assert steps[1].note == "符合准入条件" and steps[2].note == "2026-03-02 至 2026-03-08"
    assert [s.username for s in steps] == ["民政科", "综治中心", "综治中心", "综治中心"]
    with town.read() as s:
        audited = s.execute(select(AuditLog.action).where(AuditLog.target_id == item)
                            .order_by(AuditLog.created_hlc)).scalars().all()
    assert audited == ["create", "approve", "approve", "approve"]


def test_reject_with_reason_ends_the_workflow(dept, office):
    item = dept.apply(item_input())
    with pytest.raises(ValidationError, match="驳回必须写明理由"):
        office.review(item, approve=False, opinion="  ")
    office.review(item, approve=False, opinion="属于部门自身职责，不宜交给网格员")
    v = office.get(item)
    assert v.status == "rejected" and v.opinion.startswith("属于部门")
    for act in (lambda: office.review(item, approve=True, opinion="再审"),
                lambda: office.publish(item, D0, D0 + dt.timedelta(days=9)), lambda: office.admit(item)):
        with pytest.raises(ValidationError):
            act()
    assert office.available_actions(office.get(item)) == set()
    # a rejected name may be applied for again
    assert dept.apply(item_input())


def test_no_step_can_be_skipped(dept, office, clock):
    item = dept.apply(item_input())
    with pytest.raises(ValidationError, match="不能公示"):
        office.publish(item, D0, D0 + dt.timedelta(days=9))
    with pytest.raises(ValidationError, match="不能准入"):
        office.admit(item)
    office.review(item, approve=True, opinion="同意")
    with pytest.raises(ValidationError, match="尚未公示"):
        office.admit(item)
    with pytest.raises(ValidationError, match="不能审核"):
        office.review(item, approve=True, opinion="再次审核")
    with pytest.raises(ValidationError, match="不能退出"):
        office.withdraw(item, on=D0)


def test_publicity_period_rules(dept, office, clock):
    item = dept.apply(item_input())
    office.review(item, approve=True, opinion="同意")
    with pytest.raises(ValidationError, match=f"至少 {MIN_PUBLICITY_DAYS} 天"):
        office.publish(item, D0, D0 + dt.timedelta(days=MIN_PUBLICITY_DAYS - 2))
    with pytest.raises(ValidationError, match="不能早于今天") as refused:
        office.publish(item, D0 - dt.timedelta(days=1), D0 + dt.timedelta(days=9))
    assert str(refused.value) == f"字段“公示起”：公示开始日期（{D0 - dt.timedelta(days=1)}）不能早于今天（{D0}）。"
    assert refused.value.field == "公示起"
    end = D0 + dt.timedelta(days=MIN_PUBLICITY_DAYS - 1)
    office.publish(item, D0, end)  # exactly the minimum
    clock.day = end  # the last day of publicity: still publicity
    with pytest.raises(ValidationError, match="正在公示"):
        office.admit(item)
    clock.day = end + dt.timedelta(days=1)
    office.admit(item)
    assert office.get(item).in_force_from == end + dt.timedelta(days=1)


def test_admitted_item_is_never_edited_in_place(dept, office, clock):
    item = dept.apply(item_input())
    dept.edit(item, item_input(deadline_days=7))  # while waiting for review: allowed
    assert dept.get(item).deadline_days == 7
    assert [s.action for s in dept.history(item)] == ["apply", "edit"]
    office.review(item, approve=True, opinion="同意")
    with pytest.raises(ValidationError, match="不能修改"):
        dept.edit(item, item_input(deadline_days=3))
    office.publish(item, clock.day, clock.day + dt.timedelta(days=9))
    clock.advance(10)
    office.admit(item)
    with pytest.raises(ValidationError, match="不能直接修改；如需变更，请提出调整申请"):
        dept.edit(item, item_input(deadline_days=3))
    assert dept.get(item).deadline_days == 7


def test_validation_names_the_field(dept, nothing_changed):
    cases = [
        (AffairInput(name=" ", department="镇民政办"), "事项名称"),
        (AffairInput(name="政策宣传", department=""), "申请部门"),
        (AffairInput(name="政策宣传", department="镇宣传办", frequency="99"), "频次"),
        (AffairInput(name="政策宣传", department="镇宣传办", deadline_days=0), "办理时限"),
        (AffairInput(name="政策宣传", department="镇宣传办", temporary=True), "有效期起"),
        (AffairInput(name="政策宣传", department="镇宣传办", valid_from=D0, valid_to=D0), "有效期起"),
        (AffairInput(name="防汛", department="镇应急办", temporary=True, valid_from=D0 + dt.timedelta(5),
                     valid_to=D0), "有效期止"),
        (AffairInput(name="防汛", department="镇应急办", temporary=True, valid_from=D0,
                     valid_to=D0 + dt.timedelta(days=TEMPORARY_MAX_DAYS)), "有效期止"),
        (AffairInput(name="x" * 101, department="镇宣传办"), "事项名称"),
    ]
    with nothing_changed():
        for data, field in cases:
            with pytest.raises(ValidationError) as err:
                dept.apply(data)
            assert err.value.field == field, data


def test_duplicate_application_is_refused(dept):
    dept.apply(item_input())
    with pytest.raises(ValidationError, match="同名事项"):
        dept.apply(item_input())


# -- permissions and scope ----------------------------------------------------------------------------
@pytest.fixture
def nothing_changed(town):
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = (count(town, AffairItem), count(town, AffairStep), count(town, ChangeLog))
        yield
        assert (count(town, AffairItem), count(town, AffairStep), count(town, ChangeLog)) == before

    return check


def test_roles_are_checked(town, dept, office, clock, nothing_changed):
    item = dept.apply(item_input())
    worker = svc(town, clock, Role.GRID_WORKER, G1)
    viewer = svc(town, clock, Role.VIEWER, TOWN)
    with nothing_changed():
        with pytest.raises(PermissionDenied, match="申请事项准入"):
            office.apply(item_input("政策宣传"))
        with pytest.raises(PermissionDenied, match="审核批准"):
            dept.review(item, approve=True, opinion="自己批准自己")
        with pytest.raises(PermissionDenied):
            viewer.review(item, approve=True, opinion="同意")
        with pytest.raises(PermissionDenied):
            viewer.apply(item_input("政策宣传"))
    assert worker.available_actions(worker.get(item)) == set()
    assert viewer.available_actions(viewer.get(item)) == set()


def test_department_applies_to_its_own_level_only(town, clock, nothing_changed):
    district_dept = svc(town, clock, Role.DEPARTMENT, "370303")
    grid_dept = svc(town, clock, Role.DEPARTMENT, G1)
    with nothing_changed():
        for s in (district_dept, grid_dept):
            with pytest.raises(ScopeError, match="镇（街道）或村（社区）"):
                s.apply(item_input())
    community_dept = svc(town, clock, Role.DEPARTMENT, C1)
    item = community_dept.apply(item_input())
    assert community_dept.get(item).unit_code == C1


def test_only_the_owning_grid_body_acts_on_its_list(town, dept, office, clock):
    town_item = dept.apply(item_input())
    community_chief = svc(town, clock, Role.GRID_CHIEF, C1)
    with pytest.raises(ScopeError, match="只有该单位可以审核"):
        community_chief.review(town_item, approve=True, opinion="同意")
    c_item = svc(town, clock, Role.DEPARTMENT, C1).apply(item_input("代办帮办"))
    with pytest.raises(ScopeError, match="只有该单位可以审核"):
        office.review(c_item, approve=True, opinion="越级审核")  # the town does not admit a community's items
    other = svc(town, clock, Role.GRID_CHIEF, C2)
    with pytest.raises(NotFound):
        other.get(c_item)  # a sibling community does not see it
    community_chief.review(c_item, approve=True, opinion="同意")


def test_list_shows_own_subtree_and_units_above(town, dept, clock):
    svc(town, clock, Role.DEPARTMENT, C1).apply(item_input("代办帮办"))
    svc(town, clock, Role.DEPARTMENT, C2).apply(item_input("矛盾纠纷排查"))
    dept.apply(item_input("政策宣传"))
    grid = svc(town, clock, Role.GRID_WORKER, G1)
    assert sorted(names(grid.list())) == ["代办帮办", "政策宣传"]
    assert sorted(names(dept.list())) == ["代办帮办", "政策宣传", "矛盾纠纷排查"]
    assert names(dept.list(query="纠纷")) == ["矛盾纠纷排查"]
    assert names(dept.list(query="镇民政")) != []
    assert dept.list(status="admitted") == []
    with pytest.raises(ValidationError):
        dept.list(status="bogus")


# -- in force ------------------------------------------------------------------------------------------
def test_in_force_boundaries_of_admission_and_withdrawal(town, dept, office, clock):
    item = admitted(dept, office, clock)
    start = clock.day
    grid = svc(town, clock, Role.GRID_WORKER, G1)
    assert names(grid.in_force(G1, start - dt.timedelta(days=1))) == []  # the last day of publicity
    assert names(grid.in_force(G1, start)) == ["特殊人群关爱"]  # the admission day
    assert names(office.in_force(C2)) == ["特殊人群关爱"]  # a town item reaches every grid below the town
    with pytest.raises(ValidationError, match="不能早于今天") as refused:
        office.withdraw(item, on=start - dt.timedelta(days=1))
    assert str(refused.value) == (f"字段“退出日期”：退出日期（{start - dt.timedelta(days=1)}）不能早于今天（{start}）："
                                  "已经派发的工作不能事后失去依据。")
    assert refused.value.field == "退出日期"
    out = start + dt.timedelta(days=30)
    office.withdraw(item, on=out, reason="并入人口信息采集")
    v = office.get(item)
    assert (v.status, v.withdrawn_on, v.in_force_to) == ("withdrawn", out, out - dt.timedelta(days=1))
    assert v.status_label == f"{out.isoformat()} 起退出"
    assert names(grid.in_force(G1, out - dt.timedelta(days=1))) == ["特殊人群关爱"]  # still in force
    assert grid.in_force(G1, out) == []  # not on the withdrawal date
    assert names(office.list(in_force_on=out - dt.timedelta(days=1))) == ["特殊人群关爱"]
    assert office.list(in_force_on=out) == []
    with pytest.raises(ValidationError, match="不能退出"):
        office.withdraw(item, on=out)
    assert [s.action for s in office.history(item)][-1] == "withdraw"


def test_in_force_is_the_units_own_and_those_above(town, dept, office, clock):
    admitted(dept, office, clock, "政策宣传")
    c1_dept, c1_chief = svc(town, clock, Role.DEPARTMENT, C1), svc(town, clock, Role.GRID_CHIEF, C1)
    admitted(c1_dept, c1_chief, clock, "代办帮办")
    assert sorted(names(c1_chief.in_force(G1))) == ["代办帮办", "政策宣传"]
    assert names(office.in_force(C2)) == ["政策宣传"]  # the sibling community's item is not in force here
    assert names(office.in_force(TOWN)) == ["政策宣传"]
    with pytest.raises(ScopeError):
        c1_chief.in_force(C2)  # outside the user's unit
    pending = dept.apply(item_input("安全隐患排查"))
    office.review(pending, approve=True, opinion="同意")
    assert "安全隐患排查" not in names(office.in_force(G1))  # reviewed is not admitted


def test_temporary_item_is_admitted_without_publicity_and_lapses(town, dept, office, clock):
    start, end = D0 + dt.timedelta(days=2), D0 + dt.timedelta(days=16)
    item = dept.apply(AffairInput(name="防汛隐患排查（汛期）", department="镇应急办", temporary=True,
                                  valid_from=start, valid_to=end, frequency="01", deadline_days=1))
    office.review(item, approve=True, opinion="同意临时增加")
    v = office.get(item)
    assert office.available_actions(v) == {"admit", "cancel"}
    with pytest.raises(ValidationError, match="不需公示"):
        office.publish(item, D0, D0 + dt.timedelta(days=9))
    office.admit(item)
    v = office.get(item)
    assert (v.status, v.in_force_from, v.in_force_to) == ("admitted", start, end)
    assert v.status_label == "已准入（未生效）"
    assert office.available_actions(v) == {"withdraw"}  # a temporary item is not adjusted
    assert office.in_force(G1, start - dt.timedelta(days=1)) == []
    assert names(office.in_force(G1, start)) == ["防汛隐患排查（汛期）"]
    assert names(office.in_force(G1, end)) == ["防汛隐患排查（汛期）"]
    assert office.in_force(G1, end + dt.timedelta(days=1)) == []  # lapses by itself
    clock.day = end + dt.timedelta(days=1)
    v = office.get(item)
    assert v.status_label == "已到期" and office.available_actions(v) == set()
    with pytest.raises(ValidationError, match="不能调整"):
        office.adjust(item, item_input("防汛隐患排查（汛期）"))


def test_temporary_item_admitted_late_starts_on_admission_day(dept, office, clock):
    item = dept.apply(AffairInput(name="疫情排查", department="镇卫健办", temporary=True, valid_from=D0,
                                  valid_to=D0 + dt.timedelta(days=9)))
    office.review(item, approve=True, opinion="同意")
    clock.advance(3)
    office.admit(item)
    assert office.get(item).in_force_from == D0 + dt.timedelta(days=3)
    item2 = dept.apply(AffairInput(name="寒潮排查", department="镇应急办", temporary=True, valid_from=clock.day,
                                   valid_to=clock.day + dt.timedelta(days=2)))
    office.review(item2, approve=True, opinion="同意")
    clock.advance(3)
    with pytest.raises(ValidationError, match="有效期已于"):
        office.admit(item2)


def test_adjustment_runs_the_workflow_while_the_old_version_stays_in_force(town, dept, office, clock):
    old = admitted(dept, office, clock)
    new = dept.adjust(old, item_input(deadline_days=3))
    assert dept.get(old).status == "admitted"
    with pytest.raises(ValidationError, match="已有一项调整正在办理"):
        dept.adjust(old, item_input(deadline_days=2))
    v = office.get(new)
    assert (v.status, v.replaces_id) == ("applied", old)
    office.review(new, approve=True, opinion="时限缩短合理")
    office.publish(new, clock.day, clock.day + dt.timedelta(days=6))
    during = clock.day + dt.timedelta(days=3)
    clock.advance(7)
    office.admit(new)
    switch = clock.day
    assert [(v.id, v.deadline_days) for v in office.in_force(G1, during)] == [(old, 5)]  # meanwhile: old
    assert [(v.id, v.deadline_days) for v in office.in_force(G1, switch - dt.timedelta(days=1))] == [(old, 5)]
    assert [(v.id, v.deadline_days) for v in office.in_force(G1, switch)] == [(new, 3)]
    o = office.get(old)
    assert (o.status, o.in_force_to) == ("adjusted", switch - dt.timedelta(days=1))
    assert office.available_actions(o) == set()
    history = [s.action for s in office.history(new)]
    assert history == ["apply", "approve", "publish", "admit", "adjust", "apply", "approve", "publish", "admit",
                       "adjusted"]


def test_rejected_adjustment_leaves_the_old_version(dept, office, clock):
    old = admitted(dept, office, clock)
    new = dept.adjust(old, item_input(deadline_days=1))
    office.review(new, approve=False, opinion="时限过短，无法落实")
    assert [v.id for v in office.in_force(G1)] == [old]
    assert dept.adjust(old, item_input(deadline_days=4))  # a new proposal may follow


def test_adjustment_of_a_withdrawn_item_cannot_take_effect(dept, office, clock):
    old = admitted(dept, office, clock)
    new = dept.adjust(old, item_input(deadline_days=3))
    office.review(new, approve=True, opinion="同意")
    office.publish(new, clock.day, clock.day + dt.timedelta(days=6))
    office.withdraw(old, on=clock.day + dt.timedelta(days=1), reason="事项取消")
    clock.advance(7)
    with pytest.raises(ValidationError, match="已退出或已不再有效"):
        office.admit(new)
    assert office.in_force(G1) == []


# -- sync ----------------------------------------------------------------------------------------------
def test_items_and_history_travel_down_and_up(template_db, tmp_path, clock):
    from tests.sync.nodes import make_tree

    nodes = make_tree(template_db, tmp_path, (TOWN, C1, G1))
    try:
        t_dept = svc(nodes[TOWN].db, clock, Role.DEPARTMENT, TOWN)
        t_office = svc(nodes[TOWN].db, clock, Role.OFFICE, TOWN)
        item = admitted(t_dept, t_office, clock, "人口信息采集")
        c_dept = svc(nodes[C1].db, clock, Role.DEPARTMENT, C1)
        c_chief = svc(nodes[C1].db, clock, Role.GRID_CHIEF, C1)
        c_item = admitted(c_dept, c_chief, clock, "代办帮办")
        # down: town → community → grid
        nodes[TOWN].sync.export(C1, tmp_path / "t-c.gridpkg")
        nodes[C1].sync.import_files([tmp_path / "t-c.gridpkg"])
        nodes[C1].sync.export(G1, tmp_path / "c-g.gridpkg")
        nodes[G1].sync.import_files([tmp_path / "c-g.gridpkg"])
        worker = svc(nodes[G1].db, clock, Role.GRID_WORKER, G1)
        assert sorted(names(worker.in_force(G1))) == ["人口信息采集", "代办帮办"]
        assert [s.action for s in worker.history(item)] == ["apply", "approve", "publish", "admit"]
        # up: the community's list reaches the town
        nodes[C1].sync.export(TOWN, tmp_path / "c-t.gridpkg")
        nodes[TOWN].sync.import_files([tmp_path / "c-t.gridpkg"])
        assert t_office.get(c_item).status == "admitted"
        assert [s.action for s in t_office.history(c_item)] == ["apply", "approve", "publish", "admit"]
    finally:
        for n in nodes.values():
            n.close()


def test_an_application_is_cancelled_by_its_applicant_or_the_approvers_never_by_another_department(town, dept,
                                                                                                  office, clock):
    other = svc(town, clock, Role.DEPARTMENT, name="城管科")
    item = dept.apply(item_input())
    with pytest.raises(PermissionDenied, match="申请人本人"):
        other.edit(item, item_input(duty="改成别的"))
    with pytest.raises(PermissionDenied, match="申请人本人"):
        other.cancel(item)
    assert other.available_actions(other.get(item)) == set()
    dept.cancel(item, "需求已由部门自行完成")
    v = dept.get(item)
    assert v.status == "cancelled" and v.status_label == "已撤回"
    assert [(h.action, h.note) for h in dept.history(item)][-1] == ("cancel", "需求已由部门自行完成")
    with pytest.raises(ValidationError, match="不能撤回"):
        dept.cancel(item)
    assert dept.apply(item_input())  # the same name may be applied for again


def test_an_adjustment_left_open_when_its_item_is_withdrawn_is_cancelled_by_the_office(town, dept, office, clock):
    item = admitted(dept, office, clock)
    change = dept.adjust(item, item_input(duty="每两周走访一次"))
    office.review(change, approve=True, opinion="同意调整")
    office.withdraw(item, clock.day, "事项取消")
    assert "cancel" in office.available_actions(office.get(change))
    office.cancel(change, "原事项已退出")
    assert office.get(change).status == "cancelled"
    assert change not in {i.id for i in office.in_force(G1, clock.day)}
    with pytest.raises(ValidationError, match="不能撤回"):
        office.cancel(item)  # an admitted (here withdrawn) item is not an application any more
