"""Packages written by earlier releases still import (the files in tests/sync/golden are never rewritten)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.db.models import Building, Household, Resident, SyncNode, SyncPeer
from gridapp.services.sync import SyncService
from gridapp.sync.crypto import NodeKeys
from tests.sync.golden.make_golden import IDENTITIES, make_db

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def community(tmp_path):
    db = make_db(tmp_path, "community")
    g = IDENTITIES["grid"]
    keys = NodeKeys(g["sign"], g["box"])
    with db.write() as s:
        s.add(SyncPeer(node_id=g["node_id"], unit_code=g["unit"], unit_name=g["name"], role="child",
                       sign_pub=keys.sign_pub, box_pub=keys.box_pub, fingerprint=keys.fingerprint,
                       enrolled_at=dt.datetime(2026, 11, 26), acked={}))
        s.add(SyncNode(node_id=g["node_id"], unit_code=g["unit"]))
    yield db
    db.close()


def test_v1_package_from_a_grid_still_imports(community):
    (res,) = SyncService(community).import_files([GOLDEN / "v1-grid-to-community.gridpkg"])
    assert res.status == "imported", res.message
    assert res.refused == 0
    with community.read() as s:
        buildings = {b.name: b for b in s.execute(select(Building)).scalars()}
        person = s.execute(select(Resident)).scalar_one()
        assert s.execute(select(Household)).scalar_one().address == "和平路1号1单元101"
    assert buildings["1号楼"].floors == 6 and not buildings["1号楼"].deleted
    assert buildings["临时板房"].deleted
    assert person.name == "张三" and person.birth_date == dt.date(1949, 12, 31) and person.phone == "13800000000"
    assert person.origin_node == IDENTITIES["grid"]["node_id"]
    (again,) = SyncService(community).import_files([GOLDEN / "v1-grid-to-community.gridpkg"])
    assert again.status == "already"
