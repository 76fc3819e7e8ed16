"""gridapp.cli `report`: list, build a PDF, refusals with exit codes 1/2 in Chinese (DESIGN.md §5)."""

from __future__ import annotations

import json
import shutil

import pytest

from gridapp.cli import main
from tests.reports.pdfcheck import FULL_ID, fonts, page_texts

GRID = "370303001001001"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(built_db, template_db, capsys):
    def build(path):
        shutil.copy(template_db, path)  # a migrated plain database without users: the CLI opens it as it is
        assert run(capsys, "--db", str(path), "demo", "--residents", "1200")[0] == 0

    return built_db("cli-reports-demo", "gridapp.sqlite3", build)


def test_report_list(capsys):
    code, out, err = run(capsys, "report", "list")
    assert code == 0 and err == ""
    assert out.splitlines() == ["roster\t实有人口花名册", "household_card\t户卡", "visits\t入户走访情况",
                                "small_projects\t八小工程开展情况", "assessment\t考核排名",
                                "events\t事件办理情况", "party_network\t党建网格化组织体系",
                                "party_centres\t党员中心户联系户名册", "monthly\t网格工作月报",
                                "affairs\t网格事务准入清单", "tasks\t网格任务完成情况", "disputes\t矛盾纠纷台账及化解情况"]


def test_report_list_json(capsys):
    code, out, _ = run(capsys, "report", "list", "--json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)["reports"]] == ["roster", "household_card", "visits", "small_projects",
                                                               "assessment", "events", "party_network", "party_centres",
                                                               "monthly", "affairs", "tasks", "disputes"]


def test_roster_to_a_file(capsys, demo, tmp_path):
    out_file = tmp_path / "花名册.pdf"
    code, out, err = run(capsys, "--db", str(demo), "report", "roster", "--unit", GRID, "--period", "2026-01",
                         "--out", str(out_file))
    assert code == 0, err
    assert "已生成实有人口花名册" in out and str(out_file) in out
    pdf = out_file.read_bytes()
    text = "\n".join(page_texts(pdf))
    assert "实有人口花名册" in text and "统计期：2026年01月" in text and "总计：1 个网格" in text
    assert all(fonts(pdf).values())
    assert not FULL_ID.search(text)


def test_household_card_json(capsys, demo, tmp_path):
    out_file = tmp_path / "cards.pdf"
    code, out, err = run(capsys, "--db", str(demo), "report", "household_card", "--unit", GRID, "--period",
                         "2026-01", "--out", str(out_file), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["report"] == "household_card" and result["pages"] == len(page_texts(out_file.read_bytes()))


def test_unit_outside_the_scope_is_refused_with_exit_1(capsys, demo, tmp_path):
    out_file = tmp_path / "x.pdf"
    code, out, err = run(capsys, "--db", str(demo), "report", "roster", "--unit", "370303002001001",
                         "--period", "2026-01", "--out", str(out_file))
    assert code == 1
    assert "不在本单位" in err and "Traceback" not in err
    assert not out_file.exists()


@pytest.mark.parametrize("argv,words", [
    (["report", "nope", "--unit", GRID, "--out", "x.pdf"], "没有名为"),
    (["report", "roster", "--unit", GRID], "--out"),
    (["report", "roster", "--out", "x.pdf"], "--unit"),
    (["report", "roster", "--unit", GRID, "--period", "2026-13", "--out", "x.pdf"], "统计期"),
    (["report", "roster", "--unit", GRID, "--household", "h", "--out", "x.pdf"], "--household"),
    (["report"], "用法错误"),
])
def test_bad_usage_exits_2(capsys, argv, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "用法错误" in err and words in err
    assert not (tmp_path / "x.pdf").exists()


def test_monthly_report_as_pdf_and_xlsx(capsys, demo, tmp_path):
    for fmt in ("pdf", "xlsx"):
        out_file = tmp_path / f"月报.{fmt}"
        code, out, err = run(capsys, "--db", str(demo), "report", "monthly", "--unit", GRID[:12], "--period",
                             "2026-01", "--out", str(out_file), "--format", fmt)
        assert code == 0, err
        assert "已生成网格工作月报" in out and out_file.stat().st_size > 1000
    code, _, err = run(capsys, "--db", str(demo), "report", "roster", "--unit", GRID, "--out",
                       str(tmp_path / "x.xlsx"), "--format", "xlsx")
    assert code == 2 and "xlsx" in err


@pytest.mark.parametrize("name,title,sheets", [
    ("affairs", "网格事务准入清单", ["准入清单"]),
    ("tasks", "网格任务完成情况", ["按网格", "逾期未完成"]),
    ("disputes", "矛盾纠纷台账及化解情况", ["化解情况", "纠纷台账"])])
def test_listed_reports_as_pdf_and_xlsx(capsys, demo, tmp_path, name, title, sheets):
    import io

    from openpyxl import load_workbook

    from gridapp.domain import clock

    period = f"{clock.today():%Y-%m}"  # the demo's records are of this month
    pdf_file, xlsx_file = tmp_path / f"{name}.pdf", tmp_path / f"{name}.xlsx"
    code, out, err = run(capsys, "--db", str(demo), "report", name, "--unit", GRID[:12], "--period", period,
                         "--out", str(pdf_file))
    assert code == 0, err
    assert f"已生成{title}" in out
    text = "\n".join(page_texts(pdf_file.read_bytes()))
    assert title in text and "填报单位" in text and "审核人" in text
    if name != "affairs":
        assert "第1网格" in text  # grids named with their community
    code, out, err = run(capsys, "--db", str(demo), "report", name, "--unit", GRID[:12], "--period", period,
                         "--out", str(xlsx_file), "--json")
    assert code == 0, err
    assert json.loads(out)["pages"] == 0
    assert load_workbook(io.BytesIO(xlsx_file.read_bytes())).sheetnames == sheets


def test_listed_report_outside_the_scope_exits_1(capsys, demo, tmp_path):
    for name in ("affairs", "tasks", "disputes"):
        out_file = tmp_path / f"{name}.pdf"
        code, _out, err = run(capsys, "--db", str(demo), "report", name, "--unit", "370303002001001",
                              "--out", str(out_file))
        assert code == 1 and "不在本单位" in err and not out_file.exists()
