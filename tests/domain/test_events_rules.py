"""The event flow as pure rules: the fold of steps, who may act, time limits, first-handling closure."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.core.errors import ValidationError
from gridapp.domain.events import ACTION, STATUS, Actor, Limits, Rules, Step
from gridapp.domain.workdays import WEEKDAYS_ONLY

D = dt.date
GRID, OTHER_GRID = "370303001001001", "370303001002001"
COMMUNITY, TOWN = "370303001001", "370303001"
RULES = Rules(WEEKDAYS_ONLY)
_n = iter(range(1, 10_000))


def step(action, on, unit=COMMUNITY, **data):
    return Step(seq=(next(_n), "n1"), action=action, on=on, unit=unit, name="某人", data=data)


def run(*steps, class_code="03"):
    return RULES.replay(steps, class_code)


MON = D(2026, 11, 30)


def whole_loop(source="05"):
    return [step("report", MON, GRID, grid=GRID, source=source), step("accept", MON), step("dispatch", MON, to=GRID),
            step("handle", D(2026, 12, 2), GRID, feedback="已修复"), step("verify_ok", D(2026, 12, 3)),
            step("close", D(2026, 12, 3)), step("callback", D(2026, 12, 4), GRID, satisfaction="1")]


def test_the_whole_loop():
    r = run(*whole_loop())
    assert r.anomalies == []
    s = r.state
    assert s.status == "closed" and s.holder == COMMUNITY and s.handler == GRID and s.satisfaction == "1"
    assert s.accept_due == D(2026, 12, 1) and s.handle_due == D(2026, 12, 7)  # five working days from Monday
    assert RULES.on_time(s) is True
    assert RULES.first_handling_closed(s, D(2026, 12, 4)) is True


def test_steps_out_of_order_are_refused_with_the_rule():
    with pytest.raises(ValidationError, match="不能结案"):
        RULES.apply(run(step("report", MON, GRID, grid=GRID), step("accept", MON)).state, step("close", MON), "03")
    with pytest.raises(ValidationError, match="不能核查通过"):
        RULES.apply(run(step("report", MON, GRID, grid=GRID), step("accept", MON),
                        step("dispatch", MON, to=GRID)).state, step("verify_ok", MON), "03")
    with pytest.raises(ValidationError, match="尚未上报"):
        RULES.apply(None, step("accept", MON), "03")
    with pytest.raises(ValidationError, match="早于上报日期"):
        RULES.apply(run(step("report", MON, GRID, grid=GRID)).state, step("accept", D(2026, 11, 1)), "03")


def test_a_contradiction_from_two_installations_is_kept_and_named():
    # closed at the community; meanwhile (offline) the grid fed back a second time: the fold skips it
    steps = whole_loop()[:6] + [step("handle", D(2026, 12, 3), GRID, feedback="再次处理")]
    r = run(*steps)
    assert r.state.status == "closed"
    assert len(r.anomalies) == 1 and r.anomalies[0][0].action == "handle"
    assert "已结案" in r.anomalies[0][1]


def test_escalation_and_reopening_spoil_first_handling_closure():
    esc = run(step("report", MON, GRID, grid=GRID, source="06"), step("escalate", MON))
    assert esc.state.holder == TOWN and esc.state.status == "reported" and esc.state.escalated
    assert RULES.first_handling_closed(esc.state, MON) is False
    steps = whole_loop()[:6] + [step("callback", D(2026, 12, 4), GRID, satisfaction="3", reason="没修好"),
                                step("reopen", D(2026, 12, 4))]
    r = run(*steps)
    assert r.anomalies == [] and r.state.status == "accepted" and r.state.reopened
    assert RULES.first_handling_closed(r.state, D(2026, 12, 4)) is False
    # not a petition: it does not count either way
    assert RULES.first_handling_closed(run(*whole_loop(source="01")).state, D(2026, 12, 4)) is None


def test_late_handling_is_not_first_handling_closure_unless_extended():
    late = [step("report", MON, GRID, grid=GRID, source="05"), step("accept", MON), step("dispatch", MON, to=GRID),
            step("handle", D(2026, 12, 9), GRID, feedback="x"), step("verify_ok", D(2026, 12, 9)),
            step("close", D(2026, 12, 9))]
    assert RULES.first_handling_closed(run(*late).state, D(2026, 12, 9)) is False
    extended = [step("report", MON, GRID, grid=GRID, source="05"), step("accept", MON), step("dispatch", MON, to=GRID),
                step("extend", D(2026, 12, 2), GRID, days=3), step("extend_ok", D(2026, 12, 2)),
                step("handle", D(2026, 12, 9), GRID, feedback="x"), step("verify_ok", D(2026, 12, 9)),
                step("close", D(2026, 12, 9))]
    s = run(*extended).state
    assert s.handle_due == D(2026, 12, 10) and RULES.first_handling_closed(s, D(2026, 12, 9)) is True
    # open past its limit: already lost
    open_late = run(*late[:3]).state
    assert RULES.first_handling_closed(open_late, D(2026, 12, 8)) is False
    assert RULES.first_handling_closed(open_late, D(2026, 12, 7)) is None


def test_timing_colours():
    s = run(step("report", MON, GRID, grid=GRID), step("accept", MON), step("dispatch", MON, to=GRID)).state
    assert RULES.timing(s, D(2026, 12, 1)) == "ok"
    assert RULES.timing(s, D(2026, 12, 4)) == "soon"  # Friday; due Monday (one working day)
    assert RULES.timing(s, D(2026, 12, 8)) == "overdue"
    assert RULES.timing(run(*whole_loop()).state, D(2026, 12, 8)) == ""


def test_limits_per_class_and_level():
    rules = Rules(WEEKDAYS_ONLY, lambda cls, unit: Limits(2, 10) if cls == "09" else Limits())
    s = rules.replay([step("report", MON, GRID, grid=GRID), step("accept", MON), step("dispatch", MON, to=GRID)],
                     "09").state
    assert s.accept_due == D(2026, 12, 2) and s.handle_due == D(2026, 12, 14)


def test_dispatch_outside_the_holder_is_refused():
    s = run(step("report", MON, GRID, grid=GRID), step("accept", MON)).state
    with pytest.raises(ValidationError, match="不在 370303001001 的范围内"):
        RULES.apply(s, step("dispatch", MON, to=OTHER_GRID), "03")


def test_who_may_act():
    s = run(step("report", MON, GRID, grid=GRID), step("accept", MON), step("dispatch", MON, to=GRID)).state
    worker = Actor(GRID, "网格员", handle=True)
    other_worker = Actor(OTHER_GRID, "网格员", handle=True)
    office = Actor(COMMUNITY, "社区", office=True, handle=True)
    town = Actor(TOWN, "街道", office=True, handle=True, supervise=True)
    Rules.check_actor(s, "handle", worker)
    with pytest.raises(ValidationError, match="只有承办单位"):
        Rules.check_actor(s, "handle", other_worker)
    with pytest.raises(ValidationError, match="综治中心可以结案"):
        Rules.check_actor(s, "close", town)
    Rules.check_actor(s, "close", office)
    Rules.check_actor(s, "supervise", town)
    with pytest.raises(ValidationError, match="上级单位"):
        Rules.check_actor(s, "supervise", Actor(GRID, "x", supervise=True))
    dept = run(step("report", MON, GRID, grid=GRID), step("accept", MON),
               step("dispatch", MON, to=COMMUNITY, department="住建")).state
    Rules.check_actor(dept, "handle", Actor(COMMUNITY, "部门", department="住建"))
    with pytest.raises(ValidationError, match="住建"):
        Rules.check_actor(dept, "handle", office)


def test_extension_rules():
    s = run(step("report", MON, GRID, grid=GRID), step("accept", MON), step("dispatch", MON, to=GRID),
            step("extend", MON, GRID, days=2)).state
    with pytest.raises(ValidationError, match="待批复"):
        RULES.apply(s, step("extend", MON, GRID, days=2), "03")
    with pytest.raises(ValidationError, match="延期天数须在"):
        RULES.apply(run(*whole_loop()[:3]).state, step("extend", MON, GRID, days=99), "03")
    closed = run(*whole_loop()).state
    with pytest.raises(ValidationError, match="不能申请延期"):
        RULES.apply(closed, step("extend", MON, GRID, days=2), "03")


@given(st.lists(st.tuples(st.sampled_from(sorted(ACTION)), st.integers(0, 6)), max_size=25))
def test_any_sequence_folds_to_a_known_state_and_keeps_every_step(actions):
    steps = [step("report", MON, GRID, grid=GRID)] + [
        step(a, MON + dt.timedelta(days=d), COMMUNITY, to=GRID, feedback="f", days=1, satisfaction="3", reason="r",
             level="2") for a, d in actions]
    r = run(*steps)
    assert r.state is not None and r.state.status in STATUS
    assert len(r.anomalies) <= len(actions)
