"""SQLAlchemy 2 models.

Every synced table carries the sync columns of DESIGN.md §3 through `SyncedMixin`: a device-made UUIDv7
`id`, the owning `unit_code`, `origin_node`, `created_hlc`, `row_hlc`, per-field clocks for fields written
after creation, and a tombstone (`deleted`, `deleted_hlc`). Rows are never hard-deleted. Every write
goes through `gridapp.sync.changelog.ChangeWriter`, which appends to `change_log` in the same
transaction.
"""

# No `from __future__ import annotations` here: with it SQLAlchemy evaluates every `Mapped[...]` string again
# when it maps the classes (about a tenth of the models' import, which the desktop pays at every start).
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement

from .derived import derive_resident

if TYPE_CHECKING:  # the area models, for the type checker (at run time: `__getattr__` below)
    from .area_models import (  # noqa: F401
        PHOTO_MODELS,
        AffairItem,
        AffairStep,
        AssessmentIncident,
        AssessmentResult,
        AssessmentScheme,
        AssessmentScore,
        Dispute,
        DisputeSupervision,
        Event,
        EventClass,
        EventLimit,
        EventPerson,
        EventPhoto,
        EventState,
        EventStep,
        GridTask,
        GridTaskCompletion,
        HomicideCase,
        HouseholdVisit,
        PartyCentre,
        PartyCentreLink,
        PartyContact,
        PartyHistory,
        PartyMembership,
        PartyOrg,
        Patrol,
        PhotoBlob,
        PoliceForce,
        RecordPhoto,
        ResidentTag,
        SatisfactionSurvey,
        SmallProject,
        SpecialGroupRecord,
        SyncConflict,
        SyncNode,
        SyncPackageIn,
        SyncPartIn,
        SyncPeer,
        SyncSeal,
        WorkCalendarDay,
        Worklog,
        WorklogComment,
    )

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Columns every synced table has; the sync engine relies on these names, never on area rules.
SYNC_COLUMNS = (
    "id", "unit_code", "origin_node", "created_hlc", "row_hlc", "field_clocks", "deleted", "deleted_hlc",
)


class Tombstone(Boolean):
    """The type of `deleted` (a NOT NULL boolean). `deleted.is_(False)`, the code's usual way of asking for live
    rows, is written `deleted = 0` (PostgreSQL: `deleted = false`, which it reads as `NOT deleted`): the same rows
    (the column is never NULL), and the form of the partial indexes' WHERE (`deleted = 0`, `NOT deleted`). SQLite
    uses a partial index only when the query's terms imply the index's WHERE literally, and `deleted IS 0` does
    not: written so, every list, count and figure over live residents or visits missed its index."""

    cache_ok = True

    class comparator_factory(Boolean.Comparator[bool]):
        def operate(self, op: Any, *other: Any, **kwargs: Any) -> ColumnElement[Any]:
            if op is operators.is_ and len(other) == 1 and other[0] is False:
                return self.expr == false()
            return super().operate(op, *other, **kwargs)


class SyncedMixin:
    """Sync columns (DESIGN.md §3). `field_clocks` maps a field to [hlc, node] for fields written after
    the row was created; a field not in it carries (created_hlc, origin_node).

    A model may set `__sync_kind__ = "append"` for insert-only records (DESIGN.md §4 kind 2: never in
    conflict). Records owned by a higher level (kind 3) need no flag: the sync service refuses any change
    from below whose `unit_code` lies outside the sender's subtree. A model with `__sync_down__ = False`
    travels upward only (the audit log: a grid must not receive the town office's trail).
    """

    __sync_kind__ = "shared"
    __sync_down__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(15), index=True)
    origin_node: Mapped[str] = mapped_column(String(16))
    created_hlc: Mapped[int] = mapped_column(BigInteger)
    row_hlc: Mapped[int] = mapped_column(BigInteger)
    field_clocks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Tombstone, default=False, server_default="0")
    deleted_hlc: Mapped[int | None] = mapped_column(BigInteger)


