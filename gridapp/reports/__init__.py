"""PDF reports: ReportLab builders. Plain data in (gridapp.core.reportdata), PDF bytes out. No Qt, no
database: `gridapp.services.reports` gathers, scopes and masks the data these print."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.core.reportdata import (
    AssessmentData,
    EventsData,
    HouseholdCardsData,
    ListedData,
    MonthlyData,
    PartyCentresData,
    PartyNetworkData,
    RosterData,
    SmallProjectsData,
    VisitsData,
)

from .assessment import build_assessment
from .events import build_events, build_events_xlsx
from .household_card import build_household_cards
from .listed import build_listed, build_listed_xlsx
from .monthly import build_monthly, build_monthly_xlsx
from .party import build_party_centres, build_party_network, party_xlsx
from .roster import build_roster
from .small_projects import build_small_projects
from .visits import build_visits

ReportData = (RosterData | HouseholdCardsData | VisitsData | SmallProjectsData | AssessmentData | EventsData
              | PartyNetworkData | PartyCentresData | MonthlyData | ListedData)
Builder = Callable[[Any, Progress], bytes]

# each kind of report data and the builder that prints it (PDF), and the ones that also come as a workbook
BUILDERS: dict[type, Builder] = {
    RosterData: build_roster, HouseholdCardsData: build_household_cards, VisitsData: build_visits,
    SmallProjectsData: build_small_projects, AssessmentData: build_assessment, EventsData: build_events,
    PartyNetworkData: build_party_network, PartyCentresData: build_party_centres, MonthlyData: build_monthly,
    ListedData: build_listed,
}
XLSX_BUILDERS: dict[type, Callable[[Any], bytes]] = {
    EventsData: build_events_xlsx, MonthlyData: build_monthly_xlsx, PartyNetworkData: party_xlsx,
    PartyCentresData: party_xlsx, ListedData: build_listed_xlsx,
}


def render(data: ReportData, progress: Progress = NULL_PROGRESS) -> bytes:
    """The PDF for prepared report data, whichever report it is."""
    builder = BUILDERS.get(type(data))
    if builder is None:
        raise TypeError(f"no builder for {type(data).__name__}")
    return builder(data, progress)


def render_xlsx(data: object) -> bytes | None:
    """The same tables as an .xlsx workbook, for the reports that come as one; None for the others."""
    builder = XLSX_BUILDERS.get(type(data))
    return builder(data) if builder is not None else None


__all__ = ["build_assessment", "build_events", "build_events_xlsx", "build_household_cards", "build_listed",
           "build_listed_xlsx", "build_monthly",
           "build_monthly_xlsx", "build_party_centres", "build_party_network", "build_roster", "build_small_projects", "build_visits", "party_xlsx", "render",
           "render_xlsx"]
