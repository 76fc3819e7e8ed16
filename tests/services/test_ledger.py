"""gridapp.services.ledger: xlsx resident ledgers in (preview, all-or-nothing, cancel, error workbook) and out."""

from __future__ import annotations

import datetime as dt
import zipfile
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


def truncated(path: Path) -> None:
    """A real workbook cut short, as after an interrupted copy from a USB stick."""
    xlsx(path, [["姓名", "身份证号"], ["张三", A]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damaged_sheet(path: Path) -> None:
    """A valid zip whose sheet XML is broken off in the middle."""
    xlsx(path.with_suffix(".ok"), [["姓名", "身份证号"], ["张三", A]])
    with zipfile.ZipFile(path.with_suffix(".ok")) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if "worksheets/sheet1" in item.filename else data)


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b""), "空的"),
    (lambda p: p.write_bytes("姓名,身份证号\n张三,1\n".encode()), "不是有效的 Excel 工作簿（.xlsx）"),  # a renamed CSV
    (truncated, "不是有效的 Excel 工作簿"),
    (lambda p: p.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)), "旧版 .xls 工作簿或设置了打开密码"),
    (damaged_sheet, "不是有效的 Excel 工作簿.*无法读取"),
    (lambda p: xlsx(p, [["序号", "地址"], [1, "x"]], title="楼栋"),
     "没有找到居民台账（已查看工作表：楼栋）.*“姓名”和“公民身份号码”或“身份证号”"),
    (lambda p: xlsx(p, [["姓名", "身份证号"]]), "没有数据行"),
])
def test_malformed_workbooks_are_refused_clearly(community, ledger, tmp_path, make, message):
    path = tmp_path / "x.xlsx"
    make(path)
    logs = count(community.db, ChangeLog)
    with pytest.raises(ValidationError, match=message):
        ledger.prepare(path)
    assert count(community.db) == 0 and count(community.db, ChangeLog) == logs


def test_old_15_digit_numbers_are_converted_or_refused_never_stored_as_they_are(community, ledger, grid, tmp_path):
    bad15 = "370303651301151"  # month 13: no such birth date
    path = xlsx(tmp_path / "old.xlsx", [["姓名", "身份证号", "网格编码"], ["赵六", OLD15, grid], ["孙八", bad15, grid],
                                        ["周九", "370303196501011514", grid]])  # the 18-digit form of OLD15
    plan = ledger.prepare(path)
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert set(reasons) == {2, 3, 4} and "重复" in reasons[2] and "第 4 行" in reasons[2]
    assert reasons[3].startswith("公民身份号码：") and "出生日期 19651301 不存在" in reasons[3]
    path = xlsx(tmp_path / "old2.xlsx", [["姓名", "身份证号", "网格编码"], ["赵六", OLD15, grid], ["孙八", bad15, grid]])
    plan = ledger.prepare(path)
    assert plan.counts["converted_15"] == 1 and plan.counts["rejected"] == 1
    ledger.apply(plan)
    with community.db.read() as s:
        stored = [n for (n,) in s.execute(select(Resident.id_number))]
    assert stored == ["370303196501011514"]  # the converted number only; never a 15-digit one


