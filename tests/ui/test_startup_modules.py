"""The whole desktop start, login included, up to the usable window (the home page's counts shown) and out
again: `main.py --db … --smoke` on an encrypted database with residents, in a fresh process. It must not load
what only a page, a command or a report needs: Alembic (the schema is already at head), the PostgreSQL
dialect, the PDF/Excel/print/chart stacks, pinyin, the demo generator, the hub's HTTP client, nor any page but
the home page; and up to the usable window, not the models of the tables it does not read (gridapp.db.area_models).
A real start is checked here, not a timing: the figures are bench/startup.py's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gridapp.demo import DemoGenerator
from gridapp.services.session import AppSession

ROOT = Path(__file__).resolve().parents[2]

# modules (and packages: their submodules count) that a start to the home page has no use for
NOT_AT_START = (
    "alembic", "sqlalchemy.dialects.postgresql", "psycopg", "psycopg2", "reportlab", "openpyxl",
    "python_calamine", "pypdfium2", "pypinyin", "faker", "httpx", "hypothesis", "PySide6.QtCharts",
    "PySide6.QtPrintSupport", "PySide6.QtPdf", "gridapp.demo", "gridapp.cli", "gridapp.hub.server",
    "gridapp.reports", "gridapp.ui.first_run",
    "gridapp.ui.dashboard",  # the administrator's home page has no indicators' dashboard
    "cryptography.hazmat.primitives.serialization",  # the login's unwrap needs the raw X25519 keys only
)
# and what the usable window has no use for yet: the models of the tables it does not read (SQLAlchemy's mapping of
# them took a tenth of a second of every start); 今日待办, read just after, maps them
NOT_BEFORE_READY = ("gridapp.db.area_models",)

SCRIPT = """
import sys
import gridapp.ui.main_window as main_window
from gridapp.app import run

at_ready = []
_init = main_window.MainWindow.__init__


def init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.ready.connect(lambda: at_ready.append(set(sys.modules)))  # before the app's own handler (connected later)


main_window.MainWindow.__init__ = init
code = run(["--db", sys.argv[1], "--smoke"])
watched = sys.argv[2].split(",")
loaded = sorted({w for w in watched for m in sys.modules if m == w or m.startswith(w + ".")})
pages = sorted(m for m in sys.modules if m.startswith("gridapp.ui.") and m.endswith("_page"))
print("loaded:", loaded, pages)
print("before ready:", sorted(m for m in sys.argv[3].split(",") if m in at_ready[0]) if at_ready else "never ready")
print("core:", all(m in sys.modules for m in ("gridapp.db.models", "gridapp.services.stats")))
sys.exit(code)
"""


def test_a_start_to_the_usable_window_loads_nothing_only_pages_or_commands_need(tmp_path):
    path = tmp_path / "start.sqlite3"
    session = AppSession.create(path, unit_code="370303001", unit_name="城东街道", level="town",
                                admin_name="chief", admin_password="Start-2026x")
    try:
        DemoGenerator(session.db, seed=3).run(150)
    finally:
        session.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "GRIDAPP_CONFIG_DIR": str(tmp_path / "cfg"), "GRIDAPP_DATA_DIR": str(tmp_path / "data"),
           "GRIDAPP_USER": "chief", "GRIDAPP_PASSWORD": "Start-2026x"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path), ",".join(NOT_AT_START), ",".join(NOT_BEFORE_READY)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("ready in") for line in lines), out.stdout  # the counts were shown
    assert "core: True" in lines, out.stdout  # it did sign in and read the database
    assert "loaded: [] []" in lines, out.stdout
    assert "before ready: []" in lines, out.stdout
