"""The terminal view: the pager, --color and its environment variables, and shell completion.

Pager and colour are checked at a real pseudo-terminal (a child process whose stdout is a pty
of a set size) and on a pipe; completion through the environment variables the shell script
sets, in a child process as the shell runs it.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.cli import output, pager
from dezzor_cli.cli.completion import candidates, names, store_names
from dezzor_cli.render import target_for

from ..conftest import Result, generated_store

Run = Callable[..., Result]

# What the developer's shell may have set and these tests decide for themselves.
SCRUBBED = ("DEZZOR_DATA", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PAGER", "DEZZOR_PAGER", "LESS", "LV",
            "TERM", "COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "_DEZZOR_COMPLETE", "COMP_WORDS", "COMP_CWORD",
            "_TYPER_COMPLETE_ARGS")
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(extra)
    return env


def has_colour(text: str) -> bool:
    """Whether ``text`` sets a foreground or background colour (bold, dim and reverse are not colours)."""
    for params in SGR.findall(text):
        for p in params.split(";"):
            if p.isdigit() and (30 <= int(p) <= 49 or 90 <= int(p) <= 107):
                return True
    return False


def has_escape(text: str) -> bool:
    return "\x1b" in text


@pytest.fixture(autouse=True)
def _no_terminal_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SCRUBBED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(output, "paging", True)


# --- running dezzor at a pseudo-terminal --------------------------------------------------------


@dataclass
class Pty:
    code: int
    out: str  # what reached the terminal, with the terminal's \r\n as \n
    err: str


def at_pty(args: list[str], env: dict[str, str], rows: int = 24, cols: int = 100,
           while_running: Callable[[subprocess.Popen[bytes]], None] | None = None,
           python: str | None = None) -> Pty:
    """Run ``dezzor args`` (or ``python -c python args``) with stdin and stdout on a fresh pty of ``rows`` x
    ``cols``, stderr on a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    command = [sys.executable, *(["-c", python] if python else ["-m", "dezzor_cli"]), *args]
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    os.close(slave)
    if while_running is not None:
        while_running(child)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:  # a safety net, not a measurement: something is waiting for input
                child.kill()
                pytest.fail(f"dezzor {args} at a pty stopped writing")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every process holding the terminal has gone
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    assert child.stderr is not None
    err = child.stderr.read().decode()
    child.wait(timeout=60)
    return Pty(child.returncode, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"), err)


def piped(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dezzor_cli", *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=60)


# --- the pager: which one --------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "less -FRX"),
    ({"PAGER": "more"}, "more"),
    ({"PAGER": "less -R"}, "less -R"),
    ({"DEZZOR_PAGER": "most", "PAGER": "more"}, "most"),
    ({"DEZZOR_PAGER": "", "PAGER": "more"}, None),  # set but empty: no pager (git's rule), not the next one
    ({"PAGER": ""}, None),
    ({"PAGER": "   "}, None),
    ({"PAGER": "cat"}, None),
    ({"DEZZOR_PAGER": "cat", "PAGER": "less"}, None),
    ({"DEZZOR_PAGER": "less", "PAGER": "cat"}, "less"),
    ({"DEZZOR_PAGER": "cat -v"}, "cat -v"),  # only bare 'cat' means none
])
def test_the_pager_is_chosen_as_git_chooses(env: dict[str, str], expected: str | None) -> None:
    assert pager.command(env) == expected


@pytest.mark.parametrize(("cmd", "argv"), [
    ("less -FRX", ["less", "-FRX"]),
    ("'/opt/my pager/bin/p' --flag", ["/opt/my pager/bin/p", "--flag"]),
    ("less -R | tee /tmp/x", ["/bin/sh", "-c", "less -R | tee /tmp/x"]),
    ("LESS=R less", ["/bin/sh", "-c", "LESS=R less"]),
    ("$HOME/bin/pager", ["/bin/sh", "-c", "$HOME/bin/pager"]),
    ("less 'unclosed", ["/bin/sh", "-c", "less 'unclosed"]),
])
def test_a_pager_runs_directly_unless_it_needs_the_shell(cmd: str, argv: list[str]) -> None:
    assert pager.argv(cmd) == argv


