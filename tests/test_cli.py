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


ADMIN_PW = "Town-keeper-2026"
USER_PW = "worker-2026x"


INITIAL_PW = "Set-by-admin-1"  # an administrator-set password, changed at the user's first sign-in


def add_user(capsys, db, name: str, role: str, unit: str, *extra: str, password: str | None = None) -> tuple[int, str, str]:
    """`users add` as admin with an administrator-set password, then the user's first sign-in: `users passwd`
    to `password` (default: GRIDAPP_NEW_PASSWORD as set now). Returns the result of `users add`."""
    db = list(db)[:2]  # --db PATH
    final = password or os.environ["GRIDAPP_NEW_PASSWORD"]
    saved = {k: os.environ.get(k) for k in ("GRIDAPP_NEW_PASSWORD", "GRIDAPP_PASSWORD")}
    try:
        os.environ["GRIDAPP_NEW_PASSWORD"] = INITIAL_PW
        result = run(capsys, *db, "--user", "admin", "users", "add", "--name", name, "--role", role, "--unit", unit,
                     *extra)
        if result[0] == 0:
            os.environ["GRIDAPP_PASSWORD"], os.environ["GRIDAPP_NEW_PASSWORD"] = INITIAL_PW, final
            code, _, err = run(capsys, *db, "--user", name, "users", "passwd")
            assert code == 0, err
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return result


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    """Scripts give passwords by environment variable; the CLI then never prompts."""
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


def init_town(capsys, path: Path) -> None:
    assert run(capsys, "--db", str(path), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town",
               "--admin", "admin")[0] == 0


@pytest.fixture
def town_db(built_db, capsys) -> Path:
    return built_db("cli-town", "town.sqlite3", lambda path: init_town(capsys, path))


def raw_connect(path: Path):
    """A keyed connection to an encrypted test database (to damage it on purpose)."""
    from gridapp.db.database import connect_raw
    from gridapp.db.keystore import KeyFile

    return connect_raw(path, KeyFile.for_db(path).unlock("admin", ADMIN_PW))


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
                         "--level", "community", "--admin", "admin")
    assert code == 0, err
    assert "已初始化：和平社区（370303001001，村(社区)）" in out and "（已加密）" in out
    assert "恢复密钥（只显示这一次" in out
    assert path.is_file() and path.read_bytes()[:6] != b"SQLite"


def test_init_without_db_uses_the_data_folder(capsys, _gridapp_user_dirs):
    code, out, err = run(capsys, "init", "--unit", "3703", "--name", "淄博市", "--level", "city", "--admin", "root",
                         "--json")
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
    code, out, err = run(capsys, "--db", str(path), "init", "--unit", unit, "--name", "某单位", "--level", level,
                         "--admin", "admin")
    assert code == 1
    assert err.startswith("错误：") and words in err
    assert_refused_in_chinese(err)
    assert not path.exists()


def test_init_refuses_switching_units(town_db, capsys):
    code, _, err = run(capsys, "--db", str(town_db), "--user", "admin", "init", "--unit", "370303002",
                       "--name", "城西街道", "--level", "town", "--admin", "admin")
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


def test_demo_on_an_uninitialised_plain_database_sets_a_demo_unit_and_stats_count_it(db_path, capsys):
    path = db_path  # a migrated database without users or unit (the foundation's path, kept for tools)
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
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn:  # tags and special-group records are logged but not counted as records
        extra = sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                    for t in ("resident_tag", "special_group_record", "household_visit", "grid_task",
                              "grid_task_completion", "small_project"))
        # the demo's affair list: each workflow step writes the item and a history row, logged, not counted
        # as do the demo's disputes (registration, mediation, resolution, supervision, evaluation)
        extra += conn.execute("SELECT COUNT(*) FROM change_log WHERE table_name IN ('affair_item', 'affair_step', "
                              "'dispute', 'dispute_supervision')").fetchone()[0]
        # and the demo's assessment scheme and its manual scores
        extra += conn.execute("SELECT COUNT(*) FROM change_log WHERE table_name LIKE 'assessment%'").fetchone()[0]
        # and the demo's party network (organisations, members, 中心户, links, contacts)
        extra += conn.execute("SELECT COUNT(*) FROM change_log WHERE table_name LIKE 'party%'").fetchone()[0]
        # and the demo's events, patrols and 民情日志 (with their steps and comments)
        extra += conn.execute("SELECT COUNT(*) FROM change_log WHERE table_name IN ('event', 'event_step', "
                              "'event_person', 'patrol', 'worklog', 'worklog_comment')").fetchone()[0]
    assert st["change_log"] == st["pending_changes"] == sum(st["tables"].values()) + extra


