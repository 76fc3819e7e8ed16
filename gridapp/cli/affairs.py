"""`affairs list|apply|review|publish|admit|withdraw|cancel|import|export`: the affair list (网格事务清单) and
its admission workflow."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from gridapp.cli import ledgers
from gridapp.cli.context import EXIT_OK, Context, date_arg, subcommands
from gridapp.cli.options import add_args, arg, command, date_range, listing, need, on, record_id

ID = record_id("事项 id")


def register(sub: Any) -> None:
    from gridapp.core.codes import AFFAIR_FREQUENCY, AFFAIR_STATUS
    from gridapp.services.affairs import MIN_PUBLICITY_DAYS

    affairs = sub.add_parser("affairs", help="网格事务清单：列出、申请准入、审核、公示、准入、退出")
    afs = subcommands(affairs, "affairs_command")
    afx = ledgers.register(afs, "affairs", "网格事务清单（每行作为一项准入申请）", None, _export_filters)
    add_args(afx, arg("--status", choices=list(AFFAIR_STATUS), help="只导出该状态的事项"),
             arg("--in-force", action="store_true", help="只导出今天有效的已准入事项"))
    command(afs, "list", "列出本单位及上级单位的事项（--in-force 只列今天有效的已准入事项）", list_,
            arg("--status", choices=list(AFFAIR_STATUS), help="只列该状态的事项"),
            arg("--in-force", action="store_true", help="只列今天有效的已准入事项"))
    command(afs, "apply", "部门向本级网格管理机构申请事项准入", apply, need("--name", "事项名称"),
            need("--department", "申请部门"), arg("--basis", help="法律/政策依据"), arg("--duty", help="网格员职责"),
            arg("--frequency", choices=list(AFFAIR_FREQUENCY),
                help="频次：" + "，".join(f"{k} {v}" for k, v in AFFAIR_FREQUENCY.items())),
            arg("--deadline-days", type=int, help="办理时限（天）"),
            arg("--data", dest="required_data", help="所需数据"),
            arg("--temporary", action="store_true", help="临时事项（须写明有效期 --from --to）"),
            date_range("临时事项有效期起 YYYY-MM-DD", "临时事项有效期止 YYYY-MM-DD", dest="valid"))
    afr = command(afs, "review", "审核：--approve 通过或 --reject 驳回，并写明意见", review, ID,
                  need("--opinion", "审核意见（驳回时为理由）"))
    verdict = afr.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help="审核通过")
    verdict.add_argument("--reject", action="store_true", help="驳回")
    command(afs, "publish", f"公示已审核的事项（至少 {MIN_PUBLICITY_DAYS} 天）", publish, ID,
            need("--from", "公示起 YYYY-MM-DD", dest="start", type=date_arg),
            need("--to", "公示止 YYYY-MM-DD", dest="end", type=date_arg))
    command(afs, "admit", "准入：公示期满的事项，或经审核同意的临时事项", admit, ID)
    command(afs, "withdraw", "事项退出：自该日起不再有效", withdraw, ID,
            on("退出日期 YYYY-MM-DD（今天或以后）", required=True), arg("--reason", default="", help="退出原因"))
    command(afs, "cancel", "撤回尚未准入的申请（申请人本人，或本单位审核人员撤回已审核、公示中的事项）", cancel, ID,
            arg("--reason", default="", help="撤回理由"))



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
        return listing(ctx, "items", items, _line, "没有事项。")


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


def _step(step: Callable[[Any, Any], object], said: Callable[[Any], str]) -> Callable[[Context], int]:
    """A step on the item `id`: `step(service, args)`, then `said(args)` and the item as it now is."""

    def handler(ctx: Context) -> int:
        def act(svc: Any) -> tuple[str, str]:
            step(svc, ctx.args)
            return ctx.args.id, said(ctx.args)

        return _act(ctx, act)

    return handler


review = _step(lambda svc, a: svc.review(a.id, approve=a.approve, opinion=a.opinion),
               lambda a: f"已{'审核通过' if a.approve else '驳回'}：{a.id}")
publish = _step(lambda svc, a: svc.publish(a.id, a.start, a.end), lambda a: f"已公示：{a.id}（{a.start} 至 {a.end}）")
admit = _step(lambda svc, a: svc.admit(a.id), lambda a: f"已准入：{a.id}")
cancel = _step(lambda svc, a: svc.cancel(a.id, a.reason), lambda a: f"已撤回申请：{a.id}")
withdraw = _step(lambda svc, a: svc.withdraw(a.id, a.on, a.reason), lambda a: f"已退出：{a.id}（{a.on} 起不再有效）")
