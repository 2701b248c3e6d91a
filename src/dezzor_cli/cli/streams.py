"""The standard streams as the shell hands them over: possibly closed, full, or not UTF-8.

Data goes to stdout, talk to stderr.  A closed stdout or a full disk is a
one-line error (exit 1), a reader that went away is exit 141, a closed stderr
silences the talk but not the data, and CSV and exports are UTF-8 bytes
whatever the locale says (a spreadsheet or another tool reads them, not the
terminal).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator

from ..errors import DezzorError, OutputClosed, reason

OUTPUT_ERRNOS = frozenset({errno.EBADF, errno.ENOSPC, errno.EDQUOT, errno.EIO})  # what a stream can fail with
CHUNK = 1 << 16  # written at a time: a reader that leaves early (| head) stops us at the next piece


class _Closed(io.StringIO):
    """Stands in for a standard stream the shell closed (``>&-``): writing to it is an error."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.stream_name = name

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, f"standard {self.stream_name} is closed")


def prepare() -> None:
    """Make the three streams safe to use: a closed one is replaced, text never fails to encode."""
    if sys.stdout is None:
        sys.stdout = _Closed("output")
    if sys.stderr is None:
        # Nowhere to say anything: say nothing (the file stays open until the process ends).
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError):  # already closed
                stream.reconfigure(errors="backslashreplace")


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Turn what can go wrong while writing stdout into the tool's errors."""
    try:
        yield
    except BrokenPipeError:
        raise OutputClosed() from None
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        raise DezzorError(f"cannot write the output: {reason(exc)}") from None


def is_terminal() -> bool:
    """Whether stdout is a terminal (a closed or odd stdout is not)."""
    try:
        return bool(sys.stdout.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def write(text: str, utf8_bytes: bool = False) -> None:
    """``text`` on stdout, in pieces; as UTF-8 bytes on the binary stream when ``utf8_bytes``."""
    out = sys.stdout
    binary = getattr(out, "buffer", None) if utf8_bytes else None
    with writing():
        if binary is not None:
            out.flush()
            data = text.encode("utf-8", "surrogateescape")
            for start in range(0, len(data), CHUNK):
                binary.write(data[start:start + CHUNK])
                binary.flush()
            return
        for start in range(0, len(text), CHUNK):
            out.write(text[start:start + CHUNK])
            out.flush()