class Meta(Base):
    """Local, unsynced key/value facts of this installation: node id, installation unit, clock."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OrgUnit(SyncedMixin, Base):
    """A node of the tree city → district → town → community → grid; `code` nests by prefix."""

    __tablename__ = "org_unit"
    code: Mapped[str] = mapped_column(String(15), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(12))
    parent_code: Mapped[str | None] = mapped_column(String(15), index=True)
    # a grid's type (urban 城市 / rural 农村 / dedicated 专属) and the households it should cover (300–500)
    grid_type: Mapped[str | None] = mapped_column(String(12))
    planned_households: Mapped[int | None] = mapped_column(Integer)
    # 已撤销: a retired unit keeps its rows and history but takes no new work; a moved grid names its successor
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(15))
    # the unit that made (and maintains) this one, a level above it; None: the parent (demo, first-run set-up).
    # A field, not `unit_code`: the same unit made at two levels is one row and must converge when synced.
    managed_by: Mapped[str | None] = mapped_column(String(15))


class UnitAssignment(SyncedMixin, Base):
    """A person assigned to a unit: a grid's full-time grid worker (专职网格员), a community's grid chief
    (网格长, the party secretary), a police officer (社区民警) to a community. `unit_code` is the assigning
    unit (the owner); `target_code` the unit assigned to. Ended by `end_on`, never deleted (history)."""

    __tablename__ = "unit_assignment"
    target_code: Mapped[str] = mapped_column(String(15), index=True)
    duty: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str | None] = mapped_column(String(32))
    username: Mapped[str | None] = mapped_column(String(50))
    person_name: Mapped[str] = mapped_column(String(50))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)


class Building(SyncedMixin, Base):
    """A building or courtyard inside a grid (`unit_code` is the grid's code)."""

    __tablename__ = "building"
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="residential")
    floors: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class Household(SyncedMixin, Base):
    """A household at an address (户). Its head is the member whose relation_to_head is 户主."""

    __tablename__ = "household"
    building_id: Mapped[str | None] = mapped_column(ForeignKey("building.id"), index=True)
    household_no: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(200))
    room: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(20))


LIVE_RESIDENT = "deleted = 0 AND status = 'active'"
LIVE_RESIDENT_PG = "NOT deleted AND status = 'active'"  # the same partial index on PostgreSQL (the hub)


def postgresql_index_options(metadata: MetaData | None = None) -> None:
    """Give the partial indexes their PostgreSQL WHERE, kept in the index's `info` until then: a `postgresql_*`
    option given to `Index` imports SQLAlchemy's PostgreSQL dialect to check it, some 50 ms of CPU at every
    start of a desktop that never speaks to PostgreSQL. Called by gridapp.db.postgres (every PostgreSQL path
    imports it) before any engine is made. The migrations give the same WHERE to the indexes they create. Maps
    every model first (`map_all`): an area table mapped later would lack its WHERE."""
    if metadata is None:
        map_all()
    for table in (metadata or Base.metadata).tables.values():
        for index in table.indexes:
            where = index.info.get("postgresql_where")
            if where is not None and index.dialect_kwargs.get("postgresql_where") is None:
                index.dialect_kwargs["postgresql_where"] = text(where)


