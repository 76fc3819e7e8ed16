"""The headless interface: `python -m gridapp [--db PATH] COMMAND ...` (DESIGN.md §5).

Exit codes: 0 success; 2 bad usage; 1 a refused operation (reason on stderr); 3 a batch partly refused.
Every command calls the same services as the GUI. Errors are reported in Chinese, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridapp import APP_TITLE_ZH, __version__
from gridapp.config import default_db_path, os_user
from gridapp.core import codes
from gridapp.core.errors import AuthError, GridappError, ValidationError
from gridapp.core.orgcode import DUTIES, GRID_TYPES, LEVELS, Level, household_guidance, validate_code
from gridapp.core.permissions import Perm, Role
from gridapp.core.progress import Progress

if TYPE_CHECKING:
    from gridapp.services.session import AppSession

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEMO_UNIT = ("370303001001", "和平社区（演示）", Level.COMMUNITY)
PASSWORD_ENV = "GRIDAPP_PASSWORD"  # the signed-in user's password, for scripts
NEW_PASSWORD_ENV = "GRIDAPP_NEW_PASSWORD"  # the password of a user being created (init --admin, users add)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print English usage and exit 2 itself
        raise UsageError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”请写成 2026-01-31") from None


def build_parser() -> argparse.ArgumentParser:
    from gridapp.core.codes import AFFAIR_FREQUENCY, AFFAIR_STATUS
    from gridapp.services.affairs import MIN_PUBLICITY_DAYS

    p = _Parser(prog="python -m gridapp", description=f"{APP_TITLE_ZH}（gridapp）命令行")
    p.add_argument("--version", action="store_true", help="显示版本号")
    p.add_argument("--db", type=Path, help=f"数据库文件（默认：{default_db_path()}）")
    p.add_argument("--user", default=os.environ.get("GRIDAPP_USER") or None,
                   help=f"登录用户名（默认取环境变量 GRIDAPP_USER；密码从提示输入，或取环境变量 {PASSWORD_ENV}）")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    init = sub.add_parser("init", help="初始化本机服务的单位，建立加密数据库和管理员")
    init.add_argument("--unit", required=True, help="单位编码（4/6/9/12/15 位）")
    init.add_argument("--name", required=True, help="单位名称")
    init.add_argument("--level", required=True, choices=[lv.value for lv in LEVELS], help="层级")
    init.add_argument("--admin", required=True,
                      help=f"管理员用户名（密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）")
    init.add_argument("--json", action="store_true")

    demo = sub.add_parser("demo", help="生成演示数据（网格、楼栋、户、居民；虚构，可复现）")
    demo.add_argument("--residents", type=int, default=2000, help="居民人数（默认 2000）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--json", action="store_true")

    stats = sub.add_parser("stats", help="各表、各单位的记录数")
    stats.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="检查数据库完整性、结构版本、变更日志和审计日志链")
    check.add_argument("--json", action="store_true")

    report = sub.add_parser("report", help="报表：report list 列出报表；report 报表名 --unit 编码 --out 文件.pdf 生成 PDF")
    report.add_argument("name", help="报表名（见 report list），或 list")
    report.add_argument("--unit", help="单位编码（本单位或其下级）")
    report.add_argument("--period", help="统计期 YYYY-MM（默认本月；入户走访情况、八小工程开展情况也可为全年 YYYY；"
                                         "考核排名为 YYYY、YYYY-Qn 或 YYYY-MM）")
    report.add_argument("--out", type=Path, help="输出的 PDF 文件")
    report.add_argument("--building", help="花名册只打印这一栋楼（楼栋 id）")
    report.add_argument("--household", help="户卡只打印这一户（户 id）")
    report.add_argument("--scheme", help="考核排名：考核方案 id（默认取该单位该考核期的方案）")
    report.add_argument("--json", action="store_true")

    backup = sub.add_parser("backup", help="立即备份数据库（加密数据库的备份同样加密）")
    backup.add_argument("--out", type=Path, help="备份文件（默认：数据库旁的 backups 文件夹）")
    backup.add_argument("--json", action="store_true")

    restore = sub.add_parser("restore", help="检查备份后，用它恢复数据库（恢复前先保存当前数据库的副本）")
    restore.add_argument("file", type=Path, help="备份文件")
    restore.add_argument("--json", action="store_true")

    users = sub.add_parser("users", help="用户管理（管理员）")
    users_sub = users.add_subparsers(dest="users_command", parser_class=_Parser, required=True)
    ul = users_sub.add_parser("list", help="列出本单位范围内的用户")
    ul.add_argument("--json", action="store_true")
    ua = users_sub.add_parser("add", help=f"新增用户（密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）")
    ua.add_argument("--name", required=True, help="用户名")
    ua.add_argument("--role", required=True, choices=[r.value for r in Role], help="角色")
    ua.add_argument("--unit", required=True, help="所属单位编码")
    ua.add_argument("--display", default="", help="显示名称（姓名）")
    ua.add_argument("--json", action="store_true")
    ur = users_sub.add_parser("reset", help=f"重置用户密码（新密码从提示输入两次，或取环境变量 {NEW_PASSWORD_ENV}）")
    ur.add_argument("--name", required=True, help="用户名")
    ud = users_sub.add_parser("disable", help="停用用户（其密码随即不能再解开数据库）")
    ud.add_argument("--name", required=True, help="用户名")
    ue = users_sub.add_parser("enable", help="启用用户（停用过的用户还需重置密码）")
    ue.add_argument("--name", required=True, help="用户名")
    users_sub.add_parser("passwd", help=f"修改自己的密码（原密码即登录密码；新密码输入两次，或取环境变量 {NEW_PASSWORD_ENV}）")

    units = sub.add_parser("units", help="组织机构：下级村（社区）、网格的增设、更名、撤销、迁移，人员指派")
    us = units.add_subparsers(dest="units_command", parser_class=_Parser, required=True)
    unl = us.add_parser("list", help="本单位及下级单位（含已撤销的）和指派的人员")
    unl.add_argument("--current", action="store_true", help="不列已撤销的单位")
    unl.add_argument("--json", action="store_true")
    una = us.add_parser("add", help="增设下级单位：镇街下的村（社区），村（社区）下的网格")
    una.add_argument("--parent", required=True, help="上级单位编码")
    una.add_argument("--code", required=True, help="本级编号（3 位，如 003）或完整编码")
    una.add_argument("--name", required=True, help="名称")
    una.add_argument("--type", choices=sorted(GRID_TYPES), help="网格类型：urban 城市、rural 农村、dedicated 专属（网格必填）")
    una.add_argument("--households", type=int, help="网格应覆盖的户数（一般 300–500 户）")
    una.add_argument("--json", action="store_true")
    unr = us.add_parser("rename", help="更名")
    unr.add_argument("code", help="单位编码")
    unr.add_argument("--name", required=True, help="新名称")
    unr.add_argument("--json", action="store_true")
    une = us.add_parser("edit", help="修改名称、网格类型或应覆盖户数（未给出的不变）")
    une.add_argument("code", help="单位编码")
    une.add_argument("--name", help="新名称")
    une.add_argument("--type", choices=sorted(GRID_TYPES), help="网格类型")
    une.add_argument("--households", type=int, help="应覆盖户数")
    une.add_argument("--json", action="store_true")
    unt = us.add_parser("retire", help="撤销单位（保留其全部记录；不再用于新的工作，列表中显示为已撤销）")
    unt.add_argument("code", help="单位编码")
    unt.add_argument("--on", type=_date, help="撤销日期（默认今天）")
    unt.add_argument("--json", action="store_true")
    unm = us.add_parser("move", help="把网格迁到同一镇街的另一个村（社区）：启用新编码，原网格撤销并指向新网格")
    unm.add_argument("code", help="网格编码")
    unm.add_argument("--to", required=True, help="新的上级村（社区）编码")
    unm.add_argument("--new-code", help="新网格的本级编号（默认取第一个空号）")
    unm.add_argument("--json", action="store_true")
    usa = us.add_parser("assign", help="指派人员：网格的专职网格员，村（社区）的网格长和社区民警")
    usa.add_argument("code", help="单位编码")
    usa.add_argument("--duty", required=True, choices=list(DUTIES),
                     help="grid_worker 专职网格员（网格）、grid_chief 网格长（村社区）、police 社区民警（村社区）")
    usa.add_argument("--user", dest="assign_user", help="本单位范围内角色相符的用户名")
    usa.add_argument("--person", help="姓名（没有账户的人员，或覆盖用户的显示名称）")
    usa.add_argument("--on", type=_date, help="任职日期（默认今天）")
    usa.add_argument("--json", action="store_true")
    usu = us.add_parser("unassign", help="人员离任：结束一项指派（保留记录）")
    usu.add_argument("id", help="指派编号（units list --json 中的 id）")
    usu.add_argument("--on", type=_date, help="离任日期（默认今天）")
    usu.add_argument("--json", action="store_true")

    special = sub.add_parser("special-groups", help="特殊人群：登记、修改、解除、列出（需要查看特殊人群的权限）")
    sg = special.add_subparsers(dest="sg_command", parser_class=_Parser, required=True)
    sgl = sg.add_parser("list", help="本单位范围内的特殊人群记录（每次查看记入审计日志）")
    sgl.add_argument("--group", help="类别，如 社区矫正")
    sgl.add_argument("--resident", help="居民编号或完整身份证号")
    sgl.add_argument("--active", action="store_true", help="只列未解除的")
    sgl.add_argument("--json", action="store_true")
    sga = sg.add_parser("add", help="登记一名居民的特殊人群记录")
    sga.add_argument("--resident", required=True, help="居民编号（residents search --json 的 id）或完整身份证号")
    sga.add_argument("--group", required=True, help="类别：" + "、".join(codes.SPECIAL_GROUPS))
    sga.add_argument("--start", required=True, type=_date, help="起始日期")
    sga.add_argument("--category", help="该类别的分类代码（如 矫正类别）")
    sga.add_argument("--offense", help="原罪名（有此项的类别）")
    sga.add_argument("--note", help="备注")
    sga.add_argument("--json", action="store_true")
    sge = sg.add_parser("edit", help="修改一条记录（未给出的项不变）")
    sge.add_argument("id", help="记录编号")
    sge.add_argument("--start", type=_date, help="起始日期")
    sge.add_argument("--category", help="分类代码")
    sge.add_argument("--offense", help="原罪名")
    sge.add_argument("--note", help="备注")
    sge.add_argument("--json", action="store_true")
    sgd = sg.add_parser("end", help="解除一条记录（最后一条未解除记录解除后，居民的该类标签随之去掉）")
    sgd.add_argument("id", help="记录编号")
    sgd.add_argument("--on", type=_date, help="解除日期（默认今天）")
    sgd.add_argument("--json", action="store_true")

    audit = sub.add_parser("audit", help="审计日志：校验哈希链、导出")
    audit_sub = audit.add_subparsers(dest="audit_command", parser_class=_Parser, required=True)
    av = audit_sub.add_parser("verify", help="校验审计日志的哈希链，报告第一处被改动的记录")
    av.add_argument("--json", action="store_true")
    ae = audit_sub.add_parser("export", help="导出审计日志为 CSV")
    ae.add_argument("--out", type=Path, required=True, help="CSV 文件")
    ae.add_argument("--since", type=dt.date.fromisoformat, help="起始日期 YYYY-MM-DD")
    ae.add_argument("--until", type=dt.date.fromisoformat, help="截止日期 YYYY-MM-DD")
    ae.add_argument("--by", help="只导出该用户的操作")
    ae.add_argument("--action", help="只导出该类操作（login、reveal、export 等）")
    ae.add_argument("--json", action="store_true")

    residents = sub.add_parser("residents", help="居民：查找、导入台账（.xlsx）、导出台账")
    rs = residents.add_subparsers(dest="residents_command", parser_class=_Parser, required=True)
    rse = rs.add_parser("search", help="按姓名、拼音首字母、全拼、身份证号或电话后几位、地址查找（号码已脱敏）")
    rse.add_argument("query", help="查找内容，如 zs、张三、1234、人民路")
    rse.add_argument("--grid", help="只查这个网格")
    rse.add_argument("--limit", type=int, default=50, help="最多显示多少人（默认 50）")
    rse.add_argument("--json", action="store_true")
    rim = rs.add_parser("import", help="导入居民台账 .xlsx：按身份证号匹配（已有的更新，不重复登记）")
    rim.add_argument("file", type=Path, help="台账文件（.xlsx）")
    rim.add_argument("--grid", help="表中没有“网格编码”列（或某行没填）时导入到这个网格；本单位是网格时默认本网格")
    rim.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")
    rim.add_argument("--errors", type=Path, help="把未导入的行及原因写到这个 .xlsx 文件")
    rim.add_argument("--json", action="store_true")
    rex = rs.add_parser("export", help="按导入模板导出本单位居民台账 .xlsx（证件号和电话脱敏）")
    rex.add_argument("out", type=Path, help="输出文件（.xlsx）")
    rex.add_argument("--json", action="store_true")

    affairs = sub.add_parser("affairs", help="网格事务清单：列出、申请准入、审核、公示、准入、退出")
    afs = affairs.add_subparsers(dest="affairs_command", parser_class=_Parser, required=True)
    _ledger_io(afs, "网格事务清单（每行作为一项准入申请）", None)
    afx = afs.choices["export"]
    afx.add_argument("--status", choices=list(AFFAIR_STATUS), help="只导出该状态的事项")
    afx.add_argument("--in-force", action="store_true", help="只导出今天有效的已准入事项")
    afl = afs.add_parser("list", help="列出本单位及上级单位的事项（--in-force 只列今天有效的已准入事项）")
    afl.add_argument("--status", choices=list(AFFAIR_STATUS), help="只列该状态的事项")
    afl.add_argument("--in-force", action="store_true", help="只列今天有效的已准入事项")
    afl.add_argument("--json", action="store_true")
    afa = afs.add_parser("apply", help="部门向本级网格管理机构申请事项准入")
    afa.add_argument("--name", required=True, help="事项名称")
    afa.add_argument("--department", required=True, help="申请部门")
    afa.add_argument("--basis", help="法律/政策依据")
    afa.add_argument("--duty", help="网格员职责")
    afa.add_argument("--frequency", choices=list(AFFAIR_FREQUENCY),
                     help="频次：" + "，".join(f"{k} {v}" for k, v in AFFAIR_FREQUENCY.items()))
    afa.add_argument("--deadline-days", type=int, help="办理时限（天）")
    afa.add_argument("--data", dest="required_data", help="所需数据")
    afa.add_argument("--temporary", action="store_true", help="临时事项（须写明有效期 --from --to）")
    afa.add_argument("--from", dest="valid_from", type=_date, help="临时事项有效期起 YYYY-MM-DD")
    afa.add_argument("--to", dest="valid_to", type=_date, help="临时事项有效期止 YYYY-MM-DD")
    afa.add_argument("--json", action="store_true")
    afr = afs.add_parser("review", help="审核：--approve 通过或 --reject 驳回，并写明意见")
    afr.add_argument("id", help="事项 id")
    verdict = afr.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help="审核通过")
    verdict.add_argument("--reject", action="store_true", help="驳回")
    afr.add_argument("--opinion", required=True, help="审核意见（驳回时为理由）")
    afr.add_argument("--json", action="store_true")
    afp = afs.add_parser("publish", help=f"公示已审核的事项（至少 {MIN_PUBLICITY_DAYS} 天）")
    afp.add_argument("id", help="事项 id")
    afp.add_argument("--from", dest="start", type=_date, required=True, help="公示起 YYYY-MM-DD")
    afp.add_argument("--to", dest="end", type=_date, required=True, help="公示止 YYYY-MM-DD")
    afp.add_argument("--json", action="store_true")
    afm = afs.add_parser("admit", help="准入：公示期满的事项，或经审核同意的临时事项")
    afm.add_argument("id", help="事项 id")
    afm.add_argument("--json", action="store_true")
    afw = afs.add_parser("withdraw", help="事项退出：自该日起不再有效")
    afw.add_argument("id", help="事项 id")
    afw.add_argument("--on", type=_date, required=True, help="退出日期 YYYY-MM-DD（今天或以后）")
    afw.add_argument("--reason", default="", help="退出原因")
    afw.add_argument("--json", action="store_true")
    afc = afs.add_parser("cancel", help="撤回尚未准入的申请（申请人本人，或本单位审核人员撤回已审核、公示中的事项）")
    afc.add_argument("id", help="事项 id")
    afc.add_argument("--reason", default="", help="撤回理由")
    afc.add_argument("--json", action="store_true")
    visits = sub.add_parser("visits", help="民警入户走访：登记、台账、走访率、待走访户")
    vs = visits.add_subparsers(dest="visits_command", parser_class=_Parser, required=True)
    _ledger_io(vs, "入户走访台账（按户主身份证号、户号或地址找户）", None)
    vsx = vs.choices["export"]
    vsx.add_argument("--unit", help="只导出该单位（本单位范围内）的走访")
    vsx.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="走访日期起 YYYY-MM-DD")
    vsx.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="走访日期止 YYYY-MM-DD")
    va = vs.add_parser("add", help="登记一次入户走访（社区民警、综治中心）")
    va.add_argument("--household", required=True, help="户 id")
    va.add_argument("--date", required=True, type=dt.date.fromisoformat, help="走访日期 YYYY-MM-DD")
    va.add_argument("--present", required=True, type=int, help="在户人数")
    va.add_argument("--content", required=True, help="走访内容")
    va.add_argument("--issues", help="问题/诉求")
    va.add_argument("--handling", help="处理情况")
    va.add_argument("--json", action="store_true")
    vx = vs.add_parser("correct", help="更正一次走访：登记新版本，取代原记录（原记录作废，不直接修改）")
    vx.add_argument("id", help="要更正的走访记录 id")
    vx.add_argument("--date", type=dt.date.fromisoformat, help="走访日期 YYYY-MM-DD（不填则不变）")
    vx.add_argument("--present", type=int, help="在户人数（不填则不变）")
    vx.add_argument("--content", help="走访内容（不填则不变）")
    vx.add_argument("--issues", help="问题/诉求（不填则不变）")
    vx.add_argument("--handling", help="处理情况（不填则不变）")
    vx.add_argument("--json", action="store_true")
    vy = vs.add_parser("delete", help="作废一条误登记的走访记录（留痕，不物理删除）")
    vy.add_argument("id", help="走访记录 id")
    vy.add_argument("--json", action="store_true")
    vl = vs.add_parser("list", help="走访台账（新的在前）")
    vl.add_argument("--grid", help="网格（或其他单位）编码，默认本单位")
    vl.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="起始日期 YYYY-MM-DD")
    vl.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="截止日期 YYYY-MM-DD")
    vl.add_argument("--json", action="store_true")
    vc = vs.add_parser("coverage", help="入户走访率：各网格、社区及合计，对照 100% 目标")
    vc.add_argument("--unit", help="单位编码，默认本单位")
    vc.add_argument("--period", help="统计期：年 YYYY 或 年-月 YYYY-MM（默认本月）")
    vc.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="起始日期 YYYY-MM-DD（与 --to 同用）")
    vc.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="截止日期 YYYY-MM-DD")
    vc.add_argument("--json", action="store_true")
    vd = vs.add_parser("due", help="按走访规则应走访的户（逾期最久的在前）")
    vd.add_argument("--unit", help="单位编码，默认本单位")
    vd.add_argument("--json", action="store_true")

    tasks = sub.add_parser("tasks", help="网格任务：按已准入的有效事项生成本期任务、列出、办结")
    ts = tasks.add_subparsers(dest="tasks_command", parser_class=_Parser, required=True)
    tg = ts.add_parser("generate", help="为单位内各网格生成本期任务（只来自当天有效的已准入事项；重复运行不重复生成）")
    tg.add_argument("--unit", help="单位编码，默认本单位")
    tg.add_argument("--on", type=_date, help="日期 YYYY-MM-DD，默认今天")
    tg.add_argument("--json", action="store_true")
    tl = ts.add_parser("list", help="列出任务：待办和逾期的在前（按截止日期），已完成的在后")
    tl.add_argument("--grid", help="网格（或其他单位）编码，默认本单位")
    tl.add_argument("--status", choices=["open", "done", "overdue"], help="open 待办 / done 已完成 / overdue 已逾期")
    tl.add_argument("--json", action="store_true")
    tn = ts.add_parser("add", help="派发一项按需任务（网格长、综治中心；只能来自今天对该网格有效的已准入按需事项）")
    tn.add_argument("--grid", required=True, help="网格编码")
    tn.add_argument("--item", help="事项 id（不填则列出该网格今天可派发的按需事项）")
    tn.add_argument("--title", help="任务名称，默认为事项名称")
    tn.add_argument("--due", type=_date, help="截止日期 YYYY-MM-DD，默认按事项的办理时限")
    tn.add_argument("--json", action="store_true")
    td = ts.add_parser("done", help="办结任务（本网格网格员、网格长、综治中心）")
    td.add_argument("id", help="任务 id")
    td.add_argument("--note", help="办理结果")
    td.add_argument("--json", action="store_true")
    disputes = sub.add_parser("disputes", help="矛盾纠纷排查化解：登记、台账、化解结果、统计")
    ds = disputes.add_subparsers(dest="disputes_command", parser_class=_Parser, required=True)
    _ledger_io(ds, "矛盾纠纷台账（每行登记一起纠纷）", "--grid")
    dsx = ds.choices["export"]
    dsx.add_argument("--unit", help="只导出该单位（本单位范围内）的纠纷")
    dsx.add_argument("--status", choices=[*codes.DISPUTE_STATUS, "open"], help="只导出该状态的纠纷")
    dsx.add_argument("--overdue", action="store_true", help="只导出超期未化解的纠纷")
    dsx.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="发生日期起 YYYY-MM-DD")
    dsx.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="发生日期止 YYYY-MM-DD")
    da = ds.add_parser("add", help="登记一起矛盾纠纷（网格员、网格长、综治中心）")
    da.add_argument("--name", required=True, help="名称")
    da.add_argument("--date", required=True, type=_date, help="发生日期 YYYY-MM-DD")
    da.add_argument("--place", required=True, help="地点")
    da.add_argument("--category", required=True, help="事件类别代码 01–16、99（01 婚恋家庭 02 邻里 … 99 其他）")
    da.add_argument("--scale", required=True, help="事件规模代码：01 个体性 02 一般群体性 03 重大群体性")
    da.add_argument("--people", required=True, type=int, help="涉及人数")
    da.add_argument("--summary", help="简述")
    da.add_argument("--parties", help="主要当事人（姓名，不填身份证号）")
    da.add_argument("--deadline", type=_date, help="化解时限 YYYY-MM-DD（默认发生日期后 30 天）")
    da.add_argument("--grid", help="发生的网格编码（本单位是网格时可省略）")
    da.add_argument("--json", action="store_true")
    dl = ds.add_parser("list", help="矛盾纠纷台账（发生日期新的在前）")
    dl.add_argument("--unit", help="单位编码，默认本单位")
    dl.add_argument("--status", choices=list(codes.DISPUTE_STATUS),
                    help="状态：registered 已登记 / mediating 调解中 / resolved 已化解 / escalated 未化解（已上报）")
    dl.add_argument("--overdue", action="store_true", help="只列超过化解时限仍未化解的")
    dl.add_argument("--json", action="store_true")
    dr = ds.add_parser("resolve", help="登记化解结果：成功为已化解，不成功为未化解（上报）")
    dr.add_argument("id", help="纠纷 id")
    outcome = dr.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--success", dest="success", action="store_true", help="化解成功")
    outcome.add_argument("--failure", dest="success", action="store_false", help="化解不成功（上报）")
    dr.add_argument("--how", required=True, help="化解方式，如 人民调解")
    dr.add_argument("--outcome", required=True, help="化解情况")
    dr.add_argument("--on", type=_date, help="化解日期 YYYY-MM-DD（默认今天）")
    dr.add_argument("--json", action="store_true")
    dm = ds.add_parser("mediate", help="开始调解：写明化解组织和责任人（网格员、网格长、综治中心）")
    dm.add_argument("id", help="纠纷 id")
    dm.add_argument("--org", required=True, help="化解组织，如 社区人民调解委员会")
    dm.add_argument("--person", required=True, help="责任人")
    dm.add_argument("--how", help="化解方式，如 人民调解")
    dm.add_argument("--phone", help="责任人联系电话")
    dm.add_argument("--json", action="store_true")
    de = ds.add_parser("escalate", help="未化解，上报：写明原因")
    de.add_argument("id", help="纠纷 id")
    de.add_argument("--reason", required=True, help="上报原因（记为化解情况）")
    de.add_argument("--on", type=_date, help="上报日期 YYYY-MM-DD（默认今天）")
    de.add_argument("--json", action="store_true")
    dv = ds.add_parser("supervise", help="督办：对尚未化解的纠纷写督办意见（网格以上的综治中心）")
    dv.add_argument("id", help="纠纷 id")
    dv.add_argument("--opinion", required=True, help="督办意见")
    dv.add_argument("--on", type=_date, help="督办日期 YYYY-MM-DD（默认今天）")
    dv.add_argument("--json", action="store_true")
    dk = ds.add_parser("evaluate", help="考评：对已化解或已上报的纠纷写考评意见")
    dk.add_argument("id", help="纠纷 id")
    dk.add_argument("--opinion", required=True, help="考评意见")
    dk.add_argument("--on", type=_date, help="考评日期 YYYY-MM-DD（默认今天）")
    dk.add_argument("--json", action="store_true")
    dsu = ds.add_parser("summary", help="统计：各类别、各状态件数，化解率，一次性化解率（目标 95%%），逾期件数")
    dsu.add_argument("--unit", help="单位编码，默认本单位")
    dsu.add_argument("--period", help="统计期：年 YYYY 或 年-月 YYYY-MM（默认本年）")
    dsu.add_argument("--json", action="store_true")

    projects = sub.add_parser("projects", help="八小工程：登记、台账、统计")
    ps = projects.add_subparsers(dest="projects_command", parser_class=_Parser, required=True)
    _ledger_io(ps, "八小工程台账（每行一条记录）", "--unit")
    psx = ps.choices["export"]
    psx.add_argument("--unit", help="只导出该单位（本单位范围内）的记录")
    psx.add_argument("--kind", choices=list(codes.SMALL_PROJECT_KIND), help="只导出该类别")
    psx.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, help="日期起 YYYY-MM-DD")
    psx.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, help="日期止 YYYY-MM-DD")
    pa = ps.add_parser("add", help="登记一条八小工程记录（网格员、网格长、综治中心）")
    pa.add_argument("--kind", required=True, choices=list(codes.SMALL_PROJECT_KIND),
                    help="类别：" + " ".join(f"{k} {v}" for k, v in codes.SMALL_PROJECT_KIND.items()))
    pa.add_argument("--title", required=True, help="名称")
    pa.add_argument("--date", required=True, type=_date, help="日期 YYYY-MM-DD（举办、通过或开展的日期）")
    pa.add_argument("--content", required=True, help="内容")
    pa.add_argument("--responsible", required=True, help="负责人（姓名）")
    pa.add_argument("--unit", help="所属网格或村（社区）编码（本单位是网格或社区时可省略）")
    pa.add_argument("--place", help="地点")
    pa.add_argument("--participants", type=int, help="参与人数（小公约、小民主、小服务、小平安必填）")
    pa.add_argument("--outcome", help="成效")
    pa.add_argument("--convention-text", help="小公约：公约内容")
    pa.add_argument("--adoption", help="小公约：通过方式，如 村民会议表决")
    pa.add_argument("--meeting-form", help="小民主：议事形式代码 " + " ".join(
        f"{k} {v}" for k, v in codes.SMALL_PROJECT_MEETING_FORM.items()))
    pa.add_argument("--topic", help="小民主：议题")
    pa.add_argument("--decision", help="小民主：议定事项")
    pa.add_argument("--service-type", help="小服务：服务类型代码 " + " ".join(
        f"{k} {v}" for k, v in codes.SMALL_PROJECT_SERVICE_TYPE.items()))
    pa.add_argument("--served", type=int, help="小服务：服务人数")
    pa.add_argument("--dispute", help="小调解：关联的矛盾纠纷 id（可选，须为同一网格的纠纷）")
    pa.add_argument("--hazards-found", type=int, help="小平安：发现隐患数")
    pa.add_argument("--hazards-fixed", type=int, help="小平安：整改隐患数")
    pa.add_argument("--person", help="小乡贤、小名人：姓名（不填身份证号）")
    pa.add_argument("--deeds", help="小乡贤、小名人：事迹")
    pa.add_argument("--household", help="小家训：关联户 id（可选）")
    pa.add_argument("--motto", help="小家训：家训内容")
    pa.add_argument("--json", action="store_true")
    px = ps.add_parser("correct", help="更正一条八小工程记录：登记新版本取代原记录（类别和所属单位不变；未给出的项不变）")
    px.add_argument("id", help="要更正的记录 id")
    for flag, kind in (("--title", str), ("--date", _date), ("--content", str), ("--responsible", str),
                       ("--place", str), ("--participants", int), ("--outcome", str), ("--convention-text", str),
                       ("--adoption", str), ("--meeting-form", str), ("--topic", str), ("--decision", str),
                       ("--service-type", str), ("--served", int), ("--dispute", str), ("--hazards-found", int),
                       ("--hazards-fixed", int), ("--person", str), ("--deeds", str), ("--household", str),
                       ("--motto", str)):
        px.add_argument(flag, type=kind, help="见 projects add 的同名项（不填则不变）")
    px.add_argument("--json", action="store_true")
    pr = ps.add_parser("remove", help="删除一条误登记的八小工程记录（写明原因；留痕，不物理删除）")
    pr.add_argument("id", help="记录 id")
    pr.add_argument("--reason", required=True, help="删除原因")
    pr.add_argument("--json", action="store_true")
    for name, text in (("list", "八小工程台账（日期新的在前，只列当前版本）"),
                       ("summary", "统计：各单位、各类别的件数，参与人次，服务人数，隐患发现和整改数")):
        pp = ps.add_parser(name, help=text)
        pp.add_argument("--unit", help="单位编码，默认本单位")
        if name == "list":
            pp.add_argument("--kind", choices=list(codes.SMALL_PROJECT_KIND), help="只列某一类别")
        pp.add_argument("--from", dest="date_from", type=_date, help="起始日期 YYYY-MM-DD")
        pp.add_argument("--to", dest="date_to", type=_date, help="截止日期 YYYY-MM-DD")
        pp.add_argument("--year", type=int, help="统计年度（与 --from/--to 二选一" +
                        ("；默认本年）" if name == "summary" else "）"))
        pp.add_argument("--json", action="store_true")
    assess = sub.add_parser("assessment", help="考核：方案、评分、排名（标杆/通报/重点管理/挂牌督办）、发布")
    asub = assess.add_subparsers(dest="assessment_command", parser_class=_Parser, required=True)
    asl = asub.add_parser("schemes", help="列出考核方案（本单位及下级的；上级的只列已发布的）")
    asl.add_argument("--period", help="只列该考核期：2026、2026-Q1 或 2026-03")
    asl.add_argument("--json", action="store_true")
    asc = asub.add_parser("create", help="为本单位建立考核方案（默认指标和本层级的默认排名规则，之后可在界面中修改）")
    asc.add_argument("--name", required=True, help="方案名称")
    asc.add_argument("--period", required=True, help="考核期：年 2026；网格员也可按季度 2026-Q1 或按月 2026-03")
    asc.add_argument("--level", required=True, choices=["grid", "community", "town", "district"],
                     help="被考核层级：grid 网格员 / community 村社区 / town 镇街 / district 区县")
    asc.add_argument("--top", type=int, help="前 N 名为标杆（默认按层级）")
    asc.add_argument("--bottom", type=int, help="后 M 名通报（默认按层级）")
    asc.add_argument("--json", action="store_true")
    ass = asub.add_parser("score", help="录入一项人工评分（0 到该指标分值）")
    ass.add_argument("scheme", help="方案 id")
    ass.add_argument("--target", required=True, help="被考核单位编码（网格员填其网格编码）")
    ass.add_argument("--indicator", required=True, help="指标代号或名称")
    ass.add_argument("--score", required=True, type=float, help="得分")
    ass.add_argument("--json", action="store_true")
    asr = asub.add_parser("rank", help="排名：总分、名次和结果（默认按当前数据计算草稿；--published 看已发布的结果）")
    asr.add_argument("scheme", help="方案 id")
    asr.add_argument("--published", action="store_true", help="已发布的结果（默认最新版本）")
    asr.add_argument("--result-version", type=int, dest="result_version", help="已发布结果的版本号（默认最新）")
    asr.add_argument("--json", action="store_true")
    asi = asub.add_parser("incident", help="标记（或 --clear 取消）被考核单位本期发生重大问题（须写明问题说明）")
    asi.add_argument("scheme", help="方案 id")
    asi.add_argument("--target", required=True, help="被考核单位编码（网格员填其网格编码）")
    mark = asi.add_mutually_exclusive_group(required=True)
    mark.add_argument("--note", help="问题说明")
    mark.add_argument("--clear", action="store_true", help="取消标记")
    asi.add_argument("--json", action="store_true")
    asp = asub.add_parser("publish", help="发布当前排名（发布后冻结；再次发布为新版本）")
    asp.add_argument("scheme", help="方案 id")
    asp.add_argument("--note", help="发布说明")
    asp.add_argument("--json", action="store_true")

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


def _ledger_io(sub: Any, title: str, unit_option: str | None) -> None:
    """`import FILE [--dry-run] [--errors OUT] [--json]` and `export OUT [--json]` for an area's ledger."""
    im = sub.add_parser("import", help=f"导入{title} .xlsx：先全部检查，被拒绝的行不写入，其余在一个事务中写入")
    im.add_argument("file", type=Path, help="台账文件（.xlsx）")
    if unit_option == "--grid":
        im.add_argument("--grid", dest="default_unit", help="表中没有“网格”列（或某行没填）时登记到这个网格")
    elif unit_option == "--unit":
        im.add_argument("--unit", dest="default_unit", help="表中没有“单位”列（或某行没填）时记到这个网格或社区")
    im.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")
    im.add_argument("--errors", type=Path, help="把未导入的行及原因写到这个 .xlsx 文件")
    im.add_argument("--json", action="store_true")
    ex = sub.add_parser("export", help="按导入的列导出台账 .xlsx（联系电话、身份证号脱敏；记入审计日志）")
    ex.add_argument("out", type=Path, help="输出文件（.xlsx）")
    ex.add_argument("--json", action="store_true")


