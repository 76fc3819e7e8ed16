"""`units list|add|rename|edit|retire|move|assign|unassign`: 组织机构, the unit tree below the user's unit."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, date_arg, json_flag, subcommands
from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import DUTIES, GRID_TYPES, Level, household_guidance


def register(sub: Any) -> None:
    units = sub.add_parser("units", help="组织机构：下级村（社区）、网格的增设、更名、撤销、迁移，人员指派")
    us = subcommands(units, "units_command")
    unl = us.add_parser("list", help="本单位及下级单位（含已撤销的）和指派的人员")
    unl.add_argument("--current", action="store_true", help="不列已撤销的单位")
    json_flag(unl)
    unl.set_defaults(func=list_)
    una = us.add_parser("add", help="增设下级单位：镇街下的村（社区），村（社区）下的网格")
    una.add_argument("--parent", required=True, help="上级单位编码")
    una.add_argument("--code", required=True, help="本级编号（3 位，如 003）或完整编码")
    una.add_argument("--name", required=True, help="名称")
    una.add_argument("--type", choices=sorted(GRID_TYPES), help="网格类型：urban 城市、rural 农村、dedicated 专属（网格必填）")
    una.add_argument("--households", type=int, help="网格应覆盖的户数（一般 300–500 户）")
    json_flag(una)
    una.set_defaults(func=add)
    unr = us.add_parser("rename", help="更名")
    unr.add_argument("code", help="单位编码")
    unr.add_argument("--name", required=True, help="新名称")
    json_flag(unr)
    unr.set_defaults(func=rename)
    une = us.add_parser("edit", help="修改名称、网格类型或应覆盖户数（未给出的不变）")
    une.add_argument("code", help="单位编码")
    une.add_argument("--name", help="新名称")
    une.add_argument("--type", choices=sorted(GRID_TYPES), help="网格类型")
    une.add_argument("--households", type=int, help="应覆盖户数")
    json_flag(une)
    une.set_defaults(func=edit)
    unt = us.add_parser("retire", help="撤销单位（保留其全部记录；不再用于新的工作，列表中显示为已撤销）")
    unt.add_argument("code", help="单位编码")
    unt.add_argument("--on", type=date_arg, help="撤销日期（默认今天）")
    json_flag(unt)
    unt.set_defaults(func=retire)
    unm = us.add_parser("move", help="把网格迁到同一镇街的另一个村（社区）：启用新编码，原网格撤销并指向新网格")
    unm.add_argument("code", help="网格编码")
    unm.add_argument("--to", required=True, help="新的上级村（社区）编码")
    unm.add_argument("--new-code", help="新网格的本级编号（默认取第一个空号）")
    json_flag(unm)
    unm.set_defaults(func=move)
    usa = us.add_parser("assign", help="指派人员：网格的专职网格员，村（社区）的网格长和社区民警")
    usa.add_argument("code", help="单位编码")
    usa.add_argument("--duty", required=True, choices=list(DUTIES),
                     help="grid_worker 专职网格员（网格）、grid_chief 网格长（村社区）、police 社区民警（村社区）")
    usa.add_argument("--user", dest="assign_user", help="本单位范围内角色相符的用户名")
    usa.add_argument("--person", help="姓名（没有账户的人员，或覆盖用户的显示名称）")
    usa.add_argument("--on", type=date_arg, help="任职日期（默认今天）")
    json_flag(usa)
    usa.set_defaults(func=assign)
    usu = us.add_parser("unassign", help="人员离任：结束一项指派（保留记录）")
    usu.add_argument("id", help="指派编号（units list --json 中的 id）")
    usu.add_argument("--on", type=date_arg, help="离任日期（默认今天）")
    json_flag(usu)
    usu.set_defaults(func=unassign)


def _line(u: Any, people: list) -> str:
    depth = "  " * max(0, len([n for n in (4, 6, 9, 12, 15) if n < len(u.code)]) - 2)
    extra = []
    if u.grid_type:
        extra.append(f"{u.grid_type_label}网格")
    if u.planned_households is not None:
        extra.append(f"应覆盖 {u.planned_households} 户")
    if u.retired:
        extra.append(f"已撤销（{u.retired_on}" + (f"，迁至 {u.successor_code}" if u.successor_code else "") + "）")
    extra += [f"{a.duty_label}：{a.person_name}" for a in people]
    return f"{depth}{u.code}\t{u.name}\t{u.level.label_zh}" + ("\t" + "；".join(extra) if extra else "")


def list_(ctx: Context) -> int:
    with ctx.session() as session:
        units = session.units
        rows = units.list(include_retired=not ctx.args.current)
        people: dict[str, list] = {}
        for a in units.assignments():
            people.setdefault(a.unit_code, []).append(a)
        ctx.out({"units": [u.as_dict(people.get(u.code, [])) for u in rows]},
                "\n".join(_line(u, people.get(u.code, [])) for u in rows) or "没有单位。")
    return EXIT_OK


def _changed(ctx: Context, units: Any, u: Any, text: str, *, planned: bool = False) -> int:
    """Print a unit just added or changed, with the 300–500 household guidance when its households were set."""
    note = household_guidance(u.planned_households) if planned else None
    ctx.out({**u.as_dict(units.assignments(u.code)), "note": note}, text + (f"\n提示：{note}" if note else ""))
    return EXIT_OK


def add(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        if len(args.parent) == Level.COMMUNITY.digits and args.type is None:
            raise ValidationError("增设网格须用 --type 写明网格类型（urban 城市、rural 农村、dedicated 专属）。",
                                  field="网格类型")
        u = session.units.add(args.code, args.name, parent=args.parent, grid_type=args.type,
                              planned_households=args.households)
        return _changed(ctx, session.units, u, f"已增设{u.level.label_zh}“{u.name}”（{u.code}）", planned=True)


def rename(ctx: Context) -> int:
    with ctx.session() as session:
        u = session.units.rename(ctx.args.code, ctx.args.name)
        return _changed(ctx, session.units, u, f"已更名为“{u.name}”（{u.code}）")


def edit(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        u = session.units.update(args.code, name=args.name, grid_type=args.type, planned_households=args.households)
        return _changed(ctx, session.units, u, f"已修改“{u.name}”（{u.code}）", planned=True)


def _holds_note(session, code: str) -> str:
    """What a retired or moved grid still holds: its households and residents stay under the old code."""
    inside = [v for c, v in session.units.holdings().items() if c.startswith(code)]
    households, residents = sum(h for h, _r in inside), sum(r for _h, r in inside)
    if not (households or residents):
        return ""
    return f"（其下 {households} 户、{residents} 名在册居民仍记在原编码下，不再属于任何在用网格）"


def retire(ctx: Context) -> int:
    with ctx.session() as session:
        u = session.units.retire(ctx.args.code, ctx.args.on)
        return _changed(ctx, session.units, u, f"已撤销“{u.name}”（{u.code}），撤销日期 {u.retired_on}；其记录全部保留"
                                               + _holds_note(session, u.code))


def move(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        u = session.units.move(args.code, args.to, args.new_code)
        return _changed(ctx, session.units, u, f"已将网格“{u.name}”迁到 {u.parent_code} 下，新编码 {u.code}；"
                                               f"原网格 {args.code} 已撤销，其记录保留在原编码下"
                                               + _holds_note(session, args.code))


def assign(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        a = session.units.assign(args.code, args.duty, username=args.assign_user, person_name=args.person,
                                 on=args.on)
        ctx.out(a.as_dict(), f"已指派 {a.person_name} 为 {a.unit_code} 的{a.duty_label}（编号 {a.id}）")
    return EXIT_OK


def unassign(ctx: Context) -> int:
    with ctx.session() as session:
        a = session.units.unassign(ctx.args.id, ctx.args.on)
        ctx.out({"id": a.id, "end_on": a.end_on}, f"{a.person_name}已于 {a.end_on} 离任{a.duty_label}")
    return EXIT_OK
