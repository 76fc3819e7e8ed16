"""`worklog add|list|comment` and `patrols add|list|event`: a grid worker's daily work log (民情日志) and own
household visits (巡查走访; not the police's `visits`)."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, date_arg, subcommands
from gridapp.cli.options import arg, command, date_range, lister, need, record_id, unit, viewer
from gridapp.domain import events as event_rules

GRID = unit("网格（或其他单位）编码，默认本单位")


def register(sub: Any) -> None:
    wl = sub.add_parser("worklog", help="民情日志：网格员每天写一篇，网格长、综治中心查看和批注")
    ws = subcommands(wl, "worklog_command")
    command(ws, "add", "写民情日志（网格员本人，本网格；每人每天一篇）", worklog_add,
            arg("--date", type=date_arg, help="日期 YYYY-MM-DD，默认今天"), need("--content", "工作内容和民情"))
    command(ws, "list", "民情日志（新的在前，带批注）", worklog_list, GRID, date_range())
    command(ws, "comment", "批注一篇民情日志（网格长、综治中心）", worklog_comment, record_id("日志 id"),
            need("--text", "批注内容"))

    pt = sub.add_parser("patrols", help="网格员巡查走访（网格员本人的入户走访，不是民警的 visits）")
    ps = subcommands(pt, "patrols_command")
    command(ps, "add", "登记一次巡查走访（网格员本人，本网格的户）", patrol_add, need("--household", "户 id"),
            arg("--date", type=date_arg, help="走访日期 YYYY-MM-DD，默认今天"), need("--situation", "走访情况"),
            arg("--issues", help="发现问题/诉求"))
    command(ps, "list", "巡查走访记录（新的在前）", patrol_list, GRID, date_range())
    command(ps, "summary", "各网格的巡查走访次数、走访户数、上报事件数和民情日志篇数", patrol_summary, unit(),
            date_range())
    classes = {k: v for k, v in event_rules.EVENT_CLASS.items() if k != event_rules.DISPUTE_CLASS}
    command(ps, "event", "从一次巡查走访上报事件（来源：网格员巡查发现）", patrol_event, record_id("巡查走访记录 id"),
            need("--class", "事件类别：" + "、".join(f"{k} {v}" for k, v in classes.items()), dest="class_code",
                 choices=list(classes)),
            arg("--subclass", help="事件小类代码"), need("--title", "标题"),
            arg("--description", help="事件描述（默认取走访发现的问题）"),
            arg("--urgent", action="store_true", help="紧急"))


def _log_line(v: Any) -> str:
    notes = "".join(f"\n    批注 {c.commented_on} {c.author}：{c.text}" for c in v.comments)
    return f"{v.id}\t{v.unit_code}\t{v.log_date}\t{v.worker}\t{v.content}{notes}"


def _patrol_line(v: Any) -> str:
    event = f"\t已上报事件 {v.event_id}" if v.event_id else ""
    return f"{v.id}\t{v.unit_code}\t{v.visited_on}\t{v.address}\t{v.worker}\t{v.situation}\t{v.issues or ''}{event}"


def worklog_add(ctx: Context) -> int:
    from gridapp.domain.worklog import WorklogInput

    with ctx.session() as session:
        svc = session.worklog()
        v = svc.get_worklog(svc.add_worklog(WorklogInput(ctx.args.date or svc.today(), ctx.args.content)))
        ctx.out(v.as_dict(), f"已写民情日志：{v.log_date}（{v.unit_code}）{v.id}")
    return EXIT_OK


worklog_list = lister(lambda s, a: s.worklog().list_worklogs(a.unit, date_from=a.date_from, date_to=a.date_to),
                      "worklogs", _log_line, "没有民情日志。")


worklog_comment = viewer(lambda s, a: s.worklog().get_worklog(a.id),
                         lambda v: f"已批注：{v.log_date} {v.worker} 的民情日志（共 {len(v.comments)} 条批注）",
                         act=lambda s, a: s.worklog().comment(a.id, a.text))


def patrol_add(ctx: Context) -> int:
    from gridapp.domain.worklog import PatrolInput

    a = ctx.args
    with ctx.session() as session:
        svc = session.worklog()
        v = svc.get_patrol(svc.add_patrol(PatrolInput(a.household, a.date or svc.today(), a.situation, a.issues)))
        ctx.out(v.as_dict(), f"已登记巡查走访：{v.visited_on} {v.address}（{v.unit_code}）{v.id}")
    return EXIT_OK


patrol_list = lister(lambda s, a: s.worklog().list_patrols(a.unit, date_from=a.date_from, date_to=a.date_to),
                     "patrols", _patrol_line, "没有巡查走访记录。")


patrol_summary = lister(lambda s, a: s.worklog().summary(a.unit, date_from=a.date_from, date_to=a.date_to), "grids",
                        lambda r: f"{r.unit_code}\t走访 {r.patrols} 次\t{r.households} 户\t上报事件 {r.events} 件\t"
                                  f"日志 {r.worklogs} 篇", "该期间没有巡查走访和民情日志。")


def patrol_event(ctx: Context) -> int:
    from gridapp.services.patrol_events import raise_event

    a = ctx.args
    with ctx.session() as session:
        event_id = raise_event(session.worklog(), session.events(), a.id, class_code=a.class_code,
                               subclass=a.subclass, title=a.title, description=a.description,
                               urgency="2" if a.urgent else "1")
        ctx.out({"patrol_id": a.id, "event_id": event_id}, f"已从巡查走访上报事件：{event_id}")
    return EXIT_OK
