"""Registering a call or a walk-in: where (a click on the map, a grid code, a component
code or an address), what (class and minor class, found by typing), how urgent, the
description, the reporter (personal data, masked for others once saved) and photos.

Everything that reads or writes the database runs on a worker; the form only collects,
checks what it can check itself, and says plainly what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from commandcenter.models.case import CaseDraft
from commandcenter.models.catalog import Catalog
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.store.places import Place

from ..common.i18n import domain_text
from ..common.photo_picker import PhotoPicker

# The sources a center's operator registers by hand (supervisors report from the field).
SOURCES = (Source.HOTLINE, Source.PUBLIC, Source.HANDED_DOWN, Source.VIDEO)
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
ID_NO = re.compile(r"^([0-9]{17}[0-9Xx]|[0-9]{15})$")


@dataclass(frozen=True)
class Registration:
    draft: CaseDraft
    photo_paths: tuple[str, ...]


class RegistrationForm(QWidget):
    sig_locate_requested = Signal(str)
    """Find the place typed in the location box (grid code, component code or address)."""
    sig_place_chosen = Signal(object)
    """A place was set (a :class:`Place`): the map shows it."""
    sig_submit_requested = Signal(object)
    """The form is complete: a :class:`Registration` to check for duplicates and save."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None, *,
                 sources: tuple[Source, ...] = SOURCES, field: bool = False):
        """``field``: a supervisor's own report (no reporter's details; 自处理 possible)."""
        super().__init__(parent)
        self.catalog, self.field = catalog, field
        self.place: Place | None = None
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.source = QComboBox(objectName="source")
        for source in sources:
            self.source.addItem(domain_text(source.label), source)
        form.addRow(self.tr("来源"), self.source)

        self.locate = QLineEdit(objectName="locate", clearButtonEnabled=True)
        self.locate.setPlaceholderText(self.tr("网格编码 / 部件编码 / 地址，或在地图上点击"))
        self.locate.returnPressed.connect(self._on_locate)
        find = QPushButton(self.tr("定位"), clicked=self._on_locate)
        row = QHBoxLayout()
        row.addWidget(self.locate, 1)
        row.addWidget(find)
        form.addRow(self.tr("位置"), row)
        self.place_label = QLabel(self.tr("未选择位置"), objectName="placeLabel", wordWrap=True)
        form.addRow("", self.place_label)
        self.address = QLineEdit(objectName="address")
        form.addRow(self.tr("地址"), self.address)

        self.klass = QComboBox(objectName="klass", editable=True)
        self.klass.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._fill_classes()
        form.addRow(self.tr("类别"), self.klass)
        self.urgency = QComboBox(objectName="urgency")
        for urgency in Urgency:
            self.urgency.addItem(domain_text(urgency.label), urgency)
        form.addRow(self.tr("紧急程度"), self.urgency)
        self.description = QPlainTextEdit(objectName="description")
        self.description.setPlaceholderText(self.tr("问题是什么、在哪里、多大范围"))
        self.description.setMaximumHeight(6 * self.fontMetrics().height())
        form.addRow(self.tr("问题描述"), self.description)

        self.reporter_name = QLineEdit(objectName="reporterName")
        self.reporter_phone = QLineEdit(objectName="reporterPhone")
        self.reporter_id = QLineEdit(objectName="reporterId")
        self.self_handled = QCheckBox(self.tr("已现场处置（自处理，需照片，待值班长审核）"),
                                      objectName="selfHandled", enabled=False)
        if field:
            form.addRow("", self.self_handled)
            self.klass.currentIndexChanged.connect(self._on_class_changed)
        else:
            form.addRow(self.tr("上报人姓名"), self.reporter_name)
            form.addRow(self.tr("联系电话"), self.reporter_phone)
            form.addRow(self.tr("证件号"), self.reporter_id)
            privacy = QLabel(self.tr("上报人信息为个人信息，登记后仅有权限的岗位可见，查看留痕。"),
                             wordWrap=True)
            privacy.setStyleSheet("color:#757575;")
            form.addRow("", privacy)
        self.photos = PhotoPicker(self)
        form.addRow(self.tr("照片"), self.photos)

        self.problems = QLabel(objectName="formProblems", wordWrap=True)
        self.problems.setStyleSheet("color:#c62828;")
        self.problems.hide()
        form.addRow(self.problems)
        self.submit = QPushButton(self.tr("查重并登记"), objectName="submitRegistration",
                                  clicked=self._on_submit)
        self.submit.setAutoDefault(False)
        self.clear_button = QPushButton(self.tr("清空"), clicked=self.clear)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.submit)
        form.addRow(buttons)

    def _fill_classes(self) -> None:
        """Every minor class as "部件 · 公用设施 · 上水井盖"; typing any part of it finds it."""
        model = QStandardItemModel(self)
        for kind in (CaseKind.EVENT, CaseKind.COMPONENT):
            for major in self.catalog.majors(kind):
                for minor in self.catalog.minors(kind, major.code):
                    text = " · ".join((domain_text(kind.label), domain_text(major.name),
                                       domain_text(minor.name)))
                    item = QStandardItem(f"{text}  ({major.code}{minor.code})")
                    item.setData(minor.key, Qt.ItemDataRole.UserRole)
                    model.appendRow(item)
        self.klass.setModel(model)
        self.klass.setCurrentIndex(-1)
        completer = QCompleter(model, self.klass)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.klass.setCompleter(completer)
        self.klass.lineEdit().setPlaceholderText(self.tr("输入类别名称查找，如 垃圾、井盖"))

    def _on_class_changed(self) -> None:
        """自处理 only for the classes the catalog marks as fit to handle on the spot."""
        key = self.class_key()
        allowed = key is not None and self.catalog.allows_self_handling(key)
        self.self_handled.setEnabled(allowed)
        if not allowed:
            self.self_handled.setChecked(False)

    def class_key(self) -> str | None:
        index = self.klass.findText(self.klass.currentText())
        return self.klass.itemData(index, Qt.ItemDataRole.UserRole) if index >= 0 else None

    def set_class(self, key: str) -> None:
        index = self.klass.findData(key, Qt.ItemDataRole.UserRole)
        if index >= 0:
            self.klass.setCurrentIndex(index)

    # --- place ---------------------------------------------------------------------------
    def _on_locate(self) -> None:
        text = self.locate.text().strip()
        if text:
            self.sig_locate_requested.emit(text)

    def set_place(self, place: Place | None, not_found: str = "") -> None:
        if place is None:
            self.place_label.setText(not_found or self.tr("未找到该位置"))
            self.place_label.setStyleSheet("color:#c62828;")
            return
        self.place = place
        self.place_label.setStyleSheet("")
        self.place_label.setText(self.tr("网格 {grid}　经纬度 {lon:.6f}, {lat:.6f}").format(
            grid=place.grid_code, lon=place.lon, lat=place.lat)
            + (self.tr("　部件 {code}").format(code=place.component_code)
               if place.component_code else ""))
        if place.address and not self.address.text().strip():
            self.address.setText(place.address)
        if place.component_class and self.class_key() is None:
            self.set_class(place.component_class)
        self.sig_place_chosen.emit(place)

    # --- checking and submitting -----------------------------------------------------------
    def problems_found(self) -> list[str]:
        found = []
        if self.place is None:
            found.append(self.tr("请选择位置：在地图上点击，或输入网格编码、部件编码、地址后定位"))
        if self.class_key() is None:
            found.append(self.tr("请从列表中选择类别"))
        if not self.description.toPlainText().strip():
            found.append(self.tr("请填写问题描述"))
        phone = self.reporter_phone.text().strip()
        if phone and not PHONE.match(phone):
            found.append(self.tr("联系电话格式不对"))
        id_no = self.reporter_id.text().strip()
        if id_no and not ID_NO.match(id_no):
            found.append(self.tr("证件号应为18位（或15位）身份证号"))
        if self.self_handled.isChecked() and not self.photos.paths():
            found.append(self.tr("自处理须附现场处置后的照片"))
        return found

    def registration(self) -> Registration:
        key = self.class_key()
        place = self.place
        component = place.component_code if key.startswith("component:") else None
        draft = CaseDraft(
            source=Source(self.source.currentData()), kind=CaseKind(key.partition(":")[0]),
            class_key=key, urgency=Urgency(self.urgency.currentData()), lon=place.lon, lat=place.lat,
            grid_code=place.grid_code, description=self.description.toPlainText().strip(),
            address=self.address.text().strip(), component_code=component,
            reporter_name=self.reporter_name.text().strip(),
            reporter_phone=self.reporter_phone.text().strip(),
            reporter_id_no=self.reporter_id.text().strip().upper(),
            self_handled=self.self_handled.isChecked())
        return Registration(draft, tuple(self.photos.paths()))

    def _on_submit(self) -> None:
        found = self.problems_found()
        self.problems.setText("\n".join(found))
        self.problems.setVisible(bool(found))
        if not found:
            self.sig_submit_requested.emit(self.registration())

    def set_busy(self, busy: bool) -> None:
        self.submit.setEnabled(not busy)

    def clear(self) -> None:
        self.place = None
        for edit in (self.locate, self.address, self.reporter_name, self.reporter_phone,
                     self.reporter_id):
            edit.clear()
        self.description.clear()
        self.klass.setCurrentIndex(-1)
        self.klass.clearEditText()
        self.urgency.setCurrentIndex(0)
        self.photos.clear()
        self.self_handled.setChecked(False)
        self.problems.hide()
        self.place_label.setStyleSheet("")
        self.place_label.setText(self.tr("未选择位置"))
