"""gridapp.cli `tasks generate|list|done`: JSON, exit codes, roles (DESIGN.md §5)."""

from __future__ import annotations

import json

import pytest

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
                                 ("viewer", "viewer", "370303001")):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-tasks-town", "town.sqlite3", build))]


def test_generate_list_and_done(town, capsys):
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "generate", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert r["created"] == 0 and r["existing"] > 0 and r["grids"] >= 2  # the demo made today's tasks already
    code, out, _ = run(capsys, *town, "--user", "worker", "tasks", "list", "--json")
    assert code == 0
    rows = json.loads(out)["tasks"]
    assert rows and {t["unit_code"] for t in rows} == {GRID}
    open_ = [t for t in rows if t["status"] != "done"]
    assert open_, "the demo leaves some tasks open"
    target = open_[0]["id"]
    code, out, err = run(capsys, *town, "--user", "worker", "tasks", "done", target, "--note", "已入户完成",
                         "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["id"], done["status"], done["note"], done["done_by"]) == (target, "done", "已入户完成", "worker")
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "done", target)
    assert code == 1 and "不能重复办结" in err
    code, out, _ = run(capsys, *town, "--user", "worker", "tasks", "list", "--status", "done", "--json")
    assert target in [t["id"] for t in json.loads(out)["tasks"]]
    assert all(t["status"] == "done" for t in json.loads(out)["tasks"])
    code, out, _ = run(capsys, *town, "--user", "worker", "tasks", "list")
    assert code == 0 and "截止" in out


def test_refusals_and_usage(town, capsys):
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "list", "--grid", OTHER_GRID)
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "viewer", "tasks", "generate")
    assert code == 1
    assert_refused_in_chinese(err)
    code, out, _ = run(capsys, *town, "--user", "office", "tasks", "list", "--grid", OTHER_GRID, "--json")
    other = json.loads(out)["tasks"][0]["id"]
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "done", other)
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "list", "--status", "closed")
    assert code == 2
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "generate", "--on", "2026-13-01")
    assert code == 2
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "generate", "--on", "2999-01-01")
    assert code == 1
    assert_refused_in_chinese(err)


def test_add_an_on_demand_task_from_an_item_in_force(town, capsys):
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--json")
    assert code == 0, err
    items = json.loads(out)["items"]
    assert items, "the demo admits an on-demand item for the first community"
    item = items[0]["id"]
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--item", item,
                         "--title", "楼道堆放杂物清理", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert (made["unit_code"], made["title"], made["status"], made["period_key"]) == (GRID, "楼道堆放杂物清理",
                                                                                        "open", None)
    code, out, _ = run(capsys, *town, "--user", "worker", "tasks", "list", "--json")
    assert made["id"] in [t["id"] for t in json.loads(out)["tasks"]]
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "add", "--grid", GRID, "--item", item)
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--item", item,
                       "--due", "2020-01-01")
    assert code == 1 and "截止日期" in err
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "list", "--grid", GRID, "--json")
    recurring = next(t for t in json.loads(out)["tasks"] if t["period_key"])
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--item",
                       recurring["item_id"])
    assert code == 1 and "自动生成" in err


def _grids(town, capsys) -> list[str]:
    code, out, err = run(capsys, *town, "--user", "office", "units", "list", "--current", "--json")
    assert code == 0, err
    return [u["code"] for u in json.loads(out)["units"] if u["level"] == "grid"]


def _open_tasks(town, capsys, grid: str) -> set[str]:
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "list", "--grid", grid, "--json")
    assert code == 0, err
    return {t["id"] for t in json.loads(out)["tasks"]}


def test_add_one_on_demand_task_to_several_grids_in_one_step(town, capsys):
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--grid", OTHER_GRID,
                         "--json")
    assert code == 0, err
    items = json.loads(out)["items"]
    item = next(i for i in items if set(i["grids"]) == {GRID, OTHER_GRID})
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--grid", OTHER_GRID,
                         "--item", item["id"], "--title", "汛期巡查", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["count"] == 2
    assert [(t["unit_code"], t["title"], t["status"]) for t in made["tasks"]] == [
        (GRID, "汛期巡查", "open"), (OTHER_GRID, "汛期巡查", "open")]
    code, out, _ = run(capsys, *town, "--user", "worker", "tasks", "list", "--json")  # the grid's worker sees it
    assert made["tasks"][0]["id"] in {t["id"] for t in json.loads(out)["tasks"]}
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--grid", OTHER_GRID,
                         "--item", item["id"])
    assert code == 0, err
    assert out.startswith("已派发：") and "2 个网格" in out and GRID in out and OTHER_GRID in out


def test_all_grids_gets_every_grid_the_item_is_in_force_for_and_never_half_of_them(town, capsys):
    for parent, code_, name, extra in (("370303001", "009", "新建社区", ()),
                                       ("370303001009", "001", "第1网格", ("--type", "urban"))):
        code, _, err = run(capsys, *town, "--user", "office", "units", "add", "--parent", parent, "--code", code_,
                           "--name", name, *extra)
        assert code == 0, err
    grids = _grids(town, capsys)
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--all-grids", "--json")
    assert code == 0, err
    choices = {i["id"]: i["grids"] for i in json.loads(out)["items"]}
    item, in_force = next((k, g) for k, g in choices.items() if GRID in g)
    assert set(in_force) <= set(grids)
    before = _open_tasks(town, capsys, GRID)
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--grid", "370303001009",
                       "--item", item)  # the second is a community, not a grid
    assert code == 1 and "370303001009" in err
    assert_refused_in_chinese(err)
    assert _open_tasks(town, capsys, GRID) == before, "all grids get their task or none does"
    code, _, err = run(capsys, *town, "--user", "worker", "tasks", "add", "--all-grids", "--item", item)
    assert code == 1
    assert_refused_in_chinese(err)
    code, out, err = run(capsys, *town, "--user", "office", "tasks", "add", "--all-grids", "--item", item, "--json")
    assert code == 0, err
    made = json.loads(out)
    assert sorted(t["unit_code"] for t in made["tasks"]) == sorted(in_force) and made["count"] == len(in_force)
    assert len(_open_tasks(town, capsys, GRID)) == len(before) + 1
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "add", "--all-grids", "--item", "no-such-item")
    assert code == 1 and "不能派发" in err
    code, _, err = run(capsys, *town, "--user", "office", "tasks", "add", "--grid", GRID, "--all-grids")
    assert code == 2
