"""Code-table labels as the UI shows them: the services keep the Chinese labels (gridapp.core.codes); the UI
passes them through Qt's translator in the context "codes", so they read in English when the UI runs in
English. The strings themselves are listed for lupdate in codetr_strings.py."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gridapp.core import codes

CONTEXT = "codes"


def text(label: str | None) -> str:
    """A Chinese label from a code table (or a status word the services give) in the UI's language."""
    if not label:
        return label or ""
    return QCoreApplication.translate(CONTEXT, label)


def label(table: str, code: str | None) -> str:
    """The label of `code` in code table `table`, in the UI's language ("" for None)."""
    if code is None:
        return ""
    return text(codes.label(table, code))


def items(table: str) -> list[tuple[str, str]]:
    """(code, label in the UI's language) of a code table, in table order: for combo boxes."""
    return [(code, text(lab)) for code, lab in codes.TABLES[table].items()]
