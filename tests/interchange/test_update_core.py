"""update's core on plain schema 2 documents: matching on records, the three rules, registries, meta."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.interchange.update import Rule, apply, source_named

AT = "2026-12-01T08:00:00Z"
SHA = "ab" * 32


def _acled_event(eid: str, record: str, date: str, actor: str, place: str, killed: int = 0, line: int = 2,
                 stamp: int = 100, source: str = "acled") -> dict[str, Any]:
    e: dict[str, Any] = {
        "id": eid, "date": date, "precision": "day", "kind": "Armed clash",
        "actors": [{"actor": actor, "role": "initiator"}], "places": [place], "casualties": [],
        "certainty": "reported", "summary": f"Clash {record}.",
        "source": {"source": source, "record": record, "line": line, "reports": "Local media",
                   "scale": "Local partner", "timestamp": stamp},
    }
    if killed:
        e["casualties"] = [{"party": None, "killed": killed, "certainty": "reported"}]
    return e


def _store() -> dict[str, Any]:
    return {
        "meta": {
            "title": "Mixed", "period": {"start": "2024-12-01", "end": "2024-12-10"}, "result": "",
            "schema_version": 2,
            "sources": [
                {"id": "article", "kind": "article", "title": "An article", "url": "https://example.org/a",
                 "retrieved": "2024-12-20", "sections": [{"heading": "Lead", "paragraphs": 3}]},
                {"id": "acled", "kind": "acled", "title": "ACLED export", "file": "old.csv", "sha256": "cd" * 32,
                 "retrieved": "2024-12-11"},
                {"id": "hand", "kind": "manual", "title": "Coded by hand"},
            ],
        },
        "sides": [],
        "actors": [
            {"id": "sdf", "name": "Syrian Democratic Forces", "aliases": ["SDF"], "type": "Rebel group"},
            {"id": "civilians-syria", "name": "Civilians (Syria)", "type": "Civilians"},
        ],
        "places": [
            {"id": "syria", "name": "Syria", "type": "country"},
            {"id": "hajin", "name": "Hajin", "type": "location", "parent": "syria", "lat": 34.69, "lon": 40.83},
        ],
        "events": [
            {"id": "art-1", "date": "2024-12-02", "precision": "day", "kind": "Armed clash",
             "actors": [{"actor": "sdf", "role": "initiator"}], "places": ["hajin"], "casualties": [],
             "certainty": "reported", "summary": "From the article.",
             "source": {"source": "article", "section": "Lead", "paragraph": 1}},
            _acled_event("syr1", "SYR1", "2024-12-03", "sdf", "hajin", killed=2, line=2),
            _acled_event("syr2", "SYR2", "2024-12-04", "sdf", "hajin", line=3),
            _acled_event("syr3", "SYR3", "2024-12-05", "civilians-syria", "hajin", line=4),
            _acled_event("syr4", "SYR4", "2024-11-20", "sdf", "hajin", line=5),
            {"id": "hand-1", "date": "2024-12-04", "precision": "day", "kind": "Armed clash",
             "actors": [{"actor": "sdf", "role": "initiator"}], "places": [], "casualties": [],
             "certainty": "reported", "summary": "Coded by hand.", "source": {"source": "hand", "note": "me"}},
        ],
        "reported_totals": [],
    }


def _incoming(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the importer makes of a newer export: its own ids for actors and places."""
    return {
        "meta": {"title": "ACLED events", "period": {"start": "2024-12-01", "end": "2024-12-31"}, "result": "",
                 "schema_version": 2, "sources": [{"id": "acled", "kind": "acled", "title": "ACLED CSV file"}]},
        "sides": [],
        "actors": [{"id": "syrian-democratic-forces", "name": "Syrian Democratic Forces", "type": "Rebel group"},
                   {"id": "islamic-state", "name": "Islamic State", "type": "Rebel group"}],
        "places": [{"id": "syria", "name": "Syria", "type": "country"},
                   {"id": "hajin", "name": "Hajin", "type": "location", "parent": "syria", "lat": 34.69, "lon": 40.83},
                   {"id": "al-susah", "name": "Al-Susah", "type": "location", "parent": "syria"}],
        "events": rows,
        "reported_totals": [],
    }


