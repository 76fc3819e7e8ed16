"""Chinese by default with the shipped font; English from the shipped translation; the .ts is complete."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from gridapp.config import resources_dir
from gridapp.ui.i18n import FONT_FAMILY, install_font, install_translation

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_cjk_font_is_the_application_font(qapp):
    family = install_font(qapp)
    assert family == FONT_FAMILY
    assert qapp.font().family() == FONT_FAMILY
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert (resources_dir() / "fonts" / "LICENSE-wqy-microhei.txt").exists()


def test_english_translation_applies_to_the_main_window(qtbot, qapp, runner, settings, tmp_path):
    from gridapp.ui.main_window import MainWindow

    assert install_translation(qapp, "en")
    try:
        win = MainWindow(runner, settings, tmp_path / "x.sqlite3")
        qtbot.addWidget(win)
        labels = [win.nav.item(i).text() for i in range(win.nav.count())]
        assert labels[0] == "Home" and labels[-1] == "Settings" and labels[1] == "Residents"
    finally:
        install_translation(qapp, "zh_CN")
    win2 = MainWindow(runner, settings, tmp_path / "y.sqlite3")
    qtbot.addWidget(win2)
    assert win2.nav.item(0).text() == "首页"


def test_every_ui_string_is_in_the_english_translation(tmp_path):
    """lupdate over today's sources finds no string the .ts lacks, and none is left unfinished."""
    ts = resources_dir() / "translations" / "gridapp_en.ts"
    copy = tmp_path / "check.ts"
    copy.write_bytes(ts.read_bytes())
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "gridapp" / "ui").rglob("*.py")) + [str(ROOT / "gridapp" / "app.py")]
    subprocess.run([str(lupdate), "-silent", "-locations", "none", *sources, "-ts", str(copy)], check=True)
    root = ET.parse(copy).getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == [], f"strings without an English translation: {unfinished}"
    # the shipped .qm is what lrelease makes of the shipped .ts (compare contents, not file times)
    fresh = tmp_path / "fresh.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run: python tools/i18n.py release"


def test_event_code_table_labels_read_in_english(qapp):
    """The event classes, statuses, steps, sources and the like pass through codetr in the "codes" context."""
    from gridapp.domain import events as rules
    from gridapp.ui import codetr

    assert install_translation(qapp, "en")
    try:
        tables = (rules.EVENT_CLASS, *rules.EVENT_SUBCLASS.values(), rules.URGENCY, rules.SOURCE, rules.SATISFACTION,
                  rules.SUPERVISION_LEVEL, rules.STATUS, rules.ACTION)
        untranslated = [label for t in tables for label in t.values() if codetr.text(label) == label]
        assert untranslated == []
        assert codetr.text(rules.STATUS["reported"]) == "To accept" and codetr.text(rules.EVENT_CLASS["03"]) == "Safety hazard"
    finally:
        install_translation(qapp, "zh_CN")
    assert codetr.text(rules.STATUS["reported"]) == "待受理"
