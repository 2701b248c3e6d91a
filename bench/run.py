#!/usr/bin/env python3
"""Time dezzor against bare Python (start-up) and against jq (large stores), side by side.

    python bench/run.py [--runs 5] [--sizes 100000,1000000] [--workdir /tmp/dezzor-bench]

Every case runs ``--runs`` times, interleaved with the case it is compared to,
and reports the median wall time and the peak resident memory (from
``/usr/bin/time -v`` when it is there).  The large stores are generated with
``bench/generate.py`` (seed 1) and kept in the work directory between runs.
jq is skipped, with a note, where it is not installed.  Nothing here is part of
the test suite, and no test asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def dezzor() -> list[str]:
    exe = shutil.which("dezzor", path=str(Path(PY).parent)) or shutil.which("dezzor")
    return [exe] if exe else [PY, "-m", "dezzor_cli"]


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int | None, int]:
    """Wall seconds, peak RSS in KiB (None without GNU time) and the exit code of one run."""
    # Bytecode caches as any pip install has them: a PYTHONDONTWRITEBYTECODE left in the environment
    # would recompile every module of dezzor on every run and time that instead.
    full_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | (env or {})
    if GNU_TIME:
        with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
            t0 = time.perf_counter()
            p = subprocess.run([GNU_TIME, "-v", "-o", tf.name, *cmd], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=full_env)
            wall = time.perf_counter() - t0
            rss = None
            for line in Path(tf.name).read_text().splitlines():
                if "Maximum resident set size" in line:
                    rss = int(line.split(":")[1])
            return wall, rss, p.returncode
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=full_env)
    return time.perf_counter() - t0, None, p.returncode


def compare(cases: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int | None]]:
    """Median wall time and max peak RSS per case, the cases interleaved run by run."""
    walls: dict[str, list[float]] = {k: [] for k in cases}
    rss: dict[str, list[int]] = {k: [] for k in cases}
    for cmd in cases.values():  # one untimed run each: bytecode written, files in the page cache
        measure(cmd)
    for _ in range(runs):
        for name, cmd in cases.items():
            w, r, code = measure(cmd)
            if code != 0:
                raise SystemExit(f"{name}: {' '.join(cmd)} exited {code}")
            walls[name].append(w)
            if r is not None:
                rss[name].append(r)
    return {k: (statistics.median(walls[k]), max(rss[k]) if rss[k] else None) for k in cases}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, {platform.system()}"


def jq_version() -> str | None:
    exe = shutil.which("jq")
    if not exe:
        return None
    return subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()


def pick_actor(store: Path) -> tuple[str, list[str]]:
    """An organisation with units, and the ids of it and its units (what --actor selects)."""
    head = json.loads(store.read_text(encoding="utf-8").split('"events"')[0].rstrip().rstrip(",") + "}")
    parent = {a["id"]: a.get("parent") for a in head["actors"]}
    kids: dict[str, list[str]] = {}
    for a, p in parent.items():
        if p:
            kids.setdefault(p, []).append(a)
    top = max((a for a in parent if parent[a] is None), key=lambda a: len(kids.get(a, [])))
    ids, stack = [top], [top]
    while stack:
        for k in kids.get(stack.pop(), []):
            ids.append(k)
            stack.append(k)
    return top, ids


def jq_query(ids: list[str], since: str, until: str) -> str:
    """The same question as ``dezzor tally --actor X --since S --until U``: killed in the matching events."""
    id_list = json.dumps(ids)
    return (
        f'[.events[] | select(.date <= "{until}" and ((.date_end // .date) >= "{since}"))'
        f" | select([.actors[].actor, (.casualties[].party // empty), (.control_changes[] | .from, .to // empty)]"
        f" | any(. as $a | {id_list} | index($a)))"
        " | .casualties[] | .killed | if type == \"object\" then .min elif . == null then 0 else . end]"
        " | add"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "dezzor-bench"))
    ap.add_argument("--skip-startup", action="store_true")
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    d = dezzor()
    print(f"Machine: {machine()}")
    print(f"dezzor: {' '.join(d)}; jq: {jq_version() or 'not installed (jq cases skipped)'}; runs per case: {args.runs}, after one untimed run; bytecode cached\n")

    if not args.skip_startup:
        res = compare({
            "python -c pass": [PY, "-c", "pass"],
            "dezzor --version": [*d, "--version"],
            "dezzor --help": [*d, "--help"],
            "dezzor timeline": [*d, "timeline"],
            "dezzor tally": [*d, "tally"],
        }, args.runs)
        base = res["python -c pass"][0]
        print("| start-up | median | × bare Python | peak RSS |")
        print("|---|---:|---:|---:|")
        for name, (wall, rss) in res.items():
            print(f"| `{name}` | {wall * 1000:.0f} ms | {wall / base:.1f}× | {rss / 1024:.0f} MiB |" if rss else
                  f"| `{name}` | {wall * 1000:.0f} ms | {wall / base:.1f}× | |")
        print()

    jq = shutil.which("jq")
    rows = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        store = work / f"store-{n}.json"
        if not store.exists():
            subprocess.run([PY, str(HERE / "generate.py"), "--events", str(n), "--seed", "1", "--out", str(store)],
                           check=True)
        top, ids = pick_actor(store)
        since, until = "2018-01-01", "2019-12-31"
        query = ["tally", "--actor", top, "--since", since, "--until", until, "-f", "json"]
        cases = {"dezzor": [*d, *query, "--data", str(store)]}
        # The repeated-question case: a copy of the store with its validated cache built beside it.
        twin = work / f"store-{n}-cached.json"
        if not twin.exists() or twin.stat().st_size != store.stat().st_size:
            shutil.copyfile(store, twin)
        subprocess.run([*d, "cache", "build", "--data", str(twin)], check=True, stderr=subprocess.DEVNULL)
        cases["dezzor, cached"] = [*d, *query, "--data", str(twin)]
        if jq:
            cases["jq"] = [jq, jq_query(ids, since, until), str(store)]
            ours = [sum(r["killed"] or 0 for r in json.loads(subprocess.run(cases[k], capture_output=True,
                                                                           check=True).stdout))
                    for k in ("dezzor", "dezzor, cached")]
            theirs = json.loads(subprocess.run(cases["jq"], capture_output=True, check=True).stdout or b"0") or 0
            verdict = "the same answer" if ours == [theirs, theirs] else "DIFFERENT answers"
            print(f"{n:,} events: dezzor, dezzor from its cache and jq give {verdict} ({ours} and {theirs} killed)")
        res = compare(cases, args.runs)
        rows.append((n, store.stat().st_size, res))
    if rows:
        print("| events | file | case | median | peak RSS | RSS / file | ÷ jq |")
        print("|---:|---:|---|---:|---:|---:|---:|")
        for n, size, res in rows:
            jw = res.get("jq", (None, None))[0]
            for case, (wall, rss) in res.items():
                ratio = f"{wall / jw:.2f}×" if jw else "n/a"
                print(f"| {n:,} | {size / 2**20:.0f} MiB | {case} | {wall:.2f} s | {(rss or 0) / 1024:.0f} MiB | "
                      f"{(rss or 0) * 1024 / size:.1f}× | {ratio} |")
        if len(rows) >= 2:
            (n1, _, r1), (n2, _, r2) = rows[0], rows[-1]
            print(f"\nGrowth {n1:,} -> {n2:,} events: dezzor ×{r2['dezzor'][0] / r1['dezzor'][0]:.1f} "
                  f"for ×{n2 / n1:.0f} the events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
