"""Results of the consultation: participation statistics as SVG bar charts, each followed
by its table, and the CSV/JSON downloads of the same numbers."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from frontend.charts import BarChart, bar_chart
from frontend.consultation import current_process
from frontend.deps import GatewayDep, SettingsDep
from frontend.i18n import _
from frontend.render import page
from frontend.session import VisitorDep

router = APIRouter(prefix="/consulta")
CONSULTATION = "/api/v1/consultation"
# (section, table in the API answer, chart title), in the order the page shows them.
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "Participantes": [
        ("participants_by_channel", "Participantes por canal"),
        ("participants_by_state", "Participantes por entidad federativa"),
        ("participants_by_gender", "Participantes por género"),
        ("participants_by_age_band", "Participantes por grupo de edad"),
        ("participants_by_sector", "Participantes por sector"),
    ],
    "Temas": [
        ("topics_by_area", "Temas por área"),
        ("topics_by_state", "Temas por entidad federativa"),
        ("topics_by_channel", "Temas por canal"),
    ],
    "Votos": [
        ("votes_by_area", "Votos por área"),
        ("votes_by_state", "Votos por entidad federativa"),
        ("votes_by_channel", "Votos por canal"),
    ],
}
TOTALS = {"participants": "Participantes", "topics": "Temas", "votes": "Votos"}


def charts_of(stats: dict) -> list[tuple[str, list[BarChart]]]:
    tables = stats.get("tables") or {}
    sections = []
    for section, wanted in SECTIONS.items():
        charts = [
            bar_chart(name.replace("_", "-"), _(title), tables[name])
            for name, title in wanted
            if isinstance(tables.get(name), list) and tables[name]
        ]
        sections.append((_(section), charts))
    return sections


def totals_of(stats: dict) -> list[tuple[str, str]]:
    totals = stats.get("totals") or {}
    rows = []
    for key, label in TOTALS.items():
        cell = totals.get(key) or {}
        count = cell.get("count")
        rows.append((_(label), f"{count:,}" if isinstance(count, int) else _("menos de 5")))
    return rows


@router.get("/resultados", response_class=HTMLResponse)
async def results(
    request: Request,
    gateway: GatewayDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    proceso: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """Resultados de la consulta: participación por área, entidad, canal, género, edad y
    sector, con gráficas accesibles, tablas y descargas."""
    processes = await gateway.processes()
    chosen = next((p for p in processes if p.get("id") == proceso), None)
    chosen = chosen or await current_process(gateway)
    stats: dict = {}
    if chosen is not None:
        stats = await gateway.get_json(
            f"{CONSULTATION}/processes/{chosen['id']}/statistics", {"format": "json"}
        )
    downloads = f"{settings.browser_gateway_url}{CONSULTATION}/processes/{(chosen or {}).get('id')}"
    context = {
        "process": chosen,
        "processes": processes,
        "totals": totals_of(stats),
        "sections": charts_of(stats),
        "min_cell": stats.get("min_cell") or 5,
        "csv_url": f"{downloads}/statistics?format=csv",
        "json_url": f"{downloads}/statistics?format=json",
    }
    return page(request, "results.html", context)
