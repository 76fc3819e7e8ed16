"""`AREA import FILE.xlsx` and `AREA export OUT.xlsx` for the areas whose ledgers go through
`services.ledger.AreaLedger` (affairs, visits, disputes, projects): one shape for all of them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, EXIT_PARTIAL, EXIT_REFUSED, Context, UsageError
from gridapp.cli.options import arg, command

Filters = Callable[[argparse.Namespace], dict[str, Any]]
EXPORT_FILTERS = ("unit", "status", "overdue", "date_from", "date_to", "kind", "search")  # an export's options


IMPORT_UNIT = {  # the import's default unit, by the option that names it
    "--grid": [arg("--grid", dest="default_unit", help="表中没有“网格”列（或某行没填）时登记到这个网格")],
    "--unit": [arg("--unit", dest="default_unit", help="表中没有“单位”列（或某行没填）时记到这个网格或社区")],
}


def register(sub: Any, area: str, title: str, unit_option: str | None,
             filters: Filters | None = None) -> argparse.ArgumentParser:
    """Add `import` and `export` to an area's subcommands; returns the export parser (for the area's filters).
    `unit_option` names the import's default unit (`--grid`, `--unit` or None); `filters` turns the export's
    arguments into the ledger's export filters (default: the EXPORT_FILTERS given, `unit` as `unit_code`)."""
    command(sub, "import", f"导入{title} .xlsx：先全部检查，被拒绝的行不写入，其余在一个事务中写入", import_,
            arg("file", type=Path, help="台账文件（.xlsx）"), IMPORT_UNIT.get(unit_option or "", []),
            arg("--dry-run", action="store_true", help="只检查并统计，不写入"),
            arg("--errors", type=Path, help="把未导入的行及原因写到这个 .xlsx 文件"), ledger_area=area)
    ex = command(sub, "export", "按导入的列导出台账 .xlsx（联系电话、身份证号脱敏；记入审计日志）", export,
                 arg("out", type=Path, help="输出文件（.xlsx）"), ledger_area=area,
                 ledger_filters=filters or given_filters)
    return ex


def given_filters(args: argparse.Namespace) -> dict[str, Any]:
    filters = {k: getattr(args, k) for k in EXPORT_FILTERS if getattr(args, k, None) not in (None, False)}
    if "unit" in filters:
        filters["unit_code"] = filters.pop("unit")
    if "search" in filters:  # the list's search box: every word found, as the GUI's 导出 of a searched list
        filters["query"] = filters.pop("search")
    return filters


def export(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        ledger = session.area_ledger(args.ledger_area)
        if args.out.suffix.lower() != ".xlsx":
            raise UsageError("导出文件需要 .xlsx 文件名")
        n = ledger.export(args.out, progress=ctx.progress(), **args.ledger_filters(args))
        ctx.out({"out": str(args.out), "rows": n, "masked": True},
                f"已导出 {n} 行{ledger.title}到 {args.out}（联系电话、身份证号已脱敏）")
    return EXIT_OK


def import_(ctx: Context) -> int:
    """Check every row first, then write the accepted ones in one transaction (a backup first); exit 1 when
    every row was refused, 3 when some were."""
    from gridapp.services.ledger import check_output

    args = ctx.args
    with ctx.session() as session:
        ledger = session.area_ledger(args.ledger_area)
        if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
            raise UsageError("--errors 需要 .xlsx 文件名")
        if args.errors is not None:
            check_output(args.errors)  # before anything is read or written
        plan = ledger.prepare(args.file, default_unit=getattr(args, "default_unit", None), progress=ctx.progress())
        if args.errors is not None and plan.refused:  # first: a full disk is found before anything is written
            ledger.write_errors(plan, args.errors)
        if not args.dry_run and plan.accepted:
            if session.principal is not None:
                from gridapp.services.backup import BackupService

                BackupService(session.db, session.principal).make("pre-import")
            ledger.apply(plan, ctx.progress())
    counts = plan.counts
    verb = "将导入" if args.dry_run else "已导入"
    lines = [f"{'检查' if args.dry_run else '导入'}“{args.file.name}”（工作表 {plan.sheet}，{ledger.title}）：共 {counts['total']} 行，"
             f"{verb} {counts['accepted']} 行，拒绝 {counts['rejected']} 行"
             + ("（未写入任何数据）" if args.dry_run or not plan.accepted else "")]
    lines += [f"  第 {r.row_no} 行：{r.reason}" for r in plan.refused[:20]]
    if len(plan.refused) > 20:
        lines.append(f"  ……另有 {len(plan.refused) - 20} 行")
    if args.errors is not None and plan.refused:
        lines.append(f"未导入的行已写到 {args.errors}")
    ctx.out({**counts, "dry_run": args.dry_run, "sheet": plan.sheet, "ignored_headers": plan.ignored_headers,
             "errors_file": str(args.errors) if args.errors is not None and plan.refused else None,
             "ids": [r.result for r in plan.accepted if r.result],
             "refused": [{"row": r.row_no, "reason": r.reason} for r in plan.refused]}, "\n".join(lines))
    if plan.refused:
        return EXIT_PARTIAL if plan.accepted else EXIT_REFUSED
    return EXIT_OK
