"""What a front end holds: one open database, the signed-in user and the services bound to both.

The GUI builds an `AppSession` on its background runner (opening may upgrade the schema) and never
imports the database layer itself. `login` and `create` are the real entry points (encrypted database,
a principal); `open` without a user remains for an unencrypted database that has no users (tests, tools).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.core.errors import AuthError
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Perm, Principal
from gridapp.db.database import Database, open_database
from gridapp.db.keystore import KeyFile

if TYPE_CHECKING:
    from gridapp.db.unlocking import PendingUnlock

    from .affairs import AffairService
    from .assessment import AssessmentService
    from .audit import AuditService
    from .backup import BackupService, VerifyResult
    from .disputes import DisputeService
    from .events import EventService
    from .indicators import IndicatorService
    from .ledger import LedgerService
    from .party import PartyService
    from .projects import SmallProjectService
    from .registry import RegistryService
    from .reports import ReportService
    from .sync import SyncService
    from .tasks import TaskService
    from .units import UnitInfo
    from .users import UserService
    from .visits import VisitService
    from .worklog import WorklogService
    from .xlsx_ledger import AreaLedger

# The services are imported when first used, not with this module: the window shows the home page's counts
# (units, stats) before the other areas' modules are loaded (bench/startup.py).


def needs_login(path: Path | str) -> bool:
    """True when the database at `path` has users (a key sidecar): the front end must ask for a login."""
    return KeyFile.for_db(path).exists


class AppSession:
    def __init__(self, db: Database, principal: Principal | None = None, recovery_key: str | None = None):
        self.db = db
        self.principal = principal
        self.recovery_key = recovery_key  # set only right after first-run set-up, to show once
        self._bind()

    def _bind(self) -> None:
        from .stats import StatsService
        from .units import UnitService

        self.units = UnitService(self.db, self.principal)
        self.stats = StatsService(self.db, self.principal)
        self._reports: ReportService | None = None
        self._sync: SyncService | None = None

    @property
    def reports(self) -> ReportService:
        if self._reports is None:
            from .reports import ReportService

            self._reports = ReportService(self.db, self.principal)
        return self._reports

    @property
    def sync(self) -> SyncService:
        if self._sync is None:
            from .events import installation_anomalies
            from .sync import SyncService

            self._sync = SyncService(self.db, self.principal, anomalies=installation_anomalies)
        return self._sync

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> AppSession:
        """An unencrypted database without users (tests, tools). Refused once the database has users."""
        if needs_login(path):
            raise AuthError("该数据库已设置用户，请先登录。")
        return cls(open_database(path, create=create))

    @classmethod
    def login(cls, path: Path | str, username: str, password: str, *, daily_backup: bool = True,
              unlocking: PendingUnlock | None = None) -> AppSession:
        """`unlocking`: the key's unwrap with these credentials, started ahead (see `PendingUnlock`)."""
        from .users import Authenticator

        db, principal = Authenticator(path).login(username, password, unlocking=unlocking)
        session = cls(db, principal)
        if daily_backup:
            from .backup import BackupService

            BackupService(db).daily()
        return session

    @classmethod
    def create(cls, path: Path | str, *, unit_code: str, unit_name: str, level: Level | str, admin_name: str,
               admin_password: str) -> AppSession:
        """First run: encrypted database, unit, administrator; `recovery_key` is set for showing once."""
        from .users import create_installation

        inst = create_installation(path, unit_code=unit_code, unit_name=unit_name, level=level,
                                   admin_name=admin_name, admin_password=admin_password)
        return cls(inst.db, inst.principal, inst.recovery_key)

    # -- services bound to the user ------------------------------------------------------------------
    @property
    def acting(self) -> Principal:
        """Who the services act for: the signed-in user, or without a login (a database without users) the
        installation itself, `Principal.system(<its unit>)` (resolved once, in `services.base`)."""
        if self.principal is not None:  # (a front end may change the signed-in user on the same session)
            return self.principal
        return self.units.principal  # the installation: refused before first-run set-up

    def may(self, perm: Perm) -> bool:
        return self.acting.may(perm)

    def registry(self) -> RegistryService:
        from .registry import RegistryService

        return RegistryService(self.db, self.acting)

    def ledger(self) -> LedgerService:
        from .ledger import LedgerService

        return LedgerService(self.db, self.acting)

    def area_ledger(self, area: str) -> AreaLedger:
        """The .xlsx ledger of an area: affairs, visits, disputes, projects or party_members."""
        from .affairs import AffairLedger
        from .disputes import DisputeLedger
        from .projects import ProjectLedger
        from .visits import VisitLedger

        if area == "party_members":
            from .party import member_ledger

            return member_ledger(self.db, self.acting)
        kinds: dict[str, type[AreaLedger]] = {"affairs": AffairLedger, "visits": VisitLedger,
                                              "disputes": DisputeLedger, "projects": ProjectLedger}
        return kinds[area](self.db, self.acting)

    def affairs(self) -> AffairService:
        from .affairs import AffairService

        return AffairService(self.db, self.acting)
    def visits(self) -> VisitService:
        from .visits import VisitService

        return VisitService(self.db, self.acting)

    def tasks(self) -> TaskService:
        from .tasks import TaskService

        return TaskService(self.db, self.acting)
    def disputes(self) -> DisputeService:
        from .disputes import DisputeService

        return DisputeService(self.db, self.acting)

    def events(self) -> EventService:
        from .events import EventService

        return EventService(self.db, self.acting)

    def worklog(self) -> WorklogService:
        from .worklog import WorklogService

        return WorklogService(self.db, self.acting)

    def party(self) -> PartyService:
        from .party import PartyService

        return PartyService(self.db, self.acting)
    def indicators(self) -> IndicatorService:
        from .indicators import IndicatorService

        return IndicatorService(self.db, self.acting)

    def projects(self) -> SmallProjectService:
        from .projects import SmallProjectService

        return SmallProjectService(self.db, self.acting)
    def assessment(self) -> AssessmentService:
        from .assessment import AssessmentService

        return AssessmentService(self.db, self.acting)

    def users(self) -> UserService:
        from .users import UserService

        assert self.principal is not None
        return UserService(self.db, self.principal)

    def audit(self) -> AuditService:
        from .audit import AuditService

        assert self.principal is not None
        return AuditService(self.db, self.principal)

    def backups(self) -> BackupService:
        from .backup import BackupService

        return BackupService(self.db, self.principal)

    def restore(self, backup: Path | str) -> VerifyResult:
        """Verify and restore a backup, then reopen the database under the same user."""
        from .backup import restore

        path, key = self.db.path, self.db.key
        _before, result = restore(self.db, self.principal, backup)
        self.db = open_database(path, key=key)
        self._bind()
        return result

    # -- facts -----------------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def node_id(self) -> str:
        return self.db.node_id

    @property
    def upgraded_from(self) -> str | None:
        """The schema revision the file had before this start upgraded it (None if it was current)."""
        return self.db.upgraded_from

    @property
    def backup_path(self) -> Path | None:
        return self.db.backup_path

    def installation(self) -> UnitInfo | None:
        return self.units.installation()

    def initialise(self, code: str, name: str, level: Level | str) -> UnitInfo:
        return self.units.initialise(code, name, level)

    def close(self) -> None:
        self.db.close()
