"""入户走访情况: the catalogue entry, the data (coverage per grid against the target, the unvisited households)
and the PDF (text, pages, no ID numbers)."""

from __future__ import annotations

import pytest

from gridapp.core.errors import PermissionDenied, ValidationError
from gridapp.core.permissions import Principal, Role
from gridapp.reports import render
from gridapp.services.reports import ReportRequest, ReportService
from gridapp.services.visits import VisitInput, VisitService, today_local

from .pdfcheck import FULL_ID, page_texts


def test_listed_in_the_catalogue(demo_db):
    assert "visits" in [r.name for r in ReportService(demo_db).catalogue()]
    assert ReportService(demo_db).info("visits").title == "入户走访情况"


def test_coverage_and_unvisited_households_printed(demo_db, demo_template):
    town = demo_template.unit_code
    today = today_local()
    period = f"{today:%Y-%m}"
    data = ReportService(demo_db).prepare(ReportRequest("visits", town, period, printed_by="测试"))
    cov = VisitService(demo_db, town).coverage(town, *parse(period))
    total = data.lines[-1]
    assert total.kind == "total" and (total.households, total.visited) == (cov.total.households, cov.total.visited)
    assert [ln.code for ln in data.lines if ln.kind == "grid"] == [g.code for g in cov.grids]
    assert len(data.unvisited) == total.households - total.visited > 0
    assert data.target == "100%" and data.header.period == f"{today:%Y}年{today:%m}月"
    pdf = render(data)
    texts = page_texts(pdf)
    assert "入户走访情况" in texts[0] and "目标走访率：100%" in texts[0] and total.rate in texts[0]
    assert "未走访的户" in texts[0]
    assert data.unvisited[-1].address in texts[-1]
    assert not any(FULL_ID.search(t) for t in texts)  # ID numbers are never printed


def test_a_year_and_a_fully_visited_grid(demo_db, demo_template):
    grid = demo_template.unit_code + "001001"
    svc = VisitService(demo_db, demo_template.unit_code)
    today = today_local()
    for hid, *_ in svc.not_visited(grid, *parse(f"{today:%Y}")):
        svc.record(VisitInput(hid, today, 1, "补访"), visitor="测试民警")
    data = ReportService(demo_db).prepare(ReportRequest("visits", grid, f"{today:%Y}"))
    assert data.header.period == f"{today:%Y}年" and data.unvisited == []
    [line] = data.lines  # a grid: its own line, no total
    assert line.met and line.rate == "100.0%"
    assert "本期所有户均已走访" in page_texts(render(data))[0]


def parse(text: str):
    from gridapp.services.visits import parse_period

    return parse_period(text)


def test_period_and_permission(demo_db, demo_template):
    svc = ReportService(demo_db)
    with pytest.raises(ValidationError):
        svc.prepare(ReportRequest("visits", demo_template.unit_code, "2026-13"))
    dept = ReportService(demo_db, Principal("d", "dept", Role.DEPARTMENT, demo_template.unit_code))
    with pytest.raises(PermissionDenied):
        dept.prepare(ReportRequest("visits", demo_template.unit_code, "2026"))
