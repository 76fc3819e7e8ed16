"""gridapp.cli `disputes add|list|resolve|summary`: JSON, exit codes, roles (DESIGN.md §5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gridapp.services.visits import today_local
from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

GRID = "370303001001001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def grid(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", GRID, "--name", "第一网格", "--level", "grid",
                   "--admin", "admin")[0] == 0
        for name, role in (("worker", "grid_worker"), ("viewer", "viewer")):
            assert add_user(capsys, db, name, role, GRID)[0] == 0

    return ["--db", str(built_db("cli-disputes-grid", "grid.sqlite3", build))]


def add(grid, capsys, *extra: str) -> tuple[int, str, str]:
    today = today_local()
    return run(capsys, *grid, "--user", "worker", "disputes", "add", "--name", "楼上漏水纠纷", "--date",
               (today - dt.timedelta(days=3)).isoformat(), "--place", "人民路1号", "--category", "02", "--scale", "01",
               "--people", "2", "--parties", "张某、李某", *extra)


def test_add_list_resolve_summary(grid, capsys):
    code, out, err = add(grid, capsys, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["number"].startswith(f"{GRID}-{d['date'][:4]}-0001-")
    assert (d["status"], d["category_label"], d["grid"], d["parties"]) == ("registered", "邻里", GRID, "张某、李某")
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "list", "--status", "registered", "--json")
    assert code == 0 and [x["id"] for x in json.loads(out)["disputes"]] == [d["id"]]
    code, out, err = run(capsys, *grid, "--user", "worker", "disputes", "resolve", d["id"], "--success", "--how",
                         "人民调解", "--outcome", "赔偿修缮费，双方和解", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["status"], r["success"], r["first_handling"]) == ("resolved", True, True)
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "summary", "--period", d["date"][:4], "--json")
    m = json.loads(out)
    assert (m["total"], m["resolved"], m["first_handling_rate"], m["target"], m["target_met"]) == (
            1, 1, 1.0, 0.95, True)
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "summary", "--period", d["date"][:7])
    assert code == 0 and "一次性化解率 100.0%（1/1），目标 95%，达标" in out and "邻里 1" in out
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "list")
    assert code == 0 and "已化解" in out and d["number"] in out
    assert out.startswith(d["short_number"] + "\t")  # the number said on the phone leads the line
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "show", d["id"])
    assert code == 0 and f"事件编号 {d['short_number']}（完整编号 {d['number']}）" in out and "赔偿修缮费" in out


def test_refusals_and_usage(grid, capsys):
    tomorrow = (today_local() + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "add", "--name", "x", "--date", tomorrow,
                       "--place", "y", "--category", "02", "--scale", "01", "--people", "1")
    assert code == 1 and "发生日期" in err
    assert_refused_in_chinese(err)
    code, _, err = add(grid, capsys, "--category", "17")
    assert code == 1 and "事件类别" in err
    code, _, err = run(capsys, *grid, "--user", "viewer", "disputes", "add", "--name", "x", "--date", "2026-01-01",
                       "--place", "y", "--category", "02", "--scale", "01", "--people", "1")
    assert code == 1 and "登记化解矛盾纠纷" in err  # a viewer reads, does not register
    code, out, _ = add(grid, capsys, "--json")
    did = json.loads(out)["id"]
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "resolve", did, "--success", "--how", "调解",
                       "--outcome", "和解", "--on", tomorrow)
    assert code == 1 and "化解日期" in err
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "resolve", did, "--how", "调解",
                       "--outcome", "和解")
    assert code == 2  # neither --success nor --failure
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "resolve", did, "--success", "--failure",
                       "--how", "调解", "--outcome", "和解")
    assert code == 2
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "summary", "--period", "2026-13")
    assert code == 2
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "list", "--status", "closed")
    assert code == 2
    code, _, err = run(capsys, *grid, "--user", "worker", "disputes", "list", "--unit", "370303001001002")
    assert code == 1 and "管辖范围" in err


@pytest.fixture
def town(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", "370303001", "--name", "城东街道", "--level", "town",
                   "--admin", "admin")[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "300")[0] == 0
        for name, role, unit in (("office", "office", "370303001"), ("worker", "grid_worker", GRID)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-disputes-town", "town.sqlite3", build))]


def test_mediate_supervise_escalate_evaluate(town, capsys):
    code, out, err = add(town, capsys, "--json")
    assert code == 0, err
    did = json.loads(out)["id"]
    code, out, err = run(capsys, *town, "--user", "worker", "disputes", "mediate", did, "--org", "社区人民调解委员会",
                         "--person", "王调解", "--how", "人民调解", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert (d["status"], d["resolver_org"], d["resolver"]) == ("mediating", "社区人民调解委员会", "王调解")
    code, _, err = run(capsys, *town, "--user", "worker", "disputes", "supervise", did, "--opinion", "抓紧")
    assert code == 1
    assert_refused_in_chinese(err)  # a grid worker does not supervise
    code, out, err = run(capsys, *town, "--user", "office", "disputes", "supervise", did, "--opinion",
                         "请三日内反馈进展", "--json")
    assert code == 0, err
    assert [s["opinion"] for s in json.loads(out)["supervisions"]] == ["请三日内反馈进展"]
    code, _, err = run(capsys, *town, "--user", "office", "disputes", "evaluate", did, "--opinion", "尚未处理完")
    assert code == 1 and err  # nothing to evaluate before it is handled
    code, out, err = run(capsys, *town, "--user", "worker", "disputes", "escalate", did, "--reason",
                         "双方分歧较大，需街道协调", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "escalated"
    code, out, err = run(capsys, *town, "--user", "office", "disputes", "evaluate", did, "--opinion",
                         "上报及时", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["evaluation"] == "上报及时" and d["evaluated_on"] == today_local().isoformat()
