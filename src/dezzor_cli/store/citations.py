"""Checks of a store's sources and the citations that name them (docs/schema.md), for :mod:`.checks`.

A citation names one of ``meta.sources`` and may hold only the fields of that source's kind
(``vocab.CITATION_FIELDS``); an article's citation needs a section and paragraph within that source's
sections (when it lists any); within one source no two events cite the same ``record``.  A UCDP
citation's ``low`` and ``high`` (UCDP's own figures) come together and only when they are out of
order with the event's fatalities best (:func:`figure_problems`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .vocab import CITATION_FIELDS, REQUIRED_CITATION_FIELDS, SourceKind

if TYPE_CHECKING:
    from .types import CitationLike, Count
    from .types import StoreLike as Store


@dataclass(frozen=True)
class Problem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


ARTICLE = SourceKind.article


def citation_fields(store: Store) -> dict[str, tuple[SourceKind, tuple[str, ...]]]:
    """Each source's id -> its kind and the citation fields that kind allows (the first source of an id wins)."""
    out: dict[str, tuple[SourceKind, tuple[str, ...]]] = {}
    for s in store.meta.sources:
        out.setdefault(s.id, (s.kind, CITATION_FIELDS[s.kind]))
    return out


def sections_of(store: Store) -> dict[str, dict[str, int]]:
    """Each source's id -> its sections' headings and paragraph counts (empty for a source without sections)."""
    out: dict[str, dict[str, int]] = {}
    for s in store.meta.sources:
        out.setdefault(s.id, {x.heading: x.paragraphs for x in s.sections})
    return out


CITED = ("section", "paragraph", "record", "line", "reports", "scale", "timestamp", "relid", "number_of_sources",
         "low", "high", "note")  # a citation's fields beside "source"


def meta_sources(store: Store) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for i, s in enumerate(store.meta.sources):
        if s.id in seen:
            yield Problem(f"meta.sources[{i}].id", f"duplicate id {s.id!r} (first used at meta.sources[{seen[s.id]}])")
        seen.setdefault(s.id, i)
        if s.sections and s.kind is not SourceKind.article:
            yield Problem(f"meta.sources[{i}].sections", f"only an article has sections, not a source of kind "
                                                          f"{s.kind.value!r}")
    for i, ch in enumerate(store.meta.changes):
        if ch.source not in seen:
            yield Problem(f"meta.changes[{i}].source", f"unknown source {ch.source!r}")
        try:
            dt.datetime.strptime(ch.at, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            yield Problem(f"meta.changes[{i}].at", f"{ch.at!r} is not a real time")


def citation_problems(
    src: CitationLike, loc: str, fields: dict[str, tuple[SourceKind, tuple[str, ...]]],
    sections: dict[str, dict[str, int]],
) -> Iterable[Problem]:
    """What is wrong with one citation, given the store's sources."""
    known = fields.get(src.source)
    if known is None:
        yield Problem(f"{loc}.source", f"unknown source {src.source!r}")
        return
    kind, allowed = known
    for name in CITED:
        if getattr(src, name) is not None and name not in allowed:
            yield Problem(f"{loc}.{name}", f"{name} does not apply to a citation of a source of kind {kind.value!r} "
                                           f"(it may have {', '.join(allowed)})")
    for name in REQUIRED_CITATION_FIELDS.get(kind, ()):
        if getattr(src, name) is None:
            yield Problem(f"{loc}.{name}", f"a citation of a source of kind {kind.value!r} needs {name}")
    limits = sections[src.source]
    if kind is SourceKind.article and limits and src.section is not None and src.paragraph is not None:
        limit = limits.get(src.section)
        if limit is None:
            yield Problem(f"{loc}.section", f"unknown section {src.section!r}")
        elif src.paragraph > limit:
            yield Problem(f"{loc}.paragraph", f"section {src.section!r} has {limit} paragraphs, not {src.paragraph}")


def figure_problems(src: CitationLike, fatalities: Count | None, loc: str) -> Iterable[Problem]:
    """What is wrong with a citation's ``low`` and ``high`` (UCDP's own low and high estimates).

    They are kept only for a row whose low, best and high are out of order (the event's fatalities
    then span all three), so they come together, beside a fatalities best, and out of order with it;
    in order, the fatalities already hold them and the citation must not say them twice.  Whether
    the kind of source allows them at all is :func:`citation_problems`' question.
    """
    low, high = src.low, src.high
    if low is None and high is None:
        return
    if low is None or high is None:
        given, missing = ("low", "high") if high is None else ("high", "low")
        yield Problem(f"{loc}.{missing}", f"a citation with {given} needs {missing} too (UCDP's low and high "
                                          "are kept together)")
        return
    best = fatalities if isinstance(fatalities, int) else fatalities.best if fatalities is not None else None
    if best is None:
        yield Problem(f"{loc}.low", "low and high are kept only beside the event's fatalities best, which it lacks")
    elif low <= best <= high:
        yield Problem(f"{loc}.low", f"low ({low}), best ({best}) and high ({high}) are in order: the event's "
                                    "fatalities hold them, and a citation keeps low and high only out of order")


def sources(store: Store) -> Iterable[Problem]:
    fields = citation_fields(store)
    sections = sections_of(store)
    for i, e in enumerate(store.events):
        refs = [e.source, *e.also_in] if e.also_in else [e.source]
        for j, src in enumerate(refs):
            loc = f"events[{i}].source" if j == 0 else f"events[{i}].also_in[{j - 1}]"
            yield from citation_problems(src, loc, fields, sections)
            yield from figure_problems(src, e.fatalities, loc)


def unique_records(store: Store) -> Iterable[Problem]:
    """Within one source, no two events cite the same ``record`` (the key ``update`` matches on)."""
    first: dict[tuple[str, str], int] = {}
    for i, e in enumerate(store.events):
        own: set[tuple[str, str]] = set()
        for j, src in enumerate([e.source, *e.also_in]):
            if src.record is None:
                continue
            key = (src.source, src.record)
            if key in first and key not in own:
                loc = f"events[{i}].source" if j == 0 else f"events[{i}].also_in[{j - 1}]"
                yield Problem(f"{loc}.record", f"record {src.record!r} of source {src.source!r} is also cited by "
                                               f"events[{first[key]}]")
                continue
            first.setdefault(key, i)
            own.add(key)
