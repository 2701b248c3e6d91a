"""Import: an ACLED CSV, read as a stream of rows -> per-row problems and a store (:func:`read_csv`).

The file is read in pieces of :data:`~dezzor_cli.interchange.csvstream.CHUNK` bytes and decoded as it comes; each record
is parsed, checked and built into an event at once, and the events wait in a spool (a
temporary file the caller gives) until the actors and places are settled.  So the import
holds the registries and one batch of rows, never the file or the store whole.
"""

from __future__ import annotations

import io
import json
from typing import Any, BinaryIO

from ...errors import StoreError
from ..batches import Problem
from ..csvstream import Hashed, Lines, columns_of, feed, records, refuse
from .build import Builder
from .columns import REQUIRED_COLUMNS
from .parse import parse_row
from .write import Assembled, Imported

__all__ = ["LABEL", "Imported", "import_rows", "read_csv"]

LABEL = "the ACLED CSV"


def import_rows(text: str, *, skip_bad: bool) -> tuple[dict[str, Any], list[Problem]]:
    """The store (as JSON data) made from the text of an ACLED CSV, and the problems of the rows left out.

    For small files and tests: :func:`read_csv` with the text as the file and the spool in memory.
    """
    spool = io.BytesIO()
    imported = read_csv(io.BytesIO(text.encode("utf-8")), skip_bad=skip_bad, spool=spool)
    return json.loads(b"".join(imported.chunks())), imported.problems


def read_csv(
    source: BinaryIO, *, skip_bad: bool, spool: BinaryIO, name: str = "the ACLED CSV", file: str | None = None,
    retrieved: str | None = None,
) -> Imported:
    """Read an ACLED CSV download from ``source`` (any binary stream) into a store, spooling its events in ``spool``.

    ``name`` is how messages name the input; ``file`` the file name the store records as its source's
    (``meta.sources[0].file``, with the SHA-256 of every byte read), if any; ``retrieved`` the date the file
    was downloaded (``YYYY-MM-DD``), if the caller knows it.

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
    hashed = Hashed(source)
    lines = Lines(hashed, name)
    rows = records(lines)
    first = next(rows, None)
    if first is None:
        raise StoreError("the ACLED CSV is empty; it needs a header row with ACLED's column names")
    _, _, header = first
    if isinstance(header, str):
        raise StoreError(f"the ACLED CSV's header cannot be read: {header}")
    columns = columns_of(header, REQUIRED_COLUMNS, LABEL)

    builder = Builder(spool)
    feed(rows, header, lambda cells, line: parse_row(cells, columns, len(header), line), builder, LABEL)
    problems = sorted(builder.problems)
    refuse(problems, builder.events, skip_bad, LABEL)

    builder.actors.settle()
    builder.places.settle()
    builder.places.name()
    assembled = Assembled(
        meta=builder.meta(file, hashed.hexdigest() if lines.done else None, retrieved),
        actors=builder.actors.records(),
        places=builder.places.records(),
        actor_lines=[a.line for a in builder.actors.actors],
        place_lines=[p.line for p in builder.places.places],
        moved=builder.places.moved,
    )
    return Imported(problems, builder.events, len(builder.actors), len(builder.places), assembled, spool)
