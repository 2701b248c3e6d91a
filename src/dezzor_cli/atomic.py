"""Writing a file so that readers see the old content or the new, never a mix.

:func:`write_text`, :func:`write_bytes` and :func:`write_chunks` (for data made
piece by piece, never held whole) write to a temporary file in the target's own
directory, flush it to disk, give it the right permission bits
and rename it over the target in one step (``os.replace``), then flush the
directory so the rename itself survives a crash.

* A symbolic link is followed: its target is replaced and the link is kept.
* An existing file is never replaced unless ``force=True``.  Without
  ``force`` the final step is a hard link, which fails if a file of that name
  appeared after the check, so a file created meanwhile is not clobbered
  either (on file systems without hard links it falls back to a re-check and
  a rename).
* A replaced file keeps its permission bits (and, when the caller may set
  them, its owner and group); a new file gets ``0o666`` less the umask, as
  ``open()`` would give it.  A file the caller may not write to is not
  replaced, as the shell's ``>`` would refuse it too.
* Every failure that the user can act on (a missing directory, no permission,
  a full disk, the name being a directory) raises :class:`WriteError`, a
  :class:`~dezzor_cli.errors.DezzorError` with exit code 1 and a one-line
  message.  On any exception, KeyboardInterrupt included, the temporary file
  is removed and the target is left as it was.

A writer killed outright (SIGKILL, power loss) cannot clean up: it may leave a
temporary file named ``.dezzor-tmp-<name>-<random>.tmp`` beside the target.
Such a file is harmless (the target is intact) and can be deleted;
:data:`TEMP_PREFIX` is the prefix to look for.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Union

from .errors import DezzorError, ExitCode, StoreError, reason

__all__ = [
    "TEMP_PREFIX",
    "ExistsError",
    "WriteError",
    "check",
    "regular_file",
    "write_bytes",
    "write_chunks",
    "write_text",
]

TEMP_PREFIX = ".dezzor-tmp-"
_TEMP_SUFFIX = ".tmp"
_NAME_PART = 40  # characters of the target's name kept in the temporary name (stays far below NAME_MAX)

PathArg = Union[str, "os.PathLike[str]"]


class WriteError(DezzorError):
    """An output file that cannot be written; the target is left as it was."""

    exit_code = ExitCode.DATA


class ExistsError(WriteError):
    """The output file exists and ``force`` was not given."""

    exit_code = ExitCode.DATA


def write_text(path: PathArg, text: str, *, force: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; return the path of the file actually written.

    ``encoding`` is applied before anything touches the disk, so text that
    cannot be encoded raises :class:`WriteError` and leaves no trace.  See
    :func:`write_bytes` for the rest.
    """
    try:
        data = text.encode(encoding)
    except LookupError:
        raise WriteError(f"cannot write {os.fspath(path)}: unknown encoding {encoding!r}") from None
    except UnicodeEncodeError as exc:
        raise WriteError(
            f"cannot write {os.fspath(path)}: character {exc.start} cannot be encoded as {encoding}"
        ) from None
    return write_bytes(path, data, force=force)


