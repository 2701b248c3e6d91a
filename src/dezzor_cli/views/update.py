"""``update``: what an update did (or, with --dry-run, would do) to one source's events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Column, Lines, Table, View

_KINDS = ("added", "changed", "deleted")


def update_view(document: Mapping[str, Any], records: Mapping[str, str], dates: Mapping[str, str], *,
                source: str, rule: str, dry_run: bool) -> View:
    """``document`` is ``{"added": [ids], "changed": [ids], "deleted": [ids], "unchanged": n}``.

    JSON gives the document; the table, Markdown and CSV list one row per added, changed or deleted
    event (its id, the provider's record and its date), JSON Lines the document as one line.
    """
    rows = [{"change": kind, "id": i, "record": records.get(i, ""), "date": dates.get(i, "")}
            for kind in _KINDS for i in document[kind]]
    counts = ", ".join(f"{len(document[k])} {k}" for k in _KINDS) + f", {document['unchanged']} unchanged"
    verb = "would change" if dry_run else "changed"
    title = f"Update of source {source} ({rule}): {counts}"
    caption = "dry run: nothing was written" if dry_run else None
    if rows:
        body: Table | Lines = Table(
            columns=[Column("Change", role="head", no_wrap=True), Column("Date", role="head", no_wrap=True),
                     Column("Id", role="id", no_wrap=True), Column("Record", role="detail", no_wrap=True)],
            rows=[[r["change"], r["date"], r["id"], r["record"]] for r in rows],
            footer=None,
        )
    else:
        body = Lines([f"the update {verb} no event: {counts}"])
    return View(
        body=body, title=title, caption=caption, document=dict(document), records=rows,
        fields=["change", "id", "record", "date"], csv_fields=["change", "id", "record", "date"],
        csv_rows=[{k: r[k] for k in ("change", "id", "record", "date")} for r in rows],
    )
