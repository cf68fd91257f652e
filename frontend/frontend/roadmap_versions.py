"""A commitment's published roadmap versions: the list, any version as it was published,
and any two compared, the differences marked with ``<ins>``/``<del>`` (difflib, on the
server: no JavaScript) and said in words for screen readers."""

import asyncio
import difflib
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from frontend.deps import GatewayDep
from frontend.errors import error_page
from frontend.gateway import GatewayClient
from frontend.i18n import _, format_day
from frontend.render import page
from frontend.session import VisitorDep
from frontend.views import parse_day

router = APIRouter(prefix="/tablero/compromisos")
ROADMAPS = "/api/v1/roadmaps/commitments"
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # equal | insert | delete
    text: str


@dataclass(frozen=True)
class Section:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def segments(self) -> list[Segment]:
        return word_diff(self.before, self.after)


def word_diff(before: str, after: str) -> list[Segment]:
    """Word by word (spaces and line breaks kept), so a changed date or weight stands out."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return segments


def _day(value: Any) -> str:
    day = parse_day(value)
    return format_day(day) if day else "—"


def _person(person: dict | None) -> str:
    if not person:
        return "—"
    name = str(person.get("name") or "—")
    return f"{name} ({person['organization']})" if person.get("organization") else name


def _key_actions(items: list[dict]) -> str:
    lines = []
    for ka in items:
        lines.append(f"{ka.get('title', '')} — {_('peso')} {ka.get('weight', '')} %")
        for a in ka.get("activities") or []:
            line = f"  · {a.get('title', '')} ({_day(a.get('start_date'))} – "
            line += f"{_day(a.get('end_date'))})"
            if a.get("indicator"):
                line += f"; {_('Indicador')}: {a['indicator']}"
            if a.get("means_of_verification"):
                line += f"; {_('Medio de verificación')}: {a['means_of_verification']}"
            lines.append(line)
    return "\n".join(lines)


def sections_of(content: dict) -> list[tuple[str, str]]:
    """The seven elements of the methodology, then the key actions, as readable text."""

    def joined(key: str) -> str:
        return "\n".join(str(v) for v in content.get(key) or [])

    return [
        (_("Servidor público responsable"), _person(content.get("responsible_public_servant"))),
        (
            _("Persona de sociedad civil responsable"),
            _person(content.get("responsible_cso_person")),
        ),
        (_("Resultado final"), str(content.get("final_result") or "")),
        (_("Productos esperados"), joined("expected_products")),
        (_("Indicadores"), joined("indicators")),
        (_("Medios de verificación"), joined("means_of_verification")),
        (_("Fecha de inicio"), _day(content.get("start_date"))),
        (_("Fecha de conclusión"), _day(content.get("end_date"))),
        (_("Acciones clave y actividades"), _key_actions(content.get("key_actions") or [])),
    ]


def compare(old: dict, new: dict) -> list[Section]:
    before, after = sections_of(old), sections_of(new)
    return [Section(label, b, a) for (label, b), (_label, a) in zip(before, after, strict=True)]


def version_row(v: dict, commitment_id: str) -> dict:
    return v | {
        "published": parse_day(v.get("published_at")),
        "href": f"/tablero/compromisos/{commitment_id}/versiones/{v.get('version')}",
    }


async def published_versions(gateway: GatewayClient, commitment_id: str) -> list[dict]:
    """Newest first; the public sees the published ones, superseded ones included."""
    items = await gateway.list_all(f"{ROADMAPS}/{commitment_id}/roadmap/versions")
    return [version_row(v, commitment_id) for v in items if isinstance(v.get("version"), int)]


def chosen(value: str, label: str, numbers: list[int]) -> tuple[int | None, str]:
    """A version asked for in the form, or the error that names the field."""
    if not value.strip():
        return None, ""
    if not value.strip().isdigit():
        return None, _("%(field)s: escribe el número de una versión.") % {"field": label}
    number = int(value)
    if number not in numbers:
        message = _("%(field)s: no hay una versión %(number)s publicada.")
        return None, message % {"field": label, "number": number}
    return number, ""


@router.get("/{commitment_id}/versiones", response_class=HTMLResponse)
async def versions(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    de: str = "",
    a: str = "",
) -> HTMLResponse:
    """Las versiones publicadas de la hoja de ruta (las reemplazadas siguen públicas) y la
    comparación de dos de ellas, con las diferencias marcadas."""
    commitment, rows = await asyncio.gather(
        gateway.get_json(f"{ROADMAPS}/{commitment_id}"),
        published_versions(gateway, commitment_id),
    )
    numbers = [r["version"] for r in rows]
    old, old_error = chosen(de, _("Versión anterior"), numbers)
    new, new_error = chosen(a, _("Versión posterior"), numbers)
    if not (de or a) and len(numbers) >= 2:
        old, new = numbers[1], numbers[0]  # by default: the last amendment
    sections: list[Section] = []
    if old is not None and new is not None:
        first, second = await asyncio.gather(
            gateway.get_json(f"{ROADMAPS}/{commitment_id}/roadmap/versions/{old}"),
            gateway.get_json(f"{ROADMAPS}/{commitment_id}/roadmap/versions/{new}"),
        )
        sections = compare(first.get("content") or {}, second.get("content") or {})
    context = {
        "commitment": commitment,
        "versions": rows,
        "old": old,
        "new": new,
        "errors": {"de": old_error, "a": new_error},
        "values": {"de": de or (str(old) if old else ""), "a": a or (str(new) if new else "")},
        "sections": sections,
    }
    status = 422 if old_error or new_error else 200
    return page(request, "roadmap_versions.html", context, status_code=status)


@router.get("/{commitment_id}/versiones/{version}", response_class=HTMLResponse)
async def one_version(
    request: Request, commitment_id: str, version: str, gateway: GatewayDep, visitor: VisitorDep
) -> HTMLResponse:
    """Una versión de la hoja de ruta tal como se publicó."""
    rows = await published_versions(gateway, commitment_id)
    found = next((r for r in rows if str(r["version"]) == version), None)
    if found is None:
        message = _("Versión: no hay una versión %(number)s publicada de esta hoja de ruta.")
        return error_page(
            request, 404, _("No encontramos esa versión"), message % {"number": version[:10]}
        )
    commitment, shown = await asyncio.gather(
        gateway.get_json(f"{ROADMAPS}/{commitment_id}"),
        gateway.get_json(f"{ROADMAPS}/{commitment_id}/roadmap/versions/{found['version']}"),
    )
    content = shown.get("content") or {}
    context = {
        "commitment": commitment,
        "version": found,
        "latest": rows[0]["version"] if rows else None,
        "sections": sections_of(content),
    }
    return page(request, "roadmap_version.html", context)
