"""A CSV file read as a stream of records, for the imports (ACLED, UCDP GED): what they share of reading.

* :class:`Lines`: a binary stream's lines, decoded as UTF-8 :data:`CHUNK` bytes at a time (a
  UTF-8 byte-order mark at the start dropped; a bad byte named with its offset and line);
* :func:`records`: each CSV record with the lines it spans, or why it cannot be read (a strict
  reader: a quote that closes a cell must be followed by a comma or a line end); a file that
  ends inside a quoted cell raises :class:`Unclosed`;
* :func:`swallowed`: whether a cell holds whole rows of the file (a quote closed too late);
* :func:`refuse`: the one StoreError for bad rows (without ``--skip-bad``) or no usable row;
* :class:`Hashed`: a stream that keeps the SHA-256 of the bytes read through it.

``label`` is how messages name the file's kind ("the ACLED CSV", "the UCDP GED CSV").
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

from ..errors import StoreError, reason

__all__ = [
    "CHUNK", "MAX_PROBLEMS_IN_MESSAGE", "Hashed", "Lines", "Problem", "Readable", "Record", "Sink", "Unclosed",
    "column", "feed", "records", "refuse", "show", "swallowed",
]  # fmt: skip

CHUNK = 1 << 16  # bytes read at a time
MAX_PROBLEMS_IN_MESSAGE = 3

Problem = tuple[int, str]  # the CSV line a bad row starts on, and what is wrong with it

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")  # a line and its end, as io's newline="" splits them
_LINE_END = re.compile(r"\r\n|\r|\n")


def show(value: str) -> str:
    """A cell quoted for a message, cut short when long."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def refuse(problems: list[Problem], events: int, skip_bad: bool, label: str) -> None:
    """Raise StoreError for bad rows without --skip-bad, and for a file without a usable row."""
    if problems and not skip_bad:
        shown = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        tail = f" (and {more} more)" if more > 0 else ""
        raise StoreError(
            f"{len(problems)} bad row{'s' if len(problems) != 1 else ''} in {label}: {shown}{tail};"
            " rerun with --skip-bad to leave them out",
            [f"line {n}: {msg}" for n, msg in problems],
        )
    if not events:
        if problems:
            raise StoreError(f"no usable row in {label}: all {len(problems)} rows are bad "
                             f"(first: line {problems[0][0]}: {problems[0][1]})")
        raise StoreError(f"{label} has a header but no rows")


# --------------------------------------------------------------------------- records

Record = tuple[int, int, "list[str] | str"]  # the first and last line of a record, and its cells or a message
_Row = TypeVar("_Row", contravariant=True)


class Sink(Protocol, Generic[_Row]):
    """Where :func:`feed` puts each row: an import's builder."""

    def problem(self, line: int, message: str) -> None: ...
    def add(self, row: _Row, /) -> None: ...
    def flush(self) -> None: ...


def feed(rows: Iterator[Record], header: list[str], parse: Callable[[list[str], int], _Row | str],
         sink: Sink[_Row], label: str) -> None:
    """Each record parsed (``parse(cells, line)``: a row, or a message) and added to ``sink``, or its problem
    given; blank lines are passed over; the sink is flushed at the end.  A file that ends inside a quoted
    cell raises StoreError naming the cell (by ``header``) and the lines."""
    try:
        for line, last, cells in rows:
            if isinstance(cells, str):
                sink.problem(line, cells)
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line
            row = swallowed(cells, header, line, last) or parse(cells, line)
            if isinstance(row, str):
                sink.problem(line, row)
            else:
                sink.add(row)
    except Unclosed as exc:
        raise StoreError(exc.message(header, label)) from None
    sink.flush()



