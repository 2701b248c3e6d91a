"""The option groups: declared once, handed to a command as one object, checked by Typer."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import pytest
import typer
from typer.testing import CliRunner

from dezzor_cli.cli.options import FILTERS, Output, build_filters, filter_options, option_group, output_options
from dezzor_cli.query.filters import Filters
from dezzor_cli.render import Format


def _app(command: Any) -> typer.Typer:
    app = typer.Typer()
    app.command()(command)
    app.command("other")(lambda: None)  # two commands, so Typer keeps the command name on the line
    return app


def test_a_group_replaces_its_argument_by_its_options_in_the_signature() -> None:
    def command(filters: Filters, limit: int = 3) -> None:
        raise AssertionError("not called")

    wrapped = filter_options("actor", "since")(command)
    params = inspect.signature(wrapped).parameters
    assert list(params) == ["limit", "actor", "since"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
    assert params["actor"].annotation is FILTERS["actor"][0]


def test_the_command_gets_one_built_object() -> None:
    seen: list[Any] = []

    def command(filters: Filters, out: Output = Output()) -> None:
        seen.append((filters, out))

    wrapped = output_options(raw=False, pictures=False)(filter_options()(command))
    result = CliRunner().invoke(_app(wrapped), ["command", "-a", "SDF", "-a", "IS", "--exact", "--since", "2024",
                                                "-f", "JSON", "--data", "x.json"])
    assert result.exit_code == 0, result.output
    filters, out = seen[0]
    assert filters == Filters(actors=("SDF", "IS"), exact=True, since="2024")
    assert out == Output(fmt=Format.json, data="x.json")  # choices are case-insensitive


def test_an_option_declared_twice_is_refused_when_the_command_is_defined() -> None:
    def command(filters: Filters, since: str = "") -> None:
        raise AssertionError("not called")

    with pytest.raises(TypeError, match="since"):
        filter_options("since")(command)


def test_an_override_changes_one_option_only() -> None:
    custom = Annotated[str | None, typer.Option("--on", help="custom")]

    def command(filters: Filters) -> None:
        raise AssertionError("not called")

    params = inspect.signature(filter_options(on=custom)(command)).parameters
    assert params["on"].annotation is custom
    assert params["since"].annotation is FILTERS["since"][0]


def test_a_custom_group() -> None:
    seen: list[Any] = []

    def command(pair: tuple[int, int]) -> None:
        seen.append(pair)

    spec = {"a": (Annotated[int, typer.Option()], 1), "b": (Annotated[int, typer.Option()], 2)}
    wrapped = option_group("pair", spec, lambda given: (given["a"], given["b"]))(command)
    assert CliRunner().invoke(_app(wrapped), ["command", "--b", "5"]).exit_code == 0
    assert seen == [(1, 5)]


def test_build_filters_turns_absent_lists_into_empty_tuples() -> None:
    assert build_filters({}) == Filters()
    assert build_filters({"place": ["Mayadin"], "kind": None}) == Filters(places=("Mayadin",))
