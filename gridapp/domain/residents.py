"""A resident's input and the resident list's filters: plain data, standard library only, which the residents
page and the CLI build and the registry service (services/registry.py) checks and applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ResidentInput:
    grid_code: str
    id_number: str
    name: str
    household_id: str | None = None
    gender: str | None = None  # derived from the ID number when not given
    birth_date: dt.date | None = None  # derived from the ID number when not given
    ethnicity: str | None = "01"
    phone: str | None = None
    resident_type: str = "1"
    relation_to_head: str | None = None
    current_address: str | None = None
    extra: dict[str, Any] | None = None


@dataclass(frozen=True)
class ResidentFilter:
    """Filters of the resident list (all optional; combined with AND)."""

    grid_code: str | None = None
    building_id: str | None = None
    household_id: str | None = None
    resident_type: str | None = None
    tag: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    status: str | None = "active"
