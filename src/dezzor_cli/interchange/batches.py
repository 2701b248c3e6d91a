"""What the imports (ACLED, UCDP GED) share of building a store: each row's event validated a batch at a time.

Each row's event is built as soon as its row is read, with stand-in ids for its actors and
place (``a0``, ``a1``, ... in the order the row names them, and ``p0``), and validated with its
batch beside stand-in records (:func:`refused`): a row whose event the store's models or checks
would refuse is that row's problem, and only a row whose event passes adds its actors and places
to the import's registries.  The events then wait in a spool (a temporary file: nothing of the
size of the input stays in memory) until every row is read, since an actor's type and id and a
place's name and point depend on all the rows; :mod:`dezzor_cli.interchange.acled.write` then
puts the real ids in and writes the store.
"""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ..store.vocab import ActorType

if TYPE_CHECKING:
    from ..store.checks import Problem as StoreProblem

__all__ = ["BATCH", "Batches", "Problem", "Spooled", "in_event", "problems_of", "refused", "vouched"]

BATCH = 1000  # rows validated together, and events per pickle in the spool

Problem = tuple[int, str]  # the CSV line a bad row starts on, and what is wrong with it
Spooled = tuple[dict[str, Any], list[int], int, int]  # an event, its actors' and place's indices (-1: none), line

_IN_EVENT = re.compile(r"events\[([0-9]+)\]\.?(.*)", re.DOTALL)


class _Lined(Protocol):
    line: int  # the CSV line a row starts on


_R = TypeVar("_R", bound=_Lined)  # an import's row


def problems_of(data: dict[str, Any]) -> list[StoreProblem]:
    """Every problem the store's models and checks find in ``data`` (a store's JSON data); [] when valid."""
    from pydantic import ValidationError

    from ..store.checks import check_store
    from ..store.model import Store
    from ..store.read import pydantic_problems

    try:
        store = Store.model_validate(data)
    except ValidationError as exc:
        return pydantic_problems(exc)
    return check_store(store)


def vouched(head: str, events: list[str]) -> bool:
    """Whether the fast reader vouches for the store whose other parts are ``head`` (their JSON) with ``events``.

    It may decline a valid store (never pass an invalid one): then :func:`problems_of` decides.
    """
    from ..store import fast

    return fast.load(f'{head[:-1]}, "events": [{", ".join(events)}]}}'.encode()) is not None


def in_event(location: str) -> tuple[int, str] | None:
    """``events[12].date_end`` -> (12, "date_end"); None for a location outside the events."""
    m = _IN_EVENT.fullmatch(location)
    return (int(m.group(1)), m.group(2)) if m else None


def refused(events: list[dict[str, Any]], refs: int, meta: dict[str, Any]) -> dict[int, str]:
    """The events (by index) the store would refuse, each with the first reason, checked beside stand-ins.

    The stand-ins are ``meta`` (a valid meta that their citations can name), ``refs`` actors
    ``a0``, ``a1``, ... and one place ``p0``: the ids a row's event uses before the registries
    give the real ones.  Shared by the imports (ACLED, UCDP GED).
    """
    stand_ins = {
        "meta": meta,
        "actors": [{"id": f"a{i}", "name": f"a{i}", "type": ActorType.external.value} for i in range(refs)],
        "places": [{"id": "p0", "name": "p0", "type": "location"}],
    }
    if vouched(json.dumps(stand_ins, ensure_ascii=False), [json.dumps(e, ensure_ascii=False) for e in events]):
        return {}
    out: dict[int, str] = {}
    left = list(range(len(events)))
    while left:
        problems = problems_of({**stand_ins, "events": [events[i] for i in left]})
        found: dict[int, str] = {}
        for p in problems:
            where = in_event(p.location)
            if where is None:
                raise AssertionError(f"a stand-in record is not valid: {p}")
            index, rest = where
            found.setdefault(left[index], f"makes an event that is not valid: {rest + ': ' if rest else ''}{p.message}")
        if not found:
            break
        out.update(found)
        left = [i for i in left if i not in found]
    return out


class Batches(Generic[_R]):
    """What an import's builder does with its rows: each row's event made at once, validated a batch at a time
    beside stand-ins (:func:`refused`), a refused row made its problem, and the good rows registered and their
    events spooled (one pickled list of :data:`Spooled` a batch).  Shared by the imports (ACLED, UCDP GED).

    A builder (a dataclass) has the fields ``spool``, ``problems``, ``_first_line`` and ``_batch`` and
    the methods marked "the builder's" below.
    """

    spool: Any  # a binary file: pickled batches of :data:`Spooled` events
    problems: list[Problem]
    _first_line: dict[Hashable, int]  # a row's identity -> the line of the row that first had it
    _batch: list[tuple[_R, Any, dict[str, Any]]]  # rows waiting: the row, its actors, its event

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def add(self, r: _R) -> None:
        key, shown = self._identity(r)
        first = self._first_line.setdefault(key, r.line)
        if first != r.line:
            self.problem(r.line, f"{shown} repeats the row on line {first}")
            return
        self._batch.append((r, *self._made(r)))
        if len(self._batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Validate the waiting rows' events; register the good ones and spool them."""
        if not self._batch:
            return
        refs = max(len(names) for _, names, _ in self._batch)
        bad = refused([e for _, _, e in self._batch], refs, self._stand_in_meta())
        spooled: list[Spooled] = []
        for i, (r, names, event) in enumerate(self._batch):
            if i in bad:
                self.problem(r.line, bad[i])
                continue
            actors, place = self._register(r, names)
            spooled.append((event, actors, place, r.line))
            self._count(r)
        pickle.dump(spooled, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._batch = []

    def _identity(self, r: _R) -> tuple[Hashable, str]:
        """The builder's: what no two rows may share, and how a message names it."""
        raise NotImplementedError

    def _made(self, r: _R) -> tuple[Any, dict[str, Any]]:
        """The builder's: the row's actors (in the order of their stand-ins) and its event."""
        raise NotImplementedError

    def _stand_in_meta(self) -> dict[str, Any]:
        """The builder's: a valid meta for the batch's events to be checked beside."""
        raise NotImplementedError

    def _register(self, r: _R, names: Any) -> tuple[list[int], int]:
        """The builder's: register a good row's actors and place; their indices (the place's, -1 for none)."""
        raise NotImplementedError

    def _count(self, r: _R) -> None:
        """The builder's: count a good row (the period, the countries)."""
        raise NotImplementedError
