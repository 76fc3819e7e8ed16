"""What a front end holds: one open database and the services bound to it.

The GUI builds an `AppSession` on its background runner (opening may upgrade the schema) and never
imports the database layer itself.
"""

from __future__ import annotations

from pathlib import Path

from gridapp.core.orgcode import Level
from gridapp.db.database import Database, open_database

from .stats import StatsService
from .sync import SyncService
from .units import UnitInfo, UnitService


class AppSession:
    def __init__(self, db: Database):
        self.db = db
        self.units = UnitService(db)
        self.stats = StatsService(db)
        self.sync = SyncService(db)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> AppSession:
        return cls(open_database(path, create=create))

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
