"""考核排名: the catalogue entry, the data (the unit's scheme of the period, draft or latest published version) and
the PDF (ranking, totals, outcomes, indicator breakdown, the rule)."""

from __future__ import annotations

import pytest

from gridapp.core.errors import NotFound, ScopeError
from gridapp.core.permissions import Principal, Role
from gridapp.reports import render
from gridapp.services.assessment import AssessmentService
from gridapp.services.reports import ReportRequest, ReportService
from gridapp.services.visits import today_local

from .pdfcheck import page_texts


def test_listed_in_the_catalogue(demo_db):
    info = ReportService(demo_db).info("assessment")
    assert info.title == "考核排名" and info.landscape


def test_draft_then_published_ranking_printed(demo_db, demo_template):
    town = demo_template.unit_code
    year = f"{today_local():%Y}"
    svc = AssessmentService(demo_db, town)
    scheme = svc.schemes(year)[0]
    draft = ReportService(demo_db).prepare(ReportRequest("assessment", town, f"{year}-03", printed_by="测试"))
    assert draft.period == year and draft.status.startswith("草稿") and draft.header.period == f"{year}年"
    ranking = svc.rank(scheme.id)
    assert [(ln.code, ln.total) for ln in draft.lines] == [(r.code, f"{r.total:g}") for r in ranking.rows]
    assert any("未评" in ln.remark for ln in draft.lines)  # the demo leaves one score to enter
    # enter it, publish, and the report prints the published version
    row = next(r for r in ranking.rows if r.missing)
    ind = next(i for i in scheme.indicators if i.name == row.missing[0])
    svc.set_score(scheme.id, row.code, ind.key, ind.max)
    svc.publish(scheme.id, "年终考核")
    data = ReportService(demo_db).prepare(ReportRequest("assessment", town, year, printed_by="测试"))
    assert data.status.startswith("第 1 版") and "发布说明：年终考核" in data.notes
    assert [i.name for i in data.indicators] == [i.name for i in scheme.indicators]
    assert data.lines[0].outcomes == ["benchmark"] and "01 表彰奖励" in data.lines[0].policy
    pdf = render(data)
    texts = page_texts(pdf)
    joined = "".join(texts)
    assert "考核排名" in texts[0] and scheme.name in texts[0] and "第 1 版" in texts[0]
    assert data.lines[0].name in texts[0] and data.lines[0].total in texts[0] and "标杆" in texts[0]
    assert "排名规则" in joined and "指标说明" in joined and "网格任务" in joined


def test_no_scheme_or_out_of_scope_is_refused(demo_db, demo_template):
    town = demo_template.unit_code
    with pytest.raises(NotFound):
        ReportService(demo_db).prepare(ReportRequest("assessment", town, "2019"))
    grid = AssessmentService(demo_db, town).targets(town, "grid")[0][0]
    worker = Principal("u1", "worker", Role.GRID_WORKER, grid)
    with pytest.raises(ScopeError):  # the town's ranking is printed by the town (the worker sees their row in the page)
        ReportService(demo_db, worker).prepare(ReportRequest("assessment", town, f"{today_local():%Y}"))


def test_a_draft_carries_the_watermark_and_whole_indicator_names(demo_db, demo_template):
    from gridapp.reports.assessment import head_lines

    town = demo_template.unit_code
    year = f"{today_local():%Y}"
    draft = ReportService(demo_db).prepare(ReportRequest("assessment", town, f"{year}-03", printed_by="测试"))
    assert draft.draft
    pdf = render(draft)
    texts = page_texts(pdf)
    assert all("草稿" in t for t in texts)
    import os
    if os.environ.get("GRIDAPP_SHOT_DIR"):
        with open(os.path.join(os.environ["GRIDAPP_SHOT_DIR"], "assessment.pdf"), "wb") as f:
            f.write(pdf)
    # a long indicator name is printed whole over two lines in a narrow column, not cut
    size, lines = head_lines("矛盾纠纷一次性化解率", 50)
    assert "".join(lines) == "矛盾纠纷一次性化解率" and len(lines) == 2 and size >= 5.5
