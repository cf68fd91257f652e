"""A rescheduled activity on the commitment page: original dates, current dates and the
responsible party's reason; overdue marks and the last validated update on the tablero; the
Committee's page of stale commitments."""

import copy
import re
from datetime import date
from typing import Any

import httpx
import pytest

from tests.frontend.test_citizen_follow import DETAIL, TRACKING, CitizenGateway, board, text_of
from tests.frontend.test_progress_and_committee import signed_in
from tests.frontend.test_site import jwt
from tests.frontend.test_working_group import ROADMAP, ROADMAP_PATH, GroupGateway, post_as

REASON = "La licitación del portal se declaró desierta."


def plain(html: str) -> str:
    """The page's words as read (tags dropped without adding spaces)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def rescheduled_detail() -> dict[str, Any]:
    detail = copy.deepcopy(DETAIL)
    activities = detail["key_actions"][0]["activities"]
    activities[0] |= {
        "status": "en_proceso",
        "start_date": "2027-03-01",
        "end_date": "2027-10-31",
        "original_start_date": "2027-03-01",
        "original_end_date": "2027-06-30",
        "rescheduled": True,
        "overdue": False,
        "reschedules": [
            {"roadmap_version": 2, "changed_at": "2027-06-15T12:00:00Z",
             "previous_start_date": "2027-03-01", "previous_end_date": "2027-06-30",
             "start_date": "2027-03-01", "end_date": "2027-10-31", "reason": REASON},
        ],
    }  # fmt: skip
    activities.append(
        {"id": "a2", "title": "Carga de sentencias", "status": "por_iniciar",
         "start_date": "2027-01-01", "end_date": "2027-02-28", "original_start_date": "2027-01-01",
         "original_end_date": "2027-02-28", "rescheduled": False, "overdue": True,
         "reschedules": [], "indicator": "", "means_of_verification": ""}
    )  # fmt: skip
    return detail


STALE = {
    "plan_code": "MX-5PA", "as_of": "2027-03-01", "stale_after_days": 180, "stale": 1,
    "commitments": [
        {"id": "c51", "number": 1, "title": "Justicia abierta", "inactive": False, "stale": True,
         "overdue_activities": [{"id": "a2", "title": "Carga de sentencias",
                                 "end_date": "2027-02-28", "status": "por_iniciar"}],
         "last_validated_update_at": "2027-01-10T10:00:00+00:00",
         "days_since_validated_update": 50},
        {"id": "c52", "number": 2, "title": "Gasto abierto", "inactive": False, "stale": False,
         "overdue_activities": [], "last_validated_update_at": "2027-02-20T10:00:00+00:00",
         "days_since_validated_update": 9},
    ],
}  # fmt: skip


class RescheduleGateway(CitizenGateway):
    def answer(self, request: httpx.Request) -> Any:
        path = request.url.path
        if path == f"{TRACKING}/plans/MX-5PA/dashboard":
            plan = board("MX-5PA")
            plan["commitments"][0] |= {
                "activities": 2, "overdue_activities": 1, "rescheduled_activities": 1,
                "last_validated_update_at": "2027-01-10T10:00:00+00:00",
            }  # fmt: skip
            return plan
        if path == f"{TRACKING}/commitments/c51":
            return rescheduled_detail()
        if path == f"{TRACKING}/plans/MX-5PA/stale-commitments":
            return STALE
        return super().answer(request)


@pytest.fixture
def gateway(monkeypatch) -> RescheduleGateway:
    monkeypatch.setattr("frontend.tablero.local_today", lambda zone: date(2027, 3, 1))
    return RescheduleGateway()


async def test_a_rescheduled_activity_shows_its_original_dates_and_the_reason(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        page = await client.get("/tablero/compromisos/c51")
    text = plain(page.text)
    assert page.status_code == 200, page.text
    assert (
        "Reprogramada: originalmente 1 de marzo de 2027 – 30 de junio de 2027; "
        f"ahora 1 de marzo de 2027 – 31 de octubre de 2027; motivo: {REASON}"
    ) in text
    row = text.split("Carga de sentencias")[1]
    assert "Por iniciar Vencida" in row and "Reprogramada" not in row


async def test_the_tablero_marks_overdue_and_rescheduled_and_the_last_validated_update(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        page = await client.get("/tablero?plan=MX-5PA")
    text = text_of(page.text)
    assert "Última actualización validada: 10 de enero de 2027" in text
    assert "1 actividad vencida" in text and "1 actividad reprogramada" in text


async def test_the_committee_sees_the_stale_commitments_and_their_overdue_activities(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/comite/rezagos")
        await signed_in(client, "government")
        government = await client.get("/comite/rezagos")
        await signed_in(client, "committee")
        page = await client.get("/comite/rezagos?plan=MX-5PA")
    assert anonymous.status_code == 303 and "/entrar" in anonymous.headers["location"]
    assert government.status_code == 403
    assert page.status_code == 200, page.text
    text = text_of(page.text)
    assert "1 compromiso rezagado de 2" in text
    assert '<a href="/tablero/compromisos/c51">1. Justicia abierta</a>' in page.text
    assert '<a href="/comite/compromisos/c51">' in page.text
    assert "Carga de sentencias 28 de febrero de 2027 Por iniciar" in text
    assert "Gasto abierto" not in text
    assert 'href="/comite/rezagos" aria-current="page"' in page.text


async def test_amending_a_published_roadmap_asks_each_activity_for_its_reason(start_frontend):
    group = GroupGateway()
    group.roadmap = ROADMAP | {"status": "published"}
    form = {
        "version": "3", "etag": '"rm-3"', "message": "Enmienda", "final_result": "Resultado",
        "expected_products": "Informe", "indicators": "", "means_of_verification": "",
        "start_date": "2026-01-01", "end_date": "2026-12-31",
        "responsible_public_servant_id": "g1", "responsible_cso_person_id": "o1",
        "justification": "La encuesta se movió por el cambio de titular.",
        "ka0_id": "a" * 32, "ka0_title": "Diagnóstico", "ka0_weight": "100",
        "ka0_a0_id": "b" * 32, "ka0_a0_title": "Encuesta", "ka0_a0_start_date": "2026-05-01",
        "ka0_a0_reschedule_reason": REASON,
    }  # fmt: skip
    async with start_frontend(group) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        editor = (await client.get("/grupos/c1/hoja-de-ruta")).text
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
    assert 'id="ka0_a0_reschedule_reason"' in editor  # a saved activity of a public roadmap
    assert 'id="ka0_a1_reschedule_reason"' not in editor  # a new row has no dates to move
    assert response.status_code == 303, response.text
    method, path, body, _ = group.writes[0]
    assert (method, path) == ("PUT", ROADMAP_PATH)
    assert body["key_actions"][0]["activities"][0]["reschedule_reason"] == REASON
