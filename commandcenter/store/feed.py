"""Following the change log: what changed, in order, exactly once; woken at once on PostgreSQL.

* :class:`ChangeFollower` reads the change log by sequence number and never delivers a row
  twice. On PostgreSQL a row's number is taken when it is inserted but the row only becomes
  visible when its transaction commits, so number 10 can appear after number 11. The follower
  remembers every number it has stepped over (a *hole*) and asks for it again until it appears
  or is known never to appear (its transaction rolled back).
* :class:`PgNotifier` is a LISTEN connection that says "something changed": the trigger from
  migration 0002 notifies once per committed transaction that wrote to the log.
* :class:`LiveFeed` joins the two with a polling fallback and reconnects with backoff. Its
  :meth:`LiveFeed.run` is meant for a background thread; the views wrap it for Qt.

SQLite has no notifications: a feed there polls. Its writers are serialised, so rows appear in
number order and holes only come from rows that were deleted.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import Callable

import psycopg
from psycopg import sql
from sqlalchemy import func, or_, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from .db import Database
from .queries import Change
from .schema import ChangeLog

# Must match the channel the trigger of migration 0002 notifies.
CHANNEL = "commandcenter_changes"

log = logging.getLogger(__name__)

Clock = Callable[[], float]


@dataclass
class _Hole:
    noticed: float           # follower clock when the number was first stepped over
    next_xid: int | None     # PostgreSQL: first transaction id not yet assigned at that moment


class ChangeFollower:
    """Delivers change-log rows after ``after_seq``, each exactly once.

    ``after_seq=None`` starts at the end of the log as it is now (read in the constructor, so
    create the follower *before* loading the picture it will keep up to date; a change the
    picture already shows may then arrive once more, which is harmless).

    How holes are handled, on each :meth:`poll`:

    1. Ask for every row above the highest number delivered so far *and* every hole, in
       number order, in one statement.
    2. A row that fills a hole is delivered and the hole forgotten. A row above the highest
       number is delivered; every number between it and the previous highest that did not
       come back becomes a hole, stamped with the clock (and, on PostgreSQL, with the next
       transaction id to be assigned).
    3. A hole is given up once ``grace`` seconds have passed since it was noticed *and*, on
       PostgreSQL, every transaction that was running when it was noticed has ended — the
       oldest running transaction id, read *before* step 1, is past the stamp — so its row
       cannot appear any more. A hole older than ``max_wait`` is given up regardless, so a
       session left idle in a transaction elsewhere on the server cannot pin it forever.

    The same holes are looked for below the start position (``lookback`` numbers), since a
    transaction that took a lower number may still be about to commit.
    """

    def __init__(self, db: Database, after_seq: int | None = None, *, grace: float = 5.0,
                 max_wait: float = 600.0, batch: int = 1000, lookback: int = 1000,
                 max_holes: int = 5000, clock: Clock = time.monotonic):
        self.db, self.grace, self.max_wait, self.batch = db, grace, max_wait, batch
        self.lookback, self.max_holes, self.clock = lookback, max_holes, clock
        self._pg = db.dialect == "postgresql"
        self._holes: dict[int, _Hole] = {}
        self._high = after_seq
        self._started = False
        if after_seq is None:
            self._start()

    @property
    def last_seq(self) -> int | None:
        """The highest number delivered (or the start position)."""
        return self._high

    @property
    def holes(self) -> list[int]:
        """Numbers stepped over that may still appear."""
        return sorted(self._holes)

    def poll(self) -> list[Change]:
        """New rows in number order; a late row fills its hole after higher ones came.

        At most ``batch`` rows; when a full batch comes back, call again for the rest.
        Raises the database's error if it cannot be reached (nothing is lost: call again).
        """
        if not self._started:
            self._start()
        now = self.clock()
        ripe = [seq for seq, hole in self._holes.items() if now - hole.noticed >= self.grace]
        with self.db.session() as session:
            oldest_running = self._xid(session, "xmin") if ripe and self._pg else None
            where = ChangeLog.seq > self._high
            if self._holes:
                where = or_(where, ChangeLog.seq.in_(sorted(self._holes)))
            rows = session.execute(
                select(ChangeLog.seq, ChangeLog.entity, ChangeLog.entity_id, ChangeLog.kind,
                       ChangeLog.at).where(where).order_by(ChangeLog.seq).limit(self.batch)).all()
            delivered, stepped_over = [], []
            for row in rows:
                seq = row.seq
                if seq in self._holes:
                    del self._holes[seq]
                elif seq > self._high:
                    # Bounded: a jump of the sequence is not thousands of open transactions.
                    stepped_over.extend(range(self._high + 1,
                                              min(seq, self._high + 1 + self.max_holes)))
                    self._high = seq
                else:  # cannot happen: the statement asks for nothing else
                    continue
                delivered.append(Change(*row))
            if stepped_over:
                self._add_holes(stepped_over, now, self._xid(session, "xmax") if self._pg else None)
        # Holes above the last row of a full batch were not looked at this time.
        looked_up_to = rows[-1].seq if len(rows) == self.batch else math.inf
        for seq in ripe:
            hole = self._holes.get(seq)
            if hole is None or seq > looked_up_to:
                continue
            ended = oldest_running is None or hole.next_xid is None \
                or oldest_running >= hole.next_xid
            if ended or now - hole.noticed >= self.max_wait:
                del self._holes[seq]
                log.info("change-log number %d never appeared; given up", seq)
        return delivered

    def _start(self) -> None:
        with self.db.session() as session:
            if self._high is None:
                self._high = session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0)))
            low = max(self._high - self.lookback, 0)
            present = set(session.scalars(select(ChangeLog.seq).where(
                ChangeLog.seq > low, ChangeLog.seq <= self._high)))
            missing = [seq for seq in range(low + 1, self._high + 1) if seq not in present]
            if missing:
                self._add_holes(missing, self.clock(),
                                self._xid(session, "xmax") if self._pg else None)
        self._started = True

    def _add_holes(self, seqs: list[int], now: float, next_xid: int | None) -> None:
        room = self.max_holes - len(self._holes)
        if len(seqs) > room:
            log.warning("%d change-log numbers skipped at once; following only %d of them",
                        len(seqs), max(room, 0))
            seqs = seqs[:max(room, 0)]
        for seq in seqs:
            self._holes[seq] = _Hole(now, next_xid)

    @staticmethod
    def _xid(session, which: str) -> int:
        """``xmin``: oldest transaction still running; ``xmax``: next one to be assigned
        (cluster-wide, 64-bit, as seen by a fresh snapshot)."""
        return int(session.scalar(text(
            f"SELECT pg_snapshot_{which}(pg_current_snapshot())::text::bigint")))


class NotifierError(Exception):
    """The LISTEN connection could not be opened, or was lost."""


class Backoff:
    """Delays between reconnection attempts: 0.25, 0.5, 1, 2, 4, 5, 5 … seconds."""

    def __init__(self, first: float = 0.25, factor: float = 2.0, cap: float = 5.0):
        self.first, self.factor, self.cap = first, factor, cap
        self._next = first

    def next(self) -> float:
        delay, self._next = self._next, min(self._next * self.factor, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy) as a libpq connection URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PgNotifier:
    """A dedicated autocommit connection LISTENing for change-log notifications.

    For an event loop: watch :meth:`fileno` for readability, then call :meth:`drain`. Others
    call :meth:`wait`. Both raise :class:`NotifierError` when the connection is lost (the
    socket turns readable when the server goes away); the connection is closed then, and
    :meth:`ensure_connected` (or :meth:`connect`) opens a new one, with a new socket to watch.
    Notifications sent while nobody listened are gone: after connecting, read the log. A
    notification says only *that* something changed: a :class:`ChangeFollower` says what.
    """

    def __init__(self, url: str, *, channel: str = CHANNEL,
                 sleep: Callable[[float], object] = time.sleep, backoff: Backoff | None = None,
                 connect_timeout: int = 5):
        self.conninfo, self.channel = libpq_url(url), channel
        self._sleep, self._backoff = sleep, backoff or Backoff()
        self._connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None
        self.last_error: str | None = None

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed and not self._conn.broken

    def connect(self) -> None:
        """One attempt to connect and LISTEN; raises :class:`NotifierError`."""
        self.close()
        try:
            # Keepalives notice a vanished peer (cable pulled, VPN dropped) within ~20 s.
            conn = psycopg.connect(self.conninfo, autocommit=True,
                                   connect_timeout=self._connect_timeout, keepalives=1,
                                   keepalives_idle=10, keepalives_interval=5,
                                   keepalives_count=2, application_name="commandcenter feed")
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        except psycopg.Error as exc:
            self.last_error = str(exc).strip() or type(exc).__name__
            raise NotifierError(f"cannot listen for changes: {self.last_error}") from exc
        self._conn, self.last_error = conn, None

    def ensure_connected(self, attempts: int = 5) -> bool:
        """Connected, trying up to ``attempts`` times with growing pauses in between.

        False when the server stays out of reach; :attr:`last_error` says why.
        """
        if self.connected:
            return True
        self._backoff.reset()
        for attempt in range(attempts):
            if attempt:
                self._sleep(self._backoff.next())
            try:
                self.connect()
                return True
            except NotifierError:
                continue
        return False

    def fileno(self) -> int:
        return self._live().fileno()

    def drain(self) -> bool:
        """Consume every notification already received, without blocking: were there any?"""
        return self._receive(0.0)

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for a notification, then drain the rest."""
        if self._receive(timeout, stop_after=1):
            self._receive(0.0)
            return True
        return False

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            conn.close()

    def __enter__(self) -> PgNotifier:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _live(self) -> psycopg.Connection:
        if not self.connected:
            raise NotifierError("not listening: connect first")
        return self._conn

    def _receive(self, timeout: float, stop_after: int | None = None) -> bool:
        conn = self._live()
        try:
            # Consume the generator to the end: everything received so far is drained.
            return sum(1 for _ in conn.notifies(timeout=timeout, stop_after=stop_after)) > 0
        except psycopg.Error as exc:
            self.last_error = str(exc).strip() or type(exc).__name__
            self.close()
            raise NotifierError(f"lost the change notifications: {self.last_error}") from exc


