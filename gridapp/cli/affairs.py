"""`affairs list|apply|review|publish|admit|withdraw|cancel|import|export`: the affair list (网格事务清单) and
its admission workflow."""

from __future__ import annotations

import argparse
from typing import Any

from gridapp.cli import ledgers
from gridapp.cli.context import EXIT_OK, Context, date_arg, json_flag, subcommands


def register(sub: Any) -> None:
    from gridapp.core.codes import AFFAIR_FREQUENCY, AFFAIR_STATUS
    from gridapp.services.affairs import MIN_PUBLICITY_DAYS

    affairs = sub.add_parser("affairs", help="网格事务清单：列出、申请准入、审核、公示、准入、退出")
    afs = subcommands(affairs, "affairs_command")
    afx = ledgers.register(afs, "affairs", "网格事务清单（每行作为一项准入申请）", None, _export_filters)
    afx.add_argument("--status", choices=list(AFFAIR_STATUS), help="只导出该状态的事项")
    afx.add_argument("--in-force", action="store_true", help="只导出今天有效的已准入事项")
    afl = afs.add_parser("list", help="列出本单位及上级单位的事项（--in-force 只列今天有效的已准入事项）")
    afl.add_argument("--status", choices=list(AFFAIR_STATUS), help="只列该状态的事项")
    afl.add_argument("--in-force", action="store_true", help="只列今天有效的已准入事项")
    json_flag(afl)
    afl.set_defaults(func=list_)
    afa = afs.add_parser("apply", help="部门向本级网格管理机构申请事项准入")
    afa.add_argument("--name", required=True, help="事项名称")
    afa.add_argument("--department", required=True, help="申请部门")
    afa.add_argument("--basis", help="法律/政策依据")
    afa.add_argument("--duty", help="网格员职责")
    afa.add_argument("--frequency", choices=list(AFFAIR_FREQUENCY),
                     help="频次：" + "，".join(f"{k} {v}" for k, v in AFFAIR_FREQUENCY.items()))
    afa.add_argument("--deadline-days", type=int, help="办理时限（天）")
    afa.add_argument("--data", dest="required_data", help="所需数据")
    afa.add_argument("--temporary", action="store_true", help="临时事项（须写明有效期 --from --to）")
    afa.add_argument("--from", dest="valid_from", type=date_arg, help="临时事项有效期起 YYYY-MM-DD")
    afa.add_argument("--to", dest="valid_to", type=date_arg, help="临时事项有效期止 YYYY-MM-DD")
    json_flag(afa)
    afa.set_defaults(func=apply)
    afr = afs.add_parser("review", help="审核：--approve 通过或 --reject 驳回，并写明意见")
    afr.add_argument("id", help="事项 id")
    verdict = afr.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help="审核通过")
    verdict.add_argument("--reject", action="store_true", help="驳回")
    afr.add_argument("--opinion", required=True, help="审核意见（驳回时为理由）")
    json_flag(afr)
    afr.set_defaults(func=review)
    afp = afs.add_parser("publish", help=f"公示已审核的事项（至少 {MIN_PUBLICITY_DAYS} 天）")
    afp.add_argument("id", help="事项 id")
    afp.add_argument("--from", dest="start", type=date_arg, required=True, help="公示起 YYYY-MM-DD")
    afp.add_argument("--to", dest="end", type=date_arg, required=True, help="公示止 YYYY-MM-DD")
    json_flag(afp)
    afp.set_defaults(func=publish)
    afm = afs.add_parser("admit", help="准入：公示期满的事项，或经审核同意的临时事项")
    afm.add_argument("id", help="事项 id")
    json_flag(afm)
    afm.set_defaults(func=admit)
    afw = afs.add_parser("withdraw", help="事项退出：自该日起不再有效")
    afw.add_argument("id", help="事项 id")
    afw.add_argument("--on", type=date_arg, required=True, help="退出日期 YYYY-MM-DD（今天或以后）")
    afw.add_argument("--reason", default="", help="退出原因")
    json_flag(afw)
    afw.set_defaults(func=withdraw)
    afc = afs.add_parser("cancel", help="撤回尚未准入的申请（申请人本人，或本单位审核人员撤回已审核、公示中的事项）")
    afc.add_argument("id", help="事项 id")
    afc.add_argument("--reason", default="", help="撤回理由")
    json_flag(afc)
    afc.set_defaults(func=cancel)


def _today() -> Any:
    from gridapp.domain import clock  # looked up at each call: tests may freeze the clock

    return clock.today()


def _export_filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"status": args.status, "in_force_on": _today() if args.in_force else None}


def _line(v: Any) -> str:
    period = ""
    if v.in_force_from:
        period = f"\t{v.in_force_from} 至 {v.in_force_to or '长期'}"
    elif v.publicity_from:
        period = f"\t公示 {v.publicity_from} 至 {v.publicity_to}"
    return f"{v.id}\t{v.name}\t{v.department}\t{v.status_label}{'（临时）' if v.temporary else ''}{period}"


def list_(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        items = session.affairs().list(status=args.status, in_force_on=_today() if args.in_force else None)
        ctx.out({"count": len(items), "items": [v.as_dict() for v in items]},
                "\n".join(_line(v) for v in items) or "没有事项。")
    return EXIT_OK


def _act(ctx: Context, act: Any) -> int:
    """Run `act(service)`, which returns (item id, what was done), then show the item as it now is."""
    with ctx.session() as session:
        svc = session.affairs()
        item_id, done = act(svc)
        view = svc.get(item_id)
    ctx.out(view.as_dict(), f"{done}\n{_line(view)}")
    return EXIT_OK


def apply(ctx: Context) -> int:
    from gridapp.services.affairs import AffairInput

    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        item_id = svc.apply(AffairInput(
            name=args.name, department=args.department, basis=args.basis, duty=args.duty,
            frequency=args.frequency, deadline_days=args.deadline_days, required_data=args.required_data,
            temporary=args.temporary, valid_from=args.valid_from, valid_to=args.valid_to))
        return item_id, f"已提交准入申请：{args.name}（{item_id}），等待审核"

    return _act(ctx, act)


def review(ctx: Context) -> int:
    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        svc.review(args.id, approve=args.approve, opinion=args.opinion)
        return args.id, f"已{'审核通过' if args.approve else '驳回'}：{args.id}"

    return _act(ctx, act)


def publish(ctx: Context) -> int:
    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        svc.publish(args.id, args.start, args.end)
        return args.id, f"已公示：{args.id}（{args.start} 至 {args.end}）"

    return _act(ctx, act)


def admit(ctx: Context) -> int:
    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        svc.admit(args.id)
        return args.id, f"已准入：{args.id}"

    return _act(ctx, act)


def cancel(ctx: Context) -> int:
    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        svc.cancel(args.id, args.reason)
        return args.id, f"已撤回申请：{args.id}"

    return _act(ctx, act)


def withdraw(ctx: Context) -> int:
    args = ctx.args

    def act(svc: Any) -> tuple[str, str]:
        svc.withdraw(args.id, args.on, args.reason)
        return args.id, f"已退出：{args.id}（{args.on} 起不再有效）"

    return _act(ctx, act)
