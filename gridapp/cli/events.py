"""`events report|list|show|accept|return|dispatch|escalate|handle|extend|verify|close|callback|reopen|resubmit|
supervise|summary|limit|calendar|classes`: events (事件上报与流转), the closed loop of a problem found on a grid."""

from __future__ import annotations

import argparse
from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg
from gridapp.cli.options import (
    Handler,
    add_args,
    arg,
    command,
    flag,
    group,
    lister,
    need,
    one_of,
    parse,
    period,
    record_id,
    unit,
    viewer,
)
from gridapp.domain import events as rules

SATISFACTION_ARGS = {"1": "1", "2": "2", "3": "3", **{v: k for k, v in rules.SATISFACTION.items()}}
LEVEL_ARGS = {"1": "1", "2": "2", "3": "3", **{v: k for k, v in rules.SUPERVISION_LEVEL.items()}}
CLASSES = "，".join(f"{k} {v}" for k, v in rules.EVENT_CLASS.items())
SOURCES = "，".join(f"{k} {v}" for k, v in rules.SOURCE.items())


def register(sub: Any) -> None:
    es = group(sub, "events", "事件上报与流转：上报、受理、交办、处置、核查、结案、回访、督办、统计", "events_command")
    command(es, "report", "上报一个事件（网格员、网格长、社区民警、综治中心）", report,
            need("--class", f"事件类别：{CLASSES}", dest="class_code"), arg("--subclass", help="小类代码，如 0302 燃气"),
            need("--title", "标题"), need("--description", "事件描述（不写身份证号）"), need("--place", "地点"),
            arg("--found", type=date_arg, help="发现日期 YYYY-MM-DD（默认今天）"),
            arg("--urgency", choices=["一般", "紧急"], default="一般", help="紧急程度"),
            arg("--source", default="01", choices=list(rules.SOURCE), help=f"事件来源：{SOURCES}"),
            arg("--work-order", help="12345 工单号（来源 04 时必填）"),
            unit("事件所在网格（本人单位是网格时可省略）"), arg("--building", help="楼栋 id"),
            arg("--household", help="户 id"), arg("--person", action="append", default=[], help="涉及的居民 id（可重复）"),
            arg("--dispute-category", default="99", help="类别 01 矛盾纠纷：纠纷类别代码（默认 99 其他；见 disputes）"),
            arg("--scale", default="01", choices=["01", "02", "03"],
                help="类别 01 矛盾纠纷：事件规模 01 个体性 02 一般群体性 03 重大群体性"),
            arg("--people-count", type=int, help="类别 01 矛盾纠纷：涉及人数（默认所选居民数，至少 1）"))
    command(es, "list", "事件列表（发现日期新的在前）", list_,
            arg("--status", choices=list(rules.STATUS), help="状态：" + "，".join(
                f"{k} {v}" for k, v in rules.STATUS.items())),
            arg("--overdue", action="store_true", help="只列超过时限的"),
            arg("--mine", action="store_true", help="只列等我办理的（待受理、待办理、待核查、待结案、待回访）"),
            unit("只列该单位（本单位范围内）的事件"), arg("--text", help="标题、编号或地点中的文字"))
    command(es, "show", "一个事件及其办理过程（谁、何时、做了什么、为什么）", show, arg("id"))

    def step(name: str, text: str, func: Handler, *fields: tuple[str, str, bool]) -> argparse.ArgumentParser:
        return command(es, name, text, func, record_id("事件 id"),
                       [arg(opt, required=required, help=label) for opt, label, required in fields])

    def act(action: str, *keys: str) -> Handler:  # the step `action` with these options of the command
        return lambda ctx: _act(ctx, action, **{k: getattr(ctx.args, k) for k in keys})

    step("accept", "受理（事件所在网格上级的综治中心）", act("accept", "note"), ("--note", "受理意见", False))
    step("return", "回退给上报方（写明原因）", act("return", "reason"), ("--reason", "回退原因", True))
    step("dispatch", "交办：给本单位或其下级（直到事件所在网格），或本单位的部门", act("dispatch", "to", "department", "note"),
         ("--to", "承办单位编码", True), ("--department", "承办部门（交办给本单位的部门时）", False),
         ("--note", "交办意见", False))
    step("escalate", "上报上级（写明原因）", act("escalate", "reason"), ("--reason", "上报原因", True))
    step("handle", "处置反馈（承办单位）", act("handle", "feedback"), ("--feedback", "处置情况", True))
    ex = step("extend", "延期：承办单位用 --days 申请，交办单位用 --approve 或 --refuse 批复", extend,
              ("--reason", "延期原因（申请时）", False), ("--opinion", "批复意见（不同意时必填）", False))
    add_args(ex, arg("--days", type=int, help="申请延长的工作日数"),
             one_of(flag("--approve", "同意延期"), flag("--refuse", "不同意延期")))
    v = step("verify", "核查处置结果（交办单位）", lambda ctx: _act(
        ctx, "verify_ok" if ctx.args.passed else "verify_back", opinion=ctx.args.opinion),
        ("--opinion", "核查意见（退回时必填）", False))
    add_args(v, one_of(flag("--passed", "核查通过"), flag("--back", "退回重办"), required=True))
    step("close", "结案（写明办结情况）", act("close", "outcome"), ("--outcome", "办结情况", True))
    step("callback", "回访：满意、基本满意或不满意（不满意写明原因）", callback,
         ("--satisfaction", "满意 / 基本满意 / 不满意（或 1 / 2 / 3）", True), ("--reason", "不满意原因", False),
         ("--note", "回访情况", False))
    step("reopen", "回访不满意的事件重新办理", act("reopen", "reason"), ("--reason", "原因", True))
    step("resubmit", "被回退的事件补充后重新上报", act("resubmit", "note"), ("--note", "补充说明", False))
    step("supervise", "督办（事件所在网格的上级综治中心）", supervise, ("--level", "普通 / 黄牌 / 红牌", True),
         ("--opinion", "督办意见", True))
    command(es, "summary", "统计：各类别、各状态件数，按时办理率，一次性化解率，满意率", summary, unit(),
            period("统计期：年（2026）、季（2026-Q4）或月（2026-12），默认今年"))
    command(es, "limit", "本单位的事件办理时限（工作日）：受理、办理", limit,
            need("--class", f"事件类别：{CLASSES}", dest="class_code"),
            arg("--accept", type=int, help="受理时限（1 到 60 个工作日）"),
            arg("--handle", type=int, help="办理时限（1 到 60 个工作日）"),
            flag("--inherit", "取消本单位的设置，沿用上级或默认时限"))
    command(es, "calendar", "工作日历：登记放假日或调休上班日（节假日库尚未收录的年份），列出或删除登记", calendar,
            arg("day", type=date_arg, nargs="?", help="日期 YYYY-MM-DD"),
            one_of(flag("--off", "放假"), flag("--working", "调休上班"), flag("--remove", "删除本单位对该日的登记"),
                   flag("--list", "列出适用于本单位的登记（本单位和上级的）")),
            arg("--note", help="说明，如 春节"))
    cls = group(es, "classes", "事件分类（综治中心可为本单位及下级增加小类、改名、停用）", "classes_command")
    command(cls, "list", "本单位适用的事件类别和小类（停用的标明）", classes_list, flag("--active", "只列在用的"))
    command(cls, "add", "在一个大类下增加小类（代码自动编排，如 0305）", classes_add,
            need("--class", f"大类代码：{CLASSES}", dest="class_code"), need("--name", "小类名称（不超过 20 个字）"))
    code = record_id("类别或小类代码", "code")
    command(cls, "rename", "给类别或小类改名（已有事件保留代码，显示新名称）",
            lambda ctx: _class_act(ctx, "rename_class", "已改名", ctx.args.code, ctx.args.name),
            code, need("--name", "新名称"))
    for name, text, method, done in (("retire", "停用类别或小类：不再用于新事件，已有事件照常显示", "retire_class", "已停用"),
                                     ("restore", "恢复本单位停用的类别或小类", "restore_class", "已恢复")):
        command(cls, name, text, _class_action(method, done), code)

