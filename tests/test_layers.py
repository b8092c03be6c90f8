"""The package's layers: imports point one way, and no module imports itself back round.

Every import counts, lazy ones inside functions and `if TYPE_CHECKING:` ones included: a circle
through any of them means a piece sits in the wrong layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import archiver

PACKAGE = Path(archiver.__file__).parent

# Top to bottom: a layer may import the layers after it, never those before it.
LAYERS = ["cli", "bench", "ops", "crawl", "dotclear", "dataset", "archive"]
# The sample blog stands apart: a test fixture and demo server that knows nothing of archiver.
APART = {"sample_blog"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The archiver modules `name` imports, resolved to the modules that exist."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" for alias in node.names]
            targets = [n if n in MODULES else base for n in names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_every_module_sits_in_a_layer() -> None:
    loose = [m for m in MODULES if m != "archiver" and layer(m) not in {*LAYERS, *APART}]
    assert loose == []


def test_no_import_circles() -> None:
    assert circles(GRAPH) == []


@pytest.mark.parametrize("graph", [{"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}], ids=["abc"])
def test_circle_finder_finds_a_circle(graph: dict[str, set[str]]) -> None:
    assert circles(graph) == [["a", "b", "c"]]


def test_lazy_and_type_checking_imports_count(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from archiver.ops import resume\n"
    )
    source += "def f():\n    from archiver.crawl.spider import UPDATE_NAME\n"
    fake = tmp_path / "warc.py"
    fake.write_text(source)
    expected = {"archiver.ops.resume", "archiver.crawl.spider"}
    assert imported("archiver.archive.warc", fake) == expected


def allowed(own: str, other: str) -> bool:
    """May a module of layer `own` import one of layer `other`?"""
    if other == own:
        return True
    if own in APART:  # the sample blog imports nothing of archiver
        return False
    if other in APART:  # served by the demo (CLI) and the benchmark only
        return own in ("cli", "bench")
    return LAYERS.index(other) > LAYERS.index(own)


@pytest.mark.parametrize(
    ("own", "other", "expected"),
    [
        ("cli", "ops", True),
        ("crawl", "ops", False),
        ("dotclear", "dataset", True),
        ("archive", "dataset", False),
        ("bench", "sample_blog", True),
        ("crawl", "sample_blog", False),
        ("sample_blog", "dotclear", False),
    ],
)
def test_allowed(own: str, other: str, expected: bool) -> None:
    assert allowed(own, other) is expected


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_imports_point_down(module: str) -> None:
    own = layer(module)
    if own is None:  # archiver/__init__.py: the version, imported by all
        return
    upward = [t for t in GRAPH[module] if layer(t) is not None and not allowed(own, layer(t))]
    assert sorted(upward) == []
