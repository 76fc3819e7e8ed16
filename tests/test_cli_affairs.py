"""gridapp.cli `affairs ...`: the affair list and the admission workflow from the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gridapp.domain import clock as domain_clock
from tests.test_cli import ADMIN_PW, USER_PW, add_user, assert_refused_in_chinese, run

DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def today():
    """The one clock's date, movable (the publicity period has to pass before admission)."""
    day = {"day": DAY}
    with domain_clock.frozen(lambda: day["day"]):
        yield day


@pytest.fixture
def town(built_db, capsys, monkeypatch):
    def build(path):
        db = ("--db", str(path))
        assert run(capsys, *db, "init", "--unit", "370303001", "--name", "城东街道", "--level", "town",
                   "--admin", "admin")[0] == 0
        monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
        for name, role, unit in (("dept", "department", "370303001"), ("office", "office", "370303001"),
                                 ("v1", "viewer", "370303001")):
            code, _, err = add_user(capsys, db, name, role, unit)
            assert code == 0, err

    path = built_db("cli-affairs-town", "town.sqlite3", build)
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", USER_PW)
    return ("--db", str(path))


def test_apply_review_publish_admit_withdraw(town, capsys, today):
    code, out, err = run(capsys, *town, "--user", "dept", "affairs", "apply", "--name", "政策宣传",
                         "--department", "镇宣传办", "--basis", "《宣传工作条例》", "--frequency", "03",
                         "--deadline-days", "7", "--json")
    assert code == 0, err
    item = json.loads(out)
    assert (item["status"], item["frequency_label"], item["deadline_days"]) == ("applied", "每月", 7)
    iid = item["id"]
    code, out, _ = run(capsys, *town, "--user", "office", "affairs", "review", iid, "--approve",
                       "--opinion", "同意")
    assert code == 0 and "已审核通过" in out
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "publish", iid, "--from", "2026-03-02",
                       "--to", "2026-03-04")
    assert code == 1 and "公示期至少" in err
    assert run(capsys, *town, "--user", "office", "affairs", "publish", iid, "--from", "2026-03-02",
               "--to", "2026-03-08")[0] == 0
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "admit", iid)
    assert code == 1 and "正在公示" in err
    assert_refused_in_chinese(err)
    today["day"] = dt.date(2026, 3, 9)
    code, out, _ = run(capsys, *town, "--user", "office", "affairs", "admit", iid, "--json")
    assert code == 0 and json.loads(out)["in_force_from"] == "2026-03-09"
    code, out, _ = run(capsys, *town, "--user", "v1", "affairs", "list", "--in-force", "--json")
    assert code == 0 and [i["name"] for i in json.loads(out)["items"]] == ["政策宣传"]
    code, out, _ = run(capsys, *town, "--user", "v1", "affairs", "list")
    assert code == 0 and "政策宣传" in out and "已准入" in out
    assert run(capsys, *town, "--user", "office", "affairs", "withdraw", iid, "--on", "2026-03-10")[0] == 0
    today["day"] = dt.date(2026, 3, 10)
    code, out, _ = run(capsys, *town, "--user", "v1", "affairs", "list", "--in-force", "--json")
    assert json.loads(out)["count"] == 0
    code, out, _ = run(capsys, *town, "--user", "v1", "affairs", "list", "--status", "withdrawn", "--json")
    assert json.loads(out)["items"][0]["withdrawn_on"] == "2026-03-10"


def test_temporary_item_and_refusals(town, capsys, today):
    code, out, err = run(capsys, *town, "--user", "dept", "affairs", "apply", "--name", "防汛排查",
                         "--department", "镇应急办", "--temporary", "--json")
    assert code == 1 and "有效期" in err
    code, out, err = run(capsys, *town, "--user", "dept", "affairs", "apply", "--name", "防汛排查",
                         "--department", "镇应急办", "--temporary", "--from", "2026-03-02", "--to",
                         "2026-03-20", "--json")
    assert code == 0, err
    iid = json.loads(out)["id"]
    code, _, err = run(capsys, *town, "--user", "dept", "affairs", "review", iid, "--approve", "--opinion", "x")
    assert code == 1 and "权限" in err  # a department does not review
    code, _, err = run(capsys, *town, "--user", "v1", "affairs", "admit", iid)
    assert code == 1 and "权限" in err
    assert run(capsys, *town, "--user", "office", "affairs", "review", iid, "--approve", "--opinion", "同意")[0] == 0
    code, out, _ = run(capsys, *town, "--user", "office", "affairs", "admit", iid, "--json")
    data = json.loads(out)
    assert code == 0 and (data["in_force_from"], data["in_force_to"]) == ("2026-03-02", "2026-03-20")
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "admit", "nonexistent")
    assert code == 1 and "找不到" in err


def test_bad_usage_exits_2(town, capsys, today):
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "review", "x", "--opinion", "同意")
    assert code == 2 and "用法错误" in err  # neither --approve nor --reject
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "withdraw", "x", "--on", "3月10日")
    assert code == 2
    code, _, err = run(capsys, *town, "--user", "office", "affairs", "list", "--status", "bogus")
    assert code == 2