def test_less_gets_frx_unless_the_user_set_less() -> None:
    assert pager.child_env({"HOME": "/h"}) == {"HOME": "/h", "LESS": "FRX", "LV": "-c"}
    assert pager.child_env({"LESS": "-R"})["LESS"] == "-R"
    assert pager.child_env({"LESS": ""})["LESS"] == ""  # set, even empty: the user's


def test_too_tall_counts_rows_above_the_prompt() -> None:
    assert not pager.too_tall("a\n" * 23, lines=24, columns=80)  # 23 lines and the prompt fit in 24 rows
    assert pager.too_tall("a\n" * 24, lines=24, columns=80)
    assert pager.too_tall("x" * 161 + "\n" + "a\n" * 21, lines=24, columns=80)  # the long line takes 3 rows
    assert not pager.too_tall("\x1b[1m" + "x" * 80 + "\x1b[0m\n" + "a\n" * 22, lines=24, columns=80)  # escapes take no room
    assert not pager.too_tall("a\n" * 100, lines=0, columns=0)  # a terminal that reports no size


def test_no_pager_off_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    def page(text: str, utf8_bytes: bool = False) -> bool:
        called.append(text)
        return True

    monkeypatch.setattr(pager, "page", page)
    r = run("timeline")
    assert r.code == 0 and "Islamic State" in r.out and called == []


# --- the pager at a terminal ----------------------------------------------------------------------------


# Each case runs with a pager that notes it ran (and the LESS it was given) in its own marker file, then
# shows its input; every case in one process at one 24-row pty (see SEVERAL_AT_ONCE).
FAKE = "<the fake pager>"
PAGER_CASES: dict[str, tuple[list[str], dict[str, str]]] = {
    "taller than the terminal": (["timeline"], {}),
    "LESS set": (["timeline"], {"LESS": "-R"}),
    "fits": (["timeline", "--limit", "1"], {}),
    "timeline --no-pager": (["timeline", "--no-pager"], {}),
    "dezzor --no-pager timeline": (["--no-pager", "timeline"], {}),
    "dezzor --no-pager kinds": (["--no-pager", "kinds"], {}),  # kinds has no output options: the root's serves
    "DEZZOR_PAGER empty": (["timeline"], {"DEZZOR_PAGER": "", "PAGER": FAKE}),
    "DEZZOR_PAGER cat": (["timeline"], {"DEZZOR_PAGER": "cat", "PAGER": FAKE}),
    "PAGER only": (["timeline"], {"PAGER": FAKE}),
    "not found": (["timeline"], {"DEZZOR_PAGER": "no-such-pager-anywhere"}),
    "not found by sh": (["timeline"], {"DEZZOR_PAGER": "no-such-pager-anywhere --flag $HOME"}),
}
ROWS = 24


@dataclass
class Paged:
    out: str
    code: int
    pager_ran_with_less: str | None  # what the pager saw in $LESS, or None when it did not run


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Paged], str]:
    tmp = tmp_path_factory.mktemp("pager")
    script = tmp / "pager.sh"
    script.write_text('#!/bin/sh\nprintf "%s" "${LESS-unset}" > "$MARKER"\nexec cat\n')
    script.chmod(0o755)
    cases = []
    for i, (args, extra) in enumerate(PAGER_CASES.values()):
        env = {"DEZZOR_PAGER": str(script), "MARKER": str(tmp / f"ran-{i}")}
        env.update({k: str(script) if v == FAKE else v for k, v in extra.items()})
        if "DEZZOR_PAGER" not in extra and "PAGER" in extra:
            del env["DEZZOR_PAGER"]
        cases.append((env, args))
    r = at_pty([json.dumps(cases)], base_env(TERM="xterm-256color"), rows=ROWS, python=SEVERAL_AT_ONCE)
    outs = re.split(r"\n@@ (\d+|None) @@\n", r.out)
    assert len(outs) == 2 * len(cases) + 1, r.err
    results = {}
    for i, name in enumerate(PAGER_CASES):
        marker = tmp / f"ran-{i}"
        code = outs[2 * i + 1]
        results[name] = Paged(outs[2 * i], 0 if code == "None" else int(code),
                              marker.read_text() if marker.exists() else None)
    return results, r.err


