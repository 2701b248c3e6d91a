"""The command line's side of the data flow: loading with progress, and putting a view on the streams."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import streams
from .options import Color, Output

if TYPE_CHECKING:
    from ..query.index import Index
    from ..views.model import View

_kept: tuple[Any, ...] = ()
paging = True  # False after `dezzor --no-pager COMMAND` (the root callback sets it for every command)


def say(message: str) -> None:
    """One line for the user on stderr (never data), shown literally; lost quietly if stderr is gone."""
    from ..render.text import safe

    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(safe(message) + "\n")
        sys.stderr.flush()


def note(message: str) -> None:
    say(f"dezzor: note: {message}")


def load(data: str | None) -> Index:
    """The store, validated and indexed, loaded with a progress bar on a terminal and notes on stderr."""
    from ..query.index import Index
    from ..render.progress import progress
    from ..store.read import load as load_store

    loaded = load_store(data, progress=progress, warn=note)
    ix = Index(loaded.store)
    keep(loaded, ix)
    # What a command makes from here on is many small objects and no cycles (events, rows, records, text), freed
    # as they go out of use, and the process ends once they are printed: the cyclic collector would only rescan
    # them, a tenth of the time of a tally by month of 1,000,000 events.  cli/main.py turns it back on.
    gc.disable()
    return ix


def keep(*objects: Any) -> None:
    """Keep ``objects`` until the process ends: freeing a large store object by object costs about a second per
    million events, and the console script exits without that teardown (see entry.py)."""
    global _kept
    _kept = objects


def forms(out: Output) -> frozenset[str]:
    """The forms of a view (``views.model``) that ``out`` prints or saves: the one its format reads, and the body
    for --svg and --html pictures."""
    from ..render import FORMS
    from ..views.model import BODY

    return frozenset({FORMS[out.fmt], *([BODY] if out.svg or out.html else [])})


def emit(view: View, out: Output) -> None:
    """Print ``view`` as ``out`` asks, and save the pictures asked for (their paths were checked on the way in).

    A table is coloured as ``--color`` says (the other formats never are); at a terminal, a
    listing taller than the screen goes through the pager unless ``--no-pager``.
    """
    from ..render import Format
    from ..render import emit as emit_view

    color = {Color.always: True, Color.never: False}.get(out.color) if out.fmt is Format.table else False
    emit_view(view, out.fmt, _writer(paging=paging and not out.no_pager), say, sys.stdout, raw=out.raw, color=color)
    if out.svg or out.html:
        from ..render.snapshot import snapshot

        for path in snapshot(view, svg=out.svg, html=out.html, force=out.force):
            say(f"wrote {path}")


def _writer(paging: bool) -> Callable[[str, bool], None]:
    """``streams.write``, or the pager when ``paging`` and the text is too tall for the terminal."""

    def write(text: str, utf8_bytes: bool) -> None:
        if paging and streams.is_terminal():  # the pager's module is loaded only at a terminal
            from . import pager

            if pager.wanted(text) and pager.page(text, utf8_bytes):
                return
        streams.write(text, utf8_bytes)

    return write


def write_or_print(text: str, path: str | None, force: bool) -> None:
    """``text`` as UTF-8 on stdout, or written atomically to ``path`` (which must not exist unless ``force``)."""
    if path is None:
        streams.write(text, utf8_bytes=True)
        return
    from ..atomic import write_text

    say(f"wrote {write_text(path, text, force=force)}")


def width() -> int:
    """The terminal's width for charts that scale to it (at least 40; 100 off a terminal)."""
    import shutil

    return max(40, shutil.get_terminal_size((100, 24)).columns)

