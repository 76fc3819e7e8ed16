"""网格工作台 — start the desktop app. `python main.py [--db PATH] [--lang en]`; the CLI is `python -m gridapp`."""

import sys

from gridapp.app import run

if __name__ == "__main__":
    sys.exit(run())
