"""gridapp.cli `visits add|list|coverage|due`: JSON, exit codes, roles (DESIGN.md §5)."""

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
def town(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", "370303001", "--name", "城东街道", "--level", "town",
                   "--admin", "admin")[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "200")[0] == 0
        for name, role, unit in (("police", "police", "370303001"), ("worker", "grid_worker", GRID)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-visits-town", "town.sqlite3", build))]


def test_add_list_coverage_and_due(town, capsys):
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "coverage", "--unit", GRID, "--from",
                       "2000-01-01", "--to", "2000-01-01", "--json")
    assert code == 0
    before = json.loads(out)
    assert before["total"]["visited"] == 0 and before["total"]["households"] > 0 and before["target"] == 1.0
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "due", "--unit", GRID, "--json")
    assert code == 0
    due = json.loads(out)["due"]
    assert due, "a demo grid has households due"
    hid = due[0]["household_id"]
    today = today_local().isoformat()
    code, out, err = run(capsys, *town, "--user", "police", "visits", "add", "--household", hid, "--date", today,
                         "--present", "3", "--content", "宣传防诈骗", "--issues", "路灯不亮", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["household_id"], added["present"], added["visitor"], added["issues"]) == (hid, 3, "police",
                                                                                           "路灯不亮")
    code, out, _ = run(capsys, *town, "--user", "worker", "visits", "list", "--grid", GRID, "--from", today,
                       "--json")
    assert code == 0 and added["id"] in [v["id"] for v in json.loads(out)["visits"]]
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "coverage", "--unit", GRID, "--from", today,
                       "--to", today, "--json")
    assert json.loads(out)["total"]["visited"] >= 1
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "coverage", "--period", today[:4])
    assert code == 0 and "目标 100%" in out and "城东街道" in out
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "due", "--unit", GRID, "--json")
    assert hid not in [d["household_id"] for d in json.loads(out)["due"]]


def test_refusals_and_usage(town, capsys):
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "due", "--unit", GRID, "--json")
    hid = json.loads(out)["due"][0]["household_id"]
    tomorrow = (today_local() + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, *town, "--user", "police", "visits", "add", "--household", hid, "--date", tomorrow,
                       "--present", "1", "--content", "走访")
    assert code == 1 and "走访日期" in err
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "police", "visits", "add", "--household", hid, "--date",
                       "2026-01-01", "--present", "-2", "--content", "走访")
    assert code == 1 and "在户人数" in err
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "add", "--household", hid, "--date",
                       "2026-01-01", "--present", "1", "--content", "走访")
    assert code == 1 and "登记入户走访" in err  # a grid worker reads, does not record
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "coverage", "--unit", "370303001")
    assert code == 1 and "管辖范围" in err
    code, _, err = run(capsys, *town, "--user", "police", "visits", "coverage", "--period", "2026-13")
    assert code == 2
    code, _, err = run(capsys, *town, "--user", "police", "visits", "coverage", "--from", "2026-01-01")
    assert code == 2
    code, _, err = run(capsys, *town, "--user", "police", "visits", "list", "--from", "yesterday")
    assert code == 2


