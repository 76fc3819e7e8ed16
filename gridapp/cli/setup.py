"""`init`, `demo`, `stats`, `check`: setting an installation up and looking at it as a whole."""

from __future__ import annotations

import time
from typing import Any

from gridapp.cli.context import EXIT_OK, EXIT_REFUSED, NEW_PASSWORD_ENV, Context, new_password
from gridapp.cli.options import arg, command, need
from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import LEVELS, Level, validate_code
from gridapp.core.permissions import Perm
from gridapp.core.progress import Progress

DEMO_UNIT = ("370303001001", "和平社区（演示）", Level.COMMUNITY)


def register(sub: Any) -> None:
    command(sub, "init", "初始化本机服务的单位，建立加密数据库和管理员", init_,
            need("--unit", "单位编码（4/6/9/12/15 位）"), need("--name", "单位名称"),
            need("--level", "层级", choices=[lv.value for lv in LEVELS]),
            need("--admin", f"管理员用户名（密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）"))

    command(sub, "demo", "生成演示数据（网格、楼栋、户、居民；虚构，可复现）", demo_,
            arg("--residents", type=int, default=2000, help="居民人数（默认 2000）"),
            arg("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）"))

    command(sub, "stats", "各表、各单位的记录数", stats_)

    command(sub, "check", "检查数据库完整性、结构版本、变更日志和审计日志链", check_)


def init_(ctx: Context) -> int:
    from gridapp.services.session import AppSession
    from gridapp.services.users import password_problem

    args = ctx.args
    validate_code(args.unit, Level(args.level))  # refuse a bad code before a database file is made
    path = ctx.db_path
    if path.exists() and path.stat().st_size > 0:
        from gridapp.services.units import UnitService

        with ctx.session() as session:
            unit = UnitService(session.db).installation()
        label = unit.label if unit else "（未完成初始化）"
        raise ValidationError(f"数据库已初始化为“{label}”，不能重复初始化。如需服务其他单位，请新建数据库（--db）。")
    password = new_password(f"设置管理员 {args.admin} 的密码：")
    problem = password_problem(password, args.admin)
    if problem:
        raise ValidationError(problem, field="密码")
    session = AppSession.create(path, unit_code=args.unit, unit_name=args.name, level=args.level,
                                admin_name=args.admin, admin_password=password)
    try:
        unit = session.installation()
        assert unit is not None
        node = session.node_id
    finally:
        session.close()
    ctx.out({"unit_code": unit.code, "name": unit.name, "level": unit.level.value, "db": str(path),
             "node_id": node, "admin": args.admin, "encrypted": True, "recovery_key": session.recovery_key},
            f"已初始化：{unit.name}（{unit.code}，{unit.level.label_zh}），数据库 {path}（已加密）\n"
            f"管理员：{args.admin}\n"
            f"恢复密钥（只显示这一次，请抄写后妥善保管；忘记所有密码时用它恢复）：{session.recovery_key}")
    return EXIT_OK


def demo_(ctx: Context) -> int:
    from gridapp.demo import DemoGenerator
    from gridapp.services import audit
    from gridapp.services.backup import BackupService
    from gridapp.services.units import UnitService

    args = ctx.args
    with ctx.session() as session:
        db = session.db
        ctx.need(session, Perm.IMPORT)
        units = UnitService(db)
        if units.installation() is None:
            code, name, level = DEMO_UNIT
            units.initialise(code, name, level)
            if not args.json:
                print(f"数据库尚未初始化，已设为演示单位：{name}（{code}）")
        if session.principal is not None:
            BackupService(db, session.principal).make("pre-import")
        started = time.perf_counter()
        result = DemoGenerator(db, seed=args.seed).run(args.residents, Progress(ctx.tty_progress()))
        elapsed = time.perf_counter() - started
        if session.principal is not None:
            with db.write() as s:
                audit.record(db, s, session.principal, "import", unit_code=session.principal.unit_code,
                             detail={"what": "demo", "residents": result.residents, "seed": result.seed})
    ctx.end_progress_line()
    ctx.out({**result.__dict__, "seconds": round(elapsed, 2)},
            f"已生成演示数据：{result.units} 个单位，{result.buildings} 栋楼，{result.households} 户，"
            f"{result.residents} 名居民，{result.affairs} 项网格事务、{result.tasks} 项网格任务，{result.events} 个事件、"
            f"{result.patrols} 次巡查走访、{result.worklogs} 篇民情日志（种子 {result.seed}，"
            f"用时 {elapsed:.1f} 秒）")
    return EXIT_OK


def stats_(ctx: Context) -> int:
    with ctx.session() as session:
        st = session.stats.stats()
    show_stats(ctx, st)
    return EXIT_OK


def show_stats(ctx: Context, st: Any) -> None:
    """services.stats.Stats as text or JSON (also `hub stats`)."""
    lines = [f"节点 {st.node_id}，单位 {st.unit_code or '（未初始化）'}"]
    lines += [f"  {t}: {n}" + (f"（另有已删除 {st.deleted[t]}）" if st.deleted[t] else "")
              for t, n in st.tables.items()]
    lines.append(f"  change_log: {st.change_log}，待上报变更 {st.pending_changes}，上次同步 {st.last_sync or '从未'}")
    ctx.out(st.as_dict(), "\n".join(lines))


def check_(ctx: Context) -> int:
    from gridapp.services.check import CheckService

    with ctx.session() as session:
        res = CheckService(session.db).run()
    text = "检查通过：数据库完整，结构为最新版本，变更日志一致。" if res.ok else \
        "检查发现问题：\n" + "\n".join(f"  - {p}" for p in res.problems)
    ctx.out(res.as_dict(), text)
    return EXIT_OK if res.ok else EXIT_REFUSED
