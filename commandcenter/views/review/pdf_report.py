"""The review as a printed 通报 (A4 PDF): title, summary with 环比/同比, red and black
lists, and per object type a ranking chart and its table.

QPdfWriter embeds a font only when it was loaded from a file, so the CJK font is added
to the application from its file first (fonts-noto-cjk on Linux, Microsoft YaHei or
SimHei on Windows); ``pdffonts`` then lists it as embedded.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QFontMetricsF, QGuiApplication,
                           QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QRawFont)

from commandcenter.review.engine import Review
from commandcenter.review.exports import SUMMARY_KEYS, _change, ordered, title
from commandcenter.review.indicators import (COLUMN_LABELS, HEADLINE, OBJECT_LABELS,
                                             format_value, indicator)

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\simhei.ttf",
)
GRADE_COLOURS = {"A": "#1a9850", "B": "#66bd63", "C": "#fdae61", "D": "#f46d43", "E": "#d73027"}


class FontMissing(RuntimeError):
    pass


def cjk_font() -> tuple[str, str]:
    """Load the first CJK font file found; return its family name and its path."""
    candidates = [os.environ.get("COMMANDCENTER_CJK_FONT", ""), *FONT_FILES]
    for path in candidates:
        if path and Path(path).is_file():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return next((f for f in families if f.endswith(" SC")), families[0]), path
    raise FontMissing("no Chinese font file found for the PDF: install fonts-noto-cjk or set "
                      "COMMANDCENTER_CJK_FONT to a .ttf/.ttc file")


_RADICALS = range(0x2E80, 0x2FE0)   # CJK Radicals Supplement and Kangxi Radicals
_TO_UNICODE = re.compile(rb"beginbf(?:range|char).*?endbf(?:range|char)", re.S)


def radical_map(family: str) -> dict[int, int]:
    """Radical code points that share their glyph with an ideograph, mapped to it.

    Fonts such as Noto Sans CJK draw 门 and the radical ⻔ with one glyph; Qt writes the
    lowest code point of a glyph into the PDF's ToUnicode map, so the PDF's text would
    read (and search, and copy) as radicals. The map undoes that."""
    font = QFont(family)
    font.setPixelSize(12)
    raw = QRawFont.fromFont(font)
    if not raw.isValid():
        return {}
    ideographs = "".join(chr(c) for c in range(0x4E00, 0xA000))
    owner = {}
    for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs)):
        if glyph:
            owner.setdefault(glyph, ord(ch))
    radicals = "".join(chr(c) for c in _RADICALS)
    return {ord(ch): owner[g] for ch, g in zip(radicals, raw.glyphIndexesForString(radicals))
            if g in owner}


def fix_text_map(path: Path, mapping: dict[int, int]) -> None:
    """Rewrite radical code points in the PDF's (uncompressed) ToUnicode maps in place;
    both are four hex digits, so no offset of the file moves."""
    if not mapping:
        return
    data = path.read_bytes()

    def swap(block: re.Match) -> bytes:
        return re.sub(rb"<(2[EF][0-9A-F]{2})>", lambda m: b"<%04X>" % mapping.get(
            int(m[1], 16), int(m[1], 16)), block[0])
    path.write_bytes(_TO_UNICODE.sub(swap, data))


class _Pages:
    """A cursor down A4 pages in millimetres."""

    WIDTH, HEIGHT, MARGIN = 210.0, 297.0, 15.0

    def __init__(self, path: Path, family: str, heading: str):
        self.writer = QPdfWriter(str(path))
        self.writer.setTitle(heading)
        self.writer.setCreator("commandcenter")
        self.writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                              QPageLayout.Orientation.Portrait,
                                              QMarginsF(0, 0, 0, 0)))
        self.writer.setResolution(300)
        self.painter = QPainter(self.writer)
        scale = 300 / 25.4
        self.painter.scale(scale, scale)
        self.family = family
        self.heading = heading
        self.y = self.MARGIN
        self.page = 1
        self._footer()

    def set_font(self, size: float, bold: bool = False) -> None:
        """``size`` in points. Fonts resolve at the writer's 300 dpi before the painter's
        millimetre scale applies, so the point size is divided by that scale."""
        font = QFont(self.family)
        font.setPointSizeF(size * 25.4 / 300)
        font.setBold(bold)
        self.painter.setFont(font)

    def need(self, height: float) -> None:
        if self.y + height > self.HEIGHT - self.MARGIN - 6:
            self.writer.newPage()
            self.page += 1
            self.y = self.MARGIN
            self._footer()

    def _footer(self) -> None:
        self.set_font(7.5)
        self.painter.setPen(QColor("#666666"))
        self.painter.drawText(QRectF(self.MARGIN, self.HEIGHT - 12, self.WIDTH - 2 * self.MARGIN, 5),
                              Qt.AlignmentFlag.AlignCenter, f"{self.heading}  第 {self.page} 页")
        self.painter.setPen(QColor("#000000"))

    def text(self, text: str, size: float = 10, bold: bool = False, height: float | None = None,
             align=Qt.AlignmentFlag.AlignLeft) -> None:
        height = height or size * 0.55
        self.need(height)
        self.set_font(size, bold)
        self.painter.drawText(QRectF(self.MARGIN, self.y, self.WIDTH - 2 * self.MARGIN, height),
                              align | Qt.AlignmentFlag.AlignVCenter, text)
        self.y += height

    def table(self, heads: list[str], rows: list[list[str]], widths: list[float],
              marks: list[str] | None = None) -> None:
        row_h, head_h = 5.2, 8.0
        total = sum(widths)
        widths = [w * (self.WIDTH - 2 * self.MARGIN) / total for w in widths]

        def line(cells, y, bold=False, fill=None, colour="#000000"):
            x = self.MARGIN
            h = head_h if bold else row_h
            if fill:
                self.painter.fillRect(QRectF(x, y, sum(widths), h), QColor(fill))
            self.set_font(7.2, bold)
            self.painter.setPen(QPen(QColor("#999999"), 0.15))
            for cell, w in zip(cells, widths):
                self.painter.drawRect(QRectF(x, y, w, h))
                x += w
            self.painter.setPen(QColor(colour))
            x = self.MARGIN
            metrics = QFontMetricsF(self.painter.font())
            for i, (cell, w) in enumerate(zip(cells, widths)):
                rect = QRectF(x + 0.6, y, w - 1.2, h)
                if bold:  # headers wrap onto two lines rather than being cut
                    self.painter.drawText(rect, Qt.AlignmentFlag.AlignCenter
                                          | Qt.TextFlag.TextWordWrap, str(cell))
                else:
                    shown = metrics.elidedText(str(cell), Qt.TextElideMode.ElideRight, w - 1.2)
                    align = Qt.AlignmentFlag.AlignLeft if i < 2 else Qt.AlignmentFlag.AlignRight
                    self.painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown)
                x += w
            self.painter.setPen(QColor("#000000"))

        self.need(head_h + row_h)
        line(heads, self.y, bold=True, fill="#dde5f0")
        self.y += head_h
        for i, cells in enumerate(rows):
            if self.y + row_h > self.HEIGHT - self.MARGIN - 6:
                self.need(head_h + row_h)
                line(heads, self.y, bold=True, fill="#dde5f0")
                self.y += head_h
            mark = marks[i] if marks else ""
            fill, colour = {"红榜": ("#fde2e1", "#9c0006"),
                            "黑榜": ("#3a3a3a", "#ffffff")}.get(mark, (None, "#000000"))
            line(cells, self.y, fill=fill, colour=colour)
            self.y += row_h
        self.y += 3

    def bars(self, labels: list[str], values: list[float], grades: list[str],
             caption: str) -> None:
        bar_h, gap = 3.6, 1.0
        height = len(labels) * (bar_h + gap) + 12
        self.need(height)
        self.text(caption, 9, True, 6)
        left = self.MARGIN + 32
        width = self.WIDTH - self.MARGIN - left - 12
        self.set_font(6.8)
        for label, value, grade in zip(labels, values, grades):
            self.painter.setPen(QColor("#000000"))
            metrics = QFontMetricsF(self.painter.font())
            self.painter.drawText(QRectF(self.MARGIN, self.y, 31, bar_h),
                                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                  metrics.elidedText(label, Qt.TextElideMode.ElideRight, 30))
            length = width * max(0.0, min(value, 100.0)) / 100
            self.painter.fillRect(QRectF(left, self.y + 0.4, length, bar_h - 0.8),
                                  QColor(GRADE_COLOURS.get(grade, "#888888")))
            self.painter.drawText(QRectF(left + length + 1, self.y, 12, bar_h),
                                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                  f"{value:.1f}")
            self.y += bar_h + gap
        self.y += 4

    def close(self) -> None:
        self.painter.end()


def write_pdf(review: Review, path: Path, max_rows: int = 60) -> None:
    """Write the 通报; tables longer than ``max_rows`` print their best and worst halves."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("write_pdf needs a QGuiApplication")
    heading = title(review)
    family, _file = cjk_font()
    pages = _Pages(path, family, heading)
    pages.text(heading, 17, True, 12, Qt.AlignmentFlag.AlignCenter)
    note = f"评价方案：{review.scheme.name}（{review.scheme.version}）  统计截至 {review.as_of:%Y-%m-%d %H:%M}"
    if review.frozen_at:
        note += f"  已于 {review.frozen_at:%Y-%m-%d %H:%M} 固化"
    pages.text(note, 8.5, height=6, align=Qt.AlignmentFlag.AlignCenter)
    pages.y += 3
    pages.text("一、总体情况", 11.5, True, 8)
    rows = []
    for name, obj in review.objects.items():
        for key in SUMMARY_KEYS[name]:
            ind = indicator(name, key)
            now, prev, yoy = (obj.total.get(key), obj.previous_total.get(key),
                              obj.year_earlier_total.get(key))
            rows.append([OBJECT_LABELS[name], ind.label, format_value(ind, now),
                         format_value(ind, prev), _change_text(ind, now, prev),
                         format_value(ind, yoy), _change_text(ind, now, yoy)])
    pages.table(["对象", "指标", "本期", "上期", "环比", "去年同期", "同比"], rows,
                [16, 22, 12, 12, 12, 12, 12])
    pages.text("二、红黑榜", 11.5, True, 8)
    for name, obj in review.objects.items():
        names = obj.table["name"].to_dict() if "name" in obj.table else {}
        red = "、".join(str(names.get(u, u)) for u in obj.red) or "—"
        black = "、".join(str(names.get(u, u)) for u in obj.black) or "—"
        pages.text(f"{OBJECT_LABELS[name]}　红榜：{red}", 8.5, height=5.5)
        pages.text(f"{OBJECT_LABELS[name]}　黑榜：{black}", 8.5, height=5.5)
    for number, name in enumerate(review.objects, start=3):
        _object_section(pages, review, name, _chinese_number(number), max_rows)
    pages.close()
    fix_text_map(Path(path), radical_map(family))


