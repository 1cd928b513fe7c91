"""A small hand-made history for the review tests, played through the real workflow.

Every case's figures are worked out by hand in the test that uses them; the comments
say what each case is there to exercise.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from commandcenter.models.case import Action, CaseDraft
from commandcenter.models.enums import CaseKind, Source, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.worktime import TimeLimit
from commandcenter.store.photos import read_photo_files
from commandcenter.store.service import CaseService

from .conftest import GRID_A, GRID_B

AS_OF = datetime(2026, 12, 10, 9, 0)
PHOTO = Path(__file__).parent / "data" / "fieldwork" / "adverts_removed.jpg"


def T(month, day, hour, minute=0, year=2026):
    return datetime(year, month, day, hour, minute)


class Player:
    def __init__(self, db):
        self.service = CaseService(db, default_policy(), clock=lambda: AS_OF)
        self.numbers: dict[str, str] = {}

    def report(self, name, at, reporter="sup1", source=Source.SUPERVISOR, grid=GRID_A,
               self_handled=False):
        """``self_handled``: reported as handled on the spot (自处理), with a photo."""
        draft = CaseDraft(source=source, kind=CaseKind.EVENT, class_key="event:0101",
                          urgency=Urgency.NORMAL, lon=116.4005, lat=39.9105, grid_code=grid,
                          description="暴露垃圾", self_handled=self_handled)
        photos = read_photo_files([PHOTO]) if self_handled else ()
        case = self.service.report(self.service.actor(reporter), draft, at=at,
                                   photo_files=photos)
        self.numbers[name] = case.number
        return case

    def act(self, name, who, action, at, **kw):
        if action in (Action.REQUEST_RETURN, Action.REQUEST_EXTENSION, Action.REQUEST_HOLD,
                      Action.CHECK_FAIL, Action.VOID, Action.SUPERVISE, Action.REJECT):
            kw.setdefault("reason", "test")
        return self.service.act(self.service.actor(who), self.numbers[name], action, at=at, **kw)

    def to_handling(self, name, at, department="D02", dispatcher="disp1"):
        """Accept after 5 minutes, file after 15, dispatch after 20 (all on time)."""
        from datetime import timedelta as td
        self.act(name, "op1", Action.ACCEPT, at + td(minutes=5))
        self.act(name, "lead1", Action.FILE, at + td(minutes=15))
        return self.act(name, dispatcher, Action.DISPATCH, at + td(minutes=20),
                        department_code=department)

    def finish(self, name, handled, checked, closed):
        self.act(name, "h_d02", Action.HANDLE, handled)
        self.act(name, "sup1", Action.CHECK_PASS, checked)
        self.act(name, "lead1", Action.CLOSE, closed)


def play_november(db) -> Player:
    """Nine cases around November 2026 (deadlines: 1 working day to handle, event:0101)."""
    p = Player(db)
    # A: the plain loop, all on time. Dispatched Mon 2 Nov 9:20, due Tue 9:20.
    p.report("A", T(11, 2, 9))
    p.to_handling("A", T(11, 2, 9))
    p.finish("A", T(11, 2, 15), T(11, 2, 16), T(11, 2, 16, 30))
    # B: handled late, fails its check, handled again in time: rework, closed on time.
    p.report("B", T(11, 2, 10))
    p.to_handling("B", T(11, 2, 10))                      # due Tue 3 Nov 10:20
    p.act("B", "h_d02", Action.HANDLE, T(11, 4, 9))       # late
    p.act("B", "sup1", Action.CHECK_FAIL, T(11, 4, 10))   # new deadline Thu 5 Nov 10:00
    p.finish("B", T(11, 4, 15), T(11, 4, 16), T(11, 4, 16, 30))
    # C: held at the department's request, still held: out of the denominators.
    p.report("C", T(11, 3, 9), grid=GRID_B)
    p.to_handling("C", T(11, 3, 9))
    p.act("C", "h_d02", Action.REQUEST_HOLD, T(11, 3, 10))
    p.act("C", "disp1", Action.APPROVE, T(11, 3, 11))
    # D: dispatched to the wrong department (D09 returns it), then to D02, never handled.
    p.report("D", T(11, 3, 14))
    p.to_handling("D", T(11, 3, 14), department="D09")
    p.act("D", "h_d09", Action.REQUEST_RETURN, T(11, 3, 15))
    p.act("D", "disp1", Action.APPROVE, T(11, 3, 15, 30))
    p.act("D", "disp2", Action.DISPATCH, T(11, 3, 16), department_code="D02")
    p.act("D", "leader1", Action.SUPERVISE, T(11, 5, 9))
    # E: an approved extension turns a late handling into an on-time one.
    p.report("E", T(11, 5, 8, 30))
    p.to_handling("E", T(11, 5, 8, 40))                   # dispatched 9:00, due Fri 6 9:00
    p.act("E", "h_d02", Action.REQUEST_EXTENSION, T(11, 5, 10), extension=TimeLimit.parse("1wd"))
    p.act("E", "disp1", Action.APPROVE, T(11, 5, 11))     # due Mon 9 Nov 9:00
    p.finish("E", T(11, 6, 10), T(11, 6, 11), T(11, 6, 11, 30))
    # F: voided at filing: the report was not valid, the intake not accurate.
    p.report("F", T(11, 3, 9, 30))
    p.act("F", "op1", Action.ACCEPT, T(11, 3, 9, 35))
    p.act("F", "lead1", Action.VOID, T(11, 3, 9, 40))
    # G: dispatched on 30 October, handled in November: October's case, not November's.
    p.report("G", T(10, 30, 17))
    p.to_handling("G", T(10, 30, 17))
    p.finish("G", T(11, 2, 9), T(11, 2, 10), T(11, 2, 10, 30))
    # H: dispatched before the National Day holiday (1–7 Oct off): due 8 Oct 16:00,
    # handled 8 Oct 10:00 — on time, after 4 working hours.
    p.report("H", T(9, 30, 15, 40))
    p.to_handling("H", T(9, 30, 15, 40))
    p.finish("H", T(10, 8, 10), T(10, 8, 11), T(10, 8, 11, 30))
    # I: a hotline report, verified late by the supervisor (1 working hour allowed).
    p.report("I", T(11, 9, 9), reporter="op1", source=Source.HOTLINE, grid=GRID_B)
    p.act("I", "op1", Action.ACCEPT, T(11, 9, 9, 5))      # verify due 10:05
    p.act("I", "sup1", Action.VERIFY, T(11, 9, 11))       # late
    p.act("I", "lead1", Action.FILE, T(11, 9, 11, 10))
    p.act("I", "disp1", Action.DISPATCH, T(11, 9, 11, 20), department_code="D02")
    p.finish("I", T(11, 9, 14), T(11, 9, 15), T(11, 9, 15, 30))
    return p


def play_self_handled(p: Player) -> Player:
    """Four reports handled on the spot (自处理) by sup1, beside November's nine cases."""
    # S: approved ten minutes later: closed at once, never filed nor dispatched.
    p.report("S", T(11, 10, 9), self_handled=True)
    p.act("S", "lead1", Action.APPROVE, T(11, 10, 9, 10))
    # R: rejected (intake was due 10:10), so on to filing, due 30 working minutes after
    # the rejection; filed at 10:50, in time; then the whole loop at D02.
    p.report("R", T(11, 10, 10), grid=GRID_B, self_handled=True)
    p.act("R", "lead1", Action.REJECT, T(11, 10, 10, 30))
    p.act("R", "lead1", Action.FILE, T(11, 10, 10, 50))
    p.act("R", "disp1", Action.DISPATCH, T(11, 10, 11), department_code="D02")
    p.finish("R", T(11, 10, 14), T(11, 10, 15), T(11, 10, 15, 30))
    # P: reported on the last evening of November, not yet decided.
    p.report("P", T(11, 30, 17, 50), self_handled=True)
    # O: reported on 30 October, approved on 2 November: October's report.
    p.report("O", T(10, 30, 17), self_handled=True)
    p.act("O", "lead1", Action.APPROVE, T(11, 2, 9))
    return p
