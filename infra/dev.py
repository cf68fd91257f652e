#!/usr/bin/env python3
"""Cocrea's local launcher. Standard library only, so a fresh machine needs just python3.

    python3 infra/dev.py up      # migrate, load the demo data, run the whole stack
    python3 infra/dev.py test    # ruff, import contracts and the test suite, like CI

Both first create ``.venv`` and install the project into it (again only when
``pyproject.toml`` or the set of packages changed), then continue under the venv's Python.
Extra arguments after ``test --`` go to pytest: ``python3 infra/dev.py test -- -k home``.
"""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 (this file runs under any python3)
    sys.exit(f"Cocrea needs Python 3.11 or newer; this is {sys.version.split()[0]}")

import argparse
import os
from pathlib import Path

from dev_bootstrap import ROOT, bootstrap


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="infra/dev.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("up", "run the stack (gateway, services, website) until Ctrl-C"),
        ("migrate", "only migrate the dev databases"),
        ("seed", "migrate and load the demo data, without starting servers"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--port-base",
            type=int,
            default=int(os.environ.get("COCREA_PORT_BASE", "8000")),
            help="gateway port; services at +101..+103, website at +80 (env COCREA_PORT_BASE)",
        )
        command.add_argument(
            "--data-dir",
            type=Path,
            default=Path(os.environ.get("COCREA_DATA_DIR", ROOT / "var")),
            help="SQLite files, logs, keys and the dev secret (env COCREA_DATA_DIR)",
        )
    test = commands.add_parser("test", help="lint, import contracts and the test suite")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="after --: pytest arguments")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    bootstrap(__file__)
    if args.command == "test":
        from dev_checks import run_checks

        pytest_args = args.pytest_args[1:] if args.pytest_args[:1] == ["--"] else args.pytest_args
        return run_checks(pytest_args)

    import dev_stack

    ports = dev_stack.Ports(args.port_base)
    data_dir = args.data_dir.resolve()
    if args.command == "up":
        return dev_stack.up(ports, data_dir)
    return dev_stack.setup_only(ports, data_dir, with_demo=args.command == "seed")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
