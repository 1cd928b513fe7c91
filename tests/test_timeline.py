"""The closed-loop timeline derived from a case's events, driven through the real rules."""
from __future__ import annotations

from datetime import datetime

from commandcenter.models import workflow, worktime
from commandcenter.models.case import Action, Actor, CaseDraft, CaseEvent
from commandcenter.models.enums import CaseKind, Role, Source, Stage, Urgency
from commandcenter.models.policy import default_policy
from commandcenter.models.timeline import StepState, loop_progress, stage_spans
from commandcenter.models.worktime import TimeLimit

POLICY = default_policy()
A, S = Action, Stage
OP = Actor("op1", Role.OPERATOR)
SUP = Actor("sup1", Role.SUPERVISOR)
LEAD = Actor("lead1", Role.SHIFT_LEAD)
DISP = Actor("disp1", Role.DISPATCHER)
H02 = Actor("h_d02", Role.DEPARTMENT, "D02")
H09 = Actor("h_d09", Role.DEPARTMENT, "D09")


def at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute)  # 2026-11-23 is a Monday


class Driver:
    """Plays actions through the pure state machine and keeps the events, as the store does."""

    def __init__(self, source: Source = Source.HOTLINE, when: datetime = at(9)):
        draft = CaseDraft(source, CaseKind.EVENT, "event:0101", Urgency.NORMAL, 116.4, 39.91,
                          "110101001001001", "暴露垃圾")
        reporter = OP if source is Source.HOTLINE else SUP
        self.case, event = workflow.open_case(draft, reporter, "2026112300001", when, POLICY)
        self.events: list[CaseEvent] = [event]

    def __call__(self, actor: Actor, action: Action, when: datetime, **kw) -> Driver:
        self.case, event = workflow.apply(self.case, action, actor, when, POLICY,
                                          event_seq=self.case.version + 1, **kw)
        self.events.append(event)
        return self


def full_loop() -> Driver:
    """Hotline report → verify (late) → file → dispatch D02 → returned → dispatch D09 →
    extension → hold → resume → handled → check fails (rework) → handled → closed."""
    d = Driver()
    d(OP, A.ACCEPT, at(9, 2))
    d(SUP, A.VERIFY, at(10, 30))                # verify limit is 1 working hour: late
    d(LEAD, A.FILE, at(10, 35))
    d(DISP, A.DISPATCH, at(10, 40), department_code="D02")
    d(H02, A.REQUEST_RETURN, at(11), reason="不属于本部门职责")
    d(DISP, A.APPROVE, at(11, 5))
    d(DISP, A.DISPATCH, at(11, 10), department_code="D09")
    d(H09, A.REQUEST_EXTENSION, at(11, 20), reason="需调用机械", extension=TimeLimit.parse("1wd"))
    d(DISP, A.APPROVE, at(11, 25))
    d(H09, A.REQUEST_HOLD, at(11, 40), reason="等待产权单位确认")
    d(DISP, A.APPROVE, at(11, 45))
    d(DISP, A.RESUME, at(14, 30))
    d(H09, A.HANDLE, at(15))
    d(SUP, A.CHECK_FAIL, at(15, 30), reason="现场仍有垃圾")
    d(H09, A.HANDLE, at(16))
    d(SUP, A.CHECK_PASS, at(16, 20))
    d(LEAD, A.CLOSE, at(16, 30))
    return d


def test_spans_follow_every_stage_change_in_order_with_repeats():
    d = full_loop()
    spans = stage_spans(d.events, at(17))
    assert [s.stage for s in spans] == [
        S.INTAKE, S.VERIFY, S.FILING, S.DISPATCH, S.HANDLING, S.DISPATCH, S.HANDLING, S.HELD,
        S.HANDLING, S.CHECK, S.HANDLING, S.CHECK, S.CLOSING, S.CLOSED]
    # Each span ends when the next begins, by whoever moved the case on.
    for before, after in zip(spans, spans[1:]):
        assert before.left_at == after.entered_at
        assert before.left_by == after.entered_by and before.left_action is after.entered_action
    assert spans[-1].left_at is None and spans[-1].is_current
    assert spans[0].entered_by == "op1" and spans[0].entered_action is A.REPORT
    assert (spans[1].left_by, spans[1].left_role, spans[1].left_action) == (
        "sup1", Role.SUPERVISOR, A.VERIFY)
    first_handling = spans[4]
    assert first_handling.left_action is A.APPROVE and first_handling.left_by == "disp1"
    assert spans[10].entered_action is A.CHECK_FAIL


def test_handling_spans_carry_their_department_and_others_none():
    spans = stage_spans(full_loop().events, at(17))
    assert [s.department for s in spans] == [
        None, None, None, None, "D02", None, "D09", "D09", "D09", None, "D09", None, None, None]


def test_deadlines_come_from_the_entering_event_and_move_with_an_extension():
    d = full_loop()
    spans = stage_spans(d.events, at(17))
    cal = POLICY.calendar
    assert spans[0].deadline == cal.add(at(9), TimeLimit.parse("10wm"))
    assert spans[1].deadline == cal.add(at(9, 2), TimeLimit.parse("1wh"))
    handle_limit = POLICY.stage_limit(S.HANDLING, Urgency.NORMAL, "event:0101")
    second = spans[6]
    assert second.first_deadline == cal.add(at(11, 10), handle_limit)
    assert second.deadline == worktime.extend(cal, second.first_deadline, TimeLimit.parse("1wd"))
    assert second.extensions == 1 and spans[4].extensions == 0
    assert spans[7].deadline is None                       # held: the clock stops
    # Resumed: what remained at the hold counts again from the resumption.
    assert spans[8].deadline == worktime.shift_for_hold(cal, second.deadline, at(11, 45),
                                                        at(14, 30))
    assert spans[-1].deadline is None                      # closed


