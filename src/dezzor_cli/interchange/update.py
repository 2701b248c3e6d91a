"""``update``, the core: a newer export of one source applied to a store, as a pure function over documents.

:func:`apply` takes the store (a schema 2 document, as JSON data) and the store the importer made
from the newer export (the same shape), and returns the updated document and what changed.  It
touches only the events whose citation names the source being updated: events of every other
source (an article, events coded by hand) keep their content; the events of the store as a whole
are ordered by date, then id, as the importers write them.

* Events are matched on their citation's ``record`` (ACLED's ``event_id_cnty``, UCDP's ``id``).
  An export row whose record the store knows replaces that event, which keeps its id; it is
  *changed* when any field differs, ignoring the citation's ``line`` (where the row happens to sit
  in the file is not a fact about the event), else *unchanged*.  A record the store does not know
  is *added*, with the importer's id (made unique with ``-2``, ``-3``, ... if another event has it).
* What is removed depends on one rule (:class:`Rule`), said on stderr by the command:
  ``deletions-file``: the records an ACLED deleted-events file lists (a record both listed and in
  the export is removed when its ``deleted_timestamp`` is at or after the row's ``timestamp`` or the
  row has none, and kept when the row is newer); ``complete-reexport`` (``--complete``, the user's
  assurance that the export is a complete re-export of the same period): the store's records
  absent from the export whose first day falls within the export's period (its first to its last
  event date); ``none``: nothing.  Without one of the first two, nothing is removed for absence.
* A UCDP source made from the yearly GED is updated only by a yearly release, one made from the
  monthly candidate events only by a candidate file (two datasets; refused otherwise).
* Actors and places the new rows name are found in the store or added (:mod:`.adopt`).
* ``meta.changes`` gains one entry; the source's ``file``, ``sha256`` and ``retrieved`` (and its
  ``version``, when the export gives one) become the export's, and so do its ``title`` and
  ``citation`` while they are in the import's own wording (text the user wrote is kept);
  ``meta.period`` widens to cover the events added or changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import StoreError
from .adopt import Adopter

__all__ = ["BY_ID", "Changes", "Rule", "apply", "source_named", "sources_of_kind", "utc_now"]

BY_ID = "\0id:"  # the key of a store's event that has no record, before the export names it


class Rule(str, enum.Enum):
    """How the update decides what to remove (``meta.changes[].rule``)."""

    deletions_file = "deletions-file"
    complete_reexport = "complete-reexport"
    none = "none"


@dataclass
class Changes:
    """What an update did to the source's events: ids (in the written store's order) and counts."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    rule: Rule = Rule.none
    notes: list[str] = field(default_factory=list)  # what the rule did and did not do, for stderr
    records: dict[str, str] = field(default_factory=dict)  # event id -> its record, for the listing
    dates: dict[str, str] = field(default_factory=dict)  # event id -> its date

    def document(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "deleted": self.deleted, "unchanged": self.unchanged}


def sources_of_kind(doc: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in doc.get("meta", {}).get("sources", []) if s.get("kind") == kind]


def source_named(doc: Mapping[str, Any], kind: str, wanted: str | None, where: str) -> dict[str, Any]:
    """The store's source of ``kind`` an update applies to (``wanted``: the id the user named, if any)."""
    of_kind = sources_of_kind(doc, kind)
    ids = [str(s.get("id")) for s in doc.get("meta", {}).get("sources", [])]
    if wanted is not None:
        named = [s for s in doc.get("meta", {}).get("sources", []) if s.get("id") == wanted]
        if not named:
            raise StoreError(f"{where} has no source {wanted!r} (its sources: {', '.join(ids) or 'none'})")
        chosen: dict[str, Any] = named[0]
        if chosen.get("kind") != kind:
            raise StoreError(f"{where}: source {wanted!r} is of kind {chosen.get('kind')!r}, not {kind!r}; "
                             f"{_a(kind)} export updates only {_a(kind)} source")
        return chosen
    if not of_kind:
        raise StoreError(f"{where} has no {kind.upper()} source to update (its sources: {', '.join(ids) or 'none'}); "
                         f"{_a(kind)} export updates a store made from an older {kind.upper()} export")
    if len(of_kind) > 1:
        raise StoreError(f"{where} has {len(of_kind)} {kind.upper()} sources "
                         f"({', '.join(str(s.get('id')) for s in of_kind)}); name the one to update with --source")
    return of_kind[0]


