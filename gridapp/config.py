"""Per-user settings outside the database (language, last database) and the standard locations.

Locations follow platformdirs, so on Windows the database lives under %LOCALAPPDATA%\\gridapp.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP = "gridapp"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def os_user() -> str:
    """The operating-system account: who prints, when the database has no users."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # Windows without USERNAME, containers without a passwd entry
        return "—"


def data_dir() -> Path:
    override = os.environ.get("GRIDAPP_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("GRIDAPP_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "gridapp.sqlite3"


def resources_dir() -> Path:
    """resources/ beside the package in a checkout, or inside the PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass
class Settings:
    language: str = "zh_CN"
    last_db: str | None = None
    resident_columns: list[str] | None = None  # the resident list's visible columns (None: all)
    resident_sort: str = "name"
    resident_sort_desc: bool = False
    dialog_sizes: dict[str, list[int]] | None = None  # the size the user last gave each kind of form dialog

    @classmethod
    def load(cls) -> Settings:
        path = config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: raw[k] for k in asdict(cls()) if k in raw}
        settings = cls(**known)
        if settings.language not in LANGUAGES:
            settings.language = "zh_CN"
        return settings

    def save(self) -> None:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "settings.json.tmp"
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, folder / "settings.json")
