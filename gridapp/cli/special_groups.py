"""`special-groups list|add|edit|end`: 特殊人群 records (sensitive permission)."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, json_flag, subcommands
from gridapp.core import codes
from gridapp.domain import clock


def register(sub: Any) -> None:
    special = sub.add_parser("special-groups", help="特殊人群：登记、修改、解除、列出（需要查看特殊人群的权限）")
    sg = subcommands(special, "sg_command")
    sgl = sg.add_parser("list", help="本单位范围内的特殊人群记录（每次查看记入审计日志）")
    sgl.add_argument("--group", help="类别，如 社区矫正")
    sgl.add_argument("--resident", help="居民编号或完整身份证号")
    sgl.add_argument("--active", action="store_true", help="只列未解除的")
    json_flag(sgl)
    sgl.set_defaults(func=list_)
    sga = sg.add_parser("add", help="登记一名居民的特殊人群记录")
    sga.add_argument("--resident", required=True, help="居民编号（residents search --json 的 id）或完整身份证号")
    sga.add_argument("--group", required=True, help="类别：" + "、".join(codes.SPECIAL_GROUPS))
    sga.add_argument("--start", required=True, type=date_arg, help="起始日期")
    sga.add_argument("--category", help="该类别的分类代码（如 矫正类别）")
    sga.add_argument("--offense", help="原罪名（有此项的类别）")
    sga.add_argument("--note", help="备注")
    json_flag(sga)
    sga.set_defaults(func=add)
    sge = sg.add_parser("edit", help="修改一条记录（未给出的项不变）")
    sge.add_argument("id", help="记录编号")
    sge.add_argument("--start", type=date_arg, help="起始日期")
    sge.add_argument("--category", help="分类代码")
    sge.add_argument("--offense", help="原罪名")
    sge.add_argument("--note", help="备注")
    json_flag(sge)
    sge.set_defaults(func=edit)
    sgd = sg.add_parser("end", help="解除一条记录（最后一条未解除记录解除后，居民的该类标签随之去掉）")
    sgd.add_argument("id", help="记录编号")
    sgd.add_argument("--on", type=date_arg, help="解除日期（默认今天）")
    json_flag(sgd)
    sgd.set_defaults(func=end)


def list_(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        groups = session.registry().special_groups()
        rid = groups.resident_id(args.resident) if args.resident else None
        rows = groups.list(group=args.group, active_only=args.active, resident_id=rid)
        ctx.out({"records": [v.as_dict(name, unit) for v, name, unit in rows]},
                "\n".join(f"{v.id}\t{u}\t{n}\t{v.group}\t{v.category_label}\t{v.start_date}\t"
                          + (str(v.end_date) if v.end_date else "未解除") for v, n, u in rows) or "没有记录。")
    return EXIT_OK


def add(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        groups = session.registry().special_groups()
        rid = groups.resident_id(args.resident)
        new_id = groups.add(rid, args.group, start_date=args.start, category=args.category, offense=args.offense,
                            note=args.note)
        ctx.out({"id": new_id, "resident_id": rid, "group": args.group},
                f"已登记特殊人群记录（{args.group}），编号 {new_id}")
    return EXIT_OK


def edit(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        groups = session.registry().special_groups()
        changes = {k: v for k, v in (("start_date", args.start), ("category", args.category),
                                     ("offense", args.offense), ("note", args.note)) if v is not None}
        if not changes:
            raise UsageError("请至少给出一项要修改的内容（--start --category --offense --note）")
        changed = groups.update(args.id, changes)  # the fields not given stay as they were
        ctx.out({"id": args.id, "changed": changed}, "已修改。" if changed else "没有变化。")
    return EXIT_OK


def end(ctx: Context) -> int:
    with ctx.session() as session:
        groups = session.registry().special_groups()
        on = ctx.args.on or clock.today()
        groups.end(ctx.args.id, on)
        ctx.out({"id": ctx.args.id, "end_date": on}, f"已解除，解除日期 {on}")
    return EXIT_OK
