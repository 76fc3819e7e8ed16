"""A small town for the party network: one community, two grids, buildings, households and residents made up
here (no personal data: ID numbers are generated)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from gridapp.core.idnumber import make_id
from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.services.party import PartyService
from gridapp.services.registry import RegistryService, ResidentInput
from gridapp.services.units import UnitService

TOWN, COMMUNITY = "370303001", "370303001001"
GRID1, GRID2 = "370303001001001", "370303001001002"
TODAY = dt.date(2026, 12, 1)


def person(role: Role, unit: str, name: str = "") -> Principal:
    return Principal(f"u-{role.value}-{unit}", f"{role.value}{unit[-3:]}", role, unit, display_name=name or role.value)


def party(db, role: Role = Role.OFFICE, unit: str = COMMUNITY) -> PartyService:
    return PartyService(db, person(role, unit), today=lambda: TODAY)


@dataclass
class Town:
    db: object
    buildings: dict[str, str] = field(default_factory=dict)  # "g1b1" -> id
    households: dict[str, list[str]] = field(default_factory=dict)  # "g1b1" -> ids
    residents: dict[str, str] = field(default_factory=dict)  # household id -> resident id (the head)


def build_town(db, *, households_per_building: int = 6) -> Town:
    units = UnitService(db)
    units.initialise(TOWN, "城东街道", Level.TOWN)
    units.add(COMMUNITY, "和平社区")
    units.add(GRID1, "第1网格")
    units.add(GRID2, "第2网格")
    reg = RegistryService(db, TOWN)
    town = Town(db)
    seq = 0
    for g, grid in (("g1", GRID1), ("g2", GRID2)):
        for b in (1, 2):
            key = f"{g}b{b}"
            bid = reg.create_building(grid, f"{g[-1]}区{b}号楼", address=f"人民路{g[-1]}{b}号")
            town.buildings[key] = bid
            town.households[key] = []
            for r in range(1, households_per_building + 1):
                hid = reg.create_household(grid, f"人民路{g[-1]}{b}号{r}01室", building_id=bid)
                town.households[key].append(hid)
                seq += 1
                rid = reg.create_resident(ResidentInput(
                    grid_code=grid, id_number=make_id("370303", dt.date(1960 + seq % 30, 1 + seq % 12, 3), seq),
                    name=f"测试{seq:03d}", household_id=hid, relation_to_head="02"))
                town.residents[hid] = rid
    return town


@pytest.fixture
def town(db) -> Town:
    return build_town(db)