def test_correct_and_delete_a_visit(town, capsys):
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "due", "--unit", GRID, "--json")
    hid = json.loads(out)["due"][0]["household_id"]
    today = today_local()
    code, out, err = run(capsys, *town, "--user", "police", "visits", "add", "--household", hid, "--date",
                         today.isoformat(), "--present", "2", "--content", "宣传防诈骗", "--json")
    first = json.loads(out)["id"]
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "correct", first, "--present", "3")
    assert code == 1
    assert_refused_in_chinese(err)  # recording visits is the police's and the office's
    code, out, err = run(capsys, *town, "--user", "police", "visits", "correct", first, "--present", "3",
                         "--handling", "已告知社区", "--json")
    assert code == 0, err
    fixed = json.loads(out)
    assert fixed["id"] != first and (fixed["present"], fixed["content"], fixed["handling"]) == (3, "宣传防诈骗",
                                                                                             "已告知社区")
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "list", "--grid", GRID, "--json")
    ids = [v["id"] for v in json.loads(out)["visits"]]
    assert fixed["id"] in ids and first not in ids  # the replaced version is no longer in the ledger
    code, _, err = run(capsys, *town, "--user", "police", "visits", "correct", fixed["id"], "--date",
                       (today + dt.timedelta(days=2)).isoformat())
    assert code == 1 and err  # a visit cannot be in the future
    code, out, err = run(capsys, *town, "--user", "police", "visits", "delete", fixed["id"], "--json")
    assert code == 0 and json.loads(out)["deleted"] is True
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "list", "--grid", GRID, "--json")
    assert fixed["id"] not in [v["id"] for v in json.loads(out)["visits"]]


def _png(path, w: int = 2600, h: int = 1300):
    from PIL import Image

    Image.new("RGB", (w, h), (40, 140, 90)).save(path, "PNG")
    return str(path)


def test_the_police_photograph_a_visit_and_a_grid_worker_reads_it(town, capsys, tmp_path):
    code, out, _ = run(capsys, *town, "--user", "police", "visits", "due", "--unit", GRID, "--json")
    hid = json.loads(out)["due"][0]["household_id"]
    code, out, err = run(capsys, *town, "--user", "police", "visits", "add", "--household", hid, "--date",
                         today_local().isoformat(), "--present", "2", "--content", "了解家庭情况", "--json")
    assert code == 0, err
    vid = json.loads(out)["id"]
    photo = _png(tmp_path / "门前.png")
    code, out, err = run(capsys, *town, "--user", "police", "visits", "photo", "add", vid, photo, "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["width"], added["height"], added["added_by"]) == (2000, 1000, "police")
    code, _, err = run(capsys, *town, "--user", "police", "visits", "photo", "add", vid, photo)
    assert code == 1 and "已经添加" in err  # the same photo twice is refused
    # refused, nothing written: a file that is no image, a grid worker adding, a file too large, a missing file
    text = tmp_path / "note.png"
    text.write_text("不是图片")
    code, _, err = run(capsys, *town, "--user", "police", "visits", "photo", "add", vid, str(text))
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "photo", "add", vid, _png(tmp_path / "b.png"))
    assert code == 1
    assert_refused_in_chinese(err)
    big = tmp_path / "big.jpg"
    with big.open("wb") as f:
        f.truncate(30 * 1024 * 1024)
    code, _, err = run(capsys, *town, "--user", "police", "visits", "photo", "add", vid, str(big))
    assert code == 1 and "MB" in err and "上限" in err
    code, _, err = run(capsys, *town, "--user", "police", "visits", "photo", "add", vid, str(tmp_path / "无.png"))
    assert code == 1
    assert_refused_in_chinese(err)
    # the grid worker reads the visit's photos and takes one out as JPEG
    code, out, err = run(capsys, *town, "--user", "worker", "visits", "photo", "list", vid, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["count"] == 1 and listed["photos"][0]["id"] == added["id"]  # none of the refused was written
    code, out, _ = run(capsys, *town, "--user", "worker", "visits", "photo", "list", vid)
    assert added["id"] in out and "2000×1000" in out
    target = tmp_path / "out.jpg"
    code, out, err = run(capsys, *town, "--user", "worker", "visits", "photo", "get", vid, added["id"], str(target))
    assert code == 0, err
    from PIL import Image

    with Image.open(target) as img:
        assert img.format == "JPEG" and img.size == (2000, 1000)
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "photo", "get", vid, "no-such-photo",
                       str(tmp_path / "x.jpg"))
    assert code != 0 and not (tmp_path / "x.jpg").exists()
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *town, "--user", "worker", "visits", "photo", "get", vid, added["id"],
                       str(tmp_path / "no-folder" / "x.jpg"))
    assert code != 0 and "不存在" in err
