"""Finding, reading and validating a store.

A store is read as untrusted input: the bytes are checked (size, encoding),
parsed as strict JSON (no duplicate keys, no NaN or Infinity), validated
against the models and then against the cross-record rules.  Any failure
raises :class:`StoreError` carrying every problem with its location; nothing
is ever written back.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import StoreError, UsageError, reason
from .checks import Problem
from .types import StoreLike
from .upgrade import is_v1, upgrade_v1, version_of
from .vocab import SCHEMA_VERSION

ENV_VAR = "DEZZOR_DATA"
READER_VAR = "DEZZOR_READER"  # "plain" skips the fast reader (for comparisons and debugging)
MAX_PROBLEMS_KEPT = 1000  # problems formatted in full; the rest are only counted


@dataclass
class LoadedStore:
    """A validated store and where it came from.

    ``store`` comes from the plain reader (:mod:`.model`), the fast reader
    (:mod:`.fast`) or the store's database (:mod:`.database`): the same fields
    and values, seen through :class:`~.types.StoreLike`.  ``reader`` says which
    ("plain", "fast" or "database").
    """

    store: StoreLike
    path: Path
    reader: str = "plain"
    upgraded: bool = False  # the file is schema version 1, read as version 2 (store/upgrade.py)


# Progress: called as ``progress(name, size, phases)``; the context it returns gives ``step(phase)``.
Step = Callable[[str], None]
Progress = Callable[[str, int, int], AbstractContextManager[Step]]
Warn = Callable[[str], None]


def no_progress(name: str, size: int, phases: int) -> AbstractContextManager[Step]:
    return nullcontext(_no_step)


def _no_step(phase: str) -> None:
    return None


def _no_warning(message: str) -> None:
    return None


def bundled_path() -> Path:
    """The store shipped with the package (inside the wheel, or in a source checkout)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "events.json"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / "events.json"


def find(path: str | os.PathLike[str] | None = None) -> Path:
    """``--data`` wins, then ``$DEZZOR_DATA``, then the bundled store.

    An empty ``--data`` or ``$DEZZOR_DATA`` is an error, never "the bundled store": it is
    usually a variable that was meant to be set (``--data "$STORE"``), and answering from
    another store, or building a database in the installation, would be a silent wrong answer.
    """
    if path is not None:
        if str(path) == "":
            raise UsageError("--data is empty; give the path of a store (an unset shell variable?)")
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env is not None:
        if env == "":
            raise UsageError(f"${ENV_VAR} is set but empty; unset it or give the path of a store")
        return Path(env)
    return bundled_path()


def load(
    path: str | os.PathLike[str] | None = None,
    fast: bool = True,
    use_cache: bool = True,
    progress: Progress = no_progress,
    warn: Warn = _no_warning,
) -> LoadedStore:
    """Read and validate a store.

    Through its database (``dezzor cache build``) when it has one that matches
    it; otherwise the fast reader, then the plain reader when the fast one
    declines (or with ``fast=False``).  A database that does not match is left
    alone with a note: only ``dezzor cache build`` writes one.  ``progress`` is
    told the phases of the work, ``warn`` anything the user should know that is
    not an error.
    """
    p = find(path)
    fast = fast and os.environ.get(READER_VAR, "fast") != "plain"
    if fast and use_cache and p.name:  # "." or "/" name a directory: read_bytes says so
        from . import database  # small: DuckDB itself is imported only when a database is there

        if database.present(p):
            store = database.open_store(p, warn)
            if store is not None:
                return LoadedStore(store, p, "database")
    with gc_paused(), progress(p.name, file_size(p), 2) as step:
        step("reading")
        raw = read_bytes(p)
        step("validating")
        return validate_bytes(raw, p, fast)


