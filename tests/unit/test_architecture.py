"""The shape the code keeps: a pure core, small modules, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "reader"
# The UI: the only modules that may import Textual.
UI = {"app", "app_actions", "app_workers", "keys", "commands", "messages"}
UI |= {"app_fulltext", "app_pictures", "app_links"}  # full text, pictures, numbered links
UI_PACKAGES = ("widgets", "screens")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every module named in an import statement, at any depth (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def is_ui(name: str) -> bool:
    short = name.removeprefix("reader.")
    return short in UI or short.startswith(UI_PACKAGES)


def test_the_core_never_imports_textual() -> None:
    offenders = {
        name: sorted(i for i in imports(path) if i.split(".")[0] == "textual")
        for name, path in modules().items()
        if not is_ui(name)
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_import_cycles() -> None:
    known = modules()
    graph = {
        name: {i for i in imports(path) if i in known and i != name} for name, path in known.items()
    }
    # A package's __init__ importing its own submodules is not a cycle.
    for name in graph:
        graph[name] = {i for i in graph[name] if not i.startswith(name + ".")}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_over_400_lines(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{name} has {lines} lines"


def test_the_app_module_stays_thin() -> None:
    assert (PACKAGE / "app.py").read_text(encoding="utf-8").count("\n") <= 250
