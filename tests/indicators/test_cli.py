"""`indicators`, `police-force`, `cases`, `survey` through the CLI: JSON, roles, refusals naming the field."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

DISTRICT, TOWN = "370303", "370303001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def district(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", DISTRICT, "--name", "张店区", "--level", "district",
                   "--admin", "admin")[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "300")[0] == 0
        for name, role, unit in (("office", "office", DISTRICT), ("townoffice", "office", TOWN),
                                 ("police", "police", TOWN), ("viewer", "viewer", DISTRICT)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-indicators-district", "district.sqlite3", build))]


def test_enter_figures_and_read_every_indicator_as_json(district, capsys):
    db = district
    assert run(capsys, *db, "--user", "office", "police-force", "set", "--unit", DISTRICT, "--year", "2026",
               "--total", "800")[0] == 0
    code, out, err = run(capsys, *db, "--user", "police", "police-force", "set", "--unit", TOWN, "--year", "2026",
                         "--total", "400", "--community-police", "170", "--posts", "6", "--json")
    assert code == 0, err and json.loads(out)["id"]
    assert run(capsys, *db, "--user", "office", "cases", "set", "--unit", DISTRICT, "--year", "2026", "--cases", "1",
               "--population", "400000")[0] == 0
    assert run(capsys, *db, "--user", "townoffice", "survey", "add", "--unit", TOWN, "--date", "2026-01-15",
               "--asked", "50", "--satisfied", "49", "--source", "本单位入户问卷")[0] == 0
    code, out, err = run(capsys, *db, "--user", "viewer", "indicators", "--unit", DISTRICT, "--period", "2026",
                         "--json")
    assert code == 0, err
    d = json.loads(out)
    got = {i["key"]: i for i in d["indicators"]}
    assert set(got) == {"visit_rate", "first_handling", "satisfaction", "homicide_rate", "station_force",
                        "community_force", "grid_staffed"}
    assert (got["station_force"]["numerator"], got["station_force"]["denominator"]) == (400, 800)
    assert got["station_force"]["status"] == "met" and got["homicide_rate"]["value"] == 0.25
    assert got["community_force"]["value"] == 170 / 400
    assert got["satisfaction"]["numerator"] >= 49 and got["satisfaction"]["denominator"] >= 50
    assert got["visit_rate"]["below"] and got["visit_rate"]["below"][0]["rank"] == 1
    code, out, _ = run(capsys, *db, "--user", "viewer", "indicators", "--unit", DISTRICT, "--period", "2026",
                       "--list", "grid_staffed", "--json")
    lst = json.loads(out)
    assert code == 0 and lst["count"] == got["grid_staffed"]["denominator"] - got["grid_staffed"]["numerator"]
    code, out, _ = run(capsys, *db, "--user", "viewer", "indicators", "--unit", DISTRICT, "--period", "2026")
    assert code == 0 and "每十万人命案发案率" in out and "目标 < 0.65" in out and "达标" in out
    for cmd, n in ((("police-force", "list"), 2), (("cases", "list"), 1), (("survey", "list"), 1)):
        code, out, _ = run(capsys, *db, "--user", "office", *cmd, "--json")
        assert code == 0 and json.loads(out)["count"] == n


@pytest.mark.parametrize(("user", "argv", "field"), [
    ("police", ("police-force", "set", "--unit", TOWN, "--year", "2026", "--total", "10", "--community-police", "11"),
     "社区民警"),
    ("police", ("police-force", "set", "--unit", TOWN, "--year", "2026", "--total", "-3"), "警力总数"),
    ("office", ("police-force", "set", "--unit", DISTRICT, "--year", "2099", "--total", "3"), "年度"),
    ("townoffice", ("survey", "add", "--unit", TOWN, "--date", "2026-01-15", "--asked", "10", "--satisfied", "11",
                    "--source", "问卷"), "满意人数"),
    ("townoffice", ("survey", "add", "--unit", TOWN, "--date", "2099-01-15", "--asked", "10", "--satisfied", "1",
                    "--source", "问卷"), "调查日期"),
    ("townoffice", ("cases", "set", "--unit", DISTRICT, "--year", "2026", "--cases", "1"), "管辖范围"),
    ("viewer", ("indicators", "--period", "2099-01"), "统计期"),
])
def test_bad_input_is_refused_with_the_field_named(district, capsys, user, argv, field):
    code, _, err = run(capsys, *district, "--user", user, *argv)
    assert code == 1 and field in err, err
    assert_refused_in_chinese(err)


def test_a_station_force_above_the_county_is_refused(district, capsys):
    db = district
    assert run(capsys, *db, "--user", "office", "police-force", "set", "--unit", DISTRICT, "--year", "2026",
               "--total", "100")[0] == 0
    code, _, err = run(capsys, *db, "--user", "police", "police-force", "set", "--unit", TOWN, "--year", "2026",
                       "--total", "120")
    assert code == 1 and "警力总数" in err and "多于县（区）警力总数" in err
