"""The workstation's settings dialog: language, basemap, countdown warning share."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QLabel, QVBoxLayout)

from .basemap_settings import BasemapFields
from .settings import LANGUAGES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, runner=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.basemap = BasemapFields(settings, runner, self)
        self.basemap.sig_checked.connect(self._on_basemap_checked)
        self._accept_when_checked = False
        self.warn_share = QDoubleSpinBox(minimum=0.5, maximum=0.95, singleStep=0.05,
                                         decimals=2, value=settings.warn_share)
        form = QFormLayout()
        form.addRow(self.tr("界面语言"), self.language)
        self.basemap.add_rows(form)
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

    def accept(self) -> None:
        """Not with a basemap file that cannot be used (its reason stays on show); a check
        still running decides."""
        if self.basemap.checking:
            self._accept_when_checked = True
            return
        if self.basemap.usable:
            super().accept()

    def _on_basemap_checked(self) -> None:
        if self._accept_when_checked:
            self._accept_when_checked = False
            self.accept()

    def settings(self, base: Settings) -> Settings:
        """``base`` with what the dialog shows."""
        return replace(base, language=self.language.currentData(),
                       warn_share=round(self.warn_share.value(), 2), **self.basemap.values())
