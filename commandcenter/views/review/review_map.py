"""The district map coloured by a review indicator, through the project's ``MapView``.

The map shades grids in classes; here the class of a grid is that of its own figure
(grid level) or of its street's (street level): 1 the best fifth of the units, 5 the
worst. The legend's title names the indicator.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication

from commandcenter.map.view import MapView, page_strings
from commandcenter.store.queries import GridLoad

CLASSES = 5


def classes(values: dict[str, float], better: str) -> dict[str, int]:
    """Class 1 (best) … 5 (worst) per unit, by rank among the units with a value."""
    present = {u: v for u, v in values.items() if v is not None and not math.isnan(v)}
    if not present:
        return {}
    units = list(present)
    scores = np.array([present[u] for u in units], dtype=float)
    if better != "lower":
        scores = -scores
    order = scores.argsort(kind="stable").argsort(kind="stable")
    from_best = order / max(len(units) - 1, 1)          # 0 the best unit … 1 the worst
    return {u: 1 + min(CLASSES - 1, int(share * CLASSES)) for u, share in zip(units, from_best)}


class ReviewMap(MapView):
    def show_values(self, grid_streets: dict[str, str], level: str, values: dict[str, float],
                    better: str, title: str) -> int:
        """Colour every grid by the class of its unit's value (``level`` street or grid)."""
        tiers = classes(values, better)
        loads = []
        for grid, street in grid_streets.items():
            tier = tiers.get(grid if level == "grid" else street)
            if tier is not None:
                loads.append(GridLoad(grid, tier, 0))
        strings = page_strings(self.language or "zh_CN")
        strings["loadTitle"] = QCoreApplication.translate(
            "ReviewMap", "{title}（1 最好 … 5 最差）").format(title=title)
        strings["lateGrids"] = QCoreApplication.translate("ReviewMap", "无数据：不着色")
        self._strings = strings
        self._post_strings()
        return self.set_grid_load(loads)
