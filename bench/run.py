#!/usr/bin/env python3
"""Time dezzor against bare Python (start-up), and against jq and a hand-written DuckDB query (large stores).

    python bench/run.py [--runs 5] [--sizes 100000,1000000] [--workdir /tmp/dezzor-bench]

Every case runs ``--runs`` times, interleaved with the cases it is compared to,
and reports the median wall time and the peak resident memory (from
``/usr/bin/time -v`` when it is there).  The large stores are generated with
``bench/generate.py`` (seed 1) and kept in the work directory between runs; a
copy of each gets its database (``dezzor cache build``) and its tables as
Parquet (``dezzor export -f parquet``).  The questions: a tally with an actor
and a two-year window, a tally of the whole store, a tally by month, a
timeline of about a year for one actor, and ``cache build`` itself, against a
query without a database.  Before timing, every tool is checked to give the
same answer.  jq is skipped, with a note, where it is not installed.  Nothing
here is part of the test suite, and no test asserts a time.
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


KILLED = '(.killed | if type == "object" then .min elif . == null then 0 else . end)'


def jq_select(ids: list[str], since: str, until: str) -> str:
    """jq's filter for the events ``--actor X --since S --until U`` selects (the span overlaps; X takes part)."""
    return (f'.events[] | select(.date <= "{until}" and ((.date_end // .date) >= "{since}"))'
            f" | select([.actors[].actor, (.casualties[].party // empty), (.control_changes[] | .from, .to // empty)]"
            f" | any(. as $a | {json.dumps(ids)} | index($a)))")


def jq_query(ids: list[str], since: str, until: str) -> str:
    """The same question as ``dezzor tally --actor X --since S --until U``: killed in the matching events."""
    return f"[{jq_select(ids, since, until)} | .casualties[] | {KILLED}] | add"


JQ_WHOLE = f"[.events[].casualties[] | {KILLED}] | add"
# Killed by month, an event whose span leaves its month under its span (as dezzor's --by month groups it).
# group_by sorts once; a reduce that updates one object per event is ten times slower at 1,000,000 events.
JQ_MONTH = ("[.events[] | select(.casualties != []) | {k: ((.date_end // .date) as $last"
            " | if .date[0:7] == $last[0:7] then .date[0:7] else .date + \"..\" + $last end),"
            f" v: ([.casualties[] | {KILLED}] | add)}}] | group_by(.k) | map({{key: .[0].k, value: (map(.v) | add)}})"
            " | from_entries")

# The same questions by hand in DuckDB, over the Parquet files `dezzor export -f parquet` writes.
DUCK_WINDOW = """SELECT sum(killed_min) FROM read_parquet('{d}/casualties.parquet') WHERE event IN (
  SELECT event FROM read_parquet('{d}/events.parquet') WHERE date <= DATE '{until}' AND last_day >= DATE '{since}'
  AND event IN (SELECT event FROM read_parquet('{d}/event_actors.parquet') WHERE actor IN {ids}
    UNION ALL SELECT event FROM read_parquet('{d}/casualties.parquet') WHERE party IN {ids}
    UNION ALL SELECT event FROM read_parquet('{d}/control_changes.parquet')
    WHERE from_holder IN {ids} OR to_holder IN {ids}))"""
DUCK_WHOLE = """SELECT party, sum(killed_min), count(DISTINCT event) FROM read_parquet('{d}/casualties.parquet')
  GROUP BY party"""


def duckdb_case(sql: str) -> list[str]:
    return [PY, "-c", "import duckdb, sys; print(duckdb.sql(sys.argv[1]).fetchall())", sql]


