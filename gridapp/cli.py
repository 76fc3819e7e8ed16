"""The headless interface: `python -m gridapp [--db PATH] COMMAND ...` (DESIGN.md §5).

Exit codes: 0 success; 2 bad usage; 1 a refused operation (reason on stderr); 3 a batch partly refused.
Every command calls the same services as the GUI. Errors are reported in Chinese, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
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

    sync = sub.add_parser("sync", help="与上下级交换同步包：登记、导出、导入、状态、冲突")
    ss = sync.add_subparsers(dest="sync_command", parser_class=_Parser)
    req = ss.add_parser("request", help="生成本机的登记申请文件，交给上级导入")
    req.add_argument("--out", type=Path, required=True, help="申请文件路径")
    req.add_argument("--json", action="store_true")
    en = ss.add_parser("enrol", help="上级：导入下级的登记申请，生成登记证书文件")
    en.add_argument("request", type=Path, help="下级的登记申请文件")
    en.add_argument("--out", type=Path, required=True, help="证书文件路径")
    en.add_argument("--json", action="store_true")
    ac = ss.add_parser("accept", help="下级：导入上级签发的登记证书")
    ac.add_argument("cert", type=Path, help="证书文件")
    ac.add_argument("--json", action="store_true")
    ex = ss.add_parser("export", help="为上级或某个下级写出同步包")
    ex.add_argument("--to", required=True, dest="to_unit", help="对方单位编码")
    ex.add_argument("--out", type=Path, required=True, help="同步包路径（.gridpkg）")
    ex.add_argument("--json", action="store_true")
    im = ss.add_parser("import", help="导入一个或多个同步包（顺序不限）")
    im.add_argument("files", type=Path, nargs="+", help="同步包文件")
    im.add_argument("--json", action="store_true")
    st = ss.add_parser("status", help="各上下级待同步的变更和上次交换时间")
    st.add_argument("--json", action="store_true")
    co = ss.add_parser("conflicts", help="列出未处理的冲突")
    co.add_argument("--all", action="store_true", help="包括已处理的冲突")
    co.add_argument("--json", action="store_true")
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


def cmd_sync(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from gridapp.services.sync import SyncService, kinds_text

    if not args.sync_command:
        raise UsageError("sync 需要子命令：request、enrol、accept、export、import、status、conflicts")
    db = _open(args)
    try:
        svc = SyncService(db)
        sc = args.sync_command
        if sc == "request":
            r = svc.make_request(args.out)
            _out(args, asdict(r), f"已写出登记申请：{args.out}\n本机：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                 f"本机指纹：{r.fingerprint}\n请把申请文件交给上级，并核对上级屏幕上显示的指纹与此一致。")
        elif sc == "enrol":
            r = svc.enrol(args.request, args.out)
            _out(args, asdict(r), f"已登记下级：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                 f"下级指纹：{r.fingerprint}（请与下级屏幕上显示的指纹核对，不一致时不要交付证书）\n"
                 f"本机指纹：{r.own_fingerprint}\n证书已写出：{args.out}，请交给下级导入（sync accept）。")
        elif sc == "accept":
            r = svc.accept(args.cert)
            _out(args, asdict(r), f"已接受上级证书：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                 f"上级指纹：{r.fingerprint}（请与上级屏幕上显示的指纹核对）")
        elif sc == "export":
            r = svc.export(args.to_unit, args.out)
            _out(args, asdict(r), r.summary())
        elif sc == "import":
            results = svc.import_files(args.files)
            ok = [r for r in results if r.status != "refused"]
            partial = any(r.refused for r in ok)
            data = {"results": [{**asdict(r), "summary": r.summary()} for r in results],
                    "imported": sum(r.status == "imported" for r in results),
                    "already": sum(r.status == "already" for r in results),
                    "refused": sum(r.status == "refused" for r in results)}
            _out(args, data, "\n".join(r.summary() for r in results))
            if not ok:
                return EXIT_REFUSED
            return EXIT_PARTIAL if len(ok) < len(results) or partial else EXIT_OK
        elif sc == "status":
            st = svc.status()
            me = st.identity
            lines = [f"本机：{me.unit_name}（{me.unit_code}），节点 {me.node_id}，指纹 {me.fingerprint}"]
            if not st.peers:
                lines.append("尚未与任何上下级登记。")
            for p in st.peers:
                role = "上级" if p.role == "parent" else "下级"
                lines.append(f"  {role} {p.unit_name}（{p.unit_code}）：待发送 {p.pending_total} 条（{kinds_text(p.pending)}），"
                             f"上次导出 {p.last_export_at or '从未'}，上次导入 {p.last_import_at or '从未'}")
            lines.append(f"未处理的冲突：{st.open_conflicts} 处")
            _out(args, st.as_dict(), "\n".join(lines))
        else:
            items = svc.conflicts(include_resolved=args.all)
            lines = [f"冲突 {len(items)} 处" if items else "没有未处理的冲突。"]
            for c in items:
                lines.append(f"  [{c.id}] {c.label} {c.field_label}：“{c.value_a}”（{c.unit_a or c.node_a}，{c.time_a}）"
                             f" 与 “{c.value_b}”（{c.unit_b or c.node_b}，{c.time_b}）；现为“{c.current}”"
                             + ("（已处理）" if c.resolved else ""))
            _out(args, {"conflicts": [asdict(c) for c in items]}, "\n".join(lines))
    finally:
        db.close()
    return EXIT_OK


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "stats": cmd_stats, "check": cmd_check, "sync": cmd_sync}


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
