"""The data flows one way: no import cycles, and each step imports only the steps before it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dezzor_cli"

# Each top-level part of the package, and the parts it may import (itself always allowed).
ALLOWED = {
    "__init__": set(),
    "errors": set(),
    "atomic": {"errors"},
    "store": {"errors", "atomic", "__init__"},
    "query": {"errors", "store"},
    "views": {"errors", "store", "query"},
    "render": {"errors", "atomic", "views"},
    "interchange": {"errors", "store", "render"},
    "cli": {"__init__", "errors", "atomic", "store", "query", "views", "render", "interchange"},
    "entry": {"__init__", "errors", "cli"},
    "__main__": {"entry"},
}


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every dezzor_cli module ``path`` imports, at the top or inside a function."""
    me = _name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("dezzor_cli"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("dezzor_cli"):
                continue
            for alias in node.names:  # `from . import fast` names a module; `from .x import f` a name in x
                candidate = f"{target}.{alias.name}"
                out.add(candidate if _exists(candidate) else target)
    out.discard(me)
    return out


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_name(p): _imports(p) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_module_imports_a_later_step() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _part(target) != _part(module) and _part(target) not in ALLOWED[_part(module)]
    ]
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    # A package's __init__ that re-exports its own modules is not a cycle of the data flow.
    cycles = [c for c in cycles if not all(m.startswith(c[0]) for m in c)]
    assert cycles == []


def test_every_part_is_known() -> None:
    assert {_part(m) for m in _graph()} <= set(ALLOWED)


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
