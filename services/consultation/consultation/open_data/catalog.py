"""The consultation's open-data package: its tables with typed schemas and catalogues."""

from consultation.open_data.tables import (
    PUBLIC_TOPICS,
    statistics_modified,
    statistics_rows,
    themes_modified,
    themes_rows,
    topics_modified,
    topics_rows,
)
from consultation.statistics.service import POPULATIONS
from consultation.systematization.models import THEME_STATUSES
from consultation.topics.vocabulary import CHANNELS
from kit.datapackage import Table, field
from kit.datapackage_router import Package
from reference.areas import AREAS
from reference.states import STATES
from reference.statuses import ANSWER_STATES

STATISTICS_TABLES = ("totals", *(name for names in POPULATIONS.values() for name in names))

TOPICS = Table(
    "topics",
    "Temas propuestos en la consulta y sus respuestas",
    [
        field("id", "string", "Identificador del tema", required=True),
        field("process_id", "string", "Proceso de cocreación", required=True),
        field("plan_code", "string", "Clave del plan"),
        field("title", "string", "El problema público, en una frase"),
        field("problem", "string", "Qué pasa y por qué es un problema"),
        field("affected", "string", "A quién afecta"),
        field("solution", "string", "La solución que se propone"),
        field("area", "string", "Área del Desafío de Gobierno Abierto", tuple(AREAS)),
        field("sdg_tags", "string", "Objetivos o metas ODS (separados por ;)"),
        field("state_code", "string", "Clave INEGI de la entidad", tuple(STATES)),
        field("channel", "string", "Canal de participación", CHANNELS),
        field("status", "string", "Estado del tema", PUBLIC_TOPICS, required=True),
        field("merged_into_id", "string", "Tema en el que se integró"),
        field("votes_count", "integer", "Votos recibidos"),
        field("theme_id", "string", "Tema de la sistematización al que pertenece"),
        field("answer_state", "string", "Respuesta razonada publicada", tuple(ANSWER_STATES)),
        field("answer_justification", "string", "Justificación de la respuesta"),
        field("answer_published_at", "datetime", "Publicación de la respuesta"),
        field("created_at", "datetime", "Propuesto el"),
        field("updated_at", "datetime", "Última modificación"),
    ],
    ["id"],
    topics_rows,
    description="Cada tema público propuesto por la ciudadanía en la consulta, con sus votos, "
    "el tema de la sistematización al que pertenece y la respuesta razonada publicada. "
    "Sin datos de las personas autoras.",
    keywords=("consulta pública", "participación ciudadana", "respuestas razonadas"),
    modified=topics_modified,
)
THEMES = Table(
    "themes",
    "Temas de la sistematización",
    [
        field("id", "string", "Identificador del tema de la sistematización", required=True),
        field("process_id", "string", "Proceso de cocreación", required=True),
        field("plan_code", "string", "Clave del plan"),
        field("title", "string", "Título"),
        field("description", "string", "Descripción"),
        field("areas", "string", "Áreas del Desafío de Gobierno Abierto (separadas por ;)"),
        field("status", "string", "Estado", THEME_STATUSES[1:], required=True),
        field("commitment_id", "string", "Compromiso creado a partir del tema"),
        field("topics", "integer", "Temas propuestos que agrupa"),
        field("published_at", "datetime", "Publicación"),
        field("promoted_at", "datetime", "Promoción a compromiso"),
    ],
    ["id"],
    themes_rows,
    description="Los temas en que el Comité Coordinador agrupó las propuestas de la consulta, "
    "y el compromiso al que llegó cada uno.",
    keywords=("sistematización", "consulta pública", "compromisos"),
    modified=themes_modified,
)
STATISTICS = Table(
    "participation_statistics",
    "Estadísticas agregadas de participación",
    [
        field("process_id", "string", "Proceso de cocreación", required=True),
        field("plan_code", "string", "Clave del plan"),
        field("table", "string", "Tabla de la estadística", STATISTICS_TABLES, required=True),
        field("key", "string", "Clave de la categoría (sin_dato = no declarado)", required=True),
        field("label", "string", "Categoría"),
        field("count", "integer", "Conteo; vacío cuando está suprimido"),
        field("suppressed", "boolean", "Suprimido para proteger a grupos pequeños"),
    ],
    ["process_id", "table", "key"],
    statistics_rows,
    description="Participantes, temas y votos por área, entidad, canal, género, edad y sector, "
    "tal como se publican: las celdas de menos de 5 personas (y las que permitirían "
    "deducirlas) se suprimen.",
    keywords=("estadísticas", "participación ciudadana", "consulta pública"),
    modified=statistics_modified,
)

PACKAGE = Package(
    name="cocrea-consulta",
    title="Consulta pública de los planes de acción de gobierno abierto de México",
    description="Temas propuestos, sus respuestas razonadas, temas de la sistematización y "
    "estadísticas agregadas de participación.",
    tables={t.name: t for t in (TOPICS, THEMES, STATISTICS)},
)