def validate_bytes(raw: bytes, p: Path, fast: bool = True) -> LoadedStore:
    """The store in ``raw`` (read from ``p``), validated by the fast reader or else the plain one."""
    if fast:
        from . import fast as fast_reader

        store = fast_reader.load(raw)
        if store is not None:
            return LoadedStore(store, p, "fast")
    data = parse(raw, p)
    if is_v1(data):  # read as the version 2 document it stands for (docs/schema.md); the file is not touched
        data = upgrade_v1(data)
        if fast:
            from . import fast as fast_reader

            store = fast_reader.load(_encoded(data))
            if store is not None:
                return LoadedStore(store, p, "fast", upgraded=True)
        return LoadedStore(build(data, p), p, "plain", upgraded=True)
    return LoadedStore(build(data, p), p, "plain")


def _encoded(data: dict[str, Any]) -> bytes:
    """An upgraded document as JSON for the fast reader (empty, which it declines, if msgspec cannot write it)."""
    import msgspec

    try:
        return msgspec.json.encode(data)
    except (OverflowError, TypeError, ValueError):  # e.g. a whole number beyond 64 bits: the plain reader decides
        return b""


def migrated(raw: bytes, p: Path) -> tuple[bytes, bool]:
    """What ``dezzor migrate`` writes for the store ``raw`` (read from ``p``): the version 2 document as JSON text
    (UTF-8, two-space indent, keys in the file's order) and True, or ``raw`` itself and False when it is version 2
    already.  The result is validated first: StoreError, as for any reader, when it is not a valid store."""
    data = parse(raw, p)
    if not is_v1(data):
        validate_bytes(raw, p)
        return raw, False
    upgraded = upgrade_v1(data)
    build(upgraded, p)  # the upgraded document is valid, or the error names the store's problems
    text = json.dumps(upgraded, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8"), True


def file_size(p: Path) -> int:
    """The size of a regular file, or 0 (no progress display for what is not one)."""
    try:
        return p.stat().st_size if p.is_file() else 0
    except (OSError, ValueError):
        return 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading makes millions of objects and no cycles; the cyclic collector would only rescan them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was loaded lives until exit: later collections need not rescan it
        if was_enabled:
            gc.enable()


def open_input(p: Path, what: str = "store") -> BinaryIO:
    """``p`` opened for reading, or StoreError saying in one line why not (``what`` names the kind of file)."""
    try:
        if p.is_dir():
            raise IsADirectoryError
        return p.open("rb")
    except OSError as exc:
        raise StoreError(unreadable(p, what, exc)) from None


def unreadable(p: Path, what: str, exc: OSError) -> str:
    """Why ``p`` cannot be read, as the one line every reader of a file says it."""
    if isinstance(exc, FileNotFoundError):
        return f"no {what} at {p}"
    if isinstance(exc, IsADirectoryError):
        return f"{p} is a directory, not a {what} file"
    return f"cannot read {p}: {reason(exc)}"


def read_bytes(p: Path, what: str = "store") -> bytes:
    """The whole file, or StoreError saying in one line why not."""
    with open_input(p, what) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            limit = _memory_limit()
            if limit is not None and size > limit:
                raise StoreError(
                    f"{p} is {size / 2**20:,.0f} MiB, more than this machine can load safely "
                    f"(about {limit / 2**20:,.0f} MiB with the memory available); split it or use a bigger machine"
                )
            return fh.read()
        except OSError as exc:
            raise StoreError(unreadable(p, what, exc)) from None


def _memory_limit() -> int | None:
    """Largest store we dare to load: loading costs several times the file's size in memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024 // 6
    except (OSError, ValueError, IndexError):
        return None
    return None


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (numbers must be finite)")


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse(data: bytes, p: Path) -> dict[str, Any]:
    if not data.strip():
        raise StoreError(f"{p} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise StoreError(f"{p} starts with a byte-order mark; save it as UTF-8 without BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise StoreError(f"{p} looks like UTF-16 or UTF-32; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StoreError(f"{p} is not valid UTF-8 (byte {exc.start}, line {line})") from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        raise StoreError(f"{p} has a duplicate key {str(exc)!r} in one object; each key may appear once") from None
    except json.JSONDecodeError as exc:
        what = exc.msg.lower().removesuffix(" starting at")
        if exc.pos >= len(text.rstrip()):
            what = "ends too early"
        raise StoreError(f"{p} is not valid JSON: {what} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise StoreError(f"{p} is nested too deeply to be a store") from None
    except ValueError as exc:  # NaN/Infinity, integers too long to convert
        raise StoreError(f"{p} is not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise StoreError(
            f"{p} must hold a JSON object with meta, actors, places and events, not {_json_type(obj)}"
        )
    if _SURROGATE_ESCAPE.search(data):
        bad = _find_surrogate(obj, "")
        if bad is not None:
            raise StoreError(f"{p}: {bad}: a string holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
    return obj


def _find_surrogate(obj: Any, loc: str) -> str | None:
    if isinstance(obj, str):
        return loc or "(top)" if any("\ud800" <= ch <= "\udfff" for ch in obj) else None
    if isinstance(obj, dict):
        for k, v in obj.items():
            found = _find_surrogate(k, loc) or _find_surrogate(v, f"{loc}.{k}" if loc else k)
            if found:
                return found
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            found = _find_surrogate(v, f"{loc}[{i}]")
            if found:
                return found
    return None


def _json_type(obj: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(obj), "a number"
    )


def build(data: dict[str, Any], p: Path) -> StoreLike:
    """Validate parsed JSON into a model Store, or raise StoreError with every problem located.

    A version 1 document is upgraded first (:mod:`.upgrade`), unless the caller has done so.
    """
    if is_v1(data):
        data = upgrade_v1(data)
    version = version_of(data)
    if isinstance(version, (int, float)) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise StoreError(f"{p} is a store of schema version {version}; this dezzor reads versions 1 to "
                         f"{SCHEMA_VERSION} (a newer dezzor may read it)")
    from pydantic import ValidationError

    from .checks import check_store
    from .model import Store

    try:
        store = Store.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, MAX_PROBLEMS_KEPT)
        total = max(exc.error_count(), len(problems))
        raise StoreError(_headline(p, problems, total), [str(x) for x in problems], total) from None
    problems = check_store(store)
    if problems:
        shown = [str(x) for x in problems[:MAX_PROBLEMS_KEPT]]
        raise StoreError(_headline(p, problems, len(problems)), shown, len(problems))
    return store


def _headline(p: Path, problems: list[Problem], n: int) -> str:
    first = problems[0]
    more = f" (and {n - 1} more problem{'s' if n > 2 else ''}; run 'dezzor validate' to list them)" if n > 1 else ""
    return f"{p} is not a valid store: {first}{more}"


def pydantic_problems(exc: Any, limit: int | None = None) -> list[Problem]:
    """Pydantic errors as Problems with readable locations, one per location (the first ``limit``)."""
    out: list[Problem] = []
    seen: set[object] = set()  # locations, and (location, message) for unknown keys: one object may have several
    for err in exc.errors(include_url=False):
        if limit is not None and len(out) >= limit:
            break
        if err["type"] == "extra_forbidden":  # name the key: the location alone would stop at its object
            key = str(err["loc"][-1]) if err["loc"] else "?"
            loc, msg = format_location(err["loc"][:-1]), f"unknown key {_short(key)}; is it misspelt?"
        else:
            loc = format_location(err["loc"])
            msg = err["msg"]
        if (loc, msg) in seen or (err["type"] != "extra_forbidden" and loc in seen):
            continue
        seen.add(loc)
        seen.add((loc, msg))
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] not in ("missing", "value_error", "extra_forbidden") and "input" in err:
            msg += f" (got {_short(err['input'])})"
        out.append(Problem(loc, msg))
    return out


def _short(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_location(loc: tuple[Any, ...]) -> str:
    """('events', 12, 'casualties', 0, 'killed', 'int') -> 'events[12].casualties[0].killed'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and re.fullmatch(r"[a-z_][a-z0-9_]*", part) and part not in ("int", "str", "none"):
            out += f".{part}" if out else part
        # anything else is a union member's tag (e.g. 'Range', 'function-after[...]'): not a location
    return out
