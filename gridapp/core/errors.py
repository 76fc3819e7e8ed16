"""Errors that carry a message for the user (in Chinese) and, where known, the field or row at fault."""

from __future__ import annotations


class GridappError(Exception):
    """Base for every error the app reports to a person instead of crashing.

    `message` is user-facing Chinese text; `field` and `row` locate the problem when there is one.
    """

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row

    def __str__(self) -> str:  # pragma: no cover - trivial
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.field:
            where.append(f"字段“{self.field}”")
        return ("，".join(where) + "：" if where else "") + self.message


class ValidationError(GridappError):
    """Input does not satisfy a rule; nothing was written."""


class NotFound(GridappError):
    """The record asked for does not exist (or is outside the caller's scope)."""


class ScopeError(GridappError):
    """The record or unit lies outside the installation's (or user's) unit scope."""


class DatabaseError(GridappError):
    """The database file is missing, unreadable, corrupt or from a newer app version."""


class DatabaseLocked(DatabaseError):
    """Another program held the database's write lock for longer than the app waits; nothing was written."""


class Cancelled(GridappError):
    """A long operation was cancelled by the user; its transaction was rolled back."""

    def __init__(self, message: str = "操作已取消，未写入任何数据。"):
        super().__init__(message)


class AuthError(GridappError):
    """Login refused: unknown user, wrong password, locked or disabled account, expired session."""


class PermissionDenied(GridappError):
    """The signed-in user's role does not allow this action (the GUI hides it; the service refuses it)."""
class SyncError(GridappError):
    """A sync operation was refused (unknown peer, not enrolled, wrong unit); nothing was written."""


class PackageError(SyncError):
    """A package or enrolment file is unreadable, tampered, truncated, misaddressed, from an unknown
    sender or from a newer app version; nothing was written."""
