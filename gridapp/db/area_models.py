"""The models a start has no use for: the areas' records, the resident tags and special groups, the sync bookkeeping.

Mapped when first named (gridapp.db.models' `__getattr__`, `SYNCED_MODELS`, `map_all`): the desktop reaches its
usable window with the tables of gridapp.db.models alone, and SQLAlchemy's mapping of these (four fifths of the
columns) no longer delays every start. Import them from gridapp.db.models, as before; the conventions there
(SyncedMixin, no `from __future__ import annotations`) hold here too.
"""

# No `from __future__ import annotations` (see gridapp.db.models).
import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, SyncedMixin


class ResidentTag(SyncedMixin, Base):
    """A care tag or special-group flag on a resident (重点人群/特殊人群/关爱对象). Removing a tag is a
    tombstone. Special-group tags (SENSITIVE_GROUPS) are shown only to roles with Perm.SENSITIVE."""

    __tablename__ = "resident_tag"
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    tag: Mapped[str] = mapped_column(String(20), index=True)
    since: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))


class SpecialGroupRecord(SyncedMixin, Base):
    """A resident's membership of a special group (特殊人群: 刑满释放, 社区矫正, ...) with the group's key
    fields: sensitive personal information (PIPL Art. 28), read and written only with Perm.SENSITIVE.

    `category` is coded by the group's own code table (codes.SPECIAL_GROUPS). An active record (no
    `end_date`) implies the resident's special-group tag of the same name; the service keeps the two together.
    """

    __tablename__ = "special_group_record"
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    group_name: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(2))
    offense: Mapped[str | None] = mapped_column(String(100))  # 原罪名 (刑满释放, 社区矫正)
    start_date: Mapped[dt.date] = mapped_column(Date)  # 起始日期 (释放日期, 矫正起始日期, ...)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # 解除日期
    note: Mapped[str | None] = mapped_column(String(500))


class AffairItem(SyncedMixin, Base):
    """An item of a grid body's affair list (网格事务清单) and its place in the admission workflow
    (工作事项准入): applied → reviewed → published → admitted → adjusted / withdrawn, or rejected.

    `unit_code` is the town or community whose grid body admits it; only that unit writes it (sync kind 3:
    a change from below is refused), it travels down to the grids below and up to the levels above.
    An item is in force from `in_force_from` to `in_force_to` (both inclusive; `in_force_to` is null while
    open-ended): admission sets the start, a temporary item's period, a withdrawal or an adjustment taking
    effect set the end. An adjustment is a new item (`replaces_id`) that runs the workflow while the old one
    stays in force.
    """

    __tablename__ = "affair_item"
    name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100))
    basis: Mapped[str | None] = mapped_column(Text)  # 法律/政策依据
    duty: Mapped[str | None] = mapped_column(Text)  # 网格员职责
    frequency: Mapped[str | None] = mapped_column(String(2))  # codes.AFFAIR_FREQUENCY
    deadline_days: Mapped[int | None] = mapped_column(Integer)  # 办理时限（天）
    required_data: Mapped[str | None] = mapped_column(Text)  # 所需数据
    temporary: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)  # 临时事项有效期
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), index=True)  # codes.AFFAIR_STATUS
    opinion: Mapped[str | None] = mapped_column(Text)  # 审核意见 / 驳回理由
    publicity_from: Mapped[dt.date | None] = mapped_column(Date)  # 公示起止
    publicity_to: Mapped[dt.date | None] = mapped_column(Date)
    in_force_from: Mapped[dt.date | None] = mapped_column(Date)
    in_force_to: Mapped[dt.date | None] = mapped_column(Date)
    replaces_id: Mapped[str | None] = mapped_column(String(32), index=True)
    applied_by: Mapped[str] = mapped_column(String(50))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    reviewed_by: Mapped[str | None] = mapped_column(String(50))
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    admitted_by: Mapped[str | None] = mapped_column(String(50))
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)  # 退出日期: the first day no longer in force
    withdrawn_by: Mapped[str | None] = mapped_column(String(50))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)


class AffairStep(SyncedMixin, Base):
    """One step of an affair item's workflow (apply, approve, reject, publish, admit, adjust, withdraw), as
    the users of every level see it. Append-only (sync kind 2): a step is never edited, so the history reads
    the same at every node; it goes down with the item (the audit log does not)."""

    __tablename__ = "affair_step"
    __sync_kind__ = "append"
    item_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))  # the item's status after the step
    at: Mapped[str] = mapped_column(String(32))  # UTC ISO time
    on_date: Mapped[dt.date] = mapped_column(Date)  # the local date the step counts for
    username: Mapped[str] = mapped_column(String(50))
    role: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
