"""Resolving the names people type to the ids a store uses.

Names are compared after :func:`normalise`: case, diacritics, spaces,
hyphens, dashes and apostrophes are ignored, so "islamic state",
"Islamic-State" and "ISLAMIC STATE" are one key, as are "Deir-ez-Zor",
"deir ezzor" and "Dayr az-Zawr"'s own aliases.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import UsageError


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Registry:
    """Names of one kind of record (actors, places, sides, kinds) and their hierarchy."""

    what: str  # "actor", "place", ...
    keys: Mapping[str, str]  # normalised name -> id
    display: Mapping[str, str]  # id -> display name
    parent: Mapping[str, str | None]

    @classmethod
    def build(cls, what: str, records: Iterable[object]) -> Registry:
        keys: dict[str, str] = {}
        display: dict[str, str] = {}
        parent: dict[str, str | None] = {}
        for r in records:
            rid = r.id  # type: ignore[attr-defined]
            display[rid] = r.name  # type: ignore[attr-defined]
            parent[rid] = getattr(r, "parent", None)
            for name in (rid, r.name, *getattr(r, "aliases", ())):  # type: ignore[attr-defined]
                keys.setdefault(normalise(name), rid)
        return cls(what, keys, display, parent)

    def resolve(self, text: str) -> str:
        """The id named by ``text``; a UsageError with suggestions when there is none."""
        key = normalise(text)
        if key in self.keys:
            return self.keys[key]
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise UsageError(f"unknown {self.what} {shown!r}{self.suggest(key[:200])}")

    def suggest(self, key: str) -> str:
        close = difflib.get_close_matches(key, list(self.keys), n=8, cutoff=0.6)
        if not close and key:
            close = [k for k in self.keys if key in k or (len(k) > 2 and k in key)]
        names: list[str] = []
        for k in close:
            name = self.display[self.keys[k]]
            if name not in names:
                names.append(name)
        if names:
            return "; did you mean " + " or ".join(repr(n) for n in names[:3]) + "?"
        return f"; run 'dezzor {self.what}s' to list the known names" if self.what in ("actor", "place") else ""

    def descendants(self, rid: str) -> set[str]:
        """``rid`` and everything below it in the hierarchy."""
        children: dict[str, list[str]] = {}
        for child, par in self.parent.items():
            if par is not None:
                children.setdefault(par, []).append(child)
        out = {rid}
        stack = [rid]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out

    def ancestors(self, rid: str) -> list[str]:
        """``rid``'s parents, nearest first (stops at a cycle)."""
        out: list[str] = []
        node = self.parent.get(rid)
        while node is not None and node not in out and node != rid:
            out.append(node)
            node = self.parent.get(node)
        return out
