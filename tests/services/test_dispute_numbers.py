"""Issue 14: a dispute number short enough to read out on the phone, the full one still unique everywhere."""

from __future__ import annotations

from gridapp.services.disputes import short_number


def test_the_short_number_is_year_sequence_and_three_digits_of_the_node():
    full = "370303001001002-2026-0007-00000000deadbeef"
    assert short_number(full) == "2026-0007-000"
    assert short_number("370303001001002-2026-0007-000003e9ffffffff") == "2026-0007-001"  # 0x3e9 = 1001
    assert len(short_number("370303001001002-2026-0123-a3f9c2d14b5e6f70")) == len("2026-0123-000")
    assert short_number("not-a-number") == "not-a-number"


def test_registered_numbers_keep_the_node_and_read_short(community):
    import datetime as dt

    from gridapp.services.disputes import DisputeInput, DisputeService

    svc = DisputeService(community.db, community.code)
    data = DisputeInput(grid_code=community.grids[0], name="邻里噪音", occurred_on=dt.date.today(), place="某楼",
                        category="01", scale="01", people=2, deadline=dt.date.today() + dt.timedelta(days=10))
    d = svc.get(svc.register(data))
    assert d.number.endswith(community.db.node_id)  # the full number: unique across installations
    year = dt.date.today().year
    assert d.short_number == f"{year}-0001-{int(community.db.node_id[:8], 16) % 1000:03d}"
