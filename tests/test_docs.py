"""The README and docs/architecture.md stay true to the code (after sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dezzor_cli.errors import ExitCode

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = REPO / "src" / "dezzor_cli"


def _commands() -> list[str]:
    from typer.main import get_command

    from dezzor_cli.cli import app

    def walk(group: Any, path: tuple[str, ...]) -> list[str]:
        out = []
        for name, cmd in sorted(group.commands.items()):
            if hasattr(cmd, "commands"):
                out += walk(cmd, (*path, name))
            else:
                out.append(" ".join((*path, name)))
        return out

    return walk(get_command(app), ())


COMMANDS = _commands()


def test_the_command_list_is_what_the_app_has() -> None:
    assert len(COMMANDS) == 24
    assert {"timeline", "chart control", "import acled", "import ucdp", "cache build", "validate", "diff", "compare",
            "migrate", "cite", "update"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme_table(command: str) -> None:
    rows = [line for line in README.splitlines() if line.startswith("| `dezzor ")]
    assert any(f"`dezzor {command}" in row or f"`dezzor {command.split()[0]}`, `dezzor {command}" in row
               or re.search(rf"`dezzor {re.escape(command)}[ `]", row) for row in rows), command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_in_the_readme(command: str) -> None:
    assert re.search(rf"^\$ dezzor {re.escape(command)}(\s|$)", README, re.MULTILINE), command


def test_the_exit_code_table_is_the_enum() -> None:
    section = README[README.index("## Exit codes and errors"):]
    section = section[:section.index("\n## ", 3)]
    codes = [int(m) for m in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)]
    assert codes == [int(c) for c in ExitCode]


def _modules() -> list[str]:
    """Every module and package of src/dezzor_cli, as the module maps name them (``store/read.py``, ``cli/``)."""
    out = []
    for p in sorted(PACKAGE.rglob("*.py")):
        rel = p.relative_to(PACKAGE)
        if "__pycache__" in rel.parts or (p.name == "__init__.py" and len(rel.parts) == 1):
            continue
        out.append(f"{rel.parent}/" if p.name == "__init__.py" else str(rel))
    return out


@pytest.mark.parametrize("module", _modules())
def test_the_readme_module_map_names_every_module(module: str) -> None:
    section = README[README.index("## Development"):]
    name = module.rsplit("/", 2)[-2] + "/" if module.endswith("/") else Path(module).name
    assert name in section, module


@pytest.mark.parametrize("package", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()))
def test_the_architecture_notes_name_every_package(package: str) -> None:
    assert f"`{package}/`" in ARCHITECTURE, package


# --------------------------------------------------------------------------- docs/schema.md, the store's contract

SCHEMA = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")


def _table_after(heading: str) -> list[list[str]]:
    """The rows of the first table after ``heading`` in docs/schema.md, each as its cells (header and rule left out)."""
    rest = SCHEMA[SCHEMA.index(heading):]
    lines = [line for line in rest[rest.index("\n|"):].split("\n\n")[0].strip().splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]


def test_the_schema_lists_the_fields_of_a_source() -> None:
    from dezzor_cli.store.model import SourceInfo

    assert [row[0].strip("`") for row in _table_after("### `meta.sources`")] == list(SourceInfo.model_fields)


def test_the_schema_lists_the_citation_fields_of_each_kind() -> None:
    from dezzor_cli.store.vocab import CITATION_FIELDS, SourceKind

    rows = _table_after("### An event's citation")
    named = {SourceKind(kind): tuple(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", fields))) for kind, fields in rows}
    assert named == CITATION_FIELDS


def test_the_schema_lists_the_new_event_fields_and_place_precisions() -> None:
    from dezzor_cli.store.model import Change, Event
    from dezzor_cli.store.vocab import PlacePrecision

    new = [row[0].strip("`") for row in _table_after("### Events")]
    assert new == ["fatalities", "place_precision"] and set(new) <= set(Event.model_fields)
    precision_row = _table_after("### Events")[1][1]
    assert re.findall(r'"(\w+)"', precision_row) == [p.value for p in PlacePrecision]
    example = SCHEMA[SCHEMA.index("### `meta.changes`"):SCHEMA.index("### An event's citation")]
    assert re.findall(r'"(\w+)":', example) == list(Change.model_fields)