def _ledger_command(args: argparse.Namespace, area: str, command: str) -> int:
    """Run an area's `import` or `export` (see _ledger_io); exit 1 when every row was refused, 3 when some."""
    session = _session(args)
    try:
        ledger = session.area_ledger(area)
        if command == "export":
            if args.out.suffix.lower() != ".xlsx":
                raise UsageError("导出文件需要 .xlsx 文件名")
            filters = {k: getattr(args, k) for k in ("unit", "status", "overdue", "date_from", "date_to", "kind")
                       if getattr(args, k, None) not in (None, False)}
            if area == "affairs":
                from gridapp.services.affairs import today_china

                filters = {"status": args.status, "in_force_on": today_china() if args.in_force else None}
            if "unit" in filters:
                filters["unit_code"] = filters.pop("unit")
            n = ledger.export(args.out, progress=Progress(_tty_progress(args)), **filters)
            _out(args, {"out": str(args.out), "rows": n, "masked": True},
                 f"已导出 {n} 行{ledger.title}到 {args.out}（联系电话、身份证号已脱敏）")
            return EXIT_OK
        if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
            raise UsageError("--errors 需要 .xlsx 文件名")
        from gridapp.services.ledger import check_output

        if args.errors is not None:
            check_output(args.errors)  # before anything is read or written
        plan = ledger.prepare(args.file, default_unit=getattr(args, "default_unit", None),
                              progress=Progress(_tty_progress(args)))
        if args.errors is not None and plan.refused:  # first: a full disk is found before anything is written
            ledger.write_errors(plan, args.errors)
        if not args.dry_run and plan.accepted:
            if session.principal is not None:
                from gridapp.services.backup import BackupService

                BackupService(session.db, session.principal).make("pre-import")
            ledger.apply(plan, Progress(_tty_progress(args)))
    finally:
        session.close()
    counts = plan.counts
    verb = "将导入" if args.dry_run else "已导入"
    lines = [f"{'检查' if args.dry_run else '导入'}“{args.file.name}”（工作表 {plan.sheet}，{ledger.title}）：共 {counts['total']} 行，"
             f"{verb} {counts['accepted']} 行，拒绝 {counts['rejected']} 行"
             + ("（未写入任何数据）" if args.dry_run or not plan.accepted else "")]
    lines += [f"  第 {r.row_no} 行：{r.reason}" for r in plan.refused[:20]]
    if len(plan.refused) > 20:
        lines.append(f"  ……另有 {len(plan.refused) - 20} 行")
    if args.errors is not None and plan.refused:
        lines.append(f"未导入的行已写到 {args.errors}")
    _out(args, {**counts, "dry_run": args.dry_run, "sheet": plan.sheet, "ignored_headers": plan.ignored_headers,
                "errors_file": str(args.errors) if args.errors is not None and plan.refused else None,
                "ids": [r.result for r in plan.accepted if r.result],
                "refused": [{"row": r.row_no, "reason": r.reason} for r in plan.refused]}, "\n".join(lines))
    if plan.refused:
        return EXIT_PARTIAL if plan.accepted else EXIT_REFUSED
    return EXIT_OK


