"""The consultation package keeps the services' skeleton: no import circle, nothing stray at
the root (docs: the skeleton of issue 15)."""

from pathlib import Path

import grimp

import consultation

ROOT_MODULES = {"__init__", "main", "config", "db", "deps", "events"}
ROOT_PACKAGES = {
    "demo",
    "feedback",
    "moderation",
    "people",
    "privacy",
    "processes",
    "responses",
    "statistics",
    "systematization",
    "territorial",
    "topics",
    "votes",
}


def test_the_root_holds_only_the_wiring_and_one_package_per_domain():
    root = Path(consultation.__file__).parent
    modules = {p.stem for p in root.glob("*.py")}
    packages = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    assert modules == ROOT_MODULES
    assert packages == ROOT_PACKAGES


def test_no_import_circle():
    """For every import a -> b, b never imports a back. The one exception by design is
    ``db.import_models()``, which imports every domain's tables inside its body."""
    graph = grimp.build_graph("consultation")
    for module in graph.modules:
        if module.endswith(".models"):
            graph.remove_import(importer="consultation.db", imported=module)
    circles = [
        (a, b)
        for a in sorted(graph.modules)
        for b in sorted(graph.find_modules_directly_imported_by(a))
        if graph.find_shortest_chain(importer=b, imported=a)
    ]
    assert circles == []
