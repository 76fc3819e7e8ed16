"""`users list|add|reset|disable|enable|passwd`: user management (administrator) and one's own password."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, NEW_PASSWORD_ENV, Context, new_password, subcommands
from gridapp.cli.options import arg, command
from gridapp.core.errors import AuthError
from gridapp.core.permissions import Role


def register(sub: Any) -> None:
    users = sub.add_parser("users", help="用户管理（管理员）")
    us = subcommands(users, "users_command")
    command(us, "list", "列出本单位范围内的用户", list_)
    command(us, "add", f"新增用户（密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）", add,
            arg("--name", required=True, help="用户名"),
            arg("--role", required=True, choices=[r.value for r in Role], help="角色"),
            arg("--unit", required=True, help="所属单位编码"), arg("--display", default="", help="显示名称（姓名）"))
    command(us, "reset", f"重置用户密码（新密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）", reset,
            arg("--name", required=True, help="用户名"), json=False)
    command(us, "disable", "停用用户（其密码随即不能再解开数据库）", set_disabled, arg("--name", required=True, help="用户名"),
            json=False)
    command(us, "enable", "启用用户（停用过的用户还需重置密码）", set_disabled, arg("--name", required=True, help="用户名"),
            json=False)
    us.add_parser("passwd", help=f"修改自己的密码（原密码即登录密码；新密码输入两次，或取环境变量 {NEW_PASSWORD_ENV}）"
                  ).set_defaults(func=passwd)


def _service(session: Any) -> Any:
    if session.principal is None:
        raise AuthError("该数据库没有用户（未加密的旧数据库），请用 init --admin 建立新的数据库。")
    return session.users()


def _tell_key_change(users: Any) -> None:
    """A reset or a disable changes the database key: say so, with the backup and the users to reset."""
    if users.key_change is not None:
        print(key_change_text(users.key_change))


def list_(ctx: Context) -> int:
    with ctx.session() as session:
        rows = _service(session).list()
        ctx.out({"users": [u.as_dict() for u in rows]},
                "\n".join(f"{u.username}\t{u.display_name}\t{u.role.label_zh}\t{u.unit_code}"
                          + ("\t（已停用）" if u.disabled else "") for u in rows))
    return EXIT_OK


def add(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        users = _service(session)
        password = new_password(f"设置用户 {args.name} 的密码：")
        info = users.add(args.name, password, args.role, args.unit, args.display)
        ctx.out(info.as_dict(), f"已新增用户 {info.username}（{info.role.label_zh}，{info.unit_code}）")
        _tell_key_change(users)
    return EXIT_OK


def reset(ctx: Context) -> int:
    name = ctx.args.name
    with ctx.session() as session:
        users = _service(session)
        users.reset_password(name, new_password(f"用户 {name} 的新密码："))
        print(f"已重置用户 {name} 的密码。")
        _tell_key_change(users)
    return EXIT_OK


def set_disabled(ctx: Context) -> int:
    name, disable = ctx.args.name, ctx.args.users_command == "disable"
    with ctx.session() as session:
        users = _service(session)
        can_login = users.set_disabled(name, disable)
        if disable:
            print(f"已停用用户 {name}。")
        else:
            print(f"已启用用户 {name}。" + ("" if can_login else "停用时其密码已失效，请用 users reset 重置密码。"))
        _tell_key_change(users)
    return EXIT_OK


def passwd(ctx: Context) -> int:
    with ctx.session() as session:
        _service(session).change_password(ctx.login_password, new_password("新密码："))
        who = session.principal  # not None: _service refused a session without users
        print(f"已修改用户 {who.username if who is not None else ctx.args.user} 的密码。")
    return EXIT_OK


def key_change_text(kc: Any) -> str:
    lines = [f"数据库密钥已更换（用时 {kc.seconds:.1f} 秒）：旧密码和旧密钥文件只能打开更换前的备份，请妥善处置这些备份。"]
    if kc.backup is not None:
        lines.append(f"已在新密钥下备份：{kc.backup}")
    if kc.dropped:
        lines.append(f"以下用户自升级后尚未登录过，其密码已失效，请为其重置密码：{'、'.join(kc.dropped)}")
    if kc.recovery_key:
        lines.append(f"新的恢复密钥（只显示这一次，请抄写后妥善保管；旧恢复密钥已失效）：{kc.recovery_key}")
    return "\n".join(lines)
