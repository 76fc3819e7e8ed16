"""gridapp.cli `events ...`: the closed loop through the command line as the roles live it, JSON, refusals."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

COMMUNITY, GRID = "370303001001", "370303001001001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def db(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", COMMUNITY, "--name", "和平社区", "--level", "community",
                   "--admin", "admin")[0] == 0
        code, _, err = run(capsys, *db, "--user", "admin", "units", "add", "--parent", COMMUNITY, "--code", GRID,
                           "--name", "第1网格", "--type", "urban")
        assert code == 0, err
        for name, role, unit in (("worker", "grid_worker", GRID), ("clerk", "office", COMMUNITY),
                                 ("viewer", "viewer", COMMUNITY)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-events", "community.sqlite3", build))]


def ev(db, capsys, user, *args):
    code, out, err = run(capsys, *db, "--user", user, "events", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_loop_through_the_command_line(db, capsys):
    e = ev(db, capsys, "worker", "report", "--class", "03", "--subclass", "0302", "--title", "燃气管道漏气",
           "--description", "3号楼东侧有异味", "--place", "人民路1号", "--source", "05")
    eid = e["id"]
    assert (e["status"], e["holder"], e["class_code"]) == ("reported", COMMUNITY, "03")
    assert [x["id"] for x in ev(db, capsys, "clerk", "list", "--mine")["events"]] == [eid]
    assert ev(db, capsys, "worker", "list", "--mine")["count"] == 0
    ev(db, capsys, "clerk", "accept", eid)
    assert ev(db, capsys, "clerk", "dispatch", eid, "--to", GRID, "--note", "请尽快处理")["handler"] == GRID
    assert ev(db, capsys, "worker", "list", "--mine")["count"] == 1
    ev(db, capsys, "worker", "handle", eid, "--feedback", "燃气公司已修复")
    ev(db, capsys, "clerk", "verify", eid, "--passed")
    ev(db, capsys, "clerk", "close", eid, "--outcome", "已修复")
    done = ev(db, capsys, "worker", "callback", eid, "--satisfaction", "满意")
    assert (done["status"], done["satisfaction"], done["first_handling"]) == ("closed", "满意", True)
    assert [t["action"] for t in done["timeline"]] == ["report", "accept", "dispatch", "handle", "verify_ok", "close",
                                                       "callback"]
    m = ev(db, capsys, "viewer", "summary")
    assert (m["total"], m["on_time_rate"], m["first_handling_closure_rate"], m["satisfaction_rate"]) == (
        1, 1.0, 1.0, 1.0)
    code, out, _ = run(capsys, *db, "--user", "viewer", "events", "show", eid)
    assert code == 0 and "办理过程" in out and "回访" in out and "燃气管道漏气" in out


def test_refusals_name_the_rule_and_write_nothing(db, capsys):
    e = ev(db, capsys, "worker", "report", "--class", "04", "--title", "垃圾堆放", "--description", "楼道堆放杂物",
           "--place", "人民路2号")
    code, _, err = run(capsys, *db, "--user", "clerk", "events", "close", e["id"], "--outcome", "x")
    assert code == 1 and "不能结案" in err
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *db, "--user", "worker", "events", "accept", e["id"])
    assert code == 1 and "受理交办和结案事件" in err  # the grid worker lacks the permission
    code, _, err = run(capsys, *db, "--user", "worker", "events", "report", "--class", "04", "--title", "x",
                       "--description", "370303199001011234 反映", "--place", "y")
    assert code == 1 and "身份证号" in err
    code, _, err = run(capsys, *db, "--user", "clerk", "events", "extend", e["id"])
    assert code == 2 and "--days" in err
    code, _, err = run(capsys, *db, "--user", "worker", "events", "callback", e["id"], "--satisfaction", "很好")
    assert code == 2
    assert len(ev(db, capsys, "clerk", "show", e["id"])["timeline"]) == 1  # only the report


def test_a_dispute_event_is_registered_on_the_dispute_ledger(db, capsys):
    out = ev(db, capsys, "worker", "report", "--class", "01", "--title", "邻里噪音纠纷", "--description", "楼上装修噪音",
             "--place", "幸福街2号", "--source", "05", "--dispute-category", "02", "--people-count", "2")
    assert out["dispute"]["name"] == "邻里噪音纠纷" and out["dispute"]["people"] == 2
    assert ev(db, capsys, "worker", "list")["count"] == 0  # no event record beside the dispute
    code, listed, err = run(capsys, *db, "--user", "worker", "disputes", "list", "--json")
    assert code == 0, err
    assert "邻里噪音纠纷" in listed


def test_the_office_edits_classes_limits_and_calendar_through_the_command_line(db, capsys):
    added = ev(db, capsys, "clerk", "classes", "add", "--class", "03", "--name", "电动车充电")
    code = added["code"]
    assert code.startswith("03") and len(code) == 4
    assert ev(db, capsys, "clerk", "classes", "rename", code, "--name", "电动车违规充电")["name"] == "电动车违规充电"
    e = ev(db, capsys, "worker", "report", "--class", "03", "--subclass", code, "--title", "楼道充电",
           "--description", "电动车在楼道充电", "--place", "人民路3号")
    assert ev(db, capsys, "clerk", "classes", "retire", code)["retired"] is True
    assert ev(db, capsys, "worker", "show", e["id"])["subclass"] == "电动车违规充电"  # old events keep the label
    code_, _, err = run(capsys, *db, "--user", "worker", "events", "report", "--class", "03", "--subclass", code,
                        "--title", "x", "--description", "y", "--place", "z")
    assert code_ == 1 and "已停用" in err and "小类" in err
    listed = {c["code"]: c for c in ev(db, capsys, "worker", "classes", "list")["classes"]}
    assert listed[code]["retired"] and listed["03"]["name"] == "安全隐患"
    assert code not in {c["code"] for c in ev(db, capsys, "worker", "classes", "list", "--active")["classes"]}
    code_, _, err = run(capsys, *db, "--user", "worker", "events", "classes", "add", "--class", "03", "--name", "x")
    assert code_ == 1
    assert_refused_in_chinese(err)
    ev(db, capsys, "clerk", "classes", "restore", code)

    # a 0 limit is refused naming the field; --inherit goes back to the defaults
    code_, _, err = run(capsys, *db, "--user", "clerk", "events", "limit", "--class", "04", "--accept", "0",
                        "--handle", "5")
    assert code_ == 1 and "受理时限" in err and "1 到 60" in err
    assert ev(db, capsys, "clerk", "limit", "--class", "04", "--accept", "2", "--handle", "6")["accept_days"] == 2
    back = ev(db, capsys, "clerk", "limit", "--class", "04", "--inherit")
    assert (back["accept_days"], back["handle_days"], back["own"]) == (1, 5, False)

    ev(db, capsys, "clerk", "calendar", "2026-03-07", "--working", "--note", "调休")
    days = ev(db, capsys, "clerk", "calendar", "--list")["days"]
    assert [(d["day"], d["working"], d["own"]) for d in days] == [("2026-03-07", True, True)]
    assert ev(db, capsys, "clerk", "calendar", "2026-03-07", "--remove")["removed"] is True
    assert ev(db, capsys, "clerk", "calendar", "--list")["count"] == 0
    code_, _, err = run(capsys, *db, "--user", "clerk", "events", "calendar", "2026-03-07", "--remove")
    assert code_ == 1 and "没有登记" in err
