"""gridapp.cli `party ...`: the network through the command line as the roles live it, JSON, refusals."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

COMMUNITY, GRID = "370303001001", "370303001001001"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


@pytest.fixture
def db(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", COMMUNITY, "--name", "和平社区", "--level", "community",
                   "--admin", "admin")[0] == 0
        code, _, err = run(capsys, *db, "--user", "admin", "units", "add", "--parent", COMMUNITY, "--code", GRID,
                           "--name", "第1网格", "--type", "urban")
        assert code == 0, err
        for name, role, unit in (("worker", "grid_worker", GRID), ("clerk", "office", COMMUNITY)):
            assert add_user(capsys, db, name, role, unit)[0] == 0
        assert run(capsys, *db, "--user", "admin", "demo", "--residents", "300")[0] == 0

    return ["--db", str(built_db("cli-party", "community.sqlite3", build))]


def pj(db, capsys, user, *args):
    code, out, err = run(capsys, *db, "--user", user, "party", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_network_through_the_command_line(db, capsys):
    orgs = pj(db, capsys, "worker", "org", "list")["orgs"]
    committee = [o for o in orgs if o["kind_label"] == "党委"][0]
    branch = [o for o in orgs if o["kind_label"] == "党支部"][0]
    assert branch["parent_id"] == committee["id"] and branch["unit_code"] == GRID
    assert all(o["members"] is None for o in orgs)  # a grid worker sees no member counts
    assert [o["members"] for o in pj(db, capsys, "clerk", "org", "list")["orgs"] if o["id"] == branch["id"]][0] > 0
    code, _, err = run(capsys, *db, "--user", "clerk", "party", "org", "add", "--kind", "党支部", "--unit", COMMUNITY)
    assert code != 0 and "党支部建在网格上" in err
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *db, "--user", "clerk", "party", "org", "add", "--kind", "党支部", "--unit", GRID)
    assert code != 0 and "不能重复设立" in err

    # members: the office sees the list, the grid worker is refused (sensitive)
    members = pj(db, capsys, "clerk", "member", "list")["members"]
    assert members and all(m["status"] in ("中共党员", "中共预备党员") for m in members)
    code, _, err = run(capsys, *db, "--user", "worker", "party", "member", "list")
    assert code != 0 and "敏感个人信息" in err
    code, _, err = run(capsys, *db, "--user", "worker", "party", "member", "set", "--resident",
                       members[0]["resident_id"], "--status", "党员")
    assert code != 0 and "权限" in err
    code, _, err = run(capsys, *db, "--user", "clerk", "party", "member", "set", "--resident", "110101199001011237",
                       "--status", "党员")
    assert code != 0 and "党员须有居民档案" in err
    pj(db, capsys, "clerk", "member", "set", "--resident", members[0]["resident_id"], "--status", "预备党员",
       "--org", branch["id"])
    assert [m["status"] for m in pj(db, capsys, "clerk", "member", "list")["members"]
            if m["resident_id"] == members[0]["resident_id"]] == ["中共预备党员"]

    # 中心户, links, contacts and an issue becoming an event
    centres = pj(db, capsys, "worker", "centre", "list")["centres"]
    assert centres and all(c["unit_code"].startswith(COMMUNITY) for c in centres)
    cid = centres[0]["id"]
    links = pj(db, capsys, "worker", "centre", "list", "--centre", cid)["links"]
    assert len(links) == centres[0]["links"]
    hid = links[0]["household_id"]
    assert pj(db, capsys, "worker", "centre", "unlink", cid, hid)["removed"] is True
    assert pj(db, capsys, "worker", "centre", "link", cid, hid)["added"] == 1
    added = pj(db, capsys, "worker", "contact", "add", "--household", hid, "--content", "入户走访",
               "--issue", "楼道灯不亮", "--event", "--class", "05")
    assert added["event_id"]
    shown = json.loads(run(capsys, *db, "--user", "clerk", "events", "show", added["event_id"], "--json")[1])
    assert "楼道灯不亮" in shown["description"]
    log = pj(db, capsys, "worker", "contact", "list")["contacts"]
    assert log[0]["id"] == added["id"] and log[0]["event_id"] == added["event_id"]

    check = pj(db, capsys, "clerk", "check")
    assert check["households"] > check["covered"] > 0
    assert "户未纳入党员联系" in check["counts"] and "网格长不是社区党组织书记" in check["counts"]


def test_the_two_reports_as_pdf_and_xlsx(db, capsys, tmp_path):
    from openpyxl import load_workbook

    for name in ("party_network", "party_centres"):
        for suffix in ("pdf", "xlsx"):
            out = tmp_path / f"{name}.{suffix}"
            code, text, err = run(capsys, *db, "--user", "clerk", "report", name, "--unit", COMMUNITY, "--out", str(out),
                                  "--json")
            assert code == 0, err
            got = json.loads(text)
            assert out.stat().st_size == got["bytes"] > 1000
            if suffix == "pdf":
                assert out.read_bytes().startswith(b"%PDF") and got["pages"] >= 1
            else:
                ws = load_workbook(out).active
                assert ws["A1"].value in ("党建网格化组织体系", "党员中心户联系户名册")
                values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
                assert any("党支部" in str(v) for v in values) if name == "party_network" else ws.max_row > 5
    code, _, err = run(capsys, *db, "--user", "clerk", "report", "roster", "--unit", COMMUNITY, "--out",
                       str(tmp_path / "r.xlsx"))
    assert code != 0 and "只有这些报表可导出 .xlsx" in err and "party_network" in err


def test_member_list_import_and_export(db, capsys, tmp_path):
    from openpyxl import Workbook, load_workbook

    from gridapp.core.idnumber import make_id

    members = {m["resident_id"] for m in pj(db, capsys, "clerk", "member", "list")["members"]}

    exported = tmp_path / "members.xlsx"
    assert pj(db, capsys, "clerk", "member", "export", str(exported))["rows"] == len(members)
    ws = load_workbook(exported).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["公民身份号码", "姓名", "党员身份"]
    assert all("*" in (row[0] or "") for row in ws.iter_rows(min_row=2, values_only=True))  # masked
    code, _, err = run(capsys, *db, "--user", "worker", "party", "member", "export", str(tmp_path / "w.xlsx"))
    assert code != 0 and "敏感个人信息" in err

    wb = Workbook()
    sheet = wb.active
    sheet.append(["党员名册"])
    sheet.append(["姓名", "身份证号", "党员身份", "入党日期", "所在党支部"])
    sheet.append(["无此人", make_id("370303", __import__("datetime").date(1980, 1, 1), 999), "党员", "2001-07-01",
                  "第1网格党支部"])
    sheet.append(["某某", "370303198001010011", "群众", "", ""])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    code, out, err = run(capsys, *db, "--user", "clerk", "party", "member", "import", str(path), "--json")
    got = json.loads(out)
    assert code != 0 and got["accepted"] == 0 and got["rejected"] == 2
    reasons = [r["reason"] for r in got["refused"]]
    assert "党员须有居民档案" in reasons[0] and "党员身份" in reasons[1]
    code, _, err = run(capsys, *db, "--user", "worker", "party", "member", "import", str(path))
    assert code != 0 and "权限" in err


def test_coverage_is_the_checks_figure_and_lists_exactly_what_it_misses(db, capsys):
    check = pj(db, capsys, "clerk", "check")
    cov = pj(db, capsys, "worker", "coverage", "--list")
    grid = pj(db, capsys, "clerk", "coverage", "--unit", GRID)
    assert (cov["covered"], cov["households"]) == (grid["covered"], grid["households"])
    assert cov["name"] == "党员联系户覆盖率" and cov["unit_code"] == GRID
    assert len(cov["unlinked"]) == cov["households"] - cov["covered"]
    assert {r["unit_code"] for r in cov["unlinked"]} == {GRID}
    whole = pj(db, capsys, "clerk", "coverage")
    assert (whole["covered"], whole["households"]) == (check["covered"], check["households"])


def test_revoking_a_centre_transferring_a_member_and_the_history(db, capsys):
    centres = pj(db, capsys, "worker", "centre", "list")["centres"]
    centre = centres[0]
    code, _, err = run(capsys, *db, "--user", "worker", "party", "centre", "remove", centre["id"], "--reason", " ")
    assert code == 1 and "请填写撤销原因" in err
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *db, "--user", "worker", "party", "centre", "remove", centre["id"])
    assert code == 2 and "--reason" in err  # the reason is not optional
    got = pj(db, capsys, "worker", "centre", "remove", centre["id"], "--reason", "党员外出务工")
    assert got == {"centre": centre["id"], "removed": True, "unlinked": centre["links"]}
    assert centre["id"] not in {c["id"] for c in pj(db, capsys, "worker", "centre", "list")["centres"]}
    history = pj(db, capsys, "worker", "history", "--centre", centre["id"])["history"]
    assert history[0]["action_label"] == "撤销中心户" and history[0]["detail"] == "党员外出务工"
    assert history[0]["actor"] and history[0]["unit"].endswith("第1网格")
    assert sum(h["action"] == "unlinked" for h in history) == centre["links"]

    # 转出: the office with the destination; the grid worker is refused (membership is sensitive)
    member = pj(db, capsys, "clerk", "member", "list")["members"][-1]
    rid = member["resident_id"]
    code, _, err = run(capsys, *db, "--user", "worker", "party", "member", "end", "--resident", rid, "--to", "某地")
    assert code == 1 and "敏感个人信息" in err
    served = {c["member"] for c in pj(db, capsys, "clerk", "centre", "list")["centres"]}
    if member["name"] in served:  # a member serving a 中心户 is refused until it is revoked
        code, _, err = run(capsys, *db, "--user", "clerk", "party", "member", "end", "--resident", rid,
                           "--to", "转至张店区某街道党工委")
        assert code == 1 and "请先撤销中心户" in err
        member = [m for m in pj(db, capsys, "clerk", "member", "list")["members"] if m["name"] not in served][0]
        rid = member["resident_id"]
    got = pj(db, capsys, "clerk", "member", "end", "--resident", rid, "--to", "转至张店区某街道党工委")
    assert got["ended"] is True
    assert rid not in {m["resident_id"] for m in pj(db, capsys, "clerk", "member", "list")["members"]}
    [entry] = [h for h in pj(db, capsys, "clerk", "history", "--resident", rid)["history"]
               if h["action"] == "transferred"]
    assert entry["detail"] == "转至张店区某街道党工委" and entry["name"] == member["name"]
    assert pj(db, capsys, "worker", "history", "--resident", rid)["history"] == []  # not the worker's to read
    code, out, _ = run(capsys, *db, "--user", "clerk", "party", "history", "--resident", rid)
    assert code == 0 and "组织关系转出" in out and "转至张店区某街道党工委" in out
    code, _, err = run(capsys, *db, "--user", "clerk", "party", "history", "--resident", rid, "--centre", "x")
    assert code == 2 and "只能给出一个" in err
