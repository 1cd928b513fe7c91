"""A small dialog that runs the three imports (geography, components, case history) with a
progress bar. The work runs on the workstation's TaskRunner; the dialog only shows."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QPlainTextEdit, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from commandcenter.exchange import jobs

from .geo_fields import CrsField, LayerField


class _FileField(QWidget):
    def __init__(self, caption: str, filters: str, parent=None, save: bool = False):
        super().__init__(parent)
        self.caption, self.filters, self.save = caption, filters, save
        self.edit = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def _on_browse_clicked(self) -> None:
        pick = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        name, _ = pick(self, self.caption, "", self.filters)
        if name:
            self.edit.setText(name)


class ImportDialog(QDialog):
    sig_finished = Signal(bool)  # the import ended: succeeded (or a dry run passed)

    def __init__(self, db, runner, parent=None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.setWindowTitle(self.tr("数据导入"))
        self.resize(640, 520)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("地理数据（街道 / 社区 / 单元网格）"), "geography")
        self.kind.addItem(self.tr("部件普查数据"), "components")
        self.kind.addItem(self.tr("历史案件"), "cases")
        self.file = _FileField(self.tr("选择文件"), self.tr(
            "数据文件 (*.geojson *.json *.shp *.zip *.gpkg *.csv *.xlsx)"))
        self.level = QComboBox()
        for value, label in (("street", self.tr("街道")), ("community", self.tr("社区")),
                             ("grid", self.tr("单元网格"))):
            self.level.addItem(label, value)
        self.level.setCurrentIndex(2)
        self.code_field = QLineEdit("code")
        self.name_field = QLineEdit(placeholderText=self.tr("可选"))
        self.parent_field = QLineEdit(placeholderText=self.tr("可选：默认取编码前几位"))
        self.crs = CrsField()
        self.layer = LayerField(runner)
        self.file.edit.textChanged.connect(lambda: self.layer.look_at(self.file.path()))
        self.mapping = _FileField(self.tr("选择映射文件"), self.tr("映射文件 (*.toml)"))
        self.rejects = _FileField(self.tr("问题行另存为"), self.tr("CSV 文件 (*.csv)"), save=True)
        self.rejects.edit.setPlaceholderText(self.tr("可选：不填则有一行出错即整个文件不导入"))
        self.dry_run = QCheckBox(self.tr("仅检查，不写入"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setPlaceholderText(self.tr("检查结果和导入报告显示在这里"))
        self.start = QPushButton(self.tr("开始导入"))
        self.start.setDefault(True)
        self.start.clicked.connect(self.run)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        # One form for every kind: rows that do not apply are hidden, so labels line up.
        self.form = QFormLayout()
        self.form.addRow(self.tr("导入内容"), self.kind)
        self.form.addRow(self.tr("文件"), self.file)
        self._rows = {"geography": [self.layer, self.level, self.code_field, self.name_field,
                                    self.parent_field, self.crs],
                      "components": [self.crs], "cases": [self.mapping, self.rejects]}
        for label, widget in ((self.tr("图层"), self.layer), (self.tr("层级"), self.level),
                              (self.tr("编码字段"), self.code_field),
                              (self.tr("名称字段"), self.name_field),
                              (self.tr("上级编码字段"), self.parent_field),
                              (self.tr("坐标系"), self.crs), (self.tr("映射文件"), self.mapping),
                              (self.tr("问题行文件"), self.rejects)):
            self.form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()
        buttons = QHBoxLayout()
        buttons.addWidget(self.dry_run)
        buttons.addStretch(1)
        buttons.addWidget(self.start)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    def _on_kind_changed(self) -> None:
        shown = self._rows[self.kind.currentData()]
        for widget in (self.layer, self.level, self.code_field, self.name_field,
                       self.parent_field, self.crs, self.mapping, self.rejects):
            self.form.setRowVisible(widget, widget in shown)
        self.crs.lonlat_only(self.kind.currentData() == "components")

    def job(self) -> jobs.ImportJob:
        kind = self.kind.currentData()
        return jobs.ImportJob(
            kind=kind, path=self.file.path(), dry_run=self.dry_run.isChecked(),
            level=self.level.currentData(), code_field=self.code_field.text().strip(),
            name_field=self.name_field.text().strip() or None,
            parent_field=self.parent_field.text().strip() or None, crs=self.crs.crs(),
            layer=self.layer.layer() if kind == "geography" else None,
            mapping=self.mapping.path(), reject_file=self.rejects.path())

    def run(self) -> None:
        job = self.job()
        problem = job.missing()
        if problem:
            self.report.setPlainText(self.tr("请先选择：{what}").format(what=self._what(problem)))
            return
        self.start.setEnabled(False)
        self.progress.setValue(0)
        self.report.setPlainText(self.tr("正在检查并导入 {name} …").format(name=job.path.name))
        db = self.db
        self.runner.submit(lambda emit: jobs.run(db, job, lambda done, total: emit(
            f"{done}/{total or 0}")), self._on_done, self._on_failed, self._on_progress)

    def _what(self, missing: str) -> str:
        return {"file": self.tr("数据文件"), "mapping": self.tr("映射文件"),
                "code_field": self.tr("编码字段")}[missing]

    def _on_progress(self, message: str) -> None:
        done, total = (int(x) for x in message.split("/"))
        if total:
            self.progress.setRange(0, 100)
            self.progress.setValue(min(100, round(100 * done / total)))
        else:
            self.progress.setRange(0, 0)   # busy: the total is not known

    def _on_done(self, result: jobs.JobResult) -> None:
        self.start.setEnabled(True)
        self.progress.setRange(0, 100)
        self.progress.setValue(100)
        head = self.tr("检查完成，未写入数据") if result.dry_run else self.tr("导入完成")
        if not result.ok:
            head = self.tr("检查发现问题，未写入数据")
        self.report.setPlainText("\n".join([head, self._summary(result), *result.details]))
        self.sig_finished.emit(result.ok)

    def _summary(self, result: jobs.JobResult) -> str:
        n = result.counts
        if result.kind == "cases":
            text = self.tr("共 {rows} 行：新导入 {imported} 件，已导入过 {already} 件，"
                           "问题行 {rejected} 行").format(**n)
            if n["rejected"] and self.rejects.path():
                text += "\n" + self.tr("问题行及原因已写入 {path}").format(path=self.rejects.path())
            return text
        if result.kind == "components":
            return self.tr("共 {rows} 个部件：新增 {new} 个，更新 {replaced} 个").format(**n)
        return self.tr("共 {features} 个要素，问题 {problems} 个，缝隙 {gaps} 处，"
                       "改划网格的案件 {moved} 件").format(**n)

    def _on_failed(self, exc: Exception) -> None:
        self.start.setEnabled(True)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.report.setPlainText(self.tr("导入被拒绝，未写入任何数据：") + "\n" + str(exc))
        self.sig_finished.emit(False)


def open_import_dialog(window) -> ImportDialog:
    """The dispatcher window's menu hook: a non-modal dialog over ``window``."""
    dialog = ImportDialog(window.ws.db, window.ws.runner, window)
    dialog.show()
    return dialog
