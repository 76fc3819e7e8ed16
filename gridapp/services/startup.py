"""The front end's start-up steps on its worker thread, light to import: the database stack is imported by
them, not with this module (the window paints first), and the login's key unwrap runs beside the imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .session import AppSession


def warm_up() -> None:
    """Import the services and the database layer ahead of their first use, and configure the mappers (while
    the user types the password)."""
    import gridapp.services.session
    import gridapp.services.users  # noqa: F401

    _configure_mappers()


def _configure_mappers() -> None:
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # once, here: otherwise at the login's first query


def login_session(path: Path, username: str, password: str) -> AppSession:
    """Sign in without the daily backup (the window makes it once it shows the data). The unwrap of the key
    (scrypt, which releases the GIL) starts first, on a thread of its own, while this thread imports the
    database stack and configures its mappers: the key derivation no longer adds to the start-up."""
    from gridapp.db.unlocking import PendingUnlock

    unlocking = PendingUnlock(path, username, password)
    from .session import AppSession
    from .users import Authenticator  # noqa: F401

    _configure_mappers()
    return AppSession.login(path, username, password, daily_backup=False, unlocking=unlocking)
