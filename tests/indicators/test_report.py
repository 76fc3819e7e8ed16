"""网格工作月报: PDF with charts ending with the 填报 block, the same tables as .xlsx, the units below named with
their community; through the CLI too."""

from __future__ import annotations

import io
import os

from openpyxl import load_workbook
from pypdf import PdfReader

from gridapp.core.permissions import Role
from gridapp.reports import build_monthly_xlsx, render
from gridapp.services.reports import ReportRequest, ReportService

from .conftest import TOWN, person


def test_monthly_report_pdf_and_xlsx(demo_db, tmp_path):
    svc = ReportService(demo_db, person(Role.OFFICE, TOWN))
    data = svc.prepare(ReportRequest("monthly", TOWN, "2026-11", printed_by="测试填报人"))
    assert [ln.key for ln in data.lines][:2] == ["visit_rate", "first_handling"]
    assert all(len(ln.trend) == 12 for ln in data.lines)
    assert data.filled_by == "测试填报人" and "城东街道" in data.filled_by_unit
    pdf = render(data)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for words in ("网格工作月报", "社区民警入户走访率", "目标", "下级单位排名", "本月工作情况", "填报单位", "填报人",
                  "审核人", "日期", "共"):
        assert words in text, words
    assert text.rstrip().rfind("审核人") > text.rfind("本月工作情况")  # the block ends the report
    book = load_workbook(io.BytesIO(build_monthly_xlsx(data)))
    assert book.sheetnames == ["指标", "下级排名", "趋势", "本月工作"]
    names = [row[0] for row in book["指标"].iter_rows(min_row=3, values_only=True) if row[0]]
    assert "社区民警入户走访率" in names and "填报单位" in names
    out = os.environ.get("GRIDAPP_SHOT_DIR")
    if out:
        (tmp_path / "m.pdf").write_bytes(pdf)
        os.replace(tmp_path / "m.pdf", os.path.join(out, "monthly.pdf"))