def test_demo_json_and_refusal_of_a_second_run(town_db, capsys):
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "demo", "--residents", "30", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["residents"], result["seed"], result["units"]) == (30, 1, 2)
    assert result["households"] > 0 and result["seconds"] >= 0

    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "demo", "--residents", "30")
    assert code == 1
    assert "已有 30 名居民" in err
    assert_refused_in_chinese(err)


def test_demo_refuses_zero_residents(town_db, capsys):
    code, _, err = run(capsys, "--db", str(town_db), "--user", "admin", "demo", "--residents", "0")
    assert code == 1 and "至少为 1" in err


def test_stats_text(town_db, capsys):
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "stats")
    assert code == 0, err
    assert "单位 370303001" in out
    assert "org_unit: 1" in out and "resident: 0" in out
    assert "上次同步 从未" in out


def test_check_json_of_a_sound_database(town_db, capsys):
    run(capsys, "--db", str(town_db), "--user", "admin", "demo", "--residents", "20")
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "check", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["ok"] is True and result["problems"] == [] and result["integrity"] == "ok"
    assert result["schema_revision"] == result["schema_head"]
    code, out, _ = run(capsys, "--db", str(town_db), "--user", "admin", "check")
    assert code == 0 and out.startswith("检查通过")


def test_check_reports_damage_with_exit_1(town_db, capsys):
    con = raw_connect(town_db)
    try:
        with con:
            con.execute("DELETE FROM change_log")
    finally:
        con.close()
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "check", "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False
    assert "表 org_unit 有 1 条记录没有变更日志。" in result["problems"]
    code, out, _ = run(capsys, "--db", str(town_db), "--user", "admin", "check")
    assert code == 1 and out.startswith("检查发现问题") and "没有变更日志" in out


# -- authentication, users, scope, backup, audit ------------------------------------------------------


def as_user(monkeypatch, password: str) -> None:
    monkeypatch.setenv("GRIDAPP_PASSWORD", password)


@pytest.fixture
def town_with_worker(built_db, capsys, monkeypatch) -> Path:
    def build(path: Path) -> None:
        init_town(capsys, path)
        db = ("--db", str(path), "--user", "admin")
        assert run(capsys, *db, "demo", "--residents", "1000", "--seed", "2")[0] == 0  # two grids
        monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
        code, out, err = add_user(capsys, db, "w1", "grid_worker", "370303001001001", "--display", "张三")
        assert code == 0, err
        assert "已新增用户 w1（网格员，370303001001001）" in out

    path = built_db("cli-town-with-worker", "town.sqlite3", build)
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
    return path


def test_commands_need_a_login_once_users_exist(town_db, capsys):
    code, out, err = run(capsys, "--db", str(town_db), "stats")
    assert code == 1 and "--user" in err and out == ""


def test_wrong_password_is_refused_with_the_attempts_left(town_db, capsys, monkeypatch):
    as_user(monkeypatch, "not-the-password1")
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "stats")
    assert code == 1 and "用户名或密码不正确。再错 4 次" in err


def test_no_password_and_no_terminal_is_refused(town_db, capsys, monkeypatch):
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "stats")
    assert code == 1 and "GRIDAPP_PASSWORD" in err


