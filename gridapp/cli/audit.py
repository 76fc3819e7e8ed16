"""`audit verify|export`: the audit log's hash chain and its CSV export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, EXIT_REFUSED, Context, subcommands
from gridapp.cli.options import arg, command
from gridapp.core.errors import AuthError


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="审计日志：校验哈希链、导出")
    audit_sub = subcommands(audit, "audit_command")
    command(audit_sub, "verify", "校验审计日志的哈希链，报告第一处被改动的记录", verify)
    command(audit_sub, "export", "导出审计日志为 CSV", export, arg("--out", type=Path, required=True, help="CSV 文件"),
            arg("--since", type=dt.date.fromisoformat, help="起始日期 YYYY-MM-DD"),
            arg("--until", type=dt.date.fromisoformat, help="截止日期 YYYY-MM-DD"), arg("--by", help="只导出该用户的操作"),
            arg("--action", help="只导出该类操作（login、reveal、export 等）"))


def verify(ctx: Context) -> int:
    with ctx.session() as session:
        if session.principal is None:
            from gridapp.services.audit import verify_chain

            report = verify_chain(session.db)
        else:
            report = session.audit().verify()
    ctx.out(report.as_dict(), f"审计日志完整：{report.rows} 条记录，哈希链未断。" if report.ok
            else f"审计日志被改动：{report.reason}")
    return EXIT_OK if report.ok else EXIT_REFUSED


def export(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        if session.principal is None:
            raise AuthError("该数据库没有用户，无法导出审计日志。")
        n = session.audit().export_csv(args.out, since=args.since, until=args.until, username=args.by,
                                       action=args.action)
        ctx.out({"rows": n, "file": str(args.out)}, f"已导出 {n} 条审计记录到 {args.out}")
    return EXIT_OK