class Unclosed(Exception):
    """The file ends inside a quoted cell (a quote opened in the record from ``first`` is never closed)."""

    def __init__(self, first: int, last: int, first_text: str) -> None:
        super().__init__(first, last)
        self.first, self.last, self.first_text = first, last, first_text

    def message(self, header: list[str], label: str) -> str:
        opened = len(next(csv.reader([self.first_text]), [""])) - 1  # the cell the quote opens
        name = column(header, opened)
        return (
            f"{label} ends inside a quoted cell: the quote that opens the {name} cell on line {self.first} "
            f"is never closed, so lines {self.first}-{self.last} would be read as one row; close or remove that quote"
        )


def records(lines: Lines) -> Iterator[tuple[int, int, list[str] | str]]:
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
                raise Unclosed(first, end, lines.watched) from None
            yield first, end, _malformed(str(exc), first, end)
            continue
        first, end = end + 1, reader.line_num
        yield first, end, cells


def _malformed(why: str, first: int, last: int) -> str:
    where = f"; the row runs over lines {first}-{last}" if last > first else ""
    if "field larger than field limit" in why:
        return f"has a cell longer than {csv.field_size_limit():,} characters (a quote left open?){where}"
    return f"is not valid CSV: a quote is followed by other text where a comma should be ({why}){where}"


def swallowed(cells: list[str], header: list[str], first: int, last: int) -> str | None:
    """A message when a cell holds whole rows of the file (a quote that closes too late), else None."""
    for i, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        for piece in _LINE_END.split(cell)[1:]:
            if len(next(csv.reader([piece]), [])) >= len(header):
                return (
                    f"its {column(header, i)} cell runs over lines {first}-{last} and holds whole rows of the file "
                    "(a quote in it is not closed where the cell should end)"
                )
    return None


def columns_of(names: list[str], required: tuple[str, ...] | list[str], label: str) -> dict[str, int]:
    """Each column's position by its name (trimmed, lower case; Lines has dropped a byte-order mark).  A name given
    twice is refused (which of its cells is the value is not guessed), and so is a header without a required
    column."""
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name.strip().lower()
        if key and key in columns:
            raise StoreError(f"{label} names the column {show(key)} twice (columns {columns[key] + 1} and {i + 1}); "
                             "which of them to read is not guessed")
        columns.setdefault(key, i)
    missing = [c for c in required if c not in columns]
    if missing:
        raise StoreError(f"{label} lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return columns


def column(header: list[str], i: int) -> str:
    """A column's name for a message (quoted when it holds odd characters), or its number."""
    name = header[i].strip() if i < len(header) else ""
    if not name:
        return f"column {i + 1}"
    return name if name.isprintable() and len(name) <= 40 else show(name)


# --------------------------------------------------------------------------- lines


class Readable(Protocol):
    """What :class:`Lines` needs of its input: a binary stream's ``read``."""

    def read(self, size: int = -1, /) -> bytes: ...


class Lines:
    """The lines of a binary stream decoded as UTF-8 (line ends kept), read :data:`CHUNK` bytes at a time.

    Lines end at ``\\r\\n``, ``\\r`` or ``\\n``, as for a file opened with ``newline=""``.
    ``watched`` is the text of line number ``watch`` once it has been read (the start
    of the record being read), and ``done`` says that the stream has ended.
    """

    def __init__(self, source: Readable, name: str) -> None:
        self._lines = _decoded_lines(source, name)
        self.count = 0
        self.watch = 1
        self.watched = ""
        self.done = False

    def __iter__(self) -> Lines:
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


def _decoded_lines(source: Readable, name: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    consumed = newlines = 0  # bytes given to the decoder before this chunk, and the b"\n" among them
    parts: list[str] = []  # the text of the line being read, when it spans chunks
    start = True
    while True:
        chunk = _read(source, name)
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


def _read(source: Readable, name: str) -> bytes:
    try:
        return source.read(CHUNK) or b""
    except OSError as exc:
        raise StoreError(f"cannot read {name}: {reason(exc)}") from None


class Hashed:
    """A binary stream's bytes as they are read, with the SHA-256 of all read so far (``hexdigest``)."""

    def __init__(self, source: Readable) -> None:
        self._source = source
        self._hash = hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        data = self._source.read(size) or b""
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
