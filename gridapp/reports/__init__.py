"""PDF reports: ReportLab builders. Plain data in (gridapp.core.reportdata), PDF bytes out. No Qt, no
database: `gridapp.services.reports` gathers, scopes and masks the data these print."""

from __future__ import annotations

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


def render(data: (RosterData | HouseholdCardsData | VisitsData | SmallProjectsData | AssessmentData | EventsData
                 | PartyNetworkData | PartyCentresData | MonthlyData | ListedData),
           progress: Progress = NULL_PROGRESS) -> bytes:
    """The PDF for prepared report data, whichever report it is."""
    if isinstance(data, RosterData):
        return build_roster(data, progress)
    if isinstance(data, HouseholdCardsData):
        return build_household_cards(data, progress)
    if isinstance(data, VisitsData):
        return build_visits(data, progress)
    if isinstance(data, SmallProjectsData):
        return build_small_projects(data, progress)
    if isinstance(data, AssessmentData):
        return build_assessment(data, progress)
    if isinstance(data, EventsData):
        return build_events(data, progress)
    if isinstance(data, PartyNetworkData):
        return build_party_network(data, progress)
    if isinstance(data, PartyCentresData):
        return build_party_centres(data, progress)
    if isinstance(data, MonthlyData):
        return build_monthly(data, progress)
    if isinstance(data, ListedData):
        return build_listed(data, progress)
    raise TypeError(f"no builder for {type(data).__name__}")


def render_xlsx(data: object) -> bytes | None:
    """The same tables as an .xlsx workbook, for the reports that come as one; None for the others."""
    if isinstance(data, EventsData):
        return build_events_xlsx(data)
    if isinstance(data, MonthlyData):
        return build_monthly_xlsx(data)
    if isinstance(data, (PartyNetworkData, PartyCentresData)):
        return party_xlsx(data)
    if isinstance(data, ListedData):
        return build_listed_xlsx(data)
    return None


__all__ = ["build_assessment", "build_events", "build_events_xlsx", "build_household_cards", "build_listed",
           "build_listed_xlsx", "build_monthly",
           "build_monthly_xlsx", "build_party_centres", "build_party_network", "build_roster", "build_small_projects", "build_visits", "party_xlsx", "render",
           "render_xlsx"]
