"""`disputes add|list|show|resolve|mediate|escalate|supervise|evaluate|summary|import|export`: the dispute ledger
(矛盾纠纷排查化解)."""

from __future__ import annotations

from typing import Any

from gridapp.cli import ledgers
from gridapp.cli.context import EXIT_OK, Context, date_arg, subcommands
from gridapp.cli.options import (
    add_args,
    arg,
    command,
    date_range,
    lister,
    need,
    on,
    parse,
    period,
    record_id,
    unit,
    viewer,
)
from gridapp.core import codes

ID = record_id("纠纷 id")


def register(sub: Any) -> None:
    disputes = sub.add_parser("disputes", help="矛盾纠纷排查化解：登记、台账、化解结果、统计")
    ds = subcommands(disputes, "disputes_command")
    dsx = ledgers.register(ds, "disputes", "矛盾纠纷台账（每行登记一起纠纷）", "--grid")
    add_args(dsx, unit("只导出该单位（本单位范围内）的纠纷"),
             arg("--status", choices=[*codes.DISPUTE_STATUS, "open"], help="只导出该状态的纠纷"),
             arg("--overdue", action="store_true", help="只导出超期未化解的纠纷"),
             arg("--search", help="只导出查找到的纠纷：每个词都出现在编号（也可写短编号）、名称、当事人或地点中"),
             date_range("发生日期起 YYYY-MM-DD", "发生日期止 YYYY-MM-DD"))
    command(ds, "add", "登记一起矛盾纠纷（网格员、网格长、综治中心）", add, need("--name", "名称"),
            need("--date", "发生日期 YYYY-MM-DD", type=date_arg), need("--place", "地点"),
            need("--category", "事件类别代码 01–16、99（01 婚恋家庭 02 邻里 … 99 其他）"),
            need("--scale", "事件规模代码：01 个体性 02 一般群体性 03 重大群体性"),
            need("--people", "涉及人数", type=int), arg("--summary", help="简述"),
            arg("--parties", help="主要当事人（姓名，不填身份证号）"),
            arg("--deadline", type=date_arg, help="化解时限 YYYY-MM-DD（默认发生日期后 30 天）"),
            arg("--grid", help="发生的网格编码（本单位是网格时可省略）"))
    command(ds, "list", "矛盾纠纷台账（发生日期新的在前）", list_, unit(),
            arg("--status", choices=list(codes.DISPUTE_STATUS),
                help="状态：registered 已登记 / mediating 调解中 / resolved 已化解 / escalated 未化解（已上报）"),
            arg("--overdue", action="store_true", help="只列超过化解时限仍未化解的"))
    command(ds, "show", "一起纠纷的全部信息（短编号、完整编号、化解、督办）", show, ID)
    dr = command(ds, "resolve", "登记化解结果：成功为已化解，不成功为未化解（上报）", resolve, ID,
                 need("--how", "化解方式，如 人民调解"), need("--outcome", "化解情况"),
                 on("化解日期 YYYY-MM-DD（默认今天）"))
    outcome = dr.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--success", dest="success", action="store_true", help="化解成功")
    outcome.add_argument("--failure", dest="success", action="store_false", help="化解不成功（上报）")
    command(ds, "mediate", "开始调解：写明化解组织和责任人（网格员、网格长、综治中心）", mediate, ID,
            need("--org", "化解组织，如 社区人民调解委员会"), need("--person", "责任人"),
            arg("--how", help="化解方式，如 人民调解"), arg("--phone", help="责任人联系电话"))
    command(ds, "escalate", "未化解，上报：写明原因", escalate, ID, need("--reason", "上报原因（记为化解情况）"),
            on("上报日期 YYYY-MM-DD（默认今天）"))
    command(ds, "supervise", "督办：对尚未化解的纠纷写督办意见（网格以上的综治中心）", supervise, ID,
            need("--opinion", "督办意见"), on("督办日期 YYYY-MM-DD（默认今天）"))
    command(ds, "evaluate", "考评：对已化解或已上报的纠纷写考评意见", evaluate, ID, need("--opinion", "考评意见"),
            on("考评日期 YYYY-MM-DD（默认今天）"))
    command(ds, "summary", "统计：各类别、各状态件数，化解率，一次性化解率（目标 95%%），逾期件数", summary, unit(),
            period("统计期：年 YYYY 或 年-月 YYYY-MM（默认本年）"))


def _line(d: Any) -> str:
    """One dispute on a line: the short number said on the phone first, the full number last."""
    return (f"{d.short_number}\t{d.occurred_on}\t{d.name}\t{d.category_label}\t{d.scale_label}\t{d.people}人\t"
            f"{d.status_label}\t时限 {d.deadline}" + ("\t逾期" if d.overdue else "") + f"\t完整编号 {d.number}")


