"""The one door through which every workflow action reaches the database.

Each action checks the actor's role and the case's version, then writes the new
case state, its event and its change-log row in a single transaction.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Callable, Iterator, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from commandcenter.models import workflow
from commandcenter.models.case import Action, Actor, CaseDraft, CaseRecord
from commandcenter.models.enums import Role, Stage
from commandcenter.models.fieldtasks import FieldTaskRules
from commandcenter.models.workflow import FIELD_STAGES, DeadlinePolicy, DomainError, InvalidRequest
from commandcenter.models.worktime import TimeLimit

from . import fieldtasks
from .db import Database
from .mapping import case_columns, case_record, event_columns
from .photos import PhotoFile, store_photos
from .schema import Case, CaseCounter, CaseEventRow, ChangeLog, Component, Department, Grid, User


class NotFound(DomainError):
    pass


class StaleCase(DomainError):
    """Somebody else changed the case first; ``current`` is what it looks like now and
    ``last_action`` what they did (None when unknown)."""

    def __init__(self, current: CaseRecord, expected_version: int | None,
                 last_action: Action | None = None):
        did = f" ({last_action.value}, {last_action.label})" if last_action else ""
        had = f", you had version {expected_version}" if expected_version is not None else ""
        super().__init__(
            f"case {current.number} was changed by '{current.updated_by}'{did} at "
            f"{current.updated_at:%Y-%m-%d %H:%M:%S} (version {current.version}{had}); "
            f"it is now {current.stage.value} ({current.stage.label})"
            + (f", department {current.department_code}" if current.department_code else ""))
        self.current, self.expected_version, self.last_action = (
            current, expected_version, last_action)


DISTRICT_TZ = ZoneInfo("Asia/Shanghai")


def local_now() -> datetime:
    """Now on the district's wall clock, whatever time zone the workstation is set to."""
    return datetime.now(DISTRICT_TZ).replace(tzinfo=None, microsecond=0)


_CASES, _EVENTS, _CHANGES = Case.__table__, CaseEventRow.__table__, ChangeLog.__table__
# Statements built once, values bound per call: building them per action (coercing 35
# column values and computing a cache key) cost more than the database work.
_INSERT_CHANGE = insert(_CHANGES)
_INSERT_EVENT = insert(_EVENTS)
_INSERT_CASE = insert(_CASES).returning(_CASES.c.id)
# A case's number and its origin (external id, imported) never change after it is written.
_UPDATED = [c.name for c in _CASES.c if c.name not in ("id", "number", "external_id", "imported")]
_UPDATE_CASE = (update(_CASES)
                .where(_CASES.c.id == bindparam("case_id"),
                       _CASES.c.version == bindparam("old_version"))
                .values({name: bindparam(f"new_{name}") for name in _UPDATED}))
# A merge's parent gains a duplicate without a version check: merges of two duplicates
# into one case must not refuse each other. It must still be open and not merged itself.
_ADD_DUPLICATE = (update(_CASES)
                  .where(_CASES.c.id == bindparam("case_id"), _CASES.c.is_open,
                         _CASES.c.merged_into.is_(None))
                  .values(version=_CASES.c.version + 1,
                          duplicate_count=_CASES.c.duplicate_count + 1,
                          updated_by=bindparam("actor"), updated_at=bindparam("at"))
                  .returning(_CASES.c.version, _CASES.c.stage))


def log_change(session: Session, entity: str, entity_id: object, kind: str,
               at: datetime) -> None:
    session.execute(_INSERT_CHANGE, {"entity": entity, "entity_id": str(entity_id),
                                     "kind": kind, "at": at})


