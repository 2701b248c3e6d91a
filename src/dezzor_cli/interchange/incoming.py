"""``update``, the files: which provider an export comes from, its events (by the importer), a deletions file.

* :func:`recognise` reads an export's header row: a file with ACLED's ``event_id_cnty`` column is
  an ACLED export; one with UCDP GED's ``id``, ``relid``, ``type_of_violence`` and ``best`` columns
  is a UCDP GED file; anything else is refused, naming what was looked for.
* :func:`imported` builds the store of an export with the importer of its kind (the same code as
  ``dezzor import``), so that an update maps every column exactly as an import does.
* :func:`read_deletions` reads ACLED's deleted-events list (the CSV of its deletions API:
  ``event_id_cnty``, ``deleted_timestamp``, a Unix time in seconds or blank).
* :func:`store_bytes` lays out a store as the importers write it (one event a line).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError

__all__ = ["ACLED", "UCDP", "imported", "read_deletions", "recognise", "sha256_of", "store_bytes"]

ACLED = "acled"
UCDP = "ucdp"
_UCDP_COLUMNS = ("id", "relid", "type_of_violence", "best")
_HEAD_BYTES = 1 << 16


def _header(path: Path, raw: bytes) -> list[str]:
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 3:  # not just a character cut at the end of the piece read
            raise StoreError(f"{path} is not valid UTF-8 (byte {exc.start})") from None
        text = raw[: exc.start].decode("utf-8")
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise StoreError(f"{path} is empty; an export starts with a header row")
    return [c.strip().lower() for c in next(csv.reader([first]))]


def recognise(path: Path) -> str:
    """``"acled"`` or ``"ucdp"``, from the export's header row; StoreError for anything else."""
    raw = _read(path, _HEAD_BYTES)
    columns = set(_header(path, raw))
    if "event_id_cnty" in columns:
        return ACLED
    if all(c in columns for c in _UCDP_COLUMNS):
        return UCDP
    raise StoreError(f"{path} is not an export dezzor can update from: its header has neither ACLED's "
                     f"event_id_cnty column nor UCDP GED's {', '.join(_UCDP_COLUMNS)} columns")


def imported(path: Path, kind: str, spool_dir: Path) -> dict[str, Any]:
    """The store the importer of ``kind`` makes of the export at ``path`` (bad rows refuse the file)."""
    if kind == ACLED:
        from ..store.read import open_input
        from .acled import read_csv

        with open_input(path, "CSV") as stream, tempfile.TemporaryFile(dir=spool_dir) as spool:
            result = read_csv(stream, skip_bad=False, spool=spool, name=str(path), file=path.name)
            data: dict[str, Any] = json.loads(b"".join(result.chunks()))
            return data
    raise StoreError(f"{path} is a UCDP GED file, but this dezzor has no UCDP import to build its events with, "
                     "so it cannot update a store from it")


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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for piece in iter(lambda: f.read(1 << 20), b""):
                h.update(piece)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    return h.hexdigest()


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