class HouseholdVisit(SyncedMixin, Base):
    """A community police officer's visit to a household (入户走访), one row of the visit ledger.

    Append-only (DESIGN.md §4 kind 2): a visit is written once; a correction is a new row whose `replaces`
    names the version it corrects (that version is tombstoned in the same transaction); a visit recorded by
    mistake is tombstoned. `unit_code` is the household's grid. The visitor is the signed-in user: their name
    and unit as they were at the visit (users are local, never synced), nothing more.
    """

    __tablename__ = "household_visit"
    __sync_kind__ = "append"
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    visit_date: Mapped[dt.date] = mapped_column(Date)  # 日期 (local date)
    present: Mapped[int] = mapped_column(Integer)  # 在户人数
    visitor_name: Mapped[str] = mapped_column(String(50))  # 走访人
    visitor_unit: Mapped[str | None] = mapped_column(String(15))  # the visitor's unit code
    content: Mapped[str] = mapped_column(Text)  # 内容
    issues: Mapped[str | None] = mapped_column(Text)  # 问题/诉求
    handling: Mapped[str | None] = mapped_column(Text)  # 处理情况
    replaces: Mapped[str | None] = mapped_column(String(32))  # the version this row corrects

    __table_args__ = (Index("ix_household_visit_unit_date", "unit_code", "visit_date"),
                      # whether a household was visited in a period, from the index alone (indicators, 0016b)
                      Index("ix_household_visit_live", "household_id", "visit_date", sqlite_where=text("deleted = 0")))


class GridTask(SyncedMixin, Base):
    """A piece of work for a grid worker (网格任务), always made from an admitted affair item in force.

    `unit_code` is the grid. A recurring item's task of a period (`period_key`: 2026-11-26 daily, 2026-W48
    weekly, 2026-11 monthly, 2026-Q4 quarterly, 2026 yearly) has the deterministic id
    `stable_id("grid_task", item:grid:period)`, so two nodes generating it offline make the same row and sync
    merges them. A 按需 task is made by hand (uuid7 id, no period key). The task row is written only at
    creation: its completion is a separate append-only `GridTaskCompletion`, so that a late duplicate
    generation on another node can never overwrite a completion (an insert merges as field writes).
    """

    __tablename__ = "grid_task"
    item_id: Mapped[str] = mapped_column(String(32), index=True)  # the AffairItem version it comes from
    title: Mapped[str] = mapped_column(String(100))
    frequency: Mapped[str | None] = mapped_column(String(2))  # the item's codes.AFFAIR_FREQUENCY
    period_key: Mapped[str | None] = mapped_column(String(10))  # None for a 按需 task
    period_start: Mapped[dt.date] = mapped_column(Date)  # the first day the task applies
    due_date: Mapped[dt.date] = mapped_column(Date)  # 截止日期 (overdue after it while not done)
    created_by: Mapped[str | None] = mapped_column(String(50))  # who made a 按需 task (None: by rule)

    __table_args__ = (
        Index("uq_grid_task_item_unit_period", "item_id", "unit_code", "period_key", unique=True,
              sqlite_where=text("deleted = 0"), info={"postgresql_where": "NOT deleted"}),
        Index("ix_grid_task_unit_due", "unit_code", "due_date"),
    )


class GridTaskCompletion(SyncedMixin, Base):
    """The completion (办结) of a grid task: date, who, result note. Append-only (sync kind 2); `unit_code` is
    the task's grid. Two completions made offline on two nodes both stay; the earliest counts."""

    __tablename__ = "grid_task_completion"
    __sync_kind__ = "append"
    task_id: Mapped[str] = mapped_column(String(32), index=True)
    done_on: Mapped[dt.date] = mapped_column(Date)  # 完成日期 (local date)
    done_by: Mapped[str] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)  # 办理结果
class Dispute(SyncedMixin, Base):
    """A dispute (矛盾纠纷) on the ledger: the GB/T 31000 event fields, its resolution and evaluation.

    `unit_code` is the grid where it happened. `number` (事件编号) is "<grid>-<year>-<seq>-<node>": the
    registering installation's own sequence within that grid and year, followed by its node id, so two
    installations numbering offline at the same time can never mint the same number (node ids are the
    system-wide identity the change log already relies on). Status: registered → mediating → resolved, or
    escalated (未化解，上报); an escalated dispute may still be resolved by a higher level.
    Parties are names as text, never ID numbers.
    """

    __tablename__ = "dispute"
    number: Mapped[str] = mapped_column(String(60), unique=True)  # 事件编号
    name: Mapped[str] = mapped_column(String(100))  # 名称
    occurred_on: Mapped[dt.date] = mapped_column(Date)  # 发生日期
    place: Mapped[str] = mapped_column(String(200))  # 地点
    scale: Mapped[str] = mapped_column(String(2))  # 事件规模 (codes.DISPUTE_SCALE)
    category: Mapped[str] = mapped_column(String(2))  # 事件类别 (codes.DISPUTE_CATEGORY)
    people: Mapped[int] = mapped_column(Integer)  # 涉及人数
    summary: Mapped[str | None] = mapped_column(Text)  # 简述
    parties: Mapped[str | None] = mapped_column(Text)  # 主要当事人 (names only)
    status: Mapped[str] = mapped_column(String(12))  # codes.DISPUTE_STATUS
    deadline: Mapped[dt.date] = mapped_column(Date)  # 化解时限
    method: Mapped[str | None] = mapped_column(String(100))  # 化解方式
    resolver_org: Mapped[str | None] = mapped_column(String(100))  # 化解组织
    resolver: Mapped[str | None] = mapped_column(String(50))  # 责任人
    resolver_phone: Mapped[str | None] = mapped_column(String(20))  # 联系方式
    success: Mapped[bool | None] = mapped_column(Boolean)  # 是否成功 (None until the resolution is recorded)
    outcome: Mapped[str | None] = mapped_column(Text)  # 化解情况
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)  # the date the resolution was recorded for
    escalated_on: Mapped[dt.date | None] = mapped_column(Date)  # the date it was reported up as unresolved
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)  # 考评日期
    evaluation: Mapped[str | None] = mapped_column(Text)  # 考评意见

    __table_args__ = (Index("ix_dispute_unit_date", "unit_code", "occurred_on"),)


