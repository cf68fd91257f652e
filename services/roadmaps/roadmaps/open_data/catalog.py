"""The roadmaps' open-data package: working groups, their public members, and meetings."""

from typing import get_args

from kit.datapackage import Table, field
from kit.datapackage_router import Package
from reference.sectors import MEETING_SECTORS, SECTORS
from roadmaps.groups.roles import GroupRole
from roadmaps.meetings.models import MEETING_KINDS
from roadmaps.open_data.tables import (
    attendance_rows,
    groups_modified,
    groups_rows,
    meetings_modified,
    meetings_rows,
    members_rows,
)

GROUPS = Table(
    "working_groups",
    "Grupos de trabajo de los compromisos",
    [
        field("commitment_id", "string", "Compromiso", required=True),
        field("plan_code", "string", "Clave del plan", required=True),
        field("commitment_number", "integer", "Número del compromiso en el plan"),
        field("commitment_title", "string", "Título del compromiso"),
        field("rules_of_operation", "string", "Reglas de operación públicas"),
        field("members", "integer", "Integrantes"),
        field("updated_at", "datetime", "Última modificación de las reglas"),
    ],
    ["commitment_id"],
    groups_rows,
    description="El grupo de trabajo multiactor de cada compromiso publicado y sus reglas de "
    "operación.",
    keywords=("grupos de trabajo", "compromisos", "cocreación"),
    modified=groups_modified,
)
MEMBERS = Table(
    "working_group_members",
    "Integrantes de los grupos de trabajo",
    [
        field("commitment_id", "string", "Compromiso", required=True),
        field("plan_code", "string", "Clave del plan", required=True),
        field("commitment_number", "integer", "Número del compromiso en el plan"),
        field("position", "integer", "Orden en el grupo (por sector y nombre)", required=True),
        field("name", "string", "Nombre público"),
        field("organization", "string", "Institución u organización"),
        field("sector", "string", "Sector", tuple(SECTORS)),
        field("group_role", "string", "Papel en el grupo", get_args(GroupRole)),
        field("added_at", "datetime", "Integración al grupo"),
    ],
    ["commitment_id", "position"],
    members_rows,
    description="Quién integra cada grupo de trabajo, como se publica en el sitio: nombre, "
    "organización, sector y papel (sin cuentas ni correos).",
    keywords=("grupos de trabajo", "sociedad civil", "servidores públicos"),
    modified=groups_modified,
)
MEETINGS = Table(
    "meetings",
    "Reuniones de grupos de trabajo, foro y Comité",
    [
        field("id", "string", "Identificador de la reunión", required=True),
        field("plan_code", "string", "Clave del plan", required=True),
        field("kind", "string", "Tipo de reunión", MEETING_KINDS, required=True),
        field("commitment_id", "string", "Compromiso (vacío en foro y Comité)"),
        field("held_on", "date", "Fecha", required=True),
        field("attendees_women", "integer", "Asistentes mujeres"),
        field("attendees_men", "integer", "Asistentes hombres"),
        field("attendees_other", "integer", "Asistentes de otra identidad"),
        field("attendees_total", "integer", "Asistentes en total"),
        field("minutes", "string", "Minuta"),
        field("minutes_url", "string", "Enlace a la minuta"),
        field("agreements", "string", "Acuerdos (separados por ;)"),
        field("created_at", "datetime", "Registro"),
    ],
    ["id"],
    meetings_rows,
    description="Las sesiones de los grupos de trabajo, del foro multiactor y del Comité "
    "Coordinador, con su minuta, sus acuerdos y cuántas personas asistieron.",
    keywords=("reuniones", "minutas", "grupos de trabajo"),
    modified=meetings_modified,
)
ATTENDANCE = Table(
    "meeting_attendance",
    "Asistencia a las reuniones por sector",
    [
        field("meeting_id", "string", "Reunión", required=True),
        field("sector", "string", "Sector", tuple(MEETING_SECTORS), required=True),
        field("women", "integer", "Mujeres"),
        field("men", "integer", "Hombres"),
        field("other", "integer", "Otra identidad"),
        field("total", "integer", "Total"),
    ],
    ["meeting_id", "sector"],
    attendance_rows,
    description="Cuántas personas de cada sector asistieron a cada reunión (solo conteos).",
    keywords=("reuniones", "asistencia", "paridad"),
    modified=meetings_modified,
)

PACKAGE = Package(
    name="cocrea-hojas-de-ruta",
    title="Grupos de trabajo y reuniones de los planes de acción de gobierno abierto de México",
    description="Los grupos de trabajo de los compromisos, sus integrantes públicos y las "
    "reuniones con su asistencia.",
    tables={t.name: t for t in (GROUPS, MEMBERS, MEETINGS, ATTENDANCE)},
)
