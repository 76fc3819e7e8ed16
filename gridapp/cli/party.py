"""`party org add|list`, `party member set|list|end`, `party centre add|link|unlink|remove|list`, `party contact
add|list|event`, `party history`, `party coverage`, `party check`: the party network on the grids (党建网格: 党支部建在网格上, 党小组设在楼栋里, 党员中心户)."""

from __future__ import annotations

from typing import Any

from gridapp.cli.context import EXIT_OK, Context, UsageError, date_arg, subcommands
from gridapp.cli.options import add_args, arg, command, lister, listing, need, record_id, unit
from gridapp.domain import clock
from gridapp.domain import party as rules

KINDS = "、".join(f"{label}（{kind}）" for kind, (label, _) in rules.ORG_KINDS.items())


def register(sub: Any) -> None:
    party = sub.add_parser("party", help="党建网格：党组织、党员（敏感信息）、党员中心户、挂包联系、检查")
    ps = subcommands(party, "party_command")
    resident = need("--resident", "居民编号或完整身份证号")
    household = need("--household", "户 id 或完整地址")
    only_unit = unit("只列该单位")

    org = subcommands(ps.add_parser("org", help="党组织：党工委、党委（党总支）、网格党支部、楼栋党小组"), "org_command")
    command(org, "add", "在本单位范围内的单位上设立党组织（党小组设在本网格的楼栋上）", org_add, need("--kind", f"类别：{KINDS}"),
            need("--unit", "所在单位代码（党支部、党小组为网格）"), arg("--building", help="楼栋 id（党小组）"),
            arg("--name", help="名称（默认按单位或楼栋名称）"),
            arg("--secretary", help="书记（组长）的居民编号或完整身份证号"),
            arg("--secretary-user", help="书记（组长）的用户名"),
            arg("--secretary-name", help="书记（组长）姓名（不在居民档案和用户中时）"))
    command(org, "list", "本单位及其上级的党组织（组织体系）", org_list)

    mem = subcommands(ps.add_parser("member", help="党员登记（政治面貌：敏感个人信息，需查看敏感信息的权限）"),
                      "member_command")
    command(mem, "set", "登记或修改一名居民的党员信息（须有居民档案）", member_set, resident,
            need("--status", "党员 或 预备党员"), arg("--org", help="组织关系所在党组织 id（党支部或上级党组织）"),
            arg("--joined", type=date_arg, help="入党日期 YYYY-MM-DD"), arg("--note", help="备注"))
    command(mem, "list", "党员名单（每次查看记入审计日志）", member_list, only_unit, arg("--org", help="只列该党组织"))
    from gridapp.cli import ledgers

    mx = ledgers.register(mem, "party_members", "党员名册（每行登记或修改一名党员；按身份证号找居民档案，核对姓名）", None,
                          lambda args: {"unit_code": args.unit} if args.unit else {})
    add_args(mx, unit("只导出该单位"))
    command(mem, "end", "组织关系转出：党员登记结束，记入党建变动记录（含转往何处），党员标签随之去掉", member_end,
            resident, need("--to", "转往何处，如“转至张店区某街道党工委”"))

    cen = subcommands(ps.add_parser("centre", help="党员中心户及其联系户"), "centre_command")
    command(cen, "add", "把党员所在的户设为党员中心户", centre_add, household,
            need("--member", "该户党员的居民编号或完整身份证号"), arg("--group", help="所属党小组（或党支部）id"),
            arg("--since", type=date_arg, help="设立日期（默认今天）"))
    centre = record_id("中心户 id", "centre")
    command(cen, "link", f"给中心户添加联系户（本网格的户，约 {rules.CENTRE_TARGET} 户）", centre_link, centre,
            arg("households", nargs="+", help="户 id 或完整地址（可多个）"))
    command(cen, "unlink", "去掉一个联系户", centre_unlink, centre, record_id("户 id 或完整地址", "household"))
    command(cen, "remove", "撤销中心户（其联系户随之解除），记入党建变动记录", centre_remove, centre,
            need("--reason", "撤销原因"))
    command(cen, "list", "党员中心户（给出 --centre 时列其联系户）", centre_list, only_unit,
            arg("--centre", help="中心户 id：列出它的联系户"))

    con = subcommands(ps.add_parser("contact", help="挂包联系记录"), "contact_command")
    command(con, "add", "记录一次党员与联系户的联系", contact_add, household,
            arg("--date", type=date_arg, help="联系日期（默认今天）"), need("--content", "联系内容"),
            arg("--issue", help="反映的问题"), arg("--by", help="联系人（默认中心户党员）"),
            arg("--event", action="store_true", help="把反映的问题转为事件上报"),
            arg("--class", dest="class_code", help="转为事件时的事件类别（默认 06 民生诉求；可选类别见 events classes）"),
            arg("--subclass", help="事件小类代码（见 events classes）"))
    command(con, "list", "挂包联系记录（新的在前）", contact_list, only_unit,
            arg("--since", type=date_arg, help="从该日期起"))
    command(con, "event", "把一次联系反映的问题转为事件上报", contact_event, record_id("联系记录 id"),
            arg("--class", dest="class_code", help="事件类别（默认 06 民生诉求；可选类别见 events classes）"),
            arg("--subclass", help="事件小类代码（见 events classes）"))

    command(ps, "coverage", "党员联系户覆盖率（方案未设目标值，仅作信息）；--list 列出未纳入党员联系的户", coverage,
            unit("单位代码（默认本单位）"), arg("--list", action="store_true", help="列出未纳入党员联系的户"))
    command(ps, "history", "党建变动记录（新的在前）：党员登记、身份变更、转出、迁出，中心户设立、撤销，联系户纳入、移出；"
                           "党员信息的记录仅对有查看敏感信息权限的用户列出", history, only_unit,
            arg("--resident", help="只列该居民（居民编号或完整身份证号）"), arg("--centre", help="只列该中心户（中心户 id）"))
    command(ps, "check", "检查：网格未建党支部、楼栋未设党小组、网格长非书记、中心户联系户数、未联系的户", check)


