"""Reading a report PDF the way the tests need: text per page (pypdf), embedded fonts."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

FULL_ID = re.compile(r"\d{17}[\dX]")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page → whether its file is embedded (/FontFile2 in its descriptor)."""
    found: dict[str, bool] = {}
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return found
