"""`hub init|enrol|request|accept|serve|indicators|stats`: the district or city hub, a node on PostgreSQL serving
its children over HTTP(S) (issue #18), and the roll-up of its whole subtree (the plan's indicators and the counts,
computed in SQL on PostgreSQL by the same services as a desktop's); `sync push|pull --hub URL` on a desktop talks
to it (gridapp/cli/sync.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, subcommands
from gridapp.cli.options import arg, command, need, period, unit
from gridapp.core.orgcode import LEVELS, Level

HUB_DB = arg("--db", dest="hub_db", help="PostgreSQL 地址，如 postgresql://用户:密码@主机:5432/库名（默认取环境变量 GRIDAPP_HUB_DB）")


def register(sub: Any) -> None:
    hub = sub.add_parser("hub", help="区、市同步中心（PostgreSQL，经网络与下级交换同步包）")
    hs = subcommands(hub, "hub_command")
    command(hs, "init", "在 PostgreSQL 上建立同步中心所服务的单位（与 init 相同）", init_,
            HUB_DB, need("--unit", "单位编码"), need("--name", "单位名称"),
            need("--level", "层级", choices=[lv.value for lv in LEVELS]))

    command(hs, "enrol", "登记下级：导入下级的登记申请，写出登记证书", enrol, HUB_DB,
            arg("request", type=Path, help="下级的登记申请文件"),
            arg("--out", type=Path, required=True, help="证书文件路径"))

    command(hs, "request", "生成同步中心自己的登记申请（向它的上级登记）", request, HUB_DB,
            arg("--out", type=Path, required=True, help="申请文件路径"))

    command(hs, "accept", "导入上级签发给同步中心的登记证书", accept, HUB_DB,
            arg("cert", type=Path, help="证书文件"))

    command(hs, "serve", "运行同步中心（HTTP/HTTPS）", serve, HUB_DB,
            arg("--listen", default="127.0.0.1:8443", help="监听地址:端口（默认 127.0.0.1:8443）"),
            arg("--tls-cert", type=Path, help="TLS 证书（PEM）；与 --tls-key 一起给出时使用 HTTPS"),
            arg("--tls-key", type=Path, help="TLS 私钥（PEM）"),
            arg("--max-package-mb", type=int, default=512, help="单个同步包的上限（MB，默认 512）"),
            arg("--rate", type=int, default=600, help="每个节点每分钟的请求上限（默认 600）"), json=False)

    command(hs, "indicators", "同步中心汇总的指标：本单位及下辖各单位（在 PostgreSQL 上按 SQL 计算）", indicators,
            HUB_DB, unit("单位编码，默认同步中心本单位"), period("统计期：年 YYYY、季度 YYYY-Q1 或 年-月 YYYY-MM（默认本月）"),
            arg("--list", dest="list_key", metavar="KEY", help="列出某指标背后的明细（同 indicators --list）"))

    command(hs, "stats", "同步中心汇总的数量：各表及下辖各单位的人、户、房", stats, HUB_DB,
            arg("--unit", help="只统计该单位及其下辖（默认同步中心本单位的整个辖区）"))


def _url(ctx: Context) -> str:
    import os

    url = ctx.args.hub_db or os.environ.get("GRIDAPP_HUB_DB")
    if not url:
        raise UsageError("请用 --db 给出 PostgreSQL 地址（或设置环境变量 GRIDAPP_HUB_DB）")
    from gridapp.db.postgres import is_postgres_url

    if not is_postgres_url(url):
        raise UsageError(f"同步中心的数据库须是 PostgreSQL 地址（postgresql://…），而不是“{url}”")
    return url


def _server_parts() -> None:
    """The hub's libraries come with `pip install gridapp[hub]`; the desktop bundle leaves them out."""
    import importlib.util

    missing = [m for m in ("gridapp.db.postgres", "psycopg", "fastapi", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        from gridapp.core.errors import GridappError

        raise GridappError("本程序未包含同步中心组件（缺少 " + "、".join(missing) + "）。同步中心请在服务器上用 "
                           "pip install 'gridapp[hub]' 安装后运行；桌面版只需“立即同步”或 sync push/pull。")


def _open(ctx: Context, create: bool = False) -> Any:
    _server_parts()
    from gridapp.db.postgres import open_pg_database

    return open_pg_database(_url(ctx), create=create)


def _as_hub(db: Any, unit: str | None) -> Any:
    """Who reads the roll-up on the hub (no user signs in to a hub): a read-only viewer of `unit` (default the
    hub's own unit), so the services scope every count to that subtree. `unit` outside the hub's: refused."""
    from gridapp.core.permissions import Principal, Role
    from gridapp.services.units import UnitService

    own = UnitService(db).installation()
    if own is None:
        raise UsageError("同步中心尚未初始化，请先运行 hub init。")
    code = unit or own.code
    if not code.startswith(own.code):
        raise UsageError(f"单位“{code}”不在同步中心（{own.name}，{own.code}）的辖区内。")
    return Principal("", "hub", Role.VIEWER, code, display_name="同步中心")


def indicators(ctx: Context) -> int:
    from gridapp.cli.indicators import show_dashboard, show_items
    from gridapp.domain.indicators import BY_KEY
    from gridapp.services.indicators import IndicatorService

    args = ctx.args
    if args.list_key and args.list_key not in BY_KEY:
        raise UsageError(f"没有指标“{args.list_key}”；可选：{'、'.join(BY_KEY)}")
    db = _open(ctx)
    try:
        # a viewer of the hub's unit asking for `unit` (an org unit's row is owned by the unit above it)
        _as_hub(db, args.unit)
        svc = IndicatorService(db, _as_hub(db, None))
        if args.list_key:
            show_items(ctx, svc.items(args.list_key, args.unit, args.period))
        else:
            show_dashboard(ctx, svc.compute(args.unit, args.period))
    finally:
        db.close()
    return EXIT_OK


def stats(ctx: Context) -> int:
    from gridapp.cli.setup import show_stats
    from gridapp.services.stats import StatsService

    db = _open(ctx)
    try:
        show_stats(ctx, StatsService(db, _as_hub(db, ctx.args.unit)).stats())
    finally:
        db.close()
    return EXIT_OK


def init_(ctx: Context) -> int:
    _server_parts()
    from gridapp.core.orgcode import validate_code
    from gridapp.hub.store import ensure_tables
    from gridapp.services.sync import SyncService
    from gridapp.services.units import UnitService

    args = ctx.args
    validate_code(args.unit, Level(args.level))
    db = _open(ctx, create=True)
    try:
        unit = UnitService(db).initialise(args.unit, args.name, Level(args.level))
        ensure_tables(db.engine)
        me = SyncService(db).identity()
        ctx.out({"unit_code": me.unit_code, "name": me.unit_name, "node_id": me.node_id,
                 "fingerprint": me.fingerprint},
                f"已初始化同步中心：{unit.name}（{unit.code}），节点 {me.node_id}，指纹 {me.fingerprint}\n"
                "下一步：用 hub enrol 登记各下级，再用 hub serve 运行。")
    finally:
        db.close()
    return EXIT_OK


def _sync(act: Callable[[Any, Any], Any], text: Callable[[Any, Any], str]) -> Callable[[Context], int]:
    """A registration step on the hub's database: `act(SyncService, args)`, its result told by `text(r, args)`."""

    def handler(ctx: Context) -> int:
        from gridapp.services.sync import SyncService

        db = _open(ctx)
        try:
            r = act(SyncService(db), ctx.args)
            ctx.out(r.as_dict(), text(r, ctx.args))
        finally:
            db.close()
        return EXIT_OK

    return handler


enrol = _sync(lambda svc, a: svc.enrol(a.request, a.out),
              lambda r, a: f"已登记下级：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                           f"下级指纹：{r.fingerprint}（请与下级屏幕上显示的指纹核对）\n本中心指纹：{r.own_fingerprint}\n"
                           f"证书已写出：{a.out}，请交给下级导入（sync accept）。")
request = _sync(lambda svc, a: svc.make_request(a.out),
                lambda r, a: f"已写出登记申请：{a.out}\n本中心指纹：{r.fingerprint}")
accept = _sync(lambda svc, a: svc.accept(a.cert),
               lambda r, a: f"已接受上级证书：{r.unit_name}（{r.unit_code}），指纹 {r.fingerprint}")


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--listen 应为 主机:端口，如 127.0.0.1:8443，而不是“{text}”")
    return host.strip("[]"), int(port)


KEEP_ALIVE_S = 75


def serve(ctx: Context) -> int:
    args = ctx.args
    host, port = parse_listen(args.listen)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert 与 --tls-key 须一起给出")
    _server_parts()
    import uvicorn

    from gridapp.hub.app import MB, Hub, HubSettings, create_app
    db = _open(ctx)
    hub = None
    try:
        hub = Hub(db, HubSettings(max_package=args.max_package_mb * MB, rate_per_minute=args.rate))
        me = hub.hello()
        scheme = "https" if args.tls_cert else "http"
        print(f"同步中心 {me['unit_name']}（{me['unit_code']}）在 {scheme}://{host}:{port} 运行，按 Ctrl+C 停止。",
              flush=True)
        # keep-alive: a node's connection stays open between its requests for longer than the 5 s default, with
        # which a busy node's next request met a connection the hub had just closed ("Server disconnected")
        uvicorn.run(create_app(hub), host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_S,
                    ssl_certfile=str(args.tls_cert) if args.tls_cert else None,
                    ssl_keyfile=str(args.tls_key) if args.tls_key else None)
    finally:
        if hub is not None:
            hub.close()
        db.close()
    return EXIT_OK
