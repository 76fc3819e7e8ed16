"""`python -m gridapp residents search/import/export`: counts as JSON, exit codes, error workbook, masking."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook, load_workbook

from gridapp.cli import main
from gridapp.core.idnumber import make_id

A = make_id("370303", dt.date(1960, 5, 4), 11)
B = make_id("370303", dt.date(1988, 9, 30), 22)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ledger(path, rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


@pytest.fixture
def db_file(community):
    return str(community.db.path)


def test_import_dry_run_then_import_then_search_and_export(capsys, community, db_file, tmp_path):
    grid = community.grids[0]
    src = ledger(tmp_path / "in.xlsx", [["姓名", "身份证号", "联系电话", "网格编码"],
                                        ["张三", A, "13912345678", grid], ["李四", B, None, grid]])
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["inserted"] == 2
    assert run(capsys, "--db", db_file, "residents", "search", "zs", "--json")[1].count('"name"') == 0
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src), "--json")
    data = json.loads(out)
    assert code == 0 and (data["inserted"], data["updated"], data["unchanged"], data["rejected"]) == (2, 0, 0, 0)
    code, out, _ = run(capsys, "--db", db_file, "residents", "search", "zs", "--json")
    found = json.loads(out)["residents"]
    assert code == 0 and [r["name"] for r in found] == ["张三"]
    assert found[0]["id_number"] == A[:6] + "********" + A[-4:] and found[0]["phone"] == "139****5678"
    assert json.loads(out)["truncated"] is False
    code, out, err = run(capsys, "--db", db_file, "residents", "search", "78")
    assert code == 1 and "至少输入 3 位" in err  # two digits match about 1% of everyone: refused, not scanned
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2
    out_file = tmp_path / "out.xlsx"
    code, out, _ = run(capsys, "--db", db_file, "residents", "export", str(out_file))
    assert code == 0 and "2 名居民" in out
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert len(rows) == 3 and all("*" in r[2] for r in rows[1:])


def test_partly_refused_import_exits_3_and_writes_the_error_workbook(capsys, community, db_file, tmp_path):
    grid = community.grids[0]
    src = ledger(tmp_path / "in.xlsx", [["姓名", "公民身份号码"], ["张三", A], ["坏", "123"]])
    errors = tmp_path / "errors.xlsx"
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src), "--grid", grid,
                       "--errors", str(errors), "--json")
    data = json.loads(out)
    assert code == 3 and data["inserted"] == 1 and data["rejected"] == 1 and data["refused"][0]["row"] == 3
    rows = list(load_workbook(errors).active.iter_rows(values_only=True))
    assert rows[1][:3] == (3, "坏", "123") and "18 位" in rows[1][-1]


def test_bad_files_are_refused_in_chinese(capsys, db_file, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "--db", db_file, "residents", "import", str(empty))
    assert code == 1 and "空的" in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", db_file, "residents", "import", str(tmp_path / "missing.xlsx"))
    assert code == 1 and "找不到" in err
    code, _, err = run(capsys, "--db", db_file, "residents")
    assert code == 2 and "用法" in err


def test_households_are_counted_and_damaged_or_foreign_workbooks_refused(capsys, community, db_file, tmp_path):
    grid = community.grids[0]
    src = ledger(tmp_path / "h.xlsx", [["姓名", "身份证号", "户号", "与户主关系", "楼栋", "房号", "网格编码"],
                                       ["张三", A, "H1", "户主", "5号楼", "301", grid],
                                       ["李四", B, "H1", "配偶", "5号楼", "301", grid]])
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src))
    assert code == 0 and "已新增 2 人" in out and "已新建户 1 个、楼栋 1 栋" in out
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(src.read_bytes()[:300])  # an interrupted copy
    code, _, err = run(capsys, "--db", db_file, "residents", "import", str(cut))
    assert code == 1 and "不是有效的 Excel 工作簿" in err and "Traceback" not in err
    other = ledger(tmp_path / "other.xlsx", [["楼栋", "层数"], ["5号楼", 6]])
    code, _, err = run(capsys, "--db", db_file, "residents", "import", str(other), "--json")
    assert code == 1 and "没有找到居民台账" in err and "“姓名”" in err


def test_a_ledger_without_a_grid_column_needs_grid_once_above_a_grid(capsys, community, db_file, tmp_path):
    src = ledger(tmp_path / "in.xlsx", [["姓名", "公民身份号码"], ["张三", A], ["李四", B]])
    code, out, err = run(capsys, "--db", db_file, "residents", "import", str(src))
    assert code == 1 and out == "" and err.count("\n") == 1  # one refusal, not one per row
    assert "--grid" in err and community.grids[0] in err and "和平社区 第1网格" in err
    code, out, _ = run(capsys, "--db", db_file, "residents", "import", str(src), "--grid", community.grids[1],
                       "--json")
    assert code == 0 and json.loads(out)["inserted"] == 2
    code, _, err = run(capsys, "--db", db_file, "residents", "import", str(src), "--grid", "370303001001009")
    assert code == 1 and "不存在" in err


def test_output_folders_that_do_not_exist_are_said_in_chinese_before_anything_is_written(
        capsys, community, db_file, tmp_path):
    src = ledger(tmp_path / "in.xlsx", [["姓名", "公民身份号码"], ["张三", A], ["坏", "123"]])
    missing = tmp_path / "没有的文件夹"
    code, out, err = run(capsys, "--db", db_file, "residents", "import", str(src), "--grid", community.grids[0],
                         "--errors", str(missing / "e.xlsx"))
    assert code == 1 and "不存在" in err and str(missing) in err and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db_file, "residents", "export", str(tmp_path / "o.xlsx"), "--json")
    assert json.loads(out)["rows"] == 0  # the refused import wrote nobody
    code, _, err = run(capsys, "--db", db_file, "residents", "export", str(missing / "out.xlsx"))
    assert code == 1 and "不存在" in err and "Traceback" not in err
