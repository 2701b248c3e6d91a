"""The model and the validator: a good store passes; each broken rule is caught with its location."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.store.read import build, parse

from ..conftest import minimal_store

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        node: Any = d
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        node[int(last) if last.isdigit() else last] = value

    return mutate


def _problems(data: dict[str, Any]) -> list[str]:
    try:
        build(data, Path("s.json"))
    except StoreError as exc:
        return exc.details
    return []


def test_minimal_store_is_valid() -> None:
    assert _problems(minimal_store()) == []


def test_bundled_store_is_valid(raw_store: dict[str, Any]) -> None:
    assert _problems(copy.deepcopy(raw_store)) == []


def _ucdp(d: dict[str, Any], fatalities: Any, **figures: int) -> None:
    """events[0] cites a UCDP source ("ged"), with ``figures`` (low, high) in its citation, and has ``fatalities``."""
    d["meta"]["sources"].append({"id": "ged", "kind": "ucdp", "title": "GED"})
    d["events"][0]["source"] = {"source": "ged", "record": "7", **figures}
    if fatalities is None:
        d["events"][0].pop("fatalities", None)
    else:
        d["events"][0]["fatalities"] = fatalities


@pytest.mark.parametrize(("fatalities", "low", "high"), [
    ({"min": 4, "best": 5, "max": 7}, 7, 4),  # low and high both on the wrong side (the import's range)
    ({"min": 5, "best": 5, "max": 9}, 7, 9),  # low above best
    ({"min": 4, "best": 5, "max": 5}, 4, 2),  # high below best
    ({"min": 0, "best": 5, "max": None}, 0, 3),  # a range of another reckoning: only best decides
])
def test_ucdp_low_and_high_out_of_order_with_best_are_valid(fatalities: Any, low: int, high: int) -> None:
    d = minimal_store()
    _ucdp(d, fatalities, low=low, high=high)
    assert _problems(d) == []
    d["events"][0]["also_in"] = [d["events"][0]["source"]]  # the same rule for a citation in also_in
    d["meta"]["sources"].append({"id": "ged2", "kind": "ucdp", "title": "GED again"})
    d["events"][0]["source"] = {"source": "ged2", "record": "7"}
    assert _problems(d) == []
    d["events"][0]["fatalities"] = {**fatalities, "best": low} if low <= high else fatalities
    if low <= high:
        assert _problems(d) == [f"events[0].also_in[0].low: low ({low}), best ({low}) and high ({high}) are in "
                                "order: the event's fatalities hold them, and a citation keeps low and high only "
                                "out of order"]


CASES: list[tuple[str, Mutation, str]] = [
    ("count as boolean", _set("events.0.casualties.0.killed", True), "events[0].casualties[0].killed: a count must be a whole number"),
    ("count as string", _set("events.0.casualties.0.killed", "12"), 'events[0].casualties[0].killed: a count must be a whole number or {"min": n, "max": n or null}, not "12"'),
    ("negative count", _set("events.0.casualties.0.killed", -1), "events[0].casualties[0].killed: a count cannot be negative (got -1)"),
    ("float count", _set("events.0.casualties.0.killed", 2.0), "events[0].casualties[0].killed: a count must be a whole number"),
    ("range upside down", _set("events.0.casualties.0.killed", {"min": 5, "max": 2}), "events[0].casualties[0].killed: a range's max (2) is below its min (5)"),
    ("range extra key", _set("events.0.casualties.0.killed", {"min": 1, "max": None, "about": 3}), 'events[0].casualties[0].killed: a range must have the keys "min" and "max"'),
    ("bad date", _set("events.0.date", "2024-02-30"), "events[0].date: '2024-02-30' is not a real calendar date"),
    ("date not ISO", _set("events.0.date", "5 Dec 2024"), "events[0].date: a date must be in the form YYYY-MM-DD"),
    ("date_end before date", _set("events.0.date_end", "2024-12-01"), "events[0].date_end: date_end 2024-12-01 is before date 2024-12-05"),
    ("day with an end", _set("events.0.date_end", "2024-12-06"), "events[0].date_end: a day-precision event must end on its own date"),
    ("unknown precision", _set("events.0.precision", "daily"), "events[0].precision: Input should be 'day', 'range', 'week', 'month' or 'year'"),
    ("unknown kind", _set("events.0.kind", "Battle"), "events[0].kind: Input should be"),
    ("unknown key", _set("events.0.colour", "red"), 'events[0]: unknown key "colour"; is it misspelt?'),
    ("missing summary", lambda d: d["events"][0].pop("summary"), "events[0].summary: Field required"),
    ("unknown actor", _set("events.0.actors.0.actor", "charlie"), "events[0].actors[0].actor: unknown actor 'charlie'"),
    ("unknown place", _set("events.0.places.0", "nowhere"), "events[0].places[0]: unknown place 'nowhere'"),
    ("unknown party", _set("events.0.casualties.0.party", "zulu"), "events[0].casualties[0].party: unknown actor 'zulu'"),
    ("unknown parent", _set("actors.1.parent", "ghost"), "actors[1].parent: unknown actor 'ghost'"),
    ("unknown side", _set("actors.0.side", "green"), "actors[0].side: unknown side 'green'"),
    ("duplicate event id", lambda d: d["events"].append(copy.deepcopy(d["events"][0])), "events[1].id: duplicate id 'e1' (first used at events[0])"),
    ("parent cycle", _set("actors.0.parent", "alpha-unit"), "actors[0].parent: 'alpha' is its own ancestor"),
    ("place cycle", _set("places.0.parent", "town"), "places[0].parent: 'land' is its own ancestor"),
    ("claimed without claimant", _set("events.0.certainty", "claimed"), "events[0].claimed_by: a claimed statement must say who claims it"),
    ("claimant without claim", _set("events.0.claimed_by", "alpha"), "events[0].claimed_by: claimed_by is set but certainty is 'reported'"),
    ("wrong previous holder", _set("events.0.control_changes", [{"place": "town", "from": "alpha", "to": "alpha-unit"}]),
     "events[0].control_changes[0].from: 'town' was held by 'bravo' at that point, not 'alpha'"),
    ("unknown section", _set("events.0.source.section", "Epilogue"), "events[0].source.section: unknown section 'Epilogue'"),
    ("paragraph out of range", _set("events.0.source.paragraph", 9), "events[0].source.paragraph: section 'lead' has 5 paragraphs, not 9"),
    ("alias names two actors", _set("actors.2.aliases", ["Alpha-Front"]), "actors[2]: the name 'Alpha-Front' also names 'alpha'"),
    ("month not whole", lambda d: d["events"][0].update(precision="month", date="2024-12-02", date_end="2024-12-31"), "events[0].precision: a month must run from its first to its last day"),
    ("week not Monday", lambda d: d["events"][0].update(precision="week", date="2024-12-03", date_end="2024-12-09"), "events[0].precision: a week must run Monday to Sunday"),
    ("lat without lon", _set("places.2.lat", 35.0), "places[2]: lat and lon must be given together"),
    ("latitude out of range", lambda d: d["places"][2].update(lat=135.0, lon=40.0), "places[2].lat: Input should be less than or equal to 90"),
    ("empty casualty", _set("events.0.casualties.0", {"party": "bravo"}), "events[0].casualties[0]: gives no count"),
    ("bad id", _set("events.0.id", "E 1"), "events[0].id: String should match pattern"),
    ("wrong top-level type of events", _set("events", {"e1": {}}), "events: Input should be a valid list"),
    # version 2: sources, citations by kind, best estimates, codes, place precision, the change log
    ("field of another kind", _set("events.0.source.record", "x"), "events[0].source.record: record does not apply to a citation of a source of kind 'article' (it may have section, paragraph)"),
    ("unknown cited source", _set("events.0.source.source", "acled"), "events[0].source.source: unknown source 'acled'"),
    ("article citation without paragraph", lambda d: d["events"][0]["source"].pop("paragraph"), "events[0].source.paragraph: a citation of a source of kind 'article' needs paragraph"),
    ("citation field null", _set("events.0.source.note", None), "events[0].source: note is null; leave a citation's field out when it does not apply"),
    ("citation without source", _set("events.0.source", {"section": "lead", "paragraph": 1}), "events[0].source.source: Field required"),
    ("no sources", _set("meta.sources", []), "meta.sources: List should have at least 1 item"),
    ("version 1 source key in version 2", _set("meta.source", {"title": "x", "sections": []}), 'meta: unknown key "source"'),
    ("duplicate source", lambda d: d["meta"]["sources"].append({"id": "article", "kind": "manual", "title": "Me"}), "meta.sources[1].id: duplicate id 'article' (first used at meta.sources[0])"),
    ("sections of an acled source", _set("meta.sources.0.kind", "acled"), "meta.sources[0].sections: only an article has sections, not a source of kind 'acled'"),
    ("unknown kind", _set("meta.sources.0.kind", "wiki"), "meta.sources[0].kind: Input should be 'article', 'acled', 'ucdp' or 'manual'"),
    ("bad sha256", _set("meta.sources.0.sha256", "ABC"), "meta.sources[0].sha256: String should match pattern"),
    ("file with a directory", _set("meta.sources.0.file", "a/b.csv"), "meta.sources[0].file: String should match pattern"),
    ("best below min", _set("events.0.casualties.0.killed", {"min": 2, "best": 1, "max": 3}), "events[0].casualties[0].killed: a range's best (1) is not between its min (2) and max (3)"),
    ("best null", _set("events.0.casualties.0.killed", {"min": 2, "best": None, "max": 3}), "events[0].casualties[0].killed: a range's best must be a whole number (leave it out when unknown), not null"),
    ("fatalities negative", _set("events.0.fatalities", -1), "events[0].fatalities: a count cannot be negative"),
    ("place precision unknown", _set("events.0.place_precision", "street"), "events[0].place_precision: Input should be"),
    ("code scheme", _set("actors.0.codes", {"UCDP": "7"}), "actors[0].codes: String should match pattern '^[a-z][a-z0-9_]*$' (got \"UCDP\")"),
    ("record cited twice", lambda d: (d["meta"]["sources"].append({"id": "me", "kind": "manual", "title": "Me"}), d["events"].append({**copy.deepcopy(d["events"][0]), "id": "e2"}), d["events"][0].update(also_in=[{"source": "me", "note": "n"}]), [e.update(source={"source": "ged", "record": "7"}) for e in d["events"]], d["meta"]["sources"].append({"id": "ged", "kind": "ucdp", "title": "GED"})), "events[1].source.record: record '7' of source 'ged' is also cited by events[0]"),
    ("UCDP's low on an article citation", _set("events.0.source.low", 7), "events[0].source.low: low does not apply to a citation of a source of kind 'article' (it may have section, paragraph)"),
    ("UCDP's high on a manual citation", lambda d: (d["meta"]["sources"].append({"id": "me", "kind": "manual", "title": "Me"}), d["events"][0].update(also_in=[{"source": "me", "high": 4}])), "events[0].also_in[0].high: high does not apply to a citation of a source of kind 'manual' (it may have note)"),
    ("UCDP's low and high in order with best", lambda d: _ucdp(d, 5, low=4, high=7), "events[0].source.low: low (4), best (5) and high (7) are in order: the event's fatalities hold them, and a citation keeps low and high only out of order"),
    ("UCDP's low and high equal to best", lambda d: _ucdp(d, {"min": 5, "best": 5, "max": 5}, low=5, high=5), "events[0].source.low: low (5), best (5) and high (5) are in order"),
    ("UCDP's low without high", lambda d: _ucdp(d, {"min": 5, "best": 5, "max": 7}, low=7), "events[0].source.high: a citation with low needs high too"),
    ("UCDP's high without low", lambda d: _ucdp(d, {"min": 4, "best": 5, "max": 5}, high=4), "events[0].source.low: a citation with high needs low too"),
    ("UCDP's low and high beside no best", lambda d: _ucdp(d, {"min": 4, "max": 7}, low=7, high=4), "events[0].source.low: low and high are kept only beside the event's fatalities best, which it lacks"),
    ("UCDP's low and high beside no fatalities", lambda d: _ucdp(d, None, low=7, high=4), "events[0].source.low: low and high are kept only beside"),
    ("change of unknown source", _set("meta.changes", [{"at": "2026-12-01T08:00:00Z", "source": "acled", "file": "x.csv", "sha256": "0" * 64, "rule": "none", "added": 0, "changed": 0, "deleted": 0, "unchanged": 0}]), "meta.changes[0].source: unknown source 'acled'"),
    ("change at no real time", _set("meta.changes", [{"at": "2026-12-01T25:00:00Z", "source": "article", "file": "x.csv", "sha256": "0" * 64, "rule": "none", "added": 0, "changed": 0, "deleted": 0, "unchanged": 0}]), "meta.changes[0].at: '2026-12-01T25:00:00Z' is not a real time"),
    ("change rule", _set("meta.changes", [{"at": "2026-12-01T08:00:00Z", "source": "article", "file": "x.csv", "sha256": "0" * 64, "rule": "guess", "added": 0, "changed": 0, "deleted": 0, "unchanged": 0}]), "meta.changes[0].rule: Input should be"),
]


@pytest.mark.parametrize(("label", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_caught_with_its_location(label: str, mutate: Mutation, expected: str) -> None:
    data = minimal_store()
    mutate(data)
    problems = _problems(data)
    assert any(p.startswith(expected) for p in problems), problems


def test_the_headline_names_the_first_problem_and_counts_the_rest() -> None:
    data = minimal_store()
    data["events"][0]["casualties"][0]["killed"] = -1
    data["events"][0]["casualties"][0]["injured"] = "3"
    with pytest.raises(StoreError) as exc:
        build(data, Path("s.json"))
    assert exc.value.message == (
        "s.json is not a valid store: events[0].casualties[0].killed: a count cannot be negative (got -1) "
        "(and 1 more problem; run 'dezzor validate' to list them)"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "s.json is empty"),
        (b"   \n\t ", "s.json is empty"),
        (b'{"meta": ', "s.json is not valid JSON: ends too early at line 1 column 10"),
        (b'{"a": 1} xyz', "s.json is not valid JSON: extra data at line 1 column 10"),
        (b'\xef\xbb\xbf{"a": 1}', "s.json starts with a byte-order mark"),
        ('{"a": 1}'.encode("utf-16"), "s.json looks like UTF-16 or UTF-32"),
        (b'{"a": "\xff"}', "s.json is not valid UTF-8 (byte 7, line 1)"),
        (b'{"a": NaN}', "s.json is not valid JSON: NaN is not valid JSON"),
        (b'{"a": -Infinity}', "s.json is not valid JSON: -Infinity is not valid JSON"),
        (b'{"a": 1, "a": 2}', "s.json has a duplicate key 'a' in one object"),
        (b"[1, 2]", "s.json must hold a JSON object with meta, actors, places and events, not an array"),
        (b'"text"', "s.json must hold a JSON object with meta, actors, places and events, not a string"),
        (b"[" * 100_000 + b"]" * 100_000, "s.json is nested too deeply to be a store"),
        (b'{"a": 1' + b"0" * 5000 + b"}", "s.json is not valid JSON: Exceeds the limit"),
        (b'{"a": "\\ud800"}', "s.json: a: a string holds a lone UTF-16 surrogate"),
    ],
)
def test_bad_bytes_get_one_clear_message(raw: bytes, expected: str) -> None:
    with pytest.raises(StoreError) as exc:
        parse(raw, Path("s.json"))
    assert exc.value.message.startswith(expected), exc.value.message
    assert "\n" not in exc.value.message


def test_many_invalid_events_give_a_short_message(tmp_path: Path) -> None:
    data = minimal_store()
    bad = copy.deepcopy(data["events"][0])
    bad["casualties"][0]["killed"] = "x"
    data["events"] = [dict(bad, id=f"e{i}") for i in range(20_000)]
    with pytest.raises(StoreError) as exc:
        build(json.loads(json.dumps(data)), Path("s.json"))
    assert len(exc.value.details) == 1000 and exc.value.total == 20_000  # the rest are counted, not formatted
    assert exc.value.message.endswith("(and 19999 more problems; run 'dezzor validate' to list them)")
    assert len(exc.value.message) < 300


# ------------------------------------------------------------------ the quick pass agrees with the checks

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_REF = st.sampled_from(["alpha", "alpha-unit", "bravo", "town", "north", "nobody", None])
_DAY = st.sampled_from(["2024-12-01", "2024-12-02", "2024-12-05", "2024-12-08", "2024-12-31", "2025-01-01",
                        "2024-01-01", "2024-12-31", None])


def _perturbations(data: st.DataObject) -> dict[str, Any]:
    """Changes that may or may not break a cross-record rule, keyed by what they touch."""
    return {
        "second id": lambda d: d["events"][1].update(id="e1"),
        "change": lambda d: d["events"][1]["control_changes"][0].update(
            place=data.draw(_REF.filter(lambda x: x is not None)), **{"from": data.draw(_REF)}, to=data.draw(_REF)),
        "change claim": lambda d: d["events"][1]["control_changes"][0].update(
            certainty=data.draw(st.sampled_from(["reported", "claimed"])), claimed_by=data.draw(_REF)),
        "dates": lambda d: d["events"][0].update(
            date=data.draw(_DAY.filter(lambda x: x is not None)), date_end=data.draw(_DAY),
            precision=data.draw(st.sampled_from(["day", "range", "week", "month", "year"]))),
        "actor": lambda d: d["events"][0]["actors"][0].update(actor=data.draw(_REF.filter(lambda x: x is not None))),
        "place": lambda d: d["events"][0].update(places=[data.draw(_REF.filter(lambda x: x is not None))]),
        "claim": lambda d: d["events"][0].update(certainty=data.draw(st.sampled_from(["reported", "claimed", "alleged"])),
                                                 claimed_by=data.draw(_REF)),
        "casualty": lambda d: d["events"][0]["casualties"][0].update(
            party=data.draw(_REF), claimed_by=data.draw(_REF), killed=data.draw(st.sampled_from([None, 0, 3]))),
        "source": lambda d: d["events"][0].update(source={"source": "article", "section": data.draw(st.sampled_from(["lead", "other"])),
                                                          "paragraph": data.draw(st.integers(1, 7))}),
        "second source": lambda d: d["meta"]["sources"].append({
            "id": data.draw(st.sampled_from(["article", "acled", "ged"])),
            "kind": data.draw(st.sampled_from(["article", "acled", "ucdp", "manual"])), "title": "Another",
            "sections": data.draw(st.sampled_from([[], [{"heading": "lead", "paragraphs": 2}]]))}),
        "no sections": lambda d: d["meta"]["sources"][0].update(sections=[]),
        "kind": lambda d: d["meta"]["sources"][0].update(kind=data.draw(st.sampled_from(["acled", "ucdp", "manual"]))),
        "citation": lambda d: d["events"][data.draw(st.integers(0, 1))].update(source={
            "source": data.draw(st.sampled_from(["article", "acled", "ged"])),
            **data.draw(st.sampled_from([{}, {"record": "r1"}, {"record": "r1", "line": 3}, {"note": "by hand"},
                                         {"section": "lead"}, {"relid": "x", "number_of_sources": 0},
                                         {"scale": "National", "timestamp": 0}, {"low": 7, "high": 4},
                                         {"record": "r2", "low": 1, "high": 9}, {"low": 3}]))}),
        "fatalities": lambda d: d["events"][data.draw(st.integers(0, 1))].update(fatalities=data.draw(st.sampled_from(
            [None, 5, {"min": 4, "best": 5, "max": 7}, {"min": 1, "max": 9}, {"min": 1, "best": 3, "max": 9}]))),
        "also in": lambda d: d["events"][0].update(also_in=[{"source": data.draw(st.sampled_from(["article", "acled"])),
                                                             "record": "r1"}]),
        "change log": lambda d: d["meta"].update(changes=[{
            "at": data.draw(st.sampled_from(["2026-12-01T08:00:00Z", "2026-02-30T08:00:00Z"])),
            "source": data.draw(st.sampled_from(["article", "acled"])), "file": "x.csv", "sha256": "0" * 64,
            "rule": "none", "added": 0, "changed": 0, "deleted": 0, "unchanged": 0}]),
        "parent": lambda d: d["actors"][1].update(parent=data.draw(st.sampled_from(["alpha", "alpha-unit", "nobody", None]))),
        "side": lambda d: d["actors"][2].update(side=data.draw(st.sampled_from(["red", "blue", "green", None]))),
        "holder": lambda d: d["places"][2].update(initial_holder=data.draw(_REF)),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_quick_pass_says_clean_exactly_when_no_check_finds_a_problem(data: st.DataObject) -> None:
    from dezzor_cli.store import checks as validate
    from dezzor_cli.store.model import Store

    d = minimal_store()
    d["events"].append({**copy.deepcopy(d["events"][0]), "id": "e2", "date": "2024-12-08", "casualties": [],
                        "control_changes": [{"place": "town", "from": "bravo", "to": "alpha"}]})
    changes = _perturbations(data)
    for name in data.draw(st.lists(st.sampled_from(sorted(changes)), max_size=3, unique=True)):
        changes[name](d)
    try:
        store = Store.model_validate(d)
    except Exception:  # a draw the models refuse (e.g. a place where an actor belongs) is not this test's business
        return
    detailed = [p for check in (validate._unique_ids, validate._references, validate._cycles, validate._names,
                                validate._dates, validate._claims, validate.meta_sources, validate.sources,
                                validate.unique_records, validate._control_sequence)
                for p in check(store)]
    event("clean" if not detailed else "has problems")
    assert validate._clean(store) == (not detailed), detailed
    assert validate.check_store(store) == detailed


def test_the_kind_type_lists_exactly_the_sub_event_types() -> None:
    import typing

    from dezzor_cli.store.vocab import SUB_EVENT_TYPES, Kind

    assert typing.get_args(Kind) == tuple(SUB_EVENT_TYPES)


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F)))
def test_the_ascii_fast_path_of_normalise_agrees_with_the_full_one(name: str) -> None:
    import unicodedata

    from dezzor_cli.store.vocab import normalise

    decomposed = unicodedata.normalize("NFKD", name)
    full = "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()
    assert normalise(name) == full
