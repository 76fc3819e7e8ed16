"""What a report is asked for (`ReportRequest`): plain data (standard library only) that the page builds and the
report service (gridapp.services.reports) checks, prepares and audits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportRequest:
    name: str  # a CATALOGUE name
    unit_code: str
    period: str  # YYYY-MM
    printed_by: str = ""
    reveal: bool = False  # print full ID numbers and phones (needs the permission; audited)
    building_id: str | None = None  # roster: limit to one building
    household_id: str | None = None  # household card: one household
    scheme_id: str | None = None  # assessment: the scheme (default: the unit's scheme of the period)
