"""Roles, permissions and the signed-in user (`Principal`): the permission table as data, stdlib only.

Every service that reads or writes personal data takes a `Principal` and calls `require()` (role may do it,
session not expired) and checks the target's unit against `principal.unit_code` (scope = subtree).
The GUI asks `may()` to hide what a role cannot do; the service refuses it anyway.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field

from .errors import AuthError, PermissionDenied, ScopeError
from .orgcode import is_within


class Role(str, enum.Enum):
    GRID_WORKER = "grid_worker"
    GRID_CHIEF = "grid_chief"
    POLICE = "police"
    OFFICE = "office"
    DEPARTMENT = "department"
    VIEWER = "viewer"
    ADMIN = "admin"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.GRID_WORKER: "网格员", Role.GRID_CHIEF: "网格长", Role.POLICE: "社区民警",
    Role.OFFICE: "综治中心工作人员", Role.DEPARTMENT: "部门（事项申请）", Role.VIEWER: "领导（只读）",
    Role.ADMIN: "系统管理员",
}


class Perm(str, enum.Enum):
    READ = "read"  # residents, households, buildings (masked)
    EDIT = "edit"  # create and change registry records
    APPROVE = "approve"  # admit affair items, approve records
    EXPORT = "export"  # ledgers, reports, audit export (masked by default)
    REVEAL = "reveal"  # show one full ID or phone number (logged)
    SENSITIVE = "sensitive"  # special-group categories, religion, political views (PIPL Art. 28)
    IMPORT = "import"  # bulk import, demo data
    STATS = "stats"  # counts per unit
    APPLY = "apply"  # apply for an affair item's admission
    MANAGE_UNITS = "manage_units"
    MANAGE_USERS = "manage_users"
    AUDIT = "audit"  # view, verify and export the audit log
    BACKUP = "backup"  # make and restore backups
    SYNC = "sync"  # enrol peers, write and import sync packages (for the whole installation)
    VISIT = "visit"  # record, correct and delete household visits (入户走访)
    DISPUTE = "dispute"  # register disputes and record their mediation and resolution (矛盾纠纷)
    SUPERVISE = "supervise"  # supervise (督办) and evaluate (考评) disputes: offices above the grid
    PROJECT = "project"  # record, correct and remove 八小工程 records (small projects) in the user's unit
    ASSESS = "assess"  # own unit's assessment schemes: create, score, publish (考核评分)
    EVENT = "event"  # report events and handle what is dispatched to the user's unit (事件上报、处置)
    EVENT_OFFICE = "event_office"  # accept, return, dispatch, escalate, verify and close events (事件受理、交办、结案)
    INDICATOR = "indicator"  # enter the figures the plan's indicators need (警力, 命案, 满意度调查)

    @property
    def label_zh(self) -> str:
        return PERM_LABELS[self]


PERM_LABELS = {
    Perm.READ: "查看居民信息", Perm.EDIT: "修改居民信息", Perm.APPROVE: "审核批准", Perm.EXPORT: "导出",
    Perm.REVEAL: "查看完整证件号和电话", Perm.SENSITIVE: "查看敏感个人信息", Perm.IMPORT: "导入数据",
    Perm.STATS: "查看统计", Perm.APPLY: "申请事项准入", Perm.MANAGE_UNITS: "管理单位",
    Perm.MANAGE_USERS: "管理用户", Perm.AUDIT: "查看审计日志", Perm.BACKUP: "备份与恢复",
    Perm.SYNC: "同步", Perm.VISIT: "登记入户走访", Perm.DISPUTE: "登记化解矛盾纠纷", Perm.SUPERVISE: "督办考评矛盾纠纷",
    Perm.PROJECT: "登记八小工程",
    Perm.ASSESS: "考核评分",
    Perm.EVENT: "上报和处置事件", Perm.EVENT_OFFICE: "受理交办和结案事件",
    Perm.INDICATOR: "录入指标数据",
}

P = Perm
# The permission table. Minimum necessary (PIPL Art. 6): the administrator manages users, backups and the
# audit log but does not see full numbers or special-group categories.
PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.GRID_WORKER: frozenset({P.READ, P.EDIT, P.EXPORT, P.REVEAL, P.IMPORT, P.STATS, P.SYNC, P.DISPUTE, P.PROJECT,
                                 P.EVENT}),
    Role.GRID_CHIEF: frozenset({P.READ, P.EDIT, P.APPROVE, P.EXPORT, P.REVEAL, P.SENSITIVE, P.IMPORT, P.STATS,
                                P.SYNC, P.DISPUTE, P.PROJECT, P.ASSESS, P.EVENT, P.EVENT_OFFICE}),
    Role.POLICE: frozenset({P.READ, P.EXPORT, P.REVEAL, P.SENSITIVE, P.STATS, P.VISIT, P.EVENT, P.INDICATOR}),
    Role.OFFICE: frozenset({P.READ, P.EDIT, P.APPROVE, P.EXPORT, P.REVEAL, P.SENSITIVE, P.IMPORT, P.STATS,
                            P.MANAGE_UNITS, P.AUDIT, P.SYNC, P.VISIT, P.DISPUTE, P.SUPERVISE, P.PROJECT,
                            P.ASSESS, P.EVENT, P.EVENT_OFFICE, P.INDICATOR}),
    Role.DEPARTMENT: frozenset({P.APPLY, P.STATS, P.EVENT}),
    Role.VIEWER: frozenset({P.READ, P.EXPORT, P.STATS}),
    Role.ADMIN: frozenset({P.READ, P.STATS, P.IMPORT, P.MANAGE_UNITS, P.MANAGE_USERS, P.AUDIT, P.BACKUP,
                           P.EXPORT, P.SYNC}),
}

# Minutes of inactivity after which a signed-in session must log in again.
SESSION_TIMEOUT_S = 30 * 60


@dataclass
class Principal:
    """The signed-in user, as the services see it: who, which role, which unit's subtree."""

    user_id: str
    username: str
    role: Role
    unit_code: str
    display_name: str = ""
    must_change_password: bool = False  # an administrator set the password: the user must choose one first
    timeout_s: float = SESSION_TIMEOUT_S
    last_active: float = field(default_factory=time.monotonic)
    clock: object = field(default=time.monotonic, repr=False, compare=False)
    is_system: bool = False  # the installation acting for itself (see `system`)

    @classmethod
    def system(cls, unit_code: str, name: str = "system") -> Principal:
        """The installation acting for itself (demo data, sync, maintenance, tests) within `unit_code`: every
        act allowed, never expires, not audited by the services (a person's acts are); `name` is the name its
        acts carry (e.g. the demo's people), "system" otherwise."""
        return cls(user_id="", username=name, role=Role.ADMIN, unit_code=unit_code, is_system=True)

    def may(self, perm: Perm) -> bool:
        return self.is_system or perm in PERMISSIONS[self.role]

    @property
    def expired(self) -> bool:
        return not self.is_system and self.clock() - self.last_active > self.timeout_s  # type: ignore[operator]

    def touch(self) -> None:
        """Check the session is still alive and mark activity now."""
        if self.expired:
            raise AuthError("登录已超时（长时间未操作），请重新登录。")
        self.last_active = self.clock()  # type: ignore[operator]

    def require(self, perm: Perm) -> None:
        self.touch()
        if not self.may(perm):
            raise PermissionDenied(
                f"当前用户“{self.username}”（{self.role.label_zh}）没有“{perm.label_zh}”的权限。")

    def covers(self, unit_code: str) -> bool:
        return is_within(unit_code, self.unit_code)

    def require_scope(self, unit_code: str, what: str = "该记录") -> None:
        if not self.covers(unit_code):
            raise ScopeError(f"{what}（{unit_code}）不在您的管辖范围 {self.unit_code} 内。")


