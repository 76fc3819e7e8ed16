"""gridapp.services.projects: the 八小工程 ledger's rules per kind, corrections and removals, scope and roles, the
summary figures, and records travelling between nodes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AuditLog, ChangeLog, SmallProject
from gridapp.services.disputes import DisputeInput, DisputeService
from gridapp.services.projects import ProjectInput, SmallProjectService
from gridapp.services.registry import RegistryService

TODAY = dt.date(2026, 6, 15)
DAY = dt.date(2026, 6, 1)

EXAMPLES = {
    "convention": {"convention_text": "一、爱护公共环境。二、邻里和睦相处。", "adoption": "村民会议表决",
                   "participants": 86},
    "consultation": {"meeting_form": "03", "topic": "加装电梯费用分摊", "decision": "按楼层比例分摊",
                     "participants": 24},
    "service": {"service_type": "03", "served": 15, "participants": 6},
    "mediation": {},
    "safety": {"hazards_found": 5, "hazards_fixed": 3, "participants": 4},
    "worthy": {"person_name": "李德厚", "deeds": "退休教师，义务调解邻里纠纷二十年。"},
    "notable": {"person_name": "王秀英", "deeds": "孝老爱亲模范。"},
    "family_motto": {"motto": "勤俭持家，诚实做人。"},
}


def inp(kind: str = "service", unit: str | None = None, day: dt.date = DAY, **kw) -> ProjectInput:
    values = {"kind": kind, "title": "测试记录", "held_on": day, "content": "开展情况", "responsible": "张明",
              "unit_code": unit, **EXAMPLES[kind], **kw}
    return ProjectInput(**values)


@pytest.fixture
def svc(community) -> SmallProjectService:
    return SmallProjectService(community.db, community.code)


def add(svc: SmallProjectService, kind: str = "service", unit: str | None = None, **kw) -> str:
    return svc.record(inp(kind, unit, **kw), recorder="测试员", today=TODAY)


def who(community, role: Role, unit: str, name: str = "") -> SmallProjectService:
    return SmallProjectService(community.db, Principal(role.value, role.value, role, unit, display_name=name))


# -- recording, per kind -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_every_kind_records_with_its_own_fields(svc, community, kind):
    pid = add(svc, kind, community.grids[0])
    v = svc.get(pid)
    assert (v.kind, v.unit_code, v.unit_name, v.recorded_by, v.replaces) == (
        kind, community.grids[0], "第1网格", "测试员", None)
    for name, value in EXAMPLES[kind].items():
        assert getattr(v, name) == value
    with community.db.read() as s:
        assert s.execute(select(ChangeLog.op).where(ChangeLog.row_id == pid)).scalars().all() == ["insert"]


def test_labels_and_details_follow_the_kind(svc, community):
    v = svc.get(add(svc, "consultation", community.code))
    assert (v.kind_label, v.meeting_form_label, v.unit_name) == ("小民主", "议事会", "和平社区")
    assert v.details() == [("议事形式", "议事会"), ("议题", "加装电梯费用分摊"), ("议定事项", "按楼层比例分摊")]
    s = svc.get(add(svc, "service", community.grids[1]))
    assert (s.kind_label, s.service_type_label) == ("小服务", "助老助残")


@pytest.mark.parametrize(("kind", "kw", "field"), [
    ("service", {"kind": "party"}, "类别"),
    ("service", {"title": "  "}, "名称"),
    ("service", {"held_on": TODAY + dt.timedelta(days=1)}, "日期"),
    ("service", {"held_on": dt.date(1999, 12, 31)}, "日期"),
    ("service", {"held_on": None}, "日期"),
    ("service", {"content": ""}, "内容"),
    ("service", {"responsible": ""}, "负责人"),
    ("service", {"responsible": "张三 370303198001010011"}, "负责人"),
    ("service", {"participants": -1}, "参与人数"),
    ("service", {"participants": "十"}, "参与人数"),
    ("service", {"service_type": None}, "服务类型"),
    ("service", {"service_type": "42"}, "服务类型"),
    ("service", {"served": 0}, "服务人数"),
    ("service", {"served": None}, "服务人数"),
    ("service", {"motto": "不该出现"}, "家训内容"),
    ("convention", {"convention_text": ""}, "公约内容"),
    ("convention", {"adoption": None}, "通过方式"),
    ("convention", {"participants": None}, "参与人数"),
    ("consultation", {"meeting_form": "05"}, "议事形式"),
    ("consultation", {"topic": ""}, "议题"),
    ("consultation", {"decision": ""}, "议定事项"),
    ("consultation", {"served": 3}, "服务人数"),
    ("safety", {"hazards_fixed": 6}, "整改隐患"),
    ("safety", {"hazards_found": None}, "发现隐患"),
    ("safety", {"hazards_found": True}, "发现隐患"),
    ("worthy", {"person_name": ""}, "姓名"),
    ("worthy", {"person_name": "李德厚370303195001011234"}, "姓名"),
    ("notable", {"deeds": "  "}, "事迹"),
    ("notable", {"deeds": "身份证 37030319500101123X 的模范"}, "事迹"),
    ("family_motto", {"motto": ""}, "家训内容"),
    ("family_motto", {"person_name": "张三"}, "姓名"),
    ("mediation", {"hazards_found": 1}, "发现隐患"),
])
def test_validation_names_the_field(svc, community, kind, kw, field):
    values = {"kind": kind, "title": "测试", "held_on": DAY, "content": "内容", "responsible": "张明",
              "unit_code": community.grids[0], **EXAMPLES[kind], **kw}
    with pytest.raises(ValidationError) as err:
        svc.record(ProjectInput(**values), recorder="测试员", today=TODAY)
    assert err.value.field == field, err.value.message
    assert svc.count() == 0


def test_worthy_and_family_motto_need_no_participants(svc, community):
    pid = add(svc, "worthy", community.grids[0])
    assert svc.get(pid).participants is None


def test_records_belong_to_a_grid_or_community_only(template_db, tmp_path):
    from tests.sync.nodes import C1, G1, TOWN, make_tree

    nodes = make_tree(template_db, tmp_path, codes=(TOWN, C1, G1))
    try:
        town = SmallProjectService(nodes[TOWN].db, TOWN)
        with pytest.raises(ValidationError) as err:
            town.record(inp("service"), recorder="镇综治中心", today=TODAY)  # the town itself
        assert err.value.field == "单位"
        pid = town.record(inp("service", C1), recorder="镇综治中心", today=TODAY)  # for a community below
        assert town.get(pid).unit_code == C1
        assert [c for c, _n, _lv in town.record_units()] == [C1]  # G1 is not registered at the town
    finally:
        for n in nodes.values():
            n.close()


# -- links -------------------------------------------------------------------------------------------------
def test_mediation_links_a_dispute_of_the_same_grid_only(svc, community):
    g1, g2 = community.grids
    disputes = DisputeService(community.db, community.code)
    d1 = disputes.register(DisputeInput("楼道堆物纠纷", DAY, "人民路1号", "02", "01", 2, grid_code=g1), today=TODAY)
    pid = add(svc, "mediation", g1, dispute_id=d1)
    v = svc.get(pid)
    # shown (detail pane, 八小工程 PDF's 要点, CLI) as the short number said on the phone: 2026-0001-381
    assert v.dispute_number.startswith(f"{g1}-2026-0001-")
    [(label, shown)] = v.details()
    assert label == "关联矛盾纠纷" and re.fullmatch(r"2026-0001-\d{3}", shown), shown
    with pytest.raises(ValidationError) as err:
        add(svc, "mediation", g2, dispute_id=d1)
    assert err.value.field == "关联矛盾纠纷"
    with pytest.raises(NotFound):
        add(svc, "mediation", g1, dispute_id="nosuchdispute")
    # a community's own record may link a dispute of one of its grids
    assert svc.get(add(svc, "mediation", community.code, dispute_id=d1)).dispute_id == d1
    assert [n for _i, n, _t in svc.dispute_choices(g1)] == [v.dispute_number]
    assert svc.dispute_choices(g2) == []


def test_family_motto_links_a_household_of_the_unit(svc, community):
    g1, g2 = community.grids
    reg = RegistryService(community.db, community.units.scope())
    hid = reg.create_household(g1, "人民路8号")
    v = svc.get(add(svc, "family_motto", g1, household_id=hid))
    assert v.household_address == "人民路8号"
    with pytest.raises(ValidationError) as err:
        add(svc, "family_motto", g2, household_id=hid)
    assert err.value.field == "关联户"
    assert [h for h, _t in svc.household_choices(g1, "人民")] == [hid]
    assert svc.household_choices(g2) == []


# -- corrections and removals ------------------------------------------------------------------------------
def test_correction_makes_a_new_version_and_keeps_the_history(svc, community):
    g = community.grids[0]
    first = add(svc, "safety", g)
    second = svc.correct(first, inp("safety", g, hazards_found=5, hazards_fixed=5, outcome="全部整改"),
                         today=TODAY)
    third = svc.correct(second, inp("safety", None, hazards_found=6, hazards_fixed=5), today=TODAY)
    [cur] = svc.list_projects()
    assert (cur.id, cur.replaces, cur.hazards_found, cur.recorded_by) == (third, second, 6, "测试员")
    hist = svc.history(third)
    assert [(h.id, h.deleted, h.hazards_found, h.hazards_fixed) for h in hist] == [
        (second, True, 5, 5), (first, True, 5, 3)]
    assert svc.history(first) == []
    with pytest.raises(NotFound):
        svc.get(first)  # an earlier version is no longer current
    with pytest.raises(NotFound):
        svc.correct(first, inp("safety", g), today=TODAY)  # nor can it be corrected again
    with community.db.read() as s:
        rows = s.execute(select(SmallProject.id, SmallProject.deleted)).all()
        ops = s.execute(select(ChangeLog.op).where(ChangeLog.table_name == "small_project")
                        .order_by(ChangeLog.node_seq)).scalars().all()
    assert len(rows) == 3 and sum(not d for _i, d in rows) == 1  # nothing is ever hard-deleted
    assert ops == ["insert", "insert", "delete", "insert", "delete"]  # insert only, the old one tombstoned


def test_correction_keeps_unit_and_kind(svc, community):
    g1, g2 = community.grids
    pid = add(svc, "service", g1)
    with pytest.raises(ValidationError) as err:
        svc.correct(pid, inp("service", g2), today=TODAY)
    assert err.value.field == "单位"
    with pytest.raises(ValidationError) as err:
        svc.correct(pid, inp("worthy", g1), today=TODAY)
    assert err.value.field == "类别"
    with pytest.raises(ValidationError) as err:  # validated like a new record
        svc.correct(pid, inp("service", g1, served=0), today=TODAY)
    assert err.value.field == "服务人数"
    assert svc.get(pid).served == 15


def test_remove_is_a_tombstone_with_a_reason(svc, community):
    pid = add(svc, "notable", community.grids[0])
    with pytest.raises(ValidationError) as err:
        svc.remove(pid, "  ")
    assert err.value.field == "删除原因"
    svc.remove(pid, "重复登记")
    assert svc.list_projects() == [] and svc.count() == 0
    with community.db.read() as s:
        row = s.get(SmallProject, pid)
        assert (row.deleted, row.delete_reason) == (True, "重复登记")
    with pytest.raises(NotFound):
        svc.remove(pid, "再删一次")


# -- scope and roles ---------------------------------------------------------------------------------------
def test_roles_and_scope(community):
    g1, g2 = community.grids
    worker = who(community, Role.GRID_WORKER, g1, "网格员小李")
    pid = worker.record(inp("service"), today=TODAY)  # the grid worker's own grid by default
    v = worker.get(pid)
    assert (v.unit_code, v.recorded_by) == (g1, "网格员小李")
    with pytest.raises(ScopeError):
        worker.record(inp("service", g2), today=TODAY)
    with pytest.raises(ScopeError):
        worker.record(inp("service", community.code), today=TODAY)  # not the community above it
    chief = who(community, Role.GRID_CHIEF, community.code, "王书记")
    other = chief.record(inp("consultation"), today=TODAY)  # the community's own record
    assert chief.get(other).unit_code == community.code
    with pytest.raises(ScopeError):
        worker.get(other)  # a grid worker does not see the community's own record
    with pytest.raises(ScopeError):
        worker.correct(other, inp("consultation"), today=TODAY)
    with pytest.raises(ScopeError):
        worker.remove(other, "不对")
    worker2 = who(community, Role.GRID_WORKER, g2)
    with pytest.raises(ScopeError):
        worker2.remove(pid, "不是我的")
    office = who(community, Role.OFFICE, community.code, "综治中心")
    fixed = office.correct(pid, inp("service", served=20), today=TODAY)
    assert office.get(fixed).recorded_by == "综治中心"
    for role in (Role.POLICE, Role.VIEWER):
        reader = who(community, role, community.code)
        assert not reader.may_record
        assert {p.id for p in reader.list_projects()} == {fixed, other}
        with pytest.raises(PermissionDenied):
            reader.record(inp("service", g1), today=TODAY)
        with pytest.raises(PermissionDenied):
            reader.correct(fixed, inp("service", g1), today=TODAY)
        with pytest.raises(PermissionDenied):
            reader.remove(fixed, "不要了")
    with pytest.raises(PermissionDenied):
        who(community, Role.DEPARTMENT, community.code).list_projects()
    with pytest.raises(PermissionDenied):
        who(community, Role.ADMIN, community.code).record(inp("service", g1), today=TODAY)
    with community.db.read() as s:
        acts = s.execute(select(AuditLog.action, AuditLog.username).where(AuditLog.target_table == "small_project")
                         .order_by(AuditLog.created_hlc)).all()
    assert acts == [("create", "grid_worker"), ("create", "grid_chief"), ("edit", "office")]


# -- listing and summary -----------------------------------------------------------------------------------
def test_list_filters_by_kind_unit_and_period(svc, community):
    g1, g2 = community.grids
    a = add(svc, "service", g1, day=dt.date(2026, 1, 5))
    b = add(svc, "safety", g1, day=dt.date(2026, 3, 5))
    c = add(svc, "service", g2, day=dt.date(2026, 5, 5))
    d = add(svc, "convention", community.code, day=dt.date(2025, 12, 30))
    assert [p.id for p in svc.list_projects()] == [c, b, a, d]
    assert [p.id for p in svc.list_projects(kind="service")] == [c, a]
    assert [p.id for p in svc.list_projects(g1)] == [b, a]
    assert [p.id for p in svc.list_projects(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 5))] == [b, a]
    with pytest.raises(ValidationError):
        svc.list_projects(kind="bogus")
    with pytest.raises(ScopeError):
        svc.list_projects("370303001002")


def test_summary_per_unit_and_kind(svc, community):
    g1, g2 = community.grids
    add(svc, "service", g1, served=10, participants=3)
    add(svc, "service", g1, served=7, participants=2)
    add(svc, "safety", g1, hazards_found=4, hazards_fixed=3, participants=5)
    add(svc, "safety", g2, hazards_found=2, hazards_fixed=2, participants=3)
    add(svc, "convention", community.code, participants=100)
    gone = add(svc, "worthy", g2)
    svc.remove(gone, "误录")
    add(svc, "service", g2, day=dt.date(2025, 12, 31), served=99)  # outside the period
    corrected = add(svc, "notable", g2)
    svc.correct(corrected, inp("notable", g2, participants=40), today=TODAY)  # counted once, as corrected
    m = svc.summary(None, "2026")
    rows = {r.code: r for r in m.rows}
    assert list(rows) == [community.code, g1, g2]
    own = rows[community.code]
    assert (own.name, own.total, own.counts["convention"], own.participants) == ("和平社区（本级）", 1, 1, 100)
    r1, r2 = rows[g1], rows[g2]
    assert (r1.counts["service"], r1.counts["safety"], r1.total) == (2, 1, 3)
    assert (r1.participants, r1.served, r1.hazards_found, r1.hazards_fixed) == (10, 17, 4, 3)
    assert (r2.counts["safety"], r2.counts["notable"], r2.counts["worthy"], r2.total) == (1, 1, 0, 2)
    assert (r2.participants, r2.served, r2.hazards_fixed) == (43, 0, 2)
    t = m.total
    assert (t.name, t.total, t.participants, t.served, t.hazards_found, t.hazards_fixed) == (
        "和平社区合计", 6, 153, 17, 6, 5)
    assert sum(t.counts.values()) == sum(r.total for r in m.rows)
    one = svc.summary(g1, (dt.date(2026, 1, 1), TODAY))
    assert [(r.code, r.name, r.total) for r in one.rows] == [(g1, "第1网格", 3)]  # a grid: its own row
    assert svc.summary(None, "2025-12").total.served == 99
    with pytest.raises(ValidationError) as err:
        svc.summary(None, "2026-13")
    assert err.value.field == "统计期"
    with pytest.raises(ValidationError):
        svc.summary(None, (TODAY, DAY))


# -- sync --------------------------------------------------------------------------------------------------
def test_small_projects_are_append_only_for_sync():
    assert SmallProject.__sync_kind__ == "append"


def test_a_record_reaches_the_community_and_corrections_on_two_nodes_both_stay(template_db, tmp_path):
    from tests.services.test_sync import recv, send
    from tests.sync.nodes import C1, G1, make_tree

    nodes = make_tree(template_db, tmp_path, codes=("370303001", C1, G1))
    try:
        grid = SmallProjectService(nodes[G1].db, G1)
        up = SmallProjectService(nodes[C1].db, C1)
        pid = grid.record(inp("safety", G1), recorder="网格员", today=TODAY)
        recv(nodes, C1, send(nodes, G1, C1, tmp_path, "1.gridpkg"))
        [seen] = up.list_projects()
        assert (seen.id, seen.unit_code, seen.hazards_found, seen.unit_name) == (pid, G1, 5, "和平一网格")
        # both nodes correct the same record while offline
        mine = grid.correct(pid, inp("safety", G1, hazards_fixed=4), recorder="网格员", today=TODAY)
        theirs = up.correct(pid, inp("safety", G1, hazards_fixed=5), recorder="社区", today=TODAY)
        recv(nodes, C1, send(nodes, G1, C1, tmp_path, "2.gridpkg"))
        recv(nodes, G1, send(nodes, C1, G1, tmp_path, "3.gridpkg"))
        for svc in (grid, up):
            current = {p.id: (p.replaces, p.hazards_fixed) for p in svc.list_projects()}
            assert current == {mine: (pid, 4), theirs: (pid, 5)}  # both versions stay visible, nothing lost
            assert [h.id for h in svc.history(mine)] == [h.id for h in svc.history(theirs)] == [pid]
            assert svc.summary(None, "2026").total.hazards_fixed == 9
        # a removal travels too, with its reason
        grid.remove(mine, "与社区更正重复")
        recv(nodes, C1, send(nodes, G1, C1, tmp_path, "4.gridpkg"))
        assert [p.id for p in up.list_projects()] == [theirs]
        with nodes[C1].db.read() as s:
            assert s.get(SmallProject, mine).delete_reason == "与社区更正重复"
    finally:
        for n in nodes.values():
            n.close()


def test_input_round_trips_through_the_view(svc, community):
    data = inp("consultation", community.grids[0])
    v = svc.get(svc.record(data, recorder="测试员", today=TODAY))
    assert v.as_input() == dataclasses.replace(data, unit_code=community.grids[0])