def test_a_listing_taller_than_the_terminal_goes_through_the_pager(paged: tuple[dict[str, Paged], str]) -> None:
    r = paged[0]["taller than the terminal"]
    assert r.code == 0
    assert r.pager_ran_with_less == "FRX"  # git's LESS, as the user set none
    assert "Deir ez-Zor offensive (2024)" in r.out and "Palmyra" in r.out  # the pager showed all of it
    assert paged[0]["PAGER only"].pager_ran_with_less == "FRX"


def test_the_users_less_is_left_alone(paged: tuple[dict[str, Paged], str]) -> None:
    assert paged[0]["LESS set"].pager_ran_with_less == "-R"


def test_a_listing_that_fits_is_printed_directly(paged: tuple[dict[str, Paged], str]) -> None:
    r = paged[0]["fits"]
    assert (r.code, r.pager_ran_with_less) == (0, None)
    assert "2019-isis-insurgency-begins" in r.out


@pytest.mark.parametrize("case", ["timeline --no-pager", "dezzor --no-pager timeline", "dezzor --no-pager kinds"])
def test_no_pager_is_honoured(paged: tuple[dict[str, Paged], str], case: str) -> None:
    r = paged[0][case]
    assert (r.code, r.pager_ran_with_less) == (0, None)
    assert len(r.out.splitlines()) > ROWS  # all of it, straight to the terminal


@pytest.mark.parametrize("case", ["DEZZOR_PAGER empty", "DEZZOR_PAGER cat"])
def test_an_empty_or_cat_pager_means_none(paged: tuple[dict[str, Paged], str], case: str) -> None:
    r = paged[0][case]
    assert (r.code, r.pager_ran_with_less) == (0, None)  # not even $PAGER's
    assert "Palmyra" in r.out


@pytest.mark.parametrize("case", ["not found", "not found by sh"])
def test_a_pager_that_cannot_start_is_passed_over(paged: tuple[dict[str, Paged], str], case: str) -> None:
    r = paged[0][case]
    assert r.code == 0
    assert "Palmyra" in r.out  # printed directly


def test_the_pager_cases_say_nothing_of_their_own(paged: tuple[dict[str, Paged], str]) -> None:
    err = paged[1]
    assert "Traceback" not in err and "dezzor:" not in err  # sh may say its pager is 'not found'; dezzor says nothing


