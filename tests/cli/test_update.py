"""dezzor update and cite from the command line, on generated ACLED-layout files (no real ACLED rows).

The sequence: import a first export, add an article event and a hand-coded one, then update with
a partial export (changed, new, nothing removed), with ACLED's deletions list, and with a complete
re-export of a period, checking the exact ids, the store's content, meta.changes, that the other
sources' events survive, that --dry-run and a store that would not validate write nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli import __version__

from ..conftest import Result, bundled_path
from ..interchange.test_interchange import HEADER, acled_line

Run = Callable[..., Result]

# A first export: five events in Deir ez-Zor and one in November.
V1 = [
    {"event_id_cnty": "SYR0", "event_date": "2024-11-20", "location": "Hajin", "latitude": "34.69", "longitude": "40.83"},
    {"event_id_cnty": "SYR1", "event_date": "2024-12-03"},
    {"event_id_cnty": "SYR2", "event_date": "2024-12-04", "fatalities": 1, "timestamp": 1733300000},
    {"event_id_cnty": "SYR3", "event_date": "2024-12-05", "notes": "Shelling."},
    {"event_id_cnty": "SYR4", "event_date": "2024-12-06", "notes": "A raid."},
]
# A newer, partial export: SYR1 again (unchanged, on another line), SYR2 changed, SYR5 new (a new actor
# and a new location); SYR0, SYR3 and SYR4 are not in it.
V2 = [
    {"event_id_cnty": "SYR5", "event_date": "2024-12-07", "actor1": "Islamic State (Syria)", "inter1": 2,
         "location": "Al-Susah", "latitude": "34.5", "longitude": "40.9", "notes": "An ambush."},
    {"event_id_cnty": "SYR1", "event_date": "2024-12-03"},
    {"event_id_cnty": "SYR2", "event_date": "2024-12-04", "fatalities": 5, "timestamp": 1733900000},
]


def _csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(HEADER + "\n" + "".join(acled_line(**r) for r in rows), encoding="utf-8")
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(run: Run, tmp_path: Path) -> Path:
    """The store of the first export, with an article source and event and a hand-coded event added."""
    out = tmp_path / "syria.json"
    r = run("import", "acled", str(_csv(tmp_path / "v1.csv", V1)), "--out", str(out))
    assert r.code == 0, r.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["meta"]["sources"] += [
        {"id": "article", "kind": "article", "title": "An article", "url": "https://example.org/a",
         "retrieved": "2024-12-20", "sections": [{"heading": "Lead", "paragraphs": 2}]},
        {"id": "hand", "kind": "manual", "title": "Coded by hand"},
    ]
    actor = doc["events"][0]["actors"][0]["actor"]
    doc["events"] += [
        {"id": "art-1", "date": "2024-12-05", "precision": "day", "kind": "Armed clash",
         "actors": [{"actor": actor, "role": "initiator"}], "places": [], "summary": "From the article.",
         "source": {"source": "article", "section": "Lead", "paragraph": 1}},
        {"id": "hand-1", "date": "2024-12-06", "precision": "day", "kind": "Armed clash",
         "actors": [{"actor": actor, "role": "initiator"}], "places": [], "summary": "Coded by hand.",
         "source": {"source": "hand", "note": "from a phone call"}},
    ]
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    assert run("validate", str(out)).code == 0
    return out


def _events(p: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in json.loads(p.read_text(encoding="utf-8"))["events"]}


def test_the_update_sequence(run: Run, store: Path, tmp_path: Path) -> None:
    others = {k: v for k, v in _events(store).items() if k in ("art-1", "hand-1")}
    v2 = _csv(tmp_path / "v2.csv", V2)

    # 1. a partial export, no rule: changed and added, nothing removed
    r = run("update", str(store), str(v2), "--retrieved", "2024-12-22", "-f", "json")
    assert r.code == 0, r.err
    assert r.json() == {"added": ["syr5"], "changed": ["syr2"], "deleted": [], "unchanged": 1}
    assert "deletions: none (no deletions file and no --complete): nothing is removed; 3 of the store's " \
           "records are absent from the export and kept" in r.err
    events = _events(store)
    assert list(events) == ["syr0", "syr1", "syr2", "art-1", "syr3", "hand-1", "syr4", "syr5"]
    assert events["syr2"]["source"]["timestamp"] == 1733900000
    assert [c["killed"] for c in events["syr2"]["casualties"]] == [5]
    assert events["syr1"]["source"]["line"] == 3  # the row's line in the newer file
    assert {k: events[k] for k in others} == others

    # 2. ACLED's deletions list: SYR3 goes, SYR9 is in neither
    dels = tmp_path / "deleted.csv"
    dels.write_text("event_id_cnty,deleted_timestamp\nSYR3,1733950000\nSYR9,1733950000\n", encoding="utf-8")
    r = run("update", str(store), str(v2), "--deletions", str(dels), "--retrieved", "2024-12-23", "-f", "json")
    assert r.code == 0, r.err
    assert r.json() == {"added": [], "changed": [], "deleted": ["syr3"], "unchanged": 3}
    assert "deletions: the deletions file: 1 listed record(s) of the store are removed; 1 listed record(s) are " \
           "in neither; records absent from the export are kept" in r.err

    # 3. a complete re-export of 2024-12-03..2024-12-07: SYR4 (absent, inside) goes, SYR0 (November) stays
    r = run("update", str(store), str(v2), "--complete", "--retrieved", "2024-12-24", "-f", "json")
    assert r.code == 0, r.err
    assert r.json() == {"added": [], "changed": [], "deleted": ["syr4"], "unchanged": 3}
    assert "deletions: complete re-export of 2024-12-03..2024-12-07 (--complete): 1 record(s) of the store " \
           "dated in that period and absent from the export are removed; 1 absent record(s) dated outside it " \
           "are kept" in r.err

    doc = json.loads(store.read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == ["syr0", "syr1", "syr2", "art-1", "hand-1", "syr5"]
    assert {e["id"]: e for e in doc["events"] if e["id"] in others} == others
    changes = doc["meta"]["changes"]
    assert [{k: c[k] for k in c if k != "at"} for c in changes] == [
        {"source": "acled", "file": "v2.csv", "sha256": _sha(v2), "rule": rule, "added": a, "changed": c,
         "deleted": d, "unchanged": u}
        for rule, a, c, d, u in (("none", 1, 1, 0, 1), ("deletions-file", 0, 0, 1, 3),
                                 ("complete-reexport", 0, 0, 1, 3))
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", c["at"]) for c in changes)
    acled = next(s for s in doc["meta"]["sources"] if s["id"] == "acled")
    assert (acled["file"], acled["sha256"], acled["retrieved"]) == ("v2.csv", _sha(v2), "2024-12-24")
    names = {a["id"]: a["name"] for a in doc["actors"]}
    syr5 = next(e for e in doc["events"] if e["id"] == "syr5")
    assert names[syr5["actors"][0]["actor"]] == "Islamic State (Syria)"
    assert run("validate", str(store)).code == 0


def test_a_store_made_before_schema_2_is_matched_on_its_ids(run: Run, tmp_path: Path) -> None:
    """A version 1 ACLED store (its citations a section and paragraph, ACLED's source text in the note)."""
    v1 = _csv(tmp_path / "v1.csv", V1)
    out = tmp_path / "old.json"
    assert run("import", "acled", str(v1), "--out", str(out)).code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    lines = max(e["source"]["line"] for e in doc["events"])
    doc["meta"] = {**{k: v for k, v in doc["meta"].items() if k != "sources"}, "schema_version": 1,
                   "source": {"title": "ACLED CSV file", "sections": [{"heading": "acled", "paragraphs": lines}]}}
    for e in doc["events"]:
        cite = e["source"]
        e["source"] = {"section": "acled", "paragraph": cite["line"]}
        e["note"] = f"ACLED source: {cite['reports']} (scale: {cite['scale']})"
        e.pop("fatalities")
        e.pop("place_precision")
    out.write_text(json.dumps(doc), encoding="utf-8")
    r = run("update", str(out), str(_csv(tmp_path / "v2.csv", V2)), "--complete", "-f", "json")
    assert r.code == 0, r.err
    # every known event gains its record, timestamp, fatalities and place precision: changed, honestly
    assert r.json() == {"added": ["syr5"], "changed": ["syr1", "syr2"], "deleted": ["syr3", "syr4"], "unchanged": 0}
    assert "5 event(s) of the store have no record (a store made before schema 2); 2 of them were matched" in r.err
    assert "is a version 1 store; it is read as version 2, and written so" in r.err
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["meta"]["schema_version"] == 2
    assert [e["source"].get("record") for e in written["events"]] == [None, "SYR1", "SYR2", "SYR5"]
    r = run("update", str(out), str(tmp_path / "v2.csv"), "--dry-run", "--complete", "-f", "csv")
    assert r.out.splitlines() == ["change,id,record,date"]  # nothing more to change; syr0 is outside the period


def test_every_format_lists_the_changes(run: Run, store: Path, tmp_path: Path) -> None:
    v2 = _csv(tmp_path / "v2.csv", V2)
    r = run("update", str(store), str(v2), "--dry-run", "-f", "csv")
    assert r.out.splitlines() == ["change,id,record,date", "added,syr5,SYR5,2024-12-07",
                                  "changed,syr2,SYR2,2024-12-04"]
    r = run("update", str(store), str(v2), "--dry-run", "-f", "jsonl")
    assert json.loads(r.out) == {"added": ["syr5"], "changed": ["syr2"], "deleted": [], "unchanged": 1}
    r = run("update", str(store), str(v2), "--dry-run", "-f", "markdown")
    assert "| added | 2024-12-07 | syr5 | SYR5 |" in r.out
    r = run("update", str(store), str(v2), "--dry-run")
    assert "syr5" in r.out and "dry run: nothing was written" in r.err


def test_dry_run_writes_nothing(run: Run, store: Path, tmp_path: Path) -> None:
    before = store.read_bytes()
    r = run("update", str(store), str(_csv(tmp_path / "v2.csv", V2)), "--complete", "--dry-run", "-f", "json")
    assert r.code == 0 and r.json()["deleted"] == ["syr3", "syr4"]
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["syria.json", "v1.csv", "v2.csv"]


def test_a_result_that_fails_validation_writes_nothing(run: Run, store: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from dezzor_cli.interchange import update as core

    real = core.apply

    def broken(*args: Any, **kw: Any) -> Any:
        doc, changes = real(*args, **kw)
        doc["events"][1]["id"] = doc["events"][0]["id"]  # two events with one id
        return doc, changes

    monkeypatch.setattr(core, "apply", broken)
    before = store.read_bytes()
    r = run("update", str(store), str(_csv(tmp_path / "v2.csv", V2)))
    assert r.code == 1
    assert f"dezzor: error: the updated store would not be valid, so {store} is left as it was: " in r.err
    assert "duplicate id 'syr0'" in r.err
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["syria.json", "v1.csv", "v2.csv"]


def test_refusals(run: Run, store: Path, tmp_path: Path) -> None:
    v2 = _csv(tmp_path / "v2.csv", V2)
    other = tmp_path / "other.csv"
    other.write_text("event,date\n1,2024-12-01\n", encoding="utf-8")
    r = run("update", str(store), str(other))
    assert r.code == 1 and "neither ACLED's event_id_cnty column nor UCDP GED's" in r.err
    r = run("update", str(store), str(v2), "--complete", "--deletions", str(other))
    assert r.code == 2 and "give one of them" in r.err
    r = run("update", str(store), str(v2), "--source", "article")
    assert r.code == 1 and "syria.json: source 'article' is of kind 'article', not 'acled'" in r.err
    for day in ("22 December", "2025-W01-1", "20241222"):  # the import's rule: fromisoformat alone takes the last two
        r = run("update", str(store), str(v2), "--retrieved", day)
        assert r.code == 2 and f"--retrieved must be a day written YYYY-MM-DD, not {day!r}" in r.err
    r = run("update", str(bundled_path()), str(v2), "--dry-run")
    assert r.code == 1 and "has no ACLED source to update" in r.err


def test_cite_an_acled_store(run: Run, store: Path, tmp_path: Path) -> None:
    v2 = _csv(tmp_path / "v2.csv", V2)
    assert run("update", str(store), str(v2), "--retrieved", "2024-12-22").code == 0
    r = run("cite", "--data", str(store), "--since", "2024-12-07")
    assert r.code == 0, r.err
    acled = next(s for s in json.loads(store.read_text(encoding="utf-8"))["meta"]["sources"] if s["id"] == "acled")
    assert r.out == (
        f"{acled['title']} [acled, acled, 1 event]\n"
        "  Armed Conflict Location & Event Data (ACLED), https://acleddata.com; accessed 2024-12-22; file v2.csv.\n"
        f"  Accessed: 2024-12-22 (file v2.csv, SHA-256 {_sha(v2)})\n"
        "  Filters: --since 2024-12-07\n"
        "  Changes: converted by dezzor into a store of events (one event per ACLED row, the columns mapped as "
        "dezzor's README describes; ACLED's source and source_scale kept in each citation); 1 update(s) from newer "
        "exports applied\n"
        "  ACLED is the source of these data, which are publicly available at https://acleddata.com.\n"
        "\n"
        "Filters: --since 2024-12-07\n"
        f"This store: syria.json, SHA-256 {_sha(store)}; made with dezzor {__version__}.\n"
    )
    j = run("cite", "--data", str(store), "-f", "json").json()
    assert [(s["id"], s["events"]) for s in j["sources"]] == [("acled", 6), ("article", 1), ("hand", 1)]
    assert j["sha256"] == _sha(store) and j["filters"] == []


def test_cite_the_bundled_article_store(run: Run) -> None:
    p = bundled_path()
    r = run("cite", "--data", str(p))
    assert r.code == 0, r.err
    assert r.out == (
        "Deir ez-Zor offensive (2024) [article, article, 57 events]\n"
        '  "Deir ez-Zor offensive (2024)". Address not recorded. Retrieval date not recorded.\n'
        "\n"
        f"This store: events.json, SHA-256 {_sha(p)}; made with dezzor {__version__}.\n"
    )
    r = run("cite", "--data", str(p), "--place", "Mayadin", "-f", "markdown")
    assert r.out.splitlines()[0] == "### Deir ez-Zor offensive (2024) (`article`, article, 3 events)"
    assert "Filters: `--place Mayadin`" in r.out


def test_a_ucdp_store_is_updated_by_a_newer_release(run: Run, tmp_path: Path) -> None:
    from ..interchange.ged import HEADER as GED_HEADER
    from ..interchange.ged import ged_line

    def day(d: str) -> dict[str, str]:
        return {"date_start": d, "date_end": d}

    old = tmp_path / "GEDEvent_v24_1.csv"
    old.write_text(GED_HEADER + "\n" + ged_line() + ged_line(id=900002, **day("2024-12-04"))
                   + ged_line(id=900003, **day("2024-12-05")) + ged_line(id=900009, **day("2024-11-01")),
                   encoding="utf-8")
    new = tmp_path / "GEDEvent_v25_1.csv"
    new.write_text(GED_HEADER + "\n" + ged_line(id=900004, side_b="HTS", side_b_new_id="999", **day("2024-12-06"))
                   + ged_line() + ged_line(id=900002, deaths_a=2, best=4, high=6, **day("2024-12-04")),
                   encoding="utf-8")
    store = tmp_path / "ged.json"
    assert run("import", "ucdp", str(old), "--out", str(store)).code == 0
    r = run("update", str(store), str(new), "--complete", "-f", "json")
    assert r.code == 0, r.err
    assert r.json() == {"added": ["ucdp-900004"], "changed": ["ucdp-900002"], "deleted": ["ucdp-900003"],
                        "unchanged": 1}
    doc = json.loads(store.read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == ["ucdp-900009", "ucdp-900001", "ucdp-900002", "ucdp-900004"]
    assert doc["events"][2]["fatalities"] == {"min": 2, "best": 4, "max": 6}
    src = doc["meta"]["sources"][0]
    assert (src["version"], src["title"], src["file"]) == (
        "25.1", "UCDP Georeferenced Event Dataset (GED) Global version 25.1", "GEDEvent_v25_1.csv")
    assert "Organized violence 1989–2024" in src["citation"]  # the 25.1 release's paper, as the import words it
    assert [a["name"] for a in doc["actors"]] == ["Government of Syria", "IS", "HTS"]
    fresh = tmp_path / "fresh.json"
    assert run("import", "ucdp", str(new), "--out", str(fresh)).code == 0
    imported = _events(fresh)
    assert {k: v for k, v in _events(store).items() if k in imported} == imported

    candidate = tmp_path / "GEDEvent_v24_0_12.csv"  # a monthly candidate file, without a header row
    candidate.write_text(ged_line(id=900005, **day("2024-12-07")), encoding="utf-8")
    r = run("update", str(store), str(candidate))
    assert r.code == 1
    assert "holds the yearly GED release 25.1, and the file is the candidate events release 24.0.12" in r.err
    r = run("update", str(store), str(new), "--deletions", str(new))
    assert r.code == 2 and "--deletions reads ACLED's deleted-events list; UCDP publishes none" in r.err
    j = run("cite", "--data", str(store), "-f", "json").json()
    assert j["sources"][0]["references"] == [src["citation"]]  # the import's wording: the papers and the release
    assert j["sources"][0]["notes"] == ["Release: 25.1", f"File: GEDEvent_v25_1.csv, SHA-256 {_sha(new)}"]


def test_cite_with_filters_that_select_nothing(run: Run) -> None:
    r = run("cite", "--since", "2030-01-01")
    assert r.code == 0
    assert r.out.splitlines()[0] == "Filters: --since 2030-01-01"
    assert "the filters select no event, so no source is cited" in r.err


def test_an_update_gives_the_events_a_fresh_import_gives(run: Run, store: Path, tmp_path: Path) -> None:
    v2 = _csv(tmp_path / "v2.csv", V2)
    assert run("update", str(store), str(v2), "--complete").code == 0
    fresh = tmp_path / "fresh.json"
    assert run("import", "acled", str(v2), "--out", str(fresh)).code == 0
    updated, imported = _events(store), _events(fresh)
    assert {k: updated[k] for k in imported} == imported  # the same events, ids, actors and places
    again = run("update", str(store), str(v2), "--complete", "-f", "json")
    assert again.json() == {"added": [], "changed": [], "deleted": [], "unchanged": 3}  # idempotent


def test_diff_shows_what_an_update_changed(run: Run, store: Path, tmp_path: Path) -> None:
    """The issue's sequence to its end: import, update, then diff the store before and after."""
    before = tmp_path / "before.json"
    before.write_bytes(store.read_bytes())
    r = run("update", str(store), str(_csv(tmp_path / "v2.csv", V2)), "--retrieved", "2024-12-22", "-f", "json")
    assert r.code == 0, r.err
    d = run("diff", str(before), str(store), "-f", "json")
    assert d.code == 0, d.err
    doc = d.json()
    assert [(a["kind"], a["id"]) for a in doc["added"]] == [
        ("actor", "islamic-state-syria"), ("place", "al-susah"), ("event", "syr5")]  # the new row and what it names
    assert doc["removed"] == []  # no deletion rule: nothing goes
    assert doc["added"][2]["record"]["source"]["record"] == "SYR5"
    changed = [(c["kind"], c["id"], c["field"], c["old"], c["new"]) for c in doc["changed"]]
    assert changed[:5] == [
        ("meta", None, "period.end", "2024-12-06", "2024-12-07"),  # widened to the new event
        ("meta", None, "sources[id=acled].file", "v1.csv", "v2.csv"),
        ("meta", None, "sources[id=acled].sha256", _sha(tmp_path / "v1.csv"), _sha(tmp_path / "v2.csv")),
        ("meta", None, "sources[id=acled].retrieved", None, "2024-12-22"),
        ("meta", None, "sources[id=acled].citation",
         "Armed Conflict Location & Event Data (ACLED), https://acleddata.com; access date not recorded; file v1.csv.",
         "Armed Conflict Location & Event Data (ACLED), https://acleddata.com; accessed 2024-12-22; file v2.csv."),
    ]
    assert changed[5][:4] == ("meta", None, "changes[0]", None)  # the change log's first entry
    assert {k: v for k, v in changed[5][4].items() if k != "at"} == {
        "source": "acled", "file": "v2.csv", "sha256": _sha(tmp_path / "v2.csv"), "rule": "none",
        "added": 1, "changed": 1, "deleted": 0, "unchanged": 1}
    assert changed[6:] == [  # SYR2, the one changed row: its figure and its timestamp; SYR1 unchanged
        ("event", "syr2", "casualties[0].killed", 1, 5),
        ("event", "syr2", "fatalities", 1, 5),
        ("event", "syr2", "source.timestamp", 1733300000, 1733900000),
    ]


def test_an_import_never_replaces_its_own_input(run: Run, tmp_path: Path) -> None:
    csv_file = _csv(tmp_path / "v1.csv", V1)
    before = csv_file.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(csv_file)
    for out in (csv_file, link):
        r = run("import", "acled", str(csv_file), "--out", str(out), "--force")
        assert r.code == 2 and "is the file being imported; an import writes a new store" in r.err
    assert csv_file.read_bytes() == before


def test_cite_shows_a_stores_control_characters_as_escapes(run: Run, tmp_path: Path) -> None:
    doc = json.loads(bundled_path().read_text(encoding="utf-8"))
    doc["meta"]["sources"][0]["title"] = "A \x1b[31mred\x1b[0m title & [bold]more[/bold]"
    p = tmp_path / "escape.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    for fmt in ("text", "markdown", "bibtex"):
        out = run("cite", "--data", str(p), "-f", fmt).out
        assert "\x1b" not in out and "\\x1b[31mred" in out.replace("\\[", "[")  # shown, never obeyed
    assert "title &amp; \\[bold\\]more" in run("cite", "--data", str(p), "-f", "markdown").out
