"""cite's block from a store's meta: exact text per source kind, and nothing made up."""

from __future__ import annotations

from typing import Any

from dezzor_cli.views.cite import bibtex_lines, cite_document, markdown_lines, text_lines

SHA = "0f" * 32

ARTICLE = {"id": "article", "kind": "article", "title": "Deir ez-Zor offensive (2024)",
           "url": "https://en.wikipedia.org/wiki/Deir_ez-Zor_offensive_(2024)", "retrieved": "2024-12-20",
           "licence": "CC BY-SA 4.0", "sections": []}
ACLED = {"id": "acled", "kind": "acled", "title": "ACLED CSV file", "file": "syria.csv", "sha256": "ab" * 32,
         "retrieved": "2024-12-21"}


def _doc(sources: list[dict[str, Any]], counts: dict[str, int], filters: list[str] | None = None,
         changes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    meta = {"sources": sources, "changes": changes or []}
    return cite_document(meta, counts, filters=filters or [], store="events.json", sha256=SHA, version="0.1.0")


def test_an_article_source() -> None:
    assert text_lines(_doc([ARTICLE], {"article": 57})) == [
        "Deir ez-Zor offensive (2024) [article, article, 57 events]",
        '  "Deir ez-Zor offensive (2024)". https://en.wikipedia.org/wiki/Deir_ez-Zor_offensive_(2024). '
        "Retrieved 2024-12-20.",
        "  Licence: CC BY-SA 4.0",
        "",
        f"This store: events.json, SHA-256 {SHA}; made with dezzor 0.1.0.",
    ]


def test_an_acled_source_with_filters_and_an_update() -> None:
    doc = _doc([ARTICLE, ACLED], {"acled": 3}, filters=["--since 2024-12-01", "--place Hajin"],
               changes=[{"source": "acled", "rule": "none"}])
    assert [e["id"] for e in doc["sources"]] == ["acled"]  # the article has no selected event
    assert text_lines(doc) == [
        "ACLED CSV file [acled, acled, 3 events]",
        "  Armed Conflict Location & Event Data (ACLED). ACLED CSV file. https://acleddata.com. Accessed 2024-12-21.",
        f"  Accessed: 2024-12-21 (file syria.csv, SHA-256 {'ab' * 32})",
        "  Filters: --since 2024-12-01; --place Hajin",
        "  Changes: converted by dezzor into a store of events (one event per ACLED row, the columns mapped as "
        "dezzor's README describes; ACLED's source and source_scale kept in each citation); 1 update(s) from "
        "newer exports applied",
        "  ACLED is the source of these data, which are publicly available at https://acleddata.com.",
        "",
        "Filters: --since 2024-12-01; --place Hajin",
        f"This store: events.json, SHA-256 {SHA}; made with dezzor 0.1.0.",
    ]


def test_an_acled_sources_own_citation_is_used_and_a_missing_access_date_said() -> None:
    src = {**ACLED, "citation": "ACLED. Syria, December 2024.", "retrieved": None}
    entry = _doc([src], {"acled": 1})["sources"][0]
    assert entry["references"] == ["ACLED. Syria, December 2024."]
    assert entry["notes"][0] == f"Accessed: not recorded in the store (file syria.csv, SHA-256 {'ab' * 32})"


def test_ucdp_cites_the_ged_paper_and_only_the_release_paper_the_store_names() -> None:
    bare = {"id": "ged", "kind": "ucdp", "title": "UCDP Georeferenced Event Dataset (GED) Global", "version": "25.1"}
    entry = _doc([bare], {"ged": 2})["sources"][0]
    assert entry["references"] == ['Sundberg, Ralph, and Erik Melander. 2013. "Introducing the UCDP Georeferenced '
                                   'Event Dataset." Journal of Peace Research 50(4).']
    assert entry["notes"] == ["Release: 25.1"]
    named = {**bare, "citation": "A yearly paper, as the store gives it."}
    assert _doc([named], {"ged": 2})["sources"][0]["references"][1] == "A yearly paper, as the store gives it."
    whole = {**bare, "citation": "X (2025) A yearly paper. Sundberg and Melander (2013) Introducing the UCDP "
             "Georeferenced Event Dataset. JPR 50(4)."}
    assert _doc([whole], {"ged": 2})["sources"][0]["references"] == [whole["citation"]]  # the GED paper once


def test_markdown_and_bibtex() -> None:
    doc = _doc([ARTICLE, ACLED], {"article": 1, "acled": 2})
    md = markdown_lines(doc)
    assert md[0] == "### Deir ez-Zor offensive (2024) (`article`, article, 1 event)"
    assert md[-1] == f"This store: events.json, SHA-256 {SHA}; made with dezzor 0.1.0."
    bib = "\n".join(bibtex_lines(doc))
    assert "@misc{article,\n  title = {Deir ez-Zor offensive (2024)},\n  howpublished = " \
           "{\\url{https://en.wikipedia.org/wiki/Deir_ez-Zor_offensive_(2024)}},\n  urldate = {2024-12-20}\n}" in bib
    assert "  author = {{Armed Conflict Location \\& Event Data (ACLED)}}," in bib
    assert bib.endswith(f"@misc{{dezzor-store,\n  title = {{events.json}},\n  note = {{SHA-256 {SHA}; made with "
                        "dezzor 0.1.0}\n}")
