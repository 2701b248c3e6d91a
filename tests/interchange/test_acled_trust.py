"""ACLED import that never answers wrong in silence, writes nothing nobody asked for and loses nothing.

* a quote left open swallows no rows unnoticed: the file ending inside a quoted cell is an
  error with its line numbers, and a cell holding whole rows of the file is that row's error;
* every row-level problem is a row error that --skip-bad skips, naming the input line (never
  the output file): tags giving one figure two certainties, an inter code like "²", an
  event the store would refuse;
* ACLED -> dezzor -> ACLED gives back the same cells in every column the store models, on the
  bundled store, on bench/generate.py's stores and on hypothesis-made ones;
* the CSV is read as a stream of rows, and the store written piece by piece.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dezzor_cli.errors import StoreError
from dezzor_cli.interchange import batches
from dezzor_cli.interchange.acled import ACLED_COLUMNS, export_rows, import_rows, read_csv, to_csv
from dezzor_cli.interchange.acled.columns import NO_NOTES, acled_name
from dezzor_cli.store.model import SUB_EVENT_TYPES, Store
from dezzor_cli.store.read import build, load
from dezzor_cli.store.vocab import ActorType, normalise

from ..conftest import Result, generated_store
from .test_interchange import BUNDLED, HEADER, acled_line

Run = Callable[..., Result]

# Every column: since schema 2 an imported event's citation keeps ACLED's event_id_cnty, source, source_scale and
# timestamp, and the export writes them back (a store made otherwise cites itself, with scale "Other" and time 0).
MODELLED = list(ACLED_COLUMNS)
ACLED_KINDS = sorted(k for k, t in SUB_EVENT_TYPES.items() if t != "Organised violence")  # not UCDP's
TWO_CERTAINTIES = "give the fatalities two certainties, and a store keeps one"


def _line(cells: dict[str, Any], **raw: str) -> str:
    """An ACLED row (acled_line's defaults), with ``raw`` text put in place of whole cells, unquoted."""
    marked = {c: f"@{c}@" for c in raw}
    line = acled_line(**{**cells, **marked})
    for c, text in raw.items():
        line = line.replace(f"@{c}@", text)
    return line


# --------------------------------------------------------------------------- a quote left open


def test_a_file_ending_inside_a_quoted_cell_is_an_error_with_line_numbers(run: Run, tmp_path: Path) -> None:
    text = (
        HEADER + "\n"
        + acled_line(event_id_cnty="SYR1")  # line 2
        + _line({"event_id_cnty": "SYR2"}, timestamp='"1733300000')  # line 3: the last column's quote never closes
        + acled_line(event_id_cnty="SYR3")  # line 4
        + acled_line(event_id_cnty="SYR4")  # line 5
    )
    expected = (
        "the ACLED CSV ends inside a quoted cell: the quote that opens the timestamp cell on line 3 is never closed, "
        "so lines 3-5 would be read as one row; close or remove that quote"
    )
    for skip_bad in (False, True):  # no row can be trusted after it: --skip-bad cannot help
        with pytest.raises(StoreError) as info:
            import_rows(text, skip_bad=skip_bad)
        assert info.value.message == expected

    src, out = tmp_path / "open.csv", tmp_path / "out.json"
    src.write_text(text, encoding="utf-8")
    for extra in ([], ["--skip-bad"]):
        r = run("import", "acled", str(src), "--out", str(out), *extra)
        assert (r.code, r.err) == (1, f"dezzor: error: {expected}\n")
        assert not out.exists() and list(tmp_path.iterdir()) == [src]  # nothing written, no temporary file left


def test_a_cell_holding_whole_rows_is_that_rows_error() -> None:
    text = (
        HEADER + "\n"
        + acled_line(event_id_cnty="SYR1")  # line 2
        + _line({"event_id_cnty": "SYR2"}, notes='"Clashes near the dam')  # line 3: a quote opens, not closed
        + acled_line(event_id_cnty="SYR3")  # line 4
        + acled_line(event_id_cnty="SYR4")  # line 5
        + _line({"event_id_cnty": "SYR5"}, notes='fighting"')  # line 6: a stray quote closes it, a comma follows
        + acled_line(event_id_cnty="SYR6")  # line 7
    )
    message = (
        "its notes cell runs over lines 3-6 and holds whole rows of the file "
        "(a quote in it is not closed where the cell should end)"
    )
    with pytest.raises(StoreError) as info:
        import_rows(text, skip_bad=False)
    assert info.value.message == f"1 bad row in the ACLED CSV: line 3: {message}; rerun with --skip-bad to leave them out"
    data, problems = import_rows(text, skip_bad=True)
    assert problems == [(3, message)]
    assert [e["id"] for e in data["events"]] == ["syr1", "syr6"]  # the swallowed rows are named in the message


def test_a_quote_followed_by_text_is_that_rows_error() -> None:
    text = (
        HEADER + "\n"
        + _line({"event_id_cnty": "SYR1"}, notes='"Clashes" in the city')  # line 2
        + acled_line(event_id_cnty="SYR2")  # line 3
    )
    data, problems = import_rows(text, skip_bad=True)
    assert [n for n, _ in problems] == [2]
    assert problems[0][1].startswith("is not valid CSV: a quote is followed by other text where a comma should be")
    assert [e["id"] for e in data["events"]] == ["syr2"]


# --------------------------------------------------------------------------- row problems are row errors


def test_two_certainties_for_the_fatalities_are_a_row_error_skip_bad_skips(run: Run, tmp_path: Path) -> None:
    tags = "fatalities claimed by SDF: Syrian Democratic Forces; fatalities alleged"
    text = HEADER + "\n" + acled_line(event_id_cnty="SYR1") + acled_line(event_id_cnty="SYR2", tags=tags)
    message = ("the tags 'fatalities claimed by SDF: Syrian Dem...' and 'fatalities alleged' give the fatalities "
               "two certainties, and a store keeps one")
    with pytest.raises(StoreError) as info:
        import_rows(text, skip_bad=False)
    assert info.value.details == [f"line 3: {message}"]
    data, problems = import_rows(text, skip_bad=True)
    assert problems == [(3, message)]
    assert [e.id for e in build(data, Path("x.json")).events] == ["syr1"]

    src, out = tmp_path / "tags.csv", tmp_path / "out.json"
    src.write_text(text, encoding="utf-8")
    r = run("import", "acled", str(src), "--out", str(out))
    assert r.code == 1 and f"line 3: {message}" in r.err and str(out) not in r.err and not out.exists()
    r = run("import", "acled", str(src), "--out", str(out), "--skip-bad")
    assert r.code == 0 and f"skipped line 3: {message}" in r.err and "1 event, 2 actors, 5 places" in r.err
    assert [e["id"] for e in json.loads(out.read_text(encoding="utf-8"))["events"]] == ["syr1"]


@pytest.mark.parametrize("tags", ["claimed by Islamic State; alleged", "claimed by A; claimed by B"])
def test_two_certainties_for_the_event_are_a_row_error(tags: str) -> None:
    _, problems = import_rows(HEADER + "\n" + acled_line() + acled_line(event_id_cnty="SYR2", tags=tags), skip_bad=True)
    assert [n for n, _ in problems] == [3] and "give the event two certainties" in problems[0][1]


@pytest.mark.parametrize("inter", ["²", "١", "٣"])
def test_an_inter_code_of_other_digits_is_a_row_error(run: Run, tmp_path: Path, inter: str) -> None:
    text = HEADER + "\n" + acled_line() + acled_line(event_id_cnty="SYR2", inter1=inter)
    data, problems = import_rows(text, skip_bad=True)
    assert problems == [(3, f"inter1 {inter!r} is not an ACLED actor type (1-8 or its name)")]
    assert len(data["events"]) == 1
    src = tmp_path / "inter.csv"
    src.write_text(text, encoding="utf-8")
    r = run("import", "acled", str(src), "--out", str(tmp_path / "out.json"))
    assert r.code == 1 and "line 3: inter1" in r.err and "internal error" not in r.err


def test_an_event_the_store_would_refuse_is_that_rows_error() -> None:
    # ACLED's date is fine, but the week time_precision 2 stands for ends past the store's last year.
    text = HEADER + "\n" + acled_line() + acled_line(event_id_cnty="SYR2", event_date="9998-12-30", time_precision=2)
    with pytest.raises(StoreError) as info:
        import_rows(text, skip_bad=False)
    assert info.value.details == [
        "line 3: makes an event that is not valid: date_end: '9999-01-05' is too far in the future (years up to 9998)"
    ]
    data, problems = import_rows(text, skip_bad=True)
    assert [n for n, _ in problems] == [3] and len(data["events"]) == 1


def test_a_store_that_would_not_validate_names_the_input_line(monkeypatch: pytest.MonkeyPatch, run: Run,
                                                              tmp_path: Path) -> None:
    """The final validation should never fail for a row; if it does (here: a bug planted), it names the line."""
    from dezzor_cli.interchange.acled import write

    final = write._final

    def broken(event: dict[str, Any], *args: Any) -> dict[str, Any]:
        out = final(event, *args)
        if out["id"] == "syr2":
            out["summary"] = ""
        return out

    monkeypatch.setattr(write, "_final", broken)
    text = HEADER + "\n" + acled_line() + acled_line(event_id_cnty="SYR2")
    with pytest.raises(StoreError) as info:
        import_rows(text, skip_bad=False)
    assert info.value.message.startswith("line 3: the store made from the ACLED CSV would not be valid (events[1].summary")
    src, out = tmp_path / "in.csv", tmp_path / "out.json"
    src.write_text(text, encoding="utf-8")
    out.write_text("the old store", encoding="utf-8")
    r = run("import", "acled", str(src), "--out", str(out), "--force")
    assert r.code == 1 and r.err.startswith("dezzor: error: line 3: the store made from the ACLED CSV would not be valid")
    assert out.read_text(encoding="utf-8") == "the old store" and sorted(tmp_path.iterdir()) == [src, out]


# --------------------------------------------------------------------------- the round trip


def _cells(text: str) -> dict[str, dict[str, str]]:
    return {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def assert_same_cells(store: Store) -> int:
    """Every row comes back with the same cells in every modelled column, or is refused for two certainties.

    A row whose fatalities the export tags with two certainties (casualties of one event
    claimed by two parties, or claimed and alleged) cannot be read back: ACLED gives one
    total, a store one certainty per figure.  Those rows are the import's row errors.
    Returns how many rows came back.
    """
    first = to_csv(export_rows(store))
    before = _cells(first)
    two = {i for i, r in before.items() if sum(t.startswith("fatalities ") for t in r["tags"].split("; ")) > 1}
    if two == set(before):
        with pytest.raises(StoreError, match=r"^no usable row in the ACLED CSV: all .* two certainties"):
            import_rows(first, skip_bad=True)
        return 0
    data, problems = import_rows(first, skip_bad=True)
    after = _cells(to_csv(export_rows(build(data, Path("back.json")))))
    assert set(before) - set(after) == two
    assert len(problems) == len(two) and all(TWO_CERTAINTIES in m for _, m in problems)
    for i, row in after.items():
        assert {c: row[c] for c in MODELLED} == {c: before[i][c] for c in MODELLED}, i
    return len(after)


def test_round_trip_of_the_bundled_store_keeps_every_modelled_cell() -> None:
    store = load(BUNDLED).store
    assert assert_same_cells(store) == len(store.events)


def test_round_trip_of_a_generated_store_keeps_every_modelled_cell(tmp_path: Path) -> None:
    store = load(generated_store(tmp_path, 1500, seed=3)).store
    assert assert_same_cells(store) > 1400


def test_round_trip_of_acled_rows_keeps_time_precision_and_names_shared_with_areas() -> None:
    """ACLED's own rows: time_precision 2 and 3, a city named like its subdistrict, district and governorate,
    points of geo_precision 2 and 3 (on the area they stand for, or on a place of their own when areas disagree)."""
    text = HEADER + "\n" + "".join(acled_line(**{"event_date": "2024-12-04", **cells}) for cells in [
        {"event_id_cnty": "syr1", "time_precision": 2},
        {"event_id_cnty": "syr2", "time_precision": 3, "event_date": "2024-11-01"},
        {"event_id_cnty": "syr3", "time_precision": 3, "event_date": "2024-11-17", "geo_precision": 2},
        {"event_id_cnty": "syr4", "location": "Hajin", "latitude": "34.69", "longitude": "40.83", "geo_precision": 3},
        {"event_id_cnty": "syr5", "location": "Hajin", "latitude": "34.69", "longitude": "40.83", "geo_precision": 3,
         "admin3": "Hajin"},
        {"event_id_cnty": "syr6", "notes": "", "tags": "fatalities claimed by Islamic State", "fatalities": 0},
    ])  # fmt: skip
    data, _ = import_rows(text, skip_bad=False)
    store = build(data, Path("x.json"))
    again = _cells(to_csv(export_rows(store)))
    for eid, row in _cells(text).items():
        assert {c: again[eid][c] for c in MODELLED} == {c: row[c] for c in MODELLED}, eid
    e1, e2, e3 = store.events[:3]
    assert (e1.precision.value, e1.date.isoformat(), e1.end.isoformat()) == ("range", "2024-12-04", "2024-12-10")
    assert (e2.precision.value, e2.end.isoformat()) == ("month", "2024-11-30")
    assert (e3.precision.value, e3.end.isoformat()) == ("range", "2024-12-17")
    names = sorted(p.name for p in store.places)
    assert "Deir-ez-Zor (location)" in names  # a store keeps names unique; the export takes the qualifier off
    assert acled_name("Deir-ez-Zor (location)", "location") == "Deir-ez-Zor"


# A store made by hypothesis: a place tree of ACLED's levels (and places between them the export does
# not name), actors of every type, events of every precision, certainty and role.

_ACTOR_NAMES = [
    "Rebel Front", "National Army", "Civilians (Syria)", "Civilian Council", "Protesters (Syria)", "Rioters",
    "داعش", "Ḥizb Allāh", "Town Militia", "Foreign Ally", "Farmers (Syria)", "Actor 2", "N/A Brigade",
    'The "Lions"', "Al-Quds, Brigade",
]  # fmt: skip
_PLACE_NAMES = [
    "Deir ez-Zor", "Hajin", "Abu Kamal", "Mayadin", "Al-Sawr", "Raqqa", "Tabqa", "Khasham", "Ghariba", "Palmyra",
    "Damascus", "Homs", "Ḥasakah", "Qamishli", "Manbij", "Kobani", "Jarablus", "Azaz", "Al-Omar", "Koniko",
    "Diban", "Shaddadi", "Tanf", "Bishri", "Hatla", "Mrat",
]  # fmt: skip
_SUMMARY = st.one_of(
    st.just(NO_NOTES),
    st.text(alphabet=st.sampled_from('ab ,;"\'\n\r\tدé=-'), min_size=1, max_size=30),  # no line can hold 31 cells
)
_POINT = st.one_of(st.none(), st.tuples(st.floats(-90, 90), st.floats(-180, 180)))


@st.composite
def _places(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = iter(draw(st.permutations(_PLACE_NAMES)))
    land = draw(st.sampled_from(["Syria", "Iraq"]))
    levels = ("governorate", "district", "subdistrict") if land == "Syria" else ("province", "district", "nahiya")
    places: list[dict[str, Any]] = []

    def add(ptype: str, parent: str | None, point: tuple[float, float] | None) -> str:
        pid = f"pl{len(places)}"
        record: dict[str, Any] = {"id": pid, "name": land if parent is None else next(names), "type": ptype}
        if parent is not None:
            record["parent"] = parent
        if point is not None:
            record["lat"], record["lon"] = point
        places.append(record)
        return pid

    root = add("country", None, draw(_POINT))
    for _ in range(draw(st.integers(1, 2))):
        g = add(levels[0], root, draw(_POINT))
        for _ in range(draw(st.integers(0, 2))):
            d = add(levels[1], g, draw(_POINT))
            if draw(st.booleans()):
                add(levels[2], d, draw(_POINT))
    areas = [p["id"] for p in places]
    for _ in range(draw(st.integers(1, 4))):  # locations, some inside a place the export does not name
        parent = draw(st.sampled_from(areas))
        if draw(st.booleans()):
            parent = add(draw(st.sampled_from(["area", "region"])), parent, None)
        add(draw(st.sampled_from(["town", "village", "region", "oil field"])), parent, draw(_POINT))
    return places


@st.composite
def _stores(draw: st.DrawFn) -> dict[str, Any]:
    actor_names = draw(st.lists(st.sampled_from(_ACTOR_NAMES), min_size=1, max_size=6, unique_by=normalise))
    actors = [{"id": f"zz{i}", "name": n, "type": draw(st.sampled_from(list(ActorType))).value}
              for i, n in enumerate(actor_names)]
    ids = [a["id"] for a in actors]
    places = draw(_places())

    def certainty() -> dict[str, Any]:
        level = draw(st.sampled_from(["reported", "alleged", "claimed"]))
        return {"certainty": level, **({"claimed_by": draw(st.sampled_from(ids))} if level == "claimed" else {})}

    events = []
    for i in range(draw(st.integers(1, 8))):
        day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
        precision = draw(st.sampled_from(["day", "range", "week", "month", "year"]))
        end = None
        if precision == "range":
            end = day + dt.timedelta(days=draw(st.integers(1, 40)))
        elif precision == "week":
            day -= dt.timedelta(days=day.weekday())
            end = day + dt.timedelta(days=6)
        elif precision == "month":
            day = day.replace(day=1)
            end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        elif precision == "year":
            day, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        roles = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(
            ["initiator", "target", "supporter", "participant"])), max_size=4, unique=True))
        casualties = []
        for _ in range(draw(st.integers(0, 3))):
            killed = draw(st.one_of(st.none(), st.integers(0, 30), st.builds(
                lambda lo, more: {"min": lo, "max": None if more is None else lo + more},
                st.integers(0, 9), st.one_of(st.none(), st.integers(0, 9)))))
            counts = {"killed": killed} if killed is not None else {"injured": draw(st.integers(0, 9))}
            casualties.append({"party": draw(st.one_of(st.none(), st.sampled_from(ids))), **counts, **certainty()})
        event: dict[str, Any] = {
            "id": draw(st.sampled_from([f"e{i}", f"e--{i}", f"{i}-x-"])),
            "date": day.isoformat(), "precision": precision, "kind": draw(st.sampled_from(ACLED_KINDS)),
            "actors": [{"actor": a, "role": r} for a, r in roles],
            "places": draw(st.lists(st.sampled_from([p["id"] for p in places]), max_size=2, unique=True)),
            "casualties": casualties, **certainty(),
            "summary": draw(_SUMMARY), "source": {"section": "body", "paragraph": 1},
        }  # fmt: skip
        if end is not None:
            event["date_end"] = end.isoformat()
        events.append(event)
    unique_events = list({e["id"]: e for e in events}.values())
    return {
        "meta": {
            "title": "Made by hypothesis", "period": {"start": "1990-01-01", "end": "2030-12-31"}, "result": "",
            "source": {"title": "Notes", "sections": [{"heading": "body", "paragraphs": 1}]}, "schema_version": 1,
        },
        "actors": actors, "places": places, "events": unique_events,
    }  # fmt: skip