def write_bytes(path: PathArg, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; return the path of the file actually written.

    The returned path is the real file: when ``path`` is a symbolic link it is
    the link's (resolved, absolute) target.  Raises :class:`ExistsError` when
    ``path`` exists (a dangling symbolic link counts) and ``force`` is false,
    and :class:`WriteError` for anything else that prevents the write.
    """
    return write_chunks(path, (data,), force=force)


def write_chunks(path: PathArg, chunks: Iterable[bytes | bytearray], *, force: bool = False) -> Path:
    """:func:`write_bytes` for data made piece by piece: each piece is written as it comes.

    Whatever the pieces raise (a :class:`~dezzor_cli.errors.DezzorError` from the
    code making them, say) stops the write and leaves the target as it was.
    """
    shown = os.fspath(path)
    target, shown_dir = _target(path)
    try:
        existing = _allowed(path, target, force)
        _write(target, chunks, existing, clobber=force, shown=shown)
    except DezzorError:
        raise
    except OSError as exc:
        raise WriteError(_describe(exc, shown, shown_dir)) from None
    return target


def check(path: PathArg, *, force: bool = False) -> Path:
    """Raise now the error :func:`write_bytes` would raise for ``path`` before writing anything.

    For checking every output a command will write before it does any work
    or prints anything: the name, the folder (it must exist and be writable),
    an existing file without ``force``, a directory, a read-only file.  The
    write itself checks again (the disk may change in between).
    """
    shown = os.fspath(path)
    target, shown_dir = _target(path)
    try:
        _allowed(path, target, force)
        folder = target.parent
        if not folder.exists():
            raise FileNotFoundError(errno.ENOENT, "no such folder")
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "permission denied")
    except DezzorError:
        raise
    except OSError as exc:
        raise WriteError(_describe(exc, shown, shown_dir)) from None
    return target


def _target(path: PathArg) -> tuple[Path, str]:
    """The real file a write to ``path`` replaces (a link's target), and the folder to name in messages."""
    shown = os.fspath(path)
    try:
        link = Path(path)
        target = Path(os.path.realpath(link))
        looping = target.is_symlink()  # realpath gives up on a loop and returns a link
        folder = str(target.parent if link.is_symlink() else link.parent)
    except ValueError:  # an embedded NUL
        raise WriteError(f"cannot write {shown!r}: the name contains a NUL character") from None
    except OSError as exc:  # a name too long for the file system
        raise WriteError(_describe(exc, shown, str(Path(shown).parent))) from None
    if looping:
        raise WriteError(f"cannot write {shown}: it is a symbolic link that loops")
    return target, folder


def _allowed(path: PathArg, target: Path, force: bool) -> os.stat_result | None:
    """The existing file's stat (None when there is none), once it may be replaced."""
    shown = os.fspath(path)
    existing = _existing(target, shown)
    if not force and (existing is not None or os.path.lexists(path)):
        raise ExistsError(f"{shown} exists; use --force to replace it")
    if existing is not None and not os.access(target, os.W_OK):
        raise WriteError(f"cannot write {shown}: permission denied (the file is read-only)")
    return existing


def _existing(target: Path, shown: str) -> os.stat_result | None:
    """The target's stat, None when there is no file; refuses directories and special files."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {shown}: it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"cannot write {shown}: it is not a regular file")
    return st


def regular_file(path: PathArg, doing: str) -> os.stat_result | None:
    """The stat of the file dezzor keeps for itself at ``path`` (a store's database); None when there is none.

    It never follows a symbolic link: a link planted where the file goes, or
    anything else that is not a regular file, is refused, so that a read-only
    query can never read or write through it.  ``doing`` is "read" or "write".
    """
    shown = os.fspath(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot {doing} {shown}: {reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise StoreError(f"{shown} is {kind}; dezzor does not {doing} through it")
    return st


def _write(target: Path, data: bytes | bytearray | Iterable[bytes | bytearray], existing: os.stat_result | None, *,
           clobber: bool, shown: str) -> None:
    directory = target.parent
    prefix = TEMP_PREFIX + target.name[:_NAME_PART] + "-"
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=directory)
    try:
        try:
            fh = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with fh:
            for piece in (data,) if isinstance(data, (bytes, bytearray)) else data:
                fh.write(piece)
            fh.flush()
            if existing is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(existing.st_mode))
                if (existing.st_uid, existing.st_gid) != _owner(fh.fileno()):
                    with suppress(OSError):  # only possible for root or the file's group; best effort
                        os.fchown(fh.fileno(), existing.st_uid, existing.st_gid)
                        os.fchmod(fh.fileno(), stat.S_IMODE(existing.st_mode))  # chown may clear setgid
            else:
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        if clobber:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target, shown)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _link_no_clobber(tmp: str, target: Path, shown: str) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there, even if something appeared since the check."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise ExistsError(f"{shown} exists; use --force to replace it") from None
    except OSError:
        # No hard links here (some network and FAT file systems): re-check, then rename.
        if os.path.lexists(target):
            raise ExistsError(f"{shown} exists; use --force to replace it") from None
        os.replace(tmp, target)
        return
    with suppress(OSError):  # the target is in place; a leftover name would be harmless
        os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; file systems that cannot sync a directory are left alone."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no other way to read it; restored at once
    os.umask(mask)
    return mask


def _describe(exc: OSError, shown: str, directory: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"cannot write {shown}: the directory {directory} does not exist"
    if isinstance(exc, NotADirectoryError):
        return f"cannot write {shown}: a part of {directory} is not a directory"
    if isinstance(exc, PermissionError):
        return f"cannot write {shown}: permission denied"
    if isinstance(exc, IsADirectoryError):
        return f"cannot write {shown}: it is a directory"
    if exc.errno == errno.ENOSPC:
        return f"cannot write {shown}: no space left on the device"
    if exc.errno == errno.ENAMETOOLONG:
        return f"cannot write {_clip(shown)}: the name is too long for the file system"
    if exc.errno == errno.EROFS:
        return f"cannot write {shown}: the file system is read-only"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot write {shown}: {reason[:1].lower() + reason[1:]}"


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
