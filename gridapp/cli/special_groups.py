"""`special-groups list|add|edit|end`: 特殊人群 records (sensitive permission)."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, subcommands
from gridapp.cli.options import arg, command, need, on, record_id
from gridapp.core import codes
from gridapp.domain import clock

ID = record_id("记录编号")


def register(sub: Any) -> None:
    special = sub.add_parser("special-groups", help="特殊人群：登记、修改、解除、列出（需要查看特殊人群的权限）")
    sg = subcommands(special, "sg_command")
    command(sg, "list", "本单位范围内的特殊人群记录（每次查看记入审计日志）", list_, arg("--group", help="类别，如 社区矫正"),
            arg("--resident", help="居民编号或完整身份证号"), arg("--active", action="store_true", help="只列未解除的"))
    command(sg, "add", "登记一名居民的特殊人群记录", add,
            need("--resident", "居民编号（residents search --json 的 id）或完整身份证号"),
            need("--group", "类别：" + "、".join(codes.SPECIAL_GROUPS)), need("--start", "起始日期", type=date_arg),
            arg("--category", help="该类别的分类代码（如 矫正类别）"), arg("--offense", help="原罪名（有此项的类别）"),
            arg("--note", help="备注"))
    command(sg, "edit", "修改一条记录（未给出的项不变）", edit, ID, arg("--start", type=date_arg, help="起始日期"),
            arg("--category", help="分类代码"), arg("--offense", help="原罪名"), arg("--note", help="备注"))
    command(sg, "end", "解除一条记录（最后一条未解除记录解除后，居民的该类标签随之去掉）", end, ID, on("解除日期（默认今天）"))



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
