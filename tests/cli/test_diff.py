"""dezzor diff: edited copies of the bundled store, and the exact differences each format shows."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..conftest import Result

Run = Callable[..., Result]

STRIKE = "2024-12-03-us-strike-deir-ez-zor-airport"
CHECKPOINT = "2024-11-17-isis-attack-sdf-checkpoint"
GONE = "2024-12-20-us-strike-isis"
NEW = "2025-02-03-test-only-event"
NEW_EVENT: dict[str, Any] = {  # every field given, as the loader fills them in
    "id": NEW, "date": "2025-02-03", "date_end": None, "precision": "day", "date_note": None,
    "kind": "Armed clash", "actors": [{"actor": "isis", "role": "initiator"}, {"actor": "sdf", "role": "target"}],
    "places": ["diban"], "place_precision": None, "casualties": [], "fatalities": None, "control_changes": [], "certainty": "reported", "claimed_by": None,
    "summary": "An event made up for this test.", "source": {"source": "article", "section": "Aftermath", "paragraph": 1},
    "also_in": [], "note": None,
}  # fmt: skip


def _write(path: Path, doc: dict[str, Any], **dump: Any) -> str:
    path.write_text(json.dumps(doc, **{"ensure_ascii": False, **dump}), encoding="utf-8")
    return str(path)


def _given(value: Any) -> Any:
    """``value`` without the keys whose value is null or an empty list (what a store may leave out)."""
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_given(v) for v in value]
    return value


def _event(doc: dict[str, Any], eid: str) -> dict[str, Any]:
    return next(e for e in doc["events"] if e["id"] == eid)


@pytest.fixture
def edited(raw_store: dict[str, Any], tmp_path: Path) -> tuple[str, str]:
    """The bundled store, and a copy with a count changed, an event removed, one added and an alias renamed."""
    doc = copy.deepcopy(raw_store)
    _event(doc, STRIKE)["casualties"][0]["killed"] = 7  # was 6
    _event(doc, CHECKPOINT)["casualties"][0]["injured"]["max"] = 5  # was {"min": 2, "max": null}
    doc["events"] = [e for e in doc["events"] if e["id"] != GONE] + [NEW_EVENT]
    isis = next(a for a in doc["actors"] if a["id"] == "isis")
    assert isis["aliases"][3] == "Daesh"
    isis["aliases"][3] = "Da'ish"
    doc["meta"]["period"]["end"] = "2024-12-12"  # was 2024-12-11
    return _write(tmp_path / "old.json", raw_store), _write(tmp_path / "new.json", doc, indent=1)


EXPECTED_CHANGED = [
    {"kind": "meta", "id": None, "field": "period.end", "old": "2024-12-11", "new": "2024-12-12"},
    {"kind": "actor", "id": "isis", "field": "aliases[3]", "old": "Daesh", "new": "Da'ish"},
    {"kind": "event", "id": CHECKPOINT, "field": "casualties[0].injured.max", "old": None, "new": 5},
    {"kind": "event", "id": STRIKE, "field": "casualties[0].killed", "old": 6, "new": 7},
]


def test_json_names_each_added_removed_and_changed_record(run: Run, edited: tuple[str, str],
                                                          raw_store: dict[str, Any]) -> None:
    r = run("diff", *edited, "-f", "json")
    assert r.code == 0
    doc = r.json()
    assert list(doc) == ["added", "removed", "changed"]
    assert doc["added"] == [{"kind": "event", "id": NEW, "record": NEW_EVENT}]
    [removed] = doc["removed"]
    assert (removed["kind"], removed["id"]) == ("event", GONE)
    raw = _event(raw_store, GONE)
    assert _given(removed["record"]) == _given(raw)  # the whole record (with the defaults filled in)
    assert removed["record"]["casualties"][0]["injured"] is None
    assert doc["changed"] == EXPECTED_CHANGED
    assert r.err == "1 added, 1 removed, 4 changed fields in 4 records\n"


def test_jsonl_csv_and_table_have_one_row_a_difference(run: Run, edited: tuple[str, str]) -> None:
    rows = [json.loads(line) for line in run("diff", *edited, "-f", "jsonl").out.splitlines()]
    assert [(r["change"], r["kind"], r["id"], r["field"]) for r in rows] == [
        ("added", "event", NEW, None), ("removed", "event", GONE, None),
        *(("changed", c["kind"], c["id"], c["field"]) for c in EXPECTED_CHANGED)]
    assert rows[0]["new"] == NEW_EVENT and rows[0]["old"] is None and rows[1]["new"] is None
    assert [{k: r[k] for k in ("kind", "id", "field", "old", "new")} for r in rows[2:]] == EXPECTED_CHANGED

    table = list(csv.reader(io.StringIO(run("diff", *edited, "-f", "csv").out)))
    assert table[0] == ["change", "kind", "id", "field", "old", "new"]
    assert table[1][:5] == ["added", "event", NEW, "", ""] and json.loads(table[1][5]) == NEW_EVENT
    assert table[3:] == [
        ["changed", "meta", "", "period.end", "2024-12-11", "2024-12-12"],
        ["changed", "actor", "isis", "aliases[3]", "Daesh", "Da'ish"],
        ["changed", "event", CHECKPOINT, "casualties[0].injured.max", "", "5"],
        ["changed", "event", STRIKE, "casualties[0].killed", "6", "7"],
    ]

    r = run("diff", *edited)
    lines = [line.split() for line in r.out.splitlines()]
    assert lines[0] == ["Change", "Kind", "Id", "Field", "Old", "New"]
    assert lines[1] == ["added", "event", NEW, "An", "event", "made", "up", "for", "this", "test."]
    assert lines[2] == ["removed", "event", GONE, "A", "US", "air", "strike", "kills", "two", "Islamic", "State",
                        "fighters."]
    assert lines[3:] == [["changed", "meta", "period.end", "2024-12-11", "2024-12-12"],
                         ["changed", "actor", "isis", "aliases[3]", "Daesh", "Da'ish"],
                         ["changed", "event", CHECKPOINT, "casualties[0].injured.max", "null", "5"],
                         ["changed", "event", STRIKE, "casualties[0].killed", "6", "7"]]
    md = run("diff", *edited, "-f", "markdown").out
    assert "| changed | actor | isis | aliases\\[3\\] | Daesh | Da'ish |" in md  # brackets escaped


def test_exit_code_says_whether_they_differ(run: Run, edited: tuple[str, str]) -> None:
    old, new = edited
    assert run("diff", old, new).code == 0
    assert run("diff", old, new, "--exit-code", "-f", "json").code == 1
    assert run("diff", old, old, "--exit-code").code == 0


def test_identical_stores_give_nothing_and_say_so(run: Run, edited: tuple[str, str]) -> None:
    old, _ = edited
    message = f"no differences: {old} and {old} hold the same records\n"
    assert (run("diff", old, old).out, run("diff", old, old).err) == ("", message)
    assert run("diff", old, old, "-f", "json").json() == {"added": [], "removed": [], "changed": []}
    assert run("diff", old, old, "-f", "jsonl").out == ""
    assert run("diff", old, old, "-f", "csv").out == "change,kind,id,field,old,new\n"


def test_the_same_content_written_differently_is_no_difference(run: Run, raw_store: dict[str, Any],
                                                                tmp_path: Path) -> None:
    """Key order, indentation, escapes and defaults written out or left out do not make a difference."""
    def reordered(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: reordered(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reordered(v) for v in value]
        return value

    doc = reordered(copy.deepcopy(raw_store))
    doc["actors"].reverse()  # the order of the records is not a difference either
    for e in doc["events"]:
        e.setdefault("also_in", [])
        e.setdefault("note", None)
        e.setdefault("certainty", "reported")
    old = _write(tmp_path / "old.json", raw_store)
    new = _write(tmp_path / "new.json", doc, indent=4, ensure_ascii=True)
    assert Path(new).read_bytes() != Path(old).read_bytes()
    r = run("diff", old, new, "--exit-code", "-f", "json")
    assert (r.code, r.json()) == (0, {"added": [], "removed": [], "changed": []})


def test_each_store_is_validated_first(run: Run, raw_store: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(raw_store)
    _event(doc, STRIKE)["casualties"][0]["killed"] = "7"
    bad = _write(tmp_path / "bad.json", doc)
    good = _write(tmp_path / "good.json", raw_store)
    r = run("diff", good, bad)
    assert r.code == 1 and r.out == ""
    assert r.err.startswith(f"dezzor: error: {bad} is not a valid store: events[") and r.err.count("\n") == 1
    r = run("diff", good, str(tmp_path / "missing.json"))
    assert (r.code, r.err) == (1, f"dezzor: error: no store at {tmp_path / 'missing.json'}\n")


def test_an_empty_path_is_a_usage_error(run: Run, edited: tuple[str, str]) -> None:
    old, _ = edited
    r = run("diff", old, "")
    assert (r.code, r.out, r.err) == (2, "", "dezzor: error: NEW is empty; give the path of a store "
                                             "(an unset shell variable?)\n")
    r = run("compare", "", old)
    assert (r.code, r.err) == (2, "dezzor: error: A is empty; give the path of a store (an unset shell variable?)\n")
