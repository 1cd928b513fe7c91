"""The embedded demo district, built end to end as a first start builds it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from commandcenter.demo.builder import DistrictExists, build_demo
from commandcenter.models.codes import validate_component_code, validate_grid_code
from commandcenter.store.geography import place_names
from commandcenter.store.queries import summary
from commandcenter.store.schema import CaseEventRow, Component, StaffGrid
from commandcenter.store.service import local_now
from commandcenter.views.common.startup import open_or_build

pytestmark = pytest.mark.slow


def test_first_start_builds_the_demo_district_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'first.db'}"
    messages: list[str] = []
    db = open_or_build(url, messages.append, days=2)
    info = summary(db, local_now())
    assert info["areas"] == {"district": 1, "street": 17, "community": 169,
                             "grid": info["areas"]["grid"]}
    assert 3_800 <= info["areas"]["grid"] <= 4_500
    assert info["components"] >= 20_000 and info["departments"] >= 30
    assert info["field_staff"] == 350
    english = place_names(db)  # every division has its English name
    assert len(english) == 1 + 17 + 2 * 169  # communities by their full and short names
    assert english["南锣鼓巷社区"] == "Nanluoguxiang Community"
    assert english["演乐社区居委会"] == "Yanyue Community"
    assert english["朝阳门街道"] == "Chaoyangmen Subdistrict"
    assert info["cases"]["total"] > 100 and info["cases"]["open"] > 0
    with db.session() as s:
        codes = s.scalars(select(Component.code).limit(500)).all()
        assert all(validate_component_code(c, "110101") for c in codes)
        grids = s.scalars(select(StaffGrid.grid_code)).all()
        assert len(grids) == info["areas"]["grid"]  # every grid has its field supervisor
        assert all(validate_grid_code(g) for g in grids[:500])
        events = s.scalar(select(func.count()).select_from(CaseEventRow))
    assert events == info["last_change"] - 1  # one change per event, one for the district load
    assert any("首次启动" in m for m in messages)
    again = open_or_build(url, messages.append, days=2)
    assert summary(again, local_now())["cases"]["total"] == info["cases"]["total"]
    with pytest.raises(DistrictExists):
        build_demo(db, days=1, seed=1)
