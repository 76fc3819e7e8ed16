"""The ledgers' shared sort keys."""

from __future__ import annotations

from gridapp.db.models import Dispute
from gridapp.services import paging
from gridapp.services.disputes import DisputeService


def test_dated_sorts_puts_the_date_after_each_key_and_keeps_given_tuples():
    sorts = paging.dated_sorts("day", "hlc", number=("no",), name="name", grid="unit")
    assert sorts == {"date": ("day", "hlc"), "number": ("no",), "name": ("name", "day"), "grid": ("unit", "day")}
    assert list(sorts) == ["date", "number", "name", "grid"]  # the order the refusal lists them in


def test_the_dispute_ledger_sorts_by_its_columns_then_the_day():
    sorts = DisputeService.LEDGER_SORTS
    assert list(sorts) == ["date", "number", "name", "category", "scale", "people", "grid", "status", "deadline"]
    assert sorts["number"] == (Dispute.number,)
    assert sorts["date"][0] is Dispute.occurred_on and sorts["date"][1] is Dispute.number
    assert sorts["grid"][0] is Dispute.unit_code and sorts["grid"][1] is Dispute.occurred_on
