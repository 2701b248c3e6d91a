"""The fast reader's normaliser (:mod:`.fast`), generated from its structs' fields.

After msgspec has decoded a store, one generated function walks it: it fills each optional field
left ``UNSET`` with its model default, checks what the structs cannot (years above 9998), and counts
the keys present plus the colons inside the free-text strings, which :func:`.fast.load` compares
with the colons in the file to find a key given twice.  A field that defaults to None instead of
``UNSET`` (``fast.OMITTED``: left out of a record when unknown) counts as present exactly when it is
not None, so an explicit null there makes the counts differ and the fast reader decline.
"""

# No "from __future__ import annotations": the field types are read as objects.

import datetime as dt
import functools
import types
import typing
from typing import Annotated, Any, Union

import msgspec
from msgspec import UNSET, UnsetType

from .vocab import Certainty

_SETTINGS: dict[str, Any] = {"record": msgspec.Struct, "refs": ()}


class Decline(Exception):
    """The fast reader cannot vouch for this store; the plain reader decides."""


def _members(tp: Any) -> list[Any]:
    """The alternatives of a field's type, without None and UNSET."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [m for m in typing.get_args(tp) if m not in (type(None), UnsetType)]
    return [tp]


def _base(tp: Any) -> Any:
    return typing.get_args(tp)[0] if typing.get_origin(tp) is Annotated else tp


def _is_free_text(tp: Any) -> bool:
    """A string field whose content is not otherwise constrained (ids and references hold no colon)."""
    if _base(tp) is not str:
        return False
    return tp not in _SETTINGS["refs"]


def default_of(info: Any) -> str:
    """The model default of an optional field, as Python source: [] for lists, 'reported' for certainty."""
    members = _members(info.type)
    if any(typing.get_origin(m) is list for m in members):
        return "[]"
    if any(typing.get_origin(m) is dict for m in members):
        return "{}"
    if Certainty in members:
        return "_REPORTED"
    return "None"


def _nested(tp: Any, var: str, indent: str, may_be_none: bool, depth: int) -> list[str]:
    """Source lines that add the keys and free-text colons found inside the value ``var``."""
    lines: list[str] = []
    for m in _members(tp):
        if typing.get_origin(_base(m)) in (list, dict):  # a list with a length constraint
            m = _base(m)
        origin = typing.get_origin(m)
        if isinstance(m, type) and issubclass(m, _SETTINGS["record"]):
            lines.append(f"{indent}if {var}.__class__ is {m.__name__}:")
            lines += _body(m, var, depth + 1, indent + "    ")
        elif origin is list:
            (item,) = typing.get_args(m)
            if isinstance(item, type) and issubclass(item, _SETTINGS["record"]):
                fixed = _fixed_keys(item)
                if fixed is not None:  # nothing to fill in or count inside: each item has exactly these keys
                    lines.append(f"{indent}n += {fixed} * len({var})")
                else:
                    lines.append(f"{indent}for y{depth} in {var}:")
                    lines += _body(item, f"y{depth}", depth + 1, indent + "    ")
            elif _is_free_text(item):
                lines += [f"{indent}for y{depth} in {var}:", f"{indent}    n += y{depth}.count(':')"]
        elif origin is dict:  # keys are schemes (no colon): one key each, and the colons in the codes
            lines += [f"{indent}n += len({var})", f"{indent}for y{depth} in {var}.values():",
                      f"{indent}    n += y{depth}.count(':')"]
        elif _is_free_text(m):
            guard = f"{indent}if {var} is not None:\n{indent}    " if may_be_none else indent
            lines.append(f"{guard}n += {var}.count(':')")
        elif _base(m) is dt.date:
            guard = f"{var} is not None and " if may_be_none else ""
            lines += [f"{indent}if {guard}{var}.year > 9998:", f"{indent}    raise _Decline"]
    return lines


_fields = functools.cache(msgspec.structs.fields)  # each call re-reads the class's annotations


@functools.cache
def _fixed_keys(cls: type) -> int | None:
    """The number of keys every object of ``cls`` has, when it has no optional field and nothing to check inside."""
    fields = _fields(cls)
    if all(f.required and not _nested(f.type, "v", "", False, 0) for f in fields):
        return len(fields)
    return None


def _body(cls: type, obj: str, depth: int, indent: str) -> list[str]:
    """Lines that fill in the defaults of ``obj`` (a ``cls``) and add its keys and colons to ``n``, inline."""
    fields = _fields(cls)
    v = f"v{depth}"
    lines = [f"{indent}n += {sum(1 for f in fields if f.required)}"]
    for f in fields:
        may_be_none = type(None) in typing.get_args(f.type)  # a union's members
        if f.required:
            inner = _nested(f.type, v, indent, may_be_none, depth)
            lines += [f"{indent}{v} = {obj}.{f.name}", *inner] if inner else []
        elif f.default is None:  # left out when unknown: present exactly when not None (an explicit null declines)
            lines += [f"{indent}{v} = {obj}.{f.name}", f"{indent}if {v} is not None:", f"{indent}    n += 1"]
            lines += _nested(f.type, v, indent + "    ", False, depth)
        else:
            lines += [
                f"{indent}{v} = {obj}.{f.name}",
                f"{indent}if {v} is _UNSET:",
                f"{indent}    {obj}.{f.name} = {default_of(f)}",
                f"{indent}else:",
                f"{indent}    n += 1",
            ]
            lines += _nested(f.type, v, indent + "    ", may_be_none, depth)
    return lines


def normaliser_source(root: type) -> str:
    return "\n".join(["def normalise(x):", "    n = 0", *_body(root, "x", 0, "    "), "    return n"])


def compile_normaliser(root: type, structs: tuple[type, ...], record: type, refs: tuple[Any, ...]) -> Any:
    """One function, generated from the fields of ``root`` (a struct) and the structs inside it: fills defaults in,
    returns keys + free-text colons.  ``record`` is the structs' base class; ``refs`` the string types that hold no
    colon (ids and references)."""
    _SETTINGS.update(record=record, refs=refs)
    namespace: dict[str, Any] = {c.__name__: c for c in structs}
    namespace.update(_UNSET=UNSET, _REPORTED=Certainty.reported, _Decline=Decline)
    exec(normaliser_source(root), namespace)  # noqa: S102 - source built above from our own struct fields
    return namespace["normalise"]