def _change_text(ind, now, base) -> str:
    change = _change(ind, now, base)
    if change is None:
        return "—"
    return f"{100 * change:+.1f}" + ("个百分点" if ind.kind == "rate" else "%")


def _chinese_number(n: int) -> str:
    return "零一二三四五六七八九十"[n] if n <= 10 else str(n)


def _object_section(pages: _Pages, review: Review, name: str, number: str, max_rows: int) -> None:
    table = ordered(review, name)
    pages.y += 2
    pages.need(40)  # a heading never stands alone at the foot of a page
    pages.text(f"{number}、{OBJECT_LABELS[name]}", 11.5, True, 8)
    ranked = table.loc[table["ranked"].astype(bool)].sort_values("score", ascending=False)
    if len(ranked):
        shown = ranked if len(ranked) <= 30 else pd.concat([ranked.head(15), ranked.tail(15)])
        pages.bars([str(n) for n in shown["name"]], [float(s) for s in shown["score"]],
                   [str(g) for g in shown["grade"]],
                   f"综合得分排名（{len(ranked)} 个参评单位" + ("，列前后各 15 名）" if len(ranked) > 30 else "）"))
    if len(table) > max_rows:
        table = pd.concat([table.head(max_rows // 2), table.tail(max_rows // 2)])
    keys = HEADLINE[name]
    heads = [COLUMN_LABELS["rank"], COLUMN_LABELS["name"]] + \
        [indicator(name, k).label for k in keys] + \
        [COLUMN_LABELS[k] for k in ("score", "grade", "rank_change")]
    rows, marks = [], []
    for unit, row in table.iterrows():
        rows.append([format_value(None, row.get("rank")), str(row.get("name", unit))]
                    + [format_value(indicator(name, k), row.get(k)) for k in keys]
                    + [format_value(None, row.get("score")), str(row.get("grade", "")),
                       _rank_change(row.get("rank_change"))])
        marks.append(row.get("list", ""))
    pages.table(heads, rows, [7, 24] + [11] * len(keys) + [10, 7, 9], marks)


def _rank_change(value) -> str:
    try:
        v = int(value)
    except (TypeError, ValueError):
        return "—"
    return f"↑{v}" if v > 0 else f"↓{-v}" if v < 0 else "—"
