"""Running dezzor in a pseudo-terminal of a chosen size, as a person at a terminal would see it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_pty(args: list[str], columns: int, rows: int = 500, **env: str) -> str:
    """What ``dezzor ARGS`` prints (stdout and stderr) on a terminal ``columns`` wide, escapes removed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "DEZZOR_DATA", "NO_COLOR")}
    full.update({"TERM": "xterm-256color", "PAGER": "cat", "DEZZOR_PAGER": "cat", **env})
    code = "import sys; from dezzor_cli.entry import main; sys.argv[0] = 'dezzor'; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdin=slave, stdout=slave, stderr=slave,
                            env=full, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise TimeoutError(f"dezzor {' '.join(args)} printed nothing for 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=60)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return ESCAPES.sub("", text)
