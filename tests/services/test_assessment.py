"""gridapp.services.assessment: schemes, scores, automatic indicators, ranking rules, publishing, ownership, sync."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gridapp.core.errors import NotFound, PermissionDenied, ScopeError, ValidationError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import (
    AssessmentResult,
    AssessmentScheme,
    AuditLog,
    GridTask,
    GridTaskCompletion,
    Household,
    HouseholdVisit,
    Patrol,
    Resident,
)
from gridapp.services.assessment import (
    AssessmentService,
    Indicator,
    Rule,
    SchemeInput,
    default_indicators,
    default_rule,
    parse_period,
    place,
    previous_period,
)
from gridapp.services.disputes import DisputeInput, DisputeService
from gridapp.services.units import UnitService
from gridapp.sync.changelog import ChangeWriter

DISTRICT, TOWN, T2, T3 = "370303", "370303001", "370303002", "370303003"
C1, C2 = "370303001001", "370303001002"
G1, G2, G3 = "370303001001001", "370303001001002", "370303001002001"
TODAY = dt.date(2026, 12, 20)
MANUAL = [Indicator("m1", "日常工作表现", 40), Indicator("m2", "群众满意度", 60)]


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(C1, "和平社区")
    units.add(C2, "友谊社区")
    units.add(G1, "和平一网格")
    units.add(G2, "和平二网格")
    units.add(G3, "友谊一网格")
    return db


def user(db, role: Role, unit: str = TOWN, name: str = "") -> AssessmentService:
    return AssessmentService(db, Principal("u-" + role.value + unit, role.value, role, unit, display_name=name),
                             today=lambda: TODAY)


def scheme_input(period: str = "2026", level: str = "grid", indicators=None, rule: Rule | None = None,
                 name: str = "网格员绩效考核") -> SchemeInput:
    return SchemeInput(name, period, level, list(MANUAL if indicators is None else indicators), rule or Rule(1, 1))


def score_all(svc: AssessmentService, sid: str, scores: dict[str, tuple[float, float]]) -> None:
    for grid, (a, b) in scores.items():
        svc.set_score(sid, grid, "m1", a)
        svc.set_score(sid, grid, "m2", b)


# -- periods and the pure ranking rule ---------------------------------------------------------------------
def test_periods():
    assert parse_period("2026") == ("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert parse_period("2026-Q4") == ("quarter", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert parse_period("2026-02") == ("month", dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert [previous_period(p) for p in ("2026", "2026-Q1", "2026-Q3", "2026-01", "2026-07")] == [
        "2025", "2025-Q4", "2026-Q2", "2025-12", "2026-06"]
    for bad in ("26", "2026-13", "2026-Q5", "2026/01", ""):
        with pytest.raises(ValidationError) as e:
            parse_period(bad)
        assert e.value.field == "考核期"


def outcomes(result) -> dict[str, tuple[str, ...]]:
    return {k: v.outcomes for k, v in result.items()}


def test_top_n_larger_than_the_number_of_units_makes_all_benchmark_and_none_notified():
    town_rule = default_rule(Level.TOWN)  # top 10, bottom 5 (+ key management)
    got = place({"a": 90, "b": 80, "c": 70}, town_rule)
    assert outcomes(got) == {"a": ("benchmark",), "b": ("benchmark",), "c": ("benchmark",)}
    assert [got[k].rank for k in "abc"] == [1, 2, 3] and not got["c"].bottom
    assert not got["c"].last  # last place inside the top band is not 末位 either: nothing runs against it


def test_bands_at_the_seed_sizes_for_towns():
    totals = {f"t{i:02d}": 100 - i for i in range(15)}  # 15 towns, all totals different
    got = place(totals, default_rule(Level.TOWN))
    assert [k for k, v in got.items() if "benchmark" in v.outcomes] == [f"t{i:02d}" for i in range(10)]
    assert [k for k, v in got.items() if v.outcomes == ("notified", "key_management")] == [
        f"t{i:02d}" for i in range(10, 15)]


def test_ties_across_the_benchmark_and_bottom_lines_share_the_band():
    rule = Rule(top_n=2, bottom_n=1)
    got = place({"a": 90, "b": 80, "c": 80, "d": 70, "e": 60, "f": 60}, rule)
    assert [got[k].rank for k in "abcdef"] == [1, 2, 2, 4, 5, 5]  # equal totals share a rank
    assert {k for k, v in got.items() if "benchmark" in v.outcomes} == {"a", "b", "c"}  # both at rank 2
    assert {k for k, v in got.items() if "notified" in v.outcomes} == {"e", "f"}  # both last
    assert got["e"].last and got["f"].last and not got["d"].last


def test_a_tie_for_everything_is_benchmark_only():
    got = place({"a": 50, "b": 50}, Rule(top_n=1, bottom_n=1))
    assert outcomes(got) == {"a": ("benchmark",), "b": ("benchmark",)}


def test_last_place_two_years_running_is_key_management():
    rule = default_rule(Level.DISTRICT)  # city ranks districts: top 3, bottom 2, last place twice → key management
    totals = {f"d{i}": 100 - i for i in range(8)}
    last_year = {"d7": {"last": True, "bottom": True}, "d6": {"last": False, "bottom": True}}
    got = place(totals, rule, history=[last_year])
    assert got["d7"].outcomes == ("notified", "key_management") and got["d7"].repeat
    assert got["d6"].outcomes == ("notified",) and not got["d6"].repeat
    # no published result last year: nothing runs two years
    assert place(totals, rule, history=[None])["d7"].outcomes == ("notified",)
    # last this year, not last year
    assert place(totals, rule, history=[{"d7": {"last": False, "bottom": True}}])["d7"].outcomes == ("notified",)


def test_bottom_two_years_running_or_a_major_incident_is_supervised_for_towns():
    rule = default_rule(Level.TOWN)
    totals = {f"t{i:02d}": 100 - i for i in range(20)}
    history = [{"t17": {"last": False, "bottom": True}, "t10": {"last": False, "bottom": False}}]
    got = place(totals, rule, incidents={"t00", "t10"}, history=history)
    assert got["t17"].outcomes == ("notified", "key_management", "supervised")
    assert got["t15"].outcomes == ("notified", "key_management")  # bottom, but not last year
    assert got["t00"].outcomes == ("supervised",)  # first, but a major incident: not a benchmark
    assert got["t10"].outcomes == ("supervised",)
    assert got["t01"].outcomes == ("benchmark",)


def test_three_periods_running_needs_both_previous_results():
    rule = Rule(1, 1, repeat_periods=3, repeat_band="last", repeat_outcome="supervised")
    totals = {"a": 2, "b": 1}
    last = {"b": {"last": True, "bottom": True}}
    assert place(totals, rule, history=[last, last])["b"].outcomes == ("notified", "supervised")
    assert place(totals, rule, history=[last, None])["b"].outcomes == ("notified",)
    assert place(totals, rule, history=[last])["b"].outcomes == ("notified",)


# -- schemes -----------------------------------------------------------------------------------------------
def test_create_scheme_with_defaults_and_refuse_a_duplicate(town):
    office = user(town, Role.OFFICE, name="综治办")
    sid = office.create_scheme(SchemeInput("2026年网格员考核", "2026", "grid", default_indicators("grid"),
                                           default_rule("grid")))
    v = office.get(sid)
    assert (v.unit_code, v.target_label, v.max_total, v.owned, v.created_by) == (TOWN, "网格员", 100, True, "综治办")
    assert [i.source for i in v.indicators][:4] == ["tasks_on_time", "dispute_first", "patrol_coverage",
                                                   "registry_complete"]  # grid workers: their own patrols
    with pytest.raises(ValidationError) as e:
        office.create_scheme(scheme_input())
    assert e.value.field == "考核期"
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.target_table == "assessment_scheme")).scalar_one() == 1


@pytest.mark.parametrize(("data", "field"), [
    (scheme_input(level="district"), "被考核层级"),
    (scheme_input(level="town"), "被考核层级"),
    (scheme_input(period="2026-Q1", level="community"), "考核期"),
    (scheme_input(indicators=[]), "指标"),
    (scheme_input(indicators=[Indicator("a", "甲", 10), Indicator("b", "甲", 10)]), "指标名称"),
    (scheme_input(indicators=[Indicator("a", "甲", 0)]), "分值"),
    (scheme_input(indicators=[Indicator("a", "甲", 10, "weather")]), "指标来源"),
    (scheme_input(rule=Rule(-1, 2)), "标杆名额"),
    (scheme_input(rule=Rule(3, 2, repeat_periods=1)), "连续期数"),
    (scheme_input(name=" "), "方案名称"),
])
def test_scheme_validation_names_the_field(town, data, field):
    with pytest.raises(ValidationError) as e:
        user(town, Role.OFFICE).create_scheme(data)
    assert e.value.field == field


def test_quarterly_and_monthly_schemes_are_for_grid_workers(town):
    office = user(town, Role.OFFICE)
    q = office.create_scheme(scheme_input("2026-Q4"))
    m = office.create_scheme(scheme_input("2026-11"))
    assert {office.get(q).period, office.get(m).period} == {"2026-Q4", "2026-11"}


# -- scoring -------------------------------------------------------------------------------------------------
def test_score_validation_names_indicator_and_row(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(indicators=[*MANUAL, Indicator("a1", "按时完成", 10, "tasks_on_time")]))
    with pytest.raises(ValidationError) as e:
        office.set_score(sid, G2, "m1", 41)
    assert (e.value.field, e.value.row) == ("日常工作表现", 2)
    assert "和平二网格" in e.value.message and "0 到 40" in e.value.message
    with pytest.raises(ValidationError):
        office.set_score(sid, G2, "群众满意度", -1)
    with pytest.raises(ValidationError) as e:
        office.set_score(sid, G1, "a1", 5)
    assert "自动计算" in e.value.message
    with pytest.raises(NotFound):
        office.set_score(sid, C1, "m1", 5)  # a community is not a grid worker's row
    with pytest.raises(NotFound):
        office.set_score(sid, G1, "m9", 5)
    office.set_score(sid, G1, "日常工作表现", 40)  # the maximum itself is fine; by name or key
    office.set_score(sid, G1, "m2", 0)
    row = next(r for r in office.rank(sid).rows if r.code == G1)
    assert (row.cell("m1").score, row.cell("m2").score, row.missing) == (40, 0, ())


def test_automatic_indicators_against_hand_computed_figures(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(indicators=[
        Indicator("t", "任务", 20, "tasks_on_time"), Indicator("f", "一次性化解", 20, "dispute_first"),
        Indicator("r", "化解", 10, "dispute_resolved"), Indicator("v", "走访", 30, "visit_coverage"),
        Indicator("p", "信息完整", 10, "registry_complete"), Indicator("w", "巡查", 10, "patrol_coverage")]))
    with town.write() as s:
        w = ChangeWriter(town, s)
        h1 = w.insert(Household, {"unit_code": G1, "address": "人民路1号101"})
        h2 = w.insert(Household, {"unit_code": G1, "address": "人民路1号102"})
        h3 = w.insert(Household, {"unit_code": G1, "address": "人民路1号103"})  # nobody lives here: not counted
        person = {"unit_code": G1, "gender": "1", "birth_date": dt.date(1980, 1, 1), "status": "active"}
        w.insert(Resident, {**person, "household_id": h1, "id_number": "11010519491231002X", "name": "甲",
                            "phone": "13800000000", "current_address": "人民路1号101"})
        w.insert(Resident, {**person, "household_id": h1, "id_number": "440524188001010014", "name": "乙",
                            "phone": "13800000001", "current_address": " "})
        w.insert(Resident, {**person, "household_id": h2, "id_number": "110105194912310037", "name": "丙",
                            "phone": "13800000002", "current_address": "人民路1号102"})
        w.insert(Resident, {**person, "household_id": h3, "id_number": "110105194912310045", "name": "丁",
                            "status": "moved_out", "phone": "1", "current_address": "x"})
        for hid, day in ((h1, dt.date(2026, 3, 1)), (h1, dt.date(2026, 4, 1)), (h2, dt.date(2025, 12, 31))):
            w.insert(HouseholdVisit, {"unit_code": G1, "household_id": hid, "visit_date": day, "present": 1,
                                      "visitor_name": "民警", "content": "走访"})
        # the grid worker's patrols: h2 twice in 2026 (one household), h1 only in 2025, h3 (nobody lives there)
        for hid, day in ((h2, dt.date(2026, 6, 1)), (h2, dt.date(2026, 7, 1)), (h1, dt.date(2025, 11, 1)),
                         (h3, dt.date(2026, 6, 2))):
            w.insert(Patrol, {"unit_code": G1, "household_id": hid, "visited_on": day, "worker": "网格员",
                              "situation": "正常"})
        # tasks: due in 2026 before the computation day; one on time, one late, one open, one due after as_of
        tasks = [(dt.date(2026, 3, 10), dt.date(2026, 3, 9)), (dt.date(2026, 4, 10), dt.date(2026, 4, 12)),
                 (dt.date(2026, 5, 10), None), (dt.date(2026, 12, 25), None), (dt.date(2025, 12, 10), None)]
        for i, (due, done) in enumerate(tasks):
            tid = w.insert(GridTask, {"unit_code": G1, "item_id": "x" * 32, "title": f"任务{i}",
                                      "period_start": due - dt.timedelta(days=20), "due_date": due})
            if done:
                w.insert(GridTaskCompletion, {"unit_code": G1, "task_id": tid, "done_on": done, "done_by": "网格员"})
                if i == 0:  # a later second completion changes nothing: the earliest counts
                    w.insert(GridTaskCompletion, {"unit_code": G1, "task_id": tid, "done_on": dt.date(2026, 3, 30),
                                                  "done_by": "网格员"})
    disputes = DisputeService(town, TOWN)

    def dispute(day: dt.date) -> str:
        return disputes.register(DisputeInput("纠纷", day, "人民路", "02", "01", 2, grid_code=G1), today=TODAY)

    a, b, c, d = (dispute(dt.date(2026, m, 1)) for m in (2, 3, 4, 5))
    disputes.resolve(a, success=True, method="人民调解", outcome="好", on=dt.date(2026, 2, 5), today=TODAY)  # first time
    disputes.supervise(b, "快", on=dt.date(2026, 3, 3), person="主任", today=TODAY)
    disputes.resolve(b, success=True, method="人民调解", outcome="好", on=dt.date(2026, 3, 10), today=TODAY)  # supervised
    disputes.escalate(c, "不成", on=dt.date(2026, 4, 2), today=TODAY)  # handled, not resolved
    # d stays open: not handled
    ranking = office.rank(sid, as_of=TODAY)
    g1 = next(r for r in ranking.rows if r.code == G1)
    t, f, r, v, p, pw = (g1.cell(k) for k in "tfrvpw")
    assert (t.numerator, t.denominator, t.score) == (1, 3, 6.7)  # 1 of the 3 tasks due in 2026 before 12-20
    # a of a, b, c and d: d is still open but past its deadline, so (the one first-handling rule, as the
    # dashboard counts it) it can no longer be closed at the first handling
    assert (f.numerator, f.denominator, f.score) == (1, 4, 5.0)
    assert (r.numerator, r.denominator, r.score) == (2, 4, 5.0)
    assert (v.numerator, v.denominator, v.score) == (1, 2, 15.0)  # h1 of h1, h2 (h2's visit was in 2025)
    assert (p.numerator, p.denominator, p.score) == (2, 3, 6.7)
    assert (pw.numerator, pw.denominator, pw.score) == (1, 2, 5.0)  # h2 of h1, h2
    assert g1.total == 43.4 and "1/3" in t.explain and "截止日期" in t.explain
    # the same counts as the indicator definitions give the dashboard (one definition each)
    from gridapp.domain.periods import Period
    from gridapp.services.indicators import IndicatorService
    figures = IndicatorService(town, Principal("v", "v", Role.VIEWER, TOWN), today=lambda: TODAY)
    with town.read() as s:
        year = Period.days(dt.date(2026, 1, 1), TODAY)
        assert figures.grouped(s, "visit_rate", TOWN, year, 15)[G1] == (1, 2)
        assert figures.grouped(s, "dispute_first", TOWN, year, 15)[G1] == (1, 4)
        assert figures.grouped(s, "patrol_coverage", TOWN, year, 15)[G1] == (1, 2)
    g2 = next(r for r in ranking.rows if r.code == G2)  # nothing to count: no data, not ranked (not full marks)
    assert g2.unranked and g2.rank == 0 and g2.rank_label == "不参与" and g2.outcomes == ()
    assert all(c.rate is None and c.score is None and "不参与" in c.explain for c in g2.cells)
    assert [x.code for x in ranking.rows] == [G1, G2, G3] and ranking.rows[0].rank == 1
    assert any("和平二网格" in n and "友谊一网格" in n and "无可计数据（无数据），不参与排名" in n for n in ranking.notes)
    assert ranking.rows[0].outcomes == ("benchmark",)  # alone in the ranking: the top band


def test_an_indicator_without_data_takes_no_part_and_a_retired_grid_is_not_ranked(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(indicators=[Indicator("m1", "日常工作表现", 50),
                                                        Indicator("v", "走访", 50, "visit_coverage")]))
    with town.write() as s:
        w = ChangeWriter(town, s)
        h1 = w.insert(Household, {"unit_code": G1, "address": "人民路1号101"})
        w.insert(Resident, {"unit_code": G1, "household_id": h1, "gender": "1", "birth_date": dt.date(1980, 1, 1),
                            "status": "active", "id_number": "11010519491231002X", "name": "甲"})
        w.insert(HouseholdVisit, {"unit_code": G1, "household_id": h1, "visit_date": dt.date(2026, 3, 1),
                                  "present": 1, "visitor_name": "民警", "content": "走访"})
    for grid, score in ((G1, 20), (G2, 30), (G3, 50)):
        office.set_score(sid, grid, "m1", score)
    UnitService(town, Principal("u-o", "o", Role.OFFICE, TOWN)).retire(G3, dt.date(2026, 12, 1))
    ranking = office.rank(sid, as_of=TODAY)
    rows = {r.code: r for r in ranking.rows}
    assert set(rows) == {G1, G2}  # the retired grid is not ranked
    assert any("友谊一网格" in n and "已撤销，不参与排名" in n for n in ranking.notes)
    assert rows[G1].total == 70 and rows[G1].rank == 1  # 20 + 50 (every household visited)
    # G2 has no household: 走访 takes no part, its manual 30 of 50 is rescaled to the scheme's 100
    assert rows[G2].cell("v").score is None and "不参与" in rows[G2].cell("v").explain
    assert rows[G2].total == 60 and rows[G2].rank == 2 and not rows[G2].unranked


# -- publishing ------------------------------------------------------------------------------------------
def test_publish_needs_every_manual_score_then_freezes_and_versions(town):
    office = user(town, Role.OFFICE, name="综治办")
    sid = office.create_scheme(scheme_input(rule=Rule(1, 1)))
    score_all(office, sid, {G1: (30, 50), G2: (20, 40)})
    with pytest.raises(ValidationError) as e:
        office.publish(sid)
    assert e.value.row == 3 and "友谊一网格" in e.value.message and e.value.field == "日常工作表现"
    office.set_score(sid, G3, "m1", 10)
    office.set_score(sid, G3, "m2", 10)
    assert office.publish(sid, "年度考核结果") == 1
    office.set_score(sid, G3, "m1", 40)  # a later change does not touch the published result
    office.set_score(sid, G3, "m2", 60)
    v1 = office.result(sid)
    assert [(r.code, r.total, r.outcomes) for r in v1.rows] == [
        (G1, 80, ("benchmark",)), (G2, 60, ()), (G3, 20, ("notified",))]
    assert (v1.version, v1.published_by, v1.note) == (1, "综治办", "年度考核结果")
    draft = office.rank(sid)
    assert draft.rows[0].code == G3 and draft.rows[0].total == 100
    assert office.publish(sid) == 2
    assert [r.version for r in office.results(sid)] == [2, 1]
    assert office.result(sid, 1).rows[2].total == 20 and office.result(sid).rows[0].code == G3
    with town.read() as s:
        assert s.execute(select(func.count()).select_from(AssessmentResult)).scalar_one() == 2
        assert s.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "approve", AuditLog.target_table == "assessment_result")).scalar_one() == 2


def test_a_published_result_keeps_the_scheme_as_it_was(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(rule=Rule(1, 1)))
    score_all(office, sid, {G1: (30, 50), G2: (20, 40), G3: (10, 10)})
    office.publish(sid)
    office.update_scheme(sid, scheme_input(indicators=[Indicator("m1", "日常工作表现", 40)], rule=Rule(2, 0),
                                           name="改名后的方案"))
    frozen = office.result(sid)
    assert frozen.scheme.name == "网格员绩效考核" and len(frozen.scheme.indicators) == 2
    assert frozen.scheme.rule.top_n == 1
    assert office.get(sid).name == "改名后的方案"


def test_previous_years_published_result_makes_two_years_running(town):
    office = user(town, Role.OFFICE)
    rule = Rule(1, 1, repeat_periods=2, repeat_band="last", repeat_outcome="key_management")
    old = office.create_scheme(scheme_input("2025", rule=rule))
    score_all(office, old, {G1: (30, 50), G2: (20, 40), G3: (10, 10)})
    new = office.create_scheme(scheme_input("2026", rule=rule))
    score_all(office, new, {G1: (35, 50), G2: (20, 45), G3: (15, 10)})
    # last year not published yet: no repeat, and the notes say why
    draft = office.rank(new)
    assert draft.rows[-1].outcomes == ("notified",)
    assert any("2025" in n and "没有已发布的结果" in n for n in draft.notes)
    office.publish(old)
    got = office.rank(new)
    assert got.rows[-1].code == G3 and got.rows[-1].outcomes == ("notified", "key_management")
    assert got.rows[-1].repeat


def test_major_incident_mark_needs_a_note_and_changes_the_outcome(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(rule=Rule(1, 1, incident_outcome="supervised", negative_list=True)))
    score_all(office, sid, {G1: (40, 60), G2: (20, 40), G3: (10, 10)})
    with pytest.raises(ValidationError) as e:
        office.set_incident(sid, G1, True, "")
    assert e.value.field == "问题说明"
    office.set_incident(sid, G1, True, "发生一起重大安全事故")
    top = office.rank(sid).rows[0]
    assert (top.code, top.outcomes, top.incident, top.negative_list) == (G1, ("supervised",), True, True)
    office.set_incident(sid, G1, False)
    assert office.rank(sid).rows[0].outcomes == ("benchmark",)


# -- who may do what -------------------------------------------------------------------------------------
def test_roles_and_ownership(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input())
    with pytest.raises(PermissionDenied):
        user(town, Role.GRID_WORKER, G1).set_score(sid, G1, "m1", 40)  # no Perm.ASSESS
    with pytest.raises(PermissionDenied):
        user(town, Role.VIEWER).set_score(sid, G1, "m1", 40)
    c_office = user(town, Role.OFFICE, C1)
    for act in (lambda: c_office.set_score(sid, G1, "m1", 40), lambda: c_office.publish(sid),
                lambda: c_office.update_scheme(sid, scheme_input(name="社区擅改")),
                lambda: c_office.set_incident(sid, G1, True, "x")):
        with pytest.raises(ScopeError):  # a community cannot change its town's scheme
            act()
    with pytest.raises(ScopeError):
        c_office.create_scheme(scheme_input(), owner=TOWN)
    # a community's grid chief assesses the community's grid workers, nothing else
    chief = user(town, Role.GRID_CHIEF, C1)
    own = chief.create_scheme(scheme_input(name="社区网格员考核"))
    assert chief.get(own).unit_code == C1 and chief.may_create()
    assert [r.code for r in chief.rank(own).rows] == [G1, G2]
    assert not user(town, Role.GRID_CHIEF, TOWN).may_create()
    with pytest.raises(PermissionDenied):
        user(town, Role.GRID_CHIEF, TOWN).create_scheme(scheme_input("2027"))


def test_the_assessed_see_only_their_own_published_rows(town):
    office = user(town, Role.OFFICE)
    sid = office.create_scheme(scheme_input(rule=Rule(1, 1)))
    score_all(office, sid, {G1: (30, 50), G2: (20, 40), G3: (10, 10)})
    worker = user(town, Role.GRID_WORKER, G2)
    assert worker.schemes() == []  # nothing published yet
    with pytest.raises(ScopeError):
        worker.rank(sid)
    with pytest.raises(NotFound):
        worker.result(sid)
    office.publish(sid)
    assert [v.id for v in worker.schemes()] == [sid]
    assert [r.code for r in worker.result(sid).rows] == [G2]
    assert [r.code for r in user(town, Role.OFFICE, C1).result(sid).rows] == [G1, G2]
    assert len(user(town, Role.VIEWER).result(sid).rows) == 3
    with pytest.raises(ScopeError):
        worker.rank(sid)


def test_district_ranks_its_towns(db):
    units = UnitService(db)
    units.initialise(DISTRICT, "张店区", Level.DISTRICT)
    for code, name in ((TOWN, "城东街道"), (T2, "城西街道"), (T3, "南城镇")):
        units.add(code, name)
    units.add(C1, "和平社区")
    office = user(db, Role.OFFICE, DISTRICT)
    sid = office.create_scheme(SchemeInput("2026年镇街社会治理考核", "2026", "town", default_indicators("town"),
                                           default_rule("town")))
    view = office.get(sid)
    assert (view.target_label, view.rule.top_n, view.rule.bottom_n, view.rule.repeat_outcome) == (
        "镇(街道)", 10, 5, "supervised")
    ranking = office.rank(sid)
    assert [r.code for r in ranking.rows] == [TOWN, T2, T3]
    assert any("标杆优先" in n for n in ranking.notes)  # 3 towns, top 10: the notes say what happens


# -- sync: the owner's rows, refused from below ------------------------------------------------------------
def test_a_community_cannot_change_a_towns_scheme_through_a_sync_package(template_db, tmp_path):
    from tests.sync.nodes import make_tree

    nodes = make_tree(template_db, tmp_path, (TOWN, C1, G1))
    try:
        nodes[C1].sync.export(TOWN, tmp_path / "c-t0.gridpkg")  # the community's grid reaches the town
        nodes[TOWN].sync.import_files([tmp_path / "c-t0.gridpkg"])
        t_office = user(nodes[TOWN].db, Role.OFFICE, TOWN)
        sid = t_office.create_scheme(scheme_input(rule=Rule(1, 1)))
        t_office.set_score(sid, G1, "m1", 30)
        t_office.set_score(sid, G1, "m2", 50)
        t_office.publish(sid)
        nodes[TOWN].sync.export(C1, tmp_path / "t-c.gridpkg")
        nodes[C1].sync.import_files([tmp_path / "t-c.gridpkg"])
        c_db = nodes[C1].db
        assert [r.code for r in user(c_db, Role.GRID_CHIEF, C1).result(sid).rows] == [G1]
        # the community's copy is changed behind the service's back (a forged or buggy write)
        with c_db.write() as s:
            w = ChangeWriter(c_db, s)
            w.update(AssessmentScheme, sid, {"top_n": 99, "name": "社区擅改"})
        res = nodes[C1].sync.export(TOWN, tmp_path / "c-t.gridpkg")
        assert res.changes >= 1
        got = nodes[TOWN].sync.import_files([tmp_path / "c-t.gridpkg"])[0]
        assert got.refused >= 1
        assert t_office.get(sid).name == "网格员绩效考核" and t_office.get(sid).rule.top_n == 1
    finally:
        for n in nodes.values():
            n.close()


def test_draft_scores_and_incident_marks_never_go_down_to_the_assessed(template_db, tmp_path):
    """Scores and incident marks stay with the assessing unit and the levels above; the grids below get the
    scheme and, once published, the result (where the service shows each its own row)."""
    from gridapp.db.models import AssessmentIncident, AssessmentResult, AssessmentScore
    from tests.sync.nodes import make_tree

    nodes = make_tree(template_db, tmp_path, (TOWN, C1, G1))

    def xfer(a: str, b: str, name: str) -> None:
        nodes[a].sync.export(b, tmp_path / name)
        (res,) = nodes[b].sync.import_files([tmp_path / name])
        assert res.status == "imported", res.message

    def count(code: str, model) -> int:
        with nodes[code].db.read() as s:
            return s.query(model).count()

    try:
        xfer(C1, TOWN, "1")
        t_office = user(nodes[TOWN].db, Role.OFFICE, TOWN)
        sid = t_office.create_scheme(scheme_input(rule=Rule(1, 1)))
        t_office.set_score(sid, G1, "m1", 30)
        t_office.set_score(sid, G1, "m2", 50)
        t_office.set_incident(sid, G1, True, "辖区发生重大安全事故")
        xfer(TOWN, C1, "2")
        xfer(C1, G1, "3")
        for code in (C1, G1):
            assert count(code, AssessmentScheme) == 1
            assert count(code, AssessmentScore) == count(code, AssessmentIncident) == 0, code
        t_office.publish(sid)
        xfer(TOWN, C1, "4")
        xfer(C1, G1, "5")
        assert count(G1, AssessmentResult) == 1 and count(G1, AssessmentScore) == 0
        assert [r.code for r in user(nodes[G1].db, Role.GRID_WORKER, G1).result(sid).rows] == [G1]
    finally:
        for n in nodes.values():
            n.close()
