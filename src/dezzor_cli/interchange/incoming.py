"""``update``, the files: which provider an export comes from, its events (by the importer), a deletions file.

* :func:`recognise` reads an export's first line: a header with ACLED's ``event_id_cnty`` column is
  an ACLED export; a header with UCDP GED's ``id`` and ``best`` columns, or a first row that the
  UCDP import reads as a GED row of a file without a header (49 cells, a whole-number id, ...),
  is a UCDP GED file; anything else is refused, naming what was looked for.
* :func:`imported` builds the store of an export with the importer of its kind (the same code as
  ``dezzor import``), so that an update maps every column exactly as an import does.
* :func:`read_deletions` reads ACLED's deleted-events list (the CSV of its deletions API:
  ``event_id_cnty``, ``deleted_timestamp``, a Unix time in seconds or blank).
* :func:`own_wording` is what the import of that kind writes in a source's ``title`` and
  ``citation`` for a given file and release, so that an update can renew that wording (and
  keep wording the user wrote).
* :func:`store_bytes` lays out a store as the importers write it (one event a line).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError

__all__ = ["ACLED", "UCDP", "imported", "own_wording", "read_deletions", "recognise", "store_bytes"]

ACLED = "acled"
UCDP = "ucdp"
_UCDP_COLUMNS = ("id", "best")
_HEAD_BYTES = 1 << 16


def _first_line(path: Path, raw: bytes) -> list[str]:
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 3:  # not just a character cut at the end of the piece read
            raise StoreError(f"{path} is not valid UTF-8 (byte {exc.start})") from None
        text = raw[: exc.start].decode("utf-8")
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise StoreError(f"{path} is empty; an export starts with a header row")
    return next(csv.reader([first]))


def recognise(path: Path) -> str:
    """``"acled"`` or ``"ucdp"``, from the export's first line; StoreError for anything else."""
    from .ucdp.parse import looks_like_a_row

    cells = _first_line(path, _read(path, _HEAD_BYTES))
    columns = {c.strip().lower() for c in cells}
    if "event_id_cnty" in columns:
        return ACLED
    if all(c in columns for c in _UCDP_COLUMNS) or looks_like_a_row(cells):
        return UCDP
    raise StoreError(f"{path} is not an export dezzor can update from: its header has neither ACLED's "
                     f"event_id_cnty column nor UCDP GED's {' and '.join(_UCDP_COLUMNS)} columns, and its first "
                     "line is not a GED row of a file without a header")


def imported(path: Path, kind: str, spool_dir: Path, release: str | None = None,
             retrieved: str | None = None) -> dict[str, Any]:
    """The store the importer of ``kind`` makes of the export at ``path`` (bad rows refuse the file).

    ``release``: UCDP's release, when the file name does not say it (as ``dezzor import ucdp --release``);
    ``retrieved``: the access date, for the import's source (as ``dezzor import acled --retrieved``).
    """
    from ..store.read import open_input

    with open_input(path, "CSV") as stream, tempfile.TemporaryFile(dir=spool_dir) as spool:
        if kind == ACLED:
            from .acled import read_csv

            result = read_csv(stream, skip_bad=False, spool=spool, name=str(path), file=path.name,
                              retrieved=retrieved)
        else:
            from .ucdp import read

            version, _ = read.resolve_release(path.name, release)
            result = read.read_csv(stream, skip_bad=False, spool=spool, release=version, file_name=path.name,
                                   name=str(path), retrieved=retrieved)
        data: dict[str, Any] = json.loads(b"".join(result.chunks()))
        return data


def own_wording(kind: str, source: Mapping[str, Any]) -> dict[str, Any]:
    """The ``title`` and ``citation`` the import of ``kind`` writes for ``source``'s file and release."""
    if kind == ACLED:
        from .acled.columns import acled_source

        made = acled_source(source.get("file"), source.get("sha256"), source.get("retrieved"))
    elif source.get("version"):
        from .ucdp.columns import citation, title

        made = {"title": title(str(source["version"])), "citation": citation(str(source["version"]))}
    else:
        return {}
    return {k: made[k] for k in ("title", "citation") if k in made}


def read_deletions(path: Path) -> dict[str, int | None]:
    """ACLED's deleted events: each ``event_id_cnty`` and its ``deleted_timestamp`` (the latest, if repeated)."""
    raw = _read(path, None)
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise StoreError(f"{path} is not valid UTF-8 (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [c.strip().lower() for c in next(reader, [])]
        if "event_id_cnty" not in header or "deleted_timestamp" not in header:
            raise StoreError(f"{path} is not an ACLED deletions file: its header needs the columns event_id_cnty "
                             "and deleted_timestamp")
        ids, stamps = header.index("event_id_cnty"), header.index("deleted_timestamp")
        out: dict[str, int | None] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) <= max(ids, stamps):
                raise StoreError(f"{path}, line {line}: the row has {len(cells)} cells, fewer than its header")
            record, stamp = cells[ids].strip(), cells[stamps].strip()
            if not record:
                raise StoreError(f"{path}, line {line}: event_id_cnty is blank")
            if stamp and not (stamp.isascii() and stamp.isdigit()):
                raise StoreError(f"{path}, line {line}: deleted_timestamp {stamp[:40]!r} is not a Unix time in seconds")
            value = int(stamp) if stamp else None
            before = out.get(record)
            out[record] = value if before is None or (value is not None and value > before) else before
    except csv.Error as exc:
        raise StoreError(f"{path}, line {reader.line_num}: not valid CSV ({exc})") from None
    return out




def store_bytes(doc: Mapping[str, Any]) -> bytes:
    """The store's JSON as the importers lay it out: the registries indented, one event a line."""
    head = {k: v for k, v in doc.items() if k != "events"}
    parts = [f' "{k}": {_indented(v)}' for k, v in head.items() if k != "reported_totals"]
    events = ",\n".join(f"  {json.dumps(e, ensure_ascii=False)}" for e in doc.get("events", []))
    parts.append(' "events": [\n' + events + "\n ]" if events else ' "events": []')
    if "reported_totals" in head:
        parts.append(f' "reported_totals": {_indented(head["reported_totals"])}')
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _indented(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")


def _read(path: Path, limit: int | None) -> bytes:
    from ..store.read import open_input

    with open_input(path, "CSV") as f:
        try:
            return f.read() if limit is None else f.read(limit)
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
