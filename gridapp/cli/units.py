"""`units list|add|rename|edit|retire|move|records|move-records|assign|unassign`: 组织机构, the unit tree below the
user's unit, and moving households and buildings between its grids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gridapp.cli.context import EXIT_OK, Context, subcommands
from gridapp.cli.options import Handler, arg, command, need, on, record_id
from gridapp.core.errors import ValidationError
from gridapp.core.orgcode import DUTIES, GRID_TYPES, Level, household_guidance

CODE = record_id("单位编码", "code")


def register(sub: Any) -> None:
    units = sub.add_parser("units", help="组织机构：下级村（社区）、网格的增设、更名、撤销、迁移，人员指派")
    us = subcommands(units, "units_command")
    command(us, "list", "本单位及下级单位（含已撤销的）和指派的人员", list_,
            arg("--current", action="store_true", help="不列已撤销的单位"))
    command(us, "add", "增设下级单位：镇街下的村（社区），村（社区）下的网格", add, need("--parent", "上级单位编码"),
            need("--code", "本级编号（3 位，如 003）或完整编码"), need("--name", "名称"),
            arg("--type", choices=sorted(GRID_TYPES), help="网格类型：urban 城市、rural 农村、dedicated 专属（网格必填）"),
            arg("--households", type=int, help="网格应覆盖的户数（一般 300–500 户）"))
    command(us, "rename", "更名", rename, CODE, need("--name", "新名称"))
    command(us, "edit", "修改名称、网格类型或应覆盖户数（未给出的不变）", edit, CODE, arg("--name", help="新名称"),
            arg("--type", choices=sorted(GRID_TYPES), help="网格类型"),
            arg("--households", type=int, help="应覆盖户数"))
    command(us, "retire", "撤销单位（保留其全部记录；不再用于新的工作，列表中显示为已撤销）", retire, CODE,
            on("撤销日期（默认今天）"),
            arg("--move-to", help="撤销网格时，把其下全部户、楼栋和在册居民一并移交到这个在用网格（同一事务）"))
    command(us, "move", "把网格迁到同一镇街的另一个村（社区）：启用新编码，原网格撤销并指向新网格", move,
            record_id("网格编码", "code"), need("--to", "新的上级村（社区）编码"),
            arg("--new-code", help="新网格的本级编号（默认取第一个空号）"))
    command(us, "records", "网格中可移交的楼栋和户（编号供 move-records 使用）", records, record_id("网格编码", "code"))
    command(us, "move-records", "把户（连同在册居民）和楼栋（连同其中的户）从一个网格移交到本单位的另一个在用网格",
            move_records, need("--from", "原网格编码", dest="from_grid"), need("--to", "目标网格编码", dest="to_grid"),
            arg("--household", action="append", default=[], metavar="ID", help="要移交的户编号（可重复）"),
            arg("--building", action="append", default=[], metavar="ID", help="要移交的楼栋编号（可重复；楼内的户一并移交）"),
            arg("--all", dest="everything", action="store_true", help="移交原网格的全部楼栋、户和在册居民"),
            on("移交日期（默认今天）"))
    command(us, "assign", "指派人员：网格的专职网格员，村（社区）的网格长和社区民警", assign, CODE,
            need("--duty", "grid_worker 专职网格员（网格）、grid_chief 网格长（村社区）、police 社区民警（村社区）",
                 choices=list(DUTIES)),
            arg("--user", dest="assign_user", help="本单位范围内角色相符的用户名"),
            arg("--person", help="姓名（没有账户的人员，或覆盖用户的显示名称）"), on("任职日期（默认今天）"))
    command(us, "unassign", "人员离任：结束一项指派（保留记录）", unassign,
            record_id("指派编号（units list --json 中的 id）"), on("离任日期（默认今天）"))


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


def _step(do: Callable[[Any, Any], Any], text: Callable[[Any], str], *, planned: bool = False) -> Handler:
    """A change to one unit: `do(units, args)` returns the unit as it now is, printed with `text(unit)`."""

    def handler(ctx: Context) -> int:
        with ctx.session() as session:
            u = do(session.units, ctx.args)
            return _changed(ctx, session.units, u, text(u), planned=planned)

    return handler


rename = _step(lambda units, a: units.rename(a.code, a.name), lambda u: f"已更名为“{u.name}”（{u.code}）")
edit = _step(lambda units, a: units.update(a.code, name=a.name, grid_type=a.type, planned_households=a.households),
             lambda u: f"已修改“{u.name}”（{u.code}）", planned=True)


def _holds_note(session, code: str) -> str:
    """What a retired or moved grid still holds: its households and residents stay under the old code."""
    inside = [v for c, v in session.units.holdings().items() if c.startswith(code)]
    households, residents = sum(h for h, _r in inside), sum(r for _h, r in inside)
    if not (households or residents):
        return ""
    return f"（其下 {households} 户、{residents} 名在册居民仍记在原编码下，不再属于任何在用网格）"


def retire(ctx: Context) -> int:
    with ctx.session() as session:
        moved = ""
        if ctx.args.move_to:
            inside = session.units.holdings().get(ctx.args.code, (0, 0))
            moved = f"；其下 {inside[0]} 户、{inside[1]} 名在册居民及全部楼栋已移交到网格 {ctx.args.move_to}"
        u = session.units.retire(ctx.args.code, ctx.args.on, move_to=ctx.args.move_to)
        if moved:
            return _changed(ctx, session.units, u, f"已撤销“{u.name}”（{u.code}），撤销日期 {u.retired_on}{moved}")
        return _changed(ctx, session.units, u, f"已撤销“{u.name}”（{u.code}），撤销日期 {u.retired_on}；其记录全部保留"
                                               + _holds_note(session, u.code))


def move(ctx: Context) -> int:
    args = ctx.args
    with ctx.session() as session:
        u = session.units.move(args.code, args.to, args.new_code)
        return _changed(ctx, session.units, u, f"已将网格“{u.name}”迁到 {u.parent_code} 下，新编码 {u.code}；"
                                               f"原网格 {args.code} 已撤销，其记录保留在原编码下"
                                               + _holds_note(session, args.code))


def records(ctx: Context) -> int:
    with ctx.session() as session:
        r = session.units.grid_records(ctx.args.code)
        lines = [f"楼栋\t{b_id}\t{name}\t{addr or ''}\t{n} 户" for b_id, name, addr, n in r.buildings]
        lines += [f"户\t{h_id}\t{addr}\t户主 {head or '—'}\t{n} 人" for h_id, addr, head, n, _b in r.households]
        if r.loose_residents:
            lines.append(f"另有 {r.loose_residents} 名在册居民未归户（--all 时一并移交）")
        ctx.out({"buildings": [{"id": b[0], "name": b[1], "address": b[2], "households": b[3]} for b in r.buildings],
                 "households": [{"id": h[0], "address": h[1], "head": h[2], "residents": h[3], "building_id": h[4]}
                                for h in r.households], "loose_residents": r.loose_residents},
                "\n".join(lines) or f"网格 {ctx.args.code} 下没有可移交的楼栋、户或居民。")
    return EXIT_OK


def move_records(ctx: Context) -> int:
    args = ctx.args
    if not (args.household or args.building or args.everything):
        raise ValidationError("请用 --household、--building 指定要移交的户或楼栋，或用 --all 移交全部。", field="户")
    with ctx.session() as session:
        result = session.units.move_records(args.from_grid, args.to_grid, households=args.household,
                                            buildings=args.building, everything=args.everything, on=args.on)
        ctx.out(result.as_dict(), result.text)
    return EXIT_OK


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
