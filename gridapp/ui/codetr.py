"""Code-table labels as the UI shows them: the services keep the Chinese labels (gridapp.core.codes); the UI
passes them through Qt's translator in the context "codes", so they read in English when the UI runs in
English. The strings themselves are listed for lupdate in codetr_strings.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from gridapp.core import codes

if TYPE_CHECKING:  # an annotation only: the UI paints before the worker imports the services
    from gridapp.services.units import UnitInfo

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


def fill_subclasses(box: Any, classes: Any, class_code: str | None, none: str, choose: str | None = None) -> None:
    """Combo `box` offers the subclasses of event class `class_code` (of ClassTable `classes`) in the UI's
    language after a first item without a code: `none` when the class has no subclass, else `choose` (default
    `none`); disabled when there is nothing to choose."""
    box.clear()
    subs = classes.subclasses(class_code)
    box.addItem(choose if subs and choose is not None else none, None)
    for code, name in subs.items():
        box.addItem(text(name), code)
    box.setEnabled(bool(subs))


def named(name: str, detail: str) -> str:
    """"和平社区（370303001001）" in Chinese, "和平社区 (370303001001)" in English: a name with its code or
    another detail in brackets, the brackets in the UI's language (the services give the Chinese form)."""
    return text("{name}（{code}）").format(name=name, code=detail)


def unit_label(unit: UnitInfo, full: bool = False) -> str:
    """A unit's label in the UI's language: name and code, with its community first when `full` and the
    community was read (和平社区 第1网格 (370303001001001))."""
    community = unit.community_name if full else None
    return named(f"{community} {unit.name}" if community else unit.name, unit.code)