class DisputeSupervision(SyncedMixin, Base):
    """One supervision entry (督办) on a dispute by an office above the grid: append-only, several per
    dispute. `unit_code` is the dispute's grid (so the entry travels with the dispute); the supervising
    unit and person are as they were at the time (users are local, never synced)."""

    __tablename__ = "dispute_supervision"
    __sync_kind__ = "append"
    dispute_id: Mapped[str] = mapped_column(ForeignKey("dispute.id"), index=True)
    sv_unit: Mapped[str] = mapped_column(String(100))  # 督办单位
    sv_person: Mapped[str] = mapped_column(String(50))  # 督办人
    sv_on: Mapped[dt.date] = mapped_column(Date)  # 督办时间
    opinion: Mapped[str] = mapped_column(Text)  # 督办意见


class SmallProject(SyncedMixin, Base):
    """One record of the 八小工程 (小公约、小民主、小服务、小调解、小平安、小乡贤、小名人、小家训): what a grid or
    a community did, with the few fields its kind needs (one table, nullable kind-specific columns; the service
    validates them per kind, codes.SMALL_PROJECT_KIND).

    `unit_code` is the grid or community the record belongs to. Append-only (DESIGN.md §4 kind 2): a record
    is written once; a correction is a new row whose `replaces` names the version it corrects (that version is
    tombstoned in the same transaction), so two nodes correcting the same record offline keep both versions;
    a record made by mistake is tombstoned with `delete_reason`. `dispute_id` and `household_id` link to a
    Dispute / Household of the same unit; they are plain ids, not foreign keys, so a record never waits for
    its link to arrive by sync. People are names only, never ID numbers.
    """

    __tablename__ = "small_project"
    __sync_kind__ = "append"
    kind: Mapped[str] = mapped_column(String(16))  # codes.SMALL_PROJECT_KIND
    title: Mapped[str] = mapped_column(String(100))  # 名称
    held_on: Mapped[dt.date] = mapped_column(Date)  # 日期 (举办/通过/开展, local date)
    place: Mapped[str | None] = mapped_column(String(200))  # 地点
    participants: Mapped[int | None] = mapped_column(Integer)  # 参与人数
    content: Mapped[str] = mapped_column(Text)  # 内容
    outcome: Mapped[str | None] = mapped_column(Text)  # 成效
    responsible: Mapped[str] = mapped_column(String(50))  # 负责人 (a name)
    recorded_by: Mapped[str] = mapped_column(String(50))  # 登记人 (the signed-in user at the time)
    # 小公约
    convention_text: Mapped[str | None] = mapped_column(Text)  # 公约内容
    adoption: Mapped[str | None] = mapped_column(String(100))  # 通过方式, e.g. 村民会议表决
    # 小民主
    meeting_form: Mapped[str | None] = mapped_column(String(2))  # 议事形式 (codes.SMALL_PROJECT_MEETING_FORM)
    topic: Mapped[str | None] = mapped_column(String(200))  # 议题
    decision: Mapped[str | None] = mapped_column(Text)  # 议定事项
    # 小服务
    service_type: Mapped[str | None] = mapped_column(String(2))  # 服务类型 (codes.SMALL_PROJECT_SERVICE_TYPE)
    served: Mapped[int | None] = mapped_column(Integer)  # 服务人数
    # 小调解
    dispute_id: Mapped[str | None] = mapped_column(String(32), index=True)  # 关联矛盾纠纷
    # 小平安
    hazards_found: Mapped[int | None] = mapped_column(Integer)  # 发现隐患
    hazards_fixed: Mapped[int | None] = mapped_column(Integer)  # 整改隐患
    # 小乡贤 / 小名人
    person_name: Mapped[str | None] = mapped_column(String(50))  # 姓名
    deeds: Mapped[str | None] = mapped_column(Text)  # 事迹
    # 小家训
    household_id: Mapped[str | None] = mapped_column(String(32))  # 关联户 (optional)
    motto: Mapped[str | None] = mapped_column(Text)  # 家训内容
    replaces: Mapped[str | None] = mapped_column(String(32), index=True)  # the version this row corrects
    delete_reason: Mapped[str | None] = mapped_column(Text)  # 删除原因 (written just before the tombstone)

    __table_args__ = (Index("ix_small_project_unit_date", "unit_code", "held_on"),)