def _newer() -> dict[str, Any]:
    return _incoming([
        _acled_event("syr1", "SYR1", "2024-12-03", "syrian-democratic-forces", "hajin", killed=2, line=9),  # moved only
        _acled_event("syr2", "SYR2", "2024-12-04", "syrian-democratic-forces", "hajin", killed=5, line=2,
                     stamp=200),  # changed
        _acled_event("syr9", "SYR9", "2024-12-06", "islamic-state", "al-susah", line=3),  # new
    ])


def _apply(store: dict[str, Any], new: dict[str, Any], **kw: Any) -> tuple[dict[str, Any], Any]:
    return apply(store, new, source_id="acled", at=AT, file="new.csv", sha256=SHA, retrieved="2024-12-21", **kw)


def test_a_partial_export_without_a_rule_adds_and_changes_but_removes_nothing() -> None:
    store = _store()
    before = copy.deepcopy(store)
    doc, ch = _apply(store, _newer())
    assert store == before  # the input is not modified
    assert (ch.added, ch.changed, ch.deleted, ch.unchanged, ch.rule) == (["syr9"], ["syr2"], [], 1, Rule.none)
    assert [e["id"] for e in doc["events"]] == ["syr4", "art-1", "syr1", "hand-1", "syr2", "syr3", "syr9"]
    assert ch.notes == ["deletions: none (no deletions file and no --complete): nothing is removed; "
                        "2 of the store's records are absent from the export and kept"]
    syr2 = next(e for e in doc["events"] if e["id"] == "syr2")
    assert syr2["casualties"] == [{"party": None, "killed": 5, "certainty": "reported"}]
    assert syr2["source"] == {"source": "acled", "record": "SYR2", "line": 2, "reports": "Local media",
                              "scale": "Local partner", "timestamp": 200}
    syr1 = next(e for e in doc["events"] if e["id"] == "syr1")
    assert syr1["source"]["line"] == 9 and syr1["actors"] == [{"actor": "sdf", "role": "initiator"}]


def test_other_sources_events_are_untouched() -> None:
    doc, _ = _apply(_store(), _newer(), complete=True)
    old = {e["id"]: e for e in _store()["events"]}
    new = {e["id"]: e for e in doc["events"]}
    assert new["art-1"] == old["art-1"] and new["hand-1"] == old["hand-1"]


def test_registries_reuse_by_name_and_add_what_is_new() -> None:
    doc, _ = _apply(_store(), _newer())
    assert [a["id"] for a in doc["actors"]] == ["sdf", "civilians-syria", "islamic-state"]
    assert [p["id"] for p in doc["places"]] == ["syria", "hajin", "al-susah"]
    assert doc["places"][2] == {"id": "al-susah", "name": "Al-Susah", "type": "location", "parent": "syria"}
    syr9 = next(e for e in doc["events"] if e["id"] == "syr9")
    assert syr9["actors"] == [{"actor": "islamic-state", "role": "initiator"}] and syr9["places"] == ["al-susah"]


def test_complete_removes_only_absent_records_dated_in_the_exports_period() -> None:
    doc, ch = _apply(_store(), _newer(), complete=True)
    assert (ch.added, ch.changed, ch.deleted, ch.unchanged) == (["syr9"], ["syr2"], ["syr3"], 1)
    assert "syr4" in {e["id"] for e in doc["events"]}  # 2024-11-20: before the export's first day
    assert ch.notes == ["deletions: complete re-export of 2024-12-03..2024-12-06 (--complete): 1 record(s) of the "
                        "store dated in that period and absent from the export are removed; 1 absent record(s) "
                        "dated outside it are kept"]


def test_a_deletions_file_removes_what_it_lists() -> None:
    doc, ch = _apply(_store(), _newer(), deletions={"SYR4": 150, "SYR77": 1})
    assert (ch.added, ch.changed, ch.deleted, ch.unchanged) == (["syr9"], ["syr2"], ["syr4"], 1)
    assert "syr3" in {e["id"] for e in doc["events"]}
    assert ch.rule is Rule.deletions_file
    assert ch.notes[0].startswith("deletions: the deletions file: 1 listed record(s) of the store are removed; "
                                  "1 listed record(s) are in neither")


def test_a_deletion_against_a_row_in_the_export_goes_by_the_timestamps() -> None:
    _, ch = _apply(_store(), _newer(), deletions={"SYR2": 150, "SYR1": 150})
    # SYR2's row (timestamp 200) is newer than its deletion: kept; SYR1's (100) is older: removed
    assert (ch.changed, ch.deleted, ch.unchanged) == (["syr2"], ["syr1"], 0)


