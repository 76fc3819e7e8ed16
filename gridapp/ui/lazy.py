"""Service modules for the pages, imported on first use.

The services import SQLAlchemy and the models (with pypinyin's dictionaries): about 0.7 s on a laptop. The
pages only need their plain parts (input dataclasses, validators, constants) when a user opens a form, by
which time the database worker has imported them anyway. So the window paints without them; a test proves
that building the main window imports no database code.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module; the first attribute read imports it."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


def lazy(name: str) -> Any:
    return LazyModule(name)
