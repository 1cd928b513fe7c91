"""English names of places: pinyin of the real names of the demo district (polyphonic
characters read as the place names they are), stored with each area when it is built,
imported or migrated, and shown wherever an English interface names a place."""
from __future__ import annotations

import re
from importlib.resources import as_file, files

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from commandcenter.map.geojson import outlines_payload
from commandcenter.models.codes import Level
from commandcenter.models.district import load_divisions
from commandcenter.models.placenames import english_name, romanise
from commandcenter.store.db import make_engine, migrate
from commandcenter.store.geography import load_geography, place_names
from commandcenter.store.geowrite import NewArea, replace_areas

from .conftest import square
from .test_i18n import english

JIAODAOKOU_STREET, JIAODAOKOU = "110101003", "110101003001"


# --- the names ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, level, expected", [
    ("南锣鼓巷社区居委会", Level.COMMUNITY, "Nanluoguxiang Community"),
    ("东城区", Level.DISTRICT, "Dongcheng District"),
    ("体育馆路街道", Level.STREET, "Tiyuguanlu Subdistrict"),
    # Polyphonic characters of the demo district, read as these places are called:
    ("朝阳门街道", Level.STREET, "Chaoyangmen Subdistrict"),     # 朝 chao, not zhao
    ("朝内头条社区居委会", Level.COMMUNITY, "Chaoneitoutiao Community"),
    ("演乐社区居委会", Level.COMMUNITY, "Yanyue Community"),       # 乐 yue, not le
    ("安乐林社区居委会", Level.COMMUNITY, "Anlelin Community"),     # 乐 le here
    ("长青园社区居委会", Level.COMMUNITY, "Changqingyuan Community"),  # 长 chang, not zhang
    ("台基厂社区居委会", Level.COMMUNITY, "Taijichang Community"),   # 厂 chang, not an
    ("多福巷社区居委会", Level.COMMUNITY, "Duofuxiang Community"),   # 巷 xiang, not hang
    ("大兴社区居委会", Level.COMMUNITY, "Daxing Community"),
    ("和平里社区居委会", Level.COMMUNITY, "Hepingli Community"),     # 和 he, not huo
    ("兴隆都市馨园社区居委会", Level.COMMUNITY, "Xinglongdushixinyuan Community"),  # 都 du
    ("南岗子社区居委会", Level.COMMUNITY, "Nangangzi Community"),
    # a syllable starting with a vowel is set off by an apostrophe
    ("民安社区居委会", Level.COMMUNITY, "Min'an Community"),
    ("菊儿社区居委会", Level.COMMUNITY, "Ju'er Community"),
    ("左安漪园社区居委会", Level.COMMUNITY, "Zuo'anyiyuan Community"),
])
def test_real_names_of_the_demo_district(name, level, expected):
    assert english_name(name, level) == expected


def test_polyphonic_characters_of_everyday_words_and_names_without_a_level():
    assert english_name("交道口社区", Level.COMMUNITY) == "Jiaodaokou Community"
    assert romanise("长安街") == "Chang'anjie"     # 长 chang
    assert romanise("银行") == "Yinhang"           # 行 hang
    assert romanise("步行街") == "Buxingjie"       # 行 xing
    assert english_name("南锣鼓巷") == "Nanluoguxiang"


def test_every_street_and_community_of_the_demo_district_gets_one():
    divisions = load_divisions()
    names = {a.code: english_name(a.name, a.level)
             for a in (divisions.district, *divisions.streets, *divisions.communities)}
    assert len(names) == 1 + 17 + 169
    word = r"[A-Z][a-z']+"
    for area in divisions.communities:
        assert re.fullmatch(word + " Community", names[area.code]), names[area.code]
    for area in divisions.streets:
        assert re.fullmatch(word + " Subdistrict", names[area.code]), names[area.code]
    assert len(set(names.values())) == len(names)  # no two places share one


# --- stored ------------------------------------------------------------------------------

def _import_two(db) -> None:
    replace_areas(db, "street", [NewArea(JIAODAOKOU_STREET, "street", "交道口街道", "110101",
                                         square(116.40, 39.93, 0.01))])
    replace_areas(db, "community", [
        NewArea(JIAODAOKOU, "community", "交道口社区居委会", JIAODAOKOU_STREET,
                square(116.40, 39.93)),
        # an official English name, given by the import, is kept as it is
        NewArea("110101003002", "community", "南锣鼓巷社区居委会", JIAODAOKOU_STREET,
                square(116.401, 39.93), name_en="Nanluogu Xiang Community")])


