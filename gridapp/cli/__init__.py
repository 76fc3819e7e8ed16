"""The headless interface: `python -m gridapp [--db PATH] COMMAND ...` (DESIGN.md §5).

Exit codes: 0 success; 2 bad usage; 1 a refused operation (reason on stderr); 3 a batch partly refused.
Every command calls the same services as the GUI. Errors are reported in Chinese, never as a traceback.

One module per area registers its commands (`register(subparsers)`, each leaf parser naming its handler with
`set_defaults(func=...)`); `context` holds what they share (opening the database as the signed-in user, `--json`
output, passwords, exit codes, the output-file check). The JSON of a view is the service view's `as_dict()`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gridapp import APP_TITLE_ZH, __version__
from gridapp.cli import (
    affairs,
    assessment,
    audit,
    backup,
    disputes,
    events,
    hub,
    indicators,
    party,
    projects,
    report,
    residents,
    setup,
    special_groups,
    sync,
    tasks,
    units,
    users,
    visits,
    worklog,
)
from gridapp.cli.context import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_REFUSED,
    EXIT_USAGE,
    NEW_PASSWORD_ENV,
    PASSWORD_ENV,
    Context,
    Parser,
    UsageError,
    check_output_paths,
    output_path_problem,
)
from gridapp.cli.setup import DEMO_UNIT
from gridapp.config import default_db_path
from gridapp.core.errors import GridappError

__all__ = ["DEMO_UNIT", "EXIT_OK", "EXIT_PARTIAL", "EXIT_REFUSED", "EXIT_USAGE", "NEW_PASSWORD_ENV", "PASSWORD_ENV",
           "UsageError", "build_parser", "check_output_paths", "main", "output_path_problem"]

# in the order `--help` lists them
AREAS = (setup, report, backup, users, units, special_groups, audit, residents, affairs, visits, tasks, disputes,
         events, worklog, party, projects, assessment, indicators, sync, hub)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m gridapp", description=f"{APP_TITLE_ZH}（gridapp）命令行")
    p.add_argument("--version", action="store_true", help="显示版本号")
    p.add_argument("--db", type=Path, help=f"数据库文件（默认：{default_db_path()}）")
    p.add_argument("--user", default=os.environ.get("GRIDAPP_USER") or None,
                   help=f"登录用户名（默认取环境变量 GRIDAPP_USER；密码从提示输入，或取环境变量 {PASSWORD_ENV}）")
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    for area in AREAS:
        area.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(f"用法错误：{exc}\n请运行 python -m gridapp --help 查看用法。", file=sys.stderr)
        return EXIT_USAGE
    if args.version:
        print(f"gridapp {__version__}")
        return EXIT_OK
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from gridapp.core import notices

    notices.set_listener(lambda text: print(text, file=sys.stderr, flush=True))  # e.g. waiting for a write lock
    try:
        check_output_paths(args)
        return args.func(Context(args))
    except UsageError as exc:
        print(f"用法错误：{exc}\n请运行 python -m gridapp --help 查看用法。", file=sys.stderr)
        return EXIT_USAGE
    except GridappError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断，未完成的操作已回滚。", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:  # a file that could not be read or written, found only while working
        where = f"“{exc.filename}”" if exc.filename else ""
        print(f"错误：无法读写文件{where}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
