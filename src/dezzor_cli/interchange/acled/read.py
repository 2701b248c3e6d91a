"""Import: an ACLED CSV, read as a stream of rows -> per-row problems and a store (:func:`read_csv`).

The file is read in pieces of :data:`CHUNK` bytes and decoded as it comes; each record
is parsed, checked and built into an event at once, and the events wait in a spool (a
temporary file the caller gives) until the actors and places are settled.  So the import
holds the registries and one batch of rows, never the file or the store whole.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ...errors import StoreError
from .build import Builder, Problem
from .columns import REQUIRED_COLUMNS
from .parse import parse_row, show
from .write import Assembled, store_chunks

__all__ = ["CHUNK", "MAX_PROBLEMS_IN_MESSAGE", "Imported", "import_rows", "read_csv"]

CHUNK = 1 << 16  # bytes read at a time
MAX_PROBLEMS_IN_MESSAGE = 3

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")  # a line and its end, as io's newline="" splits them
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass
class Imported:
    """The result of reading the CSV: the problems of the rows left out, the counts, and the store to write."""

    problems: list[Problem]
    events: int
    actors: int
    places: int
    _assembled: Assembled = field(repr=False)
    _spool: Any = field(repr=False)

    def chunks(self) -> Iterator[bytes]:
        """The store's JSON text (UTF-8), validated as it is made: StoreError, naming the input line, if not valid."""
        return store_chunks(self._assembled, self._spool)


def import_rows(text: str, *, skip_bad: bool) -> tuple[dict[str, Any], list[Problem]]:
    """The store (as JSON data) made from the text of an ACLED CSV, and the problems of the rows left out.

    For small files and tests: :func:`read_csv` with the text as the file and the spool in memory.
    """
    spool = io.BytesIO()
    imported = read_csv(io.BytesIO(text.encode("utf-8")), skip_bad=skip_bad, spool=spool)
    return json.loads(b"".join(imported.chunks())), imported.problems