@settings(max_examples=int(os.environ.get("DEZZOR_ROUND_TRIP_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_stores())
def test_round_trip_of_made_stores_keeps_every_modelled_cell(data: dict[str, Any]) -> None:
    assert_same_cells(build(data, Path("made.json")))


# --------------------------------------------------------------------------- streaming


class _OneWay(io.RawIOBase):
    """A stream that hands out its bytes only in pieces (``read()`` of everything is refused)."""

    def __init__(self, data: bytes, at_end: Callable[[], None]) -> None:
        self.data, self.pos, self.at_end = data, 0, at_end

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and 0 < size <= 1 << 16, f"read({size}): the import must read in pieces"
        piece = self.data[self.pos : self.pos + size]
        self.pos += len(piece)
        if not piece:
            self.at_end()
        return piece


def test_the_import_reads_rows_as_they_come(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batches, "BATCH", 50)
    text = HEADER + "\n" + "".join(acled_line(event_id_cnty=f"SYR{i}", notes=f"Row {i}. " * 20) for i in range(600))
    spool = io.BytesIO()
    seen: list[int] = []
    source = _OneWay(text.encode("utf-8"), lambda: seen.append(spool.tell()))
    imported = read_csv(source, skip_bad=False, spool=spool)
    assert len(text) > 3 * (1 << 16)
    assert seen and seen[0] > len(text) // 2  # most rows were built and spooled before the input ended
    data = json.loads(b"".join(imported.chunks()))
    assert [e["id"] for e in data["events"]] == [f"syr{i}" for i in range(600)]


def test_the_store_is_written_in_pieces_that_make_the_usual_json() -> None:
    text = to_csv(export_rows(load(BUNDLED).store))
    imported = read_csv(io.BytesIO(text.encode("utf-8")), skip_bad=False, spool=io.BytesIO())
    pieces = list(imported.chunks())
    assert len(pieces) >= 3
    whole = b"".join(pieces).decode("utf-8")
    data = json.loads(whole)
    head, _, events = whole.partition(' "events": [\n')
    assert head == json.dumps({k: data[k] for k in ("meta", "sides", "actors", "places")},
                              ensure_ascii=False, indent=1)[:-2] + ",\n"
    assert events.splitlines()[: len(data["events"])] == [
        f"  {json.dumps(e, ensure_ascii=False)}" + ("," if i < len(data["events"]) - 1 else "")
        for i, e in enumerate(data["events"])
    ]


def test_bad_utf8_names_the_byte_and_line_across_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    from dezzor_cli.interchange import csvstream

    monkeypatch.setattr(csvstream, "CHUNK", 7)  # a character cut between pieces is no error; a bad byte is
    good = (HEADER + "\n" + acled_line(notes="Déjà vu in Dayr az-Zawr")).encode("utf-8")
    assert len(import_rows(good.decode("utf-8"), skip_bad=False)[0]["events"]) == 1
    bad = good + b"SYR2,\xff\n"
    with pytest.raises(StoreError, match=rf"^x.csv is not valid UTF-8 \(byte {len(good) + 5}, line 3\)$"):
        read_csv(io.BytesIO(bad), skip_bad=True, spool=io.BytesIO(), name="x.csv")


# --------------------------------------------------------------------------- fuzz

_ODD = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_FUZZ_CELLS: dict[str, st.SearchStrategy[str]] = {
    "event_id_cnty": st.one_of(st.sampled_from(["SYR1", "SYR2", "e--1", "x", "É", "-"]), _ODD),
    "event_date": st.one_of(st.sampled_from(
        ["2024-12-03", "3 Dec 2024", "9998-12-31", "9999-12-31", "٢٠٢٤-١٢-٠٣", "31 February 2024"]), _ODD),
    "time_precision": st.sampled_from(["", "1", "2", "3", "4", "²"]),
    "sub_event_type": st.one_of(st.sampled_from(ACLED_KINDS), _ODD),
    "actor1": st.one_of(st.sampled_from(["Civilians (Syria)", "N/A", "", "داعش", "A; B"]), _ODD),
    "assoc_actor_1": st.one_of(st.sampled_from(["", "A; B", "; ;", "Civilians (Syria)"]), _ODD),
    "inter1": st.sampled_from(["", "0", "1", "7", "9", "²", "١", "Civilians", "Rebel Groups", "x"]),
    "actor2": st.one_of(st.sampled_from(["", "Civilians (Syria)", "Actor 2", "actor-2"]), _ODD),
    "assoc_actor_2": st.sampled_from(["", "Actor 2", "Actor2; actor 2", "Farmers"]),
    "inter2": st.sampled_from(["", "2", "7", "8", "N/A"]),
    "civilian_targeting": st.sampled_from(["", "Civilian targeting"]),
    "country": st.sampled_from(["", "Syria", "Iraq", "syria"]),
    "admin1": st.sampled_from(["", "Deir-ez-Zor", "Syria", "-", "Hajin (governorate)"]),
    "admin2": st.sampled_from(["", "Deir-ez-Zor", "Abu Kamal"]),
    "admin3": st.sampled_from(["", "Deir-ez-Zor", "Hajin"]),
    "location": st.one_of(st.sampled_from(["Deir-ez-Zor", "Syria", "Hajin", "", "Hajin (location)"]), _ODD),
    "latitude": st.sampled_from(["", "35.3", "-91", "nan", "inf", "35,3", "0", "1e400"]),
    "longitude": st.sampled_from(["", "40.1", "181", "40.2"]),
    "geo_precision": st.sampled_from(["", "1", "2", "3", "7"]),
    "fatalities": st.sampled_from(["0", "3", "", "-1", "2.0", "999999999", "١٢", "²"]),
    "notes": st.one_of(_ODD, st.just(NO_NOTES)),
    "tags": st.sampled_from([
        "", "alleged", "claimed by Actor 2", "claimed by Nobody", "fatalities alleged; x", "alleged; claimed by A",
        "fatalities claimed by A; fatalities alleged", "fatalities claimed by ", "claimed by " + "x" * 600,
    ]),
}  # fmt: skip
_MUTATIONS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(['"', ",", "\n", "\r", '""', "", "\x00", "é"])),
                      max_size=3)


@settings(max_examples=int(os.environ.get("DEZZOR_FUZZ_EXAMPLES", "250")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries(_FUZZ_CELLS), min_size=1, max_size=5), _MUTATIONS)
def test_any_acled_text_imports_or_reports_its_rows(rows: list[dict[str, str]], mutations: list[tuple[int, str]]) -> None:
    """Random cells, then random quotes, commas, line ends put in or taken out: never a traceback."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ACLED_COLUMNS)
    for r in rows:
        writer.writerow([r.get(c, "0") for c in ACLED_COLUMNS])
    text = buf.getvalue()
    for at, piece in mutations:
        at = len(HEADER) + 2 + at % max(1, len(text) - len(HEADER) - 2)  # leave the header whole
        text = text[:at] + piece + text[at + (0 if piece else 1):]
    try:
        data, problems = import_rows(text, skip_bad=True)
    except StoreError as exc:
        assert "\n" not in exc.message
        return
    store = build(data, Path("fuzz.json"))
    assert all(isinstance(n, int) and n >= 2 and "\n" not in m for n, m in problems)
    assert len(store.events) == len(data["events"]) >= 1
