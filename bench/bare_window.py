"""Baseline for bench/startup.py: a bare PySide6 window, started and measured the same way as the app."""

import sys
import time

T0 = time.perf_counter()

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402

app = QApplication(sys.argv[:1])
win = QMainWindow()
win.setCentralWidget(QLabel("bare"))
win.resize(1280, 720)
win.show()


def ready() -> None:
    print(f"ready in {time.perf_counter() - T0:.3f} s", flush=True)
    win.close()


QTimer.singleShot(0, ready)
sys.exit(app.exec())