DATA_LABELS = {"to": "承办单位", "department": "承办部门", "note": "意见", "reason": "原因", "feedback": "处置情况",
               "days": "延期（工作日）", "opinion": "意见", "outcome": "办结情况", "satisfaction": "满意度",
               "level": "督办级别", "source": "来源"}


def _value(key: str, value: Any) -> str:
    table = {"satisfaction": rules.SATISFACTION, "level": rules.SUPERVISION_LEVEL, "source": rules.SOURCE}.get(key)
    return table.get(str(value), str(value)) if table else str(value)


def _line(r: Any) -> str:
    timing = {"overdue": "\t已超时", "soon": "\t即将到期"}.get(r.timing, "")
    due = f"\t时限 {r.due}" if r.due else ""
    cards = f"\t督办 {r.supervisions}" + (f"（红牌 {r.red_cards}）" if r.red_cards else "") if r.supervisions else ""
    return f"{r.number}\t{r.found_on}\t{r.class_label}\t{r.title}\t{r.status_label}{due}{timing}{cards}"


def _show_text(v: Any) -> str:
    r = v.row
    lines = [_line(r), f"id {r.id}", f"地点：{v.place}", f"描述：{v.description}", f"来源：{r.source_label}"
             + (f"（工单号 {v.work_order}）" if v.work_order else ""), f"上报人：{v.reporter}",
             f"当前：{r.holder} 综治中心" + (f"，承办 {r.handler}" if r.handler else "")
             + (f"（{v.handler_dept}）" if v.handler_dept else "")]
    if v.people:
        lines.append("涉及人员：" + "、".join(v.people))
    if v.satisfaction_label:
        lines.append(f"回访：{v.satisfaction_label}")
    lines.append("办理过程：")
    for t in v.timeline:
        detail = "；".join(f"{DATA_LABELS.get(k, k)}：{_value(k, x)}" for k, x in t.data.items()
                          if x not in (None, "") and k in DATA_LABELS)
        mark = f"（未计入：{t.anomaly}）" if t.anomaly else ""
        lines.append(f"  {t.done_on}\t{t.label}\t{t.actor_unit} {t.actor_name}\t{detail}{mark}")
    if v.next_actions:
        lines.append("您现在可以：" + "、".join(rules.ACTION[a] for a in v.next_actions))
    return "\n".join(lines)