def test_households_and_buildings_come_from_the_ledger(community, ledger, grid, tmp_path):
    reg = RegistryService(community.db, community.code)
    h1 = reg.create_household(grid, "人民路1号", household_no="H001")
    h9 = reg.create_household(grid, "人民路9号")
    reg.create_resident(ResidentInput(grid, A, "张三", household_id=h1, relation_to_head="02"))
    mover = make_id("370303", dt.date(1970, 3, 3), 61)
    reg.create_resident(ResidentInput(grid, mover, "吴一", household_id=h1, relation_to_head="10"))
    ids = [make_id("370303", dt.date(1990, 1, 1) + dt.timedelta(days=n), 71) for n in range(8)]
    logs = count(community.db, ChangeLog)
    path = xlsx(tmp_path / "h.xlsx", [
        ["网格编码", "姓名", "身份证号", "户号", "与户主关系", "楼栋", "单元", "房号", "现住址"],
        [grid, "甲", ids[0], "H001", "子", None, None, None, None],  # the existing household by its number
        [grid, "乙", ids[1], "H002", "户主", "2号楼", "1", "101", None],  # a new household in a new building
        [grid, "丙", ids[2], "H002", "女", None, None, None, None],
        [grid, "吴一", mover, "H002", "配偶", None, None, None, None],  # moves from H001 to H002: an update
        [grid, "丁", ids[3], None, "户主", None, None, None, "人民路9号"],  # the existing household by address
        [grid, "戊", ids[4], "H003", "户主", "3号楼", None, "201", None],  # two heads in H003: both refused
        [grid, "己", ids[5], "H003", "户主", "3号楼", None, "201", None],
        [grid, "庚", ids[6], "H001", "户主", None, None, None, None],  # H001 already has a head (张三)
        [grid, "辛", ids[7], "H004", "户主", "2号楼", None, "102", None],  # another household in 2号楼
    ])
    plan = ledger.prepare(path)
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert set(reasons) == {7, 8, 9}
    assert "两位户主" in reasons[7] and "第 8 行" in reasons[7] and "第 7 行" in reasons[8]
    assert "已登记户主张三" in reasons[9] and reasons[9].startswith("与户主关系：")
    c = plan.counts
    assert (c["inserted"], c["updated"], c["households"], c["buildings"]) == (5, 1, 2, 1)
    assert count(community.db, ChangeLog) == logs  # the preview wrote nothing
    ledger.apply(plan)
    with community.db.read() as s:
        from gridapp.db.models import Building, Household

        people = {r.name: r for r in s.execute(select(Resident)).scalars()}
        houses = {h.id: h for h in s.execute(select(Household)).scalars()}
        buildings = {b.id: b.name for b in s.execute(select(Building)).scalars()}
        tables = {t for (t,) in s.execute(select(ChangeLog.table_name).where(ChangeLog.node_seq > logs))}
    assert people["甲"].household_id == h1 and people["丁"].household_id == h9
    h2 = houses[people["乙"].household_id]
    assert people["丙"].household_id == people["吴一"].household_id == h2.id and h2.household_no == "H002"
    assert h2.address == "2号楼1单元101" and h2.room == "1单元101" and buildings[h2.building_id] == "2号楼"
    assert houses[people["辛"].household_id].building_id == h2.building_id  # one building, not two
    assert people["乙"].relation_to_head == "02" and people["吴一"].relation_to_head == "10"
    assert len(houses) == 4 and len(buildings) == 1 and {"building", "household", "resident"} <= tables
    again = ledger.prepare(path)  # the same file again: everyone matched, nothing to create
    assert (again.counts["inserted"], again.counts["households"], again.counts["buildings"]) == (0, 0, 0)
    assert again.counts["unchanged"] == 6


def test_a_household_number_new_to_the_grid_needs_an_address(ledger, grid, tmp_path):
    path = xlsx(tmp_path / "n.xlsx", [["网格编码", "姓名", "身份证号", "户号"], [grid, "甲", A, "H404"]])
    plan = ledger.prepare(path)
    assert plan.counts["rejected"] == 1 and "户号 H404" in plan.refused[0].reason and "住址" in plan.refused[0].reason


def test_the_first_sheet_with_a_ledger_header_is_used(ledger, grid, tmp_path):
    wb = Workbook()
    wb.active.append(["说明"])
    ws = wb.create_sheet("居民")
    ws.append(["姓名", "公民身份号码", "网格编码"])
    ws.append(["张三", A, grid])
    wb.save(tmp_path / "two.xlsx")
    plan = ledger.prepare(tmp_path / "two.xlsx")
    assert plan.sheet == "居民" and plan.counts["inserted"] == 1


