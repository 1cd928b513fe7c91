"""``MapView.replay``: the replay layer's side of the map widget.

While a replay is on, the page draws it in place of the live cases, grid load and staff;
live updates still reach the page and are drawn again when the replay ends. Payloads are
built on the map's payload worker, in order, so the cursor (what the page was last sent)
is only ever touched there. After a reload of the page, or a change of basemap datum, the
replay is sent again: its cases and trails, then a whole frame.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from commandcenter.models.replay import Replay, ReplayCursor

from . import replay as payloads

Post = Callable[[str, Callable[[], str | list[str]]], int]


class ReplayLayer:
    def __init__(self, post: Post, datum: Callable[[], str]):
        self._post, self._datum = post, datum
        self._replay: Replay | None = None
        self._cursor: ReplayCursor | None = None
        self._time: datetime | None = None
        self.off_duty = False
        """Whether people off duty are drawn (grey), as the live map's 含未在岗."""

    @property
    def active(self) -> bool:
        return self._replay is not None

    @property
    def replay(self) -> Replay | None:
        return self._replay

    @property
    def time(self) -> datetime | None:
        """The instant of the last frame posted."""
        return self._time

    def start(self, replay: Replay, t: datetime) -> int:
        """Show ``replay`` at ``t`` instead of the live picture; returns the update number."""
        self._replay, self._cursor = replay, ReplayCursor(replay)
        return self._post_all(t)

    def seek(self, t: datetime) -> int:
        """The frame at ``t``: only the cases that changed since the last one travel."""
        if self._cursor is None:
            raise RuntimeError("no replay is on")
        self._time = t
        cursor, datum, off_duty = self._cursor, self._datum(), self.off_duty
        return self._post("replay", lambda: payloads.frame_payload(cursor.patch(t), datum,
                                                                   off_duty))

    def stop(self) -> int:
        """Back to the live picture."""
        self._replay = self._cursor = self._time = None
        return self._post("replay", payloads.end_payload)

    def repost(self) -> int | None:
        """Everything again (after a reload or a change of datum); None when no replay is on."""
        return self._post_all(self._time) if self._replay is not None else None

    def _post_all(self, t: datetime) -> int:
        replay, cursor, datum, off_duty = self._replay, self._cursor, self._datum(), self.off_duty
        self._time = t
        self._post("replay", lambda: payloads.cases_payload_parts(replay, datum)
                   + payloads.staff_payload_parts(replay, datum))

        def whole_frame() -> str:
            cursor.reset()
            return payloads.frame_payload(cursor.patch(t), datum, off_duty)
        return self._post("replay", whole_frame)
