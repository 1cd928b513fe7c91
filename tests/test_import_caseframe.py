"""Chunks of rows read as columns give every row the result and the message the one-value
rules of caserows give it alone: vectorised parsing is only a faster way there."""
from __future__ import annotations

import random
from datetime import datetime

import numpy as np
import pytest

from commandcenter.exchange.casemap import load_mapping
from commandcenter.exchange.caseframe import BatchReader
from commandcenter.exchange.caserows import RowError, parse_time
from commandcenter.exchange.tables import Chunk
from commandcenter.models.catalog import load_catalog, load_departments

ISO = ["2024-06-01 08:00:00", "2024-06-01T08:00:00", "2024-6-1 08:00:00", "2024-02-30 08:00:00",
       "2024-02-29 23:59:59", "2023-02-29 10:00:00", "2024-06-01 24:00:00", "2024-06-01",
       "2024-06-01 08:00", "2024-06-01T08:00:00Z", "2024-06-01T08:00:00+08:00",
       "2024-06-01x08:00:00", "0000-01-01 00:00:00", "", " 2024-06-01 09:00:00 ", "garbage",
       "2024-03-10 02:30:00", "2024-11-03 01:30:00", "2024-06-01 08:00:00.5",
       "2024-13-01 08:00:00", "2024-06-01 08:60:00", "０２４-06-01 08:00:00"]
US = ["06/01/2024 08:00:00 AM", "06/01/2024 12:30:00 PM", "6/1/2024 8:00:00 AM",
      "13/01/2024 08:00:00 AM", "03/10/2024 02:30:00 AM", "11/03/2024 01:30:00 AM", "", "x",
      "02/29/2023 10:00:00 AM", "06/01/2024 08:00:00"]


def mapping(tmp_path, zone, form):
    path = tmp_path / "m.toml"
    path.write_text(f"""
time_zone = "{zone}"
time_format = "{form}"
[columns]
external_id = "id"
reported_at = "reported"
closed_at = "closed"
dispatched_at = "dispatched"
class = "type"
lon = "x"
lat = "y"
department = "agency"
[classes]
garbage = "event:0101"
[departments]
DOT = "D04"
""")
    return load_mapping(path, load_catalog(), {d.code for d in load_departments()})


def alone(value, m, what):
    try:
        return parse_time(value, m, what), None
    except RowError as exc:
        return None, str(exc)


@pytest.mark.parametrize("zone, form, times", [
    ("Asia/Shanghai", "iso", ISO), ("America/New_York", "iso", ISO),
    ("America/New_York", "%m/%d/%Y %I:%M:%S %p", US), ("UTC", "%Y-%m-%d %H:%M:%S", ISO)])
def test_times_and_reasons_equal_the_one_value_rules(tmp_path, zone, form, times):
    m = mapping(tmp_path, zone, form)
    rng = random.Random(7)
    rows = [{"id": str(i), "reported": rng.choice(times), "closed": "", "dispatched": "",
             "type": "garbage", "x": "116.4", "y": "39.9", "agency": ""} for i in range(400)]
    chunk = Chunk(np.arange(2, 402), {c: [r[c] for r in rows] for c in rows[0]}, True)
    batch, rejected = BatchReader(m, load_catalog(), {"D04"}, datetime(2030, 1, 1)).read(chunk)
    reasons = dict(rejected)
    got = dict(zip(batch.row.tolist(), batch.reported_at.astype("datetime64[us]").tolist()))
    for i, row in enumerate(rows):
        when, why = alone(row["reported"], m, "reported time")
        if why is None and when is None:
            why = "no reported time"
        assert (got.get(i), reasons.get(i)) == (when, why), row["reported"]
    assert got and reasons    # both kinds were met


def test_numbers_lookups_and_the_order_of_reasons(tmp_path):
    m = mapping(tmp_path, "Asia/Shanghai", "iso")
    rows = [  # (row, the reason the one-row reader gives first)
        ({"id": "", "type": "litter", "x": "abc"}, "no external id"),
        ({"type": "litter", "x": "abc"}, "unknown category 'litter' (not in the mapping's [classes])"),
        ({"closed": "2024-05-01 08:00:00", "x": "abc"},
         "closed 2024-05-01 08:00 before it was reported 2024-06-01 08:00"),
        ({"agency": "NYPD"}, "unknown agency 'NYPD' (not in the mapping's [departments])"),
        ({"x": "abc", "y": ""}, "longitude 'abc' is not a number"),
        ({"x": " 116.5 ", "y": ""}, "no latitude"),
        ({"x": "nan"}, "coordinates nan,39.9 are not longitude/latitude"),
        ({"x": "200"}, "coordinates 200.0,39.9 are not longitude/latitude"),
        ({"agency": "D09", "dispatched": "2024-06-01 09:00:00"}, None),
        ({"agency": "DOT"}, None)]
    base = {"id": "a", "reported": "2024-06-01 08:00:00", "closed": "", "dispatched": "",
            "type": "garbage", "x": "116.4", "y": "39.9", "agency": ""}
    full = [{**base, "id": f"r{i}", **row} for i, (row, _why) in enumerate(rows)]
    chunk = Chunk(np.arange(2, 2 + len(full)), {c: [r[c] for r in full] for c in base}, True)
    departments = {d.code for d in load_departments()}
    batch, rejected = BatchReader(m, load_catalog(), departments, datetime(2030, 1, 1)).read(chunk)
    assert dict(rejected) == {i: why for i, (_row, why) in enumerate(rows) if why}
    assert batch.department_code.tolist() == ["D09", "D04"]
    assert batch.dispatched_at[0] == np.datetime64("2024-06-01T09:00:00")
