"""The audit log as a lazy ledger (issue 13): every entry of the filter, no cap, sorted in SQL, in scope."""

from __future__ import annotations

import pytest

from gridapp.core.errors import GridappError
from gridapp.services.audit import record
from gridapp.sync.changelog import ChangeWriter
from tests.services.test_security import ADMIN_PW, COMM, sessions, town  # noqa: F401 - fixtures

MANY = 5_100  # more than the old dialog's cap of 5,000 rows


def test_every_entry_is_listed_newest_first_without_a_cap(town, sessions):  # noqa: F811
    path, _ids, _ = town
    admin = sessions(path, "admin", ADMIN_PW)
    with admin.db.write() as s:
        writer = ChangeWriter(admin.db, s)  # one writer for the batch, as a bulk write has (its clock rows set once)
        for i in range(MANY):
            record(admin.db, s, admin.principal, "export", unit_code=COMM, detail={"n": i}, writer=writer)
    audit = admin.audit()
    ids = audit.ledger_ids()
    assert len(ids) == len(audit.search()) > MANY
    assert len(audit.ledger_ids(action="export")) == MANY
    first, last = audit.ledger_rows(ids[:1])[0], audit.ledger_rows(ids[-1:])[0]
    assert first.at >= last.at and first.sentence  # rows come with their sentence
    page = audit.ledger_rows(ids[4_990:5_010])  # a page past the old cap reads as any other
    assert all(e is not None and e.id == i for e, i in zip(page, ids[4_990:5_010], strict=True))
    by_unit = audit.ledger_rows(audit.ledger_ids(sort="unit", descending=False))
    assert [e.unit_code for e in by_unit] == sorted(e.unit_code for e in by_unit)
    with pytest.raises(GridappError):
        audit.ledger_ids(sort="nonsense")


def test_the_ledger_keeps_to_the_users_scope(town, sessions):  # noqa: F811
    path, _ids, _ = town
    office = sessions(path, "office2")  # the office of the other community (it may read the audit log)
    admin = sessions(path, "admin", ADMIN_PW)
    everything = admin.audit().ledger_ids()
    mine = office.audit().ledger_ids()
    assert mine and set(mine) < set(everything)
    rows = office.audit().ledger_rows(everything)  # an id outside the office's community reads as None
    assert {r.id for r in rows if r is not None} == set(mine)
    assert all(r.unit_code.startswith(office.principal.unit_code) for r in rows if r is not None)