def _details(d: Any) -> str:
    """A dispute in full, a field a line (`disputes show`)."""
    lines = [f"事件编号 {d.short_number}（完整编号 {d.number}）", f"名称 {d.name}", f"状态 {d.status_label}"
             + ("（逾期）" if d.overdue else ""), f"发生日期 {d.occurred_on}", f"地点 {d.place}", f"网格 {d.unit_code}",
             f"类别 / 规模 {d.category_label} / {d.scale_label}", f"涉及人数 {d.people}",
             f"主要当事人 {d.parties or '—'}", f"简述 {d.summary or '—'}", f"化解时限 {d.deadline}",
             f"化解方式 {d.method or '—'}", f"化解组织 {d.resolver_org or '—'}", f"责任人 {d.resolver or '—'}",
             f"联系方式 {d.resolver_phone or '—'}", f"化解情况 {d.outcome or '—'}", f"化解日期 {d.resolved_on or '—'}"]
    if d.escalated_on:
        lines.append(f"上报日期 {d.escalated_on}")
    if d.evaluated_on:
        lines.append(f"考评 {d.evaluated_on} {d.evaluation}")
    lines += [f"督办 {sv.sv_on} {sv.sv_unit} {sv.sv_person}：{sv.opinion}" for sv in d.supervisions]
    return "\n".join(lines) + f"\nid {d.id}"


def add(ctx: Context) -> int:
    from gridapp.services.disputes import DisputeInput

    args = ctx.args
    with ctx.session() as session:
        svc = session.disputes()
        d = svc.get(svc.register(DisputeInput(args.name, args.date, args.place, args.category, args.scale,
                                              args.people, args.summary, args.parties, args.deadline, args.grid)))
        ctx.out(d.as_dict(), f"已登记矛盾纠纷：{_line(d)}\nid {d.id}")
    return EXIT_OK


list_ = lister(lambda s, a: s.disputes().list_disputes(a.unit, status=a.status, overdue=a.overdue), "disputes",
               _line, "没有矛盾纠纷记录。")


show = viewer(lambda s, a: s.disputes().get(a.id), _details)


def _act(ctx: Context, done: str, act: Any) -> int:
    """Run `act(service)` on the dispute `id`, then show it as it now is."""
    with ctx.session() as session:
        svc = session.disputes()
        act(svc)
        d = svc.get(ctx.args.id)
        ctx.out(d.as_dict(), f"{done}：{_line(d)}")
    return EXIT_OK


def resolve(ctx: Context) -> int:
    a = ctx.args
    return _act(ctx, "已登记化解结果",
                lambda svc: svc.resolve(a.id, success=a.success, method=a.how, outcome=a.outcome, on=a.on))


def mediate(ctx: Context) -> int:
    a = ctx.args
    return _act(ctx, "已开始调解",
                lambda svc: svc.start_mediation(a.id, method=a.how, org=a.org, person=a.person, phone=a.phone))


def escalate(ctx: Context) -> int:
    a = ctx.args
    return _act(ctx, "已上报", lambda svc: svc.escalate(a.id, a.reason, on=a.on))


def supervise(ctx: Context) -> int:
    a = ctx.args
    return _act(ctx, "已督办", lambda svc: svc.supervise(a.id, a.opinion, on=a.on))


def evaluate(ctx: Context) -> int:
    a = ctx.args
    return _act(ctx, "已考评", lambda svc: svc.evaluate(a.id, a.opinion, on=a.on))


def summary(ctx: Context) -> int:
    from gridapp.domain import clock
    from gridapp.services.disputes import parse_period

    args = ctx.args
    start, end = parse(parse_period, args.period or f"{clock.today():%Y}")
    with ctx.session() as session:
        m = session.disputes().summary(args.unit, (start, end))
        lines = [f"矛盾纠纷 {m.period_start} 至 {m.period_end}：共 {m.total} 件",
                 "  按状态：" + "，".join(f"{codes.DISPUTE_STATUS[k]} {v}" for k, v in m.by_status.items()),
                 "  按类别：" + ("，".join(f"{codes.DISPUTE_CATEGORY[k]} {v}" for k, v in m.by_category.items())
                               or "—"),
                 f"  化解率 {m.pct(m.resolved_rate)}（{m.resolved}/{m.total}）",
                 f"  一次性化解率 {m.pct(m.first_handling_rate)}（{m.first_handling}/{m.handled}），"
                 f"目标 {m.target:.0%}" + {True: "，达标", False: "，未达标", None: ""}[m.target_met],
                 f"  逾期未化解 {m.overdue} 件"]
        ctx.out(m.as_dict(), "\n".join(lines))
    return EXIT_OK
