"""What the case detail's jobs do on a worker thread, and what they hand back: a case with
everything shown of it (or the exception met reading it), and the outcome of an action.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from commandcenter.models.case import Action, Actor, CaseEvent, CaseRecord
from commandcenter.models.enums import Stage
from commandcenter.models.privacy import ReporterView
from commandcenter.models.routing import Router, Suggestion
from commandcenter.store.db import Database
from commandcenter.store.personal_data import read_reporter
from commandcenter.store.photos import load_photos, read_photo_files
from commandcenter.store.queries import (
    case_history,
    department_names,
    find_component,
    get_case,
)
from commandcenter.store.service import CaseService, NotFound

from .related import Related, load_related


@dataclass(frozen=True)
class CaseSnapshot:
    request: int
    case: CaseRecord
    events: tuple[CaseEvent, ...]
    reporter: ReporterView | None            # None: not read again on a reload
    departments: Mapping[str, tuple[str, str]]  # code → (name, short name); empty: unchanged
    suggestions: tuple[Suggestion, ...]
    photos: tuple[tuple[str, QImage | None], ...]
    related: Related = Related()


@dataclass(frozen=True)
class LoadFailure:
    request: int
    error: Exception


@dataclass(frozen=True)
class ActionOutcome:
    action: Action
    case_id: int
    number: str
    result: CaseRecord | None
    error: Exception | None


def load_case(db: Database, actor: Actor, router: Router | None, case_id: int, request: int,
              read_person: bool, with_departments: bool, thumb_px: int, now: datetime):
    """Everything the panel shows of a case (runs on a worker thread)."""
    try:
        case = get_case(db, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        events = tuple(case_history(db, case_id))
        reporter = read_reporter(db, actor, case_id) if read_person else None
        departments: dict[str, tuple[str, str]] = {}
        if with_departments:
            departments = department_names(db)
        suggestions: tuple[Suggestion, ...] = ()
        if router is not None and case.stage is Stage.DISPATCH:
            component = find_component(db, case.component_code) if case.component_code else None
            owner = component.owner_department if component else None
            kind, code = case.class_key.split(":")
            suggestions = tuple(router.suggest(kind, code[:2], code[2:4], case.grid_code, owner))
        # The report's photos, then those that came with actions (a result, a check).
        refs = list(dict.fromkeys([*case.photos, *(r for e in events
                                                    for r in e.payload.get("photos", ()))]))
        stored = load_photos(db, refs)
        photos = []
        for ref in refs:
            if ref in stored:
                image = QImage.fromData(stored[ref])
            else:  # a file path, from an import or an older version
                image = QImage(ref) if Path(ref).is_file() else QImage()
            photos.append((ref, None if image.isNull() else image.scaled(
                thumb_px, thumb_px, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation)))
        return CaseSnapshot(request, case, events, reporter, departments, suggestions,
                            tuple(photos), load_related(db, actor, case, now))
    except Exception as exc:  # handed to the GUI thread, which says what went wrong
        return LoadFailure(request, exc)


def act_on_case(service: CaseService, actor: Actor, case: CaseRecord, action: Action,
                inputs: Mapping[str, Any]) -> ActionOutcome:
    try:
        inputs = dict(inputs)
        if "photo_paths" in inputs:  # read (and checked) here, on the worker
            inputs["photo_files"] = read_photo_files(inputs.pop("photo_paths"))
        new = service.act(actor, case.id, action, expected_version=case.version, **inputs)
        return ActionOutcome(action, case.id, case.number, new, None)
    except Exception as exc:
        return ActionOutcome(action, case.id, case.number, None, exc)
