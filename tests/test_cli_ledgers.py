"""gridapp.cli `affairs|visits|disputes|projects import|export`: messy generated workbooks, --dry-run, --errors,
exit codes (0, 1 all refused, 2 usage, 3 some refused), masking, JSON, as the roles that do the work."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from gridapp.core.idnumber import make_id
from gridapp.services.visits import today_local
from tests.test_cli import ADMIN_PW, add_user, assert_refused_in_chinese, run

GRID = "370303001001001"
COMMUNITY = "370303001001"
DAY = today_local() - dt.timedelta(days=5)


@pytest.fixture(autouse=True)
def _passwords(monkeypatch):
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("GRIDAPP_PASSWORD", ADMIN_PW)


def book(path, header, rows, title="台账"):
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def grid(built_db, capsys):
    def build(path):
        db = ["--db", str(path)]
        assert run(capsys, *db, "init", "--unit", GRID, "--name", "第1网格", "--level", "grid",
                   "--admin", "admin")[0] == 0
        for name, role in (("worker", "grid_worker"), ("police", "police"), ("viewer", "viewer")):
            assert add_user(capsys, db, name, role, GRID, "--display", {"police": "王警官"}.get(name, name))[0] == 0

    return ["--db", str(built_db("cli-ledgers-grid", "grid.sqlite3", build))]


def test_disputes_import_dry_run_errors_apply_export(grid, capsys, tmp_path):
    header = ["纠纷名称", "发生时间", "地点", "纠纷类型", "规模", "涉及人数", "当事人"]
    rows = [["漏水", DAY, "和平路1号", "邻里", "个体", 2, "张某、李某"],
            ["欠薪", DAY.isoformat(), "工地", "劳资纠纷", "一般群体性", "12人", "王某等"],
            ["借款", DAY, "和平路2号", "08", "01", 2, f"赵某{make_id('370303', dt.date(1980, 1, 1), 9)}"]]
    path = book(tmp_path / "纠纷.xlsx", header, rows)
    errors = tmp_path / "错误.xlsx"
    code, out, err = run(capsys, *grid, "--user", "worker", "disputes", "import", str(path), "--dry-run",
                         "--errors", str(errors), "--json")
    assert code == 3, err
    d = json.loads(out)
    assert (d["total"], d["accepted"], d["rejected"], d["dry_run"]) == (3, 2, 1, True)
    assert d["refused"][0]["row"] == 5 and "身份证号" in d["refused"][0]["reason"]
    ws = openpyxl.load_workbook(errors).active
    assert ws.cell(1, ws.max_column).value == "错误原因" and ws.max_row == 2
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "list", "--json")
    assert json.loads(out)["disputes"] == []  # the dry run wrote nothing
    code, out, err = run(capsys, *grid, "--user", "worker", "disputes", "import", str(path))
    assert code == 3 and "已导入 2 行" in out and "第 5 行" in out
    code, out, _ = run(capsys, *grid, "--user", "viewer", "disputes", "list", "--json")
    assert sorted(x["category"] for x in json.loads(out)["disputes"]) == ["02", "07"]
    exported = tmp_path / "导出.xlsx"
    code, out, err = run(capsys, *grid, "--user", "viewer", "disputes", "export", str(exported), "--status",
                         "registered", "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == 2
    # the export reads back: every row accepted by a dry run
    code, out, err = run(capsys, *grid, "--user", "worker", "disputes", "import", str(exported), "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] == 2
    # --search exports what the searched list shows (every word in 编号, 名称, 当事人 or 地点)
    searched = tmp_path / "查找.xlsx"
    code, out, err = run(capsys, *grid, "--user", "viewer", "disputes", "export", str(searched), "--search",
                         "和平路", "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == 1
    assert [c.value for c in openpyxl.load_workbook(searched).active[2]].count("漏水") == 1


def test_all_rows_refused_is_exit_1_and_usage_is_exit_2(grid, capsys, tmp_path):
    path = book(tmp_path / "p.xlsx", ["类别", "名称", "日期", "内容", "负责人"], [["小茶话", "x", DAY, "y", "z"]])
    code, out, err = run(capsys, *grid, "--user", "worker", "projects", "import", str(path))
    assert code == 1 and "类别" in out
    code, _, err = run(capsys, *grid, "--user", "worker", "projects", "import", str(path), "--errors", "x.csv")
    assert code == 2
    code, _, err = run(capsys, *grid, "--user", "viewer", "projects", "import", str(path))
    assert code == 1
    assert_refused_in_chinese(err)
    code, _, err = run(capsys, *grid, "--user", "worker", "projects", "import", str(tmp_path / "none.xlsx"))
    assert code == 1 and "找不到文件" in err


def test_projects_import_and_export(grid, capsys, tmp_path):
    header = ["类别", "活动名称", "活动日期", "参加人数", "活动内容", "责任人", "服务类型", "服务人数"]
    path = book(tmp_path / "p.xlsx", header, [["小服务", "理发", DAY, 5, "为老人理发", "张明", "助老助残", 12]])
    code, out, err = run(capsys, *grid, "--user", "worker", "projects", "import", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] == 1
    out_file = tmp_path / "八小.xlsx"
    code, out, err = run(capsys, *grid, "--user", "worker", "projects", "export", str(out_file), "--kind", "service")
    assert code == 0 and "已导出 1 行" in out
    ws = openpyxl.load_workbook(out_file).active
    assert [c.value for c in ws[2]][1:3] == ["小服务", "理发"]
    code, out, err = run(capsys, *grid, "--user", "worker", "projects", "export", str(out_file), "--search", "没有")
    assert code == 0 and "已导出 0 行" in out


def test_visits_import_as_police(grid, capsys, tmp_path):
    # households come from a resident ledger imported by the grid worker
    idn = make_id("370303", dt.date(1970, 5, 6), 3)
    residents = book(tmp_path / "r.xlsx", ["姓名", "身份证号", "户号", "与户主关系", "现住址"],
                     [["赵大", idn, "0001", "户主", "和平路5号"]], title=None)
    assert run(capsys, *grid, "--user", "worker", "residents", "import", str(residents))[0] == 0
    header = ["走访日期", "户主姓名", "户主身份证号", "户号", "地址", "走访民警", "在户人数", "走访内容", "问题诉求", "处理情况"]
    rows = [[DAY, "赵大", idn, "", "", "王警官", 2, "了解情况", "", ""],
            [DAY, "", "", "0001", "", "", 1, "回访", "噪音", "已协调"],
            [DAY, "", "", "9999", "", "", 1, "找不到", "", ""]]
    path = book(tmp_path / "走访.xlsx", header, rows)
    code, out, err = run(capsys, *grid, "--user", "police", "visits", "import", str(path), "--json")
    assert code == 3, err
    d = json.loads(out)
    assert d["accepted"] == 2 and "9999" in d["refused"][0]["reason"]
    exported = tmp_path / "走访导出.xlsx"
    code, out, err = run(capsys, *grid, "--user", "police", "visits", "export", str(exported), "--from",
                         DAY.isoformat())
    assert code == 0 and "已导出 2 行" in out
    text = str([[c.value for c in r] for r in openpyxl.load_workbook(exported).active.iter_rows()])
    assert idn not in text and idn[-4:] in text
    code, out, err = run(capsys, *grid, "--user", "worker", "visits", "import", str(path))
    assert code == 1
    assert_refused_in_chinese(err)


def test_affairs_import_as_a_department(tmp_path, capsys):
    db = ["--db", str(tmp_path / "c.sqlite3")]
    assert run(capsys, *db, "init", "--unit", COMMUNITY, "--name", "和平社区", "--level", "community",
               "--admin", "admin")[0] == 0
    assert add_user(capsys, db, "dept", "department", COMMUNITY, "--display", "民政办")[0] == 0
    header = ["事项名称", "申请部门", "依据", "网格员职责", "频次", "办理时限"]
    path = book(tmp_path / "事项.xlsx", header, [["高龄津贴摸底", "民政办", "政策文件", "入户核实", "每年", "15"],
                                               ["困难群众走访", "民政办", "", "", "06", 5]])
    code, out, err = run(capsys, *db, "--user", "dept", "affairs", "import", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] == 2
    code, out, _ = run(capsys, *db, "--user", "dept", "affairs", "list", "--json")
    assert sorted(i["frequency"] for i in json.loads(out)["items"]) == ["05", "06"]
    out_file = tmp_path / "清单.xlsx"
    code, out, err = run(capsys, *db, "--user", "dept", "affairs", "export", str(out_file), "--status", "applied")
    assert code == 0 and "已导出 2 行" in out, err
    code, out, err = run(capsys, *db, "--user", "dept", "affairs", "import", str(out_file))
    assert code == 1 and "同名事项" in out  # applied already: every row refused
