"""The bundled store at a terminal of 40 to 200 columns: nothing broken, nothing past the edge.

The timeline runs in a real pseudo-terminal of each size (as a person would see it, colour and
frames included, escapes then removed); the other commands are drawn in-process for a terminal
of that width (FORCE_COLOR and COLUMNS, which take the same path), to keep the suite fast.  A
name, date or id must never be split across lines: every one that is shown is found whole.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from pathlib import Path

import pytest
from rich.cells import cell_len

from dezzor_cli.store.read import bundled_path

from .pty_run import ESCAPES, run_in_pty

WIDTHS = [40, 60, 80, 120, 200]


@cache
def _store() -> dict:  # type: ignore[type-arg]
    return json.loads(Path(bundled_path()).read_text(encoding="utf-8"))


@cache
def _screen(args: tuple[str, ...], width: int) -> str:
    if args[0] == "timeline":
        return run_in_pty(list(args), width)
    return _drawn(args, width)


def _drawn(args: tuple[str, ...], width: int) -> str:
    """What ``dezzor ARGS`` draws for a terminal ``width`` columns wide, run in this process."""
    import contextlib
    import io
    import os

    from dezzor_cli.cli import main

    saved = {k: os.environ.get(k) for k in ("FORCE_COLOR", "COLUMNS", "NO_COLOR", "DEZZOR_DATA")}
    os.environ.update(FORCE_COLOR="1", COLUMNS=str(width))
    for name in ("NO_COLOR", "DEZZOR_DATA"):
        os.environ.pop(name, None)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
            main(list(args))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return ESCAPES.sub("", out.getvalue() + err.getvalue())


def _tokens() -> set[str]:
    """Ids, dates and names that must stay whole (those with a space or hyphen could be split)."""
    s = _store()
    names = {a["name"] for a in s["actors"]} | {a["short"] for a in s["actors"] if a.get("short")}
    names |= {p["name"] for p in s["places"]} | {side["name"] for side in s["sides"]}
    names |= {e["id"] for e in s["events"]} | {e["date"] for e in s["events"]}
    return {n for n in names if " " in n or "-" in n}


@cache
def _splits() -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """Every way to cut each token in two, by the word (or part of a word) on each side of the cut."""
    out: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for token in _tokens():
        for j in range(1, len(token)):
            head, tail = token[:j].rstrip(), token[j:].lstrip()
            if head and tail:
                out.setdefault((head.split()[-1], tail.split()[0]), []).append((token, head, tail))
    return out


_FRAME = re.compile("[│┃║|]")


def _broken(screen: str, width: int) -> list[str]:
    """Tokens cut across two lines: the end of a cell on one line, its rest in the same cell on the next.

    A screen line is split into its cells at the frame's bars (a stacked layout has one cell a line).
    """
    cells = [[c.strip() for c in _FRAME.split(line)] for line in screen.splitlines()]
    out = set()
    for above, below in itertools.pairwise(cells):
        for a, b in zip(above, below, strict=False):  # a stacked line and a framed one may differ in cells
            if not a or not b:
                continue
            for token, head, tail in _splits().get((a.split()[-1], b.split()[0]), ()):
                if a.endswith(head) and b.startswith(tail) and cell_len(token) <= width - 4:
                    out.add(token)
    return sorted(out)


COMMANDS = [
    ("timeline",),
    ("tally",),
    ("tally", "--by", "side"),
    ("control", "--on", "2024-12-08"),
    ("control",),
    ("show", "2024-12-06-sdf-takes-deir-ez-zor"),
    ("actors",),
    ("places",),
    ("summary",),
    ("tally", "--reconcile"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_nothing_is_broken_and_nothing_runs_past_the_edge(args: tuple[str, ...], width: int) -> None:
    screen = _screen(args, width)
    too_wide = [line for line in screen.splitlines()
                if cell_len(line) > width and not (line.strip() in _tokens() and cell_len(line.strip()) > width - 2)]
    assert too_wide == []
    assert _broken(screen, width) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_id_is_on_the_timeline(width: int) -> None:
    lines = {line.strip() for line in _screen(("timeline",), width).splitlines()}
    text = "\n".join(lines)
    missing = [e["id"] for e in _store()["events"] if e["id"] not in text]
    assert missing == []


def test_the_whole_timeline_at_120_columns_fits_in_300_lines() -> None:
    assert len(_screen(("timeline",), 120).splitlines()) <= 300


def test_headers_are_whole_in_a_table_layout() -> None:
    screen = _screen(("tally", "--by", "side"), 120)
    assert "│ Side" in screen and "│ Killed │ Injured │ Arrested │ Events │" in screen


def test_the_readme_gives_the_timelines_true_length() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    found = re.search(r"takes (\d+) lines at 60 columns, (\d+) at 120 and (\d+) at 200", readme)
    assert found is not None
    assert [int(n) for n in found.groups()] == [len(_screen(("timeline",), w).splitlines()) for w in (60, 120, 200)]