def report(ctx: Context) -> int:
    from gridapp.domain import clock
    from gridapp.services.events import EventInput

    a = ctx.args
    urgency = {"一般": "1", "紧急": "2"}[a.urgency]
    with ctx.session() as session:
        svc = session.events()
        data = EventInput(a.class_code, a.title, a.description, a.place, a.found or clock.today(), urgency,
                          a.source, a.subclass, a.work_order, a.unit, a.building, a.household, tuple(a.person))
        if a.class_code == rules.DISPUTE_CLASS:  # one concept, one record: the dispute ledger's
            from gridapp.services.event_disputes import report_dispute

            did = report_dispute(svc, session.disputes(), data, category=a.dispute_category, scale=a.scale,
                                 people_count=a.people_count)
            d = session.disputes().get(did)
            ctx.out({"dispute_id": did, "dispute": d.as_dict()},
                    f"矛盾纠纷已登记到矛盾纠纷台账：{d.number} {d.name}\nid {did}（用 disputes 命令办理）")
            return EXIT_OK
        eid = svc.report(data)
        v = svc.get(eid)
        ctx.out(v.as_dict(), f"已上报事件：{_line(v.row)}\nid {eid}")
    return EXIT_OK


list_ = lister(lambda s, a: s.events().rows(s.events().list_ids(
    status=a.status, overdue=a.overdue, mine=a.mine, unit_code=a.unit, text=a.text)), "events", _line, "没有事件。")


show = viewer(lambda s, a: s.events().get(a.id), _show_text)


def _act(ctx: Context, action: str, **data: Any) -> int:
    with ctx.session() as session:
        svc = session.events()
        svc.act(ctx.args.id, action, **{k: v for k, v in data.items() if v is not None})
        v = svc.get(ctx.args.id)
        ctx.out(v.as_dict(), f"已{rules.ACTION[action]}：{_line(v.row)}")
    return EXIT_OK


def extend(ctx: Context) -> int:
    a = ctx.args
    if a.approve or a.refuse:
        if a.days is not None:
            raise UsageError("批复延期时不要写 --days")
        return _act(ctx, "extend_ok" if a.approve else "extend_no", opinion=a.opinion)
    if a.days is None:
        raise UsageError("申请延期须写 --days 和 --reason；批复须写 --approve 或 --refuse")
    return _act(ctx, "extend", days=a.days, reason=a.reason)


def callback(ctx: Context) -> int:
    a = ctx.args
    sat = SATISFACTION_ARGS.get(a.satisfaction)
    if sat is None:
        raise UsageError("--satisfaction 须为 满意、基本满意 或 不满意（或 1、2、3）")
    return _act(ctx, "callback", satisfaction=sat, reason=a.reason, note=a.note)


def supervise(ctx: Context) -> int:
    a = ctx.args
    level = LEVEL_ARGS.get(a.level)
    if level is None:
        raise UsageError("--level 须为 普通、黄牌 或 红牌（或 1、2、3）")
    return _act(ctx, "supervise", level=level, opinion=a.opinion)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def summary(ctx: Context) -> int:
    from gridapp.domain import clock
    from gridapp.domain.periods import parse_period

    a = ctx.args
    period = parse(lambda text: parse_period(text, ("year", "quarter", "month")), a.period or f"{clock.today():%Y}")
    with ctx.session() as session:
        m = session.events().summary(period.start, period.end, a.unit)
        lines = [f"事件 {m.start} 至 {m.end}（{m.unit_code}）：共 {m.total} 件",
                 "  按状态：" + ("，".join(f"{k} {v}" for k, v in m.by_status.items()) or "—"),
                 "  按类别：" + ("，".join(f"{k} {v}" for k, v in m.by_class.items()) or "—"),
                 f"  按时办理率 {_pct(m.on_time_rate)}（{m.on_time}/{m.handled}）",
                 f"  初信初访一次性化解率 {_pct(m.first_handling_closure_rate)}"
                 f"（{m.first_handling_closed}/{m.petitions_decided}），目标 95%",
                 f"  满意率 {_pct(m.satisfaction_rate)}（{m.satisfied}/{m.called_back}），目标 96%"]
        ctx.out(m.as_dict(), "\n".join(lines))
    return EXIT_OK