def apply(
    store: Mapping[str, Any],
    incoming: Mapping[str, Any],
    *,
    source_id: str,
    deletions: Mapping[str, int | None] | None = None,
    complete: bool = False,
    at: str,
    file: str,
    sha256: str,
    retrieved: str | None,
    own: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], Changes]:
    """The store with ``incoming``'s events of the same kind applied to source ``source_id``, and the changes.

    ``deletions`` maps the records of a deleted-events file to their ``deleted_timestamp`` (None when
    blank).  ``own`` is the ``title`` and ``citation`` the import would have written for the source as it
    was (its file and release): a field still in that wording takes the export's, one the user wrote is kept.
    Nothing of ``store`` or ``incoming`` is modified.
    """
    if deletions is not None and complete:
        raise StoreError("a deletions file and --complete are two rules for what to remove; give one of them")
    doc = copy.deepcopy(dict(store))
    meta = doc["meta"]
    source = next((s for s in meta.get("sources", []) if s.get("id") == source_id), None)
    if source is None:
        raise StoreError(f"the store has no source {source_id!r}")
    kind = source["kind"]
    inc_sources = sources_of_kind(incoming, kind)
    if len(inc_sources) != 1:
        raise StoreError(f"the export's store should have one {kind} source, not {len(inc_sources)}")
    inc_id = inc_sources[0]["id"]
    _same_dataset(source, inc_sources[0])

    rule = Rule.deletions_file if deletions is not None else Rule.complete_reexport if complete else Rule.none
    changes = Changes(rule=rule)
    new = _by_record(incoming["events"], inc_id, "the export")
    old = _rekey(_by_record(doc["events"], source_id, "the store", by_id=kind == "acled"), new, deletions or {},
                 changes)

    removed, skipped = _removed(old, new, rule, deletions or {}, changes)
    adopter = Adopter(doc, incoming)
    taken = {e["id"] for e in doc["events"]}
    result = [e for e in doc["events"] if (e.get("source") or {}).get("source") != source_id]
    for record, event in new.items():
        if record in skipped:
            continue
        mine = adopter.event(event, source_id)
        before = old.get(record)
        if before is not None:
            mine["id"] = before["id"]
            if _differs(before, mine):
                changes.changed.append(mine["id"])
            else:
                changes.unchanged += 1
        else:
            mine["id"] = _unique(mine["id"], taken)
            changes.added.append(mine["id"])
        taken.add(mine["id"])
        changes.records[mine["id"]], changes.dates[mine["id"]] = record, mine["date"]
        result.append(mine)
    for record, event in old.items():
        if record in removed:
            changes.deleted.append(event["id"])
            changes.records[event["id"]] = "" if record.startswith(BY_ID) else record  # "": it had none
            changes.dates[event["id"]] = event["date"]
        elif record not in new or record in skipped:
            result.append(event)  # absent from the export (or its row set aside), and the rule keeps it
    result.sort(key=lambda e: (e["date"], e["id"]))
    order = {e["id"]: i for i, e in enumerate(result)}
    changes.added.sort(key=order.__getitem__)
    changes.changed.sort(key=order.__getitem__)
    changes.deleted.sort(key=lambda i: (changes.dates[i], i))
    doc["events"] = result
    adopter.finish()
    touched = {*changes.added, *changes.changed}
    _widen(meta, [e for e in result if e["id"] in touched])
    for k, v in (own or {}).items():
        if source.get(k) == v and inc_sources[0].get(k):
            source[k] = inc_sources[0][k]  # the import's own wording, for the file and release before
    _record(meta, source, inc_sources[0], changes, at=at, file=file, sha256=sha256, retrieved=retrieved)
    return doc, changes


def _same_dataset(source: Mapping[str, Any], inc: Mapping[str, Any]) -> None:
    """Refuse a UCDP file of the other dataset: the yearly GED (25.1) and the monthly candidates (24.0.11)."""
    if source.get("kind") != "ucdp" or not source.get("version") or not inc.get("version"):
        return
    ours, theirs = str(source["version"]), str(inc["version"])
    if ours.count(".") != theirs.count("."):
        def what(v: str) -> str:
            return f"the candidate events release {v}" if v.count(".") == 2 else f"the yearly GED release {v}"

        raise StoreError(f"source {source['id']!r} holds {what(ours)}, and the file is {what(theirs)}: they are "
                         "two datasets, and one is not an update of the other; import the file as a store of its own")


def _by_record(events: Iterable[Mapping[str, Any]], source_id: str, where: str,
               by_id: bool = False) -> dict[str, dict[str, Any]]:
    """The source's events by record; with ``by_id``, an event without one under ``BY_ID`` + its id."""
    out: dict[str, dict[str, Any]] = {}
    for e in events:
        cite = e.get("source") or {}
        if cite.get("source") != source_id:
            continue
        record = cite.get("record")
        if by_id and record is None:
            record = BY_ID + str(e.get("id"))
        if not isinstance(record, str) or not record:
            raise StoreError(f"event {e.get('id')!r} of source {source_id!r} in {where} has no record "
                             "(the provider's event id); update matches events on it")
        if record in out:
            raise StoreError(f"events {out[record].get('id')!r} and {e.get('id')!r} of source {source_id!r} "
                             f"in {where} share the record {record!r}")
        out[record] = dict(e)
    return out


