"""gridapp.cli `assessment schemes|create|score|rank|publish`: JSON, exit codes, roles (DESIGN.md §5)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

COMMUNITY = "370303001001"
G1, G2 = "370303001001001", "370303001001002"


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
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "1200")[0] == 0  # two grids
        for name, role, unit in (("office", "office", COMMUNITY), ("worker", "grid_worker", G2),
                                 ("viewer", "viewer", COMMUNITY)):
            assert add_user(capsys, db, name, role, unit)[0] == 0

    return ["--db", str(built_db("cli-assessment-community", "c.sqlite3", build))]


def test_create_score_rank_publish(community, capsys):
    db = community
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "create", "--name", "2025年网格员考核",
                         "--period", "2025", "--level", "grid", "--top", "1", "--bottom", "1", "--json")
    assert code == 0, err
    scheme = json.loads(out)
    sid = scheme["id"]
    assert (scheme["unit_code"], scheme["rule"]["top_n"], scheme["max_total"]) == (COMMUNITY, 1, 100)
    manual = [i for i in scheme["indicators"] if i["source"] == "manual"]
    assert [i["key"] for i in manual] == ["m1", "m2"]
    # publishing before every manual score is in is refused, with the row and indicator named
    code, _out, err = run(capsys, *db, "--user", "office", "assessment", "publish", sid)
    assert code == 1 and "还没有评分" in err
    assert_refused_in_chinese(err)
    for grid, (a, b) in ((G1, (15, 10)), (G2, (5, 2))):
        for key, value in (("m1", a), ("群众满意度", b)):
            code, out, err = run(capsys, *db, "--user", "office", "assessment", "score", sid, "--target", grid,
                                 "--indicator", key, "--score", str(value), "--json")
            assert code == 0, err
    code, _out, err = run(capsys, *db, "--user", "office", "assessment", "score", sid, "--target", G1,
                          "--indicator", "m1", "--score", "16")
    assert code == 1 and "超出范围" in err and "日常工作表现" in err and "第 1 行" in err
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "rank", sid, "--json")
    assert code == 0, err
    draft = json.loads(out)
    assert draft["version"] is None and [r["code"] for r in draft["rows"]][0] in (G1, G2)
    by_code = {r["code"]: r for r in draft["rows"]}
    assert by_code[G1]["scores"]["m1"]["score"] == 15 and by_code[G2]["scores"]["m2"]["score"] == 2
    maxima = {i["key"]: i["max"] for i in scheme["indicators"]}
    for r in draft["rows"]:  # an indicator without data takes no part: the rest is rescaled to full marks
        taking = [k for k, v in r["scores"].items() if k in ("m1", "m2") or v["score"] is not None]
        raw = sum(v["score"] or 0 for v in r["scores"].values())
        full, weights = sum(maxima.values()), sum(maxima[k] for k in taking)
        assert r["total"] == pytest.approx(raw * full / weights, abs=0.05)
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "publish", sid, "--note", "年终", "--json")
    assert code == 0, err
    pub = json.loads(out)
    assert pub["version"] == 1 and pub["note"] == "年终"
    outcomes = {r["code"]: r["outcomes"] for r in pub["rows"]}
    assert sorted(outcomes.values()) == [["benchmark"], ["notified"]]
    kinds = [k for r in pub["rows"] for k in r["policy_kinds"]]
    assert {k["code"] for k in kinds} == {"01", "02"}
    # the grid worker sees the published result of their own grid only, and cannot score
    code, out, err = run(capsys, *db, "--user", "worker", "assessment", "rank", sid, "--published", "--json")
    assert code == 0, err
    assert [r["code"] for r in json.loads(out)["rows"]] == [G2]
    code, _out, err = run(capsys, *db, "--user", "worker", "assessment", "score", sid, "--target", G2,
                          "--indicator", "m1", "--score", "20")
    assert code == 1 and "考核评分" in err
    code, _out, err = run(capsys, *db, "--user", "worker", "assessment", "rank", sid)
    assert code == 1
    assert_refused_in_chinese(err)
    code, out, _ = run(capsys, *db, "--user", "viewer", "assessment", "schemes", "--period", "2025")
    assert code == 0 and sid in out and "已发布 1 版" in out
    code, out, _ = run(capsys, *db, "--user", "viewer", "assessment", "rank", sid, "--published")
    assert code == 0 and "第 1 版" in out and "标杆" in out and "通报" in out


def test_usage_errors_exit_2(community, capsys):
    assert run(capsys, *community, "--user", "office", "assessment", "score", "x", "--target", G1)[0] == 2
    assert run(capsys, *community, "--user", "office", "assessment", "create", "--name", "x", "--period", "2025",
               "--level", "city")[0] == 2
    assert run(capsys, *community, "--user", "office", "assessment", "rank", "x", "--result-version", "1")[0] == 2
    code, _out, err = run(capsys, *community, "--user", "office", "assessment", "create", "--name", "x",
                          "--period", "2025-Q1", "--level", "town")
    assert code == 1 and "不能考核" in err


def test_incident_mark_and_clear(community, capsys):
    db = community
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "create", "--name", "2025年网格员考核",
                         "--period", "2025", "--level", "grid", "--top", "1", "--bottom", "1", "--json")
    sid = json.loads(out)["id"]
    code, _, err = run(capsys, *db, "--user", "worker", "assessment", "incident", sid, "--target", G2, "--note", "x")
    assert code == 1
    assert_refused_in_chinese(err)  # the assessed do not mark incidents
    code, _, err = run(capsys, *db, "--user", "office", "assessment", "incident", sid, "--target", G1, "--note", " ")
    assert code == 1 and "说明" in err  # a mark needs a note
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "incident", sid, "--target", G1, "--note",
                         "辖区发生较大安全事故", "--json")
    assert code == 0, err
    marked = json.loads(out)
    assert marked["flagged"] is True and "benchmark" not in marked["outcomes"]  # an incident is never a benchmark
    code, out, _ = run(capsys, *db, "--user", "office", "assessment", "rank", sid, "--json")
    row = next(r for r in json.loads(out)["rows"] if r["code"] == G1)
    assert row["incident"] is True
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "incident", sid, "--target", G1, "--clear",
                         "--json")
    assert code == 0 and json.loads(out)["flagged"] is False
    code, out, _ = run(capsys, *db, "--user", "office", "assessment", "rank", sid, "--json")
    assert next(r for r in json.loads(out)["rows"] if r["code"] == G1)["incident"] is False


def test_standing_shows_the_latest_published_ranking_below(community, capsys):
    db = community
    code, out, err = run(capsys, *db, "--user", "viewer", "assessment", "standing", "--period", "2024", "--json")
    assert code == 0 and json.loads(out) == {"ranking": None}, err
    code, out, err = run(capsys, *db, "--user", "office", "assessment", "create", "--name", "2024年网格员考核",
                         "--period", "2024", "--level", "grid", "--top", "1", "--bottom", "1", "--json")
    assert code == 0, err
    sid = json.loads(out)["id"]
    for grid, (a, b) in ((G1, (12, 8)), (G2, (14, 9))):
        for key, value in (("m1", a), ("m2", b)):
            assert run(capsys, *db, "--user", "office", "assessment", "score", sid, "--target", grid,
                       "--indicator", key, "--score", str(value))[0] == 0
    assert run(capsys, *db, "--user", "office", "assessment", "publish", sid)[0] == 0
    for user in ("viewer", "office"):
        code, out, err = run(capsys, *db, "--user", user, "assessment", "standing", "--period", "2024", "--json")
        assert code == 0, err
        ranking = json.loads(out)["ranking"]
        assert ranking["scheme"]["id"] == sid and ranking["version"] == 1
        assert [r["code"] for r in ranking["rows"]][0] == G2
    code, out, _ = run(capsys, *db, "--user", "viewer", "assessment", "standing", "--period", "2024")
    assert code == 0 and "2024年网格员考核" in out and "第 1 版" in out
    code, _out, err = run(capsys, *db, "--user", "viewer", "assessment", "standing", "--period", "2024-13")
    assert code == 1 and "考核期" in err