def test_an_import_stores_pinyin_names_unless_it_brings_its_own(world_db):
    _import_two(world_db)
    geo = load_geography(world_db)
    assert [a.name_en for a in geo.communities] == ["Jiaodaokou Community",
                                                    "Nanluogu Xiang Community"]
    assert geo.streets[0].name_en == "Jiaodaokou Subdistrict"
    names = place_names(world_db)
    assert names["交道口社区居委会"] == names["交道口社区"] == "Jiaodaokou Community"
    assert names["南锣鼓巷社区"] == "Nanluogu Xiang Community"


def test_the_migration_names_the_areas_already_stored(db_url):
    engine = make_engine(db_url)
    with as_file(files("commandcenter.store") / "migrations") as scripts:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0012") if db_url.startswith("postgresql") else \
                command.upgrade(cfg, "0012")
    with engine.begin() as c:
        for code, level, name, parent in (
                ("110101", "district", "东城区", None),
                ("110101007", "street", "朝阳门街道", "110101"),
                ("110101007001", "community", "演乐社区居委会", "110101007")):
            c.execute(text("INSERT INTO areas (code, level, name, short_name, parent_code, "
                           "geometry, synthetic) VALUES (:c, :l, :n, :s, :p, '{}', false)"),
                      {"c": code, "l": level, "n": name, "s": name.removesuffix("居委会"),
                       "p": parent})
    migrate(engine)
    with engine.begin() as c:
        assert dict(c.execute(text("SELECT code, name_en FROM areas")).all()) == {
            "110101": "Dongcheng District", "110101007": "Chaoyangmen Subdistrict",
            "110101007001": "Yanyue Community"}
    engine.dispose()


# --- shown -------------------------------------------------------------------------------

def test_an_english_interface_shows_the_english_names(qapp, world_db):
    from commandcenter.models.case import Actor
    from commandcenter.models.enums import Role
    from commandcenter.views.common.i18n import domain_text, place_area, place_areas
    from commandcenter.views.common.tasks import TaskRunner
    from commandcenter.views.common.workstation import Workstation

    _import_two(world_db)
    runner = TaskRunner()
    Workstation.open(world_db, Actor("disp1", Role.DISPATCHER), runner)  # registers them
    runner.wait()
    geo = load_geography(world_db)
    assert domain_text("交道口社区") == "交道口社区"  # a Chinese interface: the names as they are
    assert [a.name for a in place_areas(geo.communities)] == ["交道口社区", "南锣鼓巷社区"]
    with english(qapp):
        assert domain_text("交道口社区") == "Jiaodaokou Community"  # the review tables' names
        assert domain_text("交道口社区居委会") == "Jiaodaokou Community"
        # Streets keep the translation's word (their street offices are departments).
        assert domain_text("交道口街道") == "Jiaodaokou"
        # The map's labels.
        payload = outlines_payload(place_area(geo.district), place_areas(geo.streets),
                                   place_areas(geo.communities))
    assert '"name":"Jiaodaokou Community"' in payload
    assert '"name":"Nanluogu Xiang Community"' in payload
    assert '"name":"Jiaodaokou"' in payload
    assert "交道口" not in payload and "南锣鼓巷" not in payload


def test_the_review_table_names_communities_in_english(qapp, world_db):
    import pandas as pd

    from commandcenter.views.common.i18n import set_place_names
    from commandcenter.views.review.model import ReviewTableModel

    _import_two(world_db)
    set_place_names(place_names(world_db))
    model = ReviewTableModel()
    model.set_review("community", pd.DataFrame(
        {"name": ["交道口社区", "南锣鼓巷社区"], "score": [92.5, 88.0]},
        index=[JIAODAOKOU, "110101003002"]), red=[], black=[])
    names = [model.data(model.index(r, 0)) for r in range(2)]
    assert names == ["交道口社区", "南锣鼓巷社区"]
    with english(qapp):
        assert [model.data(model.index(r, 0)) for r in range(2)] == [
            "Jiaodaokou Community", "Nanluogu Xiang Community"]


def test_the_wall_knows_the_names_once_connected(qapp, world_db):
    from commandcenter.models.case import Actor
    from commandcenter.models.enums import Role
    from commandcenter.store.calendar import load_policy
    from commandcenter.views.common.i18n import domain_text, set_place_names
    from commandcenter.views.wall.connect import WallSession

    _import_two(world_db)
    set_place_names({})
    WallSession(world_db, Actor("wall1", Role.VIEWER), load_policy(world_db))  # on a worker
    with english(qapp):
        assert domain_text("南锣鼓巷社区") == "Nanluogu Xiang Community"