class FeedState(Enum):
    LIVE = "live"                  # following the log as it grows
    RECONNECTING = "reconnecting"  # the connection dropped; retrying
    OFFLINE = "offline"            # out of reach for a while; still retrying, less often


# Errors that mean "the database is out of reach", as opposed to a fault in the program.
_LOST = (NotifierError, OperationalError, InterfaceError)


class LiveFeed:
    """Keeps a client up to date: ``on_changes`` gets every new change once, in order.

    On PostgreSQL (unless ``notify=False``) a notification wakes it within milliseconds, and it
    still reads the log every ``safety_interval`` seconds; elsewhere it reads the log every
    ``poll_interval`` seconds. A lost connection is reported as RECONNECTING, as OFFLINE after
    ``offline_after`` seconds, and retried with backoff; once back, LISTEN is restored *before*
    the log is read, so the catch-up misses nothing that commits meanwhile, and the follower
    (which survives the outage) delivers nothing twice.
    """

    def __init__(self, db: Database, *, after_seq: int | None = None,
                 follower: ChangeFollower | None = None, notify: bool = True,
                 notifier: PgNotifier | None = None, poll_interval: float = 0.25,
                 safety_interval: float = 2.0, offline_after: float = 10.0,
                 backoff: Backoff | None = None, clock: Clock = time.monotonic):
        self.db = db
        self.follower = follower or ChangeFollower(db, after_seq)
        if notifier is None and notify and db.dialect == "postgresql":
            notifier = PgNotifier(db.url)
        self.notifier = notifier
        self.poll_interval, self.safety_interval = poll_interval, safety_interval
        self.offline_after, self.clock = offline_after, clock
        self._backoff = backoff or Backoff()

    def run(self, stop: threading.Event, on_changes: Callable[[list[Change]], object],
            on_state: Callable[[FeedState], object]) -> None:
        """Follow until ``stop`` is set. Both callbacks run in the calling thread; a state is
        reported when it changes. Returns within about a quarter second of ``stop``."""
        state: FeedState | None = None
        down_since: float | None = None
        try:
            while not stop.is_set():
                try:
                    if self.notifier is not None and not self.notifier.connected:
                        self.notifier.connect()
                    self._catch_up(on_changes)
                    down_since = None
                    self._backoff.reset()
                    if state is not FeedState.LIVE:
                        state = FeedState.LIVE
                        on_state(state)
                    self._idle(stop)
                except _LOST as exc:
                    if self.notifier is not None:
                        self.notifier.close()
                    now = self.clock()
                    down_since = now if down_since is None else down_since
                    new = (FeedState.OFFLINE if now - down_since >= self.offline_after
                           else FeedState.RECONNECTING)
                    if new is not state:
                        log.warning("change feed %s: %s", new.value, exc)
                        state = new
                        on_state(state)
                    stop.wait(self._backoff.next())
        finally:
            if self.notifier is not None:
                self.notifier.close()

    def _catch_up(self, on_changes: Callable[[list[Change]], object]) -> None:
        while True:
            changes = self.follower.poll()
            if changes:
                on_changes(changes)
            if len(changes) < self.follower.batch:
                return

    def _idle(self, stop: threading.Event, tick: float = 0.25) -> None:
        """Until a notification, the next scheduled read, or ``stop``."""
        if self.notifier is None:
            stop.wait(self.poll_interval)
            return
        deadline = time.monotonic() + self.safety_interval
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or self.notifier.wait(min(tick, left)):
                return
