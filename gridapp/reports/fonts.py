"""The app's CJK font for every report: WenQuanYi Micro Hei from resources/fonts, embedded as a subset,
so a report prints the same on any PC whatever fonts it has."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from gridapp.config import resources_dir

FONT = "WQYMicroHei"
MAX_ADVANCE_EM = 1.18  # the widest glyph of WenQuanYi Micro Hei is 1.174 em (a rare Cyrillic letter)
_lock = threading.Lock()


def register_font() -> str:
    """Register the font with ReportLab once per process; returns its name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            path = resources_dir() / "fonts" / "wqy-microhei.ttc"
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """`text` cut to `width` points with an ellipsis; never wraps (fixed row heights)."""
    if len(text) * size * MAX_ADVANCE_EM <= width:  # fits whatever the glyphs: the common case is free
        return text
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    ell = "…"
    room = width - pdfmetrics.stringWidth(ell, font, size)
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid], font, size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + ell
