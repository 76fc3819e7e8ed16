"""gridapp.services.ledger: xlsx resident ledgers in (preview, all-or-nothing, cancel, error workbook) and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gridapp.core.errors import Cancelled, PermissionDenied, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.core.progress import Progress
from gridapp.db.models import ChangeLog, Resident
from gridapp.services.ledger import LedgerService
from gridapp.services.registry import RegistryService, ResidentInput

A = make_id("370303", dt.date(1960, 5, 4), 11)
B = make_id("370303", dt.date(1988, 9, 30), 22)
C = make_id("370303", dt.date(2001, 1, 15), 34)  # female
OLD15 = "370303650101151"  # 1965-01-01, sequence 151 (male)


def xlsx(path: Path, rows: list[list], *, title: str = "Sheet1", before: list[list] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in before or []:
        ws.append(r)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def count(db, model=Resident) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def ledger(community) -> LedgerService:
    return LedgerService(community.db, community.code)


@pytest.fixture
def grid(community) -> str:
    return community.grids[0]


def test_header_variants_labels_and_preview_counts(community, ledger, grid, tmp_path):
    reg = RegistryService(community.db, community.code)
    reg.create_resident(ResidentInput(grid, A, "张三", phone="13900000001"))
    reg.create_resident(ResidentInput(grid, B, "李四"))
    path = xlsx(tmp_path / "l.xlsx", [
        ["网格", "姓名", "身份证号码", "性别", "民族", "手机号", "居住地址", "备注"],
        [grid, "张三", A, "男", "汉族", "13900000002", "人民路1号", "x"],  # phone changed: updated
        [grid, "李四", B, None, None, None, None, None],  # nothing new: unchanged
        [grid, "王五", C, "女", "回", "0533-1234567", "人民路2号", None],  # new
        [grid, "赵六", OLD15, "男性", None, None, None, None],  # converted 15 -> 18, new
        [grid, "钱七", "12345", "男", None, None, None, None],  # refused
    ], before=[["某社区居民台账（2026）"]])
    plan = ledger.prepare(path)
    assert [r.reason for r in plan.refused] == ["公民身份号码：身份证号应为 18 位，现为 5 位。"]
    assert plan.counts == {"inserted": 2, "updated": 1, "unchanged": 1, "rejected": 1, "converted_15": 1,
                           "households": 2, "buildings": 0}  # 人民路1号 and 人民路2号
    assert plan.ignored_headers == ["备注"]
    assert plan.refused[0].row_no == 7 and "18 位" in plan.refused[0].reason
    assert count(community.db) == 2  # the preview wrote nothing
    assert ledger.apply(plan)["inserted"] == 2
    with community.db.read() as s:
        by_name = {r.name: r for r in s.execute(select(Resident)).scalars()}
    assert len(by_name) == 4 and by_name["张三"].phone == "13900000002"
    assert by_name["王五"].ethnicity == "03" and by_name["王五"].gender == "2"
    assert by_name["赵六"].id_number == "370303196501011514" and by_name["赵六"].name_initials == "zl"
    again = ledger.prepare(path)  # importing the same file again matches everyone by ID number
    assert again.counts["inserted"] == 0 and again.counts["unchanged"] == 4


def test_bad_rows_are_refused_with_reasons_in_an_error_workbook(community, ledger, grid, tmp_path):
    ids = [make_id("370303", dt.date(1980, 1, 1), n) for n in (41, 43, 45, 47, 49, 51, 53)]  # all male
    path = xlsx(tmp_path / "bad.xlsx", [
        ["网格编码", "姓名", "公民身份号码", "出生日期", "联系电话", "性别"],
        [grid, "甲", ids[0], "1980-01-01", "139", None],  # bad phone
        [grid, "乙", ids[1], "1980/13/40", None, None],  # invalid date
        ["370303001009001", "丙", ids[2], None, None, None],  # grid outside the scope
        [grid, "丁", ids[0], None, None, None],  # the same ID number as row 2
        [grid, None, ids[3], None, None, None],  # no name
        [grid, "戊", ids[4], None, None, "女"],  # gender does not match the ID number
        [grid, "己", ids[5], None, None, "未知"],  # not a code label
        [grid, "庚", A, "1960-05-04", None, "男"],  # fine
        [grid, "辛", ids[6], None, "139", None],  # bad phone
    ])
    plan = ledger.prepare(path)
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert set(reasons) == {2, 3, 4, 5, 6, 7, 8, 10} and "联系电话" in reasons[10] and plan.counts["inserted"] == 1
    assert "重复" in reasons[2] and "第 5 行" in reasons[2] and "第 2 行" in reasons[5]
    assert "不存在" in reasons[3] and "范围" in reasons[4]
    assert "姓名不能为空" in reasons[6] and "不符" in reasons[7] and "性别" in reasons[8]
    out = tmp_path / "errors.xlsx"
    assert ledger.write_errors(plan, out) == 8
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and rows[1][:4] == (2, grid, "甲", ids[0]) and "重复" in rows[1][-1]


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b""), "空的"),
    (lambda p: p.write_bytes(b"not a zip at all"), "不是有效的 Excel"),
    (lambda p: xlsx(p, [["序号", "地址"], [1, "x"]], title="楼栋"), "没有找到居民台账"),
    (lambda p: xlsx(p, [["姓名", "身份证号"]]), "没有数据行"),
])
def test_malformed_workbooks_are_refused_clearly(ledger, tmp_path, make, message):
    path = tmp_path / "x.xlsx"
    make(path)
    with pytest.raises(ValidationError, match=message):
        ledger.prepare(path)


def test_the_first_sheet_with_a_ledger_header_is_used(ledger, grid, tmp_path):
    wb = Workbook()
    wb.active.append(["说明"])
    ws = wb.create_sheet("居民")
    ws.append(["姓名", "公民身份号码", "网格编码"])
    ws.append(["张三", A, grid])
    wb.save(tmp_path / "two.xlsx")
    plan = ledger.prepare(tmp_path / "two.xlsx")
    assert plan.sheet == "居民" and plan.counts["inserted"] == 1


def test_a_cancelled_import_writes_nothing(community, ledger, grid, tmp_path):
    rows = [["姓名", "身份证号"]] + [[f"居民{i}", make_id("370303", dt.date(1970, 1, 1) + dt.timedelta(days=i), 1)]
                                     for i in range(12000)]
    plan = ledger.prepare(xlsx(tmp_path / "big.xlsx", rows), default_grid=grid)
    assert plan.counts["inserted"] == 12000
    progress = Progress(lambda done, total, _t: progress.cancel() if done >= total // 2 else None)
    logs = count(community.db, ChangeLog)
    with pytest.raises(Cancelled):
        ledger.apply(plan, progress)
    assert count(community.db) == 0 and count(community.db, ChangeLog) == logs


def test_permissions_audit_and_masked_export(community, grid, tmp_path):
    viewer = LedgerService(community.db, Principal("v", "viewer", Role.VIEWER, community.code))
    worker = LedgerService(community.db, Principal("w", "worker", Role.GRID_WORKER, community.code))
    path = xlsx(tmp_path / "l.xlsx", [["姓名", "身份证号", "网格编码", "电话"], ["张三", A, grid, "13912345678"]])
    with pytest.raises(PermissionDenied):
        viewer.prepare(path)
    worker.apply(worker.prepare(path))
    out = tmp_path / "out.xlsx"
    assert viewer.export(out) == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("网格编码", "姓名", "公民身份号码")
    assert rows[1][2] == A[:6] + "********" + A[-4:] and rows[1][6] == "139****5678" and rows[1][3] == "男"
    from gridapp.db.models import AuditLog

    with community.db.read() as s:
        acts = [a for (a,) in s.execute(select(AuditLog.action).order_by(AuditLog.created_hlc))]
    assert acts == ["import", "export"]
    again = worker.prepare(out)  # masked numbers cannot come back in as valid
    assert again.counts["rejected"] == 1