class Resident(SyncedMixin, Base):
    """A person living in a grid: the common person block of GB/T 31000 (codes stored, labels shown)."""

    __tablename__ = "resident"
    # search columns derived from name, id_number and phone (gridapp.db.derived): filled by ChangeWriter and
    # the sync merge, never carried in a change
    __derived__ = ("name_pinyin", "name_initials", "id_rev", "phone_rev")
    __derived_from__ = ("name", "id_number", "phone")
    derive = staticmethod(derive_resident)

    household_id: Mapped[str | None] = mapped_column(ForeignKey("household.id"), index=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(50))
    former_name: Mapped[str | None] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    ethnicity: Mapped[str | None] = mapped_column(String(2))
    native_place: Mapped[str | None] = mapped_column(String(6))
    marital_status: Mapped[str | None] = mapped_column(String(2))
    political_status: Mapped[str | None] = mapped_column(String(2))
    education: Mapped[str | None] = mapped_column(String(2))
    religion: Mapped[str | None] = mapped_column(String(20))
    occupation_category: Mapped[str | None] = mapped_column(String(10))
    occupation: Mapped[str | None] = mapped_column(String(50))
    workplace: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    registered_region: Mapped[str | None] = mapped_column(String(6))
    registered_address: Mapped[str | None] = mapped_column(String(200))
    current_region: Mapped[str | None] = mapped_column(String(6))
    current_address: Mapped[str | None] = mapped_column(String(200))
    resident_type: Mapped[str] = mapped_column(String(1), default="1")
    relation_to_head: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12), default="active")
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    name_pinyin: Mapped[str | None] = mapped_column(String(200))
    name_initials: Mapped[str | None] = mapped_column(String(50))
    id_rev: Mapped[str | None] = mapped_column(String(18), index=True)
    phone_rev: Mapped[str | None] = mapped_column(String(20), index=True)
    # 户籍人口 extension (户号 is the household's, 与户主关系 is relation_to_head above)
    household_match: Mapped[str | None] = mapped_column(String(2))  # 人户一致标识 01 / 02
    # 流动人口 extension: only for resident_type 2 (one column per field, so sync merges each on its own)
    inflow_reason: Mapped[str | None] = mapped_column(String(2))
    permit_type: Mapped[str | None] = mapped_column(String(2))
    permit_no: Mapped[str | None] = mapped_column(String(30))
    permit_registered: Mapped[dt.date | None] = mapped_column(Date)
    permit_expires: Mapped[dt.date | None] = mapped_column(Date)
    dwelling_type: Mapped[str | None] = mapped_column(String(2))
    key_attention: Mapped[bool | None] = mapped_column(Boolean)
    # 境外人员 extension: only for resident_type 4
    foreign_surname: Mapped[str | None] = mapped_column(String(80))
    foreign_given_name: Mapped[str | None] = mapped_column(String(80))
    chinese_name: Mapped[str | None] = mapped_column(String(50))
    nationality: Mapped[str | None] = mapped_column(String(3))
    foreign_doc_type: Mapped[str | None] = mapped_column(String(3))
    foreign_doc_no: Mapped[str | None] = mapped_column(String(30))
    foreign_doc_expires: Mapped[dt.date | None] = mapped_column(Date)
    visit_purpose: Mapped[str | None] = mapped_column(String(2))
    arrival_date: Mapped[dt.date | None] = mapped_column(Date)
    departure_date: Mapped[dt.date | None] = mapped_column(Date)  # 预计离开日期

    __table_args__ = (
        Index("ix_resident_name", "name", "id"),
        Index("ix_resident_phone", "phone"),
        # pinyin with the name: a pinyin search reads the names it matches from the index alone
        Index("ix_resident_name_pinyin", "name_pinyin", "name"),
        Index("ix_resident_name_initials", "name_initials", "name"),
        # the sort orders of the resident list over live rows (the list's default filter), each with the unit
        # code (the scope test) and, implicitly, the rowid: the sorted id list is read from the index alone;
        # the name order holds the address too, so a search for a common address part can read the list in
        # name order and test the address without reading the table
        *(Index(f"ix_resident_live_{name}", *cols, sqlite_where=text(LIVE_RESIDENT),
                info={"postgresql_where": LIVE_RESIDENT_PG})
          for name, cols in (("name", ("name", "unit_code", "current_address")), ("grid", ("unit_code", "name")),
                             ("birth", ("birth_date", "unit_code")), ("address", ("current_address", "unit_code")))),
        # a household is active when a live resident lives in it: the indicators ask it per household (0016b)
        Index("ix_resident_live_household", "household_id", sqlite_where=text(LIVE_RESIDENT)),
    )


class ChangeLog(Base):
    """Append-only log: one row per record write, in the transaction of the write (DESIGN.md §4).

    `fields` is the compact map of the fields written with their new values; `base` the clocks
    ([hlc, node] per field) the editor saw, or null for an insert.
    """

    __tablename__ = "change_log"
    node_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    node_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(15))
    op: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    hlc: Mapped[int] = mapped_column(BigInteger)
    fields: Mapped[str] = mapped_column(Text)
    base: Mapped[str | None] = mapped_column(Text)
    schema_rev: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_change_log_row", "table_name", "row_id", "hlc"),
        Index("ix_change_log_unit_code", "unit_code"),
    )


class SyncKnowledge(Base):
    """Knowledge vector: the highest contiguous sequence this node holds from each origin node."""

    __tablename__ = "sync_knowledge"
    origin_node: Mapped[str] = mapped_column(String(16), primary_key=True)
    max_seq: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    """A local user account. Local only, never synced: password hashes stay on this installation.

    Key-wrap records (the database key wrapped by each user's password) live in the `.keys` sidecar file,
    because they must be read before the encrypted database can be opened.
    """

    __tablename__ = "app_user"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(15))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[str] = mapped_column(String(32))
    password_changed_at: Mapped[str] = mapped_column(String(32))
    # set by an administrator's add/reset: the user must choose an own password at the next sign-in
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_login_at: Mapped[str | None] = mapped_column(String(32))


