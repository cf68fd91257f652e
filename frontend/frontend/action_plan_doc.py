"""The action plan document, as blocks, from the platform's data (see ``document_blocks``)."""

from typing import Any

from frontend.document_blocks import NO_DATA, DocumentBlocks, Fields, Heading, Para, Table
from frontend.i18n import _, format_day
from frontend.views import parse_day
from reference.areas import AREAS
from reference.statuses import ACTIVITY_STATUS

OGP_VALUES = {
    "access_to_information": "Acceso a la información",
    "civic_participation": "Participación cívica",
    "public_accountability": "Rendición de cuentas",
    "technology_and_innovation": "Tecnología e innovación",
}
SECTORS = {
    "government": "Gobierno",
    "cso": "Sociedad civil",
    "inai": "Órgano garante (INAI)",
    "academia": "Academia",
    "other": "Otros",
}


def day(value: Any) -> str:
    parsed = parse_day(value)
    return format_day(parsed) if parsed else NO_DATA


def joined(values: list[str] | None) -> str:
    return "; ".join(v for v in values or [] if v) or NO_DATA


def person(value: dict | None) -> str:
    if not value or not value.get("name"):
        return NO_DATA
    return (
        f"{value['name']} ({value['organization']})" if value.get("organization") else value["name"]
    )


def built_from_text(built: dict, narrative_label: str) -> str:
    story = built.get("narrative_version") or 0
    texts = _("versión %(n)s de los textos del Comité") % {"n": story} if story else narrative_label
    stamp = parse_day(built.get("built_at"))
    return _(
        "Documento generado por la plataforma el %(day)s con la versión %(data)s de los datos "
        "públicos del plan y %(texts)s."
    ) % {
        "day": format_day(stamp) if stamp else NO_DATA,
        "data": built.get("data_version", 0),
        "texts": texts,
    }


def _process(doc: DocumentBlocks, process: dict | None, inputs: dict) -> None:
    doc.add(Heading(_("El proceso de cocreación"), anchor="proceso"))
    phases = (process or {}).get("phases") or []
    if phases:
        rows = [
            [
                str(p.get("order", "")),
                str(p.get("name_es") or p.get("key")),
                day(p.get("starts_on")),
                day(p.get("ends_on")),
            ]
            for p in sorted(phases, key=lambda p: p.get("order") or 0)
        ]
        doc.add(
            Table(
                _("Fases del proceso y sus fechas"), ["#", _("Fase"), _("Inicio"), _("Fin")], rows
            )
        )
    else:
        doc.add(
            Para(
                _("Sin datos: la consulta no tiene registrado un proceso para este plan."),
                note=True,
            )
        )
    doc.add(
        Fields(
            [
                (_("Calendario publicado el"), day(inputs.get("timeline_published_on"))),
                (_("Inicio de la cocreación"), day(inputs.get("cocreation_starts_on"))),
                (
                    _("Periodo de implementación"),
                    f"{day(inputs.get('period_starts_on'))} – {day(inputs.get('period_ends_on'))}",
                ),
            ]
        )
    )


def _forum(doc: DocumentBlocks, plan: dict) -> None:
    story, inputs = plan["narrative"], plan.get("process") or {}
    doc.add(Heading(_("El foro multiactor y sus reglas"), anchor="foro"))
    doc.text_or_none(story.get("forum"), _("Sin texto del Comité sobre el foro."))
    rules = inputs.get("forum_rules_url")
    doc.add(
        Para(
            _("Reglas de operación publicadas en: %(url)s") % {"url": rules}
            if rules
            else _("Sin datos: no hay enlace a las reglas del foro."),
            note=not rules,
        )
    )
    sessions = plan.get("forum_sessions") or []
    if sessions:
        rows = [
            [
                day(s["held_on"]),
                _("Foro") if s["kind"] == "forum" else _("Comité Coordinador"),
                s.get("minutes_url") or NO_DATA,
            ]
            for s in sessions
        ]
        doc.add(
            Table(_("Sesiones del foro y del Comité"), [_("Fecha"), _("Órgano"), _("Minuta")], rows)
        )
    else:
        doc.add(Para(_("Sin datos: no hay sesiones del foro registradas."), note=True))


