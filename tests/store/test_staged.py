"""The fast reader taken a run of events at a time (store/staged.py, for ``dezzor cache build``) against the
fast reader taken whole: the same verdict on every store, and the same values when it vouches.

The cases are test_fast.py's own (valid stores, and every edge case the fast reader must decline), read with
runs of one event, two events and more events than the store has, and random mutations of a small store.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dezzor_cli.store import fast, staged
from dezzor_cli.store.read import bundled_path
from dezzor_cli.store.records import record

from ..conftest import generated_store, minimal_store
from .test_fast import DECLINED, DECLINED_V2, KEYS, TRICKY, VALID, _objects, _v2_rich, _with_duplicate, dumps

REPO = Path(__file__).resolve().parents[2]


def in_runs(data: bytes, size: int) -> tuple[Any, list[tuple[int, list[str]]]]:
    """The store as the staged reader vouches for it (or None), and the runs it handed on: (start, event ids)."""
    handed: list[tuple[int, list[str]]] = []
    try:
        reading = staged.Staged(data)
        for start, run in reading.runs(size):
            handed.append((start, [e.id for e in run]))
        return reading.vouched(data.count(b":")), handed
    except staged.Decline:
        return None, handed


def agree(data: bytes, sizes: tuple[int, ...] = (1, 2, 1000)) -> Any:
    """The staged reader's verdict, checked against fast.load's for every run size; the store, or None."""
    whole = fast.load(data)
    for size in sizes:
        store, handed = in_runs(data, size)
        assert (store is None) == (whole is None), f"runs of {size}: staged {store is not None}, whole {whole is not None}"
        if store is not None:
            assert record(store) == record(whole), f"runs of {size}: different values"
            ids = [e.id for e in store.events]
            assert handed == [(i, ids[i:i + size]) for i in range(0, len(ids), size)], "runs handed on out of order"
    return whole


def test_the_bundled_store_is_handed_on_in_runs_with_the_same_values() -> None:
    store = agree(bundled_path().read_bytes(), (1, 7, 57, 100))
    assert store is not None and len(store.events) == 57


def test_a_generated_store_gets_the_same_values(tmp_path: Path) -> None:
    out = generated_store(tmp_path, 300, 11)
    store = agree(out.read_bytes(), (1, 64, 300))
    assert store is not None and len(store.events) == 300


@pytest.mark.parametrize(("label", "data"), VALID, ids=[v[0] for v in VALID])
def test_valid_stores_are_vouched_for_in_runs(label: str, data: bytes) -> None:
    assert agree(data) is not None, label


@pytest.mark.parametrize(("label", "data", "plain_accepts"), DECLINED + DECLINED_V2,
                         ids=[d[0] for d in DECLINED + DECLINED_V2])
def test_edge_cases_are_declined_in_runs_too(label: str, data: bytes, plain_accepts: bool) -> None:
    assert agree(data) is None, label


def test_an_event_that_is_not_valid_json_is_declined_before_any_run_is_handed_on() -> None:
    data = dumps(minimal_store()).replace(b'"A clash."', b'"A clash.",,')
    store, handed = in_runs(data, 1)
    assert store is None and handed == []


def test_an_event_of_the_wrong_shape_is_declined_at_its_run() -> None:
    d = minimal_store()
    d["events"] += [copy.deepcopy(d["events"][0]) | {"id": f"e{i}"} for i in (2, 3)]
    d["events"][2]["casualties"][0]["killed"] = "two"
    store, handed = in_runs(dumps(d), 1)
    assert store is None and handed == [(0, ["e1"]), (1, ["e2"])]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_mutations_get_the_same_verdict_in_runs(data: st.DataObject) -> None:
    d = copy.deepcopy(data.draw(st.sampled_from([minimal_store(), _v2_rich()])))
    d["events"].append(copy.deepcopy(d["events"][0]) | {"id": "e3", "control_changes": [
        {"place": "town", "from": "bravo", "to": "alpha"}]})
    target = data.draw(st.sampled_from(_objects(d, [])))
    key = data.draw(KEYS)
    if data.draw(st.booleans()):
        agree(_with_duplicate(d, target, key, copy.deepcopy(data.draw(TRICKY))), (1, 2))
    else:
        target[key] = copy.deepcopy(data.draw(TRICKY))
        agree(dumps(d), (1, 2))
