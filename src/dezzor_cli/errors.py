"""The tool's errors and the exit codes they map to (one table, used by the CLI's single handler)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # success, including an empty result
    DATA = 1  # the store or another file is missing, unreadable or invalid
    USAGE = 2  # the command line is wrong: unknown option, name, date or value
    INTERNAL = 3  # a bug in dezzor; rerun with --debug for the traceback
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of our output went away (as a SIGPIPE would)


class DezzorError(Exception):
    """An error the user can act on; printed as one line, never as a traceback."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, details: list[str] | None = None, total: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []  # the first problems, each with its location
        self.total = total if total is not None else len(self.details)  # how many there are in all


class StoreError(DezzorError):
    """A store that cannot be read or is not valid."""

    exit_code = ExitCode.DATA


class UsageError(DezzorError):
    """A command line that asks for something that does not exist or cannot be read."""

    exit_code = ExitCode.USAGE


class OutputClosed(DezzorError):
    """Whoever reads our output has gone (``dezzor timeline | head``): stop quietly."""

    exit_code = ExitCode.BROKEN_PIPE

    def __init__(self) -> None:
        super().__init__("")


def reason(exc: BaseException) -> str:
    """Why an operation failed, in a few words for a message ("permission denied")."""
    text = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]
