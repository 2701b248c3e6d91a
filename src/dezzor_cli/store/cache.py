"""A validated cache beside a large store, for analysts who ask one file many questions.

``dezzor cache build`` writes ``.<store name>.dezzor-cache`` next to the store:
the store as the fast reader validated it, in msgpack, behind a header that
names the store's size, modification time and SHA-256, and the payload's own
SHA-256.  The payload keeps each event as its own msgpack record, with the
start and end day of every event in two columns beside them, so a query
decodes only the events it needs (a date window is answered from the columns).
The cache is opt-in (a file of about the store's size should not appear
unasked); once it exists, every command uses it, and rebuilds it when it no
longer matches the store.

It is never trusted blindly: the store's bytes are hashed on every use, the
payload's hash and length are checked, and the payload is decoded with the
same typed structs as the JSON.  It guards against change and damage, not
against someone who can write beside the store (who could edit the store
itself); the cross-record checks are not run again on a cache that matches.
Anything that does not match (an edited store, a truncated or corrupt cache,
another dezzor version, changed validation code) means the store is read and validated again and the
cache is written anew, atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import __version__

if TYPE_CHECKING:
    from .fast import Event

MAGIC = b"dezzor-cache\n"
FORMAT = 2
HEADER_ROOM = 1024  # bytes kept for the JSON header line, padded with spaces


def exists(store: Path) -> bool:
    """Whether ``store`` has a cache: a regular file (never a link) at :func:`path_for`."""
    try:
        return stat.S_ISREG(os.lstat(path_for(store)).st_mode)
    except (OSError, ValueError):  # none there, or a name too long for one
        return False


def path_for(store: Path) -> Path:
    return store.with_name(f".{store.name}.dezzor-cache")


def digest(data: bytes | memoryview) -> str:
    """The SHA-256 a cache records for a store's bytes, and for its own payload."""
    import hashlib  # not at import time: every load asks for path_for, few stores have a cache

    # One call over the whole buffer: hashlib releases the interpreter lock for all of it.
    return hashlib.sha256(data).hexdigest()


def _file_digest(p: Path) -> str:
    import hashlib

    with p.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _identity(store: Path, st: os.stat_result) -> dict[str, Any]:
    import msgspec

    return {"format": FORMAT, "dezzor": __version__, "msgspec": msgspec.__version__, "rules": _rules(),
            "byteorder": sys.byteorder, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _rules() -> str:
    """A fingerprint of the code that decides what a valid store is: a cache made under other rules is stale.

    The version string alone would miss a rule changed in a checkout without a release.
    """
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("vocab.py", "fast.py", "checks.py", "cache.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def read(store: Path) -> Any | None:
    """The cached store when the cache exists and matches the store byte for byte; None otherwise.

    Its ``events`` are a :class:`LazyEvents`: each is decoded when first used.
    """
    import msgspec

    from .fast import Store

    # The store is hashed on another thread while this one reads and hashes the cache: reading a
    # file and hashing a whole buffer run without the interpreter lock, so the two overlap.
    store_hash = _Background(_file_digest, store)
    try:
        st = store.stat()
        fd = os.open(path_for(store), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # never through a link
        with os.fdopen(fd, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    try:
        if not blob.startswith(MAGIC):
            return None
        end = blob.index(b"\n", len(MAGIC))
        header = json.loads(blob[len(MAGIC):end])
        payload = memoryview(blob)[end + 1:]
        if not isinstance(header, dict) or {k: header.get(k) for k in _identity(store, st)} != _identity(store, st):
            return None
        n, head_bytes = header.get("events"), header.get("head_bytes")
        if not isinstance(n, int) or not isinstance(head_bytes, int):
            return None
        if header.get("payload_bytes") != len(payload) or header.get("payload_sha256") != digest(payload):
            return None
        store_hash.join()
        if store_hash.result is None or header.get("store_sha256") != store_hash.result:
            return None
        head = msgspec.msgpack.Decoder(Store).decode(payload[:head_bytes])
        at = head_bytes
        offsets, first, last = array("q"), array("i"), array("i")
        for column, count in ((offsets, n + 1), (first, n), (last, n)):
            size = count * column.itemsize
            column.frombytes(payload[at:at + size])
            at += size
        events = payload[at:]
        if len(first) != n or len(last) != n or offsets[0] != 0 or offsets[-1] != len(events) or head.events:
            return None
        # LazyEvents stands in for the list the struct declares: a read-only sequence of the same events.
        head.events = cast("list[Event]", LazyEvents(store, events, offsets, first, last))
        return head
    except (ValueError, TypeError, OSError, RecursionError, msgspec.DecodeError):  # JSON, Unicode: ValueErrors
        return None


class LazyEvents(Sequence):  # type: ignore[type-arg]
    """The events of a cached store, each decoded the first time it is asked for.

    It behaves as the list it stands for.  ``overlapping`` answers a date
    window from the cached start and end days alone, so a query filtered by
    date decodes only the events inside the window.
    """

    def __init__(self, store: Path, blob: memoryview, offsets: array, first: array, last: array) -> None:  # type: ignore[type-arg]
        import msgspec

        from .fast import Event

        self._store, self._blob, self._offsets, self._first, self._last = store, blob, offsets, first, last
        self._items: list[Any] = [None] * len(first)
        self._decode = msgspec.msgpack.Decoder(Event).decode
        self._decode_many = msgspec.msgpack.Decoder(list[Event]).decode

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._items)))]
        item = self._items[i]  # IndexError and negative indices, as a list has them
        if item is None:
            j = i if i >= 0 else i + len(self._items)
            item = self._items[j] = self._event(j)
        return item

    def _event(self, j: int) -> Any:
        import msgspec

        try:
            return self._decode(self._blob[self._offsets[j]:self._offsets[j + 1]])
        except msgspec.DecodeError:  # cannot happen to a cache whose hash matched; say so if it does
            from ..errors import StoreError

            raise StoreError(f"the cache of {self._store} is damaged; 'dezzor cache remove' deletes it") from None

    def __iter__(self) -> Iterator[Any]:
        n = len(self._items)
        for start in range(0, n, self.BATCH):
            stop = min(n, start + self.BATCH)
            self.preload(range(start, stop))
            yield from self._items[start:stop]

    BATCH = 65_536  # events decoded per call: fast, and the batch's copy of their bytes stays small

    def preload(self, indices: Iterable[int]) -> None:
        """Decode the events at ``indices`` (0 <= i < len) a batch at a time: much faster than one by one."""
        import msgspec

        missing = [i for i in indices if self._items[i] is None]
        offsets, blob = self._offsets, self._blob
        for start in range(0, len(missing), self.BATCH):
            chosen = missing[start:start + self.BATCH]
            # A msgpack array of the chosen records: its header (0xdd, a 32-bit count), then the records.
            batch = b"".join([b"\xdd" + len(chosen).to_bytes(4, "big"),
                              *(blob[offsets[i]:offsets[i + 1]] for i in chosen)])
            try:
                decoded = self._decode_many(batch)
            except msgspec.DecodeError:
                from ..errors import StoreError

                raise StoreError(f"the cache of {self._store} is damaged; 'dezzor cache remove' deletes it") from None
            for i, e in zip(chosen, decoded, strict=True):
                self._items[i] = e

    def overlapping(self, first: dt.date, last: dt.date) -> list[int]:
        """Indices of the events whose span (start day to end day) overlaps first..last, in store order."""
        lo, hi = first.toordinal(), last.toordinal()
        return [i for i, (s, e) in enumerate(zip(self._first, self._last, strict=True)) if s <= hi and e >= lo]