def test_overran_marks_late_spans_and_the_running_one_against_now():
    d = full_loop()
    spans = stage_spans(d.events, at(17))
    assert spans[1].overran                                # verified 88 minutes after intake
    assert not spans[0].overran and not spans[2].overran
    assert [s for s in spans if s.overran] == [spans[1]]

    d = Driver()
    d(OP, A.ACCEPT, at(9, 2))
    running = stage_spans(d.events, at(9, 30))[-1]
    assert running.stage is S.VERIFY and not running.overran
    late = stage_spans(d.events, at(10, 3))[-1]
    assert late.overran                                    # now is past the deadline


def test_loop_of_a_closed_case_is_all_done_and_counts_the_jumps():
    progress = loop_progress(stage_spans(full_loop().events, at(17)))
    assert [s.label for s in progress.steps] == ["上报", "受理", "核实", "立案", "派遣", "处置",
                                                 "核查", "结案"]
    assert all(s.state is StepState.DONE for s in progress.steps)
    assert {(j.from_key, j.to_key, j.label, j.count) for j in progress.jumps} == {
        ("handling", "dispatch", "回退", 1), ("check", "handling", "返工", 1)}
    handling = progress.step("handling")
    assert handling.visits == 3            # D02, D09 (held and resumed: one stay), rework
    assert progress.step("dispatch").visits == 2 and progress.step("close").visits == 1
    assert handling.left_at == at(16)
    assert progress.step("verify").overran and not progress.step("filing").overran
    assert progress.step("close").left_at == at(16, 30)
    assert progress.step("close").deadline is not None   # the closing stage's, not none


def test_loop_during_rework_puts_later_steps_back_to_pending():
    d = full_loop()
    spans = stage_spans(d.events[:15], at(15, 40))       # just after the failed check
    progress = loop_progress(spans)
    states = {s.key: s.state for s in progress.steps}
    assert states == {"report": StepState.DONE, "intake": StepState.DONE,
                      "verify": StepState.DONE, "filing": StepState.DONE,
                      "dispatch": StepState.DONE, "handling": StepState.CURRENT,
                      "check": StepState.PENDING, "close": StepState.PENDING}
    assert progress.step("handling").entered_at == at(15, 30)
    assert progress.step("check").left_at is None


def test_a_late_first_handling_stays_marked_while_the_rework_runs_on_time():
    d = Driver(Source.SUPERVISOR)
    d(OP, A.ACCEPT, at(9, 2))(LEAD, A.FILE, at(9, 5))
    d(DISP, A.DISPATCH, at(9, 10), department_code="D02")
    d(H02, A.HANDLE, at(9, 0, day=25))                    # a 1-working-day limit, missed
    d(SUP, A.CHECK_FAIL, at(10, 0, day=25), reason="仍有垃圾")
    handling = loop_progress(stage_spans(d.events, at(11, 0, day=25))).step("handling")
    assert handling.state is StepState.CURRENT
    assert handling.overran and not handling.latest_overran
    late = loop_progress(stage_spans(d.events, at(11, 0, day=27))).step("handling")
    assert late.latest_overran


def test_loop_while_held_keeps_the_stay_from_the_dispatch():
    d = full_loop()
    progress = loop_progress(stage_spans(d.events[:12], at(12)))
    handling = progress.step("handling")
    assert handling.state is StepState.CURRENT and handling.held
    assert handling.entered_at == at(11, 10) and handling.deadline is None
    resumed = loop_progress(stage_spans(d.events[:13], at(14, 40))).step("handling")
    assert not resumed.held and resumed.entered_at == at(11, 10)


def test_own_staff_report_skips_verification_and_void_skips_the_rest():
    d = Driver(Source.SUPERVISOR)
    d(OP, A.ACCEPT, at(9, 3))
    progress = loop_progress(stage_spans(d.events, at(9, 5)))
    assert progress.step("verify").state is StepState.SKIPPED
    assert progress.step("filing").state is StepState.CURRENT
    assert progress.step("dispatch").state is StepState.PENDING

    d(LEAD, A.VOID, at(9, 10), reason="重复上报")
    progress = loop_progress(stage_spans(d.events, at(9, 20)))
    assert progress.void and progress.void_at == "filing"
    assert [s.state for s in progress.steps] == [
        StepState.DONE, StepState.DONE, StepState.SKIPPED, StepState.DONE,
        StepState.SKIPPED, StepState.SKIPPED, StepState.SKIPPED, StepState.SKIPPED]


def test_events_inside_a_stage_do_not_split_it_and_order_is_by_sequence():
    d = Driver()
    d(OP, A.ACCEPT, at(9, 2))
    d(LEAD, A.SUPERVISE, at(9, 10), reason="群众反映强烈")
    spans = stage_spans(list(reversed(d.events)), at(9, 20))
    assert [s.stage for s in spans] == [S.INTAKE, S.VERIFY]
    assert spans[-1].extensions == 0


def test_no_events_gives_an_all_pending_loop():
    assert stage_spans([], at(9)) == []
    progress = loop_progress([])
    assert all(s.state is StepState.PENDING for s in progress.steps) and not progress.jumps


def test_a_time_too_wide_for_its_column_is_drawn_smaller_not_cut(qtbot):
    from PySide6.QtGui import QFont, QFontMetricsF

    from commandcenter.views.common.timeline import _shrunk
    font = QFont()
    font.setPointSizeF(12)
    text = "12-02 03:45"
    width = QFontMetricsF(font).horizontalAdvance(text) * 0.8
    smaller, metrics = _shrunk(font, text, width)
    assert smaller.pointSizeF() < font.pointSizeF()
    assert metrics.horizontalAdvance(text) <= width
