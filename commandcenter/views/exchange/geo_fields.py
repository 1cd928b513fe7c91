"""The import dialog's geography fields: the coordinate reference system and a GeoPackage's
layer (listed off the GUI thread when a .gpkg file is chosen)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox

from commandcenter.exchange import geoio


class CrsField(QComboBox):
    """The file's own CRS by default, the usual lon/lat ones, or an EPSG code typed in
    (projected ones such as EPSG:4547 are reprojected)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value, label in ((None, self.tr("按文件声明的坐标系（投影坐标自动转换）")),
                             ("EPSG:4490", "CGCS2000 (EPSG:4490)"),
                             ("EPSG:4326", "WGS84 (EPSG:4326)"), ("GCJ-02", "GCJ-02")):
            self.addItem(label, value)
        self.lineEdit().setPlaceholderText(self.tr("或输入 EPSG 代码，如 EPSG:4547"))

    def crs(self) -> str | None:
        text = self.currentText().strip()
        index = self.findText(text)
        return self.itemData(index) if index >= 0 else (text or None)

    def lonlat_only(self, on: bool) -> None:
        """Components are lon/lat in a CSV: no file CRS to follow, nothing to reproject."""
        self.setEditable(not on)
        self.model().item(0).setEnabled(not on)
        if on and self.currentIndex() == 0:
            self.setCurrentIndex(1)


class LayerField(QComboBox):
    """The layers of the chosen GeoPackage; empty (the file's only layer) otherwise."""

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.path: Path | None = None
        self.setPlaceholderText(self.tr("仅 GeoPackage：选择图层"))
        self.setEnabled(False)

    def look_at(self, path: Path | None) -> None:
        self.path = path
        self.clear()
        self.setEnabled(False)
        if path is None or path.suffix.lower() != ".gpkg":
            return
        self.runner.submit(lambda: (path, geoio.layers(path)), self._on_listed,
                           lambda _exc: None)

    def _on_listed(self, result: tuple[Path, list[str]]) -> None:
        path, names = result
        if path != self.path:    # another file was chosen meanwhile
            return
        self.addItems(names)
        self.setEnabled(len(names) > 1)

    def layer(self) -> str | None:
        return self.currentText() or None