class AssessmentScheme(SyncedMixin, Base):
    """An assessment scheme (考核方案) of one period: the indicators and the ranking rule.

    `unit_code` is the assessing unit that owns it (a town or community assessing its grid workers, a district
    ranking its towns, the city ranking its districts); only that unit writes it (sync kind 3: a change from
    below is refused), it travels down to the assessed and up. `target_level` is the level ranked (grid: the
    grid's grid worker). `indicators` is the list of {key, name, max, source} (source `manual` or one of the
    automatic sources of services/assessment.py). The id is `stable_id("assessment_scheme", unit:level:period)`:
    one scheme per unit, level and period, the same row on every node.
    """

    __tablename__ = "assessment_scheme"
    name: Mapped[str] = mapped_column(String(100))  # 方案名称
    period: Mapped[str] = mapped_column(String(7))  # 2026 / 2026-Q1 / 2026-03
    target_level: Mapped[str] = mapped_column(String(12))  # the level ranked (grid, community, town, district)
    indicators: Mapped[list[Any]] = mapped_column(JSON, default=list)
    top_n: Mapped[int] = mapped_column(Integer)  # 前 N 名 → 标杆
    bottom_n: Mapped[int] = mapped_column(Integer)  # 后 M 名 → 通报
    bottom_key: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # 后 M 名同时重点管理
    repeat_periods: Mapped[int] = mapped_column(Integer)  # 连续 K 期
    repeat_band: Mapped[str] = mapped_column(String(8))  # last (末位) | bottom (后 M 名)
    repeat_outcome: Mapped[str] = mapped_column(String(16))  # key_management | supervised
    incident_outcome: Mapped[str | None] = mapped_column(String(16))  # 发生重大问题 → (none) | notified | ...
    negative_list: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # 挂牌督办 → 负面清单
    created_by: Mapped[str] = mapped_column(String(50))
    created_on: Mapped[dt.date] = mapped_column(Date)


class AssessmentScore(SyncedMixin, Base):
    """One manual score (评分) of one assessed unit on one indicator of a scheme. `unit_code` is the scheme's
    owner (never the assessed unit: the assessed cannot write their own scores). Id
    `stable_id("assessment_score", scheme:target:indicator)`: a cell scored on two nodes is one row."""

    __tablename__ = "assessment_score"
    __sync_down__ = False  # draft scores stay with the owner and the levels above; the assessed see published results
    scheme_id: Mapped[str] = mapped_column(String(32), index=True)
    target_code: Mapped[str] = mapped_column(String(15))  # the assessed unit (a grid for a grid worker)
    indicator: Mapped[str] = mapped_column(String(8))  # the indicator's key in the scheme
    score: Mapped[float | None] = mapped_column(Float)  # None: cleared
    scored_by: Mapped[str] = mapped_column(String(50))
    scored_on: Mapped[dt.date] = mapped_column(Date)


class AssessmentIncident(SyncedMixin, Base):
    """The 'major incident' mark (发生重大问题) on an assessed unit in a scheme, set or cleared by the owner.
    `unit_code` is the scheme's owner; id `stable_id("assessment_incident", scheme:target)`."""

    __tablename__ = "assessment_incident"
    __sync_down__ = False  # like the scores: the assessed learn of it from the published result
    scheme_id: Mapped[str] = mapped_column(String(32), index=True)
    target_code: Mapped[str] = mapped_column(String(15))
    flagged: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    note: Mapped[str | None] = mapped_column(Text)  # 问题说明
    set_by: Mapped[str] = mapped_column(String(50))
    set_on: Mapped[dt.date] = mapped_column(Date)


class AssessmentResult(SyncedMixin, Base):
    """A published ranking (考核结果) of a scheme: version 1, 2, ... Append-only (sync kind 2): a published
    result is frozen; publishing again makes a new version, the earlier ones stay as history. `rules` is the
    scheme as it was (indicators and ranking rule), `rows` the ranking (rank, total, scores, outcomes)."""

    __tablename__ = "assessment_result"
    __sync_kind__ = "append"
    scheme_id: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    target_level: Mapped[str] = mapped_column(String(12))
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rows: Mapped[list[Any]] = mapped_column(JSON, default=list)
    published_on: Mapped[dt.date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)  # 发布说明

    __table_args__ = (Index("ix_assessment_result_unit_level_period", "unit_code", "target_level", "period"),)


