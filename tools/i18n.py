"""Translations: `python tools/i18n.py update` extracts the UI's strings into the .ts files (keeping
existing translations); `python tools/i18n.py release` compiles them to the .qm files the app loads.

The source strings are Simplified Chinese (the default language); gridapp_en.ts holds English.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ["en"]
SOURCES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gridapp" / "ui").rglob("*.py")) + ["gridapp/app.py"]


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(exe) if exe.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found: install PySide6 in this environment")
    return found


def update() -> None:
    for lang in LANGUAGES:
        ts = TS_DIR / f"gridapp_{lang}.ts"
        subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "none", "-source-language", "zh_CN",
                        "-target-language", lang, *SOURCES, "-ts", str(ts)], cwd=ROOT, check=True)


def release() -> None:
    for lang in LANGUAGES:
        ts = TS_DIR / f"gridapp_{lang}.ts"
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)


if __name__ == "__main__":
    {"update": update, "release": release}[sys.argv[1] if len(sys.argv) > 1 else "release"]()
