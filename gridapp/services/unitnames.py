"""How units are named in lists, combos and reports: one rule for every area.

Grids of different communities are usually all called 第1网格, 第2网格 …, so wherever grids of several
communities can appear together a grid is named with its community in front: "和平社区 第1网格". Within one
community the grid's own name is enough.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.core.orgcode import Level
from gridapp.db.models import OrgUnit

COMMUNITY_CODE_LENGTH = 12
GRID_CODE_LENGTH = 15


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\uffff"


def grid_labels(s: Session, scope: str, *, include_retired: bool = False) -> dict[str, str]:
    """code → label of the grids within `scope`, in code order: the community's name in front when the scope
    spans grids of several communities."""
    lo, hi = _prefix_range(scope)
    q = select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
        OrgUnit.code >= lo, OrgUnit.code < hi, OrgUnit.deleted.is_(False),
        OrgUnit.level.in_([Level.GRID.value, Level.COMMUNITY.value]))
    if not include_retired:  # retired units stay for history (lists of records), not for new work
        q = q.where(OrgUnit.retired_on.is_(None))
    units: dict[str, str] = {}
    grids: list[str] = []
    for code, name, level in s.execute(q.order_by(OrgUnit.code)).all():
        units[code] = name
        if level == Level.GRID.value:
            grids.append(code)
    communities = {c[:COMMUNITY_CODE_LENGTH] for c in grids}
    several = len(communities) > 1
    if several and communities - units.keys():  # communities outside the rows read (never for a real tree)
        units.update(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_(communities - units.keys()))).tuples().all())
    return {c: (f"{units.get(c[:COMMUNITY_CODE_LENGTH], c[:COMMUNITY_CODE_LENGTH])} {units[c]}" if several
                else units[c]) for c in grids}


def label_of(s: Session, code: str) -> str:
    """One unit's label: a grid with its community in front, any other unit by its name."""
    if len(code) == GRID_CODE_LENGTH:
        rows = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_([code, code[:COMMUNITY_CODE_LENGTH]]))).tuples().all())
        if code in rows:
            community = rows.get(code[:COMMUNITY_CODE_LENGTH])
            return f"{community} {rows[code]}" if community else rows[code]
        return code
    return s.execute(select(OrgUnit.name).where(OrgUnit.code == code)).scalar() or code


def labels_of(s: Session, codes: Iterable[str]) -> dict[str, str]:
    """code → label for many units in one query, as `label_of` names one: a grid with its community in front,
    any other unit by its name; a code not found reads as itself."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    ask = wanted | {c[:COMMUNITY_CODE_LENGTH] for c in wanted if len(c) == GRID_CODE_LENGTH}
    names = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(OrgUnit.code.in_(ask))).tuples().all())
    out: dict[str, str] = {}
    for c in wanted:
        name = names.get(c)
        if name is None:
            out[c] = c
            continue
        community = names.get(c[:COMMUNITY_CODE_LENGTH]) if len(c) == GRID_CODE_LENGTH else None
        out[c] = f"{community} {name}" if community else name
    return out


def filter_choices(s: Session, scope: str) -> list[tuple[str, str, str]]:
    """(code, label, level) for a list's unit filter: the communities of the scope (when it spans several) each
    followed by their grids, named as `grid_labels` names them."""
    grids = grid_labels(s, scope)
    communities = sorted({c[:COMMUNITY_CODE_LENGTH] for c in grids})
    out: list[tuple[str, str, str]] = []
    if len(communities) > 1:
        names = dict(s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.in_(communities))).tuples().all())
        for community in communities:
            out.append((community, names.get(community, community), Level.COMMUNITY.value))
            out += [(c, label, Level.GRID.value) for c, label in grids.items()
                    if c.startswith(community)]
    else:
        out += [(c, label, Level.GRID.value) for c, label in grids.items()]
    return out