class Event(SyncedMixin, Base):
    """An event (事件): a problem found on a grid, reported for the closed loop 上报 → 受理 → 交办 → 处置 → 核查 → 结案 →
    回访 (core.events). `unit_code` is the grid where it happened (or the unit of the office that recorded it):
    the event and every step of it travel up to each level above and down to that unit only.

    The event's state is not a column here: it is the fold of its steps (`event_step`), kept locally in
    `event_state`. `number` is for reading out on the phone: <last 6 digits of the unit>-<yymmdd>-<seq><node
    letter pair>, unique in practice, not a key. People involved are resident records (`event_person`), never
    typed ID numbers."""

    __tablename__ = "event"
    number: Mapped[str] = mapped_column(String(40), index=True)  # 事件编号
    class_code: Mapped[str] = mapped_column(String(2))  # domain.events.EVENT_CLASS
    subclass: Mapped[str | None] = mapped_column(String(4))  # domain.events.EVENT_SUBCLASS
    title: Mapped[str] = mapped_column(String(100))  # 标题
    description: Mapped[str] = mapped_column(Text)  # 事件描述
    place: Mapped[str] = mapped_column(String(200))  # 地点
    building_id: Mapped[str | None] = mapped_column(String(32))
    household_id: Mapped[str | None] = mapped_column(String(32))
    found_on: Mapped[dt.date] = mapped_column(Date)  # 发现时间 (date)
    urgency: Mapped[str] = mapped_column(String(1))  # domain.events.URGENCY
    source: Mapped[str] = mapped_column(String(2))  # domain.events.SOURCE
    work_order: Mapped[str | None] = mapped_column(String(40))  # 12345 工单号
    reporter: Mapped[str] = mapped_column(String(50))  # 上报人 (name as it was)
    dispute_id: Mapped[str | None] = mapped_column(String(32))  # the dispute record of a 矛盾纠纷 event

    # ix_event_list: the event list's order (newest found first) read from the index alone, filters on unit
    # and deleted included, so the list's ids come without a sort of the whole table (migration 0018b)
    # ix_event_summary: the summary's filters (unit, found on, deleted) and groups (unit, class), with the id for the
    # join to event_state (migration 0020)
    __table_args__ = (Index("ix_event_unit_found", "unit_code", "found_on"),
                      Index("ix_event_list", "found_on", "created_hlc", "unit_code", "deleted", "id"),
                      Index("ix_event_summary", "unit_code", "found_on", "deleted", "class_code", "id"))


class EventPerson(SyncedMixin, Base):
    """A resident involved in an event (涉及人员), by record; `unit_code` is the event's."""

    __tablename__ = "event_person"
    __sync_kind__ = "append"
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    resident_id: Mapped[str] = mapped_column(String(32))
    part: Mapped[str | None] = mapped_column(String(20))  # 当事人/反映人/…


class EventStep(SyncedMixin, Base):
    """One step of an event's timeline (domain.events.ACTION): who (unit and name as they were), when, what and
    why (`data`: target unit, department, days, feedback, outcome, satisfaction, reason, level, opinion).
    Append-only: steps from two installations merge into one timeline by their clocks; `unit_code` is the
    event's, so the whole timeline travels with the event."""

    __tablename__ = "event_step"
    __sync_kind__ = "append"
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(12))
    done_on: Mapped[dt.date] = mapped_column(Date)  # China date of the step
    actor_unit: Mapped[str] = mapped_column(String(15))
    actor_name: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # a step by its event and action: the first supervision in the summary, dispatches (migration 0020)
    __table_args__ = (Index("ix_event_step_action", "event_id", "action"),)


class EventState(Base):
    """Local, unsynced: the fold of an event's steps, for lists, filters and counts in SQL. Database triggers
    (migration 0015i) mark a row stale whenever a step or an event is written, by this app or by sync; the
    events service folds stale rows again before it reads."""

    __tablename__ = "event_state"
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    stale: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1", index=True)
    status: Mapped[str | None] = mapped_column(String(12), index=True)
    holder: Mapped[str | None] = mapped_column(String(15), index=True)
    handler: Mapped[str | None] = mapped_column(String(15), index=True)
    handler_dept: Mapped[str | None] = mapped_column(String(50))
    due: Mapped[dt.date | None] = mapped_column(Date)
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    handled_on: Mapped[dt.date | None] = mapped_column(Date)
    handle_due: Mapped[dt.date | None] = mapped_column(Date)
    pending_extension: Mapped[int | None] = mapped_column(Integer)
    satisfaction: Mapped[str | None] = mapped_column(String(1))
    escalated: Mapped[bool | None] = mapped_column(Boolean)
    reopened: Mapped[bool | None] = mapped_column(Boolean)
    first_unit: Mapped[str | None] = mapped_column(String(15))
    closed_by: Mapped[str | None] = mapped_column(String(15))
    supervisions: Mapped[int | None] = mapped_column(Integer)
    red_cards: Mapped[int | None] = mapped_column(Integer)
    anomalies: Mapped[int | None] = mapped_column(Integer)


