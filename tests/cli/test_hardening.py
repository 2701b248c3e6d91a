"""Untrusted input: bad stores, bad arguments, hostile strings, hostile environments.

The bar: one clear line on stderr, the documented exit code, no traceback, nothing
changed on disk, and no raw control character reaching the terminal.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dezzor_cli.errors import UsageError
from dezzor_cli.query import dates
from dezzor_cli.render import Format
from dezzor_cli.store import read as store

from ..conftest import Result, every_view, minimal_store

Run = Callable[..., Result]

CONTROL = "".join(chr(c) for c in range(0x20) if c != 0x0A) + "\x7f\x9b\u202e"


def _store_bytes(mutate: Callable[[dict[str, Any]], Any]) -> bytes:
    d = minimal_store()
    mutate(d)
    return json.dumps(d).encode()


BAD_STORES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "is empty"),
    ("whitespace", b" \n\t\n", "is empty"),
    ("truncated", json.dumps(minimal_store()).encode()[:-40], "is not valid JSON: unterminated string at line 1 column"),
    ("truncated at a boundary", b'{"meta": {', "is not valid JSON: ends too early at line 1 column 11"),
    ("trailing garbage", json.dumps(minimal_store()).encode() + b" }", "is not valid JSON: extra data"),
    ("bom", b"\xef\xbb\xbf" + json.dumps(minimal_store()).encode(), "starts with a byte-order mark"),
    ("utf-16", json.dumps(minimal_store()).encode("utf-16"), "looks like UTF-16"),
    ("invalid utf-8", b'{"meta": "\xc3\x28"}', "is not valid UTF-8"),
    ("lone surrogate", _store_bytes(lambda d: d["events"][0].update(summary="\\ud83d")).replace(b"\\\\ud83d", b"\\ud83d"), "lone UTF-16 surrogate"),
    ("NaN", json.dumps(minimal_store()).replace('"killed": 2', '"killed": NaN').encode(), "NaN is not valid JSON"),
    ("huge integer", json.dumps(minimal_store()).replace('"killed": 2', '"killed": ' + "9" * 5000).encode(), "Exceeds the limit"),
    ("deep nesting", b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    ("duplicate keys", json.dumps(minimal_store()).replace('"killed": 2', '"killed": 2, "killed": 3').encode(), "duplicate key 'killed'"),
    ("top-level array", b"[]", "not an array"),
    ("count as string", _store_bytes(lambda d: d["events"][0]["casualties"][0].update(killed="12")), 'killed: a count must be a whole number'),
    ("count as boolean", _store_bytes(lambda d: d["events"][0]["casualties"][0].update(killed=True)), "not true"),
    ("negative count", _store_bytes(lambda d: d["events"][0]["casualties"][0].update(killed=-5)), "cannot be negative"),
    ("missing meta", _store_bytes(lambda d: d.pop("meta")), "meta: Field required"),
]


@pytest.mark.parametrize(("label", "raw", "message"), BAD_STORES, ids=[b[0] for b in BAD_STORES])
def test_bad_store_one_line_exit_1_file_untouched(run: Run, tmp_path: Path, label: str, raw: bytes, message: str) -> None:
    p = tmp_path / "store.json"
    p.write_bytes(raw)
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    for args in (["timeline"], ["tally"], ["control", "--on", "2024-12-05"], ["summary"]):
        r = run(*args, "--data", str(p))
        assert r.code == 1, (args, r.err)
        assert r.out == ""
        assert r.err.startswith("dezzor: error: ") and message in r.err, r.err
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
        assert not any(ch in r.err for ch in CONTROL)
    r = run("validate", str(p))
    assert r.code == 1 and message in r.out
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_a_directory_and_an_unreadable_file(run: Run, tmp_path: Path) -> None:
    r = run("timeline", "--data", str(tmp_path))
    assert (r.code, r.err) == (1, f"dezzor: error: {tmp_path} is a directory, not a store file\n")
    p = tmp_path / "locked.json"
    p.write_text("{}", encoding="utf-8")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):  # root reads anything: nothing to test here
            pytest.skip("running as root: permissions do not stop reads")
        r = run("timeline", "--data", str(p))
        assert (r.code, r.err) == (1, f"dezzor: error: cannot read {p}: permission denied\n")
    finally:
        p.chmod(0o644)


def test_a_store_larger_than_memory_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.json"
    p.write_text(json.dumps(minimal_store()), encoding="utf-8")
    monkeypatch.setattr(store, "_memory_limit", lambda: 100)
    r = run("timeline", "--data", str(p))
    assert r.code == 1
    assert "more than this machine can load safely" in r.err and r.err.count("\n") == 1


def test_100000_invalid_events_give_a_short_message(run: Run, tmp_path: Path) -> None:
    d = minimal_store()
    one = json.dumps(dict(d["events"][0], id="e{i}", date="2024-13-01"))
    d["events"] = []
    head = json.dumps(d)[: -len('"events": [], "reported_totals": []}')]
    p = tmp_path / "many.json"
    p.write_text(head + '"events": [' + ",".join(one.replace("e{i}", f"e{i}") for i in range(100_000))
                 + '], "reported_totals": []}', encoding="utf-8")
    r = run("timeline", "--data", str(p))
    assert r.code == 1
    assert r.err == (
        f"dezzor: error: {p} is not a valid store: events[0].date: '2024-13-01' is not a real calendar date "
        "(and 99999 more problems; run 'dezzor validate' to list them)\n"
    )


def test_validate_lists_the_first_problems_and_counts_the_rest(run: Run, tmp_path: Path) -> None:
    d = minimal_store()
    ev = d["events"][0]
    d["events"] = [dict(copy.deepcopy(ev), id=f"e{i}", date="2024-13-01") for i in range(5000)]
    p = tmp_path / "many.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    r = run("validate", str(p), "--max", "3")
    assert r.code == 1
    assert r.out.splitlines() == [
        f"{p}: 5000 problems",
        "  events[0].date: '2024-13-01' is not a real calendar date",
        "  events[1].date: '2024-13-01' is not a real calendar date",
        "  events[2].date: '2024-13-01' is not a real calendar date",
        "  ... and 4997 more",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--since", "\x00"],
        ["timeline", "--since", "9" * 10_000],
        ["timeline", "--until", "31/31/31"],
        ["timeline", "--on", "Dec 32 2024"],
        ["timeline", "--since", "1e309"],
        ["timeline", "-a", "\x1b[31m"],
        ["timeline", "-p", "[bold]x[/bold]"],
        ["timeline", "-n", "-5"],
        ["timeline", "-n", "99999999999999999999999"],
        ["tally", "--by", ""],
        ["control", "--on", ""],
        ["show", "\u202e"],
        ["validate", "--max", "0"],
    ],
)
def test_bad_arguments_exit_2_with_one_readable_line(run: Run, args: list[str]) -> None:
    r = run(*args)
    if r.code == 0:  # a huge limit is fine: it just shows everything
        assert args[1] == "-n"
        return
    assert r.code == 2, r
    assert r.err.startswith("dezzor: error: ") and r.err.count("\n") == 1
    assert "Traceback" not in r.err
    assert not any(ch in r.err for ch in CONTROL), repr(r.err)


def test_limit_zero_is_an_empty_result(run: Run) -> None:
    r = run("timeline", "-n", "0", "-f", "json")
    assert (r.code, r.out) == (0, "[]\n")


def test_ctrl_c_exits_130_quietly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from dezzor_cli.query import filters

    def interrupted(*a: Any, **k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(filters, "select", interrupted)
    r = run("timeline")
    assert r.code == 130
    assert "Traceback" not in r.err


def _subprocess(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("DEZZOR_DATA", "NO_COLOR", "COLUMNS")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "dezzor_cli", *args], capture_output=True, env=full, timeout=60)


def test_non_utf8_output_encoding_does_not_crash() -> None:
    r = _subprocess(["timeline", "-n", "5"], PYTHONIOENCODING="ascii")
    assert r.returncode == 0, r.stderr
    r = _subprocess(["places", "-f", "json"], PYTHONIOENCODING="latin-1")
    assert r.returncode == 0
    places = json.loads(r.stdout.decode("latin-1"))
    assert any(p["name"] == "Iraq–Syria border" for p in places)  # the dash survives as \u2013


def test_no_color_and_dumb_terminals_get_no_escape_sequences() -> None:
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        r = _subprocess(["tally"], **env)
        assert r.returncode == 0 and b"\x1b" not in r.stdout


def test_a_tty_gets_colour_and_boxes_unless_no_color(tmp_path: Path) -> None:
    """Run under a pseudo-terminal, as a person would."""
    import pty

    def under_pty(env_extra: dict[str, str]) -> bytes:
        env = {k: v for k, v in os.environ.items() if k not in ("DEZZOR_DATA", "NO_COLOR")}
        env.update({"COLUMNS": "100", "TERM": "xterm-256color", **env_extra})
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.execvpe(sys.executable, [sys.executable, "-m", "dezzor_cli", "tally", "--by", "side"], env)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out

    coloured = under_pty({})
    assert "╭".encode() in coloured and b"\x1b[" in coloured
    plain = under_pty({"NO_COLOR": "1"})
    assert "╭".encode() in plain and b"\x1b[3" not in plain and b"\x1b[9" not in plain  # bold is not colour


# ------------------------------------------------------------------ properties

safe_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def stores(draw: st.DrawFn) -> dict[str, Any]:
    d = minimal_store()
    n = draw(st.integers(min_value=0, max_value=6))
    events = []
    for i in range(n):
        killed = draw(st.one_of(st.none(), st.integers(0, 50), st.builds(lambda a, b: {"min": a, "max": b}, st.integers(0, 5), st.none())))
        e = copy.deepcopy(d["events"][0])
        e["id"] = f"e{i}"
        e["summary"] = draw(safe_text.filter(lambda s: s != ""))
        e["date"] = draw(st.dates(min_value=__import__("datetime").date(2020, 1, 1), max_value=__import__("datetime").date(2025, 12, 31))).isoformat()
        e["casualties"] = [] if killed is None else [{"party": "bravo", "killed": killed}]
        events.append(e)
    d["events"] = events
    d["actors"][0]["name"] = draw(safe_text.filter(lambda s: any(c.isalnum() for c in s)).filter(lambda s: s.strip().casefold() not in ("alpha unit", "bravo army")))
    d["actors"][0]["aliases"] = []
    return d


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=stores())
def test_generated_stores_through_every_view_and_format(data: dict[str, Any]) -> None:
    """Loading, every view and every renderer, as the commands chain them (in-process, so it stays fast)."""

    from dezzor_cli.errors import StoreError
    from dezzor_cli.render import Target, render
    from dezzor_cli.store.read import LoadedStore, build

    raw = json.loads(json.dumps(data, ensure_ascii=False))
    try:
        loaded = LoadedStore(build(raw, Path("gen.json")), Path("gen.json"))
    except StoreError as exc:  # a generated name may collide with another after normalisation: it must say so
        assert "also names" in exc.message or "no letters or digits" in exc.message, exc.message
        return
    built = every_view(loaded)
    for v in built:
        for fmt in Format:
            text = render(v, fmt, Target())
            assert not any(ch in text for ch in "\x1b\x9b\x07\x08\r\x00\u202e"), (v.title, fmt, repr(text))
    assert sorted(e["summary"] for e in json.loads(render(built[0], Format.json, Target()))) == sorted(e["summary"] for e in data["events"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_any_date_text_parses_or_is_a_usage_error(text: str) -> None:
    try:
        span = dates.parse_span(text)
    except UsageError as exc:
        assert "\n" not in exc.message
    else:
        assert span.start <= span.end


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_any_name_resolves_or_is_a_usage_error(text: str) -> None:
    from dezzor_cli.query.index import Index
    from dezzor_cli.store.read import bundled_path, load

    ix = _IX.get("ix") or _IX.setdefault("ix", Index(load(bundled_path()).store))
    try:
        ix.places.resolve(text)
    except UsageError as exc:
        assert exc.message.startswith("unknown place")


_IX: dict[str, Any] = {}