def _out(args: argparse.Namespace, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or default_db_path()


def _password(prompt: str) -> str:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise AuthError(f"需要密码：请在终端中运行以便输入密码，或设置环境变量 {PASSWORD_ENV}。")
    return getpass.getpass(prompt)


def _new_password(prompt: str) -> str:
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    if not sys.stdin or not sys.stdin.isatty():
        raise AuthError(f"需要设置密码：请在终端中运行以便输入，或设置环境变量 {NEW_PASSWORD_ENV}。")
    first = getpass.getpass(prompt)
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一致。", field="密码")
    return first


def _session(args: argparse.Namespace) -> AppSession:
    """Log in (`--user`) when the database has users; a plain database without users opens as it is."""
    from gridapp.db.database import open_database
    from gridapp.services.session import AppSession, needs_login

    path = _db_path(args)
    if path.exists() and needs_login(path):
        if not args.user:
            raise AuthError("该数据库已加密并设置了用户，请用 --user 指定用户名登录。")
        password = _password(f"用户 {args.user} 的密码：")
        session = AppSession.login(path, args.user, password)
        args.login_password = password
        if session.principal is not None and session.principal.must_change_password \
                and (args.command, getattr(args, "users_command", None)) != ("users", "passwd"):
            session.close()
            raise AuthError(f"用户“{args.user}”的密码是管理员设置的初始密码，须先修改后才能使用：请运行 "
                            f"python -m gridapp --user {args.user} users passwd。")
        return session
    return AppSession(open_database(path))


def _need(session: AppSession, perm: Perm) -> None:
    if session.principal is not None:
        session.principal.require(perm)


def cmd_init(args: argparse.Namespace) -> int:
    from gridapp.services.session import AppSession
    from gridapp.services.users import password_problem

    validate_code(args.unit, Level(args.level))  # refuse a bad code before a database file is made
    path = _db_path(args)
    if path.exists() and path.stat().st_size > 0:
        from gridapp.services.units import UnitService

        session = _session(args)
        try:
            unit = UnitService(session.db).installation()
        finally:
            session.close()
        label = unit.label if unit else "（未完成初始化）"
        raise ValidationError(f"数据库已初始化为“{label}”，不能重复初始化。如需服务其他单位，请新建数据库（--db）。")
    password = _new_password(f"设置管理员 {args.admin} 的密码：")
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
    _out(args, {"unit_code": unit.code, "name": unit.name, "level": unit.level.value, "db": str(path),
                "node_id": node, "admin": args.admin, "encrypted": True, "recovery_key": session.recovery_key},
         f"已初始化：{unit.name}（{unit.code}，{unit.level.label_zh}），数据库 {path}（已加密）\n"
         f"管理员：{args.admin}\n"
         f"恢复密钥（只显示这一次，请抄写后妥善保管；忘记所有密码时用它恢复）：{session.recovery_key}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from gridapp.demo import DemoGenerator
    from gridapp.services import audit
    from gridapp.services.backup import BackupService
    from gridapp.services.units import UnitService

    session = _session(args)
    db = session.db
    try:
        _need(session, Perm.IMPORT)
        units = UnitService(db)
        if units.installation() is None:
            code, name, level = DEMO_UNIT
            units.initialise(code, name, level)
            if not args.json:
                print(f"数据库尚未初始化，已设为演示单位：{name}（{code}）")
        if session.principal is not None:
            BackupService(db, session.principal).make("pre-import")
        started = time.perf_counter()
        last = [0.0]

        def report(done: int, total: int, text: str) -> None:
            now = time.perf_counter()
            if not args.json and sys.stderr.isatty() and now - last[0] > 0.5:
                last[0] = now
                print(f"\r{done}/{total} {text}", end="", file=sys.stderr, flush=True)

        result = DemoGenerator(db, seed=args.seed).run(args.residents, Progress(report))
        elapsed = time.perf_counter() - started
        if session.principal is not None:
            with db.write() as s:
                audit.record(db, s, session.principal, "import", unit_code=session.principal.unit_code,
                             detail={"what": "demo", "residents": result.residents, "seed": result.seed})
    finally:
        session.close()
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    _out(args, {**result.__dict__, "seconds": round(elapsed, 2)},
         f"已生成演示数据：{result.units} 个单位，{result.buildings} 栋楼，{result.households} 户，"
         f"{result.residents} 名居民，{result.affairs} 项网格事务、{result.tasks} 项网格任务（种子 {result.seed}，用时 {elapsed:.1f} 秒）")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        st = session.stats.stats()
    finally:
        session.close()
    lines = [f"节点 {st.node_id}，单位 {st.unit_code or '（未初始化）'}"]
    lines += [f"  {t}: {n}" + (f"（另有已删除 {st.deleted[t]}）" if st.deleted[t] else "")
              for t, n in st.tables.items()]
    lines.append(f"  change_log: {st.change_log}，待上报变更 {st.pending_changes}，上次同步 {st.last_sync or '从未'}")
    _out(args, st.as_dict(), "\n".join(lines))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from gridapp.services.check import CheckService

    session = _session(args)
    try:
        res = CheckService(session.db).run()
    finally:
        session.close()
    text = "检查通过：数据库完整，结构为最新版本，变更日志一致。" if res.ok else \
        "检查发现问题：\n" + "\n".join(f"  - {p}" for p in res.problems)
    _out(args, res.as_dict(), text)
    return EXIT_OK if res.ok else EXIT_REFUSED


def cmd_report(args: argparse.Namespace) -> int:
    from gridapp.services.reports import CATALOGUE, ReportRequest, current_period, parse_period

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
        if args.name in ("visits", "small_projects"):
            from gridapp.services.visits import parse_period as visit_period

            visit_period(period)
        elif args.name == "assessment":
            from gridapp.services.assessment import parse_period as assessment_period

            assessment_period(period)
        else:
            parse_period(period)
    except GridappError as exc:
        raise UsageError(exc.message) from exc

    from gridapp.reports import render

    session = _session(args)
    try:
        by = session.principal.username if session.principal is not None else os_user()
        request = ReportRequest(args.name, args.unit, period, printed_by=by,
                                building_id=args.building, household_id=args.household, scheme_id=args.scheme)
        progress = Progress(_tty_progress(args))
        data = session.reports.prepare(request, progress)
    finally:
        session.close()
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


def _tty_progress(args: argparse.Namespace):
    last = [0.0]

    def report(done: int, total: int, text: str) -> None:
        now = time.perf_counter()
        if not args.json and sys.stderr.isatty() and now - last[0] > 0.5:
            last[0] = now
            print(f"\r{done}/{total} {text}", end="", file=sys.stderr, flush=True)

    return report


def cmd_backup(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        _need(session, Perm.BACKUP)
        made = session.backups().make("manual", out=args.out)
        encrypted = session.db.encrypted
    finally:
        session.close()
    _out(args, {"backup": str(made), "encrypted": encrypted, "bytes": made.stat().st_size},
         f"已备份到 {made}" + ("（已加密）" if encrypted else ""))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        _need(session, Perm.BACKUP)
        result = session.restore(args.file)
    finally:
        session.close()
    _out(args, result.as_dict(),
         f"已从 {args.file} 恢复（单位 {result.unit_code}，居民 {result.residents} 人）；恢复前的数据库已另存到 backups 文件夹。")
    return EXIT_OK


def cmd_users(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        if session.principal is None:
            raise AuthError("该数据库没有用户（未加密的旧数据库），请用 init --admin 建立新的数据库。")
        users = session.users()
        if args.users_command == "passwd":
            users.change_password(args.login_password, _new_password("新密码："))
            print(f"已修改用户 {session.principal.username} 的密码。")
            return EXIT_OK
        if args.users_command == "list":
            rows = users.list()
            _out(args, {"users": [{**u.__dict__, "role": u.role.value} for u in rows]},
                 "\n".join(f"{u.username}\t{u.display_name}\t{u.role.label_zh}\t{u.unit_code}"
                           + ("\t（已停用）" if u.disabled else "") for u in rows))
        elif args.users_command == "add":
            password = _new_password(f"设置用户 {args.name} 的密码：")
            info = users.add(args.name, password, args.role, args.unit, args.display)
            _out(args, {**info.__dict__, "role": info.role.value},
                 f"已新增用户 {info.username}（{info.role.label_zh}，{info.unit_code}）")
        elif args.users_command == "reset":
            users.reset_password(args.name, _new_password(f"用户 {args.name} 的新密码："))
            print(f"已重置用户 {args.name} 的密码。")
        else:
            can_login = users.set_disabled(args.name, args.users_command == "disable")
            if args.users_command == "disable":
                print(f"已停用用户 {args.name}。")
            else:
                print(f"已启用用户 {args.name}。" + ("" if can_login else "停用时其密码已失效，请用 users reset 重置密码。"))
        if users.key_change is not None:
            print(_key_change_text(users.key_change))
    finally:
        session.close()
    return EXIT_OK


def _key_change_text(kc) -> str:
    lines = [f"数据库密钥已更换（用时 {kc.seconds:.1f} 秒）：旧密码和旧密钥文件只能打开更换前的备份，请妥善处置这些备份。"]
    if kc.backup is not None:
        lines.append(f"已在新密钥下备份：{kc.backup}")
    if kc.dropped:
        lines.append(f"以下用户自升级后尚未登录过，其密码已失效，请为其重置密码：{'、'.join(kc.dropped)}")
    if kc.recovery_key:
        lines.append(f"新的恢复密钥（只显示这一次，请抄写后妥善保管；旧恢复密钥已失效）：{kc.recovery_key}")
    return "\n".join(lines)


def cmd_audit(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        if session.principal is None:
            from gridapp.services.audit import verify_chain

            if args.audit_command != "verify":
                raise AuthError("该数据库没有用户，无法导出审计日志。")
            report = verify_chain(session.db)
        elif args.audit_command == "verify":
            report = session.audit().verify()
        else:
            n = session.audit().export_csv(args.out, since=args.since, until=args.until, username=args.by,
                                           action=args.action)
            _out(args, {"rows": n, "file": str(args.out)}, f"已导出 {n} 条审计记录到 {args.out}")
            return EXIT_OK
    finally:
        session.close()
    _out(args, report.as_dict(), f"审计日志完整：{report.rows} 条记录，哈希链未断。" if report.ok
         else f"审计日志被改动：{report.reason}")
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_sync(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from gridapp.services.sync import kinds_text

    if not args.sync_command:
        raise UsageError("sync 需要子命令：request、enrol、accept、export、import、status、conflicts")
    session = _session(args)
    try:
        svc = session.sync
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
            partial = any(r.refused or r.refused_parts for r in ok)
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
        session.close()
    return EXIT_OK


def cmd_residents(args: argparse.Namespace) -> int:
    from gridapp.services.registry import ResidentFilter

    rc = args.residents_command
    session = _session(args)
    try:
        if rc == "search":
            from gridapp.services.registry import MIN_DIGITS

            result = session.registry().find(args.query, ResidentFilter(grid_code=args.grid), limit=args.limit)
            if result.too_short:
                raise ValidationError(f"数字请至少输入 {MIN_DIGITS} 位（证件号或电话的末几位、电话的前几位）。")
            items = [{"id": v.id, "unit_code": v.unit_code, "name": v.name, "id_number": v.id_number,
                      "gender": codes.label("gender", v.gender), "birth_year": v.birth_year,
                      "phone": v.phone, "current_address": v.current_address or ""} for v in result.rows]
            text = "\n".join(f"{i['name']}\t{i['gender']}\t{i['birth_year']}年\t{i['id_number']}\t{i['phone']}\t"
                             f"{i['current_address']}" for i in items) or "没有找到。"
            if result.truncated:
                text += f"\n（仅显示前 {len(items)} 条，请输入更多文字缩小范围，或用 --limit 显示更多）"
            _out(args, {"query": args.query, "count": len(items), "truncated": result.truncated,
                        "residents": items}, text)
            return EXIT_OK
        ledger = session.ledger()
        if rc == "export":
            n = ledger.export(args.out)
            _out(args, {"out": str(args.out), "rows": n, "masked": True},
                 f"已导出 {n} 名居民到 {args.out}（证件号和电话已脱敏）")
            return EXIT_OK
        if args.errors is not None and args.errors.suffix.lower() != ".xlsx":
            raise UsageError("--errors 需要 .xlsx 文件名")
        from gridapp.services.ledger import GridRequired, check_output

        if args.errors is not None:
            check_output(args.errors)  # before anything is read or written
        try:
            plan = ledger.prepare(args.file, default_grid=args.grid)
        except GridRequired as exc:
            shown = "、".join(f"{code} {name}" for code, name in exc.choices[:8])
            more = f" 等 {len(exc.choices)} 个" if len(exc.choices) > 8 else ""
            raise ValidationError(f"{exc.message}请用 --grid 网格编码 指定，例如 --grid {exc.choices[0][0]}"
                                  f"（可选：{shown}{more}）。" if exc.choices else
                                  f"{exc.message}本单位范围内没有网格，请先添加网格。") from exc
        counts = plan.counts
        if args.errors is not None and plan.refused:  # first: a full disk is found before anything is written
            ledger.write_errors(plan, args.errors)
        if not args.dry_run and (counts["inserted"] or counts["updated"]):
            if session.principal is not None:
                from gridapp.services.backup import BackupService

                BackupService(session.db, session.principal).make("pre-import")
            ledger.apply(plan, Progress(_tty_progress(args)))
    finally:
        session.close()
    verb = "将" if args.dry_run else "已"
    lines = [f"{'检查' if args.dry_run else '导入'}“{args.file.name}”（工作表 {plan.sheet}）：{verb}新增 {counts['inserted']} 人，"
             f"{verb}更新 {counts['updated']} 人，无变化 {counts['unchanged']} 人，拒绝 {counts['rejected']} 行"
             + (f"；{verb}新建户 {counts['households']} 个、楼栋 {counts['buildings']} 栋"
                if counts["households"] or counts["buildings"] else "")
             + (f"；旧 15 位身份证号已转换 {counts['converted_15']} 个" if counts["converted_15"] else "")]
    lines += [f"  第 {r.row_no} 行：{r.reason}" for r in plan.refused[:20]]
    if len(plan.refused) > 20:
        lines.append(f"  ……另有 {len(plan.refused) - 20} 行")
    if args.errors is not None and plan.refused:
        lines.append(f"未导入的行已写到 {args.errors}")
    _out(args, {**counts, "dry_run": args.dry_run, "sheet": plan.sheet,
                "errors_file": str(args.errors) if args.errors is not None and plan.refused else None,
                "refused": [{"row": r.row_no, "reason": r.reason} for r in plan.refused]}, "\n".join(lines))
    return EXIT_PARTIAL if plan.refused else EXIT_OK


def _affair_line(v) -> str:
    period = ""
    if v.in_force_from:
        period = f"\t{v.in_force_from} 至 {v.in_force_to or '长期'}"
    elif v.publicity_from:
        period = f"\t公示 {v.publicity_from} 至 {v.publicity_to}"
    return f"{v.id}\t{v.name}\t{v.department}\t{v.status_label}{'（临时）' if v.temporary else ''}{period}"


def cmd_affairs(args: argparse.Namespace) -> int:
    from gridapp.services.affairs import AffairInput, today_china

    if args.affairs_command in ("import", "export"):
        return _ledger_command(args, "affairs", args.affairs_command)
    ac = args.affairs_command
    session = _session(args)
    try:
        svc = session.affairs()
        if ac == "list":
            items = svc.list(status=args.status, in_force_on=today_china() if args.in_force else None)
            _out(args, {"count": len(items), "items": [v.as_dict() for v in items]},
                 "\n".join(_affair_line(v) for v in items) or "没有事项。")
            return EXIT_OK
        if ac == "apply":
            item_id = svc.apply(AffairInput(
                name=args.name, department=args.department, basis=args.basis, duty=args.duty,
                frequency=args.frequency, deadline_days=args.deadline_days, required_data=args.required_data,
                temporary=args.temporary, valid_from=args.valid_from, valid_to=args.valid_to))
            done = f"已提交准入申请：{args.name}（{item_id}），等待审核"
        elif ac == "review":
            item_id = args.id
            svc.review(item_id, approve=args.approve, opinion=args.opinion)
            done = f"已{'审核通过' if args.approve else '驳回'}：{item_id}"
        elif ac == "publish":
            item_id = args.id
            svc.publish(item_id, args.start, args.end)
            done = f"已公示：{item_id}（{args.start} 至 {args.end}）"
        elif ac == "admit":
            item_id = args.id
            svc.admit(item_id)
            done = f"已准入：{item_id}"
        elif ac == "cancel":
            item_id = args.id
            svc.cancel(item_id, args.reason)
            done = f"已撤回申请：{item_id}"
        else:
            item_id = args.id
            svc.withdraw(item_id, args.on, args.reason)
            done = f"已退出：{item_id}（{args.on} 起不再有效）"
        view = svc.get(item_id)
    finally:
        session.close()
    _out(args, view.as_dict(), f"{done}\n{_affair_line(view)}")
    return EXIT_OK




def _visit_dict(v) -> dict:
    return {"id": v.id, "grid": v.unit_code, "household_id": v.household_id, "address": v.address,
            "head": v.head_name, "date": v.visit_date.isoformat(), "present": v.present, "visitor": v.visitor_name,
            "content": v.content, "issues": v.issues, "handling": v.handling, "replaces": v.replaces}


def _row_dict(r) -> dict:
    return {"code": r.code, "name": r.name, "level": r.level, "households": r.households, "visited": r.visited,
            "rate": None if r.rate is None else round(r.rate, 4), "met": r.met}


def cmd_visits(args: argparse.Namespace) -> int:
    from gridapp.services.visits import VisitInput, parse_period, today_local

    if args.visits_command in ("import", "export"):
        return _ledger_command(args, "visits", args.visits_command)
    vc = args.visits_command
    if vc == "coverage":
        if (args.date_from is None) != (args.date_to is None):
            raise UsageError("--from 和 --to 要一起给出")
        if args.period and args.date_from is not None:
            raise UsageError("--period 与 --from/--to 只能选一种")
        if args.date_from is not None:
            start, end = args.date_from, args.date_to
        else:
            try:
                start, end = parse_period(args.period or f"{today_local():%Y-%m}")
            except GridappError as exc:
                raise UsageError(exc.message) from exc
    session = _session(args)
    try:
        svc = session.visits()
        if vc == "add":
            vid = svc.record(VisitInput(args.household, args.date, args.present, args.content, args.issues,
                                        args.handling))
            v = svc.get(vid)
            _out(args, _visit_dict(v), f"已登记走访：{v.visit_date} {v.address}（户主 {v.head_name or '—'}），"
                                       f"在户 {v.present} 人，走访人 {v.visitor_name}")
        elif vc == "correct":
            old = svc.get(args.id)
            vid = svc.correct(args.id, VisitInput(
                old.household_id, args.date or old.visit_date, old.present if args.present is None else args.present,
                old.content if args.content is None else args.content,
                old.issues if args.issues is None else args.issues,
                old.handling if args.handling is None else args.handling))
            v = svc.get(vid)
            _out(args, _visit_dict(v), f"已更正走访：{v.visit_date} {v.address}，新记录 id {v.id}")
        elif vc == "delete":
            v = svc.get(args.id)
            svc.delete(args.id)
            _out(args, {"id": v.id, "deleted": True}, f"已作废走访记录：{v.visit_date} {v.address}")
        elif vc == "list":
            rows = svc.list_visits(args.grid, date_from=args.date_from, date_to=args.date_to)
            _out(args, {"count": len(rows), "visits": [_visit_dict(v) for v in rows]},
                 "\n".join(f"{v.visit_date}\t{v.unit_code}\t{v.address}\t{v.head_name or '—'}\t在户{v.present}人\t"
                           f"{v.visitor_name}\t{v.content}" + (f"\t诉求：{v.issues}" if v.issues else "")
                           + (f"\t处理：{v.handling}" if v.handling else "") for v in rows) or "没有走访记录。")
        elif vc == "coverage":
            cov = svc.coverage(args.unit, start, end)
            rows = [*cov.grids, *cov.communities, cov.total]
            lines = [f"入户走访率 {cov.period_start} 至 {cov.period_end}（目标 {cov.target:.0%}）"]
            lines += [f"  {r.code}\t{r.name}\t已走访 {r.visited}/{r.households} 户\t{r.rate_text}"
                      + ("\t达标" if r.met else "") for r in rows]
            _out(args, {"unit_code": cov.unit_code, "from": start.isoformat(), "to": end.isoformat(),
                        "target": cov.target, "grids": [_row_dict(r) for r in cov.grids],
                        "communities": [_row_dict(r) for r in cov.communities], "total": _row_dict(cov.total)},
                 "\n".join(lines))
        else:
            items = svc.due(args.unit)
            _out(args, {"count": len(items), "due": [
                {"household_id": d.household_id, "grid": d.unit_code, "address": d.address, "head": d.head_name,
                 "interval": "monthly" if d.monthly else "half-yearly", "reason": d.reason,
                 "last_visit": d.last_visit.isoformat() if d.last_visit else None,
                 "due_on": d.due_on.isoformat() if d.due_on else None, "days_overdue": d.days_overdue}
                for d in items]},
                "\n".join(f"{d.address}\t{d.head_name or '—'}\t{d.reason}（{d.interval_text}）\t"
                          f"上次 {d.last_visit or '从未走访'}\t"
                          + ("从未走访" if d.days_overdue is None else f"逾期 {d.days_overdue} 天")
                          for d in items) or "没有应走访的户。")
    finally:
        session.close()
    return EXIT_OK


def _task_line(v) -> str:
    done = f"\t{v.done_on} {v.done_by}" if v.done_on else ""
    return f"{v.id}\t{v.unit_code}\t{v.title}\t{v.period_key or '按需'}\t截止 {v.due_date}\t{v.status_label}{done}"


def cmd_tasks(args: argparse.Namespace) -> int:
    tc = args.tasks_command
    session = _session(args)
    try:
        svc = session.tasks()
        if tc == "generate":
            r = svc.generate(args.unit, args.on)
            _out(args, r.as_dict(), f"已生成 {r.created} 项任务，已有 {r.existing} 项（{r.grids} 个网格）")
        elif tc == "add" and not args.item:
            items = svc.on_demand_items(args.grid)
            _out(args, {"count": len(items), "items": [{"id": i.id, "name": i.name, "department": i.department,
                                                        "deadline_days": i.deadline_days} for i in items]},
                 "\n".join(f"{i.id}  {i.name}（{i.department}）" for i in items)
                 or f"网格 {args.grid} 今天没有有效的按需事项，不能派发任务。")
        elif tc == "add":
            v = svc.get(svc.create(args.item, args.grid, args.title, args.due))
            _out(args, v.as_dict(), f"已派发：{v.title}（{v.unit_code}，截止 {v.due_date}）")
        elif tc == "list":
            rows = svc.list(args.grid, args.status)
            _out(args, {"count": len(rows), "tasks": [v.as_dict() for v in rows]},
                 "\n".join(_task_line(v) for v in rows) or "没有任务。")
        else:
            svc.complete(args.id, args.note)
            v = svc.get(args.id)
            _out(args, v.as_dict(), f"已办结：{v.title}（{v.unit_code}，{v.period_key or '按需'}）")
    finally:
        session.close()
    return EXIT_OK


def _dispute_dict(d) -> dict:
    return {"id": d.id, "number": d.number, "grid": d.unit_code, "name": d.name, "date": d.occurred_on.isoformat(),
            "place": d.place, "scale": d.scale, "category": d.category, "category_label": d.category_label,
            "people": d.people, "summary": d.summary, "parties": d.parties, "status": d.status,
            "status_label": d.status_label, "deadline": d.deadline.isoformat(), "method": d.method,
            "resolver_org": d.resolver_org, "resolver": d.resolver, "resolver_phone": d.resolver_phone,
            "success": d.success, "outcome": d.outcome,
            "resolved_on": d.resolved_on.isoformat() if d.resolved_on else None,
            "escalated_on": d.escalated_on.isoformat() if d.escalated_on else None,
            "evaluated_on": d.evaluated_on.isoformat() if d.evaluated_on else None, "evaluation": d.evaluation,
            "overdue": d.overdue, "first_handling": d.first_handling,
            "supervisions": [{"unit": s.sv_unit, "person": s.sv_person, "date": s.sv_on.isoformat(),
                              "opinion": s.opinion} for s in d.supervisions]}


def _dispute_line(d) -> str:
    return (f"{d.number}\t{d.occurred_on}\t{d.name}\t{d.category_label}\t{d.scale_label}\t{d.people}人\t"
            f"{d.status_label}\t时限 {d.deadline}" + ("\t逾期" if d.overdue else ""))


def cmd_disputes(args: argparse.Namespace) -> int:
    from gridapp.services.disputes import DisputeInput, parse_period
    from gridapp.services.visits import today_local

    if args.disputes_command in ("import", "export"):
        return _ledger_command(args, "disputes", args.disputes_command)
    dc = args.disputes_command
    if dc == "summary":
        period = args.period or f"{today_local():%Y}"
        try:
            start, end = parse_period(period)
        except GridappError as exc:
            raise UsageError(exc.message) from exc
    session = _session(args)
    try:
        svc = session.disputes()
        if dc == "add":
            did = svc.register(DisputeInput(args.name, args.date, args.place, args.category, args.scale, args.people,
                                            args.summary, args.parties, args.deadline, args.grid))
            d = svc.get(did)
            _out(args, _dispute_dict(d), f"已登记矛盾纠纷：{_dispute_line(d)}\nid {d.id}")
        elif dc == "list":
            rows = svc.list_disputes(args.unit, status=args.status, overdue=args.overdue)
            _out(args, {"count": len(rows), "disputes": [_dispute_dict(d) for d in rows]},
                 "\n".join(_dispute_line(d) for d in rows) or "没有矛盾纠纷记录。")
        elif dc == "resolve":
            svc.resolve(args.id, success=args.success, method=args.how, outcome=args.outcome, on=args.on)
            d = svc.get(args.id)
            _out(args, _dispute_dict(d), f"已登记化解结果：{_dispute_line(d)}")
        elif dc in ("mediate", "escalate", "supervise", "evaluate"):
            if dc == "mediate":
                svc.start_mediation(args.id, method=args.how, org=args.org, person=args.person, phone=args.phone)
            elif dc == "escalate":
                svc.escalate(args.id, args.reason, on=args.on)
            elif dc == "supervise":
                svc.supervise(args.id, args.opinion, on=args.on)
            else:
                svc.evaluate(args.id, args.opinion, on=args.on)
            d = svc.get(args.id)
            done = {"mediate": "已开始调解", "escalate": "已上报", "supervise": "已督办", "evaluate": "已考评"}[dc]
            _out(args, _dispute_dict(d), f"{done}：{_dispute_line(d)}")
        else:
            m = svc.summary(args.unit, (start, end))
            lines = [f"矛盾纠纷 {m.period_start} 至 {m.period_end}：共 {m.total} 件",
                     "  按状态：" + "，".join(f"{codes.DISPUTE_STATUS[k]} {v}" for k, v in m.by_status.items()),
                     "  按类别：" + ("，".join(f"{codes.DISPUTE_CATEGORY[k]} {v}" for k, v in m.by_category.items())
                                   or "—"),
                     f"  化解率 {m.pct(m.resolved_rate)}（{m.resolved}/{m.total}）",
                     f"  一次性化解率 {m.pct(m.first_handling_rate)}（{m.first_handling}/{m.handled}），"
                     f"目标 {m.target:.0%}" + {True: "，达标", False: "，未达标", None: ""}[m.target_met],
                     f"  逾期未化解 {m.overdue} 件"]
            rate = m.resolved_rate
            first = m.first_handling_rate
            _out(args, {"unit_code": m.unit_code, "from": start.isoformat(), "to": end.isoformat(), "total": m.total,
                        "by_category": m.by_category, "by_status": m.by_status, "resolved": m.resolved,
                        "resolved_rate": None if rate is None else round(rate, 4), "handled": m.handled,
                        "first_handling": m.first_handling,
                        "first_handling_rate": None if first is None else round(first, 4),
                        "target": m.target, "target_met": m.target_met, "overdue": m.overdue}, "\n".join(lines))
    finally:
        session.close()
    return EXIT_OK


def _project_dict(v) -> dict:
    return {"id": v.id, "unit": v.unit_code, "unit_name": v.unit_name, "kind": v.kind, "kind_label": v.kind_label,
            "title": v.title, "date": v.held_on.isoformat(), "place": v.place, "participants": v.participants,
            "content": v.content, "outcome": v.outcome, "responsible": v.responsible, "recorded_by": v.recorded_by,
            "convention_text": v.convention_text, "adoption": v.adoption, "meeting_form": v.meeting_form,
            "meeting_form_label": v.meeting_form_label, "topic": v.topic, "decision": v.decision,
            "service_type": v.service_type, "service_type_label": v.service_type_label, "served": v.served,
            "dispute_id": v.dispute_id, "dispute_number": v.dispute_number, "hazards_found": v.hazards_found,
            "hazards_fixed": v.hazards_fixed, "person_name": v.person_name, "deeds": v.deeds,
            "household_id": v.household_id, "household_address": v.household_address, "motto": v.motto,
            "replaces": v.replaces}


def _project_line(v) -> str:
    extra = "，".join(f"{label} {text}" for label, text in v.details() if len(text) <= 30)
    people = "" if v.participants is None else f"\t{v.participants}人"
    return f"{v.held_on}\t{v.kind_label}\t{v.unit_name}\t{v.title}{people}\t负责人 {v.responsible}" + (
        f"\t{extra}" if extra else "")


def _project_period(args: argparse.Namespace, *, default_year: bool) -> tuple[dt.date | None, dt.date | None]:
    if args.year is not None and (args.date_from or args.date_to):
        raise UsageError("--year 与 --from/--to 只能选一种")
    if args.year is not None:
        if not 2000 <= args.year <= 2100:
            raise UsageError(f"年度 {args.year} 不合理")
        return dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    start, end = args.date_from, args.date_to
    if start and end and end < start:
        raise UsageError(f"截止日期 {end} 早于起始日期 {start}")
    if default_year and start is None and end is None:
        from gridapp.services.visits import today_local

        year = today_local().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return start, end


def cmd_projects(args: argparse.Namespace) -> int:
    from gridapp.services.projects import ProjectInput

    if args.projects_command in ("import", "export"):
        return _ledger_command(args, "projects", args.projects_command)
    pc = args.projects_command
    if pc in ("list", "summary"):
        start, end = _project_period(args, default_year=pc == "summary")
    session = _session(args)
    try:
        svc = session.projects()
        if pc == "add":
            pid = svc.record(ProjectInput(
                args.kind, args.title, args.date, args.content, args.responsible, args.unit, args.place,
                args.participants, args.outcome, args.convention_text, args.adoption, args.meeting_form, args.topic,
                args.decision, args.service_type, args.served, args.dispute, args.hazards_found, args.hazards_fixed,
                args.person, args.deeds, args.household, args.motto), recorder=os_user())
            v = svc.get(pid)
            _out(args, _project_dict(v), f"已登记八小工程：{_project_line(v)}\nid {v.id}")
        elif pc == "correct":
            v = svc.get(args.id)

            def keep(arg: str, attr: str) -> object:  # the given value, else the record's
                given = getattr(args, arg)
                return getattr(v, attr) if given is None else given

            pid = svc.correct(args.id, ProjectInput(
                v.kind, keep("title", "title"), keep("date", "held_on"), keep("content", "content"),
                keep("responsible", "responsible"), v.unit_code, keep("place", "place"),
                keep("participants", "participants"), keep("outcome", "outcome"),
                keep("convention_text", "convention_text"), keep("adoption", "adoption"),
                keep("meeting_form", "meeting_form"), keep("topic", "topic"), keep("decision", "decision"),
                keep("service_type", "service_type"), keep("served", "served"), keep("dispute", "dispute_id"),
                keep("hazards_found", "hazards_found"), keep("hazards_fixed", "hazards_fixed"),
                keep("person", "person_name"), keep("deeds", "deeds"), keep("household", "household_id"),
                keep("motto", "motto")), recorder=os_user())
            new = svc.get(pid)
            _out(args, _project_dict(new), f"已更正八小工程：{_project_line(new)}\n新版本 id {new.id}")
        elif pc == "remove":
            v = svc.get(args.id)
            svc.remove(args.id, args.reason)
            _out(args, {"id": v.id, "removed": True, "reason": args.reason},
                 f"已删除八小工程记录：{v.held_on} {v.title}（原因：{args.reason}）")
        elif pc == "list":
            rows = svc.list_projects(args.unit, kind=args.kind, date_from=start, date_to=end)
            _out(args, {"count": len(rows), "projects": [_project_dict(v) for v in rows]},
                 "\n".join(_project_line(v) for v in rows) or "没有八小工程记录。")
        else:
            m = svc.summary(args.unit, (start or dt.date(2000, 1, 1), end or dt.date(2100, 12, 31)))

            def row(r) -> dict:
                return {"unit": r.code, "name": r.name, "by_kind": r.counts, "total": r.total,
                        "participants": r.participants, "served": r.served, "hazards_found": r.hazards_found,
                        "hazards_fixed": r.hazards_fixed}

            def line(r) -> str:
                kinds = "，".join(f"{codes.SMALL_PROJECT_KIND[k]} {n}" for k, n in r.counts.items() if n) or "—"
                return (f"{r.name}：共 {r.total} 件（{kinds}）；参与 {r.participants} 人次，服务 {r.served} 人，"
                        f"隐患发现 {r.hazards_found} 处、整改 {r.hazards_fixed} 处")

            text = [f"八小工程 {m.period_start} 至 {m.period_end}"] + [f"  {line(r)}" for r in m.rows] + [line(m.total)]
            _out(args, {"unit_code": m.unit_code, "from": m.period_start.isoformat(), "to": m.period_end.isoformat(),
                        "units": [row(r) for r in m.rows], "total": row(m.total)}, "\n".join(text))
    finally:
        session.close()
    return EXIT_OK


def _ranking_text(m) -> str:
    v = m.scheme
    head = (f"{v.unit_name} {v.name}（{v.period}，{v.target_label}，满分 {v.max_total:g}）"
            + (f" 第 {m.version} 版，{m.published_on} 由{m.published_by}发布" if m.version else f" 草稿，按 {m.as_of} 的数据"))
    lines = [head, "名次\t编码\t名称\t总分\t" + "\t".join(i.name for i in v.indicators) + "\t结果"]
    for r in m.rows:
        cells = ["—" if (c := r.cell(i.key)) is None or c.score is None else f"{c.score:g}" for i in v.indicators]
        result = "、".join(r.outcome_labels) + ("（负面清单）" if r.negative_list else "")
        lines.append(f"{r.rank}\t{r.code}\t{r.name}\t{r.total:g}\t" + "\t".join(cells) + f"\t{result or '—'}")
    return "\n".join(lines + m.notes)


def cmd_assessment(args: argparse.Namespace) -> int:
    from gridapp.services.assessment import SchemeInput, default_indicators, default_rule

    ac = args.assessment_command
    session = _session(args)
    try:
        svc = session.assessment()
        if ac == "schemes":
            rows = svc.schemes(args.period)
            _out(args, {"count": len(rows), "schemes": [v.as_dict() for v in rows]},
                 "\n".join(f"{v.id}\t{v.period}\t{v.unit_name}\t{v.name}\t考核{v.target_label}\t"
                           f"已发布 {v.versions} 版" for v in rows) or "没有考核方案。")
        elif ac == "create":
            rule = default_rule(args.level)
            if args.top is not None:
                rule = replace(rule, top_n=args.top)
            if args.bottom is not None:
                rule = replace(rule, bottom_n=args.bottom)
            sid = svc.create_scheme(SchemeInput(args.name, args.period, args.level, default_indicators(args.level), rule))
            v = svc.get(sid)
            _out(args, v.as_dict(), f"已建立考核方案：{v.name}（{v.period}，考核{v.target_label}）\nid {v.id}\n"
                                    f"规则：{v.rule.describe()}")
        elif ac == "score":
            svc.set_score(args.scheme, args.target, args.indicator, args.score)
            v = svc.get(args.scheme)
            ind = v.indicator(args.indicator)
            _out(args, {"scheme": v.id, "target": args.target, "indicator": ind.key, "name": ind.name,
                        "score": round(args.score, 1)},
                 f"已评分：{args.target} {ind.name} {round(args.score, 1):g}/{ind.max:g}")
        elif ac == "incident":
            svc.set_incident(args.scheme, args.target, not args.clear, args.note)
            m = svc.rank(args.scheme)
            row = next((r for r in m.rows if r.code == args.target), None)
            _out(args, {"scheme": args.scheme, "target": args.target, "flagged": not args.clear,
                        "note": args.note, "outcomes": list(row.outcomes) if row else []},
                 (f"已取消重大问题标记：{args.target}" if args.clear else f"已标记重大问题：{args.target}（{args.note}）")
                 + (f"；草稿结果：{'、'.join(row.outcome_labels) or '无'}" if row else ""))
        elif ac == "rank":
            if args.result_version is not None and not args.published:
                raise UsageError("--result-version 只与 --published 一起使用")
            m = svc.result(args.scheme, args.result_version) if args.published else svc.rank(args.scheme)
            _out(args, m.as_dict(), _ranking_text(m))
        else:
            version = svc.publish(args.scheme, args.note)
            m = svc.result(args.scheme, version)
            _out(args, m.as_dict(), f"已发布第 {version} 版：\n{_ranking_text(m)}")
    finally:
        session.close()
    return EXIT_OK


def _unit_dict(u, people) -> dict:
    return {"code": u.code, "name": u.name, "level": u.level.value, "parent_code": u.parent_code,
            "grid_type": u.grid_type, "planned_households": u.planned_households,
            "status": "retired" if u.retired else "active", "retired_on": u.retired_on,
            "successor_code": u.successor_code, "owner": u.owner,
            "people": [{"id": a.id, "duty": a.duty, "duty_label": a.duty_label, "name": a.person_name,
                        "username": a.username, "start_on": a.start_on} for a in people]}


def _unit_line(u, people) -> str:
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


def cmd_units(args: argparse.Namespace) -> int:
    uc = args.units_command
    session = _session(args)
    try:
        units = session.units
        if uc == "list":
            rows = units.list(include_retired=not args.current)
            people: dict[str, list] = {}
            for a in units.assignments():
                people.setdefault(a.unit_code, []).append(a)
            _out(args, {"units": [_unit_dict(u, people.get(u.code, [])) for u in rows]},
                 "\n".join(_unit_line(u, people.get(u.code, [])) for u in rows) or "没有单位。")
            return EXIT_OK
        if uc in ("add", "rename", "edit", "retire", "move"):
            if uc == "add":
                if len(args.parent) == Level.COMMUNITY.digits and args.type is None:
                    raise ValidationError("增设网格须用 --type 写明网格类型（urban 城市、rural 农村、dedicated 专属）。",
                                          field="网格类型")
                u = units.add(args.code, args.name, parent=args.parent, grid_type=args.type,
                              planned_households=args.households)
                text = f"已增设{u.level.label_zh}“{u.name}”（{u.code}）"
            elif uc == "rename":
                u = units.rename(args.code, args.name)
                text = f"已更名为“{u.name}”（{u.code}）"
            elif uc == "edit":
                u = units.update(args.code, name=args.name, grid_type=args.type, planned_households=args.households)
                text = f"已修改“{u.name}”（{u.code}）"
            elif uc == "retire":
                u = units.retire(args.code, args.on)
                text = f"已撤销“{u.name}”（{u.code}），撤销日期 {u.retired_on}；其记录全部保留"
            else:
                u = units.move(args.code, args.to, args.new_code)
                text = (f"已将网格“{u.name}”迁到 {u.parent_code} 下，新编码 {u.code}；原网格 {args.code} 已撤销，"
                        f"其记录保留在原编码下")
            note = household_guidance(u.planned_households) if uc in ("add", "edit") else None
            _out(args, {**_unit_dict(u, units.assignments(u.code)), "note": note}, text + (f"\n提示：{note}" if note else ""))
            return EXIT_OK
        if uc == "assign":
            a = units.assign(args.code, args.duty, username=args.assign_user, person_name=args.person, on=args.on)
            _out(args, {"id": a.id, "unit_code": a.unit_code, "duty": a.duty, "name": a.person_name,
                        "username": a.username, "start_on": a.start_on},
                 f"已指派 {a.person_name} 为 {a.unit_code} 的{a.duty_label}（编号 {a.id}）")
            return EXIT_OK
        a = units.unassign(args.id, args.on)
        _out(args, {"id": a.id, "end_on": a.end_on}, f"{a.person_name}已于 {a.end_on} 离任{a.duty_label}")
        return EXIT_OK
    finally:
        session.close()


def _sg_dict(v, name: str = "", unit: str = "") -> dict:
    return {"id": v.id, "resident_id": v.resident_id, "name": name, "unit_code": unit, "group": v.group,
            "category": v.category, "category_label": v.category_label, "offense": v.offense,
            "start_date": v.start_date, "end_date": v.end_date, "note": v.note}


def cmd_special_groups(args: argparse.Namespace) -> int:
    cmd = args.sg_command
    session = _session(args)
    try:
        groups = session.registry().special_groups()
        if cmd == "list":
            rid = groups.resident_id(args.resident) if args.resident else None
            rows = groups.list(group=args.group, active_only=args.active, resident_id=rid)
            _out(args, {"records": [_sg_dict(v, n, u) for v, n, u in rows]},
                 "\n".join(f"{v.id}\t{u}\t{n}\t{v.group}\t{v.category_label}\t{v.start_date}\t"
                           + (str(v.end_date) if v.end_date else "未解除") for v, n, u in rows) or "没有记录。")
            return EXIT_OK
        if cmd == "add":
            rid = groups.resident_id(args.resident)
            new_id = groups.add(rid, args.group, start_date=args.start, category=args.category, offense=args.offense,
                                note=args.note)
            _out(args, {"id": new_id, "resident_id": rid, "group": args.group},
                 f"已登记特殊人群记录（{args.group}），编号 {new_id}")
            return EXIT_OK
        if cmd == "edit":
            changes = {k: v for k, v in (("start_date", args.start), ("category", args.category),
                                         ("offense", args.offense), ("note", args.note)) if v is not None}
            if not changes:
                raise UsageError("请至少给出一项要修改的内容（--start --category --offense --note）")
            changed = groups.update(args.id, changes)
            _out(args, {"id": args.id, "changed": changed}, "已修改。" if changed else "没有变化。")
            return EXIT_OK
        on = args.on or dt.date.today()
        groups.end(args.id, on)
        _out(args, {"id": args.id, "end_date": on}, f"已解除，解除日期 {on}")
        return EXIT_OK
    finally:
        session.close()


COMMANDS = {"init": cmd_init, "units": cmd_units, "special-groups": cmd_special_groups, "residents": cmd_residents, "demo": cmd_demo, "stats": cmd_stats, "check": cmd_check,
            "backup": cmd_backup, "restore": cmd_restore, "users": cmd_users, "audit": cmd_audit, "report": cmd_report,
            "sync": cmd_sync, "affairs": cmd_affairs, "visits": cmd_visits,
            "tasks": cmd_tasks, "disputes": cmd_disputes,
            "projects": cmd_projects, "assessment": cmd_assessment}


OUTPUT_ARGS = ("out", "errors")  # every option or argument that names a file the command writes


def output_path_problem(path: Path) -> str | None:
    """Why `path` cannot be written (in Chinese, naming it), or None. Checked before any work is done."""
    folder = path.parent
    if path.is_dir():
        return f"输出路径“{path}”是一个文件夹，请给出文件名。"
    if not folder.exists():
        return f"无法写入“{path}”：文件夹“{folder}”不存在。请先建立该文件夹，或换一个路径。"
    if not folder.is_dir():
        return f"无法写入“{path}”：“{folder}”不是文件夹。"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"无法写入“{path}”：没有写入文件夹“{folder}”的权限。"
    if path.exists() and not os.access(path, os.W_OK):
        return f"无法写入“{path}”：该文件只读或没有写入权限。"
    return None


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse a command whose output file cannot be written, before it logs in or does any work."""
    for name in OUTPUT_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, Path):
            problem = output_path_problem(value)
            if problem:
                raise ValidationError(problem)


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

    notices.set_listener(lambda text: print(text, file=sys.stderr, flush=True))
    try:
        check_output_paths(args)
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
    except OSError as exc:  # a file that could not be read or written, found only while working
        where = f"“{exc.filename}”" if exc.filename else ""
        print(f"错误：无法读写文件{where}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