class _Background(threading.Thread):
    """``function(argument)`` on its own thread; ``result`` stays None if it raises OSError."""

    def __init__(self, function: Any, argument: Any) -> None:
        super().__init__(daemon=True)
        self.function, self.argument = function, argument
        self.result: str | None = None
        self.start()

    def run(self) -> None:
        # No result, no match: the store is then read, and its error reported, the usual way.
        with contextlib.suppress(OSError):
            self.result = self.function(self.argument)


def write(store: Path, store_sha256: str, loaded: Any) -> Path:
    """Write the cache for ``store`` (whose bytes hash to ``store_sha256``) atomically.

    Raises OSError or a DezzorError when it cannot.  Taking the hash rather
    than the bytes lets the caller drop the store's bytes before the payload
    is encoded: a rebuild then needs no more memory than a load.
    """
    import msgspec

    from ..atomic import write_own
    from ..errors import StoreError
    from .fast import Store

    if not isinstance(loaded, Store):  # read by the plain reader: carry its values over field by field
        from .records import record

        loaded = msgspec.convert(record(loaded), Store)
    # Laid out as: the store without its events, the events' offsets, start days and end days, then
    # the events one after another.  Everything is encoded straight into the file's buffer after room
    # for the header, which is filled in (padded with spaces) once the payload's hash is known.
    events = loaded.events
    n = len(events)
    encoder = msgspec.msgpack.Encoder()
    start = len(MAGIC) + HEADER_ROOM + 1
    buffer = bytearray(start)
    offsets, first, last = array("q", [0]), array("i"), array("i")
    try:
        encoder.encode_into(msgspec.structs.replace(loaded, events=[]), buffer, -1)
        head_bytes = len(buffer) - start
        columns_at = len(buffer)
        buffer += bytes((n + 1) * offsets.itemsize + 2 * n * first.itemsize)
        events_at = len(buffer)
        for e in events:
            encoder.encode_into(e, buffer, -1)
            offsets.append(len(buffer) - events_at)
            first.append(e.date.toordinal())
            last.append(e.end.toordinal())
    except OverflowError:
        why = "it holds a whole number beyond 64 bits, which msgpack cannot"
        raise StoreError(f"cannot cache {store}: {why}") from None
    buffer[columns_at:events_at] = offsets.tobytes() + first.tobytes() + last.tobytes()
    payload = memoryview(buffer)[start:]
    header = json.dumps({**_identity(store, store.stat()), "store_sha256": store_sha256, "events": n,
                         "head_bytes": head_bytes, "payload_bytes": len(payload), "payload_sha256": digest(payload)},
                        sort_keys=True).encode()
    del payload
    if len(header) > HEADER_ROOM:  # pragma: no cover - the header is a few hundred bytes
        raise StoreError(f"cannot cache {store}: its header is too long")
    buffer[:start] = MAGIC + header.ljust(HEADER_ROOM) + b"\n"
    target = path_for(store)
    # The store's own permission bits: a cache of a private store is as private as the store.
    write_own(target, buffer, mode=stat.S_IMODE(store.stat().st_mode))
    return target