class PhotoMixin:
    """The columns every photo record has (EventPhoto, RecordPhoto): when and by whom it was added, its size in
    pixels, and its content by SHA-256 in `photo_blob` (the JPEG and its thumbnail)."""

    added_on: Mapped[dt.date] = mapped_column(Date)
    added_by: Mapped[str] = mapped_column(String(50))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the JPEG (photo_blob.sha256)
    thumb_sha256: Mapped[str] = mapped_column(String(64))  # of the thumbnail JPEG
    size: Mapped[int] = mapped_column(Integer)  # bytes of the JPEG


class EventPhoto(PhotoMixin, SyncedMixin, Base):
    """A photo of an event (现场照片): the record that travels with the event (synced, owned by the event's unit).
    The JPEG itself and its thumbnail are kept once per content in `photo_blob` (content-addressed by the
    SHA-256 of the JPEG) and carried by sync packages in parts of their own (gridapp.sync.photos): thumbnails
    always, the full image within a per-package budget, the rest asked for again by the receiver. The id is
    derived from (event, content): the same photo added twice, or arriving by two paths, is one record."""

    __tablename__ = "event_photo"
    __sync_kind__ = "append"
    event_id: Mapped[str] = mapped_column(String(32), index=True)


class PhotoBlob(Base):
    """Local, unsynced: a photo's bytes by the SHA-256 of its JPEG (at most 2000 px), with its thumbnail (at most
    240 px). `data` is None until the full image has arrived by sync (the thumbnail comes first)."""

    __tablename__ = "photo_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    thumb: Mapped[bytes | None] = mapped_column(LargeBinary)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)


class EventLimit(SyncedMixin, Base):
    """An office's time limits for one event class (受理/办理, working days), for events its office holds and
    those of the units below that set none. Id derived from (unit, class): one row per unit and class."""

    __tablename__ = "event_limit"
    class_code: Mapped[str] = mapped_column(String(2))
    accept_days: Mapped[int] = mapped_column(Integer)
    handle_days: Mapped[int] = mapped_column(Integer)


class EventClass(SyncedMixin, Base):
    """An office's entry in the event class table (事件分类): a subclass it added, a class or subclass it renamed
    or retired (停用), for its unit and the units below (domain.events.ClassTable). Id derived from (unit, code):
    one row per unit and code. A retired entry stays: old events keep their labels."""

    __tablename__ = "event_class"
    code: Mapped[str] = mapped_column(String(4))  # "03" a class, "0305" a subclass of 03
    name: Mapped[str] = mapped_column(String(20))
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class WorkCalendarDay(SyncedMixin, Base):
    """A day an office entered in the working-day calendar (a holiday, or a weekend day worked), for years the
    calendar library does not know yet or where it differs. Applies to the unit's subtree. Id derived from
    (unit, day)."""

    __tablename__ = "work_calendar_day"
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(50))  # 春节、调休上班 …


class PartyOrg(SyncedMixin, Base):
    """A party organisation on the org tree (党建网格): a town's 党工委, a community's 党委/党总支, a grid's
    党支部, a building's 党小组 (`building_id`, in the grid `unit_code`). `unit_code` is the unit it sits on, so
    a grid's branch flows up and the organisations owned above flow down. The secretary (书记/组长) is a resident
    record (`secretary_resident_id`) or a user (`secretary_username`), shown by `secretary_name`."""

    __tablename__ = "party_org"
    kind: Mapped[str] = mapped_column(String(20))  # gridapp.domain.party.ORG_KINDS
    name: Mapped[str] = mapped_column(String(100))
    building_id: Mapped[str | None] = mapped_column(ForeignKey("building.id"), index=True)
    secretary_name: Mapped[str | None] = mapped_column(String(50))
    secretary_resident_id: Mapped[str | None] = mapped_column(String(32))
    secretary_username: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(String(200))


class PartyMembership(SyncedMixin, Base):
    """A resident's party membership (党员/预备党员, 组织关系所在党组织, 入党日期): political views, sensitive
    personal information (PIPL Art. 28), read only with Perm.SENSITIVE and audited. `unit_code` is the
    resident's grid; `org_id` a party organisation of that grid or above it."""

    __tablename__ = "party_membership"
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    status: Mapped[str] = mapped_column(String(2))  # gridapp.domain.party.MEMBER_STATUS
    org_id: Mapped[str | None] = mapped_column(String(32), index=True)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))


class PartyCentre(SyncedMixin, Base):
    """A 党员中心户: a household whose party member (`member_id`, a membership of one of its residents) serves
    about ten nearby households of the same grid (its `PartyCentreLink`s). `unit_code` is the grid."""

    __tablename__ = "party_centre"
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    member_id: Mapped[str] = mapped_column(String(32), index=True)
    group_id: Mapped[str | None] = mapped_column(String(32))  # the 党小组 (or branch) it belongs to
    since: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))


