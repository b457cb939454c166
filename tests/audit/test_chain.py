"""The canonical form: one spelling for the values a JSON column may hand back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from audit import chain


def _event(**overrides):
    base = {name: None for name in chain.HASHED_FIELDS}
    base.update(seq=1, at=datetime(2026, 11, 27, 8, 0, 0, 123456, tzinfo=UTC), prev_hash="0" * 64)
    base.update(overrides)
    return base


def test_numbers_hash_the_same_however_jsonb_spells_them():
    """PostgreSQL jsonb answers 1e16 as 10000000000000000 (an int to Python), 1.0 as 1.0,
    1e-07 as 0.0000001: the canonical form must not care."""
    written = {"a": 1e16, "b": 1.5e300, "c": 0.1, "d": 1e-7, "e": 100, "f": -0.0}
    read_back = json.loads(
        '{"a": 10000000000000000, "b": 15'
        + "0" * 299
        + ', "c": 0.1, "d": 0.0000001, "e": 100.0, "f": 0}'
    )
    assert chain.canonical(_event(data=written)) == chain.canonical(_event(data=read_back))


def test_type_changes_are_detected():
    """A number turned into a string (or true into 1) is a different event."""
    assert chain.event_hash("0" * 64, _event(data={"x": 1})) != chain.event_hash(
        "0" * 64, _event(data={"x": "1"})
    )
    assert chain.canonical(_event(data={"x": True})) != chain.canonical(_event(data={"x": 1}))


def test_key_order_and_time_zone_do_not_matter():
    shanghai = timezone(timedelta(hours=8))
    at_utc = datetime(2026, 11, 27, 8, 0, 0, 5, tzinfo=UTC)
    at_local = at_utc.astimezone(shanghai)
    a = _event(at=at_utc, data={"b": 1, "a": {"y": 2, "x": 1}})
    b = _event(at=at_local, data={"a": {"x": 1, "y": 2}, "b": 1})
    assert chain.canonical(a) == chain.canonical(b)
    assert b'"at":"2026-11-27T08:00:00.000005Z"' in chain.canonical(b)


def test_ip_is_hashed_in_one_spelling():
    assert chain.canonical(_event(ip="::FFFF:1.2.3.4")) == chain.canonical(
        _event(ip="::ffff:102:304")
    )
    assert chain.normalise_ip("not-an-ip") is None
    assert chain.normalise_ip("fe80::1%eth0") is None
    assert chain.normalise_ip(" 10.0.0.1 ") == "10.0.0.1"


def test_jsonable_gives_what_a_json_column_returns():
    value = {
        "金额": Decimal("500.00"),
        "日期": date(2026, 12, 4),
        "时刻": datetime(2026, 12, 4, 9, 30, tzinfo=UTC),
        "集合": {"b", "a"},
        1: "int key",
        "nan": float("nan"),
        "nul": "a\x00b",
        "嵌套": {"列表": [1, 2.5, None, True]},
    }
    out = chain.jsonable(value)
    assert out == {
        "金额": "500.00",
        "日期": "2026-12-04",
        "时刻": "2026-12-04T09:30:00.000000Z",
        "集合": ["a", "b"],
        "1": "int key",
        "nan": "nan",
        "nul": "a\ufffdb",
        "嵌套": {"列表": [1, 2.5, None, True]},
    }
    assert chain.jsonable(out) == out  # idempotent


def test_canonical_is_compact_sorted_utf8():
    body = chain.canonical(_event(data={"名称": "食品"})).decode("utf-8")
    assert '"data":{"名称":"食品"}' in body
    assert " " not in body.replace("0" * 64, "")


def test_canonical_form_is_frozen():
    """Changing the canonical form would break every stored chain: this golden value may
    only change together with a migration that re-verifies under both forms."""
    event = _event(
        seq=7,
        actor_id=3,
        actor_name="张三",
        role="officer",
        ip="10.0.0.1",
        request_id="req-1",
        action="cases.case.filed",
        object_type="cases.case",
        object_id="9",
        object_repr="案件 9",
        case_id=9,
        agency_id=1,
        before={"状态": "立案"},
        after={"金额": "500.00", "n": 1.5},
        data={},
        prev_hash="a" * 64,
    )
    assert (
        chain.canonical(event)
        .decode()
        .startswith(
            '{"action":"cases.case.filed","actor_id":3e0,"actor_name":"张三",'
            '"after":{"n":15e-1,"金额":"500.00"},"agency_id":1e0,'
            '"at":"2026-11-27T08:00:00.123456Z","before":{"状态":"立案"},"case_id":9e0,"data":{},'
        )
    )
    assert (
        chain.event_hash("a" * 64, event)
        == "b80a0c0aa2e9dfe04051a0c397fcfc893cd97a5ba4d3f33a4efabdc150f32b23"
    )


def test_strings_that_look_like_the_number_mark_stay_strings():
    """Numbers pass the C encoder as NUL-marked strings; no user string can imitate one."""
    for text in ["\x00" + "1e0", "\\u00001e0", '"\\u0000"', "\\\x001"]:
        body = chain.canonical(_event(data={"s": text})).decode()
        assert '"data":{"s":"' in body
    assert chain.canonical(_event(data={"s": "\x001e0"})) != chain.canonical(_event(data={"s": 1}))
