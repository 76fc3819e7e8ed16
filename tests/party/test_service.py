"""gridapp.services.party: the network's rules and refusals (each names its rule), the sensitive membership
masked for a grid worker and shown (and audited) to the office, 中心户 links, the contact log becoming an event,
and the checks."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.permissions import Role
from gridapp.db.models import AuditLog, Event
from gridapp.domain import party as rules
from gridapp.services import party as svc
from gridapp.services.units import UnitService

from .conftest import COMMUNITY, GRID1, GRID2, TODAY, TOWN, party, person


def network(town):
    p = party(town.db, Role.OFFICE, TOWN)
    ids = {"town": p.add_org("党工委", TOWN), "comm": p.add_org("党委", COMMUNITY),
           "b1": p.add_org("党支部", GRID1), "b2": p.add_org("branch", GRID2),
           "g1": p.add_org("党小组", GRID1, building_id=town.buildings["g1b1"])}
    return p, ids


def test_org_tree_parents_and_default_names(town):
    p, ids = network(town)
    views = {v.id: v for v in party(town.db, Role.GRID_WORKER, GRID1).orgs()}
    # a grid worker sees its own grid's organisations and those above (they flow down), not the other grid's
    assert set(views) == {ids["town"], ids["comm"], ids["b1"], ids["g1"]}
    assert views[ids["g1"]].parent_id == ids["b1"] and views[ids["b1"]].parent_id == ids["comm"]
    assert views[ids["comm"]].parent_id == ids["town"] and views[ids["town"]].parent_id is None
    assert views[ids["g1"]].name == "1区1号楼党小组" and views[ids["b1"]].name == "第1网格党支部"
    assert views[ids["b1"]].members is None  # a count of a sensitive field: not for a grid worker
    assert all(v.members == 0 for v in p.orgs())


@pytest.mark.parametrize("kind, unit, building, rule", [
    ("党支部", COMMUNITY, None, "党支部建在网格上"),
    ("党支部", TOWN, None, "党支部建在网格上"),
    ("党委", GRID1, None, "党委设在社区（村）"),
    ("党小组", GRID1, None, "党小组设在楼栋里"),
    ("党小组", GRID1, "g2b1", "党小组设在本网格的楼栋里"),
    ("党支部", GRID1, "g1b1", "党支部不设在楼栋上"),
])
def test_placement_refused_with_the_rule_named(town, kind, unit, building, rule):
    p = party(town.db, Role.OFFICE, TOWN)
    with pytest.raises(ValidationError) as e:
        p.add_org(kind, unit, building_id=town.buildings[building] if building else None)
    assert rule.replace("不设在楼栋上", "不设在楼栋上") in str(e.value) or rule in str(e.value)


def test_one_branch_per_grid_one_committee_per_community_and_scope(town):
    p, ids = network(town)
    with pytest.raises(ValidationError, match="已有第1网格党支部"):
        p.add_org("党支部", GRID1)
    with pytest.raises(ValidationError, match="不能重复设立"):
        p.add_org("党总支", COMMUNITY)
    with pytest.raises(ScopeError):
        party(town.db, Role.GRID_CHIEF, GRID1).add_org("党支部", GRID2)
    with pytest.raises(ValidationError, match="未知的党组织类别"):
        p.add_org("党员之家", GRID1)
    with pytest.raises(ValidationError, match="仍有党员"):
        p.set_member(town.residents[town.households["g1b1"][0]], "党员", org_id=ids["b1"])
        p.remove_org(ids["b1"])


def test_membership_is_sensitive_masked_for_a_grid_worker_and_audited_for_the_office(town):
    p, ids = network(town)
    rid = town.residents[town.households["g1b1"][0]]
    mid = p.set_member(rid, "预备党员", org_id=ids["b1"], joined_on=dt.date(2020, 7, 1))
    office = party(town.db, Role.OFFICE, COMMUNITY)
    v = office.membership_of(rid)
    assert v is not None and v.id == mid and v.status_label == "中共预备党员" and v.org_name == "第1网格党支部"
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    masked = worker.membership_of(rid)
    assert masked is not None and masked.masked and masked.status_label == rules.REFUSED_MASK
    assert masked.joined_on is None and masked.org_name == rules.REFUSED_MASK
    # a non-member reads the same mask: the mask tells nothing
    other = worker.membership_of(town.residents[town.households["g1b1"][1]])
    assert other is not None and other.status_label == masked.status_label
    with pytest.raises(PermissionDenied, match="敏感个人信息"):
        worker.members()
    with pytest.raises(PermissionDenied):
        worker.set_member(rid, "党员")
    assert [m.resident_id for m in office.members()] == [rid]
    with town.db.read() as s:
        views = s.execute(select(AuditLog.action, AuditLog.target_table).where(
            AuditLog.target_table == "party_membership")).all()
    assert ("view", "party_membership") in views and ("create", "party_membership") in views
    # a change updates the one membership; ending it is a tombstone
    assert p.set_member(rid, "党员", org_id=ids["b1"]) == mid
    assert office.membership_of(rid).status == "01"
    assert p.end_member(rid, to="转至张店区某街道党工委") and office.membership_of(rid) is None


def test_member_refusals_name_the_rule(town):
    p, ids = network(town)
    with pytest.raises(NotFound, match="党员须有居民档案"):
        p.set_member("0" * 32, "党员")
    rid = town.residents[town.households["g1b1"][0]]
    with pytest.raises(ValidationError, match="未知的党员身份"):
        p.set_member(rid, "群众")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        p.set_member(rid, "党员", joined_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="年满十八周岁"):
        p.set_member(rid, "党员", joined_on=dt.date(1961, 1, 1))
    with pytest.raises(ValidationError, match="组织关系在本网格或上级党组织"):
        p.set_member(rid, "党员", org_id=ids["b2"])
    with pytest.raises(ValidationError, match="不在党小组"):
        p.set_member(rid, "党员", org_id=ids["g1"])


def test_centre_links_and_refusals(town):
    p, ids = network(town)
    hh = town.households["g1b1"]
    rid = town.residents[hh[0]]
    with pytest.raises(ValidationError, match="中心户由党员担任"):
        p.add_centre(hh[0], rid)
    p.set_member(rid, "党员", org_id=ids["b1"])
    with pytest.raises(ValidationError, match="中心户是党员本人所在的户"):
        p.add_centre(hh[1], rid)
    cid = p.add_centre(hh[0], rid, group_id=ids["g1"])
    with pytest.raises(PermissionDenied):
        party(town.db, Role.GRID_WORKER, GRID1).add_centre(hh[0], rid)
    with pytest.raises(ValidationError, match="中心户只联系本网格的户"):
        p.link(cid, [hh[1], town.households["g2b1"][0]])
    assert p.centre_links(cid) == []  # all or none
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    assert worker.link(cid, hh[1:] + town.households["g1b2"][:2]) == 7
    assert worker.link(cid, [hh[1]]) == 0
    with pytest.raises(ValidationError, match="中心户本身"):
        worker.link(cid, [hh[0]])
    c2 = p.add_centre(town.households["g1b2"][5], town.residents[town.households["g1b2"][5]]) \
        if p.set_member(town.residents[town.households["g1b2"][5]], "党员") else None
    with pytest.raises(ValidationError, match="一户由一个中心户联系"):
        p.link(c2, [hh[2]])
    [view] = [c for c in worker.centres() if c.id == cid]
    assert view.links == 7 and view.member_name == "测试001" and view.group_name == "1区1号楼党小组"
    assert view.problem is None
    assert worker.unlink(cid, hh[1]) and not worker.unlink(cid, hh[1])
    assert len(worker.centre_links(cid)) == 6


def test_contact_log_and_an_issue_becoming_an_event(town):
    p, ids = network(town)
    hh = town.households["g1b1"]
    p.set_member(town.residents[hh[0]], "党员")
    cid = p.add_centre(hh[0], town.residents[hh[0]])
    p.link(cid, hh[1:3])
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    with pytest.raises(ValidationError, match="挂包联系的是联系户"):
        worker.add_contact(hh[4], contact_date=TODAY, content="走访")
    with pytest.raises(ValidationError, match="联系内容"):
        worker.add_contact(hh[1], contact_date=TODAY, content=" ")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        worker.add_contact(hh[1], contact_date=TODAY + dt.timedelta(days=1), content="走访")
    c1 = worker.add_contact(hh[1], contact_date=TODAY, content="入户了解老人近况", issue="楼道灯坏了")
    worker.add_contact(hh[2], contact_date=TODAY - dt.timedelta(days=3), content="宣传政策")
    log = worker.contacts()
    assert [c.id for c in log][0] == c1 and log[0].contact_by == "测试001" and len(log) == 2
    eid = worker.raise_event(c1, class_code="05")
    with town.db.read() as s:
        ev = s.get(Event, eid)
    assert ev.unit_code == GRID1 and ev.household_id == hh[1] and "楼道灯坏了" in ev.description
    assert worker.contacts()[0].event_id == eid
    with pytest.raises(ValidationError, match="已转为事件"):
        worker.raise_event(c1)
    with pytest.raises(ValidationError, match="没有反映问题"):
        worker.raise_event(log[1].id)


def test_checks(town):
    p = party(town.db, Role.OFFICE, TOWN)
    rep = p.check()
    rules_seen = {i.rule for i in rep.items}
    assert svc.CHECK_NO_BRANCH in rules_seen and svc.CHECK_CHIEF in rules_seen
    assert rep.households == 24 and rep.covered == 0
    comm = p.add_org("党委", COMMUNITY, secretary_name="王书记")
    p.add_org("党支部", GRID1)
    UnitService(town.db, TOWN).assign(COMMUNITY, "grid_chief", person_name="李网格长", on=dt.date(2026, 1, 1))
    hh = town.households["g1b1"]
    for h in hh[:3]:
        p.set_member(town.residents[h], "党员")
    cid = p.add_centre(hh[0], town.residents[hh[0]])
    rep = p.check()
    by_rule = {}
    for i in rep.items:
        by_rule.setdefault(i.rule, []).append(i)
    assert [i.unit_code for i in by_rule[svc.CHECK_NO_BRANCH]] == [GRID2]
    assert [i.subject for i in by_rule[svc.CHECK_NO_GROUP]] == ["1区1号楼"]
    assert by_rule[svc.CHECK_CENTRE][0].detail == "未联系任何户"
    assert rep.covered == 1
    # a grid worker's checks leave out the one that counts party members
    assert svc.CHECK_NO_GROUP not in {i.rule for i in party(town.db, Role.GRID_WORKER, GRID1).check().items}
    # more than fifteen links: far more than ten
    p.link(cid, hh[1:] + town.households["g1b2"])
    assert p.check().covered == 12
    assert "王书记" in [i.detail for i in p.check().items if i.rule == svc.CHECK_CHIEF][0]
    p.set_secretary(comm, name="李网格长")
    assert svc.CHECK_CHIEF not in {i.rule for i in p.check().items}
    d = p.check().as_dict()
    assert d["households"] == 24 and d["covered"] == 12 and d["coverage"] == 0.5


def test_audit_lines_name_the_person_not_the_status(town):
    from gridapp.services.audit_text import describe

    p, ids = network(town)
    rid = town.residents[town.households["g1b1"][0]]
    p.set_member(rid, "预备党员", org_id=ids["b1"])
    party(town.db, Role.OFFICE, COMMUNITY).membership_of(rid)
    with town.db.read() as s:
        entries = list(s.execute(select(AuditLog).where(AuditLog.target_table.like("party_%"))
                                 .order_by(AuditLog.created_hlc)).scalars())
        lines = describe(s, entries)
    assert any("测试001的党员信息" in line for line in lines)
    assert any("第1网格党支部" in line for line in lines)
    assert not any("预备" in line for line in lines)


def test_member_list_import_with_the_ledger_rules(town, tmp_path):
    from openpyxl import Workbook

    from gridapp.core.permissions import Principal
    from gridapp.db.models import Resident
    from gridapp.services.party import member_ledger

    p, ids = network(town)
    hh = town.households["g1b1"]
    with town.db.read() as s:
        people = [s.get(Resident, town.residents[h]) for h in hh[:3]]
    wb = Workbook()
    ws = wb.active
    ws.append(["第1网格党支部党员名册"])
    ws.append(["序号", "姓名", "身份证号", "党员身份", "入党日期", "所在党支部"])
    ws.append([1, people[0].name, people[0].id_number, "党员", "2001-07-01", "第1网格党支部"])
    ws.append([2, people[1].name, people[1].id_number.lower(), "预备党员", None, None])
    ws.append([3, "别人", people[2].id_number, "党员", None, None])
    ws.append([4, people[2].name, people[2].id_number, "党员", None, "第2网格党支部"])
    path = tmp_path / "members.xlsx"
    wb.save(path)
    office = Principal("u-office", "clerk", Role.OFFICE, COMMUNITY, display_name="综治中心")
    ledger = member_ledger(town.db, office)
    plan = ledger.prepare(path)
    assert plan.counts == {"total": 4, "accepted": 2, "rejected": 2}
    reasons = [r.reason for r in plan.refused]
    assert "姓名" in reasons[0] and "组织关系在本网格或上级党组织" in reasons[1]
    assert party(town.db).members() == []  # the preview wrote nothing
    ledger.apply(plan)
    got = {m.name: (m.status, m.org_name, m.joined_on) for m in party(town.db).members()}
    assert got == {people[0].name: ("01", "第1网格党支部", dt.date(2001, 7, 1)), people[1].name: ("02", "", None)}
    worker = Principal("u-w", "worker", Role.GRID_WORKER, GRID1, display_name="网格员")
    with pytest.raises(PermissionDenied):
        member_ledger(town.db, worker).prepare(path)


def test_an_issue_becomes_an_event_of_the_office_class_table(town):
    from gridapp.services.events import EventService

    network(town)
    hh = town.households["g1b1"]
    office = party(town.db, Role.OFFICE, TOWN)
    office.set_member(town.residents[hh[0]], "党员")
    office.link(office.add_centre(hh[0], town.residents[hh[0]]), hh[1:3])
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    c1 = worker.add_contact(hh[1], contact_date=TODAY, content="入户", issue="下水道堵了")
    events = EventService(town.db, person(Role.OFFICE, COMMUNITY), today=TODAY)
    events.retire_class("06")  # the default class, retired by the community office
    with pytest.raises(ValidationError, match="默认的事件类别“民生诉求”已被综治中心停用") as e:
        worker.raise_event(c1)
    assert e.value.field == "事件类别" and worker.contacts()[0].event_id is None
    with pytest.raises(ValidationError, match="已停用"):
        worker.raise_event(c1, class_code="06")
    sub = events.add_subclass("05", "排水")
    eid = worker.raise_event(c1, class_code="05", subclass=sub)
    view = EventService(town.db, person(Role.GRID_WORKER, GRID1), today=TODAY).get(eid)
    assert view.class_code == "05" and view.subclass_label == "排水"
    assert worker.contacts()[0].event_id == eid


def test_member_lists_refused_to_a_grid_worker_in_the_same_words(town):
    """The member list and the 登记党员 search share one refusal (and one scope check)."""
    worker = party(town.db, Role.GRID_WORKER, GRID1)
    start = (f"当前用户“{worker.principal.username}”（网格员）没有“查看敏感个人信息”的权限："
             "党员信息属敏感个人信息（政治面貌）")
    with pytest.raises(PermissionDenied) as info:
        worker.members()
    assert info.value.message == start + "，不能查看名单。"
    with pytest.raises(PermissionDenied) as info:
        worker.member_candidates("测试")
    assert info.value.message == start + "。"
    office = party(town.db, Role.OFFICE, COMMUNITY)
    with pytest.raises(ScopeError):
        office.members(TOWN)
    assert [c.name for c in office.member_candidates("测试001")] == ["测试001"]
