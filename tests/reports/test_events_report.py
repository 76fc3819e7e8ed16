"""事件办理情况: the figures per unit and class (on-time handling, first-handling closure, satisfaction) and the
ledger, as PDF and xlsx, for a unit and period; the CLI writes both."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gridapp.cli import main
from gridapp.core.errors import ScopeError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.reports import build_events_xlsx, render
from gridapp.services.events import EventInput, EventService
from gridapp.services.reports import ReportRequest, ReportService
from gridapp.services.units import UnitService

from .pdfcheck import page_texts

TOWN, COMMUNITY, COMMUNITY2 = "370303001", "370303001001", "370303001002"
GRID1, GRID2, GRID3 = "370303001001001", "370303001001002", "370303001002001"
MON = dt.date(2026, 11, 2)


def who(role: Role, unit: str) -> Principal:
    return Principal(f"u-{role.value}-{unit}", role.value, role, unit, display_name=f"{role.value}{unit[-3:]}")


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(COMMUNITY2, "幸福社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    units.add(GRID3, "第1网格", )

    def svc(role, unit, day=MON):
        return EventService(db, who(role, unit), today=day)

    def report(grid, title, cls="04", source="01"):
        return svc(Role.GRID_WORKER, grid).report(EventInput(class_code=cls, title=title, description="情况说明",
                                                            place="幸福街1号", found_on=MON, source=source))

    a = report(GRID1, "垃圾堆放", source="05")
    report(GRID2, "路灯不亮", cls="05")
    report(GRID3, "井盖缺失", cls="05")
    office = svc(Role.OFFICE, COMMUNITY)
    office.act(a, "accept")
    office.act(a, "dispatch", to=GRID1)
    svc(Role.GRID_WORKER, GRID1, dt.date(2026, 11, 4)).act(a, "handle", feedback="已清理")
    later = svc(Role.OFFICE, COMMUNITY, dt.date(2026, 11, 4))
    later.act(a, "verify_ok")
    later.act(a, "close", outcome="已清理完毕")
    svc(Role.GRID_WORKER, GRID1, dt.date(2026, 11, 5)).act(a, "callback", satisfaction="1")
    return db


def test_the_report_per_unit_class_and_ledger(town):
    reports = ReportService(town, who(Role.OFFICE, TOWN))
    data = reports.prepare(ReportRequest("events", TOWN, "2026-11", printed_by="测试"))
    units = {ln.name: ln for ln in data.units}
    assert units["和平社区"].total == 2 and units["幸福社区"].total == 1 and units["合计"].total == 3
    assert units["和平社区"].closed == 1 and units["和平社区"].on_time_rate == "100.0%"
    assert units["和平社区"].first_handling_rate == "100.0%" and units["合计"].satisfaction_rate == "100.0%"
    assert units["幸福社区"].on_time_rate == "—"  # no denominator, no rate
    classes = {ln.name: ln.total for ln in data.classes}
    assert classes["市政设施"] == 2 and classes["环境卫生"] == 1
    assert [r.title for r in data.records] == ["垃圾堆放", "路灯不亮", "井盖缺失"] or len(data.records) == 3
    # two communities' 第1网格 in one ledger: each grid named with its community (issue 14)
    assert sorted(r.unit_name for r in data.records) == ["和平社区 第1网格", "和平社区 第2网格", "幸福社区 第1网格"]
    pdf = render(data)
    text = "\n".join(page_texts(pdf))
    assert "事件办理情况" in text and "和平社区" in text and "事件办理台账" in text and "路灯不亮" in text
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(build_events_xlsx(data)))
    assert wb.sheetnames == ["按单位", "按类别", "事件办理台账"]
    values = [c for row in wb["按单位"].iter_rows(values_only=True) for c in row if c is not None]
    assert "填报单位：城东街道（370303001）" in values and "合计" in values and 3 in values
    # a community's clerk: its own events only, and not the other community's
    own = ReportService(town, who(Role.OFFICE, COMMUNITY)).prepare(ReportRequest("events", COMMUNITY, "2026"))
    assert {ln.name for ln in own.units} == {"第1网格", "第2网格", "合计"}
    assert sorted(r.unit_name for r in own.records) == ["第1网格", "第2网格"]  # one community: its own grids
    with pytest.raises(ScopeError):
        ReportService(town, who(Role.OFFICE, COMMUNITY)).prepare(ReportRequest("events", COMMUNITY2, "2026-11"))


def test_the_cli_writes_pdf_and_xlsx(town, db_path, tmp_path, capsys):
    town.close()
    pdf, xlsx = tmp_path / "e.pdf", tmp_path / "e.xlsx"
    assert main(["--db", str(db_path), "report", "events", "--unit", TOWN, "--period", "2026-11",
                 "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(db_path), "report", "events", "--unit", TOWN, "--period", "2026",
                 "--out", str(xlsx), "--json"]) == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    assert main(["--db", str(db_path), "report", "visits", "--unit", TOWN, "--out", str(tmp_path / "v.xlsx")]) == 2
    capsys.readouterr()


def test_the_class_table_reads_as_the_office_named_it(town):
    """The office's table is the one truth: a renamed class prints under its new name, a retired class whose old
    events fall in the period still prints (by its name), each unit's clerk reads its own offices' names."""
    office = EventService(town, who(Role.OFFICE, COMMUNITY), today=MON)
    office.rename_class("05", "道路与路灯")
    office.retire_class("04")
    data = ReportService(town, who(Role.OFFICE, COMMUNITY)).prepare(ReportRequest("events", COMMUNITY, "2026-11"))
    assert [(ln.name, ln.total) for ln in data.classes] == [("环境卫生", 1), ("道路与路灯", 1), ("合计", 2)]
    # the town above keeps the built-in names: the community's renaming is for the community and below
    town_data = ReportService(town, who(Role.OFFICE, TOWN)).prepare(ReportRequest("events", TOWN, "2026-11"))
    assert [(ln.name, ln.total) for ln in town_data.classes] == [("环境卫生", 1), ("市政设施", 2), ("合计", 3)]
