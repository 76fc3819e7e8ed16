"""Fuzzing the package reader: damaged bytes are refused with a PackageError and nothing is written."""

from __future__ import annotations

import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridapp.core.errors import PackageError
from gridapp.db.models import Building
from gridapp.sync.changelog import ChangeWriter
from gridapp.sync.package import decode_part, encode_part
from tests.sync.nodes import C1, G1, make_tree, snapshot


@pytest.fixture(scope="module")
def pair(tmp_path_factory, template_db):
    folder = tmp_path_factory.mktemp("fuzz")
    nodes = make_tree(template_db, folder, codes=(C1, G1))
    g = nodes[G1]
    with g.db.write() as s:
        w = ChangeWriter(g.db, s)
        for i in range(20):
            w.insert(Building, {"name": f"{i}号楼", "unit_code": G1, "floors": i})
    path = folder / "good.gridpkg"
    g.sync.export(C1, path)
    yield nodes, path.read_bytes()
    for n in nodes.values():
        n.close()


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    import sqlite3

    from gridapp.db.database import open_database

    path = tmp_path_factory.mktemp("tpl") / "t.sqlite3"
    open_database(path, create=True).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM meta")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data())
def test_flipped_truncated_or_extended_packages_are_refused(pair, data):
    nodes, good = pair
    blob = bytearray(good)
    kind = data.draw(st.sampled_from(["flip", "truncate", "extend", "splice"]))
    if kind == "flip":
        for pos in data.draw(st.lists(st.integers(0, len(blob) - 1), min_size=1, max_size=4, unique=True)):
            blob[pos] ^= data.draw(st.integers(1, 255))
    elif kind == "truncate":
        blob = blob[: data.draw(st.integers(0, len(blob) - 1))]
    elif kind == "extend":
        blob += data.draw(st.binary(min_size=1, max_size=64))
    else:
        pos = data.draw(st.integers(0, len(blob)))
        blob[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
    with pytest.raises(PackageError):
        nodes[C1].sync.read(bytes(blob))


def test_a_damaged_package_writes_nothing_and_the_good_one_then_imports(pair):
    nodes, good = pair
    before = snapshot(nodes[C1].db)
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0xFF
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bad.gridpkg"
        p.write_bytes(bytes(bad))
        (r,) = nodes[C1].sync.import_files([p])
        assert r.status == "refused"
        assert snapshot(nodes[C1].db) == before
        p.write_bytes(good)
        (r,) = nodes[C1].sync.import_files([p])
        assert r.status == "imported" and r.new == 21


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda x: st.lists(x, max_size=4) | st.dictionaries(st.text(max_size=3), x, max_size=4),
                    max_leaves=20), st.integers(0, 3))
def test_the_part_decoder_refuses_any_malformed_document(doc, expected):
    blob = zlib.compress(json.dumps(doc).encode())
    try:
        out = decode_part(blob, expected)
    except PackageError:
        return
    assert len(out) == expected  # only a well-formed document of the right length decodes


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 3))
def test_the_part_decoder_refuses_random_bytes(blob, expected):
    try:
        decode_part(blob, expected)
    except PackageError:
        pass


def test_a_part_round_trips():
    changes = [{"node_id": "n1", "node_seq": i, "table_name": "building", "row_id": f"r{i}", "unit_code": G1,
                "op": "insert", "hlc": 1000 + i, "fields": '{"name":"楼"}', "base": None, "schema_rev": "0002b"}
               for i in range(1, 4)]
    out = decode_part(encode_part(changes), 3)
    assert [c["hlc"] for c in out] == [1001, 1002, 1003]
    assert out[0]["fields"] == {"name": "楼"} and out[0]["base"] is None


@pytest.mark.parametrize("texts", [['{"a":1},{"b":2}', '{"c":3}'], ['1],[2', "{}"], ['{"a":1}', ""]])
def test_a_fields_text_that_is_not_exactly_one_object_is_refused(texts):
    changes = [{"node_id": "n1", "node_seq": i, "table_name": "building", "row_id": f"r{i}", "unit_code": G1,
                "op": "insert", "hlc": 1000 + i, "fields": t, "base": None, "schema_rev": "0002b"}
               for i, t in enumerate(texts, start=1)]
    with pytest.raises(PackageError):
        decode_part(encode_part(changes), len(texts))
