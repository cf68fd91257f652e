"""The shape of the code, checked: no import circle, the same skeleton in every service.

import-linter (in the README's checks) keeps the boundaries between the parts; these tests
keep the inside of each part readable: a module never reaches back to a module that
imports it, and every service's root holds the same few wiring modules.
"""

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = (
    "kit", "reference", "contracts", "consultation", "roadmaps", "tracking", "gateway",
    "frontend",
)  # fmt: skip
SERVICES = ("consultation", "roadmaps", "tracking")
# What a service's package root holds besides one sub-package per domain (docs/ARCHITECTURE.md).
SKELETON = {"__init__.py", "main.py", "config.py", "db.py", "deps.py", "events.py"}


def _late_imports(service: str) -> set[str]:
    """The domains' models that ``<service>.db.import_models()`` loads inside its body: the
    one deliberate late import (Alembic, the app and the tests call it to see every table).
    Anything ``db.py`` imports at module level stays in the graph, so a real circle fails."""
    tree = ast.parse((ROOT / "services" / service / service / "db.py").read_text("utf-8"))
    function = next(
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "import_models"
    )
    late = {
        f"{node.module}.{alias.name}"
        for node in ast.walk(function)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    top = {
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(service)
    }
    assert not top, f"{service}.db imports {sorted(top)} at module level"
    assert late and all(m.startswith(f"{service}.") and m.endswith(".models") for m in late)
    return late


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    for service in SERVICES:
        for module in _late_imports(service):
            graph.remove_import(importer=f"{service}.db", imported=module)
    return graph


def _circles(graph: grimp.ImportGraph, package: str) -> list[str]:
    found = []
    for importer in sorted(graph.find_descendants(package) | {package}):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported.split(".")[0] != package or imported == importer:
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                found.append(" → ".join((importer, *back)))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circle(graph, package):
    assert _circles(graph, package) == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_skeleton(service):
    root = ROOT / "services" / service / service
    modules = {p.name for p in root.iterdir() if p.suffix == ".py"}
    assert modules == SKELETON, f"{service}: move {sorted(modules - SKELETON)} to a domain"
    domains = [p for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    assert not [d.name for d in domains if d.name in (*SERVICES, "gateway", "frontend")]