def _rekey(old: dict[str, dict[str, Any]], new: Mapping[str, Mapping[str, Any]], deletions: Mapping[str, Any],
           changes: Changes) -> dict[str, dict[str, Any]]:
    """``old`` with each event that has no record keyed by its record, found through its id.

    An ACLED store made before schema 2 may have events without a record; the ACLED import's event id
    is the record made into an id (:func:`~.acled.columns.slug`), so the export's row, or the deletions
    list's entry, whose record makes that id is that event's.  An event found in neither keeps its
    stand-in key: it is absent from the export.
    """
    missing = [r for r in old if r.startswith(BY_ID)]
    if not missing:
        return old
    from .acled.columns import slug

    ids: dict[str, str] = {}
    for r in [*deletions, *new]:  # the import keeps a record that is already an id, else makes one of it
        ids.setdefault(r, r)
        ids.setdefault(slug(r), r)
    out: dict[str, dict[str, Any]] = {}
    matched = 0
    for key, e in old.items():
        record = ids.get(str(e["id"])) if key.startswith(BY_ID) else None
        if record is not None and record not in old:
            out[record] = {**e, "source": {**e["source"], "record": record}}  # compared with it, as matched
            matched += 1
        else:
            out[key] = e
    changes.notes.append(f"{len(missing)} event(s) of the store have no record (a store made before schema 2); "
                         f"{matched} of them were matched on their id, which the ACLED import makes of the record")
    return out


def _removed(old: Mapping[str, Any], new: Mapping[str, Any], rule: Rule, deletions: Mapping[str, int | None],
             changes: Changes) -> tuple[set[str], set[str]]:
    """The store's records the rule removes, and the export's records whose rows it sets aside; notes say so."""
    absent = [r for r in old if r not in new]
    if rule is Rule.none:
        changes.notes.append(
            "deletions: none (no deletions file and no --complete): nothing is removed; "
            + (f"{len(absent)} of the store's records are absent from the export and kept" if absent
               else "every record of the store is in the export"))
        return set(), set()
    if rule is Rule.complete_reexport:
        if not new:
            return set(), set()
        first = min(str(e["date"]) for e in new.values())
        last = max(str(e["date"]) for e in new.values())
        inside = {r for r in absent if first <= str(old[r]["date"]) <= last}
        outside = len(absent) - len(inside)
        changes.notes.append(
            f"deletions: complete re-export of {first}..{last} (--complete): {len(inside)} record(s) of the store "
            f"dated in that period and absent from the export are removed"
            + (f"; {outside} absent record(s) dated outside it are kept" if outside else ""))
        return inside, set()
    newer = {r for r in deletions if r in new and _newer(new[r], deletions[r])}
    removed = {r for r in deletions if r in old and r not in newer}
    skipped = {r for r in deletions if r in new and r not in newer}
    unknown = sum(1 for r in deletions if r not in old and r not in new)
    changes.notes.append(
        f"deletions: the deletions file: {len(removed)} listed record(s) of the store are removed"
        + (f"; {len(skipped - removed)} listed export row(s) not in the store are not added" if skipped - removed
           else "")
        + (f"; {unknown} listed record(s) are in neither" if unknown else "")
        + (f"; {len(newer)} listed record(s) are kept, their export rows being newer than the deletion ("
           + ", ".join(sorted(newer)) + ")" if newer else "")
        + "; records absent from the export are kept")
    return removed, skipped


def _newer(event: Mapping[str, Any], deleted: int | None) -> bool:
    """Whether an export row was changed after its deletion (its ``timestamp`` is later than the file's)."""
    stamp = (event.get("source") or {}).get("timestamp")
    return isinstance(stamp, int) and deleted is not None and stamp > deleted


def _differs(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether two events differ in any field, as the store reads them: absent and default fields alike."""
    def canon(e: Mapping[str, Any]) -> Any:
        d = dict(e)
        d["source"] = {k: v for k, v in (e.get("source") or {}).items() if k != "line"}
        return _canon(d)

    return bool(canon(before) != canon(after))


def _canon(value: Any) -> Any:
    """``value`` without null fields, empty lists and the default certainty ("reported")."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()
                if v is not None and v != [] and not (k == "certainty" and v == "reported")}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return value


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _widen(meta: dict[str, Any], added: list[Mapping[str, Any]]) -> None:
    if not added:
        return
    period = meta.setdefault("period", {})
    first = min(str(e["date"]) for e in added)
    last = max(str(e.get("date_end") or e["date"]) for e in added)
    if "start" not in period or first < period["start"]:
        period["start"] = first
    if "end" not in period or last > period["end"]:
        period["end"] = last


def _record(meta: dict[str, Any], source: dict[str, Any], inc: Mapping[str, Any], changes: Changes, *, at: str,
            file: str, sha256: str, retrieved: str | None) -> None:
    source["file"], source["sha256"] = file, sha256
    if retrieved is not None:
        source["retrieved"] = retrieved
    if inc.get("version"):
        source["version"] = inc["version"]
    meta.setdefault("changes", []).append({
        "at": at, "source": source["id"], "file": file, "sha256": sha256, "rule": changes.rule.value,
        "added": len(changes.added), "changed": len(changes.changed), "deleted": len(changes.deleted),
        "unchanged": changes.unchanged,
    })


def utc_now() -> str:
    """The time of an update as meta.changes records it: UTC to the second, ``2026-12-01T08:00:00Z``."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _a(kind: str) -> str:
    """The kind's name with its article, as it is said: "an ACLED", "a UCDP"."""
    return f"{'an' if kind == 'acled' else 'a'} {kind.upper()}"