# Special groups (特殊人群, DOMAIN.md): sensitive personal information (PIPL Art. 28) that only roles with
# Perm.SENSITIVE may see. The registry's tags and special-group records filter through `visible_tags`.
SENSITIVE_GROUPS = frozenset({
    "刑满释放", "社区矫正", "严重精神障碍", "吸毒", "艾滋病危险人员", "重点青少年", "留守人员",
})
# Resident fields shown only with Perm.SENSITIVE: religion, and political views (政治面貌: it states party
# membership, which the party network keeps behind the same permission — PIPL Art. 28). Shown masked as
# SENSITIVE_MASK (the mask reads the same whether or not there is a value, so it tells nothing).
SENSITIVE_FIELDS = frozenset({"religion", "political_status"})
SENSITIVE_MASK = "（无权查看）"
# Care tags that state a sensitive field: the 党员 tag says what 政治面貌 and the party membership hide.
SENSITIVE_CARE_TAGS = frozenset({"党员"})
SENSITIVE_TAGS = SENSITIVE_GROUPS | SENSITIVE_CARE_TAGS  # tags seen, set and filtered by only with Perm.SENSITIVE


def visible_tags(principal: Principal, tags: list[str]) -> list[str]:
    """The tags this user may see: special-group tags and the sensitive care tags (党员) are dropped without
    Perm.SENSITIVE."""
    if principal.may(Perm.SENSITIVE):
        return list(tags)
    return [t for t in tags if t not in SENSITIVE_TAGS]
