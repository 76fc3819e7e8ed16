"""The layering contracts of DESIGN.md §2 hold (import-linter), and they would catch a violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "lint-imports"
    return subprocess.run([str(exe)], cwd=cwd, capture_output=True, text=True)


def test_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_qt_below_the_ui_is_caught(tmp_path):
    copy = tmp_path / "proj"
    shutil.copytree(ROOT / "gridapp", copy / "gridapp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "gridapp" / "services" / "stats.py"
    bad.write_text("from PySide6.QtCore import QObject  # noqa\n" + bad.read_text(encoding="utf-8"),
                   encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "Qt stays in the UI layer BROKEN" in result.stdout
