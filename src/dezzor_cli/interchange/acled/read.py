"""Import: the text of an ACLED CSV -> parsed rows and per-row problems -> a store (:func:`import_rows`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from ...errors import StoreError
from .build import store_data
from .columns import REQUIRED_COLUMNS
from .parse import Row, parse_row, show

__all__ = ["MAX_PROBLEMS_IN_MESSAGE", "import_rows", "read_rows"]

MAX_PROBLEMS_IN_MESSAGE = 3

Problem = tuple[int, str]  # the CSV line a bad row starts on, and what is wrong with it


def import_rows(text: str, *, skip_bad: bool) -> tuple[dict[str, Any], list[Problem]]:
    """Build a store (as JSON-ready data) from the text of an ACLED CSV download.

    The first row must be the header; column names are matched without regard
    to case or surrounding spaces, unknown columns are ignored, and a missing
    :data:`REQUIRED_COLUMNS` entry raises :class:`StoreError` naming them all.
    A UTF-8 byte-order mark at the start (Excel adds one) is dropped.

    Each row becomes one event:

    * ``id``: ``event_id_cnty`` made into an id (lower case, other characters
      become hyphens: ``SYR12345`` -> ``syr12345``; a dezzor export's ids come
      back unchanged).
    * ``date``: ``event_date`` (``2024-12-03``, ``03 December 2024`` or
      ``03-December-2024``), always with precision "day": ACLED gives one day
      even when it knows only the week or month.  ``time_precision`` 2 or 3 is
      kept honestly in ``date_note`` ("ACLED time_precision 2: ...").
    * ``kind``: ``sub_event_type`` (``event_type`` is derived from it, not read).
    * actors: ``actor1`` as initiator, each ``assoc_actor_1`` name as
      supporter, ``actor2`` as target, each ``assoc_actor_2`` name as target
      too (they stand with ``actor2``; the model has no "target's supporter"
      role, and this keeps export -> import -> export stable).  One actor
      record per name (compared as :func:`~dezzor_cli.store.vocab.normalise` does);
      ids are slugs of the names, made unique.  Its type comes from the first
      ``inter1``/``inter2`` given for it (numeric 1-8 or the text labels of
      newer ACLED files); an actor met only as an associated actor is typed
      from its name when that says Civilians, Protesters or Rioters, else from
      the actor it is associated with (noted on the actor).
    * place: a hierarchy country > admin1 > admin2 > admin3 > location
      (types governorate/district/subdistrict for Syria, admin1/admin2/admin3
      elsewhere, "location" for the location), with the coordinates on the
      location; no ``geonames_id``.  A location named like the admin area
      above it and without its own point (blank coordinates, or
      ``geo_precision`` 3) is that area itself.  Places are told apart by
      their whole path and coordinates; two that would share a name get a
      qualifier such as "Deir-ez-Zor (location)" and a note with ACLED's name.
    * ``casualties``: a ``fatalities`` figure above 0 becomes one casualty of
      party null (ACLED does not say whose dead they are) with ``killed`` set.
    * ``summary``: ``notes``, or "No notes in the ACLED row." when empty.
    * ``source``: ``{"section": "acled", "paragraph": <CSV line of the row>}``;
      ``meta.source.sections`` has one section "acled" whose paragraph count is
      the highest such line.  ACLED's own ``source`` column and any tags not
      understood are kept in the event's ``note``.
    * ``tags`` written by :func:`export_rows` ("claimed by X", "alleged",
      "fatalities claimed by X", "fatalities alleged") restore certainty.

    A row that cannot be read -- an unreadable date, an unknown sub-event
    type, fatalities that are not a whole number, bad coordinates, an unknown
    inter code, a missing or repeated ``event_id_cnty`` -- is a problem
    ``(line, message)``, where ``line`` is the CSV line the row starts on.
    Without ``skip_bad`` any problem raises :class:`StoreError` quoting the
    first few (all of them are in its ``details``); with ``skip_bad`` the bad
    rows are left out and the problems returned with the store.  No usable
    row at all is a StoreError either way.
    """
    parsed, problems = read_rows(text)
    if problems and not skip_bad:
        shown = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(problems) - MAX_PROBLEMS_IN_MESSAGE
        tail = f" (and {more} more)" if more > 0 else ""
        raise StoreError(
            f"{len(problems)} bad row{'s' if len(problems) != 1 else ''} in the ACLED CSV: {shown}{tail};"
            " rerun with --skip-bad to leave them out",
            [f"line {n}: {msg}" for n, msg in problems],
        )
    if not parsed:
        if problems:
            raise StoreError(f"no usable row in the ACLED CSV: all {len(problems)} rows are bad "
                             f"(first: line {problems[0][0]}: {problems[0][1]})")
        raise StoreError("the ACLED CSV has a header but no rows")
    return store_data(parsed), problems


def read_rows(text: str) -> tuple[list[Row], list[Problem]]:
    """The rows that can be read, in file order, and a problem for each that cannot.

    Raises :class:`StoreError` for what spoils the whole file: no header, a
    required column missing, CSV that cannot be split into records.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    records = _records(text)
    first = next(records, None)
    if first is None:
        raise StoreError("the ACLED CSV is empty; it needs a header row with ACLED's column names")
    _, header = first
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(name.strip().lstrip("\ufeff").lower(), i)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise StoreError(
            f"the ACLED CSV lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )

    parsed: list[Row] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # a blank line
        row = parse_row(cells, columns, len(header), line)
        if isinstance(row, str):
            problems.append((line, row))
        elif row.id in first_line:
            problems.append((line, f"event_id_cnty {show(row.raw_id)} repeats the row on line {first_line[row.id]}"))
        else:
            first_line[row.id] = line
            parsed.append(row)
    return parsed, problems


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise StoreError(f"the ACLED CSV cannot be read: line {reader.line_num}: {exc}") from None
        line, previous_end = previous_end + 1, reader.line_num
        yield line, cells
