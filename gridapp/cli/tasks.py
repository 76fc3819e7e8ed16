"""`tasks generate|list|add|done`: grid tasks (网格任务) from the affair list."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, date_arg, subcommands
from gridapp.cli.options import arg, command, lister, listing, on, record_id, unit, viewer


def register(sub: Any) -> None:
    tasks = sub.add_parser("tasks", help="网格任务：按已准入的有效事项生成本期任务、列出、办结")
    ts = subcommands(tasks, "tasks_command")
    command(ts, "generate", "为单位内各网格生成本期任务（只来自当天有效的已准入事项；重复运行不重复生成）", generate,
            unit(), on("日期 YYYY-MM-DD，默认今天"))
    command(ts, "list", "列出任务：待办和逾期的在前（按截止日期），已完成的在后", list_,
            unit("网格（或其他单位）编码，默认本单位", "--grid"),
            arg("--status", choices=["open", "done", "overdue"], help="open 待办 / done 已完成 / overdue 已逾期"))
    tn = command(ts, "add", "派发一项按需任务（网格长、综治中心；只能来自今天对该网格有效的已准入按需事项）", add,
                 arg("--item", help="事项 id（不填则列出所选网格今天可派发的按需事项）"),
                 arg("--title", help="任务名称，默认为事项名称"),
                 arg("--due", type=date_arg, help="截止日期 YYYY-MM-DD，默认按事项的办理时限"))
    to = tn.add_mutually_exclusive_group(required=True)
    to.add_argument("--grid", action="append", help="网格编码（可给出多次，一次派发给几个网格）")
    to.add_argument("--all-grids", action="store_true", help="派发给本单位内该事项今天有效的全部网格")
    command(ts, "done", "办结任务（本网格网格员、网格长、综治中心）", done, record_id("任务 id"),
            arg("--note", help="办理结果"))


def _line(v: Any) -> str:
    done_ = f"\t{v.done_on} {v.done_by}" if v.done_on else ""
    return f"{v.id}\t{v.unit_code}\t{v.title}\t{v.period_key or '按需'}\t截止 {v.due_date}\t{v.status_label}{done_}"


def generate(ctx: Context) -> int:
    with ctx.session() as session:
        r = session.tasks().generate(ctx.args.unit, ctx.args.on)
        ctx.out(r.as_dict(), f"已生成 {r.created} 项任务，已有 {r.existing} 项（{r.grids} 个网格）")
    return EXIT_OK


list_ = lister(lambda s, a: s.tasks().list(a.grid, a.status), "tasks", _line, "没有任务。")


def _item_dict(item: Any) -> dict[str, Any]:  # an item that may be handed out, as the choice lists it
    return {"id": item.id, "name": item.name, "department": item.department, "deadline_days": item.deadline_days}


def add(ctx: Context) -> int:
    """One grid (`--grid CODE`), several (`--grid` repeated) or every grid of the user's unit the item is in force
    for (`--all-grids`); without `--item`, the on-demand items that may be handed out there."""
    args = ctx.args
    grids = list(dict.fromkeys(args.grid or []))
    with ctx.session() as session:
        svc = session.tasks()
        if len(grids) == 1:
            grid = grids[0]
            if not args.item:
                return listing(ctx, "items", svc.on_demand_items(grid), lambda i: f"{i.id}  {i.name}（{i.department}）",
                               f"网格 {grid} 今天没有有效的按需事项，不能派发任务。", as_dict=_item_dict)
            v = svc.get(svc.create(args.item, grid, args.title, args.due))
            ctx.out(v.as_dict(), f"已派发：{v.title}（{v.unit_code}，截止 {v.due_date}）")
            return EXIT_OK
        if not args.item:
            if args.all_grids:
                choices = svc.on_demand_choices()
            else:
                found: dict[str, tuple[Any, list[str]]] = {}
                for grid in grids:
                    for item in svc.on_demand_items(grid):
                        found.setdefault(item.id, (item, []))[1].append(grid)
                choices = sorted(found.values(), key=lambda pair: pair[0].name)
            ctx.out({"count": len(choices), "items": [{**_item_dict(i), "grids": g} for i, g in choices]},
                    "\n".join(f"{i.id}  {i.name}（{i.department}）：{'、'.join(g)}" for i, g in choices)
                    or "所选网格今天都没有有效的按需事项，不能派发任务。")
            return EXIT_OK
        ids = (svc.create_for_unit(args.item, args.title, args.due) if args.all_grids
               else svc.create_many(args.item, grids, args.title, args.due))
        made = [svc.get(i) for i in ids]
        first = made[0]
        ctx.out({"count": len(made), "tasks": [v.as_dict() for v in made]},
                "\n".join([f"已派发：{first.title}（{len(made)} 个网格，截止 {first.due_date}）"]
                          + [f"  {v.unit_code}\t{v.unit_name}\t{v.id}" for v in made]))
    return EXIT_OK


done = viewer(lambda s, a: s.tasks().get(a.id), lambda v: f"已办结：{v.title}（{v.unit_code}，{v.period_key or '按需'}）",
              act=lambda s, a: s.tasks().complete(a.id, a.note))
