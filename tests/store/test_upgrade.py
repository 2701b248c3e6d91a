"""Version 1 stores read as version 2 (store/upgrade.py): every version 1 document still loads, unchanged on disk.

``tests/store/v1/events.json`` is the bundled store exactly as version 1 wrote it (before the move to
version 2); the bundled store itself is now its upgrade.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.store.read import build, bundled_path, load
from dezzor_cli.store.records import record
from dezzor_cli.store.upgrade import is_v1, upgrade_v1

from ..conftest import minimal_store, minimal_store_v1
from ..interchange.test_interchange import hand_store

V1_BUNDLED = Path(__file__).parent / "v1" / "events.json"
P = Path("v1.json")


def _acled_made_v1() -> dict[str, Any]:
    """A store as the version 1 ACLED import wrote it: one section "acled", CSV lines as paragraphs, ACLED's
    source and scale in the note (after interchange/acled/build.py as it was at version 1)."""
    event = {
        "id": "syr1", "date": "2024-12-03", "precision": "day", "kind": "Armed clash",
        "actors": [{"actor": "a", "role": "initiator"}], "places": ["p"],
        "casualties": [{"party": None, "killed": 3, "certainty": "reported",
                        "note": "ACLED's fatalities figure; ACLED does not say whose dead they are."}],
        "certainty": "reported", "summary": "Clashes.", "source": {"section": "acled", "paragraph": 2},
        "note": "ACLED source: SOHR; Deir Ezzor 24 (scale: National); ACLED tags: crowd size=no report",
    }
    return {
        "meta": {
            "title": "ACLED events (Syria)", "description": "3 events imported from an ACLED CSV file.",
            "period": {"start": "2024-12-03", "end": "2024-12-05"}, "result": "", "location": "Syria",
            "source": {"title": "ACLED CSV file", "sections": [{"heading": "acled", "paragraphs": 4}]},
            "schema_version": 1,
        },
        "actors": [{"id": "a", "name": "A", "type": "Rebel group"}],
        "places": [{"id": "p", "name": "P", "type": "location"}],
        "events": [
            event,
            {**event, "id": "syr2", "source": {"section": "acled", "paragraph": 3},
             "note": "ACLED source: Local media"},
            {**event, "id": "syr3", "source": {"section": "acled", "paragraph": 4}},
        ],
    }


def _v1_documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("minimal", minimal_store_v1()),
        ("the interchange tests' hand-made store", hand_store()),
        ("the bundled store as version 1 wrote it", json.loads(V1_BUNDLED.read_text(encoding="utf-8"))),
        ("made by the version 1 ACLED import", _acled_made_v1()),
    ]


@pytest.mark.parametrize(("label", "doc"), _v1_documents(), ids=[d[0] for d in _v1_documents()])
def test_every_version_1_document_loads_through_both_readers(label: str, doc: dict[str, Any], tmp_path: Path) -> None:
    assert is_v1(doc), label
    p = tmp_path / "v1.json"
    raw = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    p.write_bytes(raw)
    quick, plain = load(p), load(p, fast=False)
    assert quick.reader == "fast", label  # the upgraded document is read by the fast reader too
    assert record(quick.store) == record(plain.store), label
    assert record(quick.store)["meta"]["schema_version"] == 2
    assert p.read_bytes() == raw  # the file is never touched


def test_the_upgrade_of_the_version_1_bundled_store_is_the_bundled_store() -> None:
    v1 = json.loads(V1_BUNDLED.read_text(encoding="utf-8"))
    v2 = json.loads(bundled_path().read_text(encoding="utf-8"))
    assert upgrade_v1(v1) == v2
    assert v2["meta"]["sources"][0]["id"] == "article" and v2["meta"]["sources"][0]["kind"] == "article"
    assert v2["events"][0]["source"] == {"source": "article", **v1["events"][0]["source"]}
    assert record(load(V1_BUNDLED).store) == record(load(bundled_path()).store)


def test_the_upgrade_is_pure_and_deterministic() -> None:
    for _, doc in _v1_documents():
        before = copy.deepcopy(doc)
        once = upgrade_v1(doc)
        assert doc == before  # the argument is not changed
        assert upgrade_v1(doc) == once
        assert json.dumps(once) == json.dumps(upgrade_v1(copy.deepcopy(doc)))


def test_the_minimal_store_is_the_upgraded_minimal_store() -> None:
    up = upgrade_v1(minimal_store_v1())
    assert up == minimal_store()
    assert up["meta"]["sources"] == [{"id": "article", "kind": "article", "title": "Notes",
                                      "sections": [{"heading": "lead", "paragraphs": 5}]}]
    assert list(up["meta"])[-2:] == ["sources", "schema_version"]  # in the place of the version 1 source
    assert up["events"][0]["source"] == {"source": "article", "section": "lead", "paragraph": 1}


def test_an_acled_made_version_1_store_upgrades_to_an_acled_source() -> None:
    up = upgrade_v1(_acled_made_v1())
    assert up["meta"]["sources"] == [{"id": "acled", "kind": "acled", "title": "ACLED CSV file"}]
    e1, e2, e3 = up["events"]
    assert e1["source"] == {"source": "acled", "line": 2, "reports": "SOHR; Deir Ezzor 24", "scale": "National"}
    assert e1["note"] == "ACLED tags: crowd size=no report"  # what the citation cannot hold stays in the note
    assert e2["source"] == {"source": "acled", "line": 3, "reports": "Local media"} and "note" not in e2
    assert e3["source"]["line"] == 4
    store = build(up, P)
    assert [(e.source.source, e.source.line, e.source.record) for e in store.events] == [
        ("acled", 2, None), ("acled", 3, None), ("acled", 4, None)]


def test_a_note_the_acled_import_did_not_write_is_left_alone() -> None:
    doc = _acled_made_v1()
    doc["events"][0]["note"] = "Checked against the original report."
    up = upgrade_v1(doc)
    assert up["events"][0]["note"] == "Checked against the original report."
    assert up["events"][0]["source"] == {"source": "acled", "line": 2}
    article = minimal_store_v1()
    article["events"][0]["note"] = "ACLED source: SOHR"  # only an ACLED-made store's notes are read
    assert upgrade_v1(article)["events"][0]["note"] == "ACLED source: SOHR"


def test_a_bad_version_1_store_is_refused_with_its_location() -> None:
    doc = minimal_store_v1()
    doc["events"][0]["source"]["paragraph"] = 9
    with pytest.raises(StoreError, match=r"events\[0\]\.source\.paragraph: section 'lead' has 5 paragraphs, not 9"):
        build(doc, P)


def test_a_newer_schema_is_refused_in_one_line(tmp_path: Path) -> None:
    doc = minimal_store()
    doc["meta"]["schema_version"] = 3
    p = tmp_path / "v3.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreError) as err:
        load(p)
    assert err.value.message == (f"{p} is a store of schema version 3; this dezzor reads versions 1 to 2 "
                                 "(a newer dezzor may read it)")


def test_a_version_1_store_with_version_2_sources_is_refused_not_half_read() -> None:
    doc = minimal_store_v1()
    doc["meta"]["sources"] = [{"id": "article", "kind": "article", "title": "Other"}]
    with pytest.raises(StoreError, match='meta: unknown key "source"'):
        build(doc, P)
