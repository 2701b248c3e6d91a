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


def path_for(store: Path) -> Path:
    return store.with_name(f".{store.name}.dezzor-cache")


def _digest(data: bytes | memoryview) -> str:
    import hashlib  # not at import time: every load asks for path_for, few stores have a cache

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
        # Both hashes are computed on a second thread while this one decodes (hashlib lets go of the
        # interpreter lock), and the decoded store is used only if both match.
        digests: dict[str, str] = {}
        worker = threading.Thread(target=_hash_both, args=(store, payload, digests), daemon=True)
        worker.start()
        try:
            decoded = msgspec.msgpack.Decoder(Store).decode(payload)
        finally:
            worker.join()
        if digests != {"store_sha256": header.get("store_sha256"), "payload_sha256": header.get("payload_sha256")}:
            return None
        return decoded
    except (ValueError, OSError, RecursionError, msgspec.DecodeError):  # JSON and Unicode errors are ValueErrors
        return None


def _hash_both(store: Path, payload: memoryview, out: dict[str, str]) -> None:
    try:
        out["payload_sha256"] = _digest(payload)
        out["store_sha256"] = _file_digest(store)
    except OSError:
        out.clear()  # unreadable now: no match, so the store is read (and the error reported) the usual way


def write(store: Path, data: bytes, loaded: Any) -> Path:
    """Write the cache for ``store`` (whose bytes are ``data``) atomically; OSError when it cannot."""
    import msgspec

    from .atomic import write_bytes
    from .errors import StoreError
    from .fast import Store

    if not isinstance(loaded, Store):  # read by the plain reader: carry its values over field by field
        from .store import record

        loaded = msgspec.convert(record(loaded), Store)
    try:
        payload = msgspec.msgpack.encode(loaded)
    except OverflowError:
        raise StoreError(f"cannot cache {store}: it holds a whole number beyond 64 bits, which msgpack cannot") from None
    header = {**_identity(store, store.stat()), "store_sha256": _digest(data),
              "payload_bytes": len(payload), "payload_sha256": _digest(payload)}
    target = path_for(store)
    write_bytes(target, MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload, force=True)
    return target