class AuditLog(SyncedMixin, Base):
    """Append-only audit trail (PIPL Art. 51, 55): who did what, when, in which unit. Synced upward.

    Rows of one origin node form a hash chain in `created_hlc` order: `hash` = SHA-256 over the row's
    canonical content and `prev_hash`, the previous row's hash (empty for the first).
    """

    __tablename__ = "audit_log"
    __sync_kind__ = "append"
    __sync_down__ = False
    at: Mapped[str] = mapped_column(String(32), index=True)  # UTC ISO time
    user_id: Mapped[str | None] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(50), index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16), index=True)
    target_table: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# -- the tables a start has no use for ---------------------------------------------------------------------------
# The areas' records (affairs and tasks, visits, disputes, 八小工程, assessment, events, party, the indicators'
# figures, patrols and work logs, photos), the resident tags and special groups, and the sync bookkeeping are
# mapped in gridapp.db.area_models, imported the first time one of them is named (`from gridapp.db.models import
# Dispute` works as before, through this module's `__getattr__`) or SYNCED_MODELS is asked for any other table.
# SQLAlchemy's declarative mapping costs about 0.2 ms of CPU per column, every start, and the desktop's start to its
# usable window (login, the home page's counts) reads only the tables above: a fifth of the columns. Whatever needs
# every table at once (the migrations' metadata, the sync merge's table order, the PostgreSQL options) calls
# `map_all()` first. tests/ui/test_startup_modules.py checks that a start maps no more than this module.

# every synced table, in this order (a synced model not listed here is refused when the models are first listed)
SYNCED_TABLES = (
    "org_unit", "unit_assignment", "building", "household", "resident", "resident_tag", "special_group_record",
    "affair_item", "affair_step", "household_visit", "grid_task", "grid_task_completion", "dispute",
    "dispute_supervision", "small_project", "assessment_scheme", "assessment_score", "assessment_incident",
    "assessment_result", "audit_log", "event", "event_person", "event_step", "event_photo", "event_limit",
    "event_class", "work_calendar_day", "party_org", "party_membership", "party_centre", "party_centre_link",
    "party_contact", "party_history", "police_force", "homicide_case", "satisfaction_survey", "patrol", "worklog",
    "worklog_comment", "record_photo",
)


def map_all() -> None:
    """Map every model: Base.metadata then holds every table (imports gridapp.db.area_models once)."""
    from . import area_models  # noqa: F401


def _synced_classes(cls: type[SyncedMixin] = SyncedMixin) -> Iterator[type[SyncedMixin]]:
    sub: type[SyncedMixin]
    for sub in cls.__subclasses__():
        yield sub
        yield from _synced_classes(sub)


class _SyncedModels(Mapping[str, "type[SyncedMixin]"]):
    """The synced models by table name. The tables of this module are answered without mapping the others; any
    other table, or a listing, maps them all first (`map_all`)."""

    def __init__(self, *models: type[SyncedMixin]):
        self._here: dict[str, type[SyncedMixin]] = {m.__tablename__: m for m in models}  # type: ignore[attr-defined]
        self._every: dict[str, type[SyncedMixin]] | None = None

    def _all(self) -> dict[str, type[SyncedMixin]]:
        if self._every is None:
            map_all()
            found = {m.__tablename__: m for m in _synced_classes() if "__tablename__" in m.__dict__}  # type: ignore[attr-defined]
            if set(found) != set(SYNCED_TABLES):
                raise RuntimeError(f"SYNCED_TABLES and the synced models differ: {sorted(set(found) ^ set(SYNCED_TABLES))}")
            self._every = {t: found[t] for t in SYNCED_TABLES}
        return self._every

    def __getitem__(self, table: str) -> type[SyncedMixin]:
        model = self._here.get(table)
        return model if model is not None else self._all()[table]

    def __contains__(self, table: object) -> bool:
        return table in self._here or table in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"SYNCED_MODELS({list(self)})"


SYNCED_MODELS: Mapping[str, type[SyncedMixin]] = _SyncedModels(OrgUnit, UnitAssignment, Building, Household, Resident,
                                                                AuditLog)


def __getattr__(name: str) -> Any:
    """An area model (`Dispute`, `Event`, …) or PHOTO_MODELS: gridapp.db.area_models, imported on first use."""
    if name[:1].isupper():
        from . import area_models

        if hasattr(area_models, name):
            return getattr(area_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
