"""Conversions between table rows and the domain's frozen records."""
from __future__ import annotations

from commandcenter.models.case import Action, CaseEvent, CaseRecord, RequestKind
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency

from .schema import Case, CaseEventRow

# Fields copied one to one between a Case row and a CaseRecord.
_PLAIN = ("number", "class_key", "lon", "lat", "grid_code", "description", "address",
          "component_code", "reporter_name", "reporter_phone", "reporter_id_no",
          "department_code", "reported_at", "stage_started_at", "deadline",
          "handle_started_at", "handle_deadline", "hold_started_at", "supervision_level",
          "escalation_level", "rework_count", "return_count", "extension_count", "hold_count",
          "closed_at", "version", "updated_by", "updated_at", "merged_into", "duplicate_count",
          "self_handled", "assignee", "assigned_at", "task_started_at")


def case_record(row: Case) -> CaseRecord:
    return CaseRecord(
        id=row.id, source=Source(row.source), kind=CaseKind(row.kind),
        urgency=Urgency(row.urgency), stage=Stage(row.stage), photos=tuple(row.photos or ()),
        pending_request=RequestKind(row.pending_request) if row.pending_request else None,
        pending_payload=dict(row.pending_payload or {}),
        **{name: getattr(row, name) for name in _PLAIN})


def case_columns(case: CaseRecord) -> dict:
    """Column values for inserting or updating a case row."""
    values = {name: getattr(case, name) for name in _PLAIN}
    values.update(
        source=case.source.value, kind=case.kind.value, urgency=case.urgency.value,
        stage=case.stage.value, is_open=case.is_open, photos=list(case.photos),
        pending_request=case.pending_request.value if case.pending_request else None,
        pending_payload=dict(case.pending_payload))
    return values


def event_record(row: CaseEventRow) -> CaseEvent:
    return CaseEvent(
        case_id=row.case_id, seq=row.seq, action=Action(row.action), actor=row.actor,
        role=Role(row.role), at=row.at,
        from_stage=Stage(row.from_stage) if row.from_stage else None,
        to_stage=Stage(row.to_stage), reason=row.reason, payload=dict(row.payload or {}))


def event_columns(event: CaseEvent, case_id: int) -> dict:
    return dict(case_id=case_id, seq=event.seq, action=event.action.value, actor=event.actor,
                role=event.role.value, at=event.at,
                from_stage=event.from_stage.value if event.from_stage else None,
                to_stage=event.to_stage.value, reason=event.reason, payload=dict(event.payload))