def participation_rows(people: dict) -> list[list[str]]:
    rows = [
        [_("Reuniones registradas"), str(people.get("meetings", 0))],
        [
            _("Reuniones con sociedad civil presente"),
            str(people.get("meetings_with_civil_society", 0)),
        ],
        [
            _("Personas en los grupos de trabajo (cuentas)"),
            str(people.get("working_group_people", 0)),
        ],
    ]
    for sector, n in sorted((people.get("working_group_people_by_sector") or {}).items()):
        rows.append([_("  de ellas, sector %(s)s") % {"s": _(SECTORS.get(sector, sector))}, str(n)])
    att = people.get("attendance") or {}
    rows.append(
        [_("Asistencias a reuniones (suma de todas las reuniones)"), str(att.get("total", 0))]
    )
    rows.append(
        [
            _("  mujeres / hombres / otra identidad"),
            f"{att.get('women', 0)} / {att.get('men', 0)} / {att.get('other', 0)}",
        ]
    )
    return rows


def no_records_note(doc: DocumentBlocks, people: dict) -> None:
    if not people.get("meetings") and not people.get("working_group_people"):
        doc.add(
            Para(
                _(
                    "Sin datos: la plataforma no tiene reuniones ni integrantes de grupos "
                    "de trabajo registrados para este plan."
                ),
                note=True,
            )
        )


def participation_table(doc: DocumentBlocks, people: dict) -> None:
    no_records_note(doc, people)
    doc.add(
        Table(
            _("Participación contada de los registros de la plataforma"),
            [_("Cifra"), _("Valor")],
            participation_rows(people),
        )
    )


def reported_table(figures: dict, labels: dict[str, str]) -> Table | Para:
    if not figures:
        return Para(_("El Comité no ha reportado cifras fuera de la plataforma."), note=True)
    rows = [
        [_(labels.get(k, k)), str(f["value"]), f["source"], f.get("note") or ""]
        for k, f in figures.items()
    ]
    return Table(
        _(
            "Cifras que reporta el Comité de sus propios registros "
            "(no calculadas por la plataforma)"
        ),
        [_("Cifra"), _("Valor"), _("Fuente"), _("Nota")],
        rows,
    )


def _participation(doc: DocumentBlocks, plan: dict, labels: dict[str, str]) -> None:
    doc.add(Heading(_("Participación"), anchor="participacion"))
    inputs = plan.get("process") or {}
    if inputs.get("contributions") is not None:
        doc.add(
            Para(
                _(
                    "Aportaciones recibidas en la consulta: %(n)s; "
                    "con respuesta razonada publicada: %(a)s."
                )
                % {"n": inputs["contributions"], "a": inputs.get("contributions_answered", 0)}
            )
        )
    else:
        doc.add(Para(_("Sin datos de aportaciones de la consulta para este plan."), note=True))
    people = plan.get("participation") or {}
    participation_table(doc, people)
    doc.add(reported_table(plan["narrative"].get("reported_figures") or {}, labels))


def _roadmap(doc: DocumentBlocks, c: dict) -> None:
    roadmap = c.get("roadmap")
    doc.add(Heading(_("Hoja de ruta"), level=4))
    if not roadmap:
        doc.add(
            Para(
                _(
                    "Sin datos: la hoja de ruta de este compromiso no se ha publicado "
                    "en la plataforma."
                ),
                note=True,
            )
        )
        return
    doc.add(
        Fields(
            [
                (_("Versión vigente"), str(roadmap.get("version", NO_DATA))),
                (
                    _("Persona servidora pública responsable"),
                    person(roadmap.get("responsible_public_servant")),
                ),
                (
                    _("Persona responsable de sociedad civil"),
                    person(roadmap.get("responsible_cso_person")),
                ),
                (_("Resultado final"), roadmap.get("final_result") or NO_DATA),
                (_("Productos esperados"), joined(roadmap.get("expected_products"))),
                (_("Indicadores"), joined(roadmap.get("indicators"))),
                (_("Medios de verificación"), joined(roadmap.get("means_of_verification"))),
                (
                    _("Inicio y fin"),
                    f"{day(roadmap.get('start_date'))} – {day(roadmap.get('end_date'))}",
                ),
            ]
        )
    )
    for ka in c.get("key_actions") or []:
        rows = [
            [
                a["title"],
                day(a.get("start_date")),
                day(a.get("end_date")),
                a.get("indicator") or NO_DATA,
                a.get("means_of_verification") or NO_DATA,
                activity_status(a),
            ]
            for a in ka.get("activities") or []
        ]
        caption = _("Acción clave: %(t)s (peso %(w)s %%)") % {
            "t": ka["title"],
            "w": ka.get("weight", 0),
        }
        if ka.get("responsible_institution"):
            caption += " · " + _("a cargo de %(i)s") % {"i": ka["responsible_institution"]}
        headers = [
            _("Actividad"),
            _("Inicio"),
            _("Fin"),
            _("Indicador"),
            _("Medio de verificación"),
            _("Estado"),
        ]
        doc.add(
            Table(caption, headers, rows)
            if rows
            else Para(caption + ": " + _("sin actividades."), note=True)
        )