def read_csv(
    source: BinaryIO, *, skip_bad: bool, spool: BinaryIO, name: str = "the ACLED CSV", file: str | None = None,
) -> Imported:
    """Read an ACLED CSV download from ``source`` (any binary stream) into a store, spooling its events in ``spool``.

    ``name`` is how messages name the input; ``file`` the file name the store records as its source's
    (``meta.sources[0].file``, with the SHA-256 of every byte read), if any.

    The first row must be the header; column names are matched without regard
    to case or surrounding spaces, unknown columns are ignored, and a missing
    :data:`REQUIRED_COLUMNS` entry raises :class:`StoreError` naming them all.
    A UTF-8 byte-order mark at the start (Excel adds one) is dropped.

    Each row becomes one event:

    * ``id``: ``event_id_cnty`` made into an id (lower case, other characters
      become hyphens: ``SYR12345`` -> ``syr12345``; a dezzor export's ids come
      back unchanged).
    * ``date``: ``event_date`` (``2024-12-03``, ``03 December 2024`` or
      ``03-December-2024``).  ``time_precision`` 1 (or blank) is that day; 2 is
      the seven days from it (precision "range"); 3 is its calendar month when the
      date is the 1st (precision "month"), else the 31 days from it.  ACLED's date
      stays the first day, so the export gives back the same date and code; the
      ``date_note`` says how the span was read.
    * ``kind``: ``sub_event_type`` (``event_type`` is derived from it, not read).
    * actors: ``actor1`` as initiator, each ``assoc_actor_1`` name as
      supporter, ``actor2`` as target, each ``assoc_actor_2`` name as target
      too (they stand with ``actor2``; the model has no "target's supporter"
      role, and this keeps export -> import -> export stable).  One actor
      record per name (compared as :func:`~dezzor_cli.store.vocab.normalise` does,
      spelt as first met); ids are slugs of the names, made unique.  Its type
      comes from the first ``inter1``/``inter2`` given for it (numeric 1-8 or
      the text labels of newer ACLED files); an actor without one (met only as an
      associated actor, or in a tag) is typed as :meth:`.build.Actors.settle` says.
    * place: a hierarchy country > admin1 > admin2 > admin3 > location
      (types governorate/district/subdistrict for Syria, admin1/admin2/admin3
      elsewhere, "location" for the location), with each row's point where the
      export finds it again with the same ``geo_precision`` (see :mod:`.geo`);
      no ``geonames_id``.  Two places that would share a name get a qualifier
      such as "Deir-ez-Zor (location)" and a note with ACLED's name; the export
      takes the qualifier off again.  A row may name no place at all.
    * ``casualties``: a ``fatalities`` figure above 0 (or any figure with a
      certainty tag) becomes one casualty of party null (ACLED does not say whose
      dead they are) with ``killed`` set.
    * ``summary``: ``notes`` as it is, or "No notes in the ACLED row." when empty.
    * ``fatalities``: ACLED's figure, as it is (0 included), in the event's ``fatalities``.
    * ``place_precision``: ``geo_precision`` 1, 2, 3 as "exact", "near", "region".
    * ``source``: the citation ``{"source": "acled", "record": <event_id_cnty as
      written>, "line": <CSV line of the row>, "reports": <ACLED's source>,
      "scale": <source_scale>, "timestamp": <timestamp>}`` (blank cells left out);
      ``meta.sources`` has the one source "acled" of kind "acled" with the file's
      name, the SHA-256 of its bytes and a citation naming ACLED.  Tags not
      understood are kept in the event's ``note``.
    * ``tags`` written by :func:`export_rows` ("claimed by X", "alleged",
      "fatalities claimed by X", "fatalities alleged") set the certainty of the
      event and of its fatalities; a claimant not named elsewhere becomes an actor.

    A row that cannot be read -- an unreadable date, an unknown sub-event type,
    fatalities that are not a whole number, bad coordinates, an unknown inter
    code, a missing or repeated ``event_id_cnty``, tags that give one statement
    two certainties, a quote that swallows whole rows, an event the store would
    refuse -- is a problem ``(line, message)``, where ``line`` is the CSV line
    the row starts on.  Without ``skip_bad`` any problem raises
    :class:`StoreError` quoting the first few (all of them are in its
    ``details``); with ``skip_bad`` the bad rows are left out and the problems
    returned.  A file that ends inside a quoted cell, and a file with no usable
    row at all, are a StoreError either way.
    """
    lines = _Lines(source, name)
    records = _records(lines)
    first = next(records, None)
    if first is None:
        raise StoreError("the ACLED CSV is empty; it needs a header row with ACLED's column names")
    _, _, header = first
    if isinstance(header, str):
        raise StoreError(f"the ACLED CSV's header cannot be read: {header}")
    columns: dict[str, int] = {}
    for i, column in enumerate(header):
        columns.setdefault(column.strip().lstrip("\ufeff").lower(), i)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise StoreError(
            f"the ACLED CSV lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )

    builder = Builder(spool)
    try:
        for line, last, cells in records:
            if isinstance(cells, str):
                builder.problem(line, cells)
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line
            row = _swallowed(cells, header, line, last) or parse_row(cells, columns, len(header), line)
            if isinstance(row, str):
                builder.problem(line, row)
            else:
                builder.add(row)
    except _Unclosed as exc:
        raise StoreError(exc.message(header)) from None
    builder.flush()
    problems = sorted(builder.problems)
    _refuse(problems, builder.events, skip_bad)

    builder.actors.settle()
    builder.places.settle()
    builder.places.name()
    assembled = Assembled(
        meta=builder.meta(file, lines.sha256.hexdigest() if lines.done else None),
        actors=builder.actors.records(),
        places=builder.places.records(),
        actor_lines=[a.line for a in builder.actors.actors],
        place_lines=[p.line for p in builder.places.places],
        moved=builder.places.moved,
    )
    return Imported(problems, builder.events, len(builder.actors), len(builder.places), assembled, spool)


def _refuse(problems: list[Problem], events: int, skip_bad: bool) -> None:
    """Raise StoreError for bad rows without --skip-bad, and for a file without a usable row."""
    if problems and not skip_bad:
        shown = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        tail = f" (and {more} more)" if more > 0 else ""
        raise StoreError(
            f"{len(problems)} bad row{'s' if len(problems) != 1 else ''} in the ACLED CSV: {shown}{tail};"
            " rerun with --skip-bad to leave them out",
            [f"line {n}: {msg}" for n, msg in problems],
        )
    if not events:
        if problems:
            raise StoreError(f"no usable row in the ACLED CSV: all {len(problems)} rows are bad "
                             f"(first: line {problems[0][0]}: {problems[0][1]})")
        raise StoreError("the ACLED CSV has a header but no rows")


# --------------------------------------------------------------------------- records


class _Unclosed(Exception):
    """The file ends inside a quoted cell (a quote opened in the record from ``first`` is never closed)."""

    def __init__(self, first: int, last: int, first_text: str) -> None:
        super().__init__(first, last)
        self.first, self.last, self.first_text = first, last, first_text

    def message(self, header: list[str]) -> str:
        opened = len(next(csv.reader([self.first_text]), [""])) - 1  # the cell the quote opens
        column = _column(header, opened)
        return (
            f"the ACLED CSV ends inside a quoted cell: the quote that opens the {column} cell on line {self.first} "
            f"is never closed, so lines {self.first}-{self.last} would be read as one row; close or remove that quote"
        )


def _records(lines: _Lines) -> Iterator[tuple[int, int, list[str] | str]]:
    """Each CSV record with the lines it spans, or a message saying why it cannot be read.

    The reader is strict: a quote that closes a cell must be followed by a comma or a
    line end, and the file must not end inside a quoted cell.  (Python's lenient reader
    would read on, so that one stray quote makes one cell of every row after it.)
    """
    reader = csv.reader(lines, strict=True)
    end = 0
    while True:
        lines.watch = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            first, end = end + 1, reader.line_num
            if lines.done:
                raise _Unclosed(first, end, lines.watched) from None
            yield first, end, _malformed(str(exc), first, end)
            continue
        first, end = end + 1, reader.line_num
        yield first, end, cells


def _malformed(reason: str, first: int, last: int) -> str:
    where = f"; the row runs over lines {first}-{last}" if last > first else ""
    if "field larger than field limit" in reason:
        return f"has a cell longer than {csv.field_size_limit():,} characters (a quote left open?){where}"
    return f"is not valid CSV: a quote is followed by other text where a comma should be ({reason}){where}"


def _swallowed(cells: list[str], header: list[str], first: int, last: int) -> str | None:
    """A message when a cell holds whole rows of the file (a quote that closes too late), else None."""
    for i, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        for piece in _LINE_END.split(cell)[1:]:
            if len(next(csv.reader([piece]), [])) >= len(header):
                return (
                    f"its {_column(header, i)} cell runs over lines {first}-{last} and holds whole rows of the file "
                    "(a quote in it is not closed where the cell should end)"
                )
    return None


def _column(header: list[str], i: int) -> str:
    """A column's name for a message (quoted when it holds odd characters), or its number."""
    name = header[i].strip() if i < len(header) else ""
    if not name:
        return f"column {i + 1}"
    return name if name.isprintable() and len(name) <= 40 else show(name)


# --------------------------------------------------------------------------- lines


class _Lines:
    """The lines of a binary stream decoded as UTF-8 (line ends kept), read :data:`CHUNK` bytes at a time.

    Lines end at ``\\r\\n``, ``\\r`` or ``\\n``, as for a file opened with ``newline=""``.
    ``watched`` is the text of line number ``watch`` once it has been read (the start
    of the record being read), and ``done`` says that the stream has ended.
    """

    def __init__(self, source: BinaryIO, name: str) -> None:
        self.sha256 = hashlib.sha256()  # of every byte read (the file's, once it has been read to its end)
        self._lines = _decoded_lines(source, name, self.sha256)
        self.count = 0
        self.watch = 1
        self.watched = ""
        self.done = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            line = next(self._lines)
        except StopIteration:
            self.done = True
            raise
        self.count += 1
        if self.count == self.watch:
            self.watched = line
        return line


def _decoded_lines(source: BinaryIO, name: str, sha256: Any) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = newlines = 0  # bytes given to the decoder before this chunk, and the b"\n" among them
    parts: list[str] = []  # the text of the line being read, when it spans chunks
    start = True
    while True:
        chunk = _read(source, name)
        sha256.update(chunk)
        held = len(decoder.getstate()[0])  # bytes of a character cut at the previous chunk's end
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            at = max(0, exc.start - held)
            line = newlines + chunk[:at].count(b"\n") + 1
            raise StoreError(f"{name} is not valid UTF-8 (byte {consumed - held + exc.start}, line {line})") from None
        consumed += len(chunk)
        newlines += chunk.count(b"\n")
        if start and text:
            text, start = text.removeprefix("\ufeff"), False
        if chunk and "\n" not in text and "\r" not in text:
            parts.append(text)
            continue
        buffer = "".join([*parts, text])
        parts = []
        used = 0
        for m in _LINE.finditer(buffer):
            if chunk and m.end() == len(buffer) and buffer.endswith("\r"):
                break  # perhaps the first half of "\r\n": wait for the next chunk
            yield m.group()
            used = m.end()
        rest = buffer[used:]
        if not chunk:
            if rest:
                yield rest
            return
        parts.append(rest)


def _read(source: BinaryIO, name: str) -> bytes:
    try:
        return source.read(CHUNK) or b""
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise StoreError(f"cannot read {name}: {reason[:1].lower() + reason[1:]}") from None
