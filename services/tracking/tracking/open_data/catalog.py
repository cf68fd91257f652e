"""The catalogue of open-data tables (schemas with enums) and the Data Package."""

from datetime import datetime
from typing import get_args

from kit.datapackage import LICENSE, Table, field, resource
from reference.ogp import (
    SELF_ASSESSMENT,
    Completion,
    DidItOpenGovernment,
    PotentialImpact,
    ReportType,
)
from reference.statuses import ACTIVITY_STATUS
from tracking.dashboard.service import NOT_ASSESSED
from tracking.open_data.tables import (
    activities_rows,
    commitments_rows,
    indicators_rows,
    irm_rows,
    key_actions_rows,
    updates_rows,
)

TABLES = {
    t.name: t
    for t in [
        Table(
            "commitments",
            "Compromisos",
            [
                field("id", "string", "Identificador del compromiso", required=True),
                field("plan_code", "string", "Clave del plan", required=True),
                field("number", "integer", "Número del compromiso en el plan", required=True),
                field("slug", "string", "Nombre corto"),
                field("title", "string", "Título"),
                field(
                    "lead_institutions", "string", "Instituciones responsables (separadas por ;)"
                ),
                field("cso_coresponsible", "string", "OSC corresponsables (separadas por ;)"),
                field("areas", "string", "Áreas del Desafío de Gobierno Abierto (separadas por ;)"),
                field(
                    "self_assessment",
                    "string",
                    "Autoevaluación del Comité Coordinador",
                    (*SELF_ASSESSMENT, NOT_ASSESSED),
                ),
                field("inactive_reason", "string", "Motivo de inactividad"),
                field("inactive_since", "date", "Fecha de inactividad"),
                field("progress_completed", "number", "Avance completado (%); vacío = sin datos"),
                field("progress_verified", "number", "Avance verificado (%); vacío = sin datos"),
                field("sin_datos", "boolean", "El compromiso no tiene actividades"),
            ],
            ["id"],
            commitments_rows,
        ),
        Table(
            "key_actions",
            "Acciones clave",
            [
                field("id", "string", "Identificador de la acción clave", required=True),
                field("commitment_id", "string", "Compromiso", required=True),
                field("order", "integer", "Orden"),
                field("title", "string", "Título"),
                field("weight", "number", "Peso (%) en el avance del compromiso"),
                field("current", "boolean", "Vigente en la última versión de la hoja de ruta"),
            ],
            ["id"],
            key_actions_rows,
        ),
        Table(
            "activities",
            "Actividades",
            [
                field("id", "string", "Identificador de la actividad", required=True),
                field("key_action_id", "string", "Acción clave", required=True),
                field("commitment_id", "string", "Compromiso", required=True),
                field("order", "integer", "Orden"),
                field("title", "string", "Título"),
                field("start_date", "date", "Inicio"),
                field("end_date", "date", "Conclusión"),
                field("status", "string", "Estado", tuple(ACTIVITY_STATUS), required=True),
                field("status_changed_at", "datetime", "Último cambio de estado validado"),
                field("current", "boolean", "Vigente en la última versión de la hoja de ruta"),
            ],
            ["id"],
            activities_rows,
        ),
        Table(
            "updates",
            "Actualizaciones de avance validadas",
            [
                field("id", "string", "Identificador", required=True),
                field("commitment_id", "string", "Compromiso", required=True),
                field("activity_id", "string", "Actividad", required=True),
                field("revision", "integer", "Revisión"),
                field("new_status", "string", "Estado reportado", tuple(ACTIVITY_STATUS)),
                field("narrative", "string", "Relato del avance"),
                field("links", "string", "Enlaces de evidencia (separados por ;)"),
                field("published_at", "datetime", "Publicación (tras las dos validaciones)"),
                field("evidence_files", "integer", "Archivos de evidencia"),
            ],
            ["id"],
            updates_rows,
        ),
        Table(
            "irm_assessments",
            "Valoraciones del IRM",
            [
                field("id", "string", "Identificador", required=True),
                field("plan_code", "string", "Clave del plan", required=True),
                field("commitment_number", "integer", "Número del compromiso", required=True),
                field(
                    "report_type",
                    "string",
                    "Tipo de informe",
                    get_args(ReportType),
                    required=True,
                ),
                field("report_name", "string", "Informe"),
                field("assessed_on", "date", "Fecha de la valoración"),
                field("verifiable", "boolean", "¿Verificable?"),
                field("relevance", "string", "Valores de OGP (separados por ;)"),
                field("potential_impact", "string", "Impacto potencial", get_args(PotentialImpact)),
                field("completion", "string", "Cumplimiento", get_args(Completion)),
                field(
                    "did_it_open_government",
                    "string",
                    "¿Abrió el gobierno?",
                    get_args(DidItOpenGovernment),
                ),
                field("comment", "string", "Comentario"),
            ],
            ["id"],
            irm_rows,
        ),
        Table(
            "indicators",
            "Indicadores",
            [
                field("id", "string", "Identificador", required=True),
                field("plan_code", "string", "Clave del plan", required=True),
                field("commitment_number", "integer", "Número del compromiso", required=True),
                field("key", "string", "Clave del indicador"),
                field("name", "string", "Nombre"),
                field("label", "string", "Desagregación"),
                field("baseline", "number", "Línea base"),
                field("result", "number", "Resultado"),
                field("target", "number", "Meta"),
                field("meets_target", "boolean", "¿Alcanza la meta?"),
            ],
            ["id"],
            indicators_rows,
        ),
    ]
}


def datapackage(last_modified: datetime | None = None) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "cocrea-seguimiento",
        "title": "Seguimiento de los planes de acción de gobierno abierto de México",
        "description": "Compromisos, acciones clave, actividades, avances validados, "
        "valoraciones del IRM e indicadores de los planes de acción.",
        "licenses": [LICENSE],
        "resources": [resource(t, f"{t.name}.csv", last_modified) for t in TABLES.values()],
    }
