"""Resolving the names people type to the ids a store uses.

Names are compared by :func:`~dezzor_cli.store.vocab.normalise`: case,
diacritics, spaces, hyphens, dashes and apostrophes are ignored, so "islamic
state", "Islamic-State" and "ISLAMIC STATE" are one key, as are "Deir-ez-Zor",
"deir ezzor" and "Dayr az-Zawr"'s own aliases.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..errors import UsageError
from ..store.types import Named
from ..store.vocab import normalise

__all__ = ["Registry", "clip", "did_you_mean", "normalise", "stem"]

# Words that say what kind of place a name is, not which: "Deir ez-Zor Governorate" is named
# "Deir ez-Zor" as much as the city in it is (longer words first: "subdistrict" before "district").
GENERIC_WORDS = ("subdistrict", "governorate", "countryside", "province", "district", "region", "area", "city",
                 "town")


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message (a bad value may be megabytes long)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def did_you_mean(names: Sequence[str], fallback: str = "") -> str:
    """'; did you mean 'A' or 'B'?' for up to three names, else ``fallback``."""
    if not names:
        return fallback
    return "; did you mean " + " or ".join(repr(n) for n in names[:3]) + "?"


def stem(key: str) -> str:
    """A normalised name without a trailing generic word: 'deirezzorgovernorate' -> 'deirezzor'."""
    for word in GENERIC_WORDS:
        if key.endswith(word) and len(key) > len(word):
            return key[: -len(word)]
    return key


CLOSE = 8  # close matches kept (a message shows three)


def close_matches(text: str, candidates: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The candidates most like ``text``, best first, as difflib finds them."""
    return difflib.get_close_matches(text, list(candidates), n=CLOSE, cutoff=cutoff)


@dataclass(frozen=True)
class Registry:
    """Names of one kind of record (actors, places or sides) and their hierarchy."""

    what: str  # "actor", "place", "side"
    keys: Mapping[str, str]  # normalised name -> id
    display: Mapping[str, str]  # id -> display name
    parent: Mapping[str, str | None]

    @classmethod
    def build(cls, what: str, records: Iterable[Named]) -> Registry:
        keys: dict[str, str] = {}
        display: dict[str, str] = {}
        parent: dict[str, str | None] = {}
        for r in records:
            display[r.id] = r.name
            parent[r.id] = getattr(r, "parent", None)
            for name in (r.id, r.name, *getattr(r, "aliases", ())):
                keys.setdefault(normalise(name), r.id)
        return cls(what, keys, display, parent)

    def resolve(self, text: str) -> str:
        """The id named by ``text``; a UsageError with suggestions when there is none."""
        key = normalise(text)
        if key in self.keys:
            return self.keys[key]
        raise UsageError(f"unknown {self.what} {clip(text)!r}{self.suggest(key[:200])}")

    def suggest(self, key: str) -> str:
        close = close_matches(key, self.keys)
        if not close and key:
            close = [k for k in self.keys if key in k or (len(k) > 2 and k in key)]
        names: list[str] = []
        for k in close:
            name = self.display[self.keys[k]]
            if name not in names:
                names.append(name)
        listing = f"; run 'dezzor {self.what}s' to list the known names" if self.what in ("actor", "place") else ""
        return did_you_mean(names, listing)

    @cached_property
    def names(self) -> dict[str, set[str]]:
        """Each id's normalised names (its id, name and aliases)."""
        out: dict[str, set[str]] = {}
        for key, rid in self.keys.items():
            out.setdefault(rid, set()).add(key)
        return out

    def broader_same_name(self, text: str, rid: str) -> list[str]:
        """The places around ``rid`` (nearest first) that go by the name ``text`` gave it, generic words aside.

        "Deir ez-Zor" names the city, and the governorate around it is "Deir ez-Zor Governorate":
        a reader may have meant either.  Nothing is returned when the text itself says which
        ("Deir ez-Zor city").
        """
        key = normalise(text)
        if stem(key) != key:
            return []
        own = self.names.get(rid, set()) | {key}
        return [a for a in self.ancestors(rid) if any(stem(k) in own for k in self.names.get(a, ()))]

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Each id's direct children, in store order."""
        out: dict[str, list[str]] = {}
        for child, par in self.parent.items():
            if par is not None:
                out.setdefault(par, []).append(child)
        return out

    @cached_property
    def roots(self) -> list[str]:
        """Ids with no parent in the registry, in store order."""
        return [rid for rid, par in self.parent.items() if par is None or par not in self.parent]

    def descendants(self, rid: str) -> set[str]:
        """``rid`` and everything below it in the hierarchy."""
        out = {rid}
        stack = [rid]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out

    def ancestors(self, rid: str) -> list[str]:
        """``rid``'s parents, nearest first (stops at a cycle)."""
        out: list[str] = []
        seen = {rid}
        node = self.parent.get(rid)
        while node is not None and node not in seen:
            out.append(node)
            seen.add(node)
            node = self.parent.get(node)
        return out