def answer(cmd: list[str]) -> bytes:
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def killed(out: bytes) -> int:
    return sum(r["killed"] or 0 for r in json.loads(out))


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
    print(f"Machine: {machine()}; load average at the start {os.getloadavg()[0]:.2f}")
    print(f"dezzor: {' '.join(d)}; jq: {jq_version() or 'not installed (jq cases skipped)'}; duckdb {duckdb_version()};"
          f" runs per case: {args.runs}, after one untimed run; bytecode cached\n")

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
        window = ["--actor", top, "--since", since, "--until", until]
        # The many-questions case: a copy of the store with its database built beside it, and its tables as Parquet.
        twin = work / f"store-{n}-cached.json"
        if not twin.exists() or twin.stat().st_size != store.stat().st_size:
            shutil.copyfile(store, twin)
        subprocess.run([*d, "cache", "build", "--data", str(twin)], check=True, stderr=subprocess.DEVNULL)
        parquet = work / f"parquet-{n}"
        subprocess.run([*d, "export", "-f", "parquet", "--out", str(parquet), "--force", "--data", str(twin)],
                       check=True, stderr=subprocess.DEVNULL)
        sql_ids = "(" + ", ".join(f"'{i}'" for i in ids) + ")"
        questions: dict[str, dict[str, list[str]]] = {
            f"tally {' '.join(window)}": {
                "dezzor": [*d, "tally", *window, "-f", "json", "--data", str(store)],
                "dezzor, database": [*d, "tally", *window, "-f", "json", "--data", str(twin)],
                "DuckDB over Parquet, by hand": duckdb_case(DUCK_WINDOW.format(d=parquet, since=since, until=until,
                                                                               ids=sql_ids)),
                "jq": [jq, jq_query(ids, since, until), str(store)] if jq else [],
            },
            "tally (the whole store)": {
                "dezzor, database": [*d, "tally", "-f", "json", "--data", str(twin)],
                "DuckDB over Parquet, by hand": duckdb_case(DUCK_WHOLE.format(d=parquet)),
                "jq": [jq, JQ_WHOLE, str(store)] if jq else [],
            },
            "tally --by month": {
                "dezzor, database": [*d, "tally", "--by", "month", "-f", "json", "--data", str(twin)],
                "jq": [jq, JQ_MONTH, str(store)] if jq else [],
            },
            f"timeline --actor {top} --since 2019-01-01 --until 2019-12-31 -f jsonl": {
                "dezzor, database": [*d, "timeline", "--actor", top, "--since", "2019-01-01", "--until", "2019-12-31",
                                     "-f", "jsonl", "--data", str(twin)],
                "jq": [jq, "-c", jq_select(ids, "2019-01-01", "2019-12-31"), str(store)] if jq else [],
            },
            "cache build": {
                "dezzor cache build": [*d, "cache", "build", "--data", str(twin)],
                "dezzor (a query without a database, as above)": [*d, "tally", *window, "-f", "json", "--data",
                                                                  str(store)],
            },
        }
        if jq:
            check(questions, n)
        for question, cases in questions.items():
            res = compare({k: v for k, v in cases.items() if v}, args.runs)
            rows.append((n, store.stat().st_size, question, res))
        db = twin.with_name(f".{twin.name}.dezzor.duckdb")
        print(f"{n:,} events: store {store.stat().st_size / 2**20:.0f} MiB, database {db.stat().st_size / 2**20:.1f} MiB,"
              f" Parquet {sum(p.stat().st_size for p in parquet.iterdir()) / 2**20:.1f} MiB")
    report(rows)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    return 0


def check(questions: dict[str, dict[str, list[str]]], n: int) -> None:
    """Every tool gives the same answer before anything is timed."""
    (q1, c1), (q2, c2), (q3, c3), (q4, c4) = list(questions.items())[:4]
    ours = {killed(answer(c1[k])) for k in ("dezzor", "dezzor, database")}
    duck = answer(c1["DuckDB over Parquet, by hand"]).decode()
    theirs = json.loads(answer(c1["jq"]) or b"0") or 0
    print(f"{n:,} events, {q1}: dezzor {ours}, jq {theirs}, DuckDB {duck.strip()} killed")
    whole = killed(answer(c2["dezzor, database"]))
    print(f"{n:,} events, {q2}: dezzor {whole}, jq {json.loads(answer(c2['jq']) or b'0')} killed")
    months = {r["group"]: r["killed"] for r in json.loads(answer(c3["dezzor, database"])) if r["killed"]}
    jq_months = {k: v for k, v in json.loads(answer(c3["jq"])).items() if v}
    print(f"{n:,} events, {q3}: {len(months)} groups with killed, the same in jq: {months == jq_months}")
    ours_ids = [json.loads(line)["id"] for line in answer(c4["dezzor, database"]).splitlines()]
    jq_ids = [json.loads(line)["id"] for line in answer(c4["jq"]).splitlines()]
    print(f"{n:,} events, {q4}: {len(ours_ids)} events, the same set in jq: {sorted(ours_ids) == sorted(jq_ids)}")


def duckdb_version() -> str:
    try:
        return subprocess.run([PY, "-c", "import duckdb; print(duckdb.__version__)"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except subprocess.CalledProcessError:
        return "not installed"


def report(rows: list[tuple[int, int, str, dict[str, tuple[float, int | None]]]]) -> None:
    print("| events | file | question | case | median | peak RSS | RSS / file | ÷ jq |")
    print("|---:|---:|---|---|---:|---:|---:|---:|")
    for n, size, question, res in rows:
        base = res.get("jq", res.get("dezzor (a query without a database, as above)", (None, None)))[0]
        for case, (wall, rss) in res.items():
            ratio = f"{wall / base:.3f}×" if base else "n/a"
            print(f"| {n:,} | {size / 2**20:.0f} MiB | `{question}` | {case} | {wall:.2f} s | {(rss or 0) / 1024:.0f} MiB"
                  f" | {(rss or 0) * 1024 / size:.2f}× | {ratio} |")
    sizes = sorted({n for n, *_ in rows})
    if len(sizes) >= 2:
        first, last = sizes[0], sizes[-1]
        for question in dict.fromkeys(q for _, _, q, _ in rows):
            r = {n: res for n, _, q, res in rows if q == question}
            for case in r[last]:
                if case in r.get(first, {}):
                    print(f"Growth {first:,} -> {last:,} events, `{question}`, {case}: "
                          f"×{r[last][case][0] / r[first][case][0]:.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
