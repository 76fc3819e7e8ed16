"""`visits add|correct|delete|list|coverage|due|import|export|photo`: police household visits (入户走访)."""

from __future__ import annotations

from typing import Any

from gridapp.cli import ledgers, photos
from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, subcommands
from gridapp.cli.options import (
    add_args,
    arg,
    command,
    date_range,
    lister,
    need,
    parse,
    period,
    record_id,
    unit,
)

CORRECTABLE = {"date": "visit_date", "present": "present", "content": "content", "issues": "issues",
               "handling": "handling"}  # `visits correct` option → VisitInput field


def register(sub: Any) -> None:
    visits = sub.add_parser("visits", help="民警入户走访：登记、台账、走访率、待走访户")
    vs = subcommands(visits, "visits_command")
    vsx = ledgers.register(vs, "visits", "入户走访台账（按户主身份证号、户号或地址找户）", None)
    add_args(vsx, unit("只导出该单位（本单位范围内）的走访"), date_range("走访日期起 YYYY-MM-DD", "走访日期止 YYYY-MM-DD"))
    command(vs, "add", "登记一次入户走访（社区民警、综治中心）", add, need("--household", "户 id"),
            need("--date", "走访日期 YYYY-MM-DD", type=date_arg), need("--present", "在户人数", type=int),
            need("--content", "走访内容"), arg("--issues", help="问题/诉求"), arg("--handling", help="处理情况"))
    command(vs, "correct", "更正一次走访：登记新版本，取代原记录（原记录作废，不直接修改）", correct,
            record_id("要更正的走访记录 id"), arg("--date", type=date_arg, help="走访日期 YYYY-MM-DD（不填则不变）"),
            arg("--present", type=int, help="在户人数（不填则不变）"), arg("--content", help="走访内容（不填则不变）"),
            arg("--issues", help="问题/诉求（不填则不变）"), arg("--handling", help="处理情况（不填则不变）"))
    command(vs, "delete", "作废一条误登记的走访记录（留痕，不物理删除）", delete, record_id("走访记录 id"))
    command(vs, "list", "走访台账（新的在前）", list_, unit("网格（或其他单位）编码，默认本单位", "--grid"), date_range())
    command(vs, "coverage", "入户走访率：各网格、社区及合计，对照 100%% 目标", coverage, unit(),
            period("统计期：年 YYYY 或 年-月 YYYY-MM（默认本月）"), date_range("起始日期 YYYY-MM-DD（与 --to 同用）"))
    command(vs, "due", "按走访规则应走访的户（逾期最久的在前）", due, unit())
    photos.register(vs, "visits", "走访记录", "visits")


def _visit_line(v: Any) -> str:
    return (f"{v.visit_date}\t{v.unit_code}\t{v.address}\t{v.head_name or '—'}\t在户{v.present}人\t{v.visitor_name}\t"
            f"{v.content}" + (f"\t诉求：{v.issues}" if v.issues else "") + (f"\t处理：{v.handling}" if v.handling else ""))


def _due_line(d: Any) -> str:
    return (f"{d.address}\t{d.head_name or '—'}\t{d.reason}（{d.interval_text}）\t上次 {d.last_visit or '从未走访'}\t"
            + ("从未走访" if d.days_overdue is None else f"逾期 {d.days_overdue} 天"))


def add(ctx: Context) -> int:
    from gridapp.services.visits import VisitInput

    args = ctx.args
    with ctx.session() as session:
        svc = session.visits()
        v = svc.get(svc.record(VisitInput(args.household, args.date, args.present, args.content, args.issues,
                                          args.handling)))
        ctx.out(v.as_dict(), f"已登记走访：{v.visit_date} {v.address}（户主 {v.head_name or '—'}），"
                             f"在户 {v.present} 人，走访人 {v.visitor_name}")
    return EXIT_OK


def correct(ctx: Context) -> int:
    args = ctx.args
    given = {field: getattr(args, option) for option, field in CORRECTABLE.items()
             if getattr(args, option) is not None}
    with ctx.session() as session:
        svc = session.visits()
        v = svc.get(svc.patch(args.id, given))  # the fields not given stay as they were
        ctx.out(v.as_dict(), f"已更正走访：{v.visit_date} {v.address}，新记录 id {v.id}")
    return EXIT_OK


def delete(ctx: Context) -> int:
    with ctx.session() as session:
        svc = session.visits()
        v = svc.get(ctx.args.id)
        svc.delete(ctx.args.id)
        ctx.out({"id": v.id, "deleted": True}, f"已作废走访记录：{v.visit_date} {v.address}")
    return EXIT_OK


list_ = lister(lambda s, a: s.visits().list_visits(a.grid, date_from=a.date_from, date_to=a.date_to), "visits",
               _visit_line, "没有走访记录。")


def coverage(ctx: Context) -> int:
    from gridapp.domain import clock
    from gridapp.services.visits import parse_period

    args = ctx.args
    if (args.date_from is None) != (args.date_to is None):
        raise UsageError("--from 和 --to 要一起给出")
    if args.period and args.date_from is not None:
        raise UsageError("--period 与 --from/--to 只能选一种")
    if args.date_from is not None:
        start, end = args.date_from, args.date_to
    else:
        start, end = parse(parse_period, args.period or f"{clock.today():%Y-%m}")
    with ctx.session() as session:
        cov = session.visits().coverage(args.unit, start, end)
        rows = [*cov.grids, *cov.communities, cov.total]
        lines = [f"入户走访率 {cov.period_start} 至 {cov.period_end}（目标 {cov.target:.0%}）"]
        lines += [f"  {r.code}\t{r.name}\t已走访 {r.visited}/{r.households} 户\t{r.rate_text}"
                  + ("\t达标" if r.met else "") for r in rows]
        ctx.out(cov.as_dict(), "\n".join(lines))
    return EXIT_OK


due = lister(lambda s, a: s.visits().due(a.unit), "due", _due_line, "没有应走访的户。")
