"""The import graph of agent/, tools/ and ui/: no cycle, and every import points ui → agent → tools.

Imports are read with `ast` from the source, wherever they are: at the top of a module and inside
functions (a function-level import hides a cycle from Python, not from the design). Imports under
`if TYPE_CHECKING:` never run, so they do not count towards cycles; they do count for direction.
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("agent", "tools", "ui")
# which top-level packages each may import: ui → agent → tools, never back up
ALLOWED = {"ui": {"ui", "agent", "tools"}, "agent": {"agent", "tools"}, "tools": {"tools"}}


def find_modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Dotted module name → source file, for every .py under the packages."""
    modules: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, *, type_checking: bool = False) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement in the tree, with whether it sits under `if TYPE_CHECKING:`."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append((node, type_checking))
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                found += _imports(ast.Module(body=[child], type_ignores=[]), type_checking=True)
            for child in node.orelse:
                found += _imports(ast.Module(body=[child], type_ignores=[]), type_checking=type_checking)
        else:
            found += _imports(node, type_checking=type_checking)
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module a dotted name lives in: the longest prefix that is one of ours."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_edges(modules: dict[str, Path]) -> dict[str, dict[str, bool]]:
    """module → {imported module of ours: whether every such import is TYPE_CHECKING only}."""
    edges: dict[str, dict[str, bool]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: dict[str, bool] = {}
        for node, type_only in _imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            found: list[str | None] = []
            if isinstance(node, ast.Import):
                found = [_owner(alias.name, modules) for alias in node.names]
            else:
                base = node.module or ""
                if node.level:  # relative: from . import x, from ..y import z
                    anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                for alias in node.names:  # `from tools import raysupport` imports the module tools.raysupport
                    submodule = f"{base}.{alias.name}"
                    found.append(submodule if submodule in modules else _owner(base, modules))
            for target in found:
                if target is not None and target != name:
                    targets[target] = targets.get(target, True) and type_only
        edges[name] = targets
    return edges


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → b → … → a) per strongly connected group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's algorithm; the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A readable path around a strongly connected group: start at its first module, walk back to it."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest way round
        node = queue.pop(0)
        for other in sorted(graph.get(node, set()) & group):
            if other == start:
                return paths[node] + [start]
            if other not in paths:
                paths[other] = paths[node] + [other]
                queue.append(other)
    raise AssertionError(f"no cycle through {start} in {sorted(group)}")


def runtime_graph(edges: dict[str, dict[str, bool]]) -> dict[str, set[str]]:
    return {name: {target for target, type_only in targets.items() if not type_only}
            for name, targets in edges.items()}


# ---------------------------------------------------------------------------- the project
def test_the_project_has_no_import_cycle() -> None:
    edges = import_edges(find_modules(REPO))
    assert len(edges) > 50, "the walk found too few modules to be looking at the project"
    cycles = find_cycles(runtime_graph(edges))
    assert not cycles, "modules import each other (move what they share into a module below both):\n" + "\n".join(
        " → ".join(cycle) for cycle in cycles)


def test_imports_point_from_ui_to_agent_to_tools() -> None:
    edges = import_edges(find_modules(REPO))
    wrong = sorted(f"{name} imports {target}" for name, targets in edges.items() for target in targets
                   if target.split(".")[0] not in ALLOWED[name.split(".")[0]])
    assert not wrong, "imports must point ui → agent → tools:\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------- the checker itself
def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_cycle_behind_a_function_level_import_is_found(tmp_path: Path) -> None:
    _write(tmp_path, {
        "tools/__init__.py": "",
        "tools/render.py": "def render_file():\n    from tools.check import check\n    return check()\n",
        "tools/check.py": "from tools import render\n\ndef check():\n    return render\n",
        "tools/spec.py": "from .render import render_file\n",  # relative, no cycle
    })
    modules = find_modules(tmp_path, ("tools",))
    cycles = find_cycles(runtime_graph(import_edges(modules)))
    assert cycles == [["tools.check", "tools.render", "tools.check"]]


def test_type_checking_imports_make_no_cycle_but_count_for_direction(tmp_path: Path) -> None:
    _write(tmp_path, {
        "agent/__init__.py": "",
        "agent/brief.py": "from agent.copy import extract\n",
        "agent/copy.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from agent.brief import Brief\n"
                          "    from ui.chat import Chat\n\ndef extract():\n    pass\n"),
        "ui/__init__.py": "",
        "ui/chat.py": "class Chat:\n    pass\n",
    })
    edges = import_edges(find_modules(tmp_path, ("agent", "ui")))
    assert edges["agent.copy"] == {"agent.brief": True, "ui.chat": True}
    assert find_cycles(runtime_graph(edges)) == []
    wrong = [(name, target) for name, targets in edges.items() for target in targets
             if target.split(".")[0] not in ALLOWED[name.split(".")[0]]]
    assert wrong == [("agent.copy", "ui.chat")]
