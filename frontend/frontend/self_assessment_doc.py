"""The end-of-term self-assessment report, as blocks, from the platform's data."""

from typing import Any

from frontend.action_plan_doc import (
    built_from_text,
    day,
    participation_table,
    reported_table,
)
from frontend.document_blocks import NO_DATA, DocumentBlocks, Fields, Heading, Para, Table
from frontend.i18n import _
from frontend.vocabulary import NOT_ASSESSED, SELF_ASSESSMENT_SHOWN
from reference.ogp import IRM_VALUES
from reference.statuses import ACTIVITY_STATUS

REASONS_HEADING = {
    "completed": "¿Por qué se cumplió satisfactoriamente?",
    "substantial": "¿Por qué tuvo avances sustanciales?",
    "limited": "¿Por qué hubo avances limitados?",
    "not_started": "¿Por qué no se inició?",
    "inactive": "¿Por qué quedó inactivo?",
}


def percent(value: Any) -> str:
    return f"{float(value):.1f} %" if isinstance(value, int | float) else NO_DATA


def _counts(label: str, counts: dict[str, int], names: dict[str, str]) -> list[list[str]]:
    shown = [
        [f"  {_(names.get(k, k))}", str(n)] for k, n in counts.items() if n and k != "sin_dato"
    ]
    missing = counts.get("sin_dato", 0)
    if missing:
        shown.append([f"  {_('sin dato')}", str(missing)])
    return [[label, ""], *shown]


def total_rows(totals: dict) -> list[list[str]]:
    acts, progress = totals["activities"], totals["progress"]
    no_acts = not acts["total"]
    rows = [[_("Compromisos"), str(totals["commitments"])]]
    rows += _counts(
        _("Por autoevaluación del Comité"), totals["self_assessment"], SELF_ASSESSMENT_SHOWN
    )
    rows += _counts(_("Por cumplimiento según el IRM"), totals["irm_completion"], IRM_VALUES)
    rows += _counts(
        _("¿Abrió el gobierno? (IRM)"), totals["irm_did_it_open_government"], IRM_VALUES
    )
    rows += [
        [_("Actividades de las hojas de ruta"), NO_DATA if no_acts else str(acts["total"])],
        [
            _("  completadas (completo o verificado)"),
            NO_DATA if no_acts else str(acts["completed"]),
        ],
        [_("  verificadas"), NO_DATA if no_acts else str(acts["verified"])],
        [_("  vencidas sin completar"), NO_DATA if no_acts else str(acts["overdue"])],
        [_("Avance completado del plan"), percent(progress.get("completed"))],
        [_("Avance verificado del plan"), percent(progress.get("verified"))],
    ]
    return rows


def _commitment(doc: DocumentBlocks, c: dict, story: dict) -> None:
    sa = c.get("self_assessment") or {}
    status = sa.get("status") or NOT_ASSESSED
    doc.add(
        Heading(
            _("Compromiso %(n)s: %(t)s") % {"n": c["number"], "t": c["title"]},
            level=3,
            anchor=f"compromiso-{c['number']}",
        )
    )
    results = (c.get("irm") or {}).get("latest", {}).get("results") or {}
    counts = {}
    for ka in c.get("key_actions") or []:
        for a in ka.get("activities") or []:
            counts[a["status"]] = counts.get(a["status"], 0) + 1
    acts = ", ".join(f"{_(ACTIVITY_STATUS.get(k, k))}: {n}" for k, n in counts.items()) or NO_DATA
    rows = [
        (_("Autoevaluación"), _(SELF_ASSESSMENT_SHOWN.get(status, status))),
        (
            _("Avance completado / verificado"),
            f"{percent(c['progress'].get('completed'))} / {percent(c['progress'].get('verified'))}",
        ),
        (_("Actividades por estado"), acts),
        (_("Cumplimiento según el IRM"), _(IRM_VALUES.get(results.get("completion"), NO_DATA))),
        (
            _("¿Abrió el gobierno? (IRM)"),
            _(IRM_VALUES.get(results.get("did_it_open_government"), NO_DATA)),
        ),
        (_("Comentario del IRM"), results.get("comment") or NO_DATA),
    ]
    if status == "inactive":
        rows.append((_("Inactivo desde"), day(sa.get("inactive_since"))))
        rows.append((_("Motivo"), sa.get("inactive_reason") or NO_DATA))
    for ind in c.get("indicators") or []:
        rows.append(
            (
                f"{ind['name']} ({ind.get('label') or ''})",
                _("línea base %(b)s, resultado %(r)s")
                % {"b": ind.get("baseline", NO_DATA), "r": ind.get("result", NO_DATA)},
            )
        )
    doc.add(Fields(rows))
    text = story.get(str(c["number"])) or {}
    doc.add(Heading(_("Resultados"), level=4))
    doc.items_or_none(text.get("results"), _("Sin texto del Comité sobre los resultados."))
    doc.add(Heading(_(REASONS_HEADING.get(status, "¿Por qué se cumplió o no?")), level=4))
    doc.items_or_none(text.get("reasons"), _("Sin texto del Comité sobre por qué se cumplió o no."))
    doc.add(Heading(_("¿Qué sigue?"), level=4))
    doc.items_or_none(text.get("next_steps"), _("Sin texto del Comité sobre lo que sigue."))


def build(report: dict, title: str) -> DocumentBlocks:
    labels = report.get("reported_figure_labels") or {}
    story, totals = report["narrative"], report["totals"]
    doc = DocumentBlocks(
        _("Autoevaluación de fin de periodo: %(t)s") % {"t": title},
        built_from_text(report["built_from"], _("sin textos del Comité")),
    )
    for key, heading in (
        ("introduction", "Introducción"),
        ("methodology", "Metodología de implementación"),
        ("adjustments", "Ajustes durante la implementación"),
        ("context", "Contexto"),
    ):
        doc.add(Heading(_(heading), anchor=key))
        doc.text_or_none(story.get(key), _("Sin texto del Comité."))
    doc.add(Heading(_("El plan en cifras"), anchor="cifras"))
    doc.add(
        Table(
            _("Cifras calculadas de los registros de la plataforma"),
            [_("Cifra"), _("Valor")],
            total_rows(totals),
        )
    )
    people = totals["participation"]
    participation_table(doc, people)
    years = people.get("meetings_by_year") or {}
    if years:
        doc.add(
            Table(
                _("Reuniones por año"),
                [_("Año"), _("Reuniones")],
                [[y, str(n)] for y, n in years.items()],
            )
        )
    doc.add(reported_table(story.get("reported_figures") or {}, labels))
    doc.add(Heading(_("Compromisos"), anchor="compromisos"))
    if not report["commitments"]:
        doc.add(Para(_("Sin datos: este plan no tiene compromisos publicados."), note=True))
    for c in report["commitments"]:
        _commitment(doc, c, story.get("commitments") or {})
    doc.add(Heading(_("Conclusiones"), anchor="conclusiones"))
    doc.text_or_none(story.get("conclusions"), _("Sin texto del Comité para las conclusiones."))
    return doc
