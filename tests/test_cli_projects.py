"""gridapp.cli `projects add|list|summary`: JSON, exit codes, roles, periods (DESIGN.md §5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gridapp.services.session import AppSession
from gridapp.services.visits import today_local
from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

COMMUNITY = "370303001001"
GRID = "370303001001001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def community(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", COMMUNITY, "--name", "和平社区", "--level", "community",
                   "--admin", "admin")[0] == 0
        session = AppSession.login(path, "admin", ADMIN_PW, daily_backup=False)  # the CLI has no units command
        try:
            session.units.add(GRID, "第一网格")
        finally:
            session.close()
        for name, role, unit in (("worker", "grid_worker", GRID), ("chief", "grid_chief", COMMUNITY),
                                 ("viewer", "viewer", COMMUNITY)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-projects-community", "community.sqlite3", build))]


def day(n: int = 3) -> str:
    return (today_local() - dt.timedelta(days=n)).isoformat()


def add(db, capsys, user: str, kind: str, *extra: str) -> tuple[int, str, str]:
    return run(capsys, *db, "--user", user, "projects", "add", "--kind", kind, "--title", "测试记录", "--date", day(),
               "--content", "开展情况", "--responsible", "张明", *extra)


def test_add_list_summary(community, capsys):
    code, out, err = add(community, capsys, "worker", "service", "--service-type", "03", "--served", "12",
                         "--participants", "5", "--json")
    assert code == 0, err
    s = json.loads(out)
    assert (s["unit"], s["kind_label"], s["service_type_label"], s["served"], s["recorded_by"]) == (
        GRID, "小服务", "助老助残", 12, "worker")
    code, out, err = add(community, capsys, "chief", "consultation", "--meeting-form", "03", "--topic", "加装电梯",
                         "--decision", "按楼层分摊", "--participants", "30", "--json")
    assert code == 0, err
    c = json.loads(out)
    assert (c["unit"], c["meeting_form_label"]) == (COMMUNITY, "议事会")
    code, out, _ = add(community, capsys, "worker", "safety", "--hazards-found", "4", "--hazards-fixed", "3",
                       "--participants", "3")
    assert code == 0 and "小平安" in out and "整改隐患 3" in out
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "list", "--kind", "service", "--json")
    assert code == 0 and [p["id"] for p in json.loads(out)["projects"]] == [s["id"]]
    code, out, _ = run(capsys, *community, "--user", "worker", "projects", "list", "--json")
    assert code == 0 and json.loads(out)["count"] == 2  # the community's own record is not in the grid's ledger
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "summary", "--json")
    m = json.loads(out)
    assert m["total"]["total"] == 3 and m["total"]["served"] == 12 and m["total"]["hazards_fixed"] == 3
    assert m["total"]["participants"] == 38
    assert [(u["unit"], u["total"]) for u in m["units"]] == [(COMMUNITY, 1), (GRID, 2)]
    assert m["units"][1]["by_kind"]["safety"] == 1
    year = today_local().year
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "summary", "--year", str(year - 1))
    assert code == 0 and "和平社区合计：共 0 件" in out
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "summary", "--from", day(3), "--to", day(3))
    assert code == 0 and "和平社区合计：共 3 件" in out and "第一网格：共 2 件（小服务 1，小平安 1）" in out
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "list", "--from", day(1))
    assert code == 0 and out.strip() == "没有八小工程记录。"


def test_refusals_and_usage(community, capsys):
    tomorrow = (today_local() + dt.timedelta(days=1)).isoformat()
    code, _, err = run(capsys, *community, "--user", "worker", "projects", "add", "--kind", "worthy", "--title", "x",
                       "--date", tomorrow, "--content", "y", "--responsible", "z", "--person", "李", "--deeds", "d")
    assert code == 1 and "日期" in err
    assert_refused_in_chinese(err)
    code, _, err = add(community, capsys, "worker", "worthy", "--person", "李德厚 370303195001011234",
                       "--deeds", "调解")
    assert code == 1 and "姓名" in err and "身份证" in err
    code, _, err = add(community, capsys, "worker", "service", "--served", "3", "--participants", "2")
    assert code == 1 and "服务类型" in err
    code, _, err = add(community, capsys, "worker", "convention", "--convention-text", "公约", "--adoption", "表决",
                       "--participants", "9", "--served", "3")
    assert code == 1 and "服务人数" in err
    code, _, err = add(community, capsys, "viewer", "notable", "--person", "王", "--deeds", "模范")
    assert code == 1 and "登记八小工程" in err  # a viewer reads, does not record
    code, _, err = add(community, capsys, "worker", "notable", "--person", "王", "--deeds", "模范",
                       "--unit", COMMUNITY)
    assert code == 1 and "管辖范围" in err  # a grid worker records for the grid only
    code, _, _ = add(community, capsys, "worker", "party")
    assert code == 2
    code, _, _ = run(capsys, *community, "--user", "viewer", "projects", "summary", "--year", "2026", "--from",
                     "2026-01-01")
    assert code == 2
    code, _, _ = run(capsys, *community, "--user", "viewer", "projects", "list", "--from", "2026-02-01", "--to",
                     "2026-01-01")
    assert code == 2
    code, _, _ = run(capsys, *community, "--user", "viewer", "projects", "list", "--from", "2026-02-30")
    assert code == 2
    code, _, err = run(capsys, *community, "--user", "worker", "projects", "list", "--unit", "370303001002")
    assert code == 1 and "管辖范围" in err


def test_correct_and_remove(community, capsys):
    code, out, err = add(community, capsys, "worker", "safety", "--hazards-found", "4", "--hazards-fixed", "3",
                         "--participants", "3", "--json")
    first = json.loads(out)["id"]
    code, _, err = run(capsys, *community, "--user", "viewer", "projects", "correct", first, "--hazards-fixed", "4")
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *community, "--user", "worker", "projects", "correct", first, "--hazards-fixed", "5")
    assert code == 1 and "整改" in err  # more fixed than found is refused, nothing written
    code, out, err = run(capsys, *community, "--user", "worker", "projects", "correct", first, "--hazards-fixed", "4",
                         "--json")
    assert code == 0, err
    fixed = json.loads(out)
    assert fixed["id"] != first and fixed["replaces"] == first
    assert (fixed["hazards_found"], fixed["hazards_fixed"], fixed["participants"], fixed["title"]) == (4, 4, 3, "测试记录")
    code, out, _ = run(capsys, *community, "--user", "worker", "projects", "list", "--json")
    assert [p["id"] for p in json.loads(out)["projects"]] == [fixed["id"]]  # the current version only
    code, _, err = run(capsys, *community, "--user", "worker", "projects", "remove", fixed["id"], "--reason", " ")
    assert code == 1 and "删除原因" in err
    code, out, err = run(capsys, *community, "--user", "worker", "projects", "remove", fixed["id"], "--reason",
                         "重复登记", "--json")
    assert code == 0 and json.loads(out)["removed"] is True
    code, out, _ = run(capsys, *community, "--user", "worker", "projects", "list", "--json")
    assert json.loads(out)["count"] == 0


def test_a_grid_worker_photographs_a_record_and_a_viewer_reads_it(community, capsys, tmp_path):
    from PIL import Image

    code, out, err = add(community, capsys, "worker", "service", "--service-type", "03", "--served", "4",
                         "--participants", "2", "--json")
    assert code == 0, err
    rid = json.loads(out)["id"]
    photo = tmp_path / "活动.png"
    Image.new("RGB", (900, 600), (200, 90, 40)).save(photo, "PNG")
    code, out, err = run(capsys, *community, "--user", "worker", "projects", "photo", "add", rid, str(photo), "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["width"], added["height"], added["added_by"]) == (900, 600, "worker")
    # a viewer may read but not add; a file that is no image is refused; nothing written by either
    code, _, err = run(capsys, *community, "--user", "viewer", "projects", "photo", "add", rid, str(photo))
    assert code == 1
    assert_refused_in_chinese(err)
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"GIF89a not really")
    code, _, err = run(capsys, *community, "--user", "worker", "projects", "photo", "add", rid, str(bad))
    assert code == 1
    assert_refused_in_chinese(err)
    code, out, err = run(capsys, *community, "--user", "viewer", "projects", "photo", "list", rid, "--json")
    assert code == 0, err
    assert [p["id"] for p in json.loads(out)["photos"]] == [added["id"]]
    code, out, _ = run(capsys, *community, "--user", "viewer", "projects", "photo", "list", "no-such-record")
    assert code != 0
    target = tmp_path / "取出.jpg"
    code, out, err = run(capsys, *community, "--user", "viewer", "projects", "photo", "get", rid, added["id"],
                         str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["bytes"] == target.stat().st_size
    with Image.open(target) as img:
        assert img.format == "JPEG" and img.size == (900, 600)