def test_a_grid_worker_sees_only_the_own_grid_through_the_cli(town_with_worker, capsys, monkeypatch):
    as_user(monkeypatch, USER_PW)
    code, out, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "stats", "--json")
    assert code == 0, err
    st = json.loads(out)
    assert st["unit_code"] == "370303001001001"
    assert set(st["units"]) == {"370303001001001"}
    assert 0 < st["tables"]["resident"] < 1000
    code, out, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "users", "list")
    assert code == 1 and "没有“管理用户”的权限" in err
    code, out, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "backup")
    assert code == 1 and "备份与恢复" in err
    code, out, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "demo", "--residents", "5")
    assert code == 1 and "已有" in err  # may import, but the demo refuses a filled database
    code, out, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "clean-photos")
    assert code == 1 and "备份与恢复" in err


def test_users_add_out_of_scope_is_refused(town_db, capsys, monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
    code, _, err = run(capsys, "--db", str(town_db), "--user", "admin", "users", "add", "--name", "x",
                       "--role", "viewer", "--unit", "370303002")
    assert code == 1 and "不在您的管辖范围" in err
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "users", "list", "--json")
    assert [u["username"] for u in json.loads(out)["users"]] == ["admin"]


def test_backup_and_restore_through_the_cli(town_with_worker, capsys, tmp_path):
    db = ("--db", str(town_with_worker), "--user", "admin")
    out_file = tmp_path / "copy.sqlite3"
    code, out, err = run(capsys, *db, "backup", "--out", str(out_file), "--json")
    assert code == 0, err
    assert json.loads(out)["encrypted"] is True and out_file.exists()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(out_file).execute("SELECT 1 FROM resident").fetchone()
    code, out, err = run(capsys, *db, "restore", str(out_file), "--json")
    assert code == 0, err
    assert json.loads(out)["residents"] == 1000
    code, out, err = run(capsys, *db, "clean-photos", "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out) == {"blobs": 0, "bytes": 0, "kept_recent": 0, "days": 30}
    code, out, err = run(capsys, *db, "clean-photos", "--days", "-1")
    assert code == 1 and "保留天数" in err
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\x00" * 4096)
    code, out, err = run(capsys, *db, "restore", str(bad))
    assert code == 1 and "备份未通过检查" in err


def test_audit_verify_export_and_tamper_detection(town_with_worker, capsys, tmp_path):
    db = ("--db", str(town_with_worker), "--user", "admin")
    code, out, err = run(capsys, *db, "audit", "verify")
    assert code == 0 and out.startswith("审计日志完整"), err
    code, out, err = run(capsys, *db, "audit", "export", "--out", str(tmp_path / "a.csv"), "--action", "login")
    assert code == 0 and "审计记录" in out
    con = raw_connect(town_with_worker)
    with con:
        con.execute("UPDATE audit_log SET username = 'ghost' WHERE action = 'import'")
    con.close()
    code, out, err = run(capsys, *db, "audit", "verify", "--json")
    assert code == 1 and json.loads(out)["ok"] is False and "被改动" in json.loads(out)["reason"]
    code, out, _ = run(capsys, *db, "check")
    assert code == 1 and "审计日志哈希链断开" in out


def test_login_by_environment_variable_in_a_real_process(town_db):
    assert os.environ["GRIDAPP_PASSWORD"] == ADMIN_PW  # set by the autouse fixture, inherited by the child
    proc = python_m_gridapp("--db", str(town_db), "--user", "admin", "stats", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["unit_code"] == "370303001"


def test_users_disable_enable_and_reset(town_with_worker, capsys, monkeypatch):
    db = ("--db", str(town_with_worker), "--user", "admin")
    out = run(capsys, *db, "users", "disable", "--name", "w1")[1]
    assert out.startswith("已停用用户 w1。\n数据库密钥已更换")  # disabling changes the data key
    as_user(monkeypatch, USER_PW)
    code, _, err = run(capsys, "--db", str(town_with_worker), "--user", "w1", "stats")
    assert code == 1 and "用户名或密码不正确" in err
    as_user(monkeypatch, ADMIN_PW)
    code, out, _ = run(capsys, *db, "users", "enable", "--name", "w1")
    assert code == 0 and "请用 users reset 重置密码" in out
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "fresh-2026x")
    assert run(capsys, *db, "users", "reset", "--name", "w1")[0] == 0
    as_user(monkeypatch, "fresh-2026x")
    monkeypatch.setenv("GRIDAPP_USER", "w1")  # the user name from the environment, for scripts
    code, out, err = run(capsys, "--db", str(town_with_worker), "stats")
    assert code == 1 and "管理员设置的初始密码，须先修改" in err and "users passwd" in err  # reset: change first
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "fresh-2026x")
    code, out, err = run(capsys, "--db", str(town_with_worker), "users", "passwd")
    assert code == 1 and "新密码不能与原密码相同" in err
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "own-choice-2026")
    code, out, err = run(capsys, "--db", str(town_with_worker), "users", "passwd")
    assert code == 0 and "已修改用户 w1 的密码" in out, err
    code, out, err = run(capsys, "--db", str(town_with_worker), "stats")
    assert code == 1 and "用户名或密码不正确" in err  # the old password no longer unwraps the key
    as_user(monkeypatch, "own-choice-2026")
    code, out, err = run(capsys, "--db", str(town_with_worker), "stats")
    assert code == 0, err


