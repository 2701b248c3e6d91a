"""Shared fixtures: the bundled store, a CLI runner, and small purpose-made stores."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.cli import main as cli_main
from dezzor_cli.query.index import Index
from dezzor_cli.store.read import LoadedStore, bundled_path, load

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared" / "source-article.txt"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own store, colours or terminal width."""
    monkeypatch.delenv("DEZZOR_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    for name in ("FORCE_COLOR", "PAGER", "DEZZOR_PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def bundled() -> LoadedStore:
    return load(bundled_path())


@pytest.fixture(scope="session")
def ix(bundled: LoadedStore) -> Index:
    return Index(bundled.store)


@pytest.fixture(scope="session")
def raw_store() -> dict[str, Any]:
    return json.loads(bundled_path().read_text(encoding="utf-8"))


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the CLI in-process, as the console script does, and capture what it prints."""

    def _run(*args: str) -> Result:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exc:
            cli_main(list(args))
        out, err = capsys.readouterr()
        return Result(int(exc.value.code or 0), out, err)

    return _run


def minimal_store_v1() -> dict[str, Any]:
    """The small store of :func:`minimal_store` as schema version 1 wrote it (read through store/upgrade.py)."""
    return {
        "meta": {
            "title": "Test store",
            "period": {"start": "2024-12-01", "end": "2024-12-31"},
            "result": "none",
            "source": {"title": "Notes", "sections": [{"heading": "lead", "paragraphs": 5}]},
            "schema_version": 1,
        },
        "sides": [{"id": "blue", "name": "Blue side"}, {"id": "red", "name": "Red side"}],
        "actors": [
            {"id": "alpha", "name": "Alpha Front", "aliases": ["AF"], "type": "Rebel group", "side": "blue"},
            {"id": "alpha-unit", "name": "Alpha Unit", "type": "Rebel group", "parent": "alpha"},
            {"id": "bravo", "name": "Bravo Army", "type": "State forces", "side": "red"},
        ],
        "places": [
            {"id": "land", "name": "Land", "type": "country"},
            {"id": "north", "name": "North Province", "type": "governorate", "parent": "land"},
            {"id": "town", "name": "Old Town", "aliases": ["Al-Balad"], "type": "town", "parent": "north",
             "initial_holder": "bravo"},
        ],
        "events": [
            {
                "id": "e1", "date": "2024-12-05", "precision": "day", "kind": "Armed clash",
                "actors": [{"actor": "alpha-unit", "role": "initiator"}, {"actor": "bravo", "role": "target"}],
                "places": ["town"],
                "casualties": [{"party": "bravo", "killed": 2}],
                "summary": "A clash.", "source": {"section": "lead", "paragraph": 1},
            },
        ],
        "reported_totals": [],
    }


def minimal_store() -> dict[str, Any]:
    """A small valid store (schema version 2) to bend into edge cases."""
    from dezzor_cli.store.upgrade import upgrade_v1

    return upgrade_v1(minimal_store_v1())


def every_view(loaded: LoadedStore) -> list[Any]:
    """Every view the commands build, over all events of ``loaded``: tables first, then trees and summary."""
    from dezzor_cli.query import control as qcontrol
    from dezzor_cli.query import filters as qfilters
    from dezzor_cli.query import tally as qtally
    from dezzor_cli.views import control as vcontrol
    from dezzor_cli.views import registries as vregistries
    from dezzor_cli.views import summary as vsummary
    from dezzor_cli.views import tally as vtally
    from dezzor_cli.views import timeline as vtimeline

    ix = Index(loaded.store)
    c = qfilters.resolve(ix, qfilters.Filters())
    events = qfilters.select(ix, c)
    return [
        vtimeline.timeline_view(ix, events, c),
        vtally.tally_view("actor", qtally.tally(ix, events), qtally.total(events), None),
        vtally.reconcile_view(qtally.reconcile(ix, events), None),
        vcontrol.changes_view(ix, qcontrol.select_changes(ix, c)),
        vregistries.actors_view(ix, tree=False),
        vregistries.places_view(ix, tree=False),
        vregistries.actors_view(ix, tree=True),
        vsummary.summary_view(ix, events, qtally.reconcile(ix, events), qcontrol.select_changes(ix, c)),
    ]


def generated_store(directory: Path, events: int, seed: int = 7) -> Path:
    """A valid store of ``events`` generated events (bench/generate.py), written in ``directory``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    out = directory / f"generated-{events}.json"
    gen.write_store(str(out), events, seed)
    return out


@pytest.fixture
def store_file(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write a store dict to a file and return its path."""

    def _write(data: dict[str, Any], name: str = "store.json") -> Path:
        p = tmp_path / name
        p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def small() -> dict[str, Any]:
    return copy.deepcopy(minimal_store())