class PartyCentreLink(SyncedMixin, Base):
    """A household linked to a 党员中心户 (联系户); unlinking is a tombstone. `unit_code` is the grid."""

    __tablename__ = "party_centre_link"
    centre_id: Mapped[str] = mapped_column(String(32), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    since: Mapped[dt.date | None] = mapped_column(Date)


class PartyContact(SyncedMixin, Base):
    """One 挂包联系 contact of a party member with a linked household: date, content, the issue raised, and the
    event it became (`event_id`, via the events service). `unit_code` is the household's grid."""

    __tablename__ = "party_contact"
    centre_id: Mapped[str | None] = mapped_column(String(32), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    contact_date: Mapped[dt.date] = mapped_column(Date)
    contact_by: Mapped[str] = mapped_column(String(50))  # the party member's (or recorder's) name
    content: Mapped[str] = mapped_column(Text)
    issue: Mapped[str | None] = mapped_column(Text)  # 反映问题
    event_id: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (Index("ix_party_contact_unit_date", "unit_code", "contact_date"),)


class PartyHistory(SyncedMixin, Base):
    """One change of the party network's people, kept when the row it changes moves on (issue 17): a membership
    recorded or changed (党员/预备党员), ended, transferred out (转出, `detail` the destination) or ended by a
    move out or death; a 党员中心户 set up or revoked (撤销, `detail` the reason); a household linked or unlinked.
    `action`: gridapp.domain.party.HISTORY_ACTIONS. `sensitive`: the entry states a membership (political views,
    shown only with Perm.SENSITIVE). `unit_code` is the grid of the person or 中心户; `actor` the name of who
    did it (users are local, never synced). Append only."""

    __tablename__ = "party_history"
    __sync_kind__ = "append"
    action: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[dt.date] = mapped_column(Date)
    resident_id: Mapped[str | None] = mapped_column(String(32), index=True)
    centre_id: Mapped[str | None] = mapped_column(String(32), index=True)
    household_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str | None] = mapped_column(String(2))  # the membership's status after the change
    detail: Mapped[str | None] = mapped_column(String(200))  # 转出 destination, 撤销 reason, what changed
    actor: Mapped[str] = mapped_column(String(50))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    __table_args__ = (Index("ix_party_history_unit_date", "unit_code", "on_date"),)
class PoliceForce(SyncedMixin, Base):
    """A unit's police force figures for a year (警力), kept by the police or the office: for a district (county)
    `total` is the county police force; for a town, the police station's force, its community police
    (`community_police`, 社区民警), its 警务室/警务工作站 (`posts`) and the community police serving in the 两委
    (`in_committees`). Id derived from (unit, year): one row per unit and year."""

    __tablename__ = "police_force"
    year: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)  # 警力总数 (county force / station force)
    community_police: Mapped[int] = mapped_column(Integer, default=0)  # 社区民警
    posts: Mapped[int] = mapped_column(Integer, default=0)  # 警务室/警务工作站
    in_committees: Mapped[int] = mapped_column(Integer, default=0)  # 社区民警进两委
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(50))

    __table_args__ = (Index("ix_police_force_unit_year", "unit_code", "year"),)


class HomicideCase(SyncedMixin, Base):
    """Homicide cases (命案) of a district in a year, entered by the district office, with the resident population
    the rate is per (常住人口; None: the registry's active residents). Id derived from (district, year)."""

    __tablename__ = "homicide_case"
    year: Mapped[int] = mapped_column(Integer)
    cases: Mapped[int] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(50))

    __table_args__ = (Index("ix_homicide_case_unit_year", "unit_code", "year"),)


class SatisfactionSurvey(SyncedMixin, Base):
    """A satisfaction survey's figures (平安建设满意度调查) an office entered: how many were asked (`asked`, the
    sample), how many were satisfied, by whom it was made (`source`), on which day."""

    __tablename__ = "satisfaction_survey"
    __sync_kind__ = "append"
    taken_on: Mapped[dt.date] = mapped_column(Date, index=True)
    asked: Mapped[int] = mapped_column(Integer)
    satisfied: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(100))  # 调查来源 (统计局电话调查, 本单位入户问卷, …)
    recorded_by: Mapped[str] = mapped_column(String(50))


class SyncPeer(Base):
    """An enrolled installation this node exchanges packages with: its parent or one of its children.

    `acked` is the knowledge vector the peer last reported (origin node -> highest sequence it holds
    within the scope that matters to this link); exports send only what lies beyond it.
    """

    __tablename__ = "sync_peer"
    node_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(15), index=True)
    unit_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))  # parent | child | department (migration 0020)
    sign_pub: Mapped[str] = mapped_column(String(64))
    box_pub: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(32))
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_export_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_import_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    acked: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncNode(Base):
    """Directory of installations known to be in the tree (node id -> unit), learnt from enrolment and
    from packages relayed upward; it tells which origins lie inside a unit's subtree."""

    __tablename__ = "sync_node"
    node_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(15))
    sign_pub: Mapped[str | None] = mapped_column(String(64))


