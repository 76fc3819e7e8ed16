"""Fonts and translations: the app's own CJK font and the Qt translators, Chinese first."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gridapp.config import resources_dir

log = logging.getLogger(__name__)
FONT_FILE = "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
_translators: list[QTranslator] = []
_running = ["zh_CN"]  # the language installed last (zh_CN, the source strings, until one is)


def install_font(app: QApplication, point_size: float = 10.0) -> str:
    """Load the shipped CJK font and make it the application font; returns the family used."""
    path = resources_dir() / "fonts" / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled font %s", path)
        return app.font().family()
    font = QFont(families[0])
    font.setPointSizeF(point_size)
    app.setFont(font)
    return families[0]


def colon() -> str:
    """What stands between a label and its value: "：" in Chinese, ": " in English (a translation)."""
    return QCoreApplication.translate("punctuation", "：")


def semicolon() -> str:
    """What separates the items of a list on one line: "；" in Chinese, "; " in English."""
    return QCoreApplication.translate("punctuation", "；")


def enumeration() -> str:
    """What separates the items of an enumeration: "、" in Chinese, ", " in English."""
    return QCoreApplication.translate("punctuation", "、")


def translations_dir() -> Path:
    return resources_dir() / "translations"


def running_language() -> str:
    """The language the interface runs in: the last one `install_translation` installed (it may differ from
    the saved setting, e.g. when started with --lang)."""
    return _running[0]


def install_translation(app: QCoreApplication, language: str) -> bool:
    """Install the translator for `language` ("zh_CN" needs none: the source strings are Chinese)."""
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _translators.append(qt)
        _running[0] = language
        return True
    QLocale.setDefault(QLocale(QLocale.Language.English))
    ours = QTranslator(app)
    if not ours.load(f"gridapp_{language}", str(translations_dir())):
        log.warning("no translation for %s in %s", language, translations_dir())
        return False
    app.installTranslator(ours)
    _translators.append(ours)
    _running[0] = language
    return True