def limit(ctx: Context) -> int:
    a = ctx.args
    if a.inherit:
        if a.accept is not None or a.handle is not None:
            raise UsageError("--inherit 不能与 --accept、--handle 同时使用")
        with ctx.session() as session:
            svc = session.events()
            svc.clear_limit(a.class_code)
            row = next(r for r in svc.limits() if r[0] == a.class_code)
            ctx.out({"class": a.class_code, "accept_days": row[2], "handle_days": row[3], "own": False},
                    f"{row[1]}改为沿用上级或默认时限：受理 {row[2]} 个工作日，办理 {row[3]} 个工作日")
        return EXIT_OK
    if a.accept is None or a.handle is None:
        raise UsageError("请同时给出 --accept 和 --handle（或用 --inherit 沿用上级）")
    with ctx.session() as session:
        session.events().set_limit(a.class_code, a.accept, a.handle)
        data = {"class": a.class_code, "accept_days": a.accept, "handle_days": a.handle}
        ctx.out(data, f"已设定{rules.EVENT_CLASS.get(a.class_code, a.class_code)}的时限：受理 {a.accept} 个工作日，"
                      f"办理 {a.handle} 个工作日")
    return EXIT_OK


def calendar(ctx: Context) -> int:
    a = ctx.args
    if a.list:
        with ctx.session() as session:
            days = session.events().calendar_days()
        data = [{"day": d.isoformat(), "working": w, "note": n, "unit": u, "own": own} for d, w, n, u, own in days]
        ctx.out({"days": data, "count": len(data)}, "\n".join(
            f"{d}\t{'调休上班' if w else '放假'}\t{n or ''}\t{u}{'' if own else '（上级登记）'}"
            for d, w, n, u, own in days) or "本单位及上级没有登记工作日历。")
        return EXIT_OK
    if a.day is None:
        raise UsageError("请给出日期（或用 --list 列出登记）")
    if a.remove:
        with ctx.session() as session:
            session.events().remove_calendar_day(a.day)
        ctx.out({"day": a.day.isoformat(), "removed": True}, f"已删除 {a.day} 的登记")
        return EXIT_OK
    if not a.off and not a.working:
        raise UsageError("请用 --off（放假）或 --working（调休上班）说明该日")
    with ctx.session() as session:
        session.events().set_calendar_day(a.day, bool(a.working), a.note)
        ctx.out({"day": a.day.isoformat(), "working": bool(a.working), "note": a.note},
                f"已登记 {a.day} 为" + ("调休上班日" if a.working else "放假日"))
    return EXIT_OK


def classes_list(ctx: Context) -> int:
    with ctx.session() as session:
        table = session.events().class_table()
    entries = table.entries(active_only=bool(ctx.args.active))
    data = [{"code": e.code, "name": e.name, "parent": e.parent, "retired": e.retired, "default_name": e.default_name,
             "set_by": e.set_by} for e in entries]
    lines = []
    for e in entries:
        note = "（停用）" if e.retired else ""
        if e.default_name and e.name != e.default_name:
            note += f"（原名 {e.default_name}）"
        lines.append(f"{'  ' if e.parent else ''}{e.code}\t{e.name}{note}")
    ctx.out({"classes": data, "count": len(data)}, "\n".join(lines))
    return EXIT_OK


def classes_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        svc = session.events()
        code = svc.add_subclass(a.class_code, a.name)
        parent = svc.class_table().label(a.class_code)
    ctx.out({"code": code, "name": a.name.strip(), "parent": a.class_code}, f"已在“{parent}”下增加小类 {code} {a.name.strip()}")
    return EXIT_OK


def _class_action(method: str, done: str) -> Handler:
    return lambda ctx: _class_act(ctx, method, done, ctx.args.code)


def _class_act(ctx: Context, method: str, done: str, code: str, *args: str) -> int:
    with ctx.session() as session:
        svc = session.events()
        getattr(svc, method)(code, *args)
        e = svc.class_table().get(code)
    assert e is not None
    ctx.out({"code": e.code, "name": e.name, "parent": e.parent, "retired": e.retired}, f"{done}：{e.code} {e.name}")
    return EXIT_OK
