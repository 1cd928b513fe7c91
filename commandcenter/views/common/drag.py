"""What a dragged case carries, between a queue row or a map marker and a drop target."""
from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QMimeData

from commandcenter.models.enums import CaseKind, Stage, Urgency
from commandcenter.store.board import BoardCase

CASE_MIME = "application/x-commandcenter-case"


@dataclass(frozen=True)
class DraggedCase:
    """What a case drag carries: id, number and the version the dragger saw (for the
    dispatch), plus what a drop target needs to suggest departments and preview the
    deadline without asking anyone (the map can start the same drag)."""

    id: int
    number: str
    version: int
    stage: Stage | None = None
    kind: CaseKind | None = None
    class_key: str = ""
    class_name: str = ""
    urgency: Urgency = Urgency.NORMAL
    grid_code: str = ""
    component_owner: str | None = None

    major_code = BoardCase.major_code
    minor_code = BoardCase.minor_code

    @classmethod
    def of(cls, case: BoardCase) -> DraggedCase:
        return cls(case.id, case.number, case.version, case.stage, case.kind, case.class_key,
                   case.class_name, case.urgency, case.grid_code, case.component_owner)

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "number": self.number, "version": self.version,
                           "stage": self.stage, "kind": self.kind, "class_key": self.class_key,
                           "class_name": self.class_name, "urgency": self.urgency,
                           "grid_code": self.grid_code, "component_owner": self.component_owner},
                          ensure_ascii=False)

    @classmethod
    def from_mime(cls, mime: QMimeData | None) -> DraggedCase | None:
        """The dragged case, or None when the data is not a case."""
        if mime is None or not mime.hasFormat(CASE_MIME):
            return None
        try:
            d = json.loads(bytes(mime.data(CASE_MIME)).decode("utf-8"))
            return cls(int(d["id"]), str(d["number"]), int(d["version"]),
                       Stage(d["stage"]) if d.get("stage") else None,
                       CaseKind(d["kind"]) if d.get("kind") else None,
                       d.get("class_key") or "", d.get("class_name") or "",
                       Urgency(d.get("urgency") or Urgency.NORMAL), d.get("grid_code") or "",
                       d.get("component_owner"))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def case_mime(case: BoardCase) -> QMimeData:
    mime = QMimeData()
    mime.setData(CASE_MIME, DraggedCase.of(case).to_json().encode("utf-8"))
    return mime
