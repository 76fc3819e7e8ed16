"""A town with two communities and three grids, a household in each grid, and a fixed day."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.services.registry import RegistryService
from gridapp.services.units import UnitService
from gridapp.services.worklog import WorklogService
from tests.ui.conftest import (  # noqa: F401  (the UI fixtures, for the page's test in this folder)
    _demo_template,
    _fresh_dialog_sizes,
    _no_unexpected_message_box,
    _no_worker_threads_left,
    demo_db_path,
    runner,
    settings,
    window,
)

TOWN, C1, C2 = "370303001", "370303001001", "370303001002"
G1, G2, G3 = "370303001001001", "370303001001002", "370303001002001"
TODAY = dt.date(2026, 11, 20)


def who(role: Role, unit: str, name: str | None = None) -> Principal:
    return Principal("u-" + role.value + unit, "u" + role.value, role, unit, display_name=name or role.label_zh)


def svc(db, role: Role, unit: str, name: str | None = None) -> WorklogService:
    return WorklogService(db, who(role, unit, name), today=lambda: TODAY)


@pytest.fixture
def town(db):
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(C1, "和平社区")
    units.add(C2, "友谊社区")
    units.add(G1, "和平一网格")
    units.add(G2, "和平二网格")
    units.add(G3, "友谊一网格")
    return db


@pytest.fixture
def households(town) -> dict[str, str]:
    """grid -> the id of a household there (generated addresses, no people)."""
    reg = RegistryService(town, TOWN)
    return {g: reg.create_household(g, f"测试路{i + 1}号") for i, g in enumerate((G1, G2, G3))}