def test_never_paged_on_a_pipe(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    r = piped(["timeline"], base_env(DEZZOR_PAGER=f"touch {marker}", TERM="xterm-256color"))
    assert r.returncode == 0 and "Palmyra" in r.stdout
    assert not marker.exists()


def test_quitting_the_pager_early_is_not_an_error(tmp_path: Path) -> None:
    """The pager leaves after one line of a listing far bigger than a pipe's buffer: exit 0, nothing said."""
    store = generated_store(tmp_path, 3000)
    r = at_pty(["timeline", "-f", "jsonl", "--data", str(store)], base_env(DEZZOR_PAGER="head -n 1", TERM="xterm"))
    assert (r.code, r.err) == (0, "")
    assert len(r.out.splitlines()) == 1


def test_ctrl_c_while_paging_is_the_pagers(tmp_path: Path) -> None:
    """Ctrl-C reaches every process on the terminal: dezzor waits for the pager and ends quietly."""
    started, go = tmp_path / "started", tmp_path / "go"
    script = tmp_path / "pager.sh"
    # Like less, it survives Ctrl-C.  It says it started once it has read a line: dezzor is writing to it by then,
    # and so is ignoring Ctrl-C itself.
    script.write_text(f'#!/bin/sh\ntrap "" INT\nIFS= read -r first\ntouch {started}\n'
                      f'while [ ! -e {go} ]; do sleep 0.01; done\nprintf "%s\\n" "$first"\nexec cat\n')
    script.chmod(0o755)

    def interrupt(child: subprocess.Popen[bytes]) -> None:
        while not started.exists():  # the pager is running (and dezzor is waiting for it)
            assert child.poll() is None
            select.select([], [], [], 0.01)
        os.killpg(child.pid, signal.SIGINT)  # as the terminal sends it: to the whole foreground group
        go.touch()

    r = at_pty(["timeline"], base_env(DEZZOR_PAGER=str(script), TERM="xterm"), while_running=interrupt)
    assert (r.code, r.err) == (0, "")
    assert "Palmyra" in r.out


# --- colour ---------------------------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def expected_colour(flag: str | None, no_color: bool, force: bool, dumb: bool, tty: bool) -> bool:
    if flag is not None:
        return flag == "always"
    if no_color:
        return False
    return force or (tty and not dumb)


MATRIX = [(flag, no_color, force, dumb) for flag in (None, "always", "never") for no_color in (False, True)
          for force in (False, True) for dumb in (False, True)]


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize(("flag", "no_color", "force", "dumb"), MATRIX)
def test_the_colour_decision(monkeypatch: pytest.MonkeyPatch, flag: str | None, no_color: bool, force: bool,
                             dumb: bool, tty: bool) -> None:
    monkeypatch.setenv("TERM", "dumb" if dumb else "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    if force:
        monkeypatch.setenv("FORCE_COLOR", "1")
    choice = {None: None, "always": True, "never": False}[flag]
    t = target_for(FakeTty() if tty else io.StringIO(), color=choice)
    assert t.color == expected_colour(flag, no_color, force, dumb, tty)
    assert t.terminal == ((tty and not dumb) or t.color)  # colour is drawn the terminal's way
    assert (t.width is not None) == (tty or t.color)


@pytest.mark.parametrize(("name", "value", "colour"), [
    ("NO_COLOR", "", True),  # empty: as if unset (no-color.org)
    ("FORCE_COLOR", "", False),
    ("FORCE_COLOR", "0", True),  # any non-empty value (force-color.org)
])
def test_empty_colour_variables_are_unset(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                          colour: bool) -> None:
    monkeypatch.setenv(name, value)
    stream = FakeTty() if name == "NO_COLOR" else io.StringIO()
    assert target_for(stream).color is colour


def _chart_env(monkeypatch: pytest.MonkeyPatch, no_color: bool, force: bool, dumb: bool) -> None:
    monkeypatch.setenv("TERM", "dumb" if dumb else "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    if force:
        monkeypatch.setenv("FORCE_COLOR", "1")


def _matrix_params(tty: bool) -> list[Any]:
    return [pytest.param(*case) for case in MATRIX]


@pytest.mark.parametrize(("flag", "no_color", "force", "dumb"), _matrix_params(tty=False))
def test_colour_on_a_pipe(run: Run, monkeypatch: pytest.MonkeyPatch, flag: str | None, no_color: bool, force: bool,
                          dumb: bool) -> None:
    _chart_env(monkeypatch, no_color, force, dumb)
    r = run("chart", "casualties", *(["--color", flag] if flag else []))
    assert r.code == 0
    colour = expected_colour(flag, no_color, force, dumb, tty=False)
    assert has_colour(r.out) is colour
    assert has_escape(r.out) is colour  # off a terminal, nothing else is drawn with escapes
    if colour:  # drawn as at a terminal: the title is on stdout
        assert "Killed by week" in r.out and "Killed by week" not in r.err


PTY_CASES = [  # (flag, NO_COLOR, FORCE_COLOR, TERM=dumb): each variable against the terminal's default
    (None, False, False, False),
    (None, True, False, False),
    (None, False, True, False),
    (None, True, True, False),
    ("never", False, True, False),
    ("always", True, False, False),
    (None, False, False, True),
    (None, False, True, True),
    ("always", False, False, True),
    ("never", False, False, True),
]


# One process runs every case in turn at one pty (the environment is read afresh by each command),
# where a process per case would cost a second each.
SEVERAL_AT_ONCE = """
import json, os, sys
from dezzor_cli.cli import main
for env, args in json.loads(sys.argv[1]):
    os.environ.update(env)
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code
    for name in env:
        del os.environ[name]
    sys.stdout.write(f"\\n@@ {code} @@\\n")
    sys.stdout.flush()
"""


@pytest.fixture(scope="module")
def colour_at_a_terminal() -> dict[tuple[Any, ...], Pty]:
    cases = []
    for flag, no_color, force, dumb in PTY_CASES:
        env = {"TERM": "dumb" if dumb else "xterm-256color", **({"NO_COLOR": "1"} if no_color else {}),
               **({"FORCE_COLOR": "1"} if force else {})}
        cases.append((env, ["chart", "casualties", *(["--color", flag] if flag else [])]))
    r = at_pty([json.dumps(cases)], base_env(DEZZOR_PAGER=""), python=SEVERAL_AT_ONCE)
    outs = re.split(r"\n@@ (\d+|None) @@\n", r.out)
    assert len(outs) == 2 * len(cases) + 1, r.err
    return {case: Pty(int(outs[2 * i + 1] if outs[2 * i + 1] != "None" else 0), outs[2 * i], "")
            for i, case in enumerate(PTY_CASES)}


@pytest.mark.parametrize(("flag", "no_color", "force", "dumb"),
                         [p for p in _matrix_params(tty=True) if tuple(p.values) in PTY_CASES])
def test_colour_at_a_terminal(colour_at_a_terminal: dict[tuple[Any, ...], Pty], flag: str | None, no_color: bool,
                              force: bool, dumb: bool) -> None:
    r = colour_at_a_terminal[(flag, no_color, force, dumb)]
    assert r.code == 0
    colour = expected_colour(flag, no_color, force, dumb, tty=True)
    assert has_colour(r.out) is colour
    if dumb and not colour:
        assert not has_escape(r.out)  # a dumb terminal gets plain text
    assert ("Killed by week" in r.out) is (not dumb or colour)  # the title: drawn at a terminal, else on stderr


DATA_FORMATS = ["json", "jsonl", "csv", "markdown"]


@pytest.fixture(scope="module")
def data_at_a_terminal() -> list[str]:
    cases = [({}, ["tally", "-f", fmt, "--color", "always"]) for fmt in DATA_FORMATS]
    r = at_pty([json.dumps(cases)], base_env(FORCE_COLOR="1", TERM="xterm-256color", DEZZOR_PAGER=""),
               python=SEVERAL_AT_ONCE)
    outs = re.split(r"\n@@ (?:\d+|None) @@\n", r.out)
    assert len(outs) == len(cases) + 1, r.err
    return outs[:-1]


@pytest.mark.parametrize("fmt", DATA_FORMATS)
@pytest.mark.parametrize("where", ["pipe", "pty"])
def test_data_formats_are_never_coloured(run: Run, monkeypatch: pytest.MonkeyPatch, data_at_a_terminal: list[str],
                                         fmt: str, where: str) -> None:
    if where == "pipe":
        monkeypatch.setenv("FORCE_COLOR", "1")
        out = run("tally", "-f", fmt, "--color", "always").out
    else:
        out = data_at_a_terminal[DATA_FORMATS.index(fmt)]
    assert "illed" in out  # killed, Killed
    assert not has_escape(out)


def test_color_is_case_insensitive_and_checked(run: Run) -> None:
    assert has_colour(run("chart", "casualties", "--color", "ALWAYS").out)
    assert not has_escape(run("chart", "casualties", "--color", "Never").out)
    r = run("timeline", "--color", "sometimes")
    assert r.code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in r.err


def test_force_color_draws_a_table_as_at_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """`FORCE_COLOR=1 dezzor tally | less -R`: frames, title and bold headers, 80 columns without $COLUMNS."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    r = run("tally")
    assert "\x1b[1m" in r.out and "╭" in r.out and "Casualties by actor" in r.out
    assert max(len(SGR.sub("", line)) for line in r.out.splitlines()) <= 80
    assert r.err == ""  # the title and caption are drawn, not said


# --- completion ---------------------------------------------------------------------------------------


def bash_env(words: str, cword: int | None = None, **env: str) -> dict[str, str]:
    """What bash's completion function sets for the command line ``words``, the cursor on word ``cword`` (the last)."""
    cword = len(words.split(" ")) - 1 if cword is None else cword
    return {"_DEZZOR_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword), **env}


def test_completion_runs_as_the_shell_runs_it() -> None:
    r = subprocess.run([sys.executable, "-m", "dezzor_cli"], capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL, env=base_env(**bash_env('dezzor timeline -a "Syrian Dem"', 3)))
    assert (r.returncode, r.stdout, r.stderr) == (0, "Syrian Democratic Forces\n", "")


COMPLETING = """
import contextlib, io, json, os, sys
from dezzor_cli.cli import main
results = []
for env in json.loads(sys.argv[1]):
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([])
        except SystemExit as exc:
            code = exc.code
    for name in env:
        del os.environ[name]
    results.append([code, out.getvalue(), err.getvalue()])
sys.stdout.write(json.dumps(results))
"""


def completions(*cases: dict[str, str]) -> list[list[str]]:
    """What bash is given for each case (see ``bash_env``), all asked in one child process in turn."""
    r = subprocess.run([sys.executable, "-c", COMPLETING, json.dumps(cases)], capture_output=True, text=True,
                       timeout=120, stdin=subprocess.DEVNULL, env=base_env())
    assert r.returncode == 0, r.stderr
    out = []
    for code, stdout, stderr in json.loads(r.stdout):
        assert (code, stderr) == (0, ""), stderr  # a completion says nothing on stderr
        out.append([line for line in stdout.splitlines() if line])
    return out


def test_completion_of_commands_options_and_choices() -> None:
    assert completions(
        bash_env("dezzor ti"),
        bash_env("dezzor ch"),
        bash_env("dezzor chart "),
        bash_env("dezzor timeline -f "),
        bash_env("dezzor timeline -f j"),
        bash_env("dezzor tally --color "),
    ) == [
        ["timeline"],
        ["chart"],
        ["casualties", "control"],
        ["table", "json", "jsonl", "csv", "markdown"],
        ["json", "jsonl"],
        ["auto", "always", "never"],
    ]
    options, no = completions(bash_env("dezzor timeline --co"), bash_env("dezzor tally --no"))
    assert "--color" in options and "--no-pager" in no


def test_completion_of_store_names() -> None:
    syrian, lower, hay, deir, palm, sd, side, involving = completions(
        bash_env('dezzor timeline -a "Syrian Dem"', 3),
        bash_env("dezzor timeline --actor syrian\\ dem", 3),
        bash_env("dezzor tally -a Hay"),
        bash_env("dezzor timeline -p Deir"),
        bash_env("dezzor control --place Palm"),
        bash_env("dezzor timeline --side sd"),
        bash_env("dezzor timeline --side Syr"),
        bash_env("dezzor timeline --involving Islamic"),
    )
    assert syrian == ["Syrian Democratic Forces"]
    assert lower == ["syrian democratic Forces"]  # any case: what was typed, completed in the store's spelling
    assert "Hayat Tahrir al-Sham" in hay
    assert {"Deir ez-Zor", "Deir ez-Zor airport", "Deir ez-Zor Governorate"} <= set(deir)
    assert all(p.startswith("Deir") for p in deir)
    assert palm == ["Palmyra"]
    assert "sdf" in sd  # a side's id
    assert {"Syrian Democratic Forces and supporters", "Syrian Democratic Forces"} <= set(side)  # a side or a member
    assert {"Islamic State", "Islamic Revolutionary Guard Corps"} <= set(involving)


def test_completion_reads_the_store_the_command_would(tmp_path: Path, small: dict[str, Any],
                                                      store_file: Callable[..., Path]) -> None:
    p = store_file(small)
    assert completions(bash_env(f"dezzor timeline --data {p} -a A"),
                       bash_env("dezzor timeline -p Old", DEZZOR_DATA=str(p))) == [
        ["AF", "Alpha Front", "Alpha Unit"], ["Old Town"]]


def test_completion_from_a_bad_store_offers_nothing_and_says_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"actors": [{"name": 1}')
    stores = ["/no/such/store.json", str(bad), "-", ".", ""]
    assert completions(*(bash_env(f"dezzor timeline --data '{data}' -a S") for data in stores)) == [[]] * len(stores)
    assert completions(bash_env("dezzor timeline -a S", DEZZOR_DATA="")) == [[]]
    assert store_names(None, "actors")  # while the bundled store has names


def test_names_from_several_registries() -> None:
    both = store_names(None, "actors", "sides")
    assert "Syrian Democratic Forces" in both and "Syrian Democratic Forces and supporters" in both
    with pytest.raises(ValueError, match="no registry"):
        names("events")


def test_candidates_keep_what_was_typed() -> None:
    known = ["Deir ez-Zor", "deir ezzor", "Damascus"]
    assert candidates(known, "dei") == ["deir ez-Zor", "deir ezzor"]  # typed, then the store's spelling
    assert candidates(known, "DEIR E") == ["DEIR Ez-Zor", "DEIR Ezzor"]
    assert candidates(known, "") == ["Damascus", "Deir ez-Zor", "deir ezzor"]
    assert candidates(known, "X") == []


def test_zsh_and_fish_complete_names_too() -> None:
    r = subprocess.run([sys.executable, "-m", "dezzor_cli"], capture_output=True, text=True, timeout=60,
                       env=base_env(_DEZZOR_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="dezzor timeline -a Syrian\\ Dem"))
    assert r.stdout.startswith("_arguments") and '"Syrian Democratic Forces"' in r.stdout
    r = subprocess.run([sys.executable, "-m", "dezzor_cli"], capture_output=True, text=True, timeout=60,
                       env=base_env(_DEZZOR_COMPLETE="complete_fish", _TYPER_COMPLETE_FISH_ACTION="get-args",
                                    _TYPER_COMPLETE_ARGS="dezzor timeline -p Palm"))
    assert r.stdout.splitlines() == ["Palmyra"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--show-completion", "bash"], "complete -o default -o filenames -F _dezzor_completion dezzor"),
    (["--show-completion=bash"], "_DEZZOR_COMPLETE=complete_bash"),
    (["--show-completion", "zsh"], "#compdef dezzor"),
    (["--show-completion", "fish"], "complete --command dezzor"),
])
def test_show_completion_prints_the_named_shells_script(args: list[str], expected: str) -> None:
    r = piped(args, base_env(SHELL="/bin/sh"))  # the shell named wins over the one it is run from
    assert r.returncode == 0 and r.stderr == ""
    assert expected in r.stdout


def test_show_completion_refuses_an_unknown_shell() -> None:
    r = piped(["--show-completion", "tcsh"], base_env())
    assert r.returncode == 2 and r.stdout == ""
    assert "--show-completion takes bash, zsh, fish, powershell or pwsh, not 'tcsh'" in r.stderr


def test_install_completion_writes_the_script_to_the_users_shell_files(tmp_path: Path) -> None:
    r = piped(["--install-completion", "bash"], base_env(HOME=str(tmp_path)))
    assert r.returncode == 0, r.stderr
    script = tmp_path / ".bash_completions" / "dezzor.sh"
    assert "-o filenames" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_the_pager_is_not_loaded_off_a_terminal() -> None:
    code = (
        "import sys\nfrom dezzor_cli import cli\n"
        "try:\n    cli.main(['timeline'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr('dezzor_cli.cli.pager' in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=base_env(), timeout=60)
    assert r.stderr.splitlines()[-1] == "False"
