"""query.diff over plain JSON documents: no schema version assumed (a version 2 shape is diffed alike)."""

from __future__ import annotations

from dezzor_cli.query.diff import Change, Whole, diff, fields


def test_nested_lists_of_records_with_ids_are_matched_by_id() -> None:
    old = {"meta": {"sources": [{"id": "article", "version": None}, {"id": "acled", "version": "2024-12"}]}}
    new = {"meta": {"sources": [{"id": "acled", "version": "2025-01"}, {"id": "ucdp", "version": "25.1"}]}}
    d = diff(old, new)
    assert (d.added, d.removed) == ([], [])
    assert d.changed == [
        Change("meta", None, "sources[id=article]", {"id": "article", "version": None}, None),
        Change("meta", None, "sources[id=acled].version", "2024-12", "2025-01"),
        Change("meta", None, "sources[id=ucdp]", None, {"id": "ucdp", "version": "25.1"}),
    ]


def test_top_level_records_by_id_and_keys_only_one_side_has() -> None:
    old = {"events": [{"id": "a", "n": 1}, {"id": "b", "n": 2}], "extra": 1}
    new = {"events": [{"id": "c", "n": 3}, {"id": "a", "n": 1}], "changes": [{"at": "x"}]}
    d = diff(old, new)
    assert d.removed == [Whole("event", "b", {"id": "b", "n": 2})]
    assert d.added == [Whole("event", "c", {"id": "c", "n": 3})]
    assert d.changed == [Change("extra", None, "", 1, None), Change("changes", None, "", None, [{"at": "x"}])]


def test_values_are_equal_only_as_json() -> None:
    assert list(fields({"a": 1}, {"a": 1.0})) == [("a", 1, 1.0)]
    assert list(fields({"a": 1}, {"a": True})) == [("a", 1, True)]
    assert list(fields({"a": {"x": 1, "y": 2}}, {"a": {"y": 2, "x": 1}})) == []


def test_lists_of_records_without_ids_go_item_by_item_and_plain_lists_of_another_length_whole() -> None:
    old = {"casualties": [{"party": "sdf", "killed": 1}]}
    new = {"casualties": [{"party": "sdf", "killed": 2}, {"party": None, "killed": 1}]}
    assert list(fields(old, new)) == [("casualties[0].killed", 1, 2),
                                      ("casualties[1]", None, {"party": None, "killed": 1})]
    assert list(fields({"aliases": ["A", "B"]}, {"aliases": ["A", "C"]})) == [("aliases[1]", "B", "C")]
    assert list(fields({"aliases": ["A", "B"]}, {"aliases": ["B"]})) == [("aliases", ["A", "B"], ["B"])]
    assert list(fields({"odd key": 1}, {"odd key": 2})) == [('["odd key"]', 1, 2)]

