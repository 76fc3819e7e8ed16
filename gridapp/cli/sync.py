"""`sync request|enrol|accept|export|import|status|conflicts`: packages up and down the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridapp.cli.context import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_REFUSED,
    Context,
    UsageError,
    json_flag,
    subcommands,
)
from gridapp.cli.options import arg, command


def register(sub: Any) -> None:
    sync = command(sub, "sync", "与上下级交换同步包：登记、导出、导入、状态、冲突", missing, json=False)
    ss = subcommands(sync, "sync_command", required=False)
    command(ss, "request", "生成本机的登记申请文件，交给上级导入", request,
            arg("--out", type=Path, required=True, help="申请文件路径"),
            arg("--department", help="本机是某部门的终端（部门终端）：部门名称，向本单位综治中心登记"))
    command(ss, "enrol", "上级：导入下级的登记申请，生成登记证书文件", enrol, arg("request", type=Path, help="下级的登记申请文件"),
            arg("--out", type=Path, required=True, help="证书文件路径"))
    command(ss, "accept", "下级：导入上级签发的登记证书", accept, arg("cert", type=Path, help="证书文件"))
    command(ss, "export", "为上级或某个下级写出同步包", export, arg("--to", required=True, dest="to_unit", help="对方单位编码（部门终端：部门名称或节点编号）"),
            arg("--out", type=Path, required=True, help="同步包路径（.gridpkg）"))
    command(ss, "import", "导入一个或多个同步包（顺序不限）", import_, arg("files", type=Path, nargs="+", help="同步包文件"))
    command(ss, "status", "各上下级待同步的变更和上次交换时间", status)
    command(ss, "conflicts", "列出未处理的冲突", conflicts, arg("--all", action="store_true", help="包括已处理的冲突"))
    for name, helptext, fn in (("push", "经网络把本机的变更推送到上级的同步中心（可续传）", push),
                               ("pull", "经网络从上级的同步中心拉取并导入同步包（可续传）", pull)):
        hp = ss.add_parser(name, help=helptext)
        hp.add_argument("--hub", help="同步中心地址，如 https://中心:8443（默认取“设置”中保存的地址）")
        hp.add_argument("--ca", type=Path, help="校验中心证书用的 CA 证书（PEM），默认用系统信任的证书")
        hp.add_argument("--save", action="store_true", help="把 --hub 给出的地址保存为本机的同步中心地址")
        json_flag(hp)
        hp.set_defaults(func=fn)


def missing(ctx: Context) -> int:
    raise UsageError("sync 需要子命令：request、enrol、accept、export、import、status、conflicts、push、pull")


def request(ctx: Context) -> int:
    out = ctx.args.out
    with ctx.session() as session:
        r = session.sync.make_request(out, department=ctx.args.department)
        ctx.out(r.as_dict(), f"已写出登记申请：{out}\n本机：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                f"本机指纹：{r.fingerprint}\n请把申请文件交给上级，并核对上级屏幕上显示的指纹与此一致。")
    return EXIT_OK


def enrol(ctx: Context) -> int:
    out = ctx.args.out
    with ctx.session() as session:
        r = session.sync.enrol(ctx.args.request, out)
        ctx.out(r.as_dict(), f"已登记下级：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                f"下级指纹：{r.fingerprint}（请与下级屏幕上显示的指纹核对，不一致时不要交付证书）\n"
                f"本机指纹：{r.own_fingerprint}\n证书已写出：{out}，请交给下级导入（sync accept）。")
    return EXIT_OK


def accept(ctx: Context) -> int:
    with ctx.session() as session:
        r = session.sync.accept(ctx.args.cert)
        ctx.out(r.as_dict(), f"已接受上级证书：{r.unit_name}（{r.unit_code}），节点 {r.node_id}\n"
                f"上级指纹：{r.fingerprint}（请与上级屏幕上显示的指纹核对）")
    return EXIT_OK


def export(ctx: Context) -> int:
    with ctx.session() as session:
        r = session.sync.export(ctx.args.to_unit, ctx.args.out)
        ctx.out(r.as_dict(), r.summary())
    return EXIT_OK


def import_(ctx: Context) -> int:
    with ctx.session() as session:
        results = session.sync.import_files(ctx.args.files)
        ok = [r for r in results if r.status != "refused"]
        partial = any(r.refused or r.refused_parts for r in ok)
        ctx.out({"results": [r.as_dict() for r in results],
                 "imported": sum(r.status == "imported" for r in results),
                 "already": sum(r.status == "already" for r in results),
                 "refused": sum(r.status == "refused" for r in results)},
                "\n".join(r.summary() for r in results))
    if not ok:
        return EXIT_REFUSED
    return EXIT_PARTIAL if len(ok) < len(results) or partial else EXIT_OK


def status(ctx: Context) -> int:
    from gridapp.services.sync import kinds_text

    with ctx.session() as session:
        st = session.sync.status()
        me = st.identity
        lines = [f"本机：{me.unit_name}（{me.unit_code}），节点 {me.node_id}，指纹 {me.fingerprint}"]
        if not st.peers:
            lines.append("尚未与任何上下级登记。")
        for p in st.peers:
            role = {"parent": "上级", "department": "部门终端"}.get(p.role, "下级")
            lines.append(f"  {role} {p.unit_name}（{p.unit_code}）：待发送 {p.pending_total} 条（{kinds_text(p.pending)}），"
                         f"上次导出 {p.last_export_at or '从未'}，上次导入 {p.last_import_at or '从未'}")
        lines.append(f"未处理的冲突：{st.open_conflicts} 处")
        if st.event_anomalies:
            lines.append(f"事件办理矛盾（离线步骤未计入）：{st.event_anomalies} 处（见 sync conflicts）")
        ctx.out(st.as_dict(), "\n".join(lines))
    return EXIT_OK


def conflicts(ctx: Context) -> int:
    with ctx.session() as session:
        items = session.sync.conflicts(include_resolved=ctx.args.all)
        anomalies = session.sync.anomalies()
        lines = [f"冲突 {len(items)} 处" if items else "没有未处理的冲突。"]
        for c in items:
            lines.append(f"  [{c.id}] {c.label} {c.field_label}：“{c.value_a}”（{c.unit_a or c.node_a}，{c.time_a}）"
                         f" 与 “{c.value_b}”（{c.unit_b or c.node_b}，{c.time_b}）；现为“{c.current}”"
                         + ("（已处理）" if c.resolved else ""))
        if anomalies:
            lines.append(f"事件办理矛盾 {len(anomalies)} 处（离线办理的步骤与同步后的时间线矛盾，保留但未计入）：")
            for a in anomalies:
                lines.append(f"  {a.what}现为“{a.status_label}”。可以：{a.advice}")
        ctx.out({"conflicts": [c.as_dict() for c in items], "anomalies": [a.as_dict() for a in anomalies]},
                "\n".join(lines))
    return EXIT_OK


def _hub(ctx: Context, direction: str) -> int:
    from gridapp.services.hub_sync import HubClient, set_hub_url

    args = ctx.args
    with ctx.session() as session:
        if args.hub and args.save:
            set_hub_url(session.db, args.hub)
        verify: bool | str = str(args.ca) if args.ca else True
        with HubClient(session.db, args.hub, verify=verify, principal=session.principal) as client:
            progress = ctx.progress()
            r = client.push(progress) if direction == "push" else client.pull(progress)
            ctx.end_progress_line()
        ctx.out(r.as_dict(), r.message)
    return EXIT_OK


def push(ctx: Context) -> int:
    return _hub(ctx, "push")


def pull(ctx: Context) -> int:
    return _hub(ctx, "pull")
