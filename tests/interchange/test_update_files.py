"""update's files: an export recognised by its header, ACLED's deletions list, the store's layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dezzor_cli.errors import StoreError
from dezzor_cli.interchange.incoming import read_deletions, recognise, store_bytes

from .test_interchange import HEADER, acled_line

GED_HEADER = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,best,high,low\n"


def test_an_export_is_recognised_by_its_header(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("\ufeff" + HEADER + "\n" + acled_line(), encoding="utf-8")
    (tmp_path / "u.csv").write_text(GED_HEADER + "1,X,2024,TRUE,Clear,1,2,3,4,5\n", encoding="utf-8")
    (tmp_path / "x.csv").write_text("event,date\n1,2024-12-01\n", encoding="utf-8")
    assert recognise(tmp_path / "a.csv") == "acled"
    assert recognise(tmp_path / "u.csv") == "ucdp"
    with pytest.raises(StoreError, match="neither ACLED's event_id_cnty column nor UCDP GED's id and best"):
        recognise(tmp_path / "x.csv")
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="is empty"):
        recognise(tmp_path / "e.csv")


def test_the_deletions_file(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("event_id_cnty,deleted_timestamp\nSYR3,1733400000\nSYR4,\nSYR3,1733500000\n\n", encoding="utf-8")
    assert read_deletions(p) == {"SYR3": 1733500000, "SYR4": None}
    p.write_text("event_id_cnty,deleted\nSYR3,1\n", encoding="utf-8")
    with pytest.raises(StoreError, match="needs the columns event_id_cnty and deleted_timestamp"):
        read_deletions(p)
    p.write_text("event_id_cnty,deleted_timestamp\nSYR3,yesterday\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"d\.csv, line 2: deleted_timestamp 'yesterday' is not a Unix time"):
        read_deletions(p)
    p.write_text("event_id_cnty,deleted_timestamp\n,1\n", encoding="utf-8")
    with pytest.raises(StoreError, match="line 2: event_id_cnty is blank"):
        read_deletions(p)


def test_the_store_is_laid_out_one_event_a_line() -> None:
    doc = {"meta": {"title": "T"}, "sides": [], "actors": [{"id": "a"}], "places": [],
           "events": [{"id": "e1", "summary": "é"}, {"id": "e2"}], "reported_totals": []}
    text = store_bytes(doc).decode("utf-8")
    assert json.loads(text) == doc
    assert '  {"id": "e1", "summary": "é"},\n  {"id": "e2"}\n ],' in text
    assert list(json.loads(text)) == ["meta", "sides", "actors", "places", "events", "reported_totals"]
