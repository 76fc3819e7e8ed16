"""`residents search|import|export`: finding residents and the resident ledger (.xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, EXIT_PARTIAL, Context, UsageError, subcommands
from gridapp.cli.options import arg, command
from gridapp.core.errors import ValidationError


def register(sub: Any) -> None:
    residents = sub.add_parser("residents", help="居民：查找、导入台账（.xlsx）、导出台账")
    rs = subcommands(residents, "residents_command")
    command(rs, "search", "按姓名、拼音首字母、全拼、身份证号或电话后几位、地址查找（号码已脱敏）", search,
            arg("query", help="查找内容，如 zs、张三、1234、人民路"), arg("--grid", help="只查这个网格"),
            arg("--limit", type=int, default=50, help="最多显示多少人（默认 50）"))
    command(rs, "import", "导入居民台账 .xlsx：按身份证号匹配（已有的更新，不重复登记）", import_,
            arg("file", type=Path, help="台账文件（.xlsx）"),
            arg("--grid", help="表中没有“网格编码”列（或某行没填）时导入到这个网格；本单位是网格时默认本网格"),
            arg("--dry-run", action="store_true", help="只检查并统计，不写入"),
            arg("--errors", type=Path, help="把未导入的行及原因写到这个 .xlsx 文件"))
    command(rs, "export", "按导入模板导出本单位居民台账 .xlsx（证件号和电话脱敏）", export, arg("out", type=Path, help="输出文件（.xlsx）"))


def search(ctx: Context) -> int:
    from gridapp.domain.residents import ResidentFilter
    from gridapp.services.registry import MIN_DIGITS

    args = ctx.args
    with ctx.session() as session:
        result = session.registry().find(args.query, ResidentFilter(grid_code=args.grid), limit=args.limit)
        if result.too_short:
            raise ValidationError(f"数字请至少输入 {MIN_DIGITS} 位（证件号或电话的末几位、电话的前几位）。")
    items = [v.as_dict() for v in result.rows]
    text = "\n".join(f"{i['name']}\t{i['gender']}\t{i['birth_year']}年\t{i['id_number']}\t{i['phone']}\t"
                     f"{i['current_address']}" for i in items) or "没有找到。"
    if result.truncated:
        text += f"\n（仅显示前 {len(items)} 条，请输入更多文字缩小范围，或用 --limit 显示更多）"
    ctx.out({"query": args.query, "count": len(items), "truncated": result.truncated, "residents": items}, text)
    return EXIT_OK


def export(ctx: Context) -> int:
    out = ctx.args.out
    with ctx.session() as session:
        n = session.ledger().export(out)
    ctx.out({"out": str(out), "rows": n, "masked": True}, f"已导出 {n} 名居民到 {out}（证件号和电话已脱敏）")
    return EXIT_OK


def import_(ctx: Context) -> int:
    from gridapp.services.ledger import GridRequired, check_output

    args = ctx.args
    with ctx.session() as session:
        ledger = session.ledger()
        if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
            raise UsageError("--errors 需要 .xlsx 文件名")
        if args.errors is not None:
            check_output(args.errors)  # before anything is read or written
        try:
            plan = ledger.prepare(args.file, default_grid=args.grid)
        except GridRequired as exc:
            shown = "、".join(f"{code} {name}" for code, name in exc.choices[:8])
            more = f" 等 {len(exc.choices)} 个" if len(exc.choices) > 8 else ""
            raise ValidationError(f"{exc.message}请用 --grid 网格编码 指定，例如 --grid {exc.choices[0][0]}"
                                  f"（可选：{shown}{more}）。" if exc.choices else
                                  f"{exc.message}本单位范围内没有网格，请先添加网格。") from exc
        counts = plan.counts
        if args.errors is not None and plan.refused:  # first: a full disk is found before anything is written
            ledger.write_errors(plan, args.errors)
        if not args.dry_run and (counts["inserted"] or counts["updated"]):
            if session.principal is not None:
                from gridapp.services.backup import BackupService

                BackupService(session.db, session.principal).make("pre-import")
            ledger.apply(plan, ctx.progress())
    verb = "将" if args.dry_run else "已"
    lines = [f"{'检查' if args.dry_run else '导入'}“{args.file.name}”（工作表 {plan.sheet}）：{verb}新增 {counts['inserted']} 人，"
             f"{verb}更新 {counts['updated']} 人，无变化 {counts['unchanged']} 人，拒绝 {counts['rejected']} 行"
             + (f"；{verb}新建户 {counts['households']} 个、楼栋 {counts['buildings']} 栋"
                if counts["households"] or counts["buildings"] else "")
             + (f"；旧 15 位身份证号已转换 {counts['converted_15']} 个" if counts["converted_15"] else "")]
    lines += [f"  第 {r.row_no} 行：{r.reason}" for r in plan.refused[:20]]
    if len(plan.refused) > 20:
        lines.append(f"  ……另有 {len(plan.refused) - 20} 行")
    if args.errors is not None and plan.refused:
        lines.append(f"未导入的行已写到 {args.errors}")
    ctx.out({**counts, "dry_run": args.dry_run, "sheet": plan.sheet,
             "errors_file": str(args.errors) if args.errors is not None and plan.refused else None,
             "refused": [{"row": r.row_no, "reason": r.reason} for r in plan.refused]}, "\n".join(lines))
    return EXIT_PARTIAL if plan.refused else EXIT_OK
