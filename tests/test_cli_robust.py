"""CLI robustness: output paths that cannot be written, a missing key sidecar, a database held by a writer."""

from __future__ import annotations

import pytest

from gridapp.cli import main
from gridapp.db.keystore import keyfile_path

ADMIN_PW = "Town-keeper-2026"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def town_db(built_db, capsys):
    def build(path):
        assert run(capsys, "--db", str(path), "init", "--unit", "370303001", "--name", "城东街道",
                   "--level", "town", "--admin", "admin")[0] == 0

    return built_db("cli-robust-town", "gridapp.sqlite3", build)


@pytest.mark.parametrize("command", [
    ["audit", "export", "--out", "{missing}/a.csv"],
    ["sync", "request", "--out", "{missing}/c.req"],
    ["sync", "export", "--to", "370303", "--out", "{missing}/p.gridpkg"],
    ["sync", "enrol", "{tmp}/c.req", "--out", "{missing}/c.cert"],
    ["report", "roster", "--unit", "370303001", "--out", "{missing}/r.pdf"],
    ["backup", "--out", "{missing}/b.sqlite3"],
    ["residents", "export", "{missing}/r.xlsx"],
    ["residents", "import", "{tmp}/in.xlsx", "--errors", "{missing}/e.xlsx"],
    ["audit", "export", "--out", "{tmp}"],
], ids=["audit", "request", "export", "enrol", "report", "backup", "residents-export", "import-errors",
        "a-folder"])
def test_an_output_path_that_cannot_be_written_is_refused_in_chinese(town_db, tmp_path, capsys, command):
    missing = tmp_path / "没有这个文件夹"
    argv = [a.format(missing=missing, tmp=tmp_path) for a in command]
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", *argv)
    assert code == 1, err
    assert "Traceback" not in err and out == ""
    if "{missing}" in " ".join(command):
        assert f"文件夹“{missing}”不存在" in err
    else:
        assert "是一个文件夹" in err
    assert not missing.exists()


def test_a_missing_key_sidecar_is_named_with_the_way_back(town_db, capsys):
    db = ("--db", str(town_db), "--user", "admin")
    assert run(capsys, *db, "backup")[0] == 0
    keyfile_path(town_db).unlink()
    code, out, err = run(capsys, *db, "stats")
    assert code == 1 and out == ""
    assert "找不到密钥文件“gridapp.sqlite3.keys”" in err and "backups" in err
    assert "已损坏" not in err.split("（若")[0]


@pytest.fixture
def holder(town_db):
    """Another program holding the write lock (BEGIN IMMEDIATE) for the whole test."""
    from gridapp.db.database import connect_raw
    from gridapp.db.keystore import KeyFile

    conn = connect_raw(town_db, KeyFile.for_db(town_db).unlock("admin", ADMIN_PW))
    conn.isolation_level = None
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta (key, value) VALUES ('holder', 'x')")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_stats_answers_while_another_program_writes(town_db, holder, capsys, monkeypatch):
    from gridapp.db import database

    monkeypatch.setattr(database, "LOCK_WAIT_S", 1.5)
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "stats")
    assert code == 0, err
    assert "单位 370303001" in out and "Traceback" not in err and "database is locked" not in err


def test_a_write_command_waits_visibly_then_fails_cleanly(town_db, holder, capsys, monkeypatch):
    from gridapp.db import database

    monkeypatch.setattr(database, "LOCK_WAIT_S", 1.5)
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "worker-2026x")
    code, out, err = run(capsys, "--db", str(town_db), "--user", "admin", "users", "add", "--name", "w1",
                         "--role", "office", "--unit", "370303001")
    assert code == 1 and out == ""
    assert "正被另一个程序写入" in err and "正在等待" in err
    assert "本次操作未执行" in err and "Traceback" not in err and "database is locked" not in err
