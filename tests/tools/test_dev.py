"""tools/dev.py: what the Qt xcb platform plugin lacks is named as the packages to install."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("gridapp_dev_tool", ROOT / "tools" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LDD_BARE_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd1b7e2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1a2c000000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f1a2b000000)
\tlibweird-thing.so.3 => not found
"""


def test_missing_libraries_are_read_from_ldd_once_each(dev):
    assert dev.missing_libraries(LDD_BARE_DEBIAN) == [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libweird-thing.so.3"]
    assert dev.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_missing_libraries_map_to_debian_packages(dev):
    packages, unknown = dev.packages_for(dev.missing_libraries(LDD_BARE_DEBIAN))
    assert packages == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert unknown == ["libweird-thing.so.3"]


def test_headless_platform_is_not_checked(dev, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(dev, "qt_platform_problem", lambda: pytest.fail("must not look at the xcb plugin"))
    dev.check_qt_platform()


def test_missing_packages_stop_with_the_install_command(dev, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)  # not root: never installs
    monkeypatch.setattr(dev, "qt_platform_problem", lambda: (["libxcb-cursor0", "libxcb-icccm4"], []))
    with pytest.raises(SystemExit) as stop:
        dev.check_qt_platform()
    message = str(stop.value.code)
    assert "sudo apt-get install -y --no-install-recommends libxcb-cursor0 libxcb-icccm4" in message
    assert "缺少系统库" in message


def test_no_display_is_said_plainly(dev, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(SystemExit) as stop:
        dev.check_qt_platform()
    assert "xvfb-run" in str(stop.value.code)


def test_this_machine_answers_without_error(dev):
    packages, unknown = dev.qt_platform_problem()
    assert all(isinstance(p, str) and p for p in packages + unknown)