class Workflow:
    """Workflow actions inside one open transaction (see :meth:`CaseService.batch`)."""

    def __init__(self, session: Session, policy: DeadlinePolicy, clock: Callable[[], datetime]):
        self.session, self.policy, self.clock = session, policy, clock
        self.field_rules: FieldTaskRules = getattr(policy, "field_tasks", FieldTaskRules())

    def actor(self, username: str) -> Actor:
        user = self.session.scalar(select(User).where(User.username == username))
        if user is None or not user.active:
            raise NotFound(f"no active user '{username}'")
        return Actor(user.username, Role(user.role), user.department_code, user.display_name)

    def report(self, actor: Actor, draft: CaseDraft, *, at: datetime | None = None,
               photo_files: Sequence[PhotoFile] = ()) -> CaseRecord:
        now = at or self.clock()
        self._require(Grid, draft.grid_code, "grid")
        if draft.component_code:
            self._require(Component, draft.component_code, "component")
        if photo_files:  # the rules see them (a report handled on the spot needs one)
            draft = replace(draft, photos=(*draft.photos, *(p.ref for p in photo_files)))
        case, event = workflow.open_case(draft, actor, "", now, self.policy)
        if photo_files:  # kept only once the rules accepted the report
            store_photos(self.session, photo_files, actor.username, now)
        # The serial is taken only once the rules accepted the report.
        case = replace(case, number=self._next_number(now))
        case_id = self.session.scalar(
            _INSERT_CASE, case_columns(case))
        self.session.execute(_INSERT_EVENT, event_columns(event, case_id))
        log_change(self.session, "case", case_id, Action.REPORT.value, now)
        return replace(case, id=case_id)

    def act(self, actor: Actor, case_ref: int | str, action: Action, *,
            expected_version: int | None = None, at: datetime | None = None, reason: str = "",
            department_code: str | None = None, extension: TimeLimit | None = None,
            merge_into: int | str | None = None, assignee: str | None = None,
            photo_files: Sequence[PhotoFile] = ()) -> CaseRecord:
        """Take ``action``; ``merge_into`` names the parent of a merge (id or number),
        ``assignee`` the supervisor an assign action gives the field task to,
        ``photo_files`` the pictures that go with it (kept in this transaction)."""
        now = at or self.clock()
        case = self.get(case_ref)
        workflow.check_role(action, actor, case.stage)  # before telling who changed it
        if expected_version is not None and expected_version != case.version:
            raise StaleCase(case, expected_version, self._last_action(case.id))
        self._refuse_if_taken(case, action, actor)
        if department_code:
            self._require(Department, department_code, "department")
        parent = None
        if action is Action.MERGE:
            if merge_into is None:
                raise InvalidRequest("a merge needs the case to merge into")
            parent = self.get(merge_into)
        if action is Action.ASSIGN and assignee:
            self._require_supervisor(assignee)
        workflow.check(case, action, actor, now)  # before any photo is kept
        photos = store_photos(self.session, photo_files, actor.username, now)
        new, event = workflow.apply(case, action, actor, now, self.policy, reason=reason,
                                    department_code=department_code, extension=extension,
                                    merge_into=parent, assignee=assignee, photos=photos,
                                    event_seq=case.version + 1)
        if new.stage in FIELD_STAGES and new.stage is not case.stage:
            chosen = fieldtasks.choose_for(self.session, new, now, self.field_rules)
            new, event = workflow.with_assignment(new, event, chosen.username, chosen.how, now)
        # Rows are written in id order, so two merges crossing each other wait on each
        # other instead of deadlocking.
        writes = [(case.id, lambda: self._write(case, new, event, action, now))]
        if parent is not None:
            writes.append((parent.id, lambda: self._add_duplicate(parent, new, actor, now, reason)))
        for _id, write in sorted(writes, key=lambda w: w[0]):
            write()
        return new

    def _write(self, case: CaseRecord, new: CaseRecord, event, action: Action,
               now: datetime) -> None:
        values = {f"new_{name}": value for name, value in case_columns(new).items()
                  if name != "number"}
        written = self.session.execute(
            _UPDATE_CASE, {**values, "case_id": case.id, "old_version": case.version})
        if written.rowcount != 1:
            # Lost the race between our read and our write: report the winner.
            self.session.expire_all()
            raise StaleCase(self.get(case.id), case.version, self._last_action(case.id))
        self.session.execute(_INSERT_EVENT, event_columns(event, case.id))
        log_change(self.session, "case", case.id, action.value, now)

    def _add_duplicate(self, parent: CaseRecord, child: CaseRecord, actor: Actor,
                       now: datetime, reason: str) -> None:
        row = self.session.execute(_ADD_DUPLICATE, {"case_id": parent.id,
                                                    "actor": actor.username, "at": now}).first()
        if row is None:
            # Closed or merged since we read it: say by whom.
            self.session.expire_all()
            raise StaleCase(self.get(parent.id), parent.version, self._last_action(parent.id))
        version, stage = row
        event = workflow.duplicate_event(replace(parent, stage=Stage(stage)), child, actor, now,
                                         version, reason)
        self.session.execute(_INSERT_EVENT, event_columns(event, parent.id))
        log_change(self.session, "case", parent.id, Action.DUPLICATE.value, now)

    def _require_supervisor(self, username: str) -> None:
        role = self.session.scalar(select(User.role).where(User.username == username,
                                                           User.active))
        if role is None:
            raise NotFound(f"no active user '{username}'")
        if role != Role.SUPERVISOR.value:
            raise InvalidRequest(f"'{username}' is a {role} ({Role(role).label}), not a "
                                 f"field supervisor")

    def _refuse_if_taken(self, case: CaseRecord, action: Action, actor: Actor) -> None:
        """Without a version, a case another desk just moved on would be refused for its
        stage; say instead who took it out of the stage the action needed, and what they did."""
        if workflow.stage_allows(action, actor.role, case.stage):
            return
        last = self.session.execute(
            select(_EVENTS.c.action, _EVENTS.c.actor, _EVENTS.c.from_stage)
            .where(_EVENTS.c.case_id == case.id).order_by(_EVENTS.c.seq.desc()).limit(1)).first()
        if last is None or last.from_stage is None or last.actor == actor.username:
            return
        if workflow.stage_allows(action, actor.role, Stage(last.from_stage)):
            raise StaleCase(case, None, Action(last.action))

    def _last_action(self, case_id: int) -> Action | None:
        action = self.session.scalar(select(_EVENTS.c.action).where(_EVENTS.c.case_id == case_id)
                                     .order_by(_EVENTS.c.seq.desc()).limit(1))
        return Action(action) if action else None

    def get(self, case_ref: int | str) -> CaseRecord:
        # A plain row, not an ORM entity: nothing to track, and the statement is cached.
        column = _CASES.c.number if isinstance(case_ref, str) else _CASES.c.id
        row = self.session.execute(select(_CASES).where(column == case_ref)).first()
        if row is None:
            raise NotFound(f"no case {case_ref}")
        return case_record(row)

    def _require(self, table, key: str, what: str) -> None:
        if self.session.get(table, key) is None:
            raise InvalidRequest(f"unknown {what} {key}")

    def _next_number(self, now: datetime) -> str:
        """Case number: the report's date and a serial for that day (YYYYMMDD00001)."""
        day = now.strftime("%Y%m%d")
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(CaseCounter).values(day=day, last=1)
        stmt = stmt.on_conflict_do_update(index_elements=[CaseCounter.day],
                                          set_={"last": CaseCounter.last + 1})
        serial = self.session.scalar(stmt.returning(CaseCounter.last))
        return f"{day}{serial:05d}"


class CaseService:
    """Workflow actions, each in its own transaction."""

    def __init__(self, db: Database, policy: DeadlinePolicy,
                 clock: Callable[[], datetime] = local_now):
        self.db, self.policy, self.clock = db, policy, clock

    @contextmanager
    def batch(self) -> Iterator[Workflow]:
        """Several actions committed together (history generation, imports)."""
        with self.db.session() as session:
            yield Workflow(session, self.policy, self.clock)

    def actor(self, username: str) -> Actor:
        with self.batch() as wf:
            return wf.actor(username)

    def report(self, actor: Actor, draft: CaseDraft, **kw) -> CaseRecord:
        with self.batch() as wf:
            return wf.report(actor, draft, **kw)

    def act(self, actor: Actor, case_ref: int | str, action: Action, **kw) -> CaseRecord:
        with self.batch() as wf:
            return wf.act(actor, case_ref, action, **kw)

    def case_count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(Case))
