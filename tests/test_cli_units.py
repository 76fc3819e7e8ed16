"""CLI: units (组织机构) as a town office, people assigned, special-groups with the sensitive permission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

TOWN, COMM = "370303001", "370303001001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def town(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", TOWN, "--name", "城东街道", "--level", "town",
                   "--admin", "admin")[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "200")[0] == 0
        for name, role, unit in (("office", "office", TOWN), ("worker", "grid_worker", COMM + "001"),
                                 ("cop", "police", COMM), ("chief", "grid_chief", COMM)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-units-town", "town.sqlite3", build))]


def test_office_adds_retires_and_assigns_and_list_shows_it(town, capsys):
    code, out, err = run(capsys, *town, "--user", "office", "units", "add", "--parent", COMM, "--code", "009",
                         "--name", "新建网格", "--households", "620")
    assert code == 1 and "--type" in err
    code, out, err = run(capsys, *town, "--user", "office", "units", "add", "--parent", COMM, "--code", "009",
                         "--name", "新建网格", "--type", "rural", "--households", "620")
    assert code == 0, err
    assert "已增设网格“新建网格”（370303001001009）" in out and "300–500 户" in out and "偏多" in out
    code, _, err = run(capsys, *town, "--user", "office", "units", "add", "--parent", COMM, "--code",
                       "370303001002001", "--name", "错位", "--type", "urban")
    assert code == 1 and "不在上级单位 370303001001 之下" in err
    assert run(capsys, *town, "--user", "office", "units", "rename", COMM + "009", "--name", "幸福里网格")[0] == 0
    code, out, err = run(capsys, *town, "--user", "office", "units", "assign", COMM, "--duty", "police",
                         "--user", "cop")
    assert code == 0 and "社区民警" in out, err
    code, out, err = run(capsys, *town, "--user", "office", "units", "assign", COMM + "001", "--duty",
                         "grid_worker", "--user", "worker", "--json")
    assert code == 0, err
    worker_assignment = json.loads(out)["id"]
    code, _, err = run(capsys, *town, "--user", "office", "units", "assign", COMM, "--duty", "grid_chief",
                       "--user", "cop")
    assert code == 1 and "角色是社区民警" in err
    assert run(capsys, *town, "--user", "office", "units", "assign", COMM, "--duty", "grid_chief",
               "--user", "chief")[0] == 0
    assert run(capsys, *town, "--user", "office", "units", "retire", COMM + "009")[0] == 0
    code, out, err = run(capsys, *town, "--user", "office", "units", "list", "--json")
    assert code == 0, err
    units = {u["code"]: u for u in json.loads(out)["units"]}
    assert units[COMM + "009"]["status"] == "retired" and units[COMM + "009"]["name"] == "幸福里网格"
    assert units[COMM + "009"]["grid_type"] == "rural" and units[COMM + "009"]["owner"] == TOWN
    assert {p["duty"] for p in units[COMM]["people"]} == {"police", "grid_chief"}
    assert [p["username"] for p in units[COMM + "001"]["people"]] == ["worker"]
    code, out, _ = run(capsys, *town, "--user", "office", "units", "list")
    assert "已撤销" in out and "社区民警：cop" in out
    code, out, _ = run(capsys, *town, "--user", "office", "units", "list", "--current", "--json")
    assert COMM + "009" not in {u["code"] for u in json.loads(out)["units"]}
    assert run(capsys, *town, "--user", "office", "units", "unassign", worker_assignment)[0] == 0
    code, out, _ = run(capsys, *town, "--user", "office", "units", "list", "--json")
    assert {u["code"]: u for u in json.loads(out)["units"]}[COMM + "001"]["people"] == []


def test_a_grid_worker_may_not_manage_units(town, capsys):
    code, _, err = run(capsys, *town, "--user", "worker", "units", "add", "--parent", COMM, "--code", "009",
                       "--name", "越权网格", "--type", "urban")
    assert code == 1 and "管理单位" in err
    assert_refused_in_chinese(err)


def _a_resident(path) -> str:
    from gridapp.db.models import Resident
    from gridapp.services.session import AppSession

    session = AppSession.login(path, "admin", ADMIN_PW, daily_backup=False)
    try:
        with session.db.read() as s:
            return s.execute(select(Resident.id).where(Resident.status == "active",
                                                       Resident.unit_code == COMM + "001").limit(1)).scalar_one()
    finally:
        session.close()


def test_special_groups_add_list_edit_end_with_the_sensitive_permission(town, capsys):
    rid = _a_resident(town[1])
    code, _, err = run(capsys, *town, "--user", "worker", "special-groups", "list")
    assert code == 1 and "敏感个人信息" in err  # a grid worker has no sensitive permission
    code, _, err = run(capsys, *town, "--user", "office", "special-groups", "add", "--resident", rid, "--group",
                       "社区矫正", "--start", "2026-01-02")
    assert code == 1 and "矫正类别" in err
    code, out, err = run(capsys, *town, "--user", "office", "special-groups", "add", "--resident", rid, "--group",
                         "社区矫正", "--start", "2026-01-02", "--category", "01", "--offense", "盗窃", "--json")
    assert code == 0, err
    rec = json.loads(out)["id"]
    code, out, err = run(capsys, *town, "--user", "cop", "special-groups", "list", "--group", "社区矫正", "--json")
    assert code == 0, err
    mine = [r for r in json.loads(out)["records"] if r["id"] == rec]
    assert mine and mine[0]["offense"] == "盗窃" and mine[0]["end_date"] is None
    assert run(capsys, *town, "--user", "office", "special-groups", "edit", rec, "--note", "每月报到")[0] == 0
    assert run(capsys, *town, "--user", "office", "special-groups", "end", rec, "--on", "2026-02-01")[0] == 0
    code, out, _ = run(capsys, *town, "--user", "office", "special-groups", "list", "--resident", rid, "--json")
    got = [r for r in json.loads(out)["records"] if r["id"] == rec][0]
    assert got["end_date"] == "2026-02-01" and got["note"] == "每月报到"
    code, out, _ = run(capsys, *town, "--user", "office", "special-groups", "list", "--active", "--json")
    assert rec not in {r["id"] for r in json.loads(out)["records"]}


def test_office_moves_households_between_grids_and_a_worker_may_not(town, capsys):
    g1, g2 = COMM + "001", COMM + "008"
    assert run(capsys, *town, "--user", "office", "units", "add", "--parent", COMM, "--code", "008", "--name",
               "新划网格", "--type", "urban")[0] == 0
    code, out, err = run(capsys, *town, "--user", "office", "units", "records", g1, "--json")
    assert code == 0, err
    held = json.loads(out)
    household = next(h for h in held["households"] if h["residents"] > 0)
    code, _, err = run(capsys, *town, "--user", "worker", "units", "move-records", "--from", g1, "--to", g2,
                       "--household", household["id"])
    assert code == 1 and "管理单位" in err
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "office", "units", "move-records", "--from", g1, "--to", g2)
    assert code == 1 and "--all" in err
    code, out, err = run(capsys, *town, "--user", "office", "units", "move-records", "--from", g1, "--to", g2,
                         "--household", household["id"], "--json")
    assert code == 0, err
    moved = json.loads(out)
    assert (moved["households"], moved["residents"]) == (1, household["residents"])
    code, out, _ = run(capsys, *town, "--user", "office", "units", "records", g1, "--json")
    assert household["id"] not in {h["id"] for h in json.loads(out)["households"]}
    # retiring a grid with its households: into a retired grid is refused, into a live one moves them all
    assert run(capsys, *town, "--user", "office", "units", "add", "--parent", COMM, "--code", "009", "--name",
               "临时网格", "--type", "urban")[0] == 0
    assert run(capsys, *town, "--user", "office", "units", "retire", COMM + "009")[0] == 0
    code, _, err = run(capsys, *town, "--user", "office", "units", "retire", g1, "--move-to", COMM + "009")
    assert code == 1 and "撤销，不能迁入户和楼栋" in err
    code, out, err = run(capsys, *town, "--user", "office", "units", "retire", g1, "--move-to", g2)
    assert code == 0, err
    assert "已移交到网格 " + g2 in out
    code, out, _ = run(capsys, *town, "--user", "office", "units", "records", g1)
    assert "没有可移交" in out
