"""gridapp.demo: reproducible synthetic data with valid ID numbers, nested under the installation."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import Cancelled, ValidationError
from gridapp.core.idnumber import parse_id
from gridapp.core.orgcode import Level, is_within, level_of, parent_code, validate_code
from gridapp.core.phone import normalize_phone
from gridapp.core.progress import Progress
from gridapp.db.database import open_database
from gridapp.db.models import (
    AffairItem,
    Building,
    ChangeLog,
    GridTask,
    GridTaskCompletion,
    Household,
    OrgUnit,
    PartyMembership,
    Resident,
)
from gridapp.demo import DemoGenerator
from gridapp.services.check import CheckService
from gridapp.services.units import UnitService
from tests.conftest import DEMO_RESIDENTS


def people(db) -> set[tuple[str, str]]:
    with db.read() as s:
        return set(s.execute(select(Resident.name, Resident.id_number)).all())


def count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def demo(open_db, path, code: str, level: Level, residents: int, seed: int = 1):
    db = open_db(path)
    UnitService(db).initialise(code, "本单位", level)
    return db, DemoGenerator(db, seed=seed).run(residents)


def test_same_seed_gives_the_same_people(fresh_copy, open_db):
    a, _ = demo(open_db, fresh_copy("a"), "370303001001", Level.COMMUNITY, 300, seed=42)
    b, _ = demo(open_db, fresh_copy("b"), "370303001001", Level.COMMUNITY, 300, seed=42)
    c, _ = demo(open_db, fresh_copy("c"), "370303001001", Level.COMMUNITY, 300, seed=43)
    assert len(people(a)) == 300
    assert people(a) == people(b)
    assert people(a) != people(c)
    with a.read() as s1, b.read() as s2:
        assert sorted(s1.execute(select(Household.address)).scalars()) == \
            sorted(s2.execute(select(Household.address)).scalars())
        # row ids are fresh on every run (they are device-made), only the content repeats
        assert not set(s1.execute(select(Resident.id)).scalars()) & set(s2.execute(select(Resident.id)).scalars())


def test_generated_people_are_valid_and_unique(demo_db):
    with demo_db.read() as s:
        rows = s.execute(select(Resident)).scalars().all()
    numbers = [r.id_number for r in rows]
    assert len(numbers) == len(set(numbers))
    for r in rows:
        info = parse_id(r.id_number)  # raises on any invalid number
        assert (info.gender, info.birth_date) == (r.gender, r.birth_date)
        assert r.registered_region == info.region
        assert 2 <= len(r.name) <= 4, r.name  # a surname and a given name of one or two characters
        assert all("\u4e00" <= ch <= "\u9fff" for ch in r.name), r.name
        assert normalize_phone(r.phone) == r.phone
        assert r.status == "active" and r.deleted is False


def test_counts_add_up(demo_db, demo_template):
    result = demo_template.result
    assert result.residents == 1000 and result.seed == 7
    assert count(demo_db, Resident) == result.residents
    assert count(demo_db, Household) == result.households
    assert count(demo_db, Building) == result.buildings
    assert count(demo_db, OrgUnit) == result.units + 1
    with demo_db.read() as s:
        registry_changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name.not_in(("affair_item", "affair_step", "grid_task", "grid_task_completion", "dispute",
                                         "dispute_supervision", "small_project", "assessment_scheme",
                                         "assessment_score", "party_org", "party_membership", "party_centre",
                                         "party_centre_link", "party_contact", "party_history", "event", "event_step",
                                         "event_person",
                                         "patrol", "worklog", "worklog_comment")))).scalar_one()
    assert registry_changes == (result.units + 1 + result.buildings + result.households + result.residents
                                + result.tags + result.special_groups + result.visits)
    assert count(demo_db, AffairItem) == result.affairs > 0
    assert count(demo_db, GridTask) == result.tasks > 0
    assert count(demo_db, GridTaskCompletion) == result.tasks_done
    assert 0 < result.tasks_done < result.tasks
    assert count(demo_db, PartyMembership) == result.party_members > 0
    assert result.residents / result.households == pytest.approx(2.6, abs=0.6)


def test_households_hang_together(demo_db):
    with demo_db.read() as s:
        buildings = {b.id: b.unit_code for b in s.execute(select(Building)).scalars()}
        households = {h.id: h for h in s.execute(select(Household)).scalars()}
        residents = s.execute(select(Resident)).scalars().all()
    heads = Counter(r.household_id for r in residents if r.relation_to_head == "02")
    members = Counter(r.household_id for r in residents)
    assert set(members) == set(households)  # no empty household
    assert all(heads[h] == 1 for h in households), "every household has exactly one head"
    for r in residents:
        assert households[r.household_id].unit_code == r.unit_code
    for h in households.values():
        assert buildings[h.building_id] == h.unit_code


def test_the_demo_database_passes_check(demo_db):
    assert CheckService(demo_db).run().problems == []


@pytest.mark.parametrize(("code", "level"), [
    ("370303001001", Level.COMMUNITY),
    ("370303001", Level.TOWN),
    ("370303", Level.DISTRICT),
    ("3703", Level.CITY),
])
def test_grids_are_nested_under_the_installation(fresh_copy, open_db, code, level):
    db, result = demo(open_db, fresh_copy("tree"), code, level, 1200)
    with db.read() as s:
        units = s.execute(select(OrgUnit.code, OrgUnit.level, OrgUnit.parent_code)).all()
        owners = set(s.execute(select(Resident.unit_code).distinct()).scalars())
    codes = {c for c, _, _ in units}
    grids = {c for c, lv, _ in units if lv == "grid"}
    assert len(grids) == 2  # 1200 people need two grids of about 850
    assert result.units == len(units) - 1
    for c, lv, parent in units:
        validate_code(c)
        assert level_of(c).value == lv
        assert is_within(c, code)
        assert parent == parent_code(c)
        if c != code:
            assert parent in codes, f"{c} has no parent in the tree"
    assert owners == grids
    assert UnitService(db).list(Level.GRID) and all(g.parent_code in codes for g in UnitService(db).list(Level.GRID))
    assert CheckService(db).run().ok


def test_a_grid_installation_fills_itself(db):
    UnitService(db).initialise("370303001001001", "第1网格", Level.GRID)
    result = DemoGenerator(db, seed=1).run(40)
    assert (result.units, result.residents) == (0, 40)
    with db.read() as s:
        assert set(s.execute(select(Resident.unit_code)).scalars()) == {"370303001001001"}


def test_grids_set_up_by_hand_are_filled_not_duplicated(community):
    result = DemoGenerator(community.db, seed=1).run(1000)
    assert result.units == 0
    with community.db.read() as s:
        per_grid = dict(s.execute(select(Resident.unit_code, func.count()).group_by(Resident.unit_code)).all())
    assert per_grid == {community.grids[0]: 500, community.grids[1]: 500}
    assert count(community.db, OrgUnit) == 3


def test_demo_refuses_a_database_that_already_has_residents(community):
    DemoGenerator(community.db, seed=1).run(20)
    before = count(community.db, ChangeLog)
    with pytest.raises(ValidationError, match="已有 20 名居民"):
        DemoGenerator(community.db, seed=2).run(20)
    assert count(community.db, Resident) == 20
    assert count(community.db, ChangeLog) == before


def test_demo_refuses_an_uninitialised_database(db):
    with pytest.raises(ValidationError, match="尚未初始化"):
        DemoGenerator(db).run(10)
    assert count(db, ChangeLog) == 0


@pytest.mark.parametrize("n", [0, -5])
def test_demo_needs_at_least_one_resident(community, n):
    with pytest.raises(ValidationError, match="至少为 1"):
        DemoGenerator(community.db).run(n)


def test_cancelling_writes_nothing(community):
    before = count(community.db, ChangeLog)
    seen: list[tuple[int, int]] = []

    def report(done: int, total: int, text: str) -> None:
        seen.append((done, total))
        progress.cancel()  # the user presses 取消 after the first progress report

    progress = Progress(report)
    with pytest.raises(Cancelled):
        DemoGenerator(community.db).run(1000, progress)
    assert seen == [(1, 2)]  # cancelled after the first of the two grids
    assert count(community.db, Resident) == 0
    assert count(community.db, ChangeLog) == before


def test_care_tags_extensions_and_special_groups_are_realistic_and_valid(fresh_copy, open_db):
    import datetime as dt

    from gridapp.core.permissions import SENSITIVE_GROUPS
    from gridapp.db.models import ResidentTag, SpecialGroupRecord
    from gridapp.services.registry import EXTENSION_FIELDS, validate_resident

    db, result = demo(open_db, fresh_copy("tags"), "370303001001", Level.COMMUNITY, 6000, seed=5)
    with db.read() as s:
        rows = s.execute(select(Resident)).scalars().all()
        tags = s.execute(select(ResidentTag.resident_id, ResidentTag.tag)).all()
        groups = s.execute(select(SpecialGroupRecord)).scalars().all()
    n = len(rows)
    per_tag = Counter(t for _, t in tags)
    assert 0.01 < per_tag["低保"] / n < 0.035 and 0.02 < per_tag["残疾"] / n < 0.04
    assert 0.03 < per_tag["党员"] / n < 0.07
    born = {r.id: r.birth_date for r in rows}
    age = {rid: (dt.date(2026, 1, 1) - b).days // 365 for rid, b in born.items()}
    assert per_tag["独居老人"] and all(age[rid] >= 60 for rid, t in tags if t in ("独居老人", "空巢老人"))
    assert per_tag["留守儿童"] and all(age[rid] < 16 for rid, t in tags if t == "留守儿童")
    assert per_tag["退役军人"]
    types = Counter(r.resident_type for r in rows)
    assert types["2"] > 0.05 * n and 0 < types["4"] < 0.01 * n
    for r in rows:  # every generated extension passes the registry's own checks
        validate_resident({k: getattr(r, k) for k in ("name", "id_number", "gender", "birth_date", "ethnicity",
                                                      "resident_type", "relation_to_head", *EXTENSION_FIELDS)})
    assert all(r.permit_registered for r in rows if r.resident_type == "2")
    assert all(r.nationality and r.arrival_date < r.departure_date for r in rows if r.resident_type == "4")
    # a few special-group records, each with its tag (the record implies the tag)
    assert 0 < len(groups) < 0.02 * n and {g.group_name for g in groups} <= SENSITIVE_GROUPS
    assert {(g.resident_id, g.group_name) for g in groups} <= set(tags)
    assert result.tags == len(tags) and result.special_groups == len(groups)


def test_demo_affair_list_covers_the_workflow(demo_db, demo_template):
    from gridapp.services.affairs import AffairService

    svc = AffairService(demo_db, demo_template.unit_code)
    items = svc.list()
    states = Counter(v.status for v in items)
    assert set(states) == {"applied", "reviewed", "rejected", "published", "admitted", "adjusted", "withdrawn"}
    temporary = [v for v in items if v.temporary]
    assert len(temporary) == 1 and temporary[0].status == "admitted"
    grid = next(v.unit_code for v in items if len(v.unit_code) == 12) + "001"
    in_force = {v.name for v in svc.in_force(grid)}
    assert {"政策宣传", "人口信息采集", "矛盾纠纷排查", "特殊人群关爱", "居民议事会通知"} <= in_force
    assert not in_force & {"代办帮办", "垃圾分类督导", "企业安全生产检查", "征兵宣传"}
    care = [v for v in items if v.name == "特殊人群关爱"]
    assert sorted(v.status for v in care) == ["adjusted", "admitted"]
    assert all(svc.history(v.id) for v in items)


def test_visits_give_a_realistic_coverage_and_a_due_list(demo_db, demo_template):
    from gridapp.db.models import HouseholdVisit
    from gridapp.services.visits import VisitService, today_local

    assert count(demo_db, HouseholdVisit) == demo_template.result.visits > 0
    svc = VisitService(demo_db, demo_template.unit_code)
    today = today_local()
    cov = svc.coverage(None, today - dt.timedelta(days=364), today)
    assert 0.85 <= cov.total.rate <= 0.97, cov.total
    assert not cov.total.met
    due = svc.due(on=today)
    assert due and any(d.last_visit is None for d in due) and any(d.days_overdue for d in due)
    with demo_db.read() as s:
        assert max(s.execute(select(HouseholdVisit.visit_date)).scalars()) <= today


def test_same_seed_gives_the_same_visits(fresh_copy, open_db):
    from gridapp.db.models import HouseholdVisit

    runs = []
    for name in ("va", "vb"):
        db, _result = demo(open_db, fresh_copy(name), "370303001001", Level.COMMUNITY, 300, seed=11)
        with db.read() as s:
            runs.append(sorted(s.execute(select(Household.address, HouseholdVisit.visit_date, HouseholdVisit.content)
                                         .join(Household, Household.id == HouseholdVisit.household_id)).all()))
    assert runs[0] == runs[1] and runs[0]


def test_demo_tasks_come_from_items_in_force(demo_db, demo_template):
    from gridapp.services.affairs import AffairService, today_china
    from gridapp.services.tasks import TaskService

    today = today_china()
    tasks = TaskService(demo_db, demo_template.unit_code).list(on=today)
    affairs = AffairService(demo_db, demo_template.unit_code)
    for grid in {t.unit_code for t in tasks}:
        in_force = {v.id for v in affairs.in_force(grid, today)}
        assert {t.item_id for t in tasks if t.unit_code == grid} <= in_force
    statuses = {t.status for t in tasks}
    assert "done" in statuses and statuses - {"done"}  # a share done, the rest open or overdue
    assert any(t.period_key is None for t in tasks)  # one 按需 task made by hand
    assert TaskService(demo_db, demo_template.unit_code).generate(on=today).created == 0  # current already


def test_same_seed_gives_the_same_tasks(fresh_copy, open_db):
    from gridapp.services.tasks import TaskService

    runs = []
    for name in ("ta", "tb"):
        db, _result = demo(open_db, fresh_copy(name), "370303001001", Level.COMMUNITY, 300, seed=11)
        runs.append(sorted((t.unit_code, t.title, t.period_key, t.status, t.done_on, t.done_by, t.note)
                           for t in TaskService(db, "370303001001").list()))
    assert runs[0] == runs[1] and runs[0]
def test_disputes_are_realistic_and_reproducible(demo_db, demo_template, template_db, tmp_path):
    from gridapp.services.disputes import DisputeService
    from gridapp.services.visits import today_local

    result = demo_template.result
    svc = DisputeService(demo_db, demo_template.unit_code)
    rows = svc.list_disputes()
    assert len(rows) == result.disputes > 0
    today = today_local()
    assert all(today - dt.timedelta(days=365) <= d.occurred_on <= today for d in rows)
    statuses = [d.status for d in rows]
    assert statuses.count("resolved") > len(rows) / 2
    assert len({d.category for d in rows}) >= 4
    assert len({d.number for d in rows}) == len(rows)
    assert all(d.parties and not any(ch.isdigit() for ch in d.parties) for d in rows)
    # the same seed gives the same disputes
    path = tmp_path / "again.sqlite3"
    shutil.copy(template_db, path)
    again = open_database(path)
    try:
        UnitService(again).initialise(demo_template.unit_code, "城东街道", Level.TOWN)
        DemoGenerator(again, seed=7).run(DEMO_RESIDENTS)
        other = DisputeService(again, demo_template.unit_code).list_disputes()
    finally:
        again.close()
    key = lambda d: (d.unit_code, d.occurred_on, d.name, d.status, d.parties, d.outcome, len(d.supervisions))  # noqa: E731
    assert sorted(map(key, other)) == sorted(map(key, rows))


def test_small_projects_are_realistic_and_reproducible(demo_db, demo_template, template_db, tmp_path):
    from gridapp.services.projects import KINDS, SmallProjectService
    from gridapp.services.visits import today_local

    result = demo_template.result
    svc = SmallProjectService(demo_db, demo_template.unit_code)
    rows = svc.list_projects()
    assert len(rows) == result.projects > 0
    today = today_local()
    assert all(today - dt.timedelta(days=365) <= p.held_on <= today for p in rows)
    assert {p.kind for p in rows} >= set(KINDS) - {"worthy", "notable"}  # every common kind occurs
    units = {p.unit_code for p in rows}
    assert any(len(u) == 12 for u in units) and any(len(u) == 15 for u in units)  # communities and grids
    assert any(p.dispute_number for p in rows if p.kind == "mediation")  # a mediation links a demo dispute
    assert any(p.household_address for p in rows if p.kind == "family_motto")
    assert all(p.replaces is None and p.recorded_by for p in rows)
    with demo_db.read() as s:
        changes = s.execute(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name == "small_project")).scalar_one()
    assert changes == result.projects  # one insert each, through the change log
    # the same seed gives the same records (and the same demo result)
    path = tmp_path / "again.sqlite3"
    shutil.copy(template_db, path)
    again = open_database(path)
    try:
        UnitService(again).initialise(demo_template.unit_code, "城东街道", Level.TOWN)
        other = DemoGenerator(again, seed=7).run(DEMO_RESIDENTS)
        others = SmallProjectService(again, demo_template.unit_code).list_projects()
    finally:
        again.close()
    assert other == result
    key = lambda p: (p.unit_code, p.held_on, p.kind, p.title, p.participants, p.served, p.person_name, p.motto)  # noqa: E731
    assert sorted(map(key, others)) == sorted(map(key, rows))
def test_assessment_schemes_are_made_per_town_and_reproducible(demo_db, demo_template, fresh_copy, open_db):
    from gridapp.services.assessment import AssessmentService
    from gridapp.services.visits import today_local

    svc = AssessmentService(demo_db, demo_template.unit_code)
    schemes = svc.schemes()
    assert demo_template.result.assessment_schemes == len(schemes) == 1
    v = schemes[0]
    assert (v.unit_code, v.target_level, v.period) == (demo_template.unit_code, "grid", str(today_local().year))
    ranking = svc.rank(v.id)
    manual = [i for i in v.indicators if i.manual]
    assert len(ranking.rows) >= 2 and ranking.missing == 1  # one score left for the user to enter
    scored = [c.score for r in ranking.rows for c in r.cells if c.key in {i.key for i in manual} and c.score is not None]
    assert len(scored) == len(ranking.rows) * len(manual) - 1
    assert all(0 <= s <= max(i.max for i in manual) for s in scored)

    # a district with several towns ranks them; the same seed gives the same scores
    def scores(db):
        out = []
        for scheme in AssessmentService(db, "370303").schemes():
            rows = AssessmentService(db, "370303").rank(scheme.id).rows
            out.append((scheme.unit_code, scheme.target_level,
                        sorted((r.code, tuple(c.score for c in r.cells if c.rate is None)) for r in rows)))
        return sorted(out)

    def district(name: str):
        db = open_db(fresh_copy(name))
        units = UnitService(db)
        units.initialise("370303", "张店区", Level.DISTRICT)
        units.add("370303002", "第二街道")  # a second town set up by hand (the demo fills the first town first)
        return db, DemoGenerator(db, seed=5).run(2000)

    a, ra = district("da")
    b, _rb = district("db")
    got = scores(a)
    assert got == scores(b)
    towns = [s for s in got if s[1] == "town"]
    assert len(towns) == 1 and towns[0][0] == "370303" and len(towns[0][2]) >= 2
    assert ra.assessment_schemes == len(got) == 1 + len(towns[0][2])  # each town's grid workers, and the towns
