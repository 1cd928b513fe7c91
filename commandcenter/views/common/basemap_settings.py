"""The settings dialog's basemap rows: none / XYZ tile URL / MBTiles file, with the datum.

A chosen file is checked at once (off the GUI thread when a task runner is given) and
its name, format and zooms, or the reason it cannot be used, shown under it; the dialog
is not accepted with a file that cannot be used.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QWidget)

from commandcenter.exchange.mbtiles import MBTilesError, TileSetInfo, read_info

from .basemap import info_text, problem_text
from .settings import Settings
from .tasks import TaskRunner

DATUMS = {"wgs84": "WGS84 / CGCS2000", "gcj02": "GCJ-02"}
_OK, _BAD = "color:#2e7d32;", "color:#c62828;"


class BasemapFields(QObject):
    """The rows' widgets and their logic; ``add_rows`` puts them into the dialog's form."""

    sig_checked = Signal()
    """The chosen file was checked (``problem`` says whether it can be used)."""

    def __init__(self, settings: Settings, runner: TaskRunner | None = None, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.kind = QComboBox(objectName="basemapKind")
        for code, text in (("none", self.tr("无底图")), ("xyz", self.tr("瓦片服务地址（XYZ）")),
                           ("mbtiles", self.tr("MBTiles 瓦片包文件"))):
            self.kind.addItem(text, code)
        self.url = QLineEdit(settings.basemap_url, objectName="basemapUrl")
        self.url.setPlaceholderText(self.tr("http://内网瓦片服务/{z}/{x}/{y}.png"))
        self.url.textEdited.connect(lambda _t: self._choose("xyz"))
        self.file = QLineEdit(settings.basemap_file, objectName="basemapFile")
        self.file.setPlaceholderText(self.tr("留空：由本区区划生成的底图"))
        self.file.textEdited.connect(lambda _t: self._choose("mbtiles"))
        self.file.editingFinished.connect(self._check)
        self.browse = QPushButton(self.tr("选择…"), clicked=self._on_browse_clicked)
        self.datum = QComboBox(objectName="basemapDatum")
        for code, name in DATUMS.items():
            self.datum.addItem(name, code)
        self.datum.setCurrentIndex(max(0, self.datum.findData(settings.basemap_datum)))
        self.status = QLabel(objectName="basemapStatus", wordWrap=True)
        self._file_row = QWidget()
        row = QHBoxLayout(self._file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file, 1)
        row.addWidget(self.browse)
        self.problem: str | None = None  # why the chosen file cannot be used
        self.checking = False
        self._checked_path: str | None = None
        self._choose(settings.basemap_kind)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(self.tr("底图"), self.kind)
        form.addRow(self.tr("底图瓦片地址"), self.url)
        form.addRow(self.tr("底图文件"), self._file_row)
        form.addRow("", self.status)
        form.addRow(self.tr("底图坐标系"), self.datum)

    def values(self) -> dict:
        return {"basemap_kind": self.kind.currentData(), "basemap_url": self.url.text().strip(),
                "basemap_file": self.file.text().strip(),
                "basemap_datum": self.datum.currentData()}

    @property
    def usable(self) -> bool:
        """Whether the choice may be saved: not a file known to be unusable."""
        return self.kind.currentData() != "mbtiles" or self.problem is None

    def _choose(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _on_kind_changed(self, *_args) -> None:
        # Every field stays editable: typing a URL or a file chooses its kind.
        self.datum.setEnabled(self.kind.currentData() != "none")
        self._check()

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.file.window(), self.tr("选择底图瓦片包"), self.file.text(),
            self.tr("MBTiles 瓦片包 (*.mbtiles);;所有文件 (*)"))
        if path:
            self.file.setText(path)
            self._choose("mbtiles")
            self._check()

    def _check(self) -> None:
        path = self.file.text().strip()
        if self.kind.currentData() != "mbtiles" or not path:
            self.problem, self._checked_path = None, None
            self.checking = False
            self._show(self.tr("使用本区区划生成的底图（演示）。")
                       if self.kind.currentData() == "mbtiles" else "", _OK)
            self.sig_checked.emit()
            return
        if path == self._checked_path and not self.checking:
            return
        self._checked_path, self.checking = path, True
        self._show(self.tr("正在检查底图文件…"), "")
        if self.runner is None:
            self._on_checked(_check_file(path))
        else:
            self.runner.submit(lambda: _check_file(path), self._on_checked)

    def _on_checked(self, result: tuple[str, TileSetInfo | MBTilesError]) -> None:
        path, outcome = result
        if path != self._checked_path:
            return  # another file was chosen meanwhile
        self.checking = False
        if isinstance(outcome, MBTilesError):
            self.problem = problem_text(outcome)
            self._show(self.problem, _BAD)
        else:
            self.problem = None
            self._show(info_text(outcome), _OK)
        self.sig_checked.emit()

    def _show(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)


def _check_file(path: str) -> tuple[str, TileSetInfo | MBTilesError]:
    try:
        return path, read_info(path)
    except MBTilesError as exc:
        return path, exc
