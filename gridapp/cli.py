"""The headless interface: `python -m gridapp [--db PATH] COMMAND ...` (DESIGN.md §5).

Exit codes: 0 success; 2 bad usage; 1 a refused operation (reason on stderr); 3 a batch partly refused.
Every command calls the same services as the GUI. Errors are reported in Chinese, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from gridapp import APP_TITLE_ZH, __version__
from gridapp.config import default_db_path
from gridapp.core.errors import GridappError
from gridapp.core.orgcode import LEVELS, Level, validate_code
from gridapp.core.progress import Progress
from gridapp.db.database import Database, open_database

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEMO_UNIT = ("370303001001", "和平社区（演示）", Level.COMMUNITY)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print English usage and exit 2 itself
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m gridapp", description=f"{APP_TITLE_ZH}（gridapp）命令行")
    p.add_argument("--version", action="store_true", help="显示版本号")
    p.add_argument("--db", type=Path, help=f"数据库文件（默认：{default_db_path()}）")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    init = sub.add_parser("init", help="初始化本机服务的单位并建立数据库")
    init.add_argument("--unit", required=True, help="单位编码（4/6/9/12/15 位）")
    init.add_argument("--name", required=True, help="单位名称")
    init.add_argument("--level", required=True, choices=[lv.value for lv in LEVELS], help="层级")
    init.add_argument("--json", action="store_true")

    demo = sub.add_parser("demo", help="生成演示数据（网格、楼栋、户、居民；虚构，可复现）")
    demo.add_argument("--residents", type=int, default=2000, help="居民人数（默认 2000）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--json", action="store_true")

    stats = sub.add_parser("stats", help="各表、各单位的记录数")
    stats.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="检查数据库完整性、结构版本和变更日志")
    check.add_argument("--json", action="store_true")

    report = sub.add_parser("report", help="报表：report list 列出报表；report 报表名 --unit 编码 --out 文件.pdf 生成 PDF")
    report.add_argument("name", help="报表名（见 report list），或 list")
    report.add_argument("--unit", help="单位编码（本单位或其下级）")
    report.add_argument("--period", help="统计期 YYYY-MM（默认本月）")
    report.add_argument("--out", type=Path, help="输出的 PDF 文件")
    report.add_argument("--building", help="花名册只打印这一栋楼（楼栋 id）")
    report.add_argument("--household", help="户卡只打印这一户（户 id）")
    report.add_argument("--json", action="store_true")
    return p


def _out(args: argparse.Namespace, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    return open_database(args.db or default_db_path(), create=create)


def cmd_init(args: argparse.Namespace) -> int:
    from gridapp.services.units import UnitService

    validate_code(args.unit, Level(args.level))  # refuse a bad code before a database file is made
    db = _open(args, create=True)
    try:
        unit = UnitService(db).initialise(args.unit, args.name, args.level)
    finally:
        db.close()
    _out(args, {"unit_code": unit.code, "name": unit.name, "level": unit.level.value, "db": str(db.path),
                "node_id": db.node_id},
         f"已初始化：{unit.name}（{unit.code}，{unit.level.label_zh}），数据库 {db.path}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from gridapp.demo import DemoGenerator
    from gridapp.services.units import UnitService

    db = _open(args, create=True)
    try:
        units = UnitService(db)
        if units.installation() is None:
            code, name, level = DEMO_UNIT
            units.initialise(code, name, level)
            if not args.json:
                print(f"数据库尚未初始化，已设为演示单位：{name}（{code}）")
        started = time.perf_counter()
        last = [0.0]

        def report(done: int, total: int, text: str) -> None:
            now = time.perf_counter()
            if not args.json and sys.stderr.isatty() and now - last[0] > 0.5:
                last[0] = now
                print(f"\r{done}/{total} {text}", end="", file=sys.stderr, flush=True)

        result = DemoGenerator(db, seed=args.seed).run(args.residents, Progress(report))
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    _out(args, {**result.__dict__, "seconds": round(elapsed, 2)},
         f"已生成演示数据：{result.units} 个单位，{result.buildings} 栋楼，{result.households} 户，"
         f"{result.residents} 名居民（种子 {result.seed}，用时 {elapsed:.1f} 秒）")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from gridapp.services.stats import StatsService

    db = _open(args)
    try:
        st = StatsService(db).stats()
    finally:
        db.close()
    lines = [f"节点 {st.node_id}，单位 {st.unit_code or '（未初始化）'}"]
    lines += [f"  {t}: {n}" + (f"（另有已删除 {st.deleted[t]}）" if st.deleted[t] else "")
              for t, n in st.tables.items()]
    lines.append(f"  change_log: {st.change_log}，待上报变更 {st.pending_changes}，上次同步 {st.last_sync or '从未'}")
    _out(args, st.as_dict(), "\n".join(lines))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from gridapp.services.check import CheckService

    db = _open(args)
    try:
        res = CheckService(db).run()
    finally:
        db.close()
    text = "检查通过：数据库完整，结构为最新版本，变更日志一致。" if res.ok else \
        "检查发现问题：\n" + "\n".join(f"  - {p}" for p in res.problems)
    _out(args, res.as_dict(), text)
    return EXIT_OK if res.ok else EXIT_REFUSED


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "—"


def cmd_report(args: argparse.Namespace) -> int:
    from gridapp.services.reports import CATALOGUE, ReportRequest, ReportService, current_period, parse_period

    if args.name == "list":
        _out(args, {"reports": [{"name": r.name, "title": r.title, "description": r.description}
                                for r in CATALOGUE]},
             "\n".join(f"{r.name}\t{r.title}" for r in CATALOGUE))
        return EXIT_OK
    if args.name not in {r.name for r in CATALOGUE}:
        raise UsageError(f"没有名为“{args.name}”的报表，可用：{'、'.join(r.name for r in CATALOGUE)}")
    if not args.unit or not args.out:
        raise UsageError("生成报表需要 --unit 单位编码 和 --out 文件.pdf")
    if args.household and args.name != "household_card":
        raise UsageError("--household 只用于户卡（household_card）")
    if args.building and args.name not in {"roster", "household_card"}:
        raise UsageError("--building 只用于花名册和户卡")
    period = args.period or current_period()
    try:
        parse_period(period)
    except GridappError as exc:
        raise UsageError(exc.message) from exc

    from gridapp.reports import render

    db = _open(args)
    try:
        request = ReportRequest(args.name, args.unit, period, printed_by=_os_user(),
                                building_id=args.building, household_id=args.household)
        progress = Progress(_tty_progress(args))
        data = ReportService(db).prepare(request, progress)
    finally:
        db.close()
    pdf = render(data, progress)
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        print(f"错误：无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    _out(args, {"report": args.name, "unit_code": data.header.unit_code, "period": period,
                "out": str(args.out), "bytes": len(pdf), "pages": pages},
         f"已生成{data.header.title}：{data.header.unit_full_name}，{data.header.period}，"
         f"{len(pdf) / 1024:.0f} KB → {args.out}")
    return EXIT_OK


def _tty_progress(args: argparse.Namespace):  # noqa: ANN202
    last = [0.0]

    def report(done: int, total: int, text: str) -> None:
        now = time.perf_counter()
        if not args.json and sys.stderr.isatty() and now - last[0] > 0.5:
            last[0] = now
            print(f"\r{done}/{total} {text}", end="", file=sys.stderr, flush=True)

    return report


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "stats": cmd_stats, "check": cmd_check, "report": cmd_report}


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
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"用法错误：{exc}\n请运行 python -m gridapp --help 查看用法。", file=sys.stderr)
        return EXIT_USAGE
    except GridappError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断，未完成的操作已回滚。", file=sys.stderr)
        return EXIT_REFUSED