@pytest.mark.slow
def test_a_50k_row_import_cancelled_half_way_writes_nothing(community, ledger, grid, tmp_path):
    rows = [["姓名", "身份证号", "户号", "现住址"]] + [
        [f"居民{i}", make_id("370303", dt.date(1940, 1, 1) + dt.timedelta(days=i // 3), i % 3 * 2 + 1),
         f"H{i // 3}", f"人民路{i // 3}号"] for i in range(50_000)]
    plan = ledger.prepare(xlsx(tmp_path / "big.xlsx", rows), default_grid=grid)
    assert plan.counts["inserted"] == 50_000 and plan.counts["households"] == 16_667
    seen = []

    def report(done: int, total: int, _text: str) -> None:
        seen.append(done)
        if done >= total // 2:
            progress.cancel()

    progress = Progress(report)
    logs = count(community.db, ChangeLog)
    with pytest.raises(Cancelled):
        ledger.apply(plan, progress)
    assert 25_000 <= seen[-1] < 50_000  # stopped half-way, not before the first or after the last batch
    from gridapp.db.models import Household

    assert count(community.db) == 0 and count(community.db, Household) == 0
    assert count(community.db, ChangeLog) == logs


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
    assert acts == ["view", "import", "export"]  # the preview (prepare) is audited too
    again = worker.prepare(out)  # masked numbers cannot come back in as valid
    assert again.counts["rejected"] == 1


def test_a_revealed_export_imports_back_into_the_same_households(community, ledger, grid, tmp_path):
    """Export carries 户号 and 楼栋, so the file read back matches every person and creates nothing."""
    path = xlsx(tmp_path / "l.xlsx", [
        ["网格编码", "姓名", "身份证号", "户号", "与户主关系", "楼栋", "单元", "房号"],
        [grid, "张三", A, "H001", "户主", "3号楼", "1单元", "101"],
        [grid, "王五", C, "H001", "女", "3号楼", "1单元", "101"],
        [grid, "李四", B, "H002", "户主", "3号楼", "2单元", "201"],
    ])
    first = ledger.prepare(path)
    assert first.counts["households"] == 2 and first.counts["buildings"] == 1
    ledger.apply(first)
    out = tmp_path / "out.xlsx"
    assert ledger.export(out, reveal=True) == 3
    header, *rows = list(load_workbook(out).active.iter_rows(values_only=True))
    at = header.index("户号")
    assert header[at + 1] == "楼栋"
    assert sorted(r[at:at + 2] for r in rows) == [("H001", "3号楼"), ("H001", "3号楼"), ("H002", "3号楼")]
    again = ledger.prepare(out)
    assert again.counts["inserted"] == 0 and again.counts["rejected"] == 0
    assert again.counts["households"] == 0 and again.counts["buildings"] == 0
    from gridapp.db.models import Household

    before = count(community.db, Household)
    ledger.apply(again)
    assert count(community.db, Household) == before == 2


def test_a_ledger_that_changes_the_type_clears_the_old_types_fields(community, ledger, grid, tmp_path):
    reg = RegistryService(community.db, community.code)
    rid = reg.create_resident(ResidentInput(grid, B, "李四", resident_type="2"))
    reg.update_resident(rid, {"inflow_reason": "01", "permit_type": "01"})
    path = xlsx(tmp_path / "l.xlsx", [["网格编码", "姓名", "身份证号", "人口类型"], [grid, "李四", B, "户籍人口"]])
    plan = ledger.prepare(path)
    assert plan.counts["updated"] == 1 and plan.counts["rejected"] == 0
    ledger.apply(plan)
    with community.db.read() as s:
        r = s.get(Resident, rid)
        assert (r.resident_type, r.inflow_reason, r.permit_type) == ("1", None, None)


def test_floating_and_foreign_extension_columns_come_in_and_go_out(community, ledger, grid, tmp_path):
    """A 流动人口 / 境外人员 ledger fills the type's extension fields from their labels; a field of another
    type, a bad date or a bad yes/no is refused naming the column; the export carries them (documents masked)."""
    D = make_id("370303", dt.date(1979, 3, 3), 45)
    E = make_id("370303", dt.date(1992, 7, 8), 56)
    path = xlsx(tmp_path / "ext.xlsx", [
        ["网格编码", "姓名", "身份证号", "人口类型", "流入原因", "办证类型", "居住证号码", "登记日期", "证件到期日期",
         "住所类型", "是否重点关注", "国籍", "外国人证件类型", "护照号码", "来华目的", "抵达日期"],
        [grid, "张三", A, "流动人口", "务工", "居住证", "JZ37030312345", "2025/3/1", "2027-02-28", "租赁房", "是",
         None, None, None, None, None],
        [grid, "李四", B, "境外人员", None, None, None, None, None, None, None,
         "韩国", "普通护照", "M12345678", "工作", "2026年1月5日"],
        [grid, "王五", C, "户籍人口", "务工", None, None, None, None, None, None, None, None, None, None, None],
        [grid, "赵六", D, "流动人口", None, None, None, "2025-13-01", None, None, None, None, None, None, None, None],
        [grid, "钱七", E, "流动人口", None, None, None, None, None, None, "也许", None, None, None, None, None],
    ])
    plan = ledger.prepare(path)
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert set(reasons) == {4, 5, 6}
    assert reasons[4].startswith("流入原因：") and "流动人口" in reasons[4]
    assert reasons[5] == "登记日期：登记日期“2025-13-01”不存在。"
    assert reasons[6].startswith("是否重点关注：") and "“是”或“否”" in reasons[6]
    assert ledger.apply(plan)["inserted"] == 2
    with community.db.read() as s:
        by_name = {r.name: r for r in s.execute(select(Resident)).scalars()}
    a, b = by_name["张三"], by_name["李四"]
    assert (a.resident_type, a.inflow_reason, a.permit_type, a.permit_no, a.dwelling_type, a.key_attention) == (
        "2", "01", "01", "JZ37030312345", "02", True)
    assert (a.permit_registered, a.permit_expires) == (dt.date(2025, 3, 1), dt.date(2027, 2, 28))
    assert (b.resident_type, b.nationality, b.foreign_doc_type, b.foreign_doc_no, b.visit_purpose, b.arrival_date) == (
        "4", "KOR", "414", "M12345678", "01", dt.date(2026, 1, 5))
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    ledger.export(masked)
    ledger.export(full, reveal=True)
    header, *rows = list(load_workbook(masked).active.iter_rows(values_only=True))
    got = {r[header.index("姓名")]: dict(zip(header, r, strict=True)) for r in rows}
    assert got["张三"]["流入原因"] == "务工" and got["张三"]["是否重点关注"] == "是"
    assert got["张三"]["登记日期"] == "2025-03-01" and got["张三"]["居住证号码"] == "*********2345"
    assert got["李四"]["国籍"] == "韩国" and got["李四"]["外国人证件号码"] == "*****5678"
    assert got["李四"]["流入原因"] is None
    again = ledger.prepare(full)  # the full export reads back unchanged, extension fields included
    assert again.counts["unchanged"] == 2 and again.counts["rejected"] == 0


def _snapshot(db) -> dict:
    """What an import leaves, without the values that differ by installation (ids, clocks): the residents with
    their household and building, the change log's fields per person, the indexes and their consistency."""
    with db.read() as s:
        conn = s.connection()
        people = sorted(conn.exec_driver_sql(
            "SELECT r.name, r.id_number, r.gender, r.birth_date, r.phone, r.current_address, r.relation_to_head, "
            "r.name_pinyin, r.name_initials, r.id_rev, r.phone_rev, h.household_no, h.address, h.room, b.name "
            "FROM resident r LEFT JOIN household h ON h.id = r.household_id "
            "LEFT JOIN building b ON b.id = h.building_id").all())
        log = sorted(conn.exec_driver_sql(
            "SELECT r.id_number, c.op, json_remove(c.fields, '$.household_id') FROM change_log c "
            "JOIN resident r ON r.id = c.row_id WHERE c.table_name = 'resident'").all())
        indexes = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                       "AND tbl_name IN ('resident', 'household', 'change_log') ORDER BY name").all()
        check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        found = {ix: conn.exec_driver_sql(f"SELECT count(*) FROM resident INDEXED BY {ix} WHERE {where}").scalar()
                 for ix, where in (("ix_resident_live_name", "name > '' AND deleted = 0 AND status = 'active'"),
                                   ("ix_resident_id_number", "id_number > ''"),
                                   ("ix_resident_unit_code", "unit_code > ''"),
                                   ("ix_resident_household_id", "household_id > ''"))}
    return {"people": people, "log": log, "indexes": indexes, "check": check, "found": found}


def test_a_big_import_with_indexes_built_afterwards_leaves_the_same_database(community, ledger, grid, tmp_path,
                                                                              open_db, monkeypatch):
    """1,500 rows into an empty grid: the resident, household and change-log indexes are dropped and built again
    after the rows (those added to in key order kept); the same ledger imported with every index kept as the
    rows go in leaves the same people, households, change log and indexes, and both databases check clean."""
    from gridapp.services.units import UnitService
    from gridapp.sync.changelog import ChangeWriter

    rows = [["姓名", "身份证号", "户号", "与户主关系", "现住址", "楼栋", "联系电话"]] + [
        [f"居民{i % 97}{'甲乙丙'[i % 3]}", make_id("370303", dt.date(1950, 1, 1) + dt.timedelta(days=i * 7), i % 500),
         f"H{i // 3:05d}", "户主" if i % 3 == 0 else "子", f"幸福路{i // 3}号", f"{i // 90 + 1}号楼",
         f"139{i:08d}"] for i in range(1500)]
    path = xlsx(tmp_path / "big.xlsx", rows)
    built: list[str] = []
    restore = ChangeWriter.restore_indexes

    def restore_and_note(self):
        built.extend(self._deferred)
        restore(self)

    monkeypatch.setattr(ChangeWriter, "restore_indexes", restore_and_note)
    before = _snapshot(community.db)
    assert ledger.apply(ledger.prepare(path, default_grid=grid))["inserted"] == 1500
    assert any("ix_resident_live_name" in sql for sql in built)  # the deferred path was taken
    assert not any("ix_resident_unit_code " in sql for sql in built)  # an in-order index was kept
    deferred = _snapshot(community.db)

    other = open_db(tmp_path / "other.sqlite3", create=True)
    units = UnitService(other)
    units.initialise(community.code, community.name, "community")
    for i, g in enumerate(community.grids, start=1):
        units.add(g, f"第{i}网格")
    monkeypatch.setattr(ChangeWriter, "defer_indexes", lambda self, rows: None)  # every index kept throughout
    built.clear()
    other_ledger = LedgerService(other, community.code)
    assert other_ledger.apply(other_ledger.prepare(path, default_grid=grid))["inserted"] == 1500
    assert built == []
    kept = _snapshot(other)
    assert deferred["check"] == kept["check"] == "ok"
    assert deferred["indexes"] == kept["indexes"] == before["indexes"]
    assert deferred["found"] == kept["found"] == {ix: 1500 for ix in deferred["found"]}
    assert deferred["people"] == kept["people"] and len(deferred["people"]) == 1500
    assert deferred["log"] == kept["log"] and len(deferred["log"]) == 1500


def test_batch_boundaries_change_nothing(community, ledger, grid, tmp_path, monkeypatch):
    """Lookups in batches of 2 and writes in batches of 2 (instead of thousands): a number twice in the file
    with a batch between the two rows is refused in both, a person written in an earlier batch of one import
    is updated by the next, and the change log holds one insert per person."""
    import gridapp.services.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "_BATCH", 2)
    monkeypatch.setattr(ledger_module, "_WRITE_BATCH", 2)
    ids = [make_id("370303", dt.date(1950 + i, 1 + i, 1 + i), 100 + i) for i in range(6)]
    header = ["网格编码", "姓名", "身份证号", "联系电话", "户号", "与户主关系", "现住址"]
    rows = [[grid, f"张{'一二三四五六'[i]}", ids[i], f"1390000000{i}", f"H{i // 2}", "户主" if i % 2 == 0 else "配偶",
             f"人民路{i // 2}号"] for i in range(6)]
    dup = [grid, "李重", ids[1], None, None, None, None]  # row 2's number again, three rows (a batch) later
    plan = ledger.prepare(xlsx(tmp_path / "a.xlsx", [header, *rows[:4], dup, *rows[4:]]))
    assert sorted(r.row_no for r in plan.refused) == [3, 6]
    assert all("重复" in r.reason for r in plan.refused)
    assert ledger.apply(plan)["inserted"] == 5
    assert count(community.db) == 5
    with community.db.read() as s:
        logged = s.execute(select(ChangeLog.row_id).where(ChangeLog.table_name == "resident",
                                                          ChangeLog.op == "insert")).scalars().all()
        by_id = {r.id_number: r for r in s.execute(select(Resident)).scalars()}
    assert sorted(logged) == sorted(r.id for r in by_id.values())
    assert len({by_id[ids[0]].household_id, by_id[ids[2]].household_id, by_id[ids[4]].household_id}) == 3
    assert by_id[ids[4]].household_id == by_id[ids[5]].household_id
    # the next import: the first and the last person (written in the first and the last batch) get new phones,
    # the one refused before comes in now
    rows[0][3], rows[5][3] = "13911111110", "13911111115"
    plan = ledger.prepare(xlsx(tmp_path / "b.xlsx", [header, *rows]))
    assert plan.counts == {"inserted": 1, "updated": 2, "unchanged": 3, "rejected": 0, "converted_15": 0,
                           "households": 0, "buildings": 0}
    ledger.apply(plan)
    with community.db.read() as s:
        phones = dict(s.execute(select(Resident.id_number, Resident.phone)).tuples().all())
    assert phones == {ids[i]: ("1391111111" if i in (0, 5) else "1390000000") + str(i) for i in range(6)}
    assert count(community.db) == 6