def activity_status(activity: dict) -> str:
    """The status, and "vencida" when its end date passed without it being complete."""
    status = _(ACTIVITY_STATUS.get(activity.get("status"), activity.get("status") or ""))
    return _("%(s)s (vencida)") % {"s": status} if activity.get("overdue") else status


def commitment_fields(c: dict, ogp: dict) -> list[tuple[str, str]]:
    values = ogp.get("ogp_values") or {}
    return [
        (_("Institución responsable"), joined(c.get("lead_institutions"))),
        (_("Instituciones de apoyo"), joined(c.get("supporting_institutions"))),
        (_("Organizaciones corresponsables"), joined(c.get("cso_coresponsible"))),
        (_("Organizaciones acompañantes"), joined(c.get("cso_accompanying"))),
        (_("Problema público"), c.get("problem") or NO_DATA),
        (_("¿Cuál es el compromiso?"), c.get("summary") or NO_DATA),
        (_("¿Cómo contribuye a resolver el problema?"), ogp.get("how_it_solves") or NO_DATA),
        (
            _("Relevancia frente a los valores de OGP"),
            "; ".join(f"{_(OGP_VALUES.get(k, k))}: {v}" for k, v in values.items()) or NO_DATA,
        ),
        (
            _("Áreas del Open Gov Challenge"),
            joined([_(AREAS.get(a, a)) for a in c.get("areas") or []]),
        ),
        (_("Metas de los ODS"), joined(ogp.get("sdg_targets"))),
        (_("Continúa el compromiso"), ogp.get("continues") or _("ninguno de un plan anterior")),
        (_("Eje del Plan Nacional de Desarrollo"), ogp.get("pnd_axis") or NO_DATA),
        (_("Objetivo a corto plazo"), ogp.get("short_term_objective") or NO_DATA),
        (_("Objetivo a mediano plazo"), ogp.get("medium_term_objective") or NO_DATA),
        (_("Ambición"), ogp.get("ambition") or NO_DATA),
        (_("Análisis de riesgos"), ogp.get("risk_analysis") or NO_DATA),
        (_("Perspectiva de igualdad de género"), ogp.get("gender_perspective") or NO_DATA),
    ]


def build(plan: dict, process: dict | None, ogp: dict[int, dict]) -> DocumentBlocks:
    labels = plan.get("reported_figure_labels") or {}
    code = plan["plan_code"]
    title = (process or {}).get("title") or _("Plan de acción %(code)s") % {"code": code}
    story = plan["narrative"]
    doc = DocumentBlocks(title, built_from_text(plan["built_from"], _("sin textos del Comité")))
    doc.add(Heading(_("Introducción"), anchor="introduccion"))
    doc.text_or_none(story.get("introduction"), _("Sin texto del Comité para la introducción."))
    doc.add(Heading(_("Contexto"), anchor="contexto"))
    doc.text_or_none(story.get("context"), _("Sin texto del Comité para el contexto."))
    _process(doc, process, plan.get("process") or {})
    _forum(doc, plan)
    _participation(doc, plan, labels)
    doc.add(Heading(_("Compromisos"), anchor="compromisos"))
    commitments = plan.get("commitments") or []
    if not commitments:
        doc.add(Para(_("Sin datos: este plan no tiene compromisos publicados."), note=True))
    for c in commitments:
        doc.add(
            Heading(
                _("Compromiso %(n)s: %(t)s") % {"n": c["number"], "t": c["title"]},
                level=3,
                anchor=f"compromiso-{c['number']}",
            )
        )
        doc.add(Fields(commitment_fields(c, ogp.get(c["number"]) or {})))
        _roadmap(doc, c)
    return doc
