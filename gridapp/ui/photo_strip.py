"""现场照片 for a ledger record (a household visit, an 八小工程 record): its photos as thumbnails, 添加照片… and a
double-click to see one. The record's service (VisitService, SmallProjectService) does the work through the
page's runner: `add_photo(record_id, bytes)`, `photos(record_id)`, `photo(record_id, photo_id)`. The module's
functions (a thumbnail item, the file chooser, the file read, the photo window) serve the events page too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_FILE = 25 * 1024 * 1024  # as services.photos.MAX_INPUT: a larger file is not read into memory at all


def photo_list(name: str, on_open: Any) -> QListWidget:
    """A one-row strip of photo thumbnails; a double-click calls `on_open(item)`."""
    strip = QListWidget()
    strip.setObjectName(name)
    strip.setViewMode(QListWidget.ViewMode.IconMode)
    strip.setIconSize(QSize(96, 72))
    strip.setFixedHeight(96)
    strip.setFlow(QListWidget.Flow.LeftToRight)
    strip.setWrapping(False)
    strip.setToolTip(QCoreApplication.translate("PhotoStrip", "双击查看照片"))
    strip.itemDoubleClicked.connect(on_open)
    return strip


def photo_item(ph: Any) -> QListWidgetItem:
    """A photo's thumbnail item (its id in UserRole; a photo synced from another installation whose thumbnail
    has not come yet shows （待同步）)."""
    pixmap = QPixmap()
    pixmap.loadFromData(ph.thumb)
    text = f"{ph.added_on:%m-%d}" + ("" if ph.thumb else QCoreApplication.translate("PhotoStrip", "（待同步）"))
    item = QListWidgetItem(QIcon(pixmap), text)
    item.setData(Qt.ItemDataRole.UserRole, ph.id)
    item.setToolTip(QCoreApplication.translate("PhotoStrip", "{who} 于 {on} 添加，{w}×{h}").format(
        who=ph.added_by, on=ph.added_on, w=ph.width, h=ph.height))
    return item


def choose_photo_file(parent: QWidget) -> str:
    """添加照片's file chooser: a JPEG/PNG/HEIC file's path, or "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("PhotoStrip", "添加照片"), "",
        QCoreApplication.translate("PhotoStrip", "照片 (*.jpg *.jpeg *.png *.heic *.heif);;所有文件 (*)"))
    return path


def read_photo_file(path: str) -> bytes:
    """A photo file's bytes, for the worker thread; a file over the limit is refused unread."""
    file = Path(path)
    if file.stat().st_size > MAX_FILE:
        from gridapp.core.errors import ValidationError

        raise ValidationError(f"照片 {file.name} 超过 25 MB 的上限。", field="照片")
    return file.read_bytes()


def open_photo(parent: QWidget, title: str, data: bytes) -> QDialog:
    """A window showing one photo (JPEG bytes) at most 1000×700, closed and deleted by the user."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    label = QLabel()
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    label.setPixmap(pixmap.scaled(1000, 700, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation))
    layout.addWidget(label)
    dialog.open()
    return dialog


class PhotoStrip(QWidget):
    """The photos of one record. `page` is the page that owns it (its `read`/`write` run the work)."""

    def __init__(self, page: Any, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.svc: Any = None
        self.record_id: str | None = None
        self._seq = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = photo_list(f"{name}Photos", self._open)
        layout.addWidget(self.list, 1)
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.add_button.setObjectName(f"{name}AddPhoto")
        self.add_button.clicked.connect(lambda: self.add_photo())
        layout.addWidget(self.add_button)
        self.show_for(None, None, may_add=False)

    def show_for(self, svc: Any, record_id: str | None, *, may_add: bool) -> None:
        """Show the photos of `record_id` (None: none selected); `may_add`: the user may add photos to it."""
        self._seq += 1
        seq = self._seq
        self.svc, self.record_id = svc, record_id
        self.add_button.setVisible(may_add)
        self.add_button.setEnabled(may_add and record_id is not None)
        if svc is None or record_id is None:
            self.list.clear()
            return

        def shown(photos: list[Any]) -> None:
            if seq == self._seq:
                self._fill(photos)

        self.page.read(lambda _p: svc.photos(record_id), shown, label="record photos")

    def _fill(self, photos: list[Any]) -> None:
        self.list.clear()
        for ph in photos:
            self.list.addItem(photo_item(ph))

    def add_photo(self, path: str | None = None) -> None:
        """添加照片: a JPEG/PNG/HEIC file, checked, downscaled and recompressed by the service."""
        svc, rid = self.svc, self.record_id
        if svc is None or rid is None:
            return
        if path is None:
            path = choose_photo_file(self)
            if not path:
                return
        seq = self._seq

        def work(_p):
            svc.add_photo(rid, read_photo_file(path))
            return svc.photos(rid)

        def done(photos: list[Any]) -> None:
            if seq == self._seq:
                self._fill(photos)

        self.page.write(work, done, label="record photo")

    def _open(self, item: QListWidgetItem) -> None:
        svc, rid, pid = self.svc, self.record_id, item.data(Qt.ItemDataRole.UserRole)
        if svc is None or rid is None:
            return

        def show(data: bytes) -> None:
            self.photo_dialog = open_photo(self, self.tr("现场照片"), data)

        self.page.read(lambda _p: svc.photo(rid, pid), show, label="record photo")
