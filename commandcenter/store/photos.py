"""Photos attached to reports and actions, kept in the database (table ``photos``).

A photo is read from its file on the worker that takes the action, checked (an image of a
known kind, not too large) and stored under its SHA-256 in the action's own transaction,
so an action and its photos are saved together or not at all.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.models.workflow import InvalidRequest

from .db import Database
from .schema import Photo

PREFIX = "photo:"
MAX_BYTES = 10 * 1024 * 1024  # a phone photo is 2–6 MB
MAX_PER_ACTION = 9
# What a file starts with, for the kinds of picture a phone or a camera makes.
_KINDS = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
          (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp"))


class PhotoError(InvalidRequest):
    """A photo that cannot go with an action: ``problem`` is unreadable, too_large,
    not_image or too_many; ``name`` the file's name."""

    def __init__(self, message: str, *, name: str, problem: str):
        super().__init__(message)
        self.name, self.problem = name, problem


@dataclass(frozen=True)
class PhotoFile:
    name: str
    mime: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def ref(self) -> str:
        return PREFIX + self.sha256


def _mime(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in _KINDS if data.startswith(magic)), None)


def read_photo_files(paths: Iterable[str | Path]) -> tuple[PhotoFile, ...]:
    """The photos in ``paths``; the first one that is missing, too large or not a
    picture refuses them all, naming the file and why."""
    paths = list(paths)
    if len(paths) > MAX_PER_ACTION:
        raise PhotoError(f"at most {MAX_PER_ACTION} photos per action, not {len(paths)}",
                         name="", problem="too_many")
    photos = []
    for path in map(Path, paths):
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PhotoError(f"photo {path.name}: cannot be read ({exc.strerror})",
                             name=path.name, problem="unreadable") from None
        if size > MAX_BYTES:
            raise PhotoError(f"photo {path.name}: {size / 2**20:.1f} MB, more than the "
                             f"{MAX_BYTES // 2**20} MB allowed", name=path.name, problem="too_large")
        data = path.read_bytes()
        mime = _mime(data)
        if mime is None:
            raise PhotoError(f"photo {path.name}: not a JPEG, PNG, WebP, GIF or BMP picture",
                             name=path.name, problem="not_image")
        photos.append(PhotoFile(path.name[:200], mime, data))
    return tuple(photos)


def store_photos(session: Session, photos: Sequence[PhotoFile], username: str,
                 now: datetime) -> tuple[str, ...]:
    """Keep ``photos`` (each picture once) in the caller's transaction; their references."""
    refs = []
    for photo in photos:
        if session.get(Photo, photo.sha256) is None:
            session.add(Photo(sha256=photo.sha256, name=photo.name, mime=photo.mime,
                              size=len(photo.data), data=photo.data, added_at=now,
                              added_by=username))
        refs.append(photo.ref)
    session.flush()
    return tuple(refs)


def load_photos(db: Database, refs: Iterable[str]) -> dict[str, bytes]:
    """The pictures behind ``photo:`` references (others are left out)."""
    keys = {r[len(PREFIX):]: r for r in refs if r.startswith(PREFIX)}
    if not keys:
        return {}
    with db.session() as session:
        rows = session.execute(select(Photo.sha256, Photo.data)
                               .where(Photo.sha256.in_(list(keys)))).all()
    return {keys[sha]: bytes(data) for sha, data in rows}
