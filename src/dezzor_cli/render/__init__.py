"""Step 6 of the data flow: a view in one chosen format, as text.

Every format has one renderer, a pure function ``(view, target) -> str``,
listed in :data:`RENDERERS` (imported when first used, so a command pays only
for the format it prints).  :func:`emit` is the one place output leaves: it
writes the rendered text to stdout and, once for every format, the
empty-result message, the notes, and (off a terminal) the title and caption
to stderr, so stdout carries only data.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from importlib import import_module
from typing import IO

from ..views.model import BODY, CSV, RECORDS, View

MIN_WIDTH = 40


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@dataclass(frozen=True)
class Target:
    """What the output goes to, decided once from the stream and the environment."""

    terminal: bool = False  # drawn for a terminal: frames, titles (a terminal, or colour forced onto a pipe)
    color: bool = False  # colour escapes (never used by json, jsonl, csv or markdown)
    width: int | None = None  # None: not wrapped (a pipe or a file)
    utf8: bool = True  # the stream can take any character (JSON escapes the rest)
    raw: bool = False  # CSV: leave cells a spreadsheet would run as formulas alone

    @property
    def decorated(self) -> bool:
        """Titles and captions are drawn with the table (else they go to stderr)."""
        return self.terminal


Renderer = Callable[[View, Target], str]

# format -> (module in this package, function): each is a pure renderer
RENDERERS: dict[Format, tuple[str, str]] = {
    Format.table: ("table", "render"),
    Format.json: ("data", "render_json"),
    Format.jsonl: ("data", "render_jsonl"),
    Format.csv: ("data", "render_csv"),
    Format.markdown: ("markdown", "render"),
}


# format -> the form of a view (views.model) its renderer reads
FORMS: dict[Format, str] = {Format.table: BODY, Format.json: RECORDS, Format.jsonl: RECORDS, Format.csv: CSV,
                            Format.markdown: BODY}


def renderer(fmt: Format) -> Renderer:
    module, name = RENDERERS[fmt]
    function: Renderer = getattr(import_module(f"{__name__}.{module}"), name)
    return function


def render(view: View, fmt: Format, target: Target = Target()) -> str:
    """The text ``fmt`` prints for ``view`` on stdout (a table of an empty result prints nothing)."""
    if FORMS[fmt] not in view.forms:  # a bug: the view was built for another format
        raise ValueError(f"the view was built without its {FORMS[fmt]} form, which {fmt.value} needs")
    if view.is_empty and fmt in (Format.table, Format.markdown):
        return ""
    return renderer(fmt)(view, target)


def messages(view: View, fmt: Format, target: Target = Target()) -> list[str]:
    """What goes to stderr beside the data: the empty-result message, or decoration and notes."""
    if view.is_empty:
        return [view.empty]
    out = []
    if fmt is Format.table and not target.decorated:
        out += [line for line in (view.title, view.caption) if line]
    return out + view.notes


def target_for(stream: IO[str], raw: bool = False, color: bool | None = None) -> Target:
    """The Target for ``stream``: a terminal (unless TERM=dumb) gets decoration, and colour as ``color`` says.

    ``color`` is True (``--color always``), False (``never``) or None (``auto``): colour at a
    terminal, except that a non-empty NO_COLOR turns it off and, failing that, a non-empty
    FORCE_COLOR turns it on even off a terminal.  Colour is drawn the terminal's way, so forced
    colour off a terminal also brings frames and titles, $COLUMNS (else 80) wide.
    """
    tty = _isatty(stream)
    terminal = tty and os.environ.get("TERM") != "dumb"
    if color is None:
        color = not os.environ.get("NO_COLOR") and (terminal or bool(os.environ.get("FORCE_COLOR")))
    terminal = terminal or color
    width = _env_width()
    if width is None and (tty or color):
        width = _terminal_width(stream)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    return Target(
        terminal=terminal,
        color=color,
        width=max(width, MIN_WIDTH) if width is not None else None,
        utf8=encoding in ("utf8", "utf8sig"),
        raw=raw,
    )


BYTE_FORMATS = frozenset({Format.csv})  # UTF-8 whatever the locale: a spreadsheet reads them, not a terminal


def emit(view: View, fmt: Format, write: Callable[[str, bool], None], say: Callable[[str], None],
         out: IO[str], raw: bool = False, color: bool | None = None) -> Target:
    """Render ``view`` for the stream ``out`` and hand the text to ``write`` and each message to ``say``.

    ``write(text, utf8_bytes)`` puts data on stdout; ``say(line)`` puts one line on stderr.
    """
    target = target_for(out, raw, color)
    if fmt in BYTE_FORMATS:
        target = dataclasses.replace(target, utf8=True)
    text = render(view, fmt, target)
    if text:
        write(text, fmt in BYTE_FORMATS)
    for line in messages(view, fmt, target):
        say(line)
    return target


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _env_width() -> int | None:
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _terminal_width(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80
