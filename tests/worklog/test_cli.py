"""gridapp.cli `worklog add|list|comment` and `patrols add|list|event`: JSON, exit codes, roles."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gridapp.domain import clock
from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

GRID = "370303001001001"
OTHER_GRID = "370303001001002"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def town(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", "370303001", "--name", "城东街道", "--level", "town",
                   "--admin", "admin")[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "1200")[0] == 0
        for name, role, unit in (("office", "office", "370303001"), ("worker", "grid_worker", GRID),
                                 ("chief", "grid_chief", GRID), ("police", "police", GRID)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-worklog-town", "town.sqlite3", build))]


def household(capsys, town, grid: str) -> str:
    code, out, err = run(capsys, *town, "--user", "office", "visits", "due", "--unit", grid, "--json")
    assert code == 0, err
    return json.loads(out)["due"][0]["household_id"]


def test_worker_writes_chief_comments(town, capsys):
    today = clock.today().isoformat()
    code, out, err = run(capsys, *town, "--user", "worker", "worklog", "add", "--content", "走访 5 户，调解邻里纠纷 1 起",
                         "--json")
    assert code == 0, err
    log = json.loads(out)
    assert (log["unit_code"], log["log_date"], log["worker"], log["comments"]) == (GRID, today, "worker", [])
    code, _, err = run(capsys, *town, "--user", "worker", "worklog", "add", "--content", "第二篇")
    assert code == 1 and "已经写过" in err
    code, out, err = run(capsys, *town, "--user", "chief", "worklog", "comment", log["id"], "--text", "很好",
                         "--json")
    assert code == 0, err
    assert [c["text"] for c in json.loads(out)["comments"]] == ["很好"]
    code, out, _ = run(capsys, *town, "--user", "office", "worklog", "list", "--json")
    assert log["id"] in [w["id"] for w in json.loads(out)["worklogs"]]
    code, out, _ = run(capsys, *town, "--user", "chief", "worklog", "list")
    assert code == 0 and "批注" in out and "很好" in out
    code, _, err = run(capsys, *town, "--user", "worker", "worklog", "comment", log["id"], "--text", "自评")
    assert code == 1
    assert_refused_in_chinese(err)


def test_patrols_and_an_event_from_one(town, capsys):
    hid = household(capsys, town, GRID)
    code, out, err = run(capsys, *town, "--user", "worker", "patrols", "add", "--household", hid, "--situation",
                         "入户了解家庭情况", "--issues", "楼道灯坏了", "--json")
    assert code == 0, err
    p = json.loads(out)
    assert (p["household_id"], p["unit_code"], p["issues"], p["event_id"]) == (hid, GRID, "楼道灯坏了", None)
    code, out, err = run(capsys, *town, "--user", "worker", "patrols", "event", p["id"], "--class", "05",
                         "--title", "楼道灯损坏", "--json")
    assert code == 0, err
    event_id = json.loads(out)["event_id"]
    code, out, _ = run(capsys, *town, "--user", "chief", "patrols", "list", "--json")
    rows = json.loads(out)["patrols"]
    assert [(r["id"], r["event_id"]) for r in rows] == [(p["id"], event_id)]
    code, out, _ = run(capsys, *town, "--user", "worker", "patrols", "list")
    assert code == 0 and "已上报事件" in out
    code, out, err = run(capsys, *town, "--user", "office", "patrols", "summary", "--json")
    assert code == 0, err
    grids = [g for g in json.loads(out)["grids"] if g["unit_code"] == GRID]  # the demo's own are on other grids
    assert grids == [{"unit_code": GRID, "patrols": 1, "households": 1, "events": 1, "worklogs": 0}]


def test_refusals(town, capsys):
    other = household(capsys, town, OTHER_GRID)
    mine = household(capsys, town, GRID)
    code, _, err = run(capsys, *town, "--user", "worker", "patrols", "add", "--household", other, "--situation", "x")
    assert code == 1 and "不在您的网格" in err
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, *town, "--user", "worker", "patrols", "add", "--household", mine, "--date", tomorrow,
                       "--situation", "x")
    assert code == 1 and "不能晚于今天" in err
    code, _, err = run(capsys, *town, "--user", "worker", "worklog", "add", "--content", "身份证 370303199001011234")
    assert code == 1 and "身份证" in err
    for user in ("police", "chief", "office"):
        code, _, err = run(capsys, *town, "--user", user, "patrols", "add", "--household", mine, "--situation", "x")
        assert code == 1
        assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "worker", "worklog", "list", "--unit", OTHER_GRID)
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, _ = run(capsys, *town, "--user", "worker", "worklog", "add", "--content", "x", "--date", "2026-13-01")
    assert code == 2
    code, out, _ = run(capsys, *town, "--user", "worker", "patrols", "list", "--json")
    assert json.loads(out)["count"] == 0
