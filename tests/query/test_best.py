"""Best estimates and the events' own fatalities in tallies (docs/schema.md, "Tallies with best estimates")."""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.query import tally as q
from dezzor_cli.query.filters import Filters, resolve, select
from dezzor_cli.query.index import Index
from dezzor_cli.query.quantities import Qty
from dezzor_cli.store.read import build

from ..conftest import Result, minimal_store

Run = typing.Callable[..., Result]


def test_a_best_estimate_adds_up_only_where_every_figure_has_one() -> None:
    ranged = Qty.of(typing.cast(Any, build_range(0, 2, 5)))
    assert (ranged.lo, ranged.hi, ranged.best) == (0, 5, 2)
    assert Qty.of(3) == Qty(3, 3, 3) and Qty(3, 3) == Qty(3, 3, 3)  # an exact count is its own best estimate
    assert ranged + Qty.of(3) == Qty(3, 8, 5)
    assert (ranged + Qty(1, 4)).best is None  # a range without a best estimate: the sum has none
    assert ranged + Qty(1, None, 1) == Qty(1, None, 3)  # an open maximum keeps its best estimate
    assert str(ranged) == "0-5 (best 2)" and str(Qty(1, None, 3)) == "1+ (best 3)" and str(Qty(4, 4)) == "4"


def build_range(lo: int, best: int, hi: int | None) -> Any:
    from dezzor_cli.store.model import Range

    return Range(min=lo, best=best, max=hi)


def _store(fatalities: list[Any], killed: list[Any]) -> dict[str, Any]:
    d = minimal_store()
    template = d["events"][0]
    d["events"] = []
    for i, (f, k) in enumerate(zip(fatalities, killed, strict=True)):
        e = copy.deepcopy(template) | {"id": f"e{i}", "date": f"2024-12-0{i + 1}"}
        e["casualties"] = [{"party": "bravo", "killed": k}]
        if f is not None:
            e["fatalities"] = f
        d["events"].append(e)
    return d


def _ix(d: dict[str, Any]) -> Index:
    return Index(build(d, Path("best.json")))


def test_tally_sums_best_estimates_honestly() -> None:
    ix = _ix(_store([None, None, None], [{"min": 0, "best": 2, "max": 5}, 3, {"min": 1, "best": 1, "max": None}]))
    events = select(ix, resolve(ix, Filters()))
    (row,) = q.tally(ix, events)
    assert row.counts["killed"] == Qty(4, None, 6)
    ix = _ix(_store([None, None], [{"min": 0, "best": 2, "max": 5}, {"min": 1, "max": 2}]))
    (row,) = q.tally(ix, select(ix, resolve(ix, Filters())))
    assert row.counts["killed"] == Qty(1, 7, None)


def test_the_events_own_fatalities_are_summed_once_each() -> None:
    ix = _ix(_store([3, {"min": 0, "best": 2, "max": 5}, None, 0], [1, 1, 1, 1]))
    total = q.fatalities_total(select(ix, resolve(ix, Filters())))
    assert (total.events, total.given, total.total) == (4, 3, Qty(3, 8, 5))
    ix = _ix(_store([3, {"min": 1, "max": None}], [1, 1]))
    total = q.fatalities_total(select(ix, resolve(ix, Filters())))
    assert (total.given, total.total) == (2, Qty(4, None, None))
    ix = _ix(_store([None], [1]))
    assert q.fatalities_total(select(ix, resolve(ix, Filters()))).total is None


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    p = tmp_path / "best.json"
    p.write_text(json.dumps(_store([3, {"min": 0, "best": 2, "max": 5}, None], [{"min": 0, "best": 1, "max": 4}, 2,
                                                                                 1])), encoding="utf-8")
    return p


def test_tally_json_and_csv_give_the_best_estimates(run: Run, store_file: Path) -> None:
    (row,) = run("tally", "--data", str(store_file), "-f", "json").json()
    assert (row["killed"], row["killed_max"], row["killed_best"]) == (3, 7, 4)
    r = run("tally", "--data", str(store_file))
    assert "3-7 (best 4)" in r.out
    csv_lines = run("tally", "--data", str(store_file), "-f", "csv").out.splitlines()
    assert csv_lines[1].startswith("bravo,Bravo Army,3,7,4,")


def test_tally_fatalities(run: Run, store_file: Path) -> None:
    r = run("tally", "--fatalities", "--data", str(store_file), "-f", "json")
    assert r.code == 0 and r.json() == [{"events": 3, "events_with_fatalities": 2, "fatalities": 3,
                                         "fatalities_max": 8, "fatalities_best": 5}]
    r = run("tally", "--fatalities", "--data", str(store_file), "--since", "2024-12-02", "-f", "json")
    assert r.json() == [{"events": 2, "events_with_fatalities": 1, "fatalities": 0, "fatalities_max": 5,
                         "fatalities_best": 2}]
    assert "3-8 (best 5)" in run("tally", "--fatalities", "--data", str(store_file)).out
    for extra in (["--by", "kind"], ["--party", "bravo"], ["--reconcile"], ["--certainty", "reported"]):
        r = run("tally", "--fatalities", "--data", str(store_file), *extra)
        assert r.code == 2 and r.err.startswith("dezzor: error: --fatalities sums whole events' own figures")


def test_an_acled_import_reproduces_the_files_fatalities(run: Run, tmp_path: Path) -> None:
    from ..interchange.test_interchange import HEADER, acled_line

    csv_path, store = tmp_path / "rows.csv", tmp_path / "acled.json"
    csv_path.write_text(HEADER + "\n" + "".join(acled_line(event_id_cnty=f"SYR{i}", fatalities=f) for i, f in
                                                enumerate([0, 4, 11])), encoding="utf-8")
    assert run("import", "acled", str(csv_path), "--out", str(store), "--retrieved", "2026-11-30").code == 0
    (row,) = run("tally", "--fatalities", "--data", str(store), "-f", "json").json()
    assert (row["events_with_fatalities"], row["fatalities"], row["fatalities_max"], row["fatalities_best"]) == (
        3, 15, 15, 15)
    source = json.loads(store.read_text(encoding="utf-8"))["meta"]["sources"][0]
    assert (source["id"], source["kind"], source["file"]) == ("acled", "acled", "rows.csv")
    import hashlib

    assert source["sha256"] == hashlib.sha256(csv_path.read_bytes()).hexdigest()
    assert source["retrieved"] == "2026-11-30"
    assert source["citation"] == ("Armed Conflict Location & Event Data (ACLED), https://acleddata.com; "
                                  "accessed 2026-11-30; file rows.csv.")
    shown = run("show", "syr2", "--data", str(store)).out
    assert "11 (all parties, as the source totals them)" in shown
    assert "ACLED CSV file, record SYR2, line 4, reports: SOHR, scale: Other, timestamp 1733300000" in shown
    r = run("import", "acled", str(csv_path), "--out", str(tmp_path / "x.json"), "--retrieved", "30 Nov 2026")
    assert (r.code, r.err) == (2, "dezzor: error: --retrieved must be a day written YYYY-MM-DD, not '30 Nov 2026'\n")
    assert not (tmp_path / "x.json").exists()
