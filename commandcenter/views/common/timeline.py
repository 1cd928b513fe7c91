"""The closed loop of a case drawn as a row of stages, with its deadlines and detours.

Every size comes from the widget's font metrics, so the drawing scales with the font a
screen uses (a desk at 1920×1080, a 4K wall with a large font) and Qt's device pixel
ratio keeps lines crisp on high-DPI screens.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from commandcenter.models.timeline import (LoopProgress, LoopStep, StageSpan, StepState,
                                           loop_progress)

from .i18n import domain_text

DONE = QColor("#1e88e5")
CURRENT = QColor("#fb8c00")
OVERRUN = QColor("#d32f2f")
JUMP = QColor("#8e24aa")
MUTED = QColor("#9e9e9e")


def _shrunk(font: QFont, text: str, width: float) -> tuple[QFont, QFontMetricsF]:
    """The font made small enough for ``text`` to fit ``width`` (down to 60 %)."""
    smaller, size = QFont(font), font.pointSizeF()
    advance = QFontMetricsF(font).horizontalAdvance(text) or 1.0
    scale = max(0.6, width / advance)
    while True:  # hinting makes the width not quite proportional to the size
        smaller.setPointSizeF(size * scale)
        metrics = QFontMetricsF(smaller)
        if scale <= 0.6 or metrics.horizontalAdvance(text) <= width:
            return smaller, metrics
        scale = max(0.6, scale - 0.04)


def _short(t: datetime | None) -> str:
    return f"{t:%m-%d %H:%M}" if t else ""


class LoopTimeline(QWidget):
    """上报 → 受理 → 核实 → 立案 → 派遣 → 处置 → 核查 → 结案, as circles joined by lines.

    Done steps are filled, the current one is a highlighted ring, steps that overran a
    deadline are red; under each: its name, its actual time and its deadline. Arcs above
    the row show the loop going back (返工, 回退) and how often.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._progress: LoopProgress = loop_progress([])
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._labels = {"report": self.tr("上报"), "intake": self.tr("受理"),
                        "verify": self.tr("核实"), "filing": self.tr("立案"),
                        "dispatch": self.tr("派遣"), "handling": self.tr("处置"),
                        "check": self.tr("核查"), "close": self.tr("结案")}

    # --- data ------------------------------------------------------------------------

    def set_spans(self, spans: Sequence[StageSpan]) -> None:
        self._progress = loop_progress(spans)
        self.updateGeometry()
        self.update()

    @property
    def progress(self) -> LoopProgress:
        return self._progress

    def step_texts(self, step: LoopStep) -> tuple[str, str, str]:
        """The three lines under a circle: name, actual time, deadline."""
        name = self._labels.get(step.key) or domain_text(step.label)
        if step.visits > 1:
            name = self.tr("{name}×{n}").format(name=name, n=step.visits)
        void_here = self._progress.void_at == step.key
        if step.key == "report" or step.state is StepState.DONE:
            actual = _short(step.left_at)
        elif step.state is StepState.CURRENT:
            actual = self.tr("{t}起").format(t=_short(step.entered_at))
        elif step.state is StepState.SKIPPED and not self._progress.void:
            actual = self.tr("跳过")
        else:
            actual = "—"
        if void_here:
            deadline = self.tr("作废")
        elif step.held:
            deadline = self.tr("挂账 计时暂停")
        elif step.deadline is not None and step.state is not StepState.PENDING:
            shown = step.left_at or step.entered_at
            same_day = shown is not None and shown.date() == step.deadline.date()
            deadline = self.tr("限 {t}").format(
                t=f"{step.deadline:%H:%M}" if same_day else _short(step.deadline))
        else:
            deadline = ""
        return name, actual, deadline

    # --- geometry --------------------------------------------------------------------

    def _metrics(self) -> tuple[QFontMetricsF, QFontMetricsF, float]:
        bold = QFont(self.font())
        bold.setBold(True)
        fm, bfm = QFontMetricsF(self.font()), QFontMetricsF(bold)
        return fm, bfm, fm.height()

    def _column_width(self) -> float:
        fm, bfm, h = self._metrics()
        sample = max(fm.horizontalAdvance(self.tr("限 {t}").format(t="12-31 23:59")),
                     fm.horizontalAdvance(self.tr("{t}起").format(t="12-31 23:59")),
                     bfm.horizontalAdvance(self.tr("处置×3")))
        return sample + h

    def _rows(self) -> tuple[float, float, float]:
        """(top of the circles, radius, top of the text) in widget coordinates."""
        _, _, h = self._metrics()
        radius = 0.7 * h
        arcs = 2.2 * h  # room above the row for the arcs of the detours
        return arcs, radius, arcs + 2 * radius + 0.4 * h

    def sizeHint(self) -> QSize:
        _, _, h = self._metrics()
        _, _, text_top = self._rows()
        width = len(self._progress.steps) * self._column_width()
        return QSize(int(width + 0.5), int(text_top + 3.4 * h + 0.5))

    def minimumSizeHint(self) -> QSize:
        # Narrower than the texts want: times are then drawn smaller (_shrunk), never cut,
        # and the case detail never forces the map aside.
        hint = self.sizeHint()
        return QSize(int(hint.width() * 0.45), hint.height())

    def _centres(self) -> list[QPointF]:
        top, radius, _ = self._rows()
        n = len(self._progress.steps)
        column = self.width() / n
        return [QPointF(column * (i + 0.5), top + radius) for i in range(n)]

    # --- painting --------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm, bfm, h = self._metrics()
        _, radius, text_top = self._rows()
        centres = self._centres()
        column = self.width() / len(centres)
        steps = self._progress.steps
        text = self.palette().color(QPalette.ColorRole.WindowText)
        base = self.palette().color(QPalette.ColorRole.Base)
        line = max(1.5, h / 9)

        for i in range(len(steps) - 1):  # the connecting lines first, under the circles
            reached = steps[i + 1].state in (StepState.DONE, StepState.CURRENT)
            pen = QPen(DONE if reached else MUTED, line)
            if steps[i + 1].state is StepState.SKIPPED:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(centres[i].x() + radius, centres[i].y()),
                             QPointF(centres[i + 1].x() - radius, centres[i + 1].y()))

        keys = [s.key for s in steps]
        for n, jump in enumerate(self._progress.jumps):
            self._paint_jump(painter, centres[keys.index(jump.from_key)],
                             centres[keys.index(jump.to_key)], radius, h, n, line, fm,
                             self.tr("{label}×{n}").format(label=domain_text(jump.label),
                                                           n=jump.count))

        for i, step in enumerate(steps):
            self._paint_circle(painter, step, centres[i], radius, line, base, i + 1, bfm)
            name, actual, deadline = self.step_texts(step)
            x = centres[i].x() - column / 2
            colour = OVERRUN if step.overran else text
            bold = QFont(self.font())
            bold.setBold(True)
            fits = column - 2
            if fm.horizontalAdvance(actual) > fits:  # the time alone: "12-31 08:30"
                actual = actual.replace(self.tr("起"), "", 1).strip()
            if fm.horizontalAdvance(deadline) > fits:
                deadline = deadline.replace(self.tr("限 "), "", 1).strip()
            rows = ((name, bold, bfm, colour),
                    (actual, self.font(), fm, OVERRUN if step.state is StepState.CURRENT
                     and step.latest_overran else text),
                    (deadline, self.font(), fm, OVERRUN if step.latest_overran else MUTED))
            for row, (value, font, metrics, pen) in enumerate(rows):
                if step.state in (StepState.PENDING, StepState.SKIPPED):
                    pen = MUTED
                if row and metrics.horizontalAdvance(value) > fits:
                    font, metrics = _shrunk(font, value, fits)  # a time is never cut off
                painter.setFont(font)
                painter.setPen(pen)
                rect = QRectF(x, text_top + row * 1.1 * h, column, h)
                painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 metrics.elidedText(value, Qt.TextElideMode.ElideRight, fits))
        painter.end()

    def _paint_circle(self, painter: QPainter, step: LoopStep, centre: QPointF, radius: float,
                      line: float, base: QColor, number: int, bfm: QFontMetricsF) -> None:
        colour = OVERRUN if step.overran else DONE
        if step.state is StepState.DONE:
            painter.setPen(QPen(colour, line))
            painter.setBrush(colour)
            painter.drawEllipse(centre, radius, radius)
            label_colour = QColor("white")
        elif step.state is StepState.CURRENT:
            ring = OVERRUN if step.latest_overran else (MUTED if step.held else CURRENT)
            painter.setPen(QPen(ring, line * 2.2))
            painter.setBrush(base)
            painter.drawEllipse(centre, radius, radius)
            halo = QColor(ring)
            halo.setAlphaF(0.25)
            painter.setPen(QPen(halo, line * 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius + line * 2.4, radius + line * 2.4)
            label_colour = ring
        else:
            pen = QPen(MUTED, line)
            if step.state is StepState.SKIPPED:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(base)
            painter.drawEllipse(centre, radius * 0.8, radius * 0.8)
            label_colour = MUTED
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(label_colour)
        mark = "Ⅱ" if step.held else str(number)
        painter.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                         Qt.AlignmentFlag.AlignCenter, mark)

    def _paint_jump(self, painter: QPainter, start: QPointF, end: QPointF, radius: float,
                    h: float, n: int, line: float, fm: QFontMetricsF, label: str) -> None:
        """An arc from ``start`` back to ``end`` over the row, with an arrow head at ``end``."""
        lift = radius + 0.6 * h + (n % 2) * 0.5 * h
        top = start.y() - radius - lift
        path = QPainterPath(QPointF(start.x(), start.y() - radius))
        path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top),
                     QPointF(end.x(), end.y() - radius))
        painter.setPen(QPen(JUMP, line, Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        tip = QPointF(end.x(), end.y() - radius)
        size = 0.35 * h
        painter.setBrush(JUMP)
        painter.drawPolygon([tip, QPointF(tip.x() - size * 0.6, tip.y() - size),
                             QPointF(tip.x() + size * 0.6, tip.y() - size)])
        mid = (start.x() + end.x()) / 2
        width = fm.horizontalAdvance(label) + h * 0.4
        box = QRectF(mid - width / 2, top + 0.75 * (start.y() - radius - top) - h, width, h)
        box.moveTop(max(0.0, min(box.top(), top)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Window))
        painter.drawRect(box)
        painter.setPen(JUMP)
        painter.setFont(self.font())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    # --- tool tips -------------------------------------------------------------------

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            step = self._step_at(event.pos())
            if step is not None and step.spans:
                QToolTip.showText(event.globalPos(), self._tooltip(step), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _step_at(self, pos) -> LoopStep | None:
        column = self.width() / len(self._progress.steps)
        i = int(pos.x() // column)
        return self._progress.steps[i] if 0 <= i < len(self._progress.steps) else None

    def _tooltip(self, step: LoopStep) -> str:
        lines = []
        for span in step.spans:
            line = self.tr("{stage}：{start} – {end}").format(
                stage=domain_text(span.stage.label), start=_short(span.entered_at),
                end=_short(span.left_at) or self.tr("至今"))
            if span.deadline:
                line += self.tr("，时限 {t}").format(t=_short(span.deadline))
            if span.overran:
                line += self.tr("（超时）")
            if span.left_by:
                line += self.tr("，{who}（{role}）{action}").format(
                    who=span.left_by, role=domain_text(span.left_role.label),
                    action=domain_text(span.left_action.label))
            lines.append(line)
        return "\n".join(lines)
