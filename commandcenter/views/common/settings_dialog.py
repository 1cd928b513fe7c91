"""The workstation's settings dialog: language, basemap, countdown warning share."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QLabel, QLineEdit, QVBoxLayout)

from .settings import LANGUAGES, Settings

DATUMS = {"wgs84": "WGS84 / CGCS2000", "gcj02": "GCJ-02"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.basemap_url = QLineEdit(settings.basemap_url)
        self.basemap_url.setPlaceholderText(self.tr("无底图（离线）；或 http://内网瓦片服务/{z}/{x}/{y}.png"))
        self.datum = QComboBox()
        for code, name in DATUMS.items():
            self.datum.addItem(name, code)
        self.datum.setCurrentIndex(self.datum.findData(settings.basemap_datum))
        self.warn_share = QDoubleSpinBox(minimum=0.5, maximum=0.95, singleStep=0.05,
                                         decimals=2, value=settings.warn_share)
        form = QFormLayout()
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("底图瓦片地址"), self.basemap_url)
        form.addRow(self.tr("底图坐标系"), self.datum)
        form.addRow(self.tr("预警比例"), self.warn_share)
        note = QLabel(self.tr("界面语言在重新启动后生效。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def settings(self, base: Settings) -> Settings:
        """``base`` with what the dialog shows."""
        return Settings(language=self.language.currentData(),
                        basemap_url=self.basemap_url.text().strip(),
                        basemap_datum=self.datum.currentData(),
                        warn_share=round(self.warn_share.value(), 2),
                        time_window=base.time_window)
