"""The window paints before the database stack is imported: building the main window imports neither
SQLAlchemy nor the models nor the services (the worker imports them while the window shows; the pages take
their input dataclasses and constants from gridapp.domain), nor any page but the home page (each is built on
its first show)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gridapp.config import Settings
from gridapp.ui.main_window import MainWindow
from gridapp.ui.runner import DbRunner
runner = DbRunner()
window = MainWindow(runner, Settings(), Path("does-not-exist.sqlite3"))
window.show()
app.processEvents()
pages = [m for m in sys.modules if m.startswith("gridapp.ui.") and m.endswith("_page")]
heavy = [m for m in ("reportlab", "openpyxl", "python_calamine", "pypdfium2", "PySide6.QtPrintSupport")
         if m in sys.modules]
print("at start:", sorted(pages), heavy)
for key in window.pages:
    window.show_page(key)
    app.processEvents()
print(sorted(m for m in ("sqlalchemy", "gridapp.db", "gridapp.services", "pypinyin") if m in sys.modules))
runner.shutdown()
"""


def test_building_and_showing_every_page_imports_no_database_code(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "GRIDAPP_CONFIG_DIR": str(tmp_path / "cfg")}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_the_window_starts_without_building_a_page_or_importing_heavy_modules(tmp_path):
    """Pages are built on first show: start-up imports no page module, nor the PDF, Excel and print stacks."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "GRIDAPP_CONFIG_DIR": str(tmp_path / "cfg")}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("at start:"))
    assert line == "at start: [] []", line
