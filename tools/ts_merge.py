"""Merge the translations of other .ts files into one after `lupdate` (e.g. after merging branches that
both added UI strings): every unfinished message whose (context, source) has a translation in one of the
given files gets it.

    python tools/ts_merge.py TARGET.ts OTHER.ts [OTHER.ts ...]
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def translations(path: str) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete", "vanished"):
                found[(name, m.findtext("source") or "")] = tr.text
    return found


def main(target: str, others: list[str]) -> None:
    known: dict[tuple[str, str], str] = {}
    for other in others:
        known.update(translations(other))
    tree = ET.parse(target)
    missing = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is not None and tr.get("type") == "unfinished":
                text = known.get((name, m.findtext("source") or ""))
                if text:
                    tr.text = text
                    del tr.attrib["type"]
                else:
                    missing.append((name, m.findtext("source")))
    tree.write(target, encoding="utf-8", xml_declaration=True)
    for name, source in missing:
        print(f"untranslated: [{name}] {source}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
