"""`hub init|enrol` and `sync push|pull --hub` through the command line, against a hub on PostgreSQL."""

from __future__ import annotations

import json

from gridapp.cli import main
from gridapp.db.postgres import open_pg_database
from gridapp.hub.app import Hub, create_app
from tests.hub.conftest import serve
from tests.sync.nodes import C1, TOWN, make_node


def test_hub_init_enrol_then_push_and_pull_from_the_cli(pg_url, template_db, tmp_path, capsys):
    assert main(["hub", "init", "--db", pg_url, "--unit", TOWN, "--name", "城东街道", "--level", "town", "--json"]) == 0
    hub_id = json.loads(capsys.readouterr().out)["node_id"]
    desk = make_node(template_db, tmp_path, C1)
    db_path = str(desk.db.path)
    desk.sync.make_request(tmp_path / "c1.req")
    assert main(["hub", "enrol", str(tmp_path / "c1.req"), "--out", str(tmp_path / "c1.cert"), "--db", pg_url]) == 0
    desk.sync.accept(tmp_path / "c1.cert")
    desk.close()
    db = open_pg_database(pg_url)
    served = serve(create_app(Hub(db)))
    try:
        capsys.readouterr()
        assert main(["--db", db_path, "sync", "push", "--hub", served.url, "--save", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["direction"] == "push" and out["imported"]["status"] == "imported"
        assert main(["--db", db_path, "sync", "pull"]) == 0  # the saved address
        assert "已从同步中心拉取" in capsys.readouterr().out
        assert main(["--db", db_path, "sync", "pull", "--hub", "http://127.0.0.1:9"]) == 1
        assert "无法连接同步中心" in capsys.readouterr().err
    finally:
        served.stop()
        db.close()
    assert hub_id == db.node_id


def test_hub_commands_refuse_a_database_that_is_not_postgresql(capsys):
    assert main(["hub", "serve", "--db", "/tmp/x.sqlite3"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    assert main(["hub", "serve", "--db", "postgresql://u@h/d", "--listen", "nonsense"]) == 2


def test_without_the_hubs_parts_the_commands_say_how_to_install_them(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert main(["hub", "serve", "--db", "postgresql://u@127.0.0.1:9/d"]) == 1
    assert "gridapp[hub]" in capsys.readouterr().err
