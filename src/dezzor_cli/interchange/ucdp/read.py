"""Import: a UCDP GED CSV, read as a stream of rows -> per-row problems and a store (:func:`read_csv`).

Read as the ACLED import reads (:mod:`dezzor_cli.interchange.csvstream`): in pieces, each
record parsed, checked and built into an event at once, the events validated a batch at a time
and spooled in a temporary file the caller gives until the actors and places are settled; the
store is then written by :func:`dezzor_cli.interchange.acled.write.store_chunks`.

**The first line.**  UCDP publishes its yearly releases with a header row and some monthly
candidate files without one.  The first record is read as

* a header when it has a cell ``id`` and a cell ``best`` (compared without case or surrounding
  spaces): columns are then found by name, unknown ones ignored, and a missing
  :data:`~.columns.REQUIRED_COLUMNS` entry refuses the file, naming them all;
* a first row of a file without a header only when it has exactly the 49 cells of the
  published layout, its first cell (``id``) is a whole number, its ``type_of_violence`` cell is
  1, 2 or 3 and its ``date_start`` and ``date_end`` cells are dates in UCDP's forms, read in
  the published column order (:data:`~.columns.GED_COLUMNS`); every later row must have 49
  cells, and each is checked cell by cell, so a file of another column order fails its rows'
  checks rather than being read as something else;
* anything else refuses the file: it is neither, and guessing would risk reading one column
  as another.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ...errors import StoreError, UsageError
from ..acled.write import Assembled, Imported
from ..batches import Batches
from ..csvstream import Hashed, Lines, Problem, columns_of, feed, records, refuse
from .build import Actors, event_record, in_order, row_actors
from .columns import GED_COLUMNS, REQUIRED_COLUMNS, SOURCE_ID, citation, is_release, release_of, title
from .geo import Places
from .parse import GedRow, looks_like_a_row, parse_row

__all__ = ["LABEL", "Imported", "import_rows", "read_csv", "resolve_release"]

LABEL = "the UCDP GED CSV"
URL = "https://ucdp.uu.se/downloads/"
LICENCE = "CC BY 4.0"


def resolve_release(file_name: str | None, given: str | None) -> tuple[str, str]:
    """The release the store records, and where it comes from ("--release" or "the file name")."""
    named = release_of(file_name) if file_name else None
    if given is not None:
        if not is_release(given):
            raise UsageError(f"--release {given!r} is not a UCDP release (25.1, or 24.0.11 for a candidate month)")
        if named is not None and named != given:
            raise UsageError(f"{file_name} is named as release {named}, but --release says {given}")
        return given, "--release"
    if named is None:
        what = f"the file name {file_name!r}" if file_name else "standard input"
        raise UsageError(f"give the UCDP release with --release (25.1, or 24.0.11 for a candidate month): {what} "
                         "does not say it as UCDP names its files (GEDEvent_v25_1.csv, GEDEvent_v24_0_11.csv)")
    return named, "the file name"


def import_rows(text: str, *, skip_bad: bool, release: str = "25.1", file_name: str | None = None
                ) -> tuple[dict[str, Any], list[Problem]]:
    """The store (as JSON data) made from the text of a UCDP GED CSV, and the problems of the rows left out.

    For small files and tests: :func:`read_csv` with the text as the file and the spool in memory.
    """
    imported = read_csv(io.BytesIO(text.encode("utf-8")), skip_bad=skip_bad, spool=io.BytesIO(), release=release,
                        file_name=file_name)
    return json.loads(b"".join(imported.chunks())), imported.problems


def read_csv(source: BinaryIO, *, skip_bad: bool, spool: BinaryIO, release: str, file_name: str | None = None,
             name: str = LABEL, retrieved: str | None = None) -> Imported:
    """Read a UCDP GED CSV from ``source`` (any binary stream) into a store, spooling its events in ``spool``.

    ``release`` is UCDP's release (:func:`resolve_release`), ``file_name`` the file's name as the
    store records it, ``retrieved`` the day it was downloaded (``YYYY-MM-DD``), if known.

    A row that cannot be read -- a cell that is not what the codebook says, a date in another form,
    best not the sum of the four deaths figures, a repeated id, a quote that swallows whole rows, an
    event the store would refuse -- is a problem ``(line, message)``, where ``line`` is the CSV line
    the row starts on.  Without ``skip_bad`` any problem raises :class:`StoreError` quoting the first
    few (all are in its ``details``); with ``skip_bad`` the bad rows are left out and the problems
    returned.  A file that ends inside a quoted cell, a first line that is neither a header nor a
    row, and a file with no usable row are a StoreError either way.  A row whose low, best and high
    are out of order is kept (see :func:`.build.count`) and counted in ``out_of_order``.
    """
    hashed = Hashed(source)
    rows = records(Lines(hashed, name))
    first = next(rows, None)
    if first is None:
        raise StoreError(f"{LABEL} is empty; it needs UCDP's header row or GED rows of 49 cells")
    if isinstance(first[2], str):
        raise StoreError(f"the first line of {LABEL} cannot be read: {first[2]}")
    header, columns, headerless = _layout(first[2])

    builder = _Builder(spool, release, file_name, retrieved)

    def parse(cells: list[str], line: int) -> GedRow | str:
        return parse_row(cells, columns, len(header), line)

    feed(itertools.chain([first] if headerless else [], rows), header, parse, builder, LABEL)
    problems = sorted(builder.problems)
    refuse(problems, builder.events, skip_bad, LABEL)
    builder.actors.settle()
    builder.places.name()
    assembled = Assembled(
        meta=builder.meta(hashed.hexdigest()),
        actors=builder.actors.records(),
        places=builder.places.records(),
        actor_lines=[a.line for a in builder.actors.actors],
        place_lines=[p.line for p in builder.places.places],
        moved={},
        label=LABEL,
    )
    return Imported(problems, builder.events, len(builder.actors), len(builder.places), assembled, spool, headerless,
                    builder.out_of_order)


def _layout(cells: list[str]) -> tuple[list[str], dict[str, int], bool]:
    """The header (or the published one), the column of each name, and whether the file has no header."""
    names = [c.strip().lower() for c in cells]
    if "id" in names and "best" in names:
        return cells, columns_of(cells, REQUIRED_COLUMNS, LABEL), False
    if looks_like_a_row(cells):
        return GED_COLUMNS, {c: i for i, c in enumerate(GED_COLUMNS)}, True
    raise StoreError(
        f"the first line of {LABEL} is neither UCDP's header (id, relid, year, ...) nor a GED row of a file without "
        f"one (49 cells: a whole-number id, type_of_violence 1-3, date_start and date_end as dates); it has "
        f"{len(cells)} cell{'s' if len(cells) != 1 else ''}, and its layout is not guessed"
    )


# --------------------------------------------------------------------------- the rows


@dataclass
class _Builder(Batches[GedRow]):
    """Pass one: rows in, row problems out; actors and places registered; events validated and spooled."""

    spool: Any
    release: str
    file_name: str | None
    retrieved: str | None
    actors: Actors = field(default_factory=Actors)
    places: Places = field(default_factory=Places)
    problems: list[Problem] = field(default_factory=list)
    events: int = 0
    out_of_order: int = 0  # rows kept whose low, best and high are out of order
    first_day: str = ""
    last_day: str = ""
    countries: list[str] = field(default_factory=list)  # the first four, in the order met
    _first_line: dict[Hashable, int] = field(default_factory=dict)
    _batch: list[tuple[GedRow, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def _identity(self, r: GedRow) -> tuple[Hashable, str]:
        return r.id, f"id {r.id}"

    def _made(self, r: GedRow) -> tuple[dict[str, Any], dict[str, Any]]:
        names = row_actors(r)
        return names, event_record(r, names)

    def _register(self, r: GedRow, names: dict[str, Any]) -> tuple[list[int], int]:
        place = self.places.place_of(r.line, [r.country, r.adm_1, r.adm_2], r.country_id, r.where_coordinates,
                                     r.where_prec, (r.lat, r.lon), r.priogrid)
        return self.actors.add_row(r, names), place

    def _count(self, r: GedRow) -> None:
        self.events += 1
        if not in_order(r):
            self.out_of_order += 1
        start, end = r.date_start.isoformat(), r.date_end.isoformat()
        self.first_day = min(self.first_day or start, start)
        self.last_day = max(self.last_day, end)
        if len(self.countries) < 4 and r.country not in self.countries:
            self.countries.append(r.country)

    def _source(self, sha256: str | None) -> dict[str, Any]:
        source: dict[str, Any] = {"id": SOURCE_ID, "kind": "ucdp", "title": title(self.release),
                                  "version": self.release}
        if self.file_name:
            source["file"] = self.file_name
        if sha256:
            source["sha256"] = sha256
        source["url"] = URL
        if self.retrieved:
            source["retrieved"] = self.retrieved
        source.update(licence=LICENCE, citation=citation(self.release))
        return source

    def _stand_in_meta(self) -> dict[str, Any]:
        return {"title": "UCDP GED rows", "period": {"start": "2000-01-01", "end": "2000-01-01"}, "result": "",
                "sources": [self._source(None)], "schema_version": 2}

    def meta(self, sha256: str) -> dict[str, Any]:
        where = ", ".join(self.countries) if len(self.countries) <= 3 else ""
        n = self.events
        about = f"{n} event{'s' if n != 1 else ''} imported from {self.file_name or 'a UCDP GED CSV file'}"
        return {
            "title": f"UCDP GED events ({where})" if where else "UCDP GED events",
            "description": f"{about} ({title(self.release)}).",
            "period": {"start": self.first_day, "end": self.last_day},
            "result": "",
            **({"location": where} if where else {}),
            "sources": [self._source(sha256)],
            "schema_version": 2,
        }
