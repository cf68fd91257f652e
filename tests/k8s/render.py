"""A small Kustomize renderer for ``infra/k8s`` (CI may have no ``kustomize``): resources
(files and directories), ``namespace``, ``images`` (newName/newTag), ``labels`` and
``patches`` (strategic merge of maps, matched by kind and name). Enough for this tree; the
test compares it with ``kubectl kustomize`` where that exists."""

import copy
from pathlib import Path
from typing import Any

import yaml

CLUSTER_SCOPED = {"Namespace"}


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return copy.deepcopy(patch)


def _set_images(node: Any, images: list[dict[str, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "image" and isinstance(value, str):
                name = value.rsplit(":", 1)[0]
                for image in images:
                    if image["name"] == name:
                        node[key] = f"{image.get('newName', name)}:{image['newTag']}"
            else:
                _set_images(value, images)
    elif isinstance(node, list):
        for item in node:
            _set_images(item, images)


def render(directory: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    objects: list[dict[str, Any]] = []
    for resource in spec.get("resources", []):
        path = directory / resource
        if path.is_dir():
            objects += render(path)
        else:
            objects += [d for d in yaml.safe_load_all(path.read_text()) if d]
    for entry in spec.get("labels", []):
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(entry["pairs"])
    for patch_ref in spec.get("patches", []):
        for patch in yaml.safe_load_all((directory / patch_ref["path"]).read_text()):
            for i, obj in enumerate(objects):
                same = (obj["kind"], obj["metadata"]["name"]) == (
                    patch["kind"], patch["metadata"]["name"],
                )  # fmt: skip
                if same:
                    objects[i] = _merge(obj, patch)
    _set_images(objects, spec.get("images", []))
    if "namespace" in spec:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = spec["namespace"]
    return objects
