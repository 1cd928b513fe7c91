"""Database tables (SQLAlchemy 2 typed ORM). Changed only through Alembic migrations.

Times are naive local (Asia/Shanghai) datetimes, as in the domain layer.
Geometries are GeoJSON text in lon/lat (CGCS2000 ≈ WGS84): the map consumes them as is.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index,
                        Integer, LargeBinary, String, Text, UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a real bigint.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Area(Base):
    """District, street and community divisions."""

    __tablename__ = "areas"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(60))
    short_name: Mapped[str] = mapped_column(String(40))
    # The name an English interface shows: imported, else pinyin (models.placenames).
    name_en: Mapped[str | None] = mapped_column(String(120), nullable=True)
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    geometry: Mapped[str] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class Grid(Base):
    """Unit grids (单元网格)."""

    __tablename__ = "grids"
    code: Mapped[str] = mapped_column(String(15), primary_key=True)
    community_code: Mapped[str] = mapped_column(String(12), index=True)
    street_code: Mapped[str] = mapped_column(String(9), index=True)
    geometry: Mapped[str] = mapped_column(Text)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    area_m2: Mapped[float] = mapped_column(Float)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)


class Department(Base):
    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    short_name: Mapped[str] = mapped_column(String(30))
    type: Mapped[str] = mapped_column(String(20))
    street_code: Mapped[str | None] = mapped_column(String(9))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20), index=True)
    department_code: Mapped[str | None] = mapped_column(ForeignKey("departments.code"))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StaffGrid(Base):
    """Which field staff patrol which grids."""

    __tablename__ = "staff_grids"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    grid_code: Mapped[str] = mapped_column(ForeignKey("grids.code"), primary_key=True, index=True)


class Component(Base):
    """Registered public components (部件)."""

    __tablename__ = "components"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    class_key: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(60))
    owner_department: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    maintainer_department: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    grid_code: Mapped[str] = mapped_column(String(15), index=True)
    state: Mapped[str] = mapped_column(String(10))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)


class RoutingRuleRow(Base):
    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order: Mapped[int] = mapped_column(Integer)
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    kind: Mapped[str | None] = mapped_column(String(10))
    major: Mapped[str | None] = mapped_column(String(2))
    minor: Mapped[str | None] = mapped_column(String(2))
    area_prefix: Mapped[str | None] = mapped_column(String(15))


class CalendarOverride(Base):
    """Local working-day overrides on top of the official calendar."""

    __tablename__ = "calendar_overrides"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(60), default="")


class CaseCounter(Base):
    """Per-day serials behind case numbers (YYYYMMDD + 5 digits)."""

    __tablename__ = "case_counters"
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


# Open cases are selected by this text itself, not ``Case.is_open``: SQLite uses a partial
# index only for a WHERE that repeats the index's term, and renders ``Case.is_open`` as
# ``is_open = 1``; PostgreSQL reads both alike.
OPEN = text("is_open")
MERGED = text("merged_into IS NOT NULL")
# Only field tasks carry an assignee: an index of them alone stays small, and its
# statistics are not swamped by the open cases without one.
ASSIGNED = text("is_open AND assignee IS NOT NULL")


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    source: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(10))
    class_key: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(8))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    grid_code: Mapped[str] = mapped_column(String(15))
    description: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(120), default="")
    component_code: Mapped[str | None] = mapped_column(String(16), index=True)
    reporter_name: Mapped[str] = mapped_column(String(40), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    reporter_id_no: Mapped[str] = mapped_column(String(20), default="")
    photos: Mapped[list[str]] = mapped_column(default=list)
    stage: Mapped[str] = mapped_column(String(10))
    is_open: Mapped[bool] = mapped_column(Boolean)
    department_code: Mapped[str | None] = mapped_column(String(12))
    reported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    stage_started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[datetime | None] = mapped_column(DateTime)
    handle_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    handle_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    hold_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    pending_request: Mapped[str | None] = mapped_column(String(10))
    pending_payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    supervision_level: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    hold_count: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Cases brought in from another system: their id there, so a re-import skips them.
    external_id: Mapped[str | None] = mapped_column(String(64))
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # A merged duplicate (void) points to the case it was merged into; that case counts them.
    merged_into: Mapped[int | None] = mapped_column(BigId, ForeignKey("cases.id"))
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Closed on the shift lead's approval of a report handled on the spot (自处理).
    self_handled: Mapped[bool] = mapped_column(Boolean, default=False,
                                               server_default=text("false"))
    # The field supervisor holding the verify/check task, since when, and when they took it.
    assignee: Mapped[str | None] = mapped_column(String(40))
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    task_started_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("uq_cases_external_id", "external_id", unique=True),
        # The dispatcher's hot queries touch only open cases: partial indexes keep them
        # small however long the history grows.
        Index("ix_cases_open_stage_deadline", "stage", "deadline",
              postgresql_where=OPEN, sqlite_where=OPEN),
        Index("ix_cases_open_grid", "grid_code", "deadline",
              postgresql_where=OPEN, sqlite_where=OPEN),
        Index("ix_cases_department_stage", "department_code", "stage"),
        # The duplicate search's prefilter (class and a band of latitude), a supervisor's
        # task list and loads, and a case's merged duplicates.
        Index("ix_cases_open_class_lat", "class_key", "lat",
              postgresql_where=OPEN, sqlite_where=OPEN),
        Index("ix_cases_open_assignee", "assignee", "deadline",
              postgresql_where=ASSIGNED, sqlite_where=ASSIGNED),
        Index("ix_cases_merged_into", "merged_into", postgresql_where=MERGED,
              sqlite_where=MERGED),
    )


class CaseEventRow(Base):
    """Append-only history; (case_id, seq) is unique so a lost race cannot double-log."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    from_stage: Mapped[str | None] = mapped_column(String(10))
    to_stage: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),)