def test_meta_changes_and_the_source_are_recorded() -> None:
    doc, _ = _apply(_store(), _newer(), complete=True)
    assert doc["meta"]["changes"] == [{"at": AT, "source": "acled", "file": "new.csv", "sha256": SHA,
                                       "rule": "complete-reexport", "added": 1, "changed": 1, "deleted": 1,
                                       "unchanged": 1}]
    src = doc["meta"]["sources"][1]
    assert (src["file"], src["sha256"], src["retrieved"]) == ("new.csv", SHA, "2024-12-21")
    assert doc["meta"]["period"] == {"start": "2024-12-01", "end": "2024-12-10"}


def test_an_actor_of_another_type_under_the_same_name_is_refused() -> None:
    new = _newer()
    new["actors"][0]["type"] = "State forces"
    with pytest.raises(StoreError, match="is of type 'State forces', but the store's actor 'sdf'"):
        _apply(_store(), new)


def test_a_place_of_the_same_name_elsewhere_is_kept_apart() -> None:
    new = _newer()
    new["places"].append({"id": "iraq", "name": "Iraq", "type": "country"})
    new["places"].append({"id": "hajin-2", "name": "Hajin (location)", "type": "location", "parent": "iraq"})
    new["events"][2]["places"] = ["hajin-2"]
    doc, _ = _apply(_store(), new)
    added = {p["id"]: p for p in doc["places"][2:]}
    assert added["hajin-2"] == {"id": "hajin-2", "name": "Hajin (location)", "type": "location", "parent": "iraq"}


def test_a_new_record_whose_id_is_taken_gets_a_suffix() -> None:
    new = _newer()
    new["events"][2]["id"] = "art-1"
    _, ch = _apply(_store(), new)
    assert ch.added == ["art-1-2"]


def test_events_without_a_record_are_matched_on_the_id_the_import_makes_of_it() -> None:
    store = _store()
    for e in store["events"][1:5]:  # syr1..syr4, as a store made before schema 2 may have them
        del e["source"]["record"]
    doc, ch = _apply(store, _newer(), deletions={"SYR3": 1})
    assert (ch.added, ch.changed, ch.deleted, ch.unchanged) == (["syr9"], ["syr2"], ["syr3"], 1)
    assert ch.notes[0] == ("4 event(s) of the store have no record (a store made before schema 2); 3 of them were "
                           "matched on their id, which the ACLED import makes of the record")
    events = {e["id"]: e for e in doc["events"]}
    assert events["syr1"]["source"]["record"] == "SYR1" and "record" not in events["syr4"]["source"]


def test_an_ucdp_event_without_a_record_is_refused() -> None:
    store = _store()
    store["meta"]["sources"][1]["kind"] = "ucdp"
    del store["events"][1]["source"]["record"]
    new = _newer()
    new["meta"]["sources"][0]["kind"] = "ucdp"
    with pytest.raises(StoreError, match="event 'syr1' of source 'acled' in the store has no record"):
        _apply(store, new)


def test_the_source_is_chosen_by_kind() -> None:
    assert source_named(_store(), "acled", None, "s.json")["id"] == "acled"
    with pytest.raises(StoreError, match=r"s\.json has no UCDP source to update \(its sources: article, acled, hand\); "
                                         r"a UCDP export updates a store made from an older UCDP export$"):
        source_named(_store(), "ucdp", None, "s.json")
    with pytest.raises(StoreError, match=r"s\.json: source 'article' is of kind 'article', not 'acled'; "
                                         r"an ACLED export updates only an ACLED source$"):
        source_named(_store(), "acled", "article", "s.json")


def test_both_rules_at_once_are_refused() -> None:
    with pytest.raises(StoreError, match="give one of them"):
        _apply(_store(), _newer(), deletions={}, complete=True)


def test_absent_and_default_fields_are_no_change() -> None:
    store = _store()
    syr1 = store["events"][1]
    del syr1["casualties"][0]["certainty"]
    del syr1["certainty"]
    syr1["note"] = None
    _, ch = _apply(store, _newer())
    assert (ch.changed, ch.unchanged) == (["syr2"], 1)


def test_the_period_widens_to_the_events_added() -> None:
    new = _newer()
    new["events"][2]["date"] = "2024-12-28"
    doc, ch = _apply(_store(), new)
    assert ch.added == ["syr9"] and doc["meta"]["period"] == {"start": "2024-12-01", "end": "2024-12-28"}