class SyncSeal(Base):
    """An origin's signature over a run of its own changes (one SHA-256 per change, in sequence order),
    kept so that the changes can be relayed upward with the signature of the installation that made them."""

    __tablename__ = "sync_seal"
    node_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq_from: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    seq_to: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hashes: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary)


class SyncConflict(Base):
    """A pair of concurrent writes to the same field (neither writer saw the other), earlier one first.

    Derived deterministically from the change log, so every node holding both writes lists the same pair.
    """

    __tablename__ = "sync_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    hlc_a: Mapped[int] = mapped_column(BigInteger)
    node_a: Mapped[str] = mapped_column(String(16))
    value_a: Mapped[str | None] = mapped_column(Text)
    hlc_b: Mapped[int] = mapped_column(BigInteger)
    node_b: Mapped[str] = mapped_column(String(16))
    value_b: Mapped[str | None] = mapped_column(Text)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("table_name", "row_id", "field", "hlc_a", "node_a", "hlc_b", "node_b"),
    )


class SyncPackageIn(Base):
    """A package whose import has started; `done` once every part is in. `ranges` are the knowledge
    ranges it brings (origin -> [from, to]), applied to the knowledge vector once contiguous."""

    __tablename__ = "sync_package_in"
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    from_node: Mapped[str] = mapped_column(String(16))
    parts: Mapped[int] = mapped_column(Integer)
    ranges: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    ranges_applied: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncPartIn(Base):
    """A part of a package already imported (each part commits on its own; a crash resumes after it)."""

    __tablename__ = "sync_part_in"
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    part_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    changes: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)


# -- a grid worker's own patrols and daily work log (巡查走访, 民情日志; issue 15, migration 0017a) ------------------


class Patrol(SyncedMixin, Base):
    """A grid worker's own household visit (巡查走访): not the police's 入户走访 (`HouseholdVisit`). `unit_code`
    is the household's grid; the worker is the name as it was (users are local, never synced). `event_id` is the
    event raised from it (services.patrol_events), set once."""

    __tablename__ = "patrol"
    household_id: Mapped[str] = mapped_column(String(32), index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)  # 走访日期
    worker: Mapped[str] = mapped_column(String(50))  # 网格员
    situation: Mapped[str] = mapped_column(Text)  # 走访情况
    issues: Mapped[str | None] = mapped_column(Text)  # 发现问题/诉求
    event_id: Mapped[str | None] = mapped_column(String(32))  # 已上报事件

    __table_args__ = (Index("ix_patrol_unit_date", "unit_code", "visited_on"),)


class Worklog(SyncedMixin, Base):
    """A grid worker's daily work log (民情日志): one per worker and day. `unit_code` is the worker's grid."""

    __tablename__ = "worklog"
    log_date: Mapped[dt.date] = mapped_column(Date)  # 日期
    worker: Mapped[str] = mapped_column(String(50))  # 网格员 (name as it was)
    content: Mapped[str] = mapped_column(Text)  # 工作内容/民情

    __table_args__ = (Index("ix_worklog_unit_date", "unit_code", "log_date"),)


class WorklogComment(SyncedMixin, Base):
    """A grid chief's or office's comment (批注) on a work log: append-only; `unit_code` is the log's, so the
    comment travels with the log; the commenting unit and person are as they were."""

    __tablename__ = "worklog_comment"
    __sync_kind__ = "append"
    worklog_id: Mapped[str] = mapped_column(String(32), index=True)
    commented_on: Mapped[dt.date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(50))
    author_unit: Mapped[str] = mapped_column(String(15))
    text: Mapped[str] = mapped_column(Text)




# -- photos of household visits and 八小工程 records (issue 15, migration 0021e) ------------------------------------


class RecordPhoto(PhotoMixin, SyncedMixin, Base):
    """A photo of a household visit (入户走访, `visit_id`) or of an 八小工程 record (`project_id`): exactly one of
    the two is set. The record travels with its visit or project record (owned by the same unit; append-only; the
    id derived from the record and the content: the same photo is one record). The bytes are kept in the event
    photos' store (`photo_blob`, by SHA-256 of the JPEG) and travel in the same blob parts (gridapp.sync.photos)."""

    __tablename__ = "record_photo"
    __sync_kind__ = "append"
    visit_id: Mapped[str | None] = mapped_column(String(32), index=True)
    project_id: Mapped[str | None] = mapped_column(String(32), index=True)


PHOTO_MODELS: tuple[type[EventPhoto] | type[RecordPhoto], ...] = (EventPhoto, RecordPhoto)  # whose bytes are photo_blob's