# -- sync ---------------------------------------------------------------------------------------------

@pytest.fixture
def _as_admin(monkeypatch):
    monkeypatch.setenv("GRIDAPP_USER", "admin")  # scripts name the user by environment variable too


def test_sync_round_trip_through_the_command_line(tmp_path, capsys, _as_admin):
    town, comm = tmp_path / "town.sqlite3", tmp_path / "comm.sqlite3"
    assert run(capsys, "--db", str(town), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town", "--admin", "admin")[0] == 0
    assert run(capsys, "--db", str(comm), "init", "--unit", "370303001001", "--name", "和平社区",
               "--level", "community", "--admin", "admin")[0] == 0
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
    assert code == 0 and json.loads(out) == {"conflicts": [], "anomalies": []}
    code, out, _ = run(capsys, "--db", str(town), "stats", "--json")
    assert json.loads(out)["tables"]["resident"] == 50


def test_sync_import_exit_codes_for_refused_and_mixed_batches(tmp_path, capsys, town_db, _as_admin):
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


def test_sync_import_of_a_good_and_a_bad_package_exits_3(tmp_path, capsys, _as_admin):
    town, comm = tmp_path / "town.sqlite3", tmp_path / "comm.sqlite3"
    run(capsys, "--db", str(town), "init", "--unit", "370303001", "--name", "城东街道", "--level", "town", "--admin", "admin")
    run(capsys, "--db", str(comm), "init", "--unit", "370303001001", "--name", "和平社区", "--level", "community", "--admin", "admin")
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


def test_sync_needs_the_sync_permission_and_a_user_covering_the_installation(town_db, capsys, monkeypatch, tmp_path):
    db = ("--db", str(town_db))
    assert run(capsys, *db, "--user", "admin", "demo", "--residents", "900")[0] == 0  # two grids
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", USER_PW)
    for name, role, unit in (("v1", "viewer", "370303001"), ("w1", "grid_worker", "370303001001001")):
        assert add_user(capsys, db, name, role, unit)[0] == 0
    monkeypatch.setenv("GRIDAPP_PASSWORD", USER_PW)
    code, _, err = run(capsys, *db, "--user", "v1", "sync", "status")
    assert code == 1 and "同步" in err  # a viewer has no sync permission
    code, _, err = run(capsys, *db, "--user", "w1", "sync", "request", "--out", str(tmp_path / "r.req"))
    assert code == 1 and "管辖范围" in err  # a grid worker cannot send the whole town's package
    assert not (tmp_path / "r.req").exists()
