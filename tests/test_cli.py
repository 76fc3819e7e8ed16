"""gridapp.cli: `python -m gridapp [--db PATH] COMMAND ...` — exit codes, messages, JSON (DESIGN.md §5)."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gridapp import __version__
from gridapp.cli import DEMO_UNIT, main
from gridapp.config import default_db_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CJK = ("错误", "用法", "数据库", "单位")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused_in_chinese(err: str) -> None:
    assert "Traceback" not in err
    assert any(word in err for word in CJK), err


@pytest.fixture
def town_db(tmp_path, capsys) -> Path:
    path = tmp_path / "town.sqlite3"
    assert run(capsys, "--db", str(path), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town")[0] == 0
    return path


def python_m_gridapp(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "gridapp", *argv], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


# -- real processes ---------------------------------------------------------------------------------


def test_version_in_a_real_process():
    proc = python_m_gridapp("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"gridapp {__version__}"
    assert proc.stderr == ""


def test_bad_usage_in_a_real_process_exits_2_without_a_traceback():
    proc = python_m_gridapp("frobnicate")
    assert proc.returncode == 2
    assert "用法错误" in proc.stderr and "--help" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- usage ------------------------------------------------------------------------------------------


def test_version(capsys):
    assert run(capsys, "--version") == (0, f"gridapp {__version__}\n", "")


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["init"],
    ["init", "--unit", "370303001"],
    ["init", "--unit", "370303001", "--name", "城东街道", "--level", "village"],
    ["demo", "--residents", "many"],
    ["stats", "--verbose"],
    ["--db"],
])
def test_bad_usage_exits_2_with_a_chinese_message(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("用法错误：")
    assert "python -m gridapp --help" in err
    assert_refused_in_chinese(err)
    assert not default_db_path().exists()


def test_no_command_prints_help_and_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2
    for command in ("init", "demo", "stats", "check"):
        assert command in out


# -- init -------------------------------------------------------------------------------------------


def test_init_creates_the_database(tmp_path, capsys):
    path = tmp_path / "sub" / "c.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "init", "--unit", "370303001001", "--name", "和平社区",
                         "--level", "community")
    assert code == 0, err
    assert "已初始化：和平社区（370303001001，村(社区)）" in out
    assert path.is_file()


def test_init_without_db_uses_the_data_folder(capsys, _gridapp_user_dirs):
    code, out, err = run(capsys, "init", "--unit", "3703", "--name", "淄博市", "--level", "city", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["db"] == str(default_db_path())
    assert default_db_path().is_relative_to(_gridapp_user_dirs)
    assert (data["unit_code"], data["level"], len(data["node_id"])) == ("3703", "city", 16)


@pytest.mark.parametrize(("unit", "level", "words"), [
    ("370300", "district", "不能全为 0"),
    ("37030300", "town", "长度为 8 位"),
    ("370303", "town", "不符"),
    ("37O303", "district", "只能由数字组成"),
])
def test_init_refuses_an_invalid_unit_code_and_leaves_no_file(tmp_path, capsys, unit, level, words):
    path = tmp_path / "x.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "init", "--unit", unit, "--name", "某单位", "--level", level)
    assert code == 1
    assert err.startswith("错误：") and words in err
    assert_refused_in_chinese(err)
    assert not path.exists()


def test_init_refuses_switching_units(town_db, capsys):
    code, _, err = run(capsys, "--db", str(town_db), "init", "--unit", "370303002", "--name", "城西街道",
                       "--level", "town")
    assert code == 1
    assert "城东街道（370303001）" in err


# -- opening failures -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["stats", "check"])
def test_a_missing_database_is_refused(tmp_path, capsys, command):
    path = tmp_path / "missing.sqlite3"
    code, out, err = run(capsys, "--db", str(path), command)
    assert code == 1 and out == ""
    assert "数据库文件不存在" in err
    assert_refused_in_chinese(err)
    assert not path.exists()


@pytest.mark.parametrize("command", [["stats"], ["check", "--json"], ["demo", "--residents", "5"]])
@pytest.mark.parametrize("content", [
    random.Random(1).randbytes(4096),
    b"SQLite format 3\x00" + random.Random(2).randbytes(4096),
], ids=["garbage", "sqlite-header-then-garbage"])
def test_a_corrupt_file_is_refused(tmp_path, capsys, command, content):
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(content)
    code, out, err = run(capsys, "--db", str(path), *command)
    assert code == 1 and out == ""
    assert "不是网格工作台的数据库文件" in err or "已损坏" in err
    assert_refused_in_chinese(err)
    assert path.read_bytes() == content


# -- demo, stats, check -----------------------------------------------------------------------------


def test_demo_initialises_a_demo_unit_and_stats_count_it(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    code, out, err = run(capsys, "--db", str(path), "demo", "--residents", "60", "--seed", "3")
    assert code == 0, err
    demo_code, demo_name, _ = DEMO_UNIT
    assert f"已设为演示单位：{demo_name}（{demo_code}）" in out
    assert "60 名居民" in out

    code, out, err = run(capsys, "--db", str(path), "stats", "--json")
    assert code == 0, err
    st = json.loads(out)
    assert st["unit_code"] == demo_code
    assert st["tables"]["resident"] == 60
    assert st["tables"]["org_unit"] == 2  # the community and its one grid
    assert set(st["tables"]) == {"org_unit", "building", "household", "resident"}
    assert st["units"][demo_code]["resident"] == 60
    assert st["units"][demo_code + "001"] == {
        "building": st["tables"]["building"], "household": st["tables"]["household"], "resident": 60}
    assert st["change_log"] == st["pending_changes"] == sum(st["tables"].values())


def test_demo_json_and_refusal_of_a_second_run(town_db, capsys):
    code, out, err = run(capsys, "--db", str(town_db), "demo", "--residents", "30", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["residents"], result["seed"], result["units"]) == (30, 1, 2)
    assert result["households"] > 0 and result["seconds"] >= 0

    code, out, err = run(capsys, "--db", str(town_db), "demo", "--residents", "30")
    assert code == 1
    assert "已有 30 名居民" in err
    assert_refused_in_chinese(err)


def test_demo_refuses_zero_residents(town_db, capsys):
    code, _, err = run(capsys, "--db", str(town_db), "demo", "--residents", "0")
    assert code == 1 and "至少为 1" in err


def test_stats_text(town_db, capsys):
    code, out, err = run(capsys, "--db", str(town_db), "stats")
    assert code == 0, err
    assert "单位 370303001" in out
    assert "org_unit: 1" in out and "resident: 0" in out
    assert "上次同步 从未" in out


def test_check_json_of_a_sound_database(town_db, capsys):
    run(capsys, "--db", str(town_db), "demo", "--residents", "20")
    code, out, err = run(capsys, "--db", str(town_db), "check", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["ok"] is True and result["problems"] == [] and result["integrity"] == "ok"
    assert result["schema_revision"] == result["schema_head"]
    code, out, _ = run(capsys, "--db", str(town_db), "check")
    assert code == 0 and out.startswith("检查通过")


def test_check_reports_damage_with_exit_1(town_db, capsys):
    con = sqlite3.connect(town_db)
    try:
        with con:
            con.execute("DELETE FROM change_log")
    finally:
        con.close()
    code, out, err = run(capsys, "--db", str(town_db), "check", "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False
    assert "表 org_unit 有 1 条记录没有变更日志。" in result["problems"]
    code, out, _ = run(capsys, "--db", str(town_db), "check")
    assert code == 1 and out.startswith("检查发现问题") and "没有变更日志" in out


# -- sync ---------------------------------------------------------------------------------------------

def test_sync_round_trip_through_the_command_line(tmp_path, capsys):
    town, comm = tmp_path / "town.sqlite3", tmp_path / "comm.sqlite3"
    assert run(capsys, "--db", str(town), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town")[0] == 0
    assert run(capsys, "--db", str(comm), "init", "--unit", "370303001001", "--name", "和平社区",
               "--level", "community")[0] == 0
    code, out, _ = run(capsys, "--db", str(comm), "sync", "request", "--out", str(tmp_path / "c.req"), "--json")
    fp = json.loads(out)["fingerprint"]
    code, out, _ = run(capsys, "--db", str(town), "sync", "enrol", str(tmp_path / "c.req"), "--out",
                       str(tmp_path / "c.cert"))
    assert code == 0 and fp in out
    code, out, _ = run(capsys, "--db", str(comm), "sync", "accept", str(tmp_path / "c.cert"))
    assert code == 0 and "上级指纹" in out
    assert run(capsys, "--db", str(comm), "demo", "--residents", "50", "--json")[0] == 0
    code, out, _ = run(capsys, "--db", str(comm), "sync", "status", "--json")
    (parent,) = json.loads(out)["peers"]
    assert parent["pending"]["resident"] == 50
    pkg = tmp_path / "up.gridpkg"
    code, out, _ = run(capsys, "--db", str(comm), "sync", "export", "--to", "370303001", "--out", str(pkg))
    assert code == 0 and "居民 50" in out
    code, out, _ = run(capsys, "--db", str(town), "sync", "import", str(pkg), "--json")
    data = json.loads(out)
    assert code == 0 and data["imported"] == 1 and data["results"][0]["by_table"]["resident"] == 50
    code, out, _ = run(capsys, "--db", str(town), "sync", "import", str(pkg))
    assert code == 0 and "没有改动" in out
    code, out, _ = run(capsys, "--db", str(town), "sync", "conflicts", "--json")
    assert code == 0 and json.loads(out) == {"conflicts": []}
    code, out, _ = run(capsys, "--db", str(town), "stats", "--json")
    assert json.loads(out)["tables"]["resident"] == 50


def test_sync_import_exit_codes_for_refused_and_mixed_batches(tmp_path, capsys, town_db):
    bad = tmp_path / "bad.gridpkg"
    bad.write_bytes(b"GRIDPKG\nxx")
    code, _, err = run(capsys, "--db", str(town_db), "sync", "import", str(bad), "--json")
    assert code == 1
    code, out, _ = run(capsys, "--db", str(town_db), "sync", "import", str(bad))
    assert code == 1 and "未导入" in out
    code, _, err = run(capsys, "--db", str(town_db), "sync", "export", "--to", "370303001001", "--out",
                       str(tmp_path / "x.gridpkg"))
    assert code == 1 and "不是已登记" in err
    code, _, err = run(capsys, "--db", str(town_db), "sync")
    assert code == 2 and "用法错误" in err


def test_sync_import_of_a_good_and_a_bad_package_exits_3(tmp_path, capsys):
    town, comm = tmp_path / "town.sqlite3", tmp_path / "comm.sqlite3"
    run(capsys, "--db", str(town), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town")
    run(capsys, "--db", str(comm), "init", "--unit", "370303001001", "--name", "和平社区", "--level", "community")
    run(capsys, "--db", str(comm), "sync", "request", "--out", str(tmp_path / "c.req"))
    run(capsys, "--db", str(town), "sync", "enrol", str(tmp_path / "c.req"), "--out", str(tmp_path / "c.cert"))
    run(capsys, "--db", str(comm), "sync", "accept", str(tmp_path / "c.cert"))
    good = tmp_path / "good.gridpkg"
    run(capsys, "--db", str(comm), "sync", "export", "--to", "370303001", "--out", str(good))
    bad = tmp_path / "bad.gridpkg"
    bad.write_bytes(good.read_bytes()[:-10])
    code, out, _ = run(capsys, "--db", str(town), "sync", "import", str(bad), str(good), "--json")
    data = json.loads(out)
    assert code == 3 and data["imported"] == 1 and data["refused"] == 1
    assert "损坏" in data["results"][0]["message"]
