"""Bring databases to the newest schema: ``python infra/migrate.py [gateway roadmaps …]``.

Each target reads its URL from ``<TARGET>_DATABASE_URL`` (``GATEWAY_DATABASE_URL`` …) and
runs its own Alembic history (``gateway/migrations``, ``services/<name>/migrations``).
With no target, all four are migrated. Used by ``infra/dev.py`` and by the compose
``*-migrate`` one-shot containers.
"""

import os
import sys
from pathlib import Path

from kit.migrations import upgrade

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "gateway": ROOT / "gateway",
    "consultation": ROOT / "services" / "consultation",
    "roadmaps": ROOT / "services" / "roadmaps",
    "tracking": ROOT / "services" / "tracking",
}


def main(argv: list[str]) -> int:
    names = argv or list(TARGETS)
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        print(f"unknown target(s): {', '.join(unknown)}; known: {', '.join(TARGETS)}")
        return 2
    for name in names:
        root = TARGETS[name]
        url = os.environ.get(f"{name.upper()}_DATABASE_URL")
        if not url:
            print(f"{name}: set {name.upper()}_DATABASE_URL")
            return 2
        if not (root / "alembic.ini").is_file():
            print(f"{name}: no Alembic configuration at {root / 'alembic.ini'}")
            return 1
        print(f"{name}: alembic upgrade head", flush=True)
        upgrade(root, url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
