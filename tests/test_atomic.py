"""Atomic writes: refusal without --force, modes, symlinks, clean failure, and a writer killed mid-write."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dezzor_cli
from dezzor_cli import atomic
from dezzor_cli.atomic import TEMP_PREFIX, ExistsError, WriteError, write_bytes, write_text
from dezzor_cli.errors import DezzorError, ExitCode


def leftovers(directory: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_new_file_gets_content_and_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = write_text(tmp_path / "out.json", "héllo\n")
    finally:
        os.umask(old)
    assert out == (tmp_path / "out.json").resolve()
    assert out.read_bytes() == "héllo\n".encode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # 0o666 & ~0o027, as open() would give
    assert leftovers(tmp_path, "out.json") == []


def test_write_bytes_and_encoding(tmp_path: Path) -> None:
    write_bytes(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    write_text(tmp_path / "l1.txt", "é", encoding="latin-1")
    assert (tmp_path / "l1.txt").read_bytes() == b"\xe9"
    with pytest.raises(WriteError, match="cannot be encoded as ascii"):
        write_text(tmp_path / "a.txt", "é", encoding="ascii")
    assert not (tmp_path / "a.txt").exists()


def test_refuses_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(ExistsError) as info:
        write_text(target, "new")
    err = info.value
    assert isinstance(err, DezzorError) and err.exit_code == ExitCode.DATA == 1
    assert err.message == f"{target} exists; use --force to replace it"
    assert "\n" not in err.message
    assert target.read_text() == "old"
    assert leftovers(tmp_path, "out.json") == []


def test_force_replaces_and_keeps_mode_bits(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    before = target.stat().st_ino
    write_text(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # not the 0o644 a new file would get
    assert target.stat().st_ino != before  # replaced by rename, not rewritten in place
    assert leftovers(tmp_path, "out.json") == []


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "data.json"
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(ExistsError):
        write_text(link, "new")
    written = write_text(link, "new", force=True)
    assert written == real.resolve()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new" and link.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert leftovers(tmp_path, "real", "link.json") == []
    assert leftovers(real_dir, "data.json") == []  # the temporary file lived beside the real target


def test_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "missing.json")
    with pytest.raises(ExistsError):
        write_text(link, "x")
    write_text(link, "x", force=True)
    assert link.is_symlink() and (tmp_path / "missing.json").read_text() == "x"


def test_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(WriteError, match="loops"):
        write_text(a, "x", force=True)
    assert a.is_symlink() and b.is_symlink()


def test_missing_directory_and_directory_target(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_text(tmp_path / "nope" / "out.json", "x")
    missing = tmp_path / "nope"
    assert info.value.message == f"cannot write {missing / 'out.json'}: the directory {missing} does not exist"
    with pytest.raises(WriteError, match="is a directory"):
        write_text(tmp_path, "x", force=True)
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteError, match="not a directory"):
        write_text(tmp_path / "file" / "out.json", "x")


def test_permission_problem_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(WriteError) as info:
        write_text(tmp_path / "out.json", "x")
    assert info.value.message == f"cannot write {tmp_path / 'out.json'}: permission denied"
    assert info.value.exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_real_permission_problems(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            write_text(locked / "out.json", "x")
    finally:
        os.chmod(locked, 0o700)
    ro = tmp_path / "ro.json"
    ro.write_text("old")
    os.chmod(ro, 0o444)
    with pytest.raises(WriteError, match="read-only"):
        write_text(ro, "new", force=True)
    assert ro.read_text() == "old"


def test_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ro.json"
    target.write_text("old")
    monkeypatch.setattr(atomic.os, "access", lambda p, mode: False)
    with pytest.raises(WriteError, match="permission denied"):
        write_text(target, "new", force=True)
    assert target.read_text() == "old"
    assert leftovers(tmp_path, "ro.json") == []


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_failure_midway_keeps_old_content_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    seen: list[str] = []

    def failing_fsync(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX))
        raise exc

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    if isinstance(exc, OSError):
        with pytest.raises(WriteError, match="no space left"):
            write_text(target, "new" * 1000, force=True)
    else:
        with pytest.raises(KeyboardInterrupt):  # not wrapped: Ctrl-C stays Ctrl-C
            write_text(target, "new" * 1000, force=True)
    assert seen and seen[0].startswith(TEMP_PREFIX + "out.json-")  # a temp file existed mid-write...
    assert target.read_text() == "old"
    assert leftovers(tmp_path, "out.json") == []  # ...and is gone now


def test_file_created_after_the_check_is_not_clobbered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    real_link = os.link

    def racing_link(src, dst):
        Path(dst).write_text("someone else's")
        return real_link(src, dst)

    monkeypatch.setattr(atomic.os, "link", racing_link)
    with pytest.raises(ExistsError):
        write_text(target, "mine")
    assert target.read_text() == "someone else's"
    assert leftovers(tmp_path, "out.json") == []


def test_no_hard_links_falls_back_to_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    write_text(tmp_path / "out.json", "x")
    assert (tmp_path / "out.json").read_text() == "x"
    assert leftovers(tmp_path, "out.json") == []


_WRITER = """
import sys
from dezzor_cli.atomic import write_text
path, size = sys.argv[1], int(sys.argv[2])
texts = ("A" * size, "B" * size)
print("ready", flush=True)
i = 0
while True:
    i += 1
    write_text(path, texts[i % 2], force=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_never_leaves_a_torn_file(tmp_path: Path) -> None:
    """SIGKILL a writer at random moments: the target is always exactly A or B.

    A killed writer cannot remove its temporary file, so one may be left
    beside the target; it must carry the module's prefix (and is harmless).
    """
    size = 20 * 2**20
    a, b = b"A" * size, b"B" * size
    target = tmp_path / "out.txt"
    write_bytes(target, a)
    env = dict(os.environ)
    src = str(Path(dezzor_cli.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    rng = random.Random(20241203)
    started = time.monotonic()
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target), str(size)], env=env, stdout=subprocess.PIPE
        )
        try:
            assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.02, 0.2))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL  # it was still writing when killed
        content = target.read_bytes()
        assert content in (a, b), f"torn file: {len(content)} bytes"
        stray = leftovers(tmp_path, "out.txt")
        assert all(name.startswith(TEMP_PREFIX + "out.txt-") and name.endswith(".tmp") for name in stray), stray
    assert time.monotonic() - started < 10  # generous bound; typically about 1.5 s
