"""A validated cache beside a large store, for analysts who ask one file many questions.

``dezzor cache build`` writes ``.<store name>.dezzor-cache`` next to the store:
the store as the fast reader validated it, in msgpack, behind a header that
names the store's size, modification time and SHA-256, and the payload's own
SHA-256.  The cache is opt-in (a file of about the store's size should not
appear unasked); once it exists, every command uses it, and rebuilds it when
it no longer matches the store.

It is never trusted blindly: the store's bytes are hashed on every use, the
payload's hash and length are checked, and the payload is decoded with the
same typed structs as the JSON.  It guards against change and damage, not
against someone who can write beside the store (who could edit the store
itself); the cross-record checks are not run again on a cache that matches.  Anything that does not match (an edited
store, a truncated or corrupt cache, another dezzor version) means the store
is read and validated again and the cache is written anew, atomically.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from . import __version__

MAGIC = b"dezzor-cache\n"
FORMAT = 1
HEADER_ROOM = 1024  # bytes kept for the JSON header line, padded with spaces


def path_for(store: Path) -> Path:
    return store.with_name(f".{store.name}.dezzor-cache")


def _digest(data: bytes | memoryview) -> str:
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
            "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _rules() -> str:
    """A fingerprint of the code that decides what a valid store is: a cache made under other rules is stale.

    The version string alone would miss a rule changed in a checkout without a release.
    """
    import hashlib

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("vocab.py", "fast.py", "validate.py", "names.py", "cache.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def read(store: Path) -> Any | None:
    """The cached store when the cache exists and matches the store byte for byte; None otherwise."""
    import msgspec

    from .fast import Store

    # Both hashes run on other threads, the store's while this one reads the cache, the payload's
    # while this one decodes it; the decoded store is used only if both match.  Hashing a whole
    # buffer and reading a file spend their time without the interpreter lock, so they overlap.
    store_hash = _Background(_file_digest, store)
    try:
        st = store.stat()
        blob = path_for(store).read_bytes()
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
        if header.get("payload_bytes") != len(payload):
            return None
        payload_hash = _Background(_digest, payload)
        payload_hash.started.wait()  # inside hashlib (lock released) before the decoder takes the lock for good
        decoded = msgspec.msgpack.Decoder(Store).decode(payload)
        payload_hash.join()
        store_hash.join()
        if [store_hash.result, payload_hash.result] != [header.get("store_sha256"), header.get("payload_sha256")]:
            return None
        return decoded
    except (ValueError, OSError, RecursionError, msgspec.DecodeError):  # JSON and Unicode errors are ValueErrors
        return None


class _Background(threading.Thread):
    """``function(argument)`` on its own thread; ``result`` stays None if it raises OSError."""

    def __init__(self, function: Any, argument: Any) -> None:
        super().__init__(daemon=True)
        self.function, self.argument = function, argument
        self.started = threading.Event()
        self.result: str | None = None
        self.start()

    def run(self) -> None:
        self.started.set()
        try:
            self.result = self.function(self.argument)
        except OSError:
            pass  # no result, no match: the store is read, and its error reported, the usual way


def digest(data: bytes) -> str:
    """The content hash a cache records for the store whose bytes are ``data``."""
    return _digest(data)


def write(store: Path, store_sha256: str, loaded: Any) -> Path:
    """Write the cache for ``store`` (whose bytes hash to ``store_sha256``) atomically.

    Raises OSError or a DezzorError when it cannot.  Taking the hash rather
    than the bytes lets the caller drop the store's bytes before the payload
    is encoded: a rebuild then needs no more memory than a load.
    """
    import msgspec

    from .atomic import write_bytes
    from .errors import StoreError
    from .fast import Store

    if not isinstance(loaded, Store):  # read by the plain reader: carry its values over field by field
        from .store import record

        loaded = msgspec.convert(record(loaded), Store)
    # The payload is encoded straight into the file's buffer after room for the header, which is
    # filled in (padded with spaces) once the payload's hash is known: one copy of it in memory.
    start = len(MAGIC) + HEADER_ROOM + 1
    buffer = bytearray(start)
    try:
        msgspec.msgpack.Encoder().encode_into(loaded, buffer, start)
    except OverflowError:
        raise StoreError(f"cannot cache {store}: it holds a whole number beyond 64 bits, which msgpack cannot") from None
    payload = memoryview(buffer)[start:]
    header = json.dumps({**_identity(store, store.stat()), "store_sha256": store_sha256,
                         "payload_bytes": len(payload), "payload_sha256": _digest(payload)}, sort_keys=True).encode()
    del payload
    if len(header) > HEADER_ROOM:  # pragma: no cover - the header is a few hundred bytes
        raise StoreError(f"cannot cache {store}: its header is too long")
    buffer[:start] = MAGIC + header.ljust(HEADER_ROOM) + b"\n"
    target = path_for(store)
    write_bytes(target, buffer, force=True)  # type: ignore[arg-type]
    return target
