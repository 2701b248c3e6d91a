"""Renderers as pure functions: a View in, text out."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dezzor_cli.render import RENDERERS, Format, Target, emit, renderer
from dezzor_cli.render.text import markdown_cell, safe, spreadsheet_cell
from dezzor_cli.views.model import Column, Table, View

HOSTILE = [
    "[bold red]styled[/bold red]",
    "[/]",
    "[link=https://evil.example]click[/link]",
    ":skull: :warning:",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x1b]52;c;aGVsbG8=\x07",  # clipboard write
    "\x1b]0;new title\x07",
    "\x9b31m",  # 8-bit CSI
    "over\rwrite",
    "back\x08space",
    "\u202eevil\u202c",
    "nul\x00byte",
    "=HYPERLINK(\"http://x\")",
    "| pipe | <script>alert(1)</script>",
]


def view(cells: list[str]) -> View:
    return View(
        body=Table([Column("Name"), Column("Count", "right")], [[c, "1"] for c in cells]),
        title="T",
        records=[{"name": c, "count": 1} for c in cells],
        fields=["name", "count"],
    )


def render_to_string(v: View, fmt: Format, raw: bool = False) -> str:
    """What ``fmt`` prints on a pipe for ``v`` (the messages go to the real stderr, for capsys)."""
    import sys

    chunks: list[str] = []
    emit(v, fmt, lambda text, utf8_bytes: chunks.append(text), lambda line: sys.stderr.write(line + "\n"),
         io.StringIO(), raw=raw)
    return "".join(chunks)


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(Format)
    view = View(body=Table([Column("Id")], [["e1"]]), records=[{"id": "e1"}], fields=["id"])
    for fmt in RENDERERS:  # each one imports and runs (they load lazily)
        assert "e1" in renderer(fmt)(view, Target()), fmt


def test_safe_shows_controls_as_escapes() -> None:
    assert safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert safe("x\u202ey") == "x\\u202ey"
    assert safe("tab\there\nnew") == "tab\\x09here\\x0anew"
    assert safe("Dayr az-Zawr – دير الزور") == "Dayr az-Zawr – دير الزور"


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("text", HOSTILE)
def test_no_raw_control_character_reaches_the_stream(fmt: Format, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = render_to_string(view([text]), fmt)
    assert not any(ch in out for ch in "\x1b\x9b\x07\x08\r\x00\u202e"), repr(out)


def test_markup_is_shown_literally_in_tables() -> None:
    out = render_to_string(view(["[bold red]styled[/bold red]", ":skull:"]), Format.table)
    assert "[bold red]styled[/bold red]" in out
    assert ":skull:" in out


@pytest.mark.parametrize("text", HOSTILE)
def test_json_round_trips(text: str) -> None:
    out = render_to_string(view([text]), Format.json)
    assert json.loads(out) == [{"name": text, "count": 1}]
    lines = render_to_string(view([text, "b"]), Format.jsonl).splitlines()
    assert [json.loads(x)["name"] for x in lines] == [text, "b"]


def test_empty_json_is_an_empty_array(capsys: pytest.CaptureFixture[str]) -> None:
    out = render_to_string(View(body=Table([Column("A")]), fields=["a"], empty="nothing matched"), Format.json)
    assert out == "[]\n"
    assert capsys.readouterr().err == "nothing matched\n"


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    v = View(body=Table([]), records=[{"name": "=1+1", "n": -3, "note": "-x", "ok": "2024-12-03"}],
             fields=["name", "n", "note", "ok"])
    rows = list(csv.reader(io.StringIO(render_to_string(v, Format.csv))))
    assert rows == [["name", "n", "note", "ok"], ["'=1+1", "-3", "'-x", "2024-12-03"]]
    raw = list(csv.reader(io.StringIO(render_to_string(v, Format.csv, raw=True))))
    assert raw[1] == ["=1+1", "-3", "-x", "2024-12-03"]


def test_csv_nested_values_are_compact_json() -> None:
    v = View(body=Table([]), records=[{"actors": [{"actor": "sdf", "role": "initiator"}], "max": None}],
             fields=["actors", "max"])
    rows = list(csv.reader(io.StringIO(render_to_string(v, Format.csv))))
    assert rows[1] == ['[{"actor":"sdf","role":"initiator"}]', ""]


def test_spreadsheet_cell() -> None:
    assert [spreadsheet_cell(x) for x in ("=A1", "+1", "@x", "\tx", "plain", "")] == ["'=A1", "'+1", "'@x", "'\tx", "plain", ""]


def test_markdown_escapes_what_would_break_the_table_or_inject_html() -> None:
    out = render_to_string(view(["a | b", "<script>x</script>", "*bold* [link](u)"]), Format.markdown)
    assert "a \\| b" in out
    assert "<script>" not in out and "\\<script\\>" in out
    assert "\\*bold\\* \\[link\\](u)" in out
    assert out.splitlines()[2:4] == ["| Name | Count |", "|---|---:|"]
    assert markdown_cell("A & B") == "A &amp; B"


def test_piped_table_is_plain_text_that_lines_up() -> None:
    v = View(body=Table([Column("Place"), Column("Killed", "right")], [["Abu Kamal", "2"], ["Deir ez-Zor", "13"]]),
             records=[{}])
    out = render_to_string(v, Format.table)
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines == ["Place        Killed", "Abu Kamal         2", "Deir ez-Zor      13"]
    assert not any(ch in out for ch in "─│╭\x1b")


def test_a_narrow_terminal_never_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "0")
    out = render_to_string(view(["A fairly long name that must not be cut to an ellipsis"]), Format.table)
    assert "A fairly long name that must not be cut to an ellipsis" in out
    monkeypatch.setenv("COLUMNS", "10")
    out = render_to_string(view(["A fairly long name that must not be cut"]), Format.table)
    assert "…" not in out and "cut" in out


def test_raw_csv_quotes_a_lone_carriage_return() -> None:
    v = View(body=Table([]), records=[{"a": "x\ry", "n": 1}, {"a": "plain", "n": 2}], fields=["a", "n"])
    text = render_to_string(v, Format.csv, raw=True)
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a", "n"], ["x\ry", "1"], ["plain", "2"]]


# ------------------------------------------------------------------ piped tables without Rich


def _rich_piped(t: Table) -> str:
    from dezzor_cli.render import table

    c = table.console(Target())
    c.print(table.build_table(t, fancy=False))
    return "".join(line.rstrip() + "\n" for line in str(c.file.getvalue()).splitlines())  # type: ignore[attr-defined]


_CELL = st.one_of(
    st.text(st.sampled_from(list(" aZ9-|[]\u00e9\u00fc\u00a0\u2013\u2019\u02bf")), max_size=12),  # narrow: the plain path
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2030), max_size=12),  # anything: often Rich's
)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=5),
    right=st.lists(st.booleans(), min_size=3, max_size=3),
    min_width=st.sampled_from([None, 0, 4, 15]),
    footer=st.one_of(st.none(), st.lists(_CELL, min_size=3, max_size=3)),
)
def test_piped_plain_tables_are_what_rich_prints(cells: list[list[str]], right: list[bool], min_width: int | None,
                                                   footer: list[str] | None) -> None:
    from dezzor_cli.render import plain

    t = Table(
        [Column("A", min_width=min_width), Column("Bee", justify="right" if right[1] else "left"),
         Column("", justify="right" if right[2] else "left")],
        cells,
        footer,
    )
    lines = plain.plain_lines(t)
    if lines is None:  # a character only Rich can measure
        assert any(not plain._NARROW.fullmatch(c) or c.strip() != c for row in [*cells, footer or []] for c in row)
        return
    assert "".join(line.rstrip() + "\n" for line in lines) == _rich_piped(t)


def test_every_bundled_table_pipes_without_rich_as_rich_would(bundled: Any) -> None:
    from dezzor_cli.render import plain

    from ..conftest import every_view

    for view in every_view(bundled)[:6]:  # the plain tables (trees and the summary draw themselves)
        assert isinstance(view.body, Table)
        lines = plain.plain_lines(view.body)
        assert lines is not None, view.title  # the bundled store is all narrow characters
        assert "".join(line.rstrip() + "\n" for line in lines) == _rich_piped(view.body), view.title


# ------------------------------------------------------------------ msgspec's JSON beside json's (View.plain_json)

PLAIN = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.text()),
                     lambda inner: st.one_of(st.lists(inner, max_size=4),
                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


def _both(v: View, fmt: Format, utf8: bool = True) -> tuple[str, str]:
    """What ``fmt`` writes for ``v`` through msgspec (plain_json) and through the json module."""
    import dataclasses

    target = Target(utf8=utf8)
    fast = renderer(fmt)(dataclasses.replace(v, plain_json=True), target)
    reference = renderer(fmt)(dataclasses.replace(v, plain_json=False), target)
    return fast, reference


@settings(max_examples=60, deadline=None)
@given(records=st.lists(st.dictionaries(st.text(max_size=8), PLAIN, max_size=5), max_size=4),
       document=st.one_of(st.none(), st.dictionaries(st.text(max_size=8), PLAIN, max_size=5)))
def test_msgspec_writes_plain_json_as_json_does(records: list[dict[str, Any]], document: dict[str, Any] | None) -> None:
    v = View(body=Table([]), records=records, document=document)
    for fmt in (Format.json, Format.jsonl):
        fast, reference = _both(v, fmt)
        assert fast == reference
        assert _both(v, fmt, utf8=False)[0] == _both(v, fmt, utf8=False)[1]  # escaped: json's way


@pytest.mark.parametrize("text", [*HOSTILE, "\x7f\x85\u2028\u2029\ufeff", "Dayr az-Zawr – دير الزور", "\ud800"])
def test_msgspec_escapes_hostile_text_as_json_does(text: str) -> None:
    v = View(body=Table([]), records=[{"name": text, "n": [1, {"k": text}]}], document=None)
    for fmt in (Format.json, Format.jsonl):
        fast, reference = _both(v, fmt)
        assert fast == reference


@pytest.mark.parametrize("text", ["ascii \x7f only", "\x7f", "no escape at all"])
def test_json_of_ascii_text_escapes_delete_too(text: str) -> None:
    """ASCII text skips the scan for invisible characters unless it holds DEL, the one ASCII character among them."""
    v = View(body=Table([]), records=[{"name": text}], document=None, plain_json=True)
    for fmt in (Format.json, Format.jsonl):
        fast, reference = _both(v, fmt)
        assert fast == reference
        assert "\x7f" not in fast
        assert fast.count("\\u007f") == text.count("\x7f")
        assert text.replace("\x7f", "\\u007f") in fast


def test_every_view_that_says_its_json_is_plain_writes_the_same_json(bundled: Any) -> None:
    from ..conftest import every_view

    views = [v for v in every_view(bundled) if v.plain_json]
    assert len(views) >= 3  # the timeline, the tally and the reconciliation at least
    for v in views:
        for fmt in (Format.json, Format.jsonl):
            fast, reference = _both(v, fmt)
            assert fast == reference