class ChangeLog(Base):
    """Append-only feed of every change, followed by live views and other workstations."""

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime)

    # Sequence numbers are never reused, even after the newest rows are deleted.
    __table_args__ = {"sqlite_autoincrement": True}


class PersonalDataRead(Base):
    """使用留痕: every time someone saw a reporter's unmasked phone or ID number."""

    __tablename__ = "personal_data_reads"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    fields: Mapped[str] = mapped_column(String(60))


class StaffPosition(Base):
    """GPS fixes of the field staff, as their phones report them."""

    __tablename__ = "staff_positions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    on_duty: Mapped[bool] = mapped_column(Boolean)

    # The map asks for each person's newest fix and for recent trails of a few people.
    __table_args__ = (Index("ix_staff_positions_user_id_at", "user_id", "at"),)


class StaffPositionMinute(Base):
    """Fixes older than the raw table keeps, one per person per minute (the minute's first):
    trails of past hours and days for replay, a sixtieth of the raw rows or less."""

    __tablename__ = "staff_position_minutes"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    on_duty: Mapped[bool] = mapped_column(Boolean)

    # A day of everyone (replay) reads by time; one person's trail by the primary key.
    __table_args__ = (Index("ix_staff_position_minutes_at", "at"),)


class ApiKey(Base):
    """An Open311 client's key: only its SHA-256 is kept, and the first characters to tell
    keys apart in a listing."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(12))
    rate_per_min: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ApiPostLog(Base):
    """Every POST to the Open311 server, accepted or not, with the key that made it."""

    __tablename__ = "api_post_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    remote: Mapped[str] = mapped_column(String(45))
    status: Mapped[int] = mapped_column(Integer)
    case_number: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)

class ReviewPublication(Base):
    """A published (frozen, 固化) review: its figures as they stood when published."""

    __tablename__ = "review_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(40), index=True)
    scheme_version: Mapped[str] = mapped_column(String(40))
    definitions_version: Mapped[str] = mapped_column(String(20))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(40))
    figures: Mapped[str] = mapped_column(Text)


class ReviewPublicationCase(Base):
    """The cases behind a published review's figures: a bit per indicator they count in."""

    __tablename__ = "review_publication_cases"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("review_publications.id"))
    object_type: Mapped[str] = mapped_column(String(12))
    unit: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int] = mapped_column(BigInteger)
    flags: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_review_publication_cases_pub_unit", "publication_id",
                            "object_type", "unit"),)


class Photo(Base):
    """A photo attached to a report or to an action (a department's result, a field
    check), kept in the database itself so every desk of a shared database sees it;
    cases and events refer to it as ``photo:<sha256>``, so the same picture is kept once."""

    __tablename__ = "photos"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40))
