"""`dezzor sql` reads the store's tables and nothing else; `export -f parquet` writes them for any engine."""

from __future__ import annotations

import json
import shutil
import typing
from pathlib import Path

import pytest

from dezzor_cli.store.read import bundled_path

from ..conftest import Result

Run = typing.Callable[..., Result]


@pytest.fixture(scope="module")
def with_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dezzor_cli.store import build
    from dezzor_cli.store.database import Stamp, file_digest
    from dezzor_cli.store.read import load

    p = tmp_path_factory.mktemp("sql") / "events.json"
    shutil.copyfile(bundled_path(), p)
    build.build(p, load(p).store, file_digest(p), Stamp.of(p.stat()))
    return p


@pytest.mark.parametrize("db", [True, False], ids=["database", "in memory"])
def test_sql_answers_from_the_tables(run: Run, with_db: Path, db: bool) -> None:
    data = ["--data", str(with_db)] if db else []
    r = run("sql", "SELECT count(*) AS events, min(date) AS first FROM events", "-f", "json", *data)
    assert (r.code, r.json()) == (0, [{"events": 57, "first": "2019-01-01"}]), r.err
    r = run("sql", "SELECT party, sum(killed_min) AS killed FROM casualties WHERE party = 'sdf' GROUP BY party",
            "-f", "csv", *data)
    assert r.out == "party,killed\nsdf,9\n"
    r = run("sql", "WITH a AS (SELECT id, aliases FROM actors WHERE id = 'isis') SELECT * FROM a", "-f", "json", *data)
    assert "Daesh" in r.json()[0]["aliases"]
    r = run("sql", "SELECT record FROM events ORDER BY date, last_day, event LIMIT 1", "-f", "json", *data)
    first = run("timeline", "-n", "1", "-f", "json").json()[0]
    first.pop("in_range")
    assert json.loads(r.json()[0]["record"]) == first  # the record every output is made from


def test_sql_renders_every_format(run: Run) -> None:
    query = "SELECT kind, count(*) AS n, list(id ORDER BY id)[1:2] AS ids FROM events GROUP BY kind ORDER BY n DESC, kind LIMIT 2"
    for fmt in ("table", "json", "jsonl", "csv", "markdown"):
        r = run("sql", query, "-f", fmt)
        assert r.code == 0 and "Armed clash" in r.out, (fmt, r.err)
    assert run("sql", "SELECT 1 AS n WHERE false").err.endswith("no rows\n")


@pytest.mark.parametrize("query", [
    "INSERT INTO kinds VALUES ('x', 'y')", "CREATE TABLE x (a INT)", "DROP TABLE events", "UPDATE events SET id = 'x'",
    "COPY events TO 'x.csv'", "ATTACH 'x.duckdb'", "SET threads = 1", "PRAGMA version", "INSTALL httpfs",
    "SELECT 1; SELECT 2", "", "   ",
])
def test_sql_refuses_what_does_not_only_read(run: Run, with_db: Path, query: str, tmp_path: Path) -> None:
    r = run("sql", query, "--data", str(with_db))
    assert r.code == 2 and r.err.startswith("dezzor: error: ") and r.out == ""
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("query", ["SELECT * FROM read_csv('/etc/hostname')", "SELECT * FROM read_text('/etc/hostname')",
                                   "EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/dezzor-sql-test.csv'"])
def test_sql_touches_no_file(run: Run, with_db: Path, query: str) -> None:
    r = run("sql", query, "--data", str(with_db))
    assert r.code == 2 and "disabled by configuration" in r.err and not Path("/tmp/dezzor-sql-test.csv").exists()


def test_sql_errors_are_one_line_usage_errors(run: Run) -> None:
    r = run("sql", "SELECT nope FROM events")
    assert r.code == 2 and r.err.count("\n") == 1 and "nope" in r.err
    r = run("sql", "SELECT 1 AS a, 2 AS a")
    assert r.code == 2 and "more than one column named 'a'" in r.err


def test_parquet_export_writes_every_table(run: Run, with_db: Path, tmp_path: Path) -> None:
    import duckdb

    from dezzor_cli.store.database import TABLES

    out = tmp_path / "parquet"
    r = run("export", "-f", "parquet", "--out", str(out), "--data", str(with_db))
    assert r.code == 0 and r.out == "" and r.err.count("wrote") == len(TABLES)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    con = duckdb.connect()
    def count(path: Path) -> int:
        return con.execute("SELECT count(*) FROM read_parquet($f)", {"f": str(path)}).fetchall()[0][0]

    counts = {t: count(out / f"{t}.parquet") for t in TABLES}
    assert counts["events"] == 57 and counts["actors"] == 42 and counts["about"] == 1
    # the same tables from a store without a database (built in memory)
    again = tmp_path / "again"
    assert run("export", "-f", "parquet", "--out", str(again)).code == 0
    for t in TABLES[1:]:
        diff = con.execute("SELECT count(*) FROM (SELECT * FROM read_parquet($a) EXCEPT ALL SELECT * FROM "
                           "read_parquet($b))", {"a": str(out / f"{t}.parquet"), "b": str(again / f"{t}.parquet")})\
            .fetchall()[0][0]
        assert diff == 0, t
    r = run("export", "-f", "parquet", "--out", str(out))
    assert r.code == 1 and "use --force" in r.err
    assert run("export", "-f", "parquet", "--out", str(out), "--force", "-a", "IS").code == 0
    assert count(out / "events.parquet") == len(run("timeline", "-a", "IS", "-f", "json").json())


def test_parquet_export_needs_a_folder(run: Run, tmp_path: Path) -> None:
    r = run("export", "-f", "parquet")
    assert r.code == 2 and "--out DIR" in r.err
    f = tmp_path / "file"
    f.write_text("x")
    r = run("export", "-f", "parquet", "--out", str(f))
    assert r.code == 2 and "is a file" in r.err
