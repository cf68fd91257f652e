"""The contracts package itself: each topic's model is in its producer's module, refuses
unknown fields and says who produces it; the package imports only pydantic, the standard
library and ``reference``; the vocabularies it spells out for a producer are the ones that
producer accepts on its API."""

import ast
import importlib
import sys
from typing import Any, get_args

import contracts
from contracts import TOPICS
from kit.event_signing import producer_of
from tests.conftest import ROOT, service_settings

MODULES = {
    "gateway": contracts.auth,
    "consultation": contracts.consultation,
    "roadmaps": contracts.roadmaps,
    "tracking": contracts.tracking,
}


def test_every_topic_s_model_is_in_its_producer_s_module():
    assert set(TOPICS) == {t for module in MODULES.values() for t in module.TOPICS}
    for topic, model in TOPICS.items():
        producer = producer_of(topic)
        assert producer in MODULES, topic
        assert MODULES[producer].TOPICS[topic] is model
        assert model.__module__ == MODULES[producer].__name__, model
        assert model.__doc__ and "Produced by" in model.__doc__, model
        assert model.model_config.get("extra") == "forbid", model


def test_the_contracts_import_only_pydantic_the_standard_library_and_reference():
    allowed = {"pydantic", "reference", "contracts"} | set(sys.stdlib_module_names)
    for path in (ROOT / "libs" / "contracts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def _openapi(service: str, settings_class: str, tmp_path, jwks_file) -> dict[str, Any]:
    database = f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}"
    config = importlib.import_module(f"{service}.config")
    main = importlib.import_module(f"{service}.main")
    settings = service_settings(getattr(config, settings_class), database, jwks_file)
    return main.create_app(settings).openapi()


def _enum_of(openapi: dict[str, Any], schema: str, prop: str) -> set[str]:
    spec = openapi["components"]["schemas"][schema]["properties"][prop]
    return set(spec.get("items", spec)["enum"])


def test_the_producers_vocabularies_in_the_contracts_are_the_producers(tmp_path, jwks_file):
    """Read from the producers' OpenAPI, whatever modules their vocabularies live in."""
    roadmaps = _openapi("roadmaps", "RoadmapsSettings", tmp_path, jwks_file)
    tracking = _openapi("tracking", "TrackingSettings", tmp_path, jwks_file)

    assert _enum_of(roadmaps, "MemberCreate", "group_role") == set(
        get_args(contracts.roadmaps.GroupRole)
    )
    assert _enum_of(tracking, "WebhookCreate", "topics") == set(contracts.tracking.WEBHOOK_TOPICS)
