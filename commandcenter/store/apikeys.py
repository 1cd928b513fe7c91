"""API keys of Open311 clients and the log of their POSTs.

A key is 32 random bytes shown once when it is made; only its SHA-256 is stored. A fast hash
is the right one here: the key is random, not a password a person chose, so there is nothing
to guess from its hash, and every request checks it.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from .db import Database
from .schema import ApiKey, ApiPostLog

SOURCES = ("public", "hotline")


class ApiKeyError(ValueError):
    pass


@dataclass(frozen=True)
class KeyInfo:
    id: int
    name: str
    prefix: str
    source: str
    rate_per_min: int
    created_at: datetime
    revoked_at: datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _info(row: ApiKey) -> KeyInfo:
    return KeyInfo(row.id, row.name, row.prefix, row.source, row.rate_per_min, row.created_at,
                   row.revoked_at)


def add_key(db: Database, name: str, source: str, rate_per_min: int, now: datetime) -> str:
    """A new key for client ``name``; the token is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 40:
        raise ApiKeyError("a key's name has 1 to 40 characters")
    if source not in SOURCES:
        raise ApiKeyError(f"source must be one of {', '.join(SOURCES)}")
    if not 1 <= rate_per_min <= 10_000:
        raise ApiKeyError("the rate is 1 to 10,000 requests a minute")
    token = "cc311_" + secrets.token_urlsafe(32)
    with db.session() as s:
        if s.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
            raise ApiKeyError(f"a key named {name!r} exists (revoke it, or choose another name)")
        s.add(ApiKey(name=name, prefix=token[:12], key_hash=_hash(token), source=source,
                     rate_per_min=rate_per_min, created_at=now))
    return token


def list_keys(db: Database) -> list[KeyInfo]:
    with db.session() as s:
        return [_info(k) for k in s.scalars(select(ApiKey).order_by(ApiKey.name))]


def revoke_key(db: Database, name: str, now: datetime) -> None:
    with db.session() as s:
        key = s.scalar(select(ApiKey).where(ApiKey.name == name))
        if key is None:
            raise ApiKeyError(f"no key named {name!r}")
        if key.revoked_at is None:
            key.revoked_at = now


def find_key(db: Database, token: str) -> KeyInfo | None:
    """The live key with this token, or None (unknown or revoked)."""
    with db.session() as s:
        key = s.scalar(select(ApiKey).where(ApiKey.key_hash == _hash(token)))
        return _info(key) if key is not None and key.revoked_at is None else None


def log_post(db: Database, key_id: int | None, at: datetime, remote: str, status: int,
             case_number: str | None, detail: str) -> None:
    with db.session() as s:
        s.execute(insert(ApiPostLog), {"key_id": key_id, "at": at, "remote": remote[:45],
                                       "status": status, "case_number": case_number,
                                       "detail": detail[:2000]})


@dataclass(frozen=True)
class PostRecord:
    key_name: str | None
    at: datetime
    remote: str
    status: int
    case_number: str | None
    detail: str


def post_log(db: Database, limit: int = 1000) -> list[PostRecord]:
    with db.session() as s:
        rows = s.execute(select(ApiKey.name, ApiPostLog.at, ApiPostLog.remote, ApiPostLog.status,
                                ApiPostLog.case_number, ApiPostLog.detail)
                         .outerjoin(ApiKey, ApiKey.id == ApiPostLog.key_id)
                         .order_by(ApiPostLog.id).limit(limit))
        return [PostRecord(*r) for r in rows]
