"""The fast reader a run of events at a time, for ``dezzor cache build``.

:func:`.fast.load` decodes a whole store, fills its defaults in and checks it, and only then is the store
known to be valid.  The database build cannot wait that long without doubling its time: DuckDB's share of
the work (reading every event's record, filling the tables) would start only once the checks are done.  So
the build reads the store in the same steps, in another order:

1. the store is decoded with its events left as JSON text (``msgspec.Raw``, pointing into the file's
   bytes): a quick pass that checks the JSON and the types of everything else;
2. the events are decoded and normalised a run at a time, and each run is handed on (to DuckDB, which
   reads it on its own thread) before the next is decoded;
3. the head (everything but the events) is normalised and the store is vouched for as :func:`.fast.load`
   vouches (keys and colons, event ids, the cross-record checks).

A store gets the same verdict either way: any step that fails declines, as :func:`.fast.load` declines,
and the caller throws away what it was handed and asks the plain reader.
``tests/store/test_staged.py`` checks that both give the same structs or the same refusal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from . import fast
from .fast import Event, Store
from .normaliser import Decline

__all__ = ["Decline", "Staged"]

# A store whose events are still JSON text: Store's own fields, but for the events.
_Runs = msgspec.defstruct(
    "_Runs",
    [(f.name, list[msgspec.Raw] if f.name == "events" else f.type) if f.required else
     (f.name, f.type, f.default) for f in msgspec.structs.fields(Store)],
    bases=(fast._Record,), kw_only=True)
_HEAD = msgspec.json.Decoder(_Runs)
_EVENT = msgspec.json.Decoder(Event)


class Staged:
    """One store read in steps: :meth:`runs`, then :meth:`vouched`.  Any step may raise :class:`.fast.Decline`."""

    def __init__(self, data: bytes) -> None:
        self._head: Any = fast.decoded(_HEAD, data)  # as fast.decode decides
        if self._head is None:
            raise Decline
        self._events: list[Event] = []
        self._counted = 0  # keys and free-text colons of the events normalised so far

    def runs(self, size: int) -> Iterator[tuple[int, list[Event]]]:
        """The events, decoded and normalised, ``size`` at a time, each with its position in the store."""
        raws = self._head.events
        for start in range(0, len(raws), size):
            try:
                run = [_EVENT.decode(r) for r in raws[start:start + size]]
            except fast.DECODE_ERRORS:
                raise Decline from None
            raws[start:start + size] = [None] * len(run)  # each refers to the file's bytes, which can then go
            self._counted += fast.normalise_events(run)
            self._events += run
            yield start, run
        self._head.events = []  # the JSON text (and with it the file's bytes) is not needed any more

    def vouched(self, colons: int) -> Store | None:
        """The store, once every run has been taken, if the fast reader vouches for it (``colons``: the ``:``
        bytes in the file); None when only the plain reader can decide.  Raises :class:`.fast.Decline` too."""
        head = self._head
        store = Store(**{f: getattr(head, f) for f in head.__struct_fields__ if f != "events"}, events=self._events)
        if fast.vouched(store, self._counted + fast.normalise_head(store), colons) is None:
            return None
        return store
