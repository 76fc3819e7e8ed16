"""考核排名 on a city's 指标看板: the districts ranked by their published totals, the towns' results counted into each
district's score (下级考核成绩 column, its source in the tooltip); the office clerk clicks 全部得分 for every score."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt

from gridapp.core.orgcode import Level
from gridapp.core.permissions import Principal, Role
from gridapp.domain import clock
from gridapp.services.assessment import AssessmentService, Indicator, Rule, SchemeInput
from gridapp.services.session import AppSession
from gridapp.services.units import UnitService

CITY, D1, D2 = "3703", "370303", "370304"
TODAY = dt.date(2026, 12, 20)
MANUAL = [Indicator("m1", "日常工作", 40), Indicator("m2", "群众满意", 60)]


def who(unit: str, role: Role = Role.OFFICE) -> Principal:
    return Principal(f"u-{unit}-{role.value}", f"{role.value}{unit}", role, unit, display_name=f"{unit}综治中心")


def build(db) -> str:
    units = UnitService(db)
    units.initialise(CITY, "淄博市", Level.CITY)
    for code, name in ((D1, "张店区"), (D2, "博山区"), ("370303001", "城东街道"), ("370303002", "城西街道"),
                       ("370304001", "山头街道")):
        units.add(code, name)
    d1 = AssessmentService(db, who(D1), today=lambda: TODAY)
    sid = d1.create_scheme(SchemeInput("2026年镇街考核", "2026", "town", MANUAL, Rule(1, 1)))
    for town, (a, b) in (("370303001", (38, 52)), ("370303002", (25, 40))):
        d1.set_score(sid, town, "m1", a)
        d1.set_score(sid, town, "m2", b)
    d1.publish(sid)
    city = AssessmentService(db, who(CITY), today=lambda: TODAY)
    sid = city.create_scheme(SchemeInput("2026年区县社会治理考核", "2026", "district",
                                         [Indicator("r1", "镇街考核成绩", 30, "below_results"),
                                          Indicator("m1", "综治中心规范化建设", 70)], Rule(1, 1)))
    city.set_score(sid, D1, "m1", 50)
    city.set_score(sid, D2, "m1", 65)
    city.publish(sid)
    return sid


def test_a_city_office_sees_the_districts_ranked_with_the_towns_results_counted_in(qtbot, runner, db):
    from gridapp.ui.dashboard import IndicatorDashboard

    sid = build(db)
    shot = os.environ.get("GRIDAPP_SHOT_DIR")
    if shot:  # the app's own CJK font, installed before the widgets are built (as the app does)
        from PySide6.QtWidgets import QApplication

        from gridapp.ui.i18n import install_font
        install_font(QApplication.instance())
    published = AssessmentService(db, who(CITY), today=lambda: TODAY).result(sid)
    with clock.frozen(TODAY):
        page = IndicatorDashboard(runner)
        qtbot.addWidget(page)
        page.resize(1160, 560)
        page.show()
        with qtbot.waitSignal(page.standing_loaded, timeout=30000):
            page.set_session(AppSession(db, who(CITY)))
        panel = page.standing
        assert panel.isVisible() and panel.table.rowCount() == 2
        assert not panel.table.isColumnHidden(3)
        rows = {panel.table.item(r, 1).text(): r for r in range(2)}
        d1 = rows["张店区"]
        # 张店区's towns got 90 and 65 of 100: 77.5% of 30 points
        assert panel.table.item(d1, 3).text() == "23.2"
        assert "155/200" in panel.table.item(d1, 3).toolTip()
        # nothing published below: no full marks, the roll-up takes no part (said so) and 70 points are rescaled
        assert panel.table.item(rows["博山区"], 3).text() == "—"
        assert "不参与" in panel.table.item(rows["博山区"], 3).toolTip()
        assert panel.table.item(rows["博山区"], 2).text() == "92.9"  # 65 of 70 → of 100
        assert [panel.table.item(r, 1).text() for r in range(2)] == [r.name for r in published.rows]
        qtbot.mouseClick(panel.all, Qt.MouseButton.LeftButton)
        assert panel.dialog.table.rowCount() == 2 and "镇街考核成绩（30）" in [
            panel.dialog.table.horizontalHeaderItem(c).text() for c in range(panel.dialog.table.columnCount())]
        if shot:
            qtbot.waitUntil(lambda: page.cards["visit_rate"].chart is not None, timeout=30000)
            page.grab().save(os.path.join(shot, "dashboard_city_standing.png"))
        panel.dialog.close()
