"""gridapp.services.xlsx_ledger and the four area ledgers (affairs, visits, disputes, projects): messy workbooks
in (title rows, header variants, code labels, odd spaces, a bad row), every row through its area's service as
the role that does the work, one transaction, nothing written by a preview, refused rows with reasons and an
error workbook, and export → import round trips (masked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from gridapp.core.errors import PermissionDenied, ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.permissions import Principal, Role
from gridapp.db.models import AffairItem, AuditLog, ChangeLog, Dispute, HouseholdVisit, SmallProject
from gridapp.services.affairs import AffairLedger, AffairService
from gridapp.services.disputes import DisputeInput, DisputeLedger, DisputeService
from gridapp.services.ledger import LedgerService
from gridapp.services.projects import ProjectLedger
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.visits import VisitLedger, today_local
from gridapp.services.xlsx_ledger import REASON_HEADER

TODAY = today_local()
DAY = TODAY - dt.timedelta(days=10)


def book(path: Path, header: list, rows: list[list], title: str | None = "某某台账（2026年）") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def read_book(path: Path) -> list[list]:
    ws = openpyxl.load_workbook(path).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def who(role: Role, unit: str, name: str = "") -> Principal:
    return Principal(role.value, role.value, role, unit, display_name=name or role.value)


def count(db, model) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model).where(model.deleted.is_(False))).scalar_one()


def changes(db) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(ChangeLog)).scalar_one()


# -- affairs ---------------------------------------------------------------------------------------------------
AFFAIR_HEADER = ["序号", "事项名称 *", "申请部门", "法律/政策依据", "网格员职责", "频次", "办理时限（天）", "备注"]


def affair_rows() -> list[list]:
    return [
        [1, "独居老人探访", "民政办", "《老年人权益保障法》", "每周探访一次", "每周", 3, ""],
        [2, "燃气安全\u3000巡查", "应急办", "", "入户查看", "04", "7天", "季度"],
        [3, "", "应急办", "", "", "每月", 1, "名称空：拒绝"],
        [4, "出租房登记", "公安", "", "", "每两天", 1, "频次错：拒绝"],
        [5, "独居老人探访", "民政办", "", "", "每周", 3, "同名重复：拒绝"],
    ]


def test_affairs_import_previews_then_applies_each_row_as_an_application(community, tmp_path):
    db = community.db
    dept = who(Role.DEPARTMENT, community.code, "民政办张三")
    ledger = AffairLedger(db, dept)
    path = book(tmp_path / "事项.xlsx", AFFAIR_HEADER, affair_rows())
    before = changes(db)
    plan = ledger.prepare(path)
    assert plan.counts == {"total": 5, "accepted": 2, "rejected": 3}
    assert changes(db) == before and count(db, AffairItem) == 0  # the preview wrote nothing
    reasons = {r.row_no: r.reason for r in plan.refused}
    assert reasons[6].startswith("事项名称") and "不能为空" in reasons[6]
    assert "每两天" in reasons[7] and "频次" in reasons[7]
    assert "同名事项" in reasons[8]  # the service's rule, within the file too
    assert plan.ignored_headers == ["序号", "备注"]
    counts = ledger.apply(plan)
    assert counts["accepted"] == 2
    items = {v.name: v for v in AffairService(db, dept).list()}
    assert set(items) == {"独居老人探访", "燃气安全 巡查"}
    assert (items["独居老人探访"].frequency, items["独居老人探访"].deadline_days) == ("02", 3)
    assert (items["燃气安全 巡查"].frequency, items["燃气安全 巡查"].deadline_days) == ("04", 7)
    assert {v.status for v in items.values()} == {"applied"}
    assert items["独居老人探访"].applied_by == "民政办张三"
    with db.read() as s:
        imports = s.execute(select(AuditLog).where(AuditLog.action == "import")).scalars().all()
    assert [a.target_table for a in imports] == ["affair_item"]
    # the error workbook: the refused rows as they were, plus 错误原因
    out = tmp_path / "错误.xlsx"
    assert ledger.write_errors(plan, out) == 3
    rows = read_book(out)
    assert rows[0][-1] == REASON_HEADER and rows[0][1:-1] == [h.replace(" *", "") for h in AFFAIR_HEADER]
    assert [r[0] for r in rows[1:]] == [6, 7, 8]


def test_affairs_export_round_trips_and_needs_a_role_that_may(community, tmp_path):
    db = community.db
    dept = who(Role.DEPARTMENT, community.code)
    ledger = AffairLedger(db, dept)
    ledger.apply(ledger.prepare(book(tmp_path / "a.xlsx", AFFAIR_HEADER, affair_rows()[:2])))
    out = tmp_path / "导出.xlsx"
    assert ledger.export(out) == 2
    rows = read_book(out)
    assert rows[0][:6] == ["事项名称", "申请部门", "依据", "网格员职责", "频次", "办理时限"]
    assert {r[4] for r in rows[1:]} == {"每周", "每季度"}  # labels, not codes
    # the same file read back by another unit's department is the same list
    other = AffairLedger(db, who(Role.DEPARTMENT, community.code))
    plan = other.prepare(out)
    assert {r.values["name"] for r in plan.rows} == {"独居老人探访", "燃气安全 巡查"}
    assert {r.values["frequency"] for r in plan.rows} == {"02", "04"}
    assert plan.counts["rejected"] == 2  # already applied for: the service refuses a duplicate
    with pytest.raises(PermissionDenied):
        AffairLedger(db, who(Role.POLICE, community.code)).prepare(out)


def test_a_failure_half_way_writes_nothing(community, tmp_path, monkeypatch):
    db = community.db
    ledger = AffairLedger(db, who(Role.DEPARTMENT, community.code))
    plan = ledger.prepare(book(tmp_path / "a.xlsx", AFFAIR_HEADER, affair_rows()[:2]))
    calls = []

    def boom(svc, row, ctx):  # the second row fails with a programming error: the first is rolled back too
        calls.append(row.row_no)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return AffairLedger.apply_row(ledger, svc, row, ctx)

    monkeypatch.setattr(ledger, "apply_row", boom)
    before = changes(db)
    with pytest.raises(RuntimeError):
        ledger.apply(plan)
    assert count(db, AffairItem) == 0 and changes(db) == before


def test_a_workbook_without_the_ledger_says_what_it_looked_for(community, tmp_path):
    path = book(tmp_path / "x.xlsx", ["姓名", "电话"], [["张三", "1"]])
    with pytest.raises(ValidationError) as e:
        AffairLedger(community.db, who(Role.DEPARTMENT, community.code)).prepare(path)
    assert "网格事务清单" in e.value.message and "事项名称" in e.value.message
    (tmp_path / "y.xlsx").write_text("not a workbook")
    with pytest.raises(ValidationError, match="不是有效的 Excel"):
        AffairLedger(community.db, who(Role.DEPARTMENT, community.code)).prepare(tmp_path / "y.xlsx")


# -- visits ----------------------------------------------------------------------------------------------------
@pytest.fixture
def homes(community):
    """Three households in grid 1 (two share the 户号 0007 in different grids), with their heads."""
    reg = RegistryService(community.db, community.code)
    out = {}
    for i, (grid, no, addr) in enumerate([(community.grids[0], "0007", "和平路1号1单元101"),
                                          (community.grids[1], "0007", "和平路9号"),
                                          (community.grids[0], "0008", "和平路1号1单元102")], start=1):
        hid = reg.create_household(grid, addr, household_no=no)
        idn = make_id("370303", dt.date(1960 + i, 3, 4), i)
        reg.create_resident(ResidentInput(grid_code=grid, id_number=idn, name=f"户主{i}", household_id=hid,
                                          relation_to_head="02"))
        out[i] = (hid, idn)
    return out


VISIT_HEADER = ["走访日期", "户主姓名", "户主身份证号码", "户号", "住址", "走访民警", "在家人数", "走访内容", "问题/诉求",
                "处理情况"]


def test_visits_import_finds_households_by_id_number_number_or_address(community, homes, tmp_path):
    db = community.db
    police = who(Role.POLICE, community.code, "王警官")
    idn3 = homes[3][1]
    rows = [
        [DAY, "户主1", homes[1][1], "", "", "王警官", 2, "了解家庭情况", "", ""],
        [DAY.strftime("%Y/%m/%d"), "", "", "0008", "", "", "3人", "宣传防诈骗", "路灯坏了", "已报修"],
        [DAY.isoformat(), "", "", "", "和平路9号", "", 1, "走访", "", ""],
        [DAY, "", "", "0007", "", "", 1, "户号两户：拒绝", "", ""],
        [DAY, "户主9", idn3, "", "", "", 1, "户主不符：拒绝", "", ""],
        [DAY, "", "", "", "不存在路1号", "", 1, "找不到：拒绝", "", ""],
        [DAY, "", int(idn3[:-1]) if idn3[-1] != "X" else 1.0, "", "", "", 1, "数字身份证：拒绝", "", ""],
        [DAY, "户主1", homes[1][1], "", "", "李警官", 1, "别人的台账：拒绝", "", ""],
        [TODAY + dt.timedelta(days=2), "户主1", homes[1][1], "", "", "", 1, "明天：拒绝", "", ""],
    ]
    ledger = VisitLedger(db, police)
    plan = ledger.prepare(book(tmp_path / "走访.xlsx", VISIT_HEADER, rows))
    reasons = {r.row_no - 3: r.reason for r in plan.refused}
    assert plan.counts["accepted"] == 3, reasons
    assert "2 户" in reasons[4] and "户号 0007" in reasons[4]
    assert "户主姓名" in reasons[5] and "户主3" in reasons[5]
    assert "找不到地址" in reasons[6]
    assert "存成了数字" in reasons[7]
    assert "走访民警" in reasons[8] and "李警官" in reasons[8]
    assert "走访日期" in reasons[9]
    assert count(db, HouseholdVisit) == 0
    ledger.apply(plan)
    visits = VisitLedger(db, police).export_rows()
    assert sorted((v["address"], v["present"], v["visitor"]) for v in visits) == [
        ("和平路1号1单元101", 2, "王警官"), ("和平路1号1单元102", 3, "王警官"), ("和平路9号", 1, "王警官")]
    # export masks the head's ID number; the masked file still reads back (by 户号, else address)
    out = tmp_path / "导出.xlsx"
    assert ledger.export(out) == 3
    text = str(read_book(out))
    assert homes[1][1] not in text and homes[1][1][-4:] in text
    again = VisitLedger(db, police).prepare(out)
    assert again.counts["accepted"] == 3, [r.reason for r in again.refused]


def test_visits_by_the_heads_name_alone_when_it_is_unique(community, homes, tmp_path):
    police = who(Role.POLICE, community.code, "王警官")
    rows = [[DAY, "户主2", "", "", "", "", 1, "只写户主姓名", "", ""],
            [DAY, "没这个人", "", "", "", "", 1, "找不到", "", ""],
            [DAY, "", "", "", "", "", 1, "什么都没写", "", ""]]
    plan = VisitLedger(community.db, police).prepare(book(tmp_path / "v.xlsx", VISIT_HEADER, rows, title=None))
    assert plan.counts["accepted"] == 1
    assert "没这个人" in plan.refused[0].reason and "户主身份证号、户号、地址或户主姓名" in plan.refused[1].reason


def test_visits_need_the_visit_permission(community, homes, tmp_path):
    path = book(tmp_path / "v.xlsx", VISIT_HEADER, [[DAY, "", "", "0008", "", "", 1, "走访", "", ""]])
    with pytest.raises(PermissionDenied):
        VisitLedger(community.db, who(Role.GRID_WORKER, community.grids[0])).prepare(path)


def test_visits_outside_the_scope_are_not_found(community, homes, tmp_path):
    police = who(Role.POLICE, community.grids[1], "王警官")  # grid 2 only: 0008 lies in grid 1
    plan = VisitLedger(community.db, police).prepare(
        book(tmp_path / "v.xlsx", VISIT_HEADER, [[DAY, "", "", "0008", "", "", 1, "走访", "", ""]]))
    assert plan.counts["rejected"] == 1 and "找不到户号为 0008" in plan.refused[0].reason


# -- disputes --------------------------------------------------------------------------------------------------
DISPUTE_HEADER = ["网格", "纠纷名称", "发生时间", "地点", "纠纷类型", "规模", "涉及人数", "基本情况", "当事人"]


def test_disputes_import_as_a_grid_worker(community, tmp_path):
    db = community.db
    worker = who(Role.GRID_WORKER, community.grids[0], "网格员小李")
    rows = [
        ["", "楼上漏水", DAY, "和平路1号", "婚恋家庭纠纷", "个体", 2, "漏水", "张某、李某"],
        ["第1网格", "工资拖欠", DAY, "工地", "劳资纠纷", "02", "12", "", "王某等"],
        ["", "借钱不还", DAY, "和平路2号", "08", "01", 2, "", f"赵某 {make_id('370303', dt.date(1980, 1, 1), 9)}"],
        ["", "地界", DAY, "村口", "宅基地", "01", 2, "", ""],
        ["第2网格", "他网格", DAY, "和平路9号", "02", "01", 2, "", ""],
        ["", "简述里有号码", DAY, "和平路3号", "02", "01", 2, f"身份证{make_id('370303', dt.date(1981, 1, 1), 7)}", ""],
    ]
    ledger = DisputeLedger(db, worker)
    plan = ledger.prepare(book(tmp_path / "纠纷.xlsx", DISPUTE_HEADER, rows, title=None))
    reasons = {r.row_no - 1: r.reason for r in plan.refused}
    assert plan.counts["accepted"] == 2, reasons
    assert "身份证号" in reasons[3] and "当事人" in reasons[3]
    assert "宅基地" in reasons[4] and "事件类别" in reasons[4]
    assert "网格" in reasons[5]
    assert "身份证号" in reasons[6] and "简述" in reasons[6]
    assert count(db, Dispute) == 0
    ledger.apply(plan)
    got = {d.name: d for d in DisputeService(db, worker).list_disputes()}
    assert (got["楼上漏水"].category, got["楼上漏水"].scale) == ("01", "01")
    assert (got["工资拖欠"].category, got["工资拖欠"].people) == ("07", 12)
    assert {d.unit_code for d in got.values()} == {community.grids[0]}


def test_disputes_export_masks_the_resolvers_phone_and_reads_back(community, tmp_path):
    db = community.db
    svc = DisputeService(db, community.code)
    did = svc.register(DisputeInput("噪音", DAY, "和平路1号", "02", "01", 2, grid_code=community.grids[0]))
    svc.start_mediation(did, org="人民调解委员会", person="刘主任", phone="13912345678")
    office = who(Role.OFFICE, community.code)
    out = tmp_path / "纠纷导出.xlsx"
    assert DisputeLedger(db, office).export(out) == 1
    rows = read_book(out)
    assert "13912345678" not in str(rows) and "5678" in str(rows)
    assert "邻里" in rows[1] and "个体性" in rows[1]
    assert rows[0][:2] == ["短编号", "事件编号"] and rows[1][:2] == [svc.get(did).short_number, svc.get(did).number]
    plan = DisputeLedger(db, office).prepare(out)
    assert plan.counts["accepted"] == 1, plan.refused[0].reason if plan.refused else ""
    assert plan.rows[0].values["grid"] == community.grids[0]


# -- projects --------------------------------------------------------------------------------------------------
PROJECT_HEADER = ["所属网格", "工程类别", "活动名称", "活动日期", "参加人数", "活动内容", "责任人", "服务类型", "服务人数",
                  "议事形式", "议题", "议定事项", "发现隐患数", "整改隐患数"]


def test_projects_import_each_kind_with_its_fields(community, tmp_path):
    db = community.db
    worker = who(Role.GRID_WORKER, community.grids[0], "网格员小李")
    rows = [
        ["", "小服务", "助老理发", DAY, 6, "为老人理发", "张明", "助老助残", 15, "", "", "", "", ""],
        ["", "民主", "电梯议事", DAY, 24, "议定分摊", "张明", "", "", "村(居)民代表会议", "加装电梯", "按楼层", "", ""],
        ["", "小平安", "安全巡查", DAY, 4, "巡查", "张明", "", "", "", "", "", 5, 6],
        ["", "小服务", "服务", DAY, 6, "内容", "张明", "", "", "03", "", "", "", ""],
        ["第2网格", "小服务", "他网格", DAY, 6, "内容", "张明", "02", 3, "", "", "", "", ""],
    ]
    ledger = ProjectLedger(db, worker)
    plan = ledger.prepare(book(tmp_path / "八小.xlsx", PROJECT_HEADER, rows))
    reasons = {r.row_no - 3: r.reason for r in plan.refused}
    assert plan.counts["accepted"] == 2, reasons
    assert "整改隐患" in reasons[3]
    assert "议事形式" in reasons[4]
    assert "单位" in reasons[5] or "网格" in reasons[5]
    ledger.apply(plan)
    assert count(db, SmallProject) == 2
    out = tmp_path / "八小导出.xlsx"
    assert ledger.export(out) == 2
    back = ProjectLedger(db, worker).prepare(out)
    assert back.counts["accepted"] == 2, [r.reason for r in back.refused]
    assert {r.values["kind"] for r in back.rows} == {"service", "consultation"}


# -- the resident ledger shares the reader -----------------------------------------------------------------------
def test_the_resident_ledger_still_reads_through_the_shared_reader(community, tmp_path):
    idn = make_id("370303", dt.date(1990, 1, 2), 5)
    path = book(tmp_path / "r.xlsx", ["网格编码", "姓名", "身份证号"], [[community.grids[0], "张三", idn]])
    plan = LedgerService(community.db, community.code).prepare(path)
    assert plan.counts["inserted"] == 1


def test_refused_rows_leave_no_gap_in_the_change_numbers(community, tmp_path, monkeypatch):
    """A refused row's savepoint is rolled back: the change numbers it had taken are handed out again, so the
    change log stays without gaps (a parent would otherwise wait for changes that never come)."""
    db = community.db
    worker = who(Role.GRID_WORKER, community.grids[0], "网格员小李")
    rows = [["", f"纠纷{i}", DAY, "和平路", "02", "01", 2, "", ""] for i in range(6)]
    ledger = DisputeLedger(db, worker)

    def late_refusal(svc, row, ctx):  # refused after the service wrote (and numbered) its changes
        new_id = DisputeLedger.apply_row(ledger, svc, row, ctx)
        if row.row_no % 2:
            raise ValidationError("晚了")
        return new_id

    monkeypatch.setattr(ledger, "apply_row", late_refusal)
    plan = ledger.prepare(book(tmp_path / "d.xlsx", DISPUTE_HEADER, rows))
    assert plan.counts == {"total": 6, "accepted": 3, "rejected": 3}
    ledger.apply(plan)
    with db.read() as s:
        seqs = s.execute(select(ChangeLog.node_seq).where(ChangeLog.node_id == db.node_id)
                         .order_by(ChangeLog.node_seq)).scalars().all()
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