def org_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        rid = p.resident_id(a.secretary) if a.secretary else None
        oid = p.add_org(a.kind, a.unit, name=a.name, building_id=a.building, secretary_resident_id=rid,
                        secretary_username=a.secretary_user, secretary_name=a.secretary_name)
        ctx.out({"id": oid}, f"已设立党组织，编号 {oid}")
    return EXIT_OK


def _org_dict(v: Any) -> dict[str, Any]:
    return {"id": v.id, "kind": v.kind, "kind_label": v.kind_label, "name": v.name, "unit_code": v.unit_code,
            "building": v.building_name or None, "secretary": v.secretary_name or None, "parent_id": v.parent_id,
            "members": v.members}


org_list = lister(lambda s, a: s.party().orgs(), "orgs",
                  lambda v: f"{v.id}\t{v.unit_code}\t{v.kind_label}\t{v.name}\t书记 {v.secretary_name or '未设'}",
                  "没有党组织。", count=False, as_dict=_org_dict)



def member_set(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        rid = p.resident_id(a.resident)
        mid = p.set_member(rid, a.status, org_id=a.org, joined_on=a.joined, note=a.note)
        ctx.out({"id": mid, "resident_id": rid}, f"已登记党员信息，编号 {mid}")
    return EXIT_OK


member_list = lister(lambda s, a: s.party().members(a.unit, org_id=a.org), "members",
                     lambda m: f"{m.resident_id}\t{m.unit_code}\t{m.name}\t{m.status_label}\t{m.org_name}\t"
                               f"{m.joined_on or ''}", "没有党员登记。", count_last=True)


def member_end(ctx: Context) -> int:
    with ctx.session() as session:
        p = session.party()
        rid = p.resident_id(ctx.args.resident)
        ended = p.end_member(rid, to=ctx.args.to)
        ctx.out({"resident_id": rid, "ended": ended}, "已转出。" if ended else "该居民没有党员登记。")
    return EXIT_OK


def centre_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        cid = p.add_centre(p.household_id(a.household), p.resident_id(a.member), group_id=a.group, since=a.since)
        ctx.out({"id": cid}, f"已设为党员中心户，编号 {cid}")
    return EXIT_OK


def centre_link(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        added = p.link(a.centre, [p.household_id(h) for h in a.households])
        ctx.out({"centre": a.centre, "added": added}, f"新增联系户 {added} 户。")
    return EXIT_OK


def centre_unlink(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        done = p.unlink(a.centre, p.household_id(a.household))
        ctx.out({"centre": a.centre, "removed": done}, "已去掉该联系户。" if done else "该户不是此中心户的联系户。")
    return EXIT_OK


def centre_list(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        if a.centre:
            links = p.centre_links(a.centre)
            ctx.out({"centre": a.centre, "links": [{"household_id": x.household_id, "address": x.address,
                                                    "head": x.head} for x in links]},
                    "\n".join(f"{x.household_id}\t{x.address}\t{x.head}" for x in links) or "没有联系户。")
            return EXIT_OK
        return listing(ctx, "centres", p.centres(a.unit),
                       lambda c: f"{c.id}\t{c.unit_code}\t{c.address}\t{c.member_name}\t联系 {c.links} 户"
                                 + (f"\t{c.problem}" if c.problem else ""), "没有党员中心户。", count_last=True,
                       as_dict=lambda c: {**c.as_dict(), "problem": c.problem})


def centre_remove(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        n = session.party().remove_centre(a.centre, a.reason)
        ctx.out({"centre": a.centre, "removed": True, "unlinked": n}, f"已撤销中心户，解除联系户 {n} 户。")
    return EXIT_OK


def history(ctx: Context) -> int:
    a = ctx.args
    if a.resident and a.centre:
        raise UsageError("--resident 和 --centre 只能给出一个")
    with ctx.session() as session:
        p = session.party()
        rid = p.resident_id(a.resident) if a.resident else None
        rows = p.history(resident_id=rid, centre_id=a.centre, unit_code=a.unit)
        return listing(ctx, "history", rows,
                       lambda h: "\t".join(x for x in (str(h.on_date), h.unit_name, h.action_label,
                                                       h.name, h.address, h.status_label, h.detail,
                                                       f"经办 {h.actor}") if x),
                       "没有党建变动记录。", count_last=True)


def contact_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        cid = p.add_contact(p.household_id(a.household), contact_date=a.date or clock.today(), content=a.content,
                            issue=a.issue, contact_by=a.by)
        event_id = p.raise_event(cid, class_code=a.class_code, subclass=a.subclass) if a.event else None
        ctx.out({"id": cid, "event_id": event_id},
                f"已记录挂包联系，编号 {cid}" + (f"；问题已转为事件 {event_id}" if event_id else ""))
    return EXIT_OK


contact_list = lister(lambda s, a: s.party().contacts(a.unit, since=a.since), "contacts",
                      lambda c: f"{c.contact_date}\t{c.address}\t{c.contact_by}\t{c.content}"
                                + (f"\t问题：{c.issue}" if c.issue else ""), "没有联系记录。", count_last=True)


def contact_event(ctx: Context) -> int:
    a = ctx.args
    with ctx.session() as session:
        event_id = session.party().raise_event(a.id, class_code=a.class_code, subclass=a.subclass)
        ctx.out({"id": a.id, "event_id": event_id}, f"已转为事件 {event_id}")
    return EXIT_OK


def check(ctx: Context) -> int:
    with ctx.session() as session:
        rep = session.party().check()
        lines = [f"党员联系覆盖：{rep.covered}/{rep.households} 户（{rep.coverage:.0%}）"]
        lines += [f"{i.rule}\t{i.unit_code}\t{i.subject}\t{i.detail}" for i in rep.items]
        ctx.out(rep.as_dict(), "\n".join(lines) if rep.items else lines[0] + "\n检查通过。")
    return EXIT_OK


def coverage(ctx: Context) -> int:
    """党员联系户覆盖率 (PARTY_COVERAGE, the dashboard's card) and, with --list, exactly the households it misses."""
    from gridapp.domain.indicators import PARTY_COVERAGE

    a = ctx.args
    with ctx.session() as session:
        p = session.party()
        c = p.coverage(a.unit)
        out = c.as_dict()
        text = (f"{PARTY_COVERAGE.name}（{c.unit_name}，当前，无目标值）：{PARTY_COVERAGE.shown(c.value)}"
                f"　{c.covered}/{c.households} 户")
        if a.list:
            rows = p.unlinked_households(a.unit)
            out["unlinked"] = [{"id": h, "unit_code": u, "address": addr, "head": head} for h, u, addr, head in rows]
            text += "\n" + "\n".join(f"{u}\t{addr}\t{head or '—'}" for _h, u, addr, head in rows)
        ctx.out(out, text)
    return EXIT_OK
