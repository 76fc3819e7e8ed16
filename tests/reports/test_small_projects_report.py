"""八小工程开展情况: the catalogue entry, the data (summary per unit and kind, the records) and the PDF (text,
pages, unit names, no ID numbers)."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.errors import PermissionDenied, ValidationError
from gridapp.core.permissions import Principal, Role
from gridapp.reports import render
from gridapp.services.projects import ProjectInput, SmallProjectService
from gridapp.services.reports import ReportRequest, ReportService

from .pdfcheck import FULL_ID, page_texts

TODAY = dt.date(2026, 6, 15)


def add(svc: SmallProjectService, unit: str, kind: str, day: dt.date, **kw) -> str:
    base = {"service": {"service_type": "01", "served": 8, "participants": 4},
            "safety": {"hazards_found": 3, "hazards_fixed": 2, "participants": 2},
            "consultation": {"meeting_form": "01", "topic": "停车位划分", "decision": "按户抽签", "participants": 40},
            "family_motto": {"motto": "忠厚传家"}}[kind]
    return svc.record(ProjectInput(kind, kw.pop("title", f"{kind}记录"), day, "开展情况", "张明", unit,
                                   **{**base, **kw}), recorder="测试", today=TODAY)


def test_listed_in_the_catalogue(community):
    info = ReportService(community.db).info("small_projects")
    assert info.title == "八小工程开展情况" and info.landscape


def test_summary_and_records_printed(community):
    g1, g2 = community.grids
    svc = SmallProjectService(community.db, community.code)
    add(svc, g1, "service", dt.date(2026, 3, 2), title="为独居老人理发")
    add(svc, g1, "safety", dt.date(2026, 3, 9))
    add(svc, g2, "family_motto", dt.date(2026, 3, 20))
    add(svc, community.code, "consultation", dt.date(2026, 3, 25), title="停车位划分居民议事会")
    add(svc, g1, "service", dt.date(2026, 4, 1))  # not in March
    data = ReportService(community.db).prepare(ReportRequest("small_projects", community.code, "2026-03",
                                                             printed_by="测试"))
    assert data.kinds == ["小公约", "小民主", "小服务", "小调解", "小平安", "小乡贤", "小名人", "小家训"]
    assert [ln.name for ln in data.lines] == ["和平社区（本级）", "第1网格", "第2网格", "和平社区合计"]
    total = data.lines[-1]
    assert (total.kind, total.total, total.counts, total.participants, total.served, total.hazards_fixed) == (
        "total", 4, (0, 1, 1, 0, 1, 0, 0, 1), 46, 8, 2)
    assert [r.held_on for r in data.records] == ["2026-03-02", "2026-03-09", "2026-03-20", "2026-03-25"]
    assert data.records[3].details == "议事形式 村(居)民会议；议题 停车位划分；议定事项 按户抽签"
    assert data.header.period == "2026年03月"
    texts = page_texts(render(data))
    assert len(texts) == 1
    assert "八小工程开展情况" in texts[0] and "和平社区" in texts[0] and "第2网格" in texts[0]
    assert "为独居老人理发" in texts[0] and "记录清单：4 条" in texts[0]
    year = ReportService(community.db).prepare(ReportRequest("small_projects", g1, "2026"))
    assert year.header.period == "2026年" and [ln.name for ln in year.lines] == ["第1网格", "第1网格合计"]
    assert year.lines[-1].total == 3


def test_many_records_paginate_with_the_header_repeated(community):
    g1 = community.grids[0]
    svc = SmallProjectService(community.db, community.code)
    for i in range(80):
        add(svc, g1, "service", dt.date(2026, 1, 1) + dt.timedelta(days=i), title=f"便民服务第{i + 1}次")
    data = ReportService(community.db).prepare(ReportRequest("small_projects", community.code, "2026"))
    texts = page_texts(render(data))
    # 30 rows a landscape page: 9 rows of heading and summary, then 80 records, the list's header on every page
    assert len(texts) == 4
    assert all("八小工程开展情况" in t and "和平社区" in t for t in texts)
    assert "便民服务第80次" in texts[-1] and "负责人" in texts[-1]  # the list's header again on the last page
    assert not any(FULL_ID.search(t) for t in texts)


def test_empty_period_and_refusals(community):
    data = ReportService(community.db).prepare(ReportRequest("small_projects", community.code, "2025-01"))
    assert data.records == [] and data.lines[-1].total == 0
    assert "本期没有八小工程记录" in page_texts(render(data))[0]
    with pytest.raises(ValidationError):
        ReportService(community.db).prepare(ReportRequest("small_projects", community.code, "2026-13"))
    dept = ReportService(community.db, Principal("d", "dept", Role.DEPARTMENT, community.code))
    with pytest.raises(PermissionDenied):
        dept.prepare(ReportRequest("small_projects", community.code, "2026"))
