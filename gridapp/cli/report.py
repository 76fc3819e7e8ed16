"""`report list` and `report NAME --unit CODE --out FILE.pdf`: the PDF reports."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, EXIT_REFUSED, Context, UsageError
from gridapp.cli.options import arg, command, period, unit
from gridapp.config import os_user
from gridapp.core.errors import GridappError

XLSX_REPORTS = ("events", "party_network", "party_centres", "monthly", "affairs", "tasks", "disputes")  # reports that also come as a workbook


def register(sub: Any) -> None:
    command(sub, "report", "报表：report list 列出报表；report 报表名 --unit 编码 --out 文件.pdf 生成 PDF", report_,
            arg("name", help="报表名（见 report list），或 list"), unit("单位编码（本单位或其下级）"),
            period("统计期 YYYY-MM（默认本月；入户走访情况、八小工程开展情况、事件、任务完成情况、矛盾纠纷也可为全年 YYYY；"
                   "考核排名为 YYYY、YYYY-Qn 或 YYYY-MM）"),
            arg("--out", type=Path, help="输出的 PDF 文件（事件办理情况、党建网格的两张报表、网格工作月报、准入清单、"
                                         "任务完成情况和矛盾纠纷也可为 .xlsx）"),
            arg("--format", choices=("pdf", "xlsx"), help="pdf 或 xlsx（默认按 --out 的扩展名）"),
            arg("--building", help="花名册只打印这一栋楼（楼栋 id）"), arg("--household", help="户卡只打印这一户（户 id）"),
            arg("--scheme", help="考核排名：考核方案 id（默认取该单位该考核期的方案）"))


def report_(ctx: Context) -> int:
    from gridapp.services.reports import CATALOGUE, YEARLY, ReportRequest, current_period, parse_period

    args = ctx.args
    if args.name == "list":
        ctx.out({"reports": [r.as_dict() for r in CATALOGUE]}, "\n".join(f"{r.name}\t{r.title}" for r in CATALOGUE))
        return EXIT_OK
    if args.name not in {r.name for r in CATALOGUE}:
        raise UsageError(f"没有名为“{args.name}”的报表，可用：{'、'.join(r.name for r in CATALOGUE)}")
    if not args.unit or not args.out:
        raise UsageError("生成报表需要 --unit 单位编码 和 --out 文件.pdf")
    if args.household and args.name != "household_card":
        raise UsageError("--household 只用于户卡（household_card）")
    if args.building and args.name not in {"roster", "household_card"}:
        raise UsageError("--building 只用于花名册和户卡")
    xlsx = args.format == "xlsx" or (args.format is None and args.out.suffix.lower() == ".xlsx")
    if xlsx and args.name not in XLSX_REPORTS:
        raise UsageError(f"只有这些报表可导出 .xlsx：{'、'.join(XLSX_REPORTS)}")
    period = args.period or current_period()
    try:
        if args.name in YEARLY:
            from gridapp.services.visits import parse_period as visit_period

            visit_period(period)
        elif args.name == "assessment":
            from gridapp.services.assessment import parse_period as assessment_period

            assessment_period(period)
        else:
            parse_period(period)
    except GridappError as exc:
        raise UsageError(exc.message) from exc

    from gridapp.reports import render, render_xlsx

    with ctx.session() as session:
        by = session.principal.username if session.principal is not None else os_user()
        request = ReportRequest(args.name, args.unit, period, printed_by=by,
                                building_id=args.building, household_id=args.household, scheme_id=args.scheme)
        progress = ctx.progress()
        data = session.reports.prepare(request, progress)
    workbook = render_xlsx(data) if xlsx else None
    pdf = workbook if workbook is not None else render(data, progress)
    ctx.end_progress_line()
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        print(f"错误：无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
    pages = 0 if xlsx else len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    ctx.out({"report": args.name, "unit_code": data.header.unit_code, "period": period,
             "out": str(args.out), "bytes": len(pdf), "pages": pages},
            f"已生成{data.header.title}：{data.header.unit_full_name}，{data.header.period}，"
            f"{len(pdf) / 1024:.0f} KB → {args.out}")
    return EXIT_OK
