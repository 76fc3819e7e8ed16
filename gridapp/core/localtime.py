"""Beijing time for people: the database stores UTC; screens, reports and files show Asia/Shanghai.

China has one time zone and no daylight saving time, so a fixed +08:00 offset is exact and needs no
tz database (which a bare Windows Python lacks).
"""

from __future__ import annotations

import datetime as dt

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def to_china(moment: dt.datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str | None:
    """A stored moment (aware, naive UTC, or ISO text) as Beijing time; None stays None, bad text is kept."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        try:
            parsed = dt.datetime.fromisoformat(moment)
        except ValueError:
            return moment
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(CHINA_TIME).strftime(fmt)


def ms_to_china(ms: int, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """Unix milliseconds (e.g. an HLC's physical part) as Beijing time."""
    return dt.datetime.fromtimestamp(ms / 1000, CHINA_TIME).strftime(fmt)


def now_china() -> dt.datetime:
    return dt.datetime.now(CHINA_TIME)


# Today's date in China (the date of events) is `gridapp.domain.clock.today` (one clock, fixed in tests);
# month steps and periods are in `gridapp.domain.periods`.
