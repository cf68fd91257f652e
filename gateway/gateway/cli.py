"""Operator commands: ``python -m gateway <command>`` (also ``cocrea-gateway``).

- ``migrate``: ``alembic upgrade head`` on the configured gateway database.
- ``create-admin --email E --display-name N [--organization O]``: the first admin; the
  password comes from ``GATEWAY_ADMIN_PASSWORD`` or is asked for.
- ``seed-demo-accounts [--accounts-file PATH]``: demo accounts for every role (refused in
  production); the file lists them (ids, roles, names) for the services' demo loaders.

Settings come from the environment (``GATEWAY_*``, see ``GatewaySettings``); the account
commands assume the database is migrated.
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from gateway.accounts import demo, staff
from gateway.accounts.errors import EmailTaken, WeakPassword
from gateway.config import GatewaySettings
from gateway.models import kit_tables
from kit import migrations
from kit.db import Database
from kit.demo import write_people

GATEWAY_ROOT = Path(__file__).resolve().parents[1]
PASSWORD_ENV = "GATEWAY_ADMIN_PASSWORD"  # noqa: S105 (the variable's name, not a value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="aplica las migraciones a la base de datos del gateway")
    admin = commands.add_parser("create-admin", help="crea la primera cuenta de administración")
    admin.add_argument("--email", required=True)
    admin.add_argument("--display-name", required=True)
    admin.add_argument("--organization", default=None)
    seed = commands.add_parser("seed-demo-accounts", help="crea cuentas de demostración (solo dev)")
    seed.add_argument(
        "--accounts-file",
        type=Path,
        default=None,
        help="escribe aquí las cuentas (id, rol, nombre) para las demos de los servicios",
    )
    return parser


def _database(settings: GatewaySettings) -> Database:
    return Database(settings.database_url, info={"kit": kit_tables})


def migrate(settings: GatewaySettings, _args: argparse.Namespace) -> int:
    migrations.upgrade(GATEWAY_ROOT, settings.database_url)
    print("Base de datos del gateway actualizada.")
    return 0


def _read_password() -> str | None:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        print(f"Define {PASSWORD_ENV} o ejecuta el comando en una terminal.", file=sys.stderr)
        return None
    first = getpass.getpass("Contraseña: ")
    if first != getpass.getpass("Repite la contraseña: "):
        print("Las contraseñas no coinciden.", file=sys.stderr)
        return None
    return first


async def _create_admin(settings: GatewaySettings, args: argparse.Namespace, password: str):
    db = _database(settings)
    try:
        async with db.transaction() as session:
            return await staff.create_admin(
                session,
                email=args.email,
                display_name=args.display_name,
                password=password,
                organization=args.organization,
            )
    finally:
        await db.dispose()


def create_admin(settings: GatewaySettings, args: argparse.Namespace) -> int:
    password = _read_password()
    if password is None:
        return 2
    try:
        user = asyncio.run(_create_admin(settings, args, password))
    except EmailTaken:
        print(f"Ya existe una cuenta con el correo {args.email}; no se creó otra.", file=sys.stderr)
        return 1
    except WeakPassword as exc:
        print(f"Contraseña rechazada: {exc.message}", file=sys.stderr)
        return 1
    print(f"Cuenta de administración creada: {user.email} (id {user.id}).")
    print(
        "Al iniciar sesión por primera vez se pedirá configurar la verificación en dos "
        "pasos (TOTP) con una aplicación de autenticación."
    )
    return 0


async def _seed(settings: GatewaySettings) -> list[demo.SeededAccount]:
    db = _database(settings)
    try:
        async with db.transaction() as session:
            return await demo.seed_demo_accounts(session, settings)
    finally:
        await db.dispose()


def seed_demo_accounts(settings: GatewaySettings, args: argparse.Namespace) -> int:
    if settings.environment == "production":
        print("seed-demo-accounts no se ejecuta en producción.", file=sys.stderr)
        return 2
    print(f"Contraseña de todas las cuentas de demostración: {demo.DEMO_PASSWORD}")
    seeded = asyncio.run(_seed(settings))
    if getattr(args, "accounts_file", None):
        write_people(args.accounts_file, [demo.demo_person(item.user) for item in seeded])
    for item in seeded:
        user = item.user
        state = "creada" if item.created else "ya existía"
        print(f"- {user.role:<10} {user.email:<34} {user.organization or '-'} ({state})")
        if item.otpauth_uri:
            print(f"  TOTP secret {item.secret}  {item.otpauth_uri}")
    print(
        "Las cuentas committee y admin ya tienen la verificación en dos pasos activa: carga "
        "el secreto en una aplicación de autenticación y envía su código como `totp`."
    )
    return 0


COMMANDS: dict[str, Callable[[GatewaySettings, argparse.Namespace], int]] = {
    "migrate": migrate,
    "create-admin": create_admin,
    "seed-demo-accounts": seed_demo_accounts,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = GatewaySettings()
    except ValidationError as exc:
        print(f"La configuración (GATEWAY_*) no es válida:\n{exc}", file=sys.stderr)
        return 2
    return COMMANDS[args.command](settings, args)
