"""网格事务准入清单 (公示), 网格任务完成情况, 矛盾纠纷台账及化解情况: the figures of a period for a unit, as PDF
(text read back) and .xlsx (sheets and columns), each ending with the 填报单位 / 填报人 / 审核人 / 日期 block;
out-of-scope units refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gridapp.core.errors import ScopeError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.core.reportdata import ListedData, ReportHeader, ReportTable, SignOff, TableColumn
from gridapp.domain import clock
from gridapp.domain.affairs import MIN_PUBLICITY_DAYS, AffairInput
from gridapp.domain.disputes import DisputeInput
from gridapp.reports import build_listed, render, render_xlsx
from gridapp.services.affairs import AffairService
from gridapp.services.disputes import DisputeService
from gridapp.services.reports import ReportRequest, ReportService
from gridapp.services.tasks import TaskService
from gridapp.services.units import UnitService

from .pdfcheck import fonts, page_texts

TOWN, C1, C2 = "370303001", "370303001001", "370303001002"
G1, G2, G3 = "370303001001001", "370303001001002", "370303001002001"
D0 = dt.date(2026, 10, 20)
TODAY = dt.date(2026, 11, 20)


def who(role: Role, unit: str, name: str | None = None) -> Principal:
    return Principal(f"u-{role.value}-{unit}", name or role.value, role, unit)


class Day:
    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(C1, "和平社区")
    units.add(C2, "幸福社区")
    units.add(G1, "第1网格")
    units.add(G2, "第2网格")
    units.add(G3, "第1网格")
    day = Day(D0)
    # two admitted items of the town's list, one of 和平社区's own (monthly, due on the 5th day of the month)
    for unit, name, dept in ((TOWN, "特殊人群关爱", "镇民政办"), (TOWN, "消防隐患排查", "镇应急办"),
                             (C1, "居民议事会通知", "社区居委会")):
        office = AffairService(db, who(Role.OFFICE if unit == TOWN else Role.GRID_CHIEF, unit), today=day)
        item = AffairService(db, who(Role.DEPARTMENT, unit), today=day).apply(AffairInput(
            name=name, department=dept, basis="《办法》", duty="走访并记录", frequency="03", deadline_days=5,
            required_data="走访记录"))
        office.review(item, approve=True, opinion="同意")
        office.publish(item, day.day, day.day + dt.timedelta(days=MIN_PUBLICITY_DAYS - 1))
    day.day = D0 + dt.timedelta(days=MIN_PUBLICITY_DAYS)
    for unit in (TOWN, C1):
        office = AffairService(db, who(Role.OFFICE if unit == TOWN else Role.GRID_CHIEF, unit), today=day)
        for v in office.list(status="published"):
            if v.unit_code == unit:
                office.admit(v.id)
    # November's tasks: generated on the 1st (due the 5th); G1 done both on time, G2 one late, G3 none
    day.day = dt.date(2026, 11, 1)
    TaskService(db, who(Role.OFFICE, TOWN), today=day).generate(TOWN)
    day.day = TODAY
    for grid, done_on in ((G1, dt.date(2026, 11, 3)), (G2, dt.date(2026, 11, 9))):
        svc = TaskService(db, who(Role.GRID_WORKER, grid), today=day)
        for k, t in enumerate(svc.list(grid)):
            if grid == G1 or k == 0:
                svc.complete(t.id, "已完成", on=done_on)
    # disputes of November: one resolved at once in G1, one escalated in G3, one still mediating in G2
    reg = {g: DisputeService(db, who(Role.GRID_WORKER, g), today=day) for g in (G1, G2, G3)}
    a = reg[G1].register(DisputeInput("楼道堆物纠纷", dt.date(2026, 11, 10), "人民路1号", "02", "01", 2), today=day.day)
    reg[G1].resolve(a, success=True, method="人民调解", outcome="已清理", on=dt.date(2026, 11, 12),
                   org="人民调解委员会", person="调解员", today=TODAY)
    b = reg[G3].register(DisputeInput("工资拖欠纠纷", dt.date(2026, 11, 10), "幸福路2号", "07", "02", 6), today=day.day)
    reg[G3].escalate(b, "涉及人数多", on=dt.date(2026, 11, 11), today=TODAY)
    c = reg[G2].register(DisputeInput("噪音扰民纠纷", dt.date(2026, 11, 10), "人民路3号", "02", "01", 3), today=day.day)
    reg[G2].start_mediation(c, method="人民调解", org="人民调解委员会", person="调解员")
    return db


def prepare(db, name: str, unit: str, role: Role = Role.OFFICE, scope: str = TOWN, period: str = "2026-11"):
    with clock.frozen(TODAY):
        return ReportService(db, who(role, scope, "张三")).prepare(ReportRequest(name, unit, period, printed_by="张三"))


def text_of(data) -> str:
    pdf = render(data)
    assert all(fonts(pdf).values())  # the CJK font embedded
    return "\n".join(page_texts(pdf))


def sheets(data) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(render_xlsx(data) or b""))
    return {ws.title: [r for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def ends_with_sign_off(text: str) -> None:
    tail = text[text.rindex("填报单位"):]
    assert "填报人：张三" in tail and "审核人：" in tail and f"日期：{TODAY}" in tail


def test_the_catalogue_lists_the_three_reports(db):
    names = {r.name: r.title for r in ReportService(db).catalogue()}
    assert names["affairs"] == "网格事务准入清单" and names["tasks"] == "网格任务完成情况"
    assert names["disputes"] == "矛盾纠纷台账及化解情况"


def test_affair_list_for_publication_grouped_by_department(town):
    data = prepare(town, "affairs", G1)
    rows = data.tables[0].rows
    assert [r[2] for r in rows] == ["居民议事会通知", "消防隐患排查", "特殊人群关爱"]  # 社区居委会, 镇应急办, 镇民政办
    assert [r[1] for r in rows] == ["社区居委会", "镇应急办", "镇民政办"]
    assert [r[8] for r in rows] == ["和平社区", "城东街道", "城东街道"]
    # 幸福社区 does not see 和平社区's own item
    assert [r[2] for r in prepare(town, "affairs", C2).tables[0].rows] == ["消防隐患排查", "特殊人群关爱"]
    text = text_of(data)
    assert "网格事务准入清单" in text and "特殊人群关爱" in text and "共 3 项" in text
    ends_with_sign_off(text)
    book = sheets(data)
    assert list(book) == ["准入清单"]
    heads = next(r for r in book["准入清单"] if r[0] == "序号")
    assert heads == ("序号", "主管部门", "事项名称", "依据", "网格职责", "频次", "时限/天", "需报送资料", "准入单位", "有效期")
    assert ("填报单位", data.header.unit_full_name, "填报人", "张三") in [r[:4] for r in book["准入清单"]]


def test_task_completion_per_grid_named_with_its_community(town):
    data = prepare(town, "tasks", TOWN)
    per_grid = {r[0]: r[1:] for r in data.tables[0].rows}
    # due, done, on time, late, overdue, not yet due, rates
    assert per_grid["和平社区 第1网格"] == ("3", "3", "3", "0", "0", "0", "100.0%", "100.0%")
    assert per_grid["和平社区 第2网格"] == ("3", "1", "0", "1", "2", "0", "33.3%", "0.0%")
    assert per_grid["幸福社区 第1网格"] == ("2", "0", "0", "0", "2", "0", "0.0%", "0.0%")
    assert per_grid["合计"][:6] == ("8", "4", "3", "1", "4", "0")
    assert {r[1] for r in data.tables[1].rows} == {"和平社区 第2网格", "幸福社区 第1网格"}
    # a community's report still names its grids with the community
    assert prepare(town, "tasks", C1).tables[0].rows[0][0] == "和平社区 第1网格"
    text = text_of(data)
    assert "和平社区 第2网格" in text and "逾期未完成的任务（4 件）" in text
    ends_with_sign_off(text)
    book = sheets(data)
    assert list(book) == ["按网格", "逾期未完成"]
    rows = book["按网格"]
    assert next(r for r in rows if r[0] == "网格")[:3] == ("网格", "应完成", "已完成")
    assert next(r for r in rows if r[0] == "合计")[1] == 8  # counts are numbers


def test_disputes_ledger_and_resolution_per_unit(town):
    data = prepare(town, "disputes", TOWN)
    per_unit = {r[0]: r for r in data.tables[0].rows}
    assert set(per_unit) == {"和平社区", "幸福社区", "合计"}
    peace, total = per_unit["和平社区"], per_unit["合计"]
    assert (peace[1], peace[2], peace[3], peace[9], peace[10], peace[11]) == ("2", "1", "1", "1", "100.0%", "达标")
    assert (total[1], total[5], total[8], total[9], total[10], total[11]) == ("3", "1", "2", "1", "50.0%", "未达标")
    ledger = data.tables[1].rows
    assert [r[4] for r in ledger] == ["楼道堆物纠纷", "噪音扰民纠纷", "工资拖欠纠纷"]  # by date, then number
    assert all(r[1].startswith("2026-") and len(r[1]) < 20 for r in ledger)  # the short numbers
    assert [r[2] for r in ledger] == ["和平社区 第1网格", "和平社区 第2网格", "幸福社区 第1网格"]
    assert [r[11] for r in ledger] == ["是", "办理中", "否"]
    text = text_of(data)
    assert "楼道堆物纠纷" in text and "一次性化解率" in text and ledger[0][1] in text
    ends_with_sign_off(text)
    book = sheets(data)
    assert list(book) == ["化解情况", "纠纷台账"]
    assert next(r for r in book["纠纷台账"] if r[0] == "序号")[:3] == ("序号", "编号", "网格")
    # a grid's report: the grid itself as the one line
    grid = prepare(town, "disputes", G1)
    assert [r[0] for r in grid.tables[0].rows] == ["和平社区 第1网格"] and len(grid.tables[1].rows) == 1


@pytest.mark.parametrize("name", ["affairs", "tasks", "disputes"])
def test_a_unit_outside_the_scope_is_refused(town, name):
    with pytest.raises(ScopeError):
        prepare(town, name, C2, role=Role.GRID_CHIEF, scope=C1)


def test_long_tables_repeat_their_head_and_keep_the_sign_off_together():
    header = ReportHeader("网格任务完成情况", TOWN, "城东街道", "2026年11月", "张三", "2026-11-20 09:00")
    cols = (TableColumn("网格", 100), TableColumn("应完成", 40, "right"))
    rows = [(f"和平社区 第{i}网格", str(i)) for i in range(1, 121)]
    data = ListedData(header, ["说明"], [ReportTable("按网格", "一、各网格", cols, rows)],
                      SignOff("城东街道", "张三", on="2026-11-20"))
    texts = page_texts(build_listed(data))
    assert len(texts) >= 3 and all("应完成" in t for t in texts)  # the head on every page
    last = texts[-1]
    assert "填报单位：城东街道" in last and "审核人" in last and "日期：2026-11-20" in last


def test_long_texts_wrap_within_their_column_instead_of_being_cut():
    header = ReportHeader("网格事务准入清单", TOWN, "城东街道", "2026年11月", "张三", "2026-11-20 09:00")
    cols = (TableColumn("序号", 26, "right"), TableColumn("网格职责", 80))
    duty = "每月走访关爱对象，核实家庭收入、财产和人口变化情况，发现异常及时报告民政办并记录在案"
    data = ListedData(header, [], [ReportTable("清单", "清单", cols, [("1", duty)])], landscape=False)
    text = "".join(page_texts(build_listed(data))).replace("\n", "")
    assert duty in text and "…" not in text
