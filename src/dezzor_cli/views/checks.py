"""``validate``: a store's verdict, with every problem and its location."""

from __future__ import annotations

from pathlib import Path

from ..store.types import StoreLike
from .model import Lines, View


def valid_view(path: Path, store: StoreLike, upgraded: bool = False) -> View:
    """``upgraded``: the file is schema version 1 (read as version 2); a note says so, and how to migrate it."""
    counts = {
        "events": len(store.events), "actors": len(store.actors), "places": len(store.places),
        "reported_totals": len(store.reported_totals),
    }
    line = (f"{path}: valid ({counts['events']} events, {counts['actors']} actors, {counts['places']} places, "
            f"{counts['reported_totals']} reported totals)")
    notes = [f"note: {path} is schema version 1, read as version 2; 'dezzor migrate' writes it as version 2"] \
        if upgraded else []
    return View(body=Lines([line]), document={"store": str(path), "valid": True, "problems": [], "total": 0, **counts},
                notes=notes)


def invalid_view(path: Path, problems: list[str], total: int, limit: int) -> View:
    """The first ``limit`` of ``problems`` (``total`` in all, some perhaps not formatted)."""
    total = max(total, len(problems))
    shown = problems[:limit]
    lines = [f"{path}: {total} problem{'s' if total != 1 else ''}", *(f"  {p}" for p in shown)]
    if total > len(shown):
        lines.append(f"  ... and {total - len(shown)} more")
    return View(body=Lines(lines), document={"store": str(path), "valid": False, "problems": shown, "total": total})
