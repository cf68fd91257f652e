"""A citizen follows the work: the tablero of every plan, a commitment's whole roadmap with
its group, versions and origin, following it, the notifications page, /cumplimiento and
the phases of the consultation."""

import re
from datetime import date
from typing import Any

import httpx
import pytest

from frontend.tablero import current_plan_of
from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import csrf_of, jwt

TRACKING = "/api/v1/tracking"
ROADMAPS = "/api/v1/roadmaps"


def board(plan: str) -> dict[str, Any]:
    commitments = [
        {"id": "c1", "number": 1, "title": "Gasto abierto", "inactive": False,
         "self_assessment": "completed", "progress": {"completed": None, "verified": None},
         "irm": {"design": {"potential_impact": "moderate"},
                 "results": {"completion": "substantial", "did_it_open_government": "marginal"}}},
    ] if plan == "MX-4PA" else [
        {"id": "c51", "number": 1, "title": "Justicia abierta", "inactive": False,
         "self_assessment": "sin_evaluar", "progress": {"completed": 40.0, "verified": 0.0},
         "irm": {}},
    ]  # fmt: skip
    return {"plan_code": plan, "version": 3, "activity_status_counts": {},
            "progress": {"completed": None, "verified": None, "commitments_with_data": 0,
                         "commitments": 1}, "commitments": commitments}  # fmt: skip


PERSON = {"name": "Ana Gobierno", "organization": "SFP"}
ROADMAP = {
    "roadmap_id": "r51", "version": 2, "published_at": "2027-03-01T12:00:00+00:00",
    "responsible_public_servant": PERSON,
    "responsible_cso_person": {"name": "Luis Sociedad", "organization": "Fundar"},
    "final_result": "Sentencias públicas en formato abierto.",
    "expected_products": ["Portal de sentencias"], "indicators": ["Sentencias publicadas"],
    "means_of_verification": ["Informe trimestral"],
    "start_date": "2027-03-01", "end_date": "2028-08-31",
    "versions": [{"version": 1, "kind": "published", "justification": None},
                 {"version": 2, "kind": "amended", "justification": "Cambió la fecha final."}],
}  # fmt: skip
DETAIL = {
    "id": "c51", "plan_code": "MX-5PA", "number": 1, "title": "Justicia abierta",
    "summary": "Publicar sentencias.", "problem": "No se publican.",
    "lead_institutions": ["SCJN"], "cso_coresponsible": ["Fundar"], "inactive": False,
    "self_assessment": None, "progress": {"completed": 40.0, "verified": 0.0},
    "roadmap": ROADMAP,
    "working_group": [
        {"name": "Ana Gobierno", "sector": "government",
         "group_role": "responsible_public_servant", "organization": "SFP"},
        {"name": "Rosa Garante", "sector": "inai", "group_role": "member", "organization": "INAI"},
    ],
    "key_actions": [{"id": "k1", "title": "Portal", "weight": 100, "activities": [
        {"id": "a1", "title": "Diseño del portal", "status": "completo",
         "start_date": "2027-03-01", "end_date": "2027-06-30", "indicator": "Portal en línea",
         "means_of_verification": "Dirección del portal"}]}],
    "timeline": [{"activity_title": "Diseño del portal", "new_status": "completo",
                  "narrative": "El portal está en línea.", "published_at": "2027-07-02T10:00:00Z",
                  "links": ["https://example.org/portal"], "evidence": []}],
    "irm": {},
}  # fmt: skip
SOURCE = {
    "id": "c51",
    "source_theme_id": "th1",
    "source_topics": [{"topic_id": "t1", "title": "Sentencias que no se publican"}],
}
THEME = {"id": "th1", "title": "Justicia abierta", "description": "Publicidad de sentencias.",
         "topics": [{"id": "t2", "title": "Versiones públicas", "votes_count": 4}]}  # fmt: skip
V1 = {"version": 1, "message": "Publicada", "kind": "edit", "justification": None,
      "published_at": "2027-03-01T12:00:00Z", "superseded": True,
      "content": {"final_result": "Sentencias públicas.", "end_date": "2028-06-30",
                  "responsible_public_servant": PERSON, "key_actions": [
                      {"title": "Portal", "weight": 100, "activities": []}]}}  # fmt: skip
V2 = V1 | {"version": 2, "kind": "amendment", "justification": "Cambió la fecha final.",
           "superseded": False,
           "content": V1["content"] | {"final_result": "Sentencias públicas en formato abierto.",
                                       "end_date": "2028-08-31"}}  # fmt: skip
NOTICES = [
    {"id": "n1", "kind": "commitment_update_published", "read_at": None,
     "subject": "Nuevo avance validado: MX-5PA, compromiso 1", "body": "El compromiso avanzó.",
     "link": "/tablero/compromisos/c51", "created_at": "2027-07-02T10:00:00Z"},
    {"id": "n2", "kind": "commitment_update_published", "read_at": None, "subject": "Antiguo",
     "body": "…", "link": "/commitments/c51", "created_at": "2027-06-01T10:00:00Z"},
    {"id": "n3", "kind": "x", "read_at": "2027-06-02T10:00:00Z", "subject": "Fuera",
     "body": "…", "link": "https://evil.example/", "created_at": "2027-06-01T09:00:00Z"},
]  # fmt: skip
ANSWERS = [
    {"id": "r1", "kind": "response_published", "read_at": None, "body": "Se integró.",
     "subject": "Tu comentario tiene respuesta", "link": "/plan-borrador/MX-5PA/i1",
     "created_at": "2027-05-01T10:00:00Z"},
]  # fmt: skip
COMPLIANCE = {
    "plan_code": "MX-5PA", "as_of": "2027-03-01",
    "period": {"starts_on": "2026-09-01", "ends_on": "2028-08-31"},
    "checks": [
        {"key": "forum_every_six_months", "title_es": "Foro", "status": "met",
         "evidence": {"meetings": 3, "longest_gap_days": 90, "last_meeting": "2027-02-10"},
         "computed_from": "Sesiones del foro", "computed_at": "2027-03-01T12:30:00+00:00"},
        {"key": "reasoned_response", "title_es": "Respuesta", "status": "at_risk",
         "evidence": {"contributions": 10, "answered": 9, "share": 0.9},
         "computed_from": "Conteo de la consulta", "computed_at": "2027-03-01T12:30:00+00:00"},
    ],
}  # fmt: skip


class CitizenGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str]] = []
        self.following = False
        self.extra: dict[str, Any] = {}

    def answer(self, request: httpx.Request) -> Any:
        path, method = request.url.path, request.method
        if method != "GET":
            self.writes.append((method, path))
            if path.endswith("/follow"):
                self.following = method == "POST"
            return None
        match = re.fullmatch(rf"{TRACKING}/plans/([A-Z0-9-]+)/dashboard", path)
        if match:
            return board(match.group(1))
        versions = f"{ROADMAPS}/commitments/c51/roadmap/versions"
        if path in self.extra:  # a test's own answer, even an empty one
            return self.extra[path]
        return {
            f"{TRACKING}/commitments/c51": DETAIL,
            f"{TRACKING}/commitments/c51/follow": {"following": self.following},
            f"{ROADMAPS}/commitments/c51": SOURCE | DETAIL,
            "/api/v1/consultation/themes/th1": THEME,
            versions: {"items": [V2, V1], "next_cursor": None},
            f"{versions}/1": V1,
            f"{versions}/2": V2,
            f"{TRACKING}/me/notifications": NOTICES,
            "/api/v1/consultation/me/notifications": {"items": ANSWERS, "next_cursor": None},
            f"{TRACKING}/plans/MX-5PA/compliance": COMPLIANCE,
            "/api/v1/consultation/topics": {"items": [], "next_cursor": None},
        }.get(path)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        found = self.answer(request)
        if request.method != "GET":
            self.requests.append(request)
            return httpx.Response(204 if request.method == "DELETE" else 200, json=found or {})
        if found is not None:
            self.requests.append(request)
            return httpx.Response(200, json=found)
        return super().__call__(request)


@pytest.fixture
def gateway(monkeypatch) -> CitizenGateway:
    # The 5th plan's process (2026-11-14 to 2029-02-11) is under way on this day.
    monkeypatch.setattr("frontend.tablero.local_today", lambda zone: date(2027, 3, 1))
    return CitizenGateway()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_tablero_shows_every_plan_the_current_one_by_default(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        default = await client.get("/tablero")
        fourth = await client.get("/tablero?plan=MX-4PA")
        unknown = await client.get("/tablero?plan=MX-9ZZ")
    assert "(MX-5PA)" in default.text and '<option value="MX-5PA" selected>' in default.text
    assert "Justicia abierta" in default.text and "Gasto abierto" not in default.text
    assert '<option value="MX-4PA" selected>' in fourth.text and "Gasto abierto" in fourth.text
    dashboards = [r.url.path for r in gateway.requests if r.url.path.endswith("/dashboard")]
    assert dashboards == [
        f"{TRACKING}/plans/MX-5PA/dashboard",
        f"{TRACKING}/plans/MX-4PA/dashboard",
    ]
    assert unknown.status_code == 404
    assert "Plan: no hay un plan con la clave «MX-9ZZ»" in unknown.text


def test_the_current_plan_is_the_one_under_way_else_the_configured_one():
    processes = [
        {"plan_code": "MX-4PA", "starts_on": "2019-05-24", "ends_on": "2022-08-31"},
        {"plan_code": "MX-5PA", "starts_on": "2026-11-14", "ends_on": "2029-02-11"},
    ]
    assert current_plan_of(processes, date(2027, 3, 1), "MX-4PA") == "MX-5PA"
    assert current_plan_of(processes, date(2024, 1, 1), "MX-4PA") == "MX-4PA"
    assert current_plan_of([], date(2027, 3, 1), "MX-4PA") == "MX-4PA"


async def test_a_fourth_plan_commitment_says_what_is_known_instead_of_no_data(
    start_frontend, gateway
):
    fourth = DETAIL | {"id": "c1", "plan_code": "MX-4PA", "roadmap": None, "key_actions": [],
                       "timeline": [], "progress": {"completed": None, "verified": None},
                       "self_assessment": {"status": "completed"},
                       "irm": {"all": [{"report_name": "Informe de resultados",
                                        "completion": "substantial"}]}}  # fmt: skip
    gateway.extra = {f"{TRACKING}/commitments/c1": fourth}
    async with start_frontend(gateway) as client:
        page = text_of((await client.get("/tablero?plan=MX-4PA")).text)
        detail = text_of((await client.get("/tablero/compromisos/c1")).text)
    assert "Sus actividades no se registraron en Cocrea" in detail
    assert "autoevaluación final del Comité ( Completado ) y la opinión del IRM" in detail
    assert "Sin datos de actividades." not in detail
    assert "sin datos" not in page
    assert "Autoevaluación final Completado" in page
    assert "Cumplimiento según el IRM Sustancial" in page
    assert "¿Abrió el gobierno? (IRM) Marginal" in page


async def test_the_commitment_page_shows_the_whole_roadmap_group_versions_and_origin(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        html = (await client.get("/tablero/compromisos/c51")).text
    page = text_of(html)
    for element in ("Servidor público responsable Ana Gobierno (SFP)",
                    "Persona de sociedad civil responsable Luis Sociedad (Fundar)",
                    "Resultado final Sentencias públicas en formato abierto.",
                    "Productos esperados Portal de sentencias", "Indicadores Sentencias",
                    "Medios de verificación Informe trimestral",
                    "1 de marzo de 2027 – 31 de agosto de 2028"):  # fmt: skip
        assert element in page, element
    assert "1 de marzo de 2027 – 30 de junio de 2027" in page  # the activity's dates
    assert '<a href="https://example.org/portal"' in html  # the validated update's link
    assert "Rosa Garante , INAI · Órgano garante · Integrante" in page
    assert '<a href="/tablero/compromisos/c51/versiones/1">' in html  # superseded, readable
    assert '<a href="/consulta/temas/t1">Sentencias que no se publican</a>' in html
    assert '<a href="/consulta/temas/t2">Versiones públicas</a>' in html
    assert "Justicia abierta" in page and "Publicidad de sentencias." in page
    assert "/entrar?siguiente=/tablero/compromisos/c51" in html  # anonymous: sign in to follow


async def test_a_signed_in_citizen_follows_and_unfollows(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        before = await client.get("/tablero/compromisos/c51")
        token = csrf_of(before.text)
        followed = await client.post("/tablero/compromisos/c51/seguir", data={"csrf_token": token})
        after = await client.get(followed.headers["location"])
        left = await client.post(
            "/tablero/compromisos/c51/dejar-de-seguir", data={"csrf_token": token}
        )
    assert "Seguir este compromiso</button>" in before.text
    assert followed.status_code == 303
    assert followed.headers["location"] == "/tablero/compromisos/c51?aviso=siguiendo#seguir"
    assert "Ahora sigues este compromiso" in after.text and "Dejar de seguir" in after.text
    assert gateway.writes == [("POST", f"{TRACKING}/commitments/c51/follow"),
                              ("DELETE", f"{TRACKING}/commitments/c51/follow")]  # fmt: skip
    posts = [r for r in gateway.requests if r.method != "GET"]
    assert all(r.headers["authorization"].startswith("Bearer ") for r in posts)
    assert left.headers["location"].endswith("?aviso=dejaste#seguir")


async def test_notifications_are_listed_opened_marked_read_and_lead_to_the_site(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/notificaciones")
        client.cookies.set("cocrea_access", jwt())
        listing = await client.get("/notificaciones")
        opened = await client.get("/notificaciones/n1")
        legacy = await client.get("/notificaciones/n2")
        outside = await client.get("/notificaciones/n3")
        token = csrf_of(listing.text)
        all_read = await client.post("/notificaciones/leidas", data={"csrf_token": token})
    assert anonymous.headers["location"] == "/entrar?siguiente=/notificaciones"
    assert "Nuevo avance validado: MX-5PA, compromiso 1" in listing.text
    assert "Tienes 2 avisos sin leer." in text_of(listing.text)
    assert "2 de julio de 2027" in listing.text
    # Answers to one's own contributions, from the consultation, link to their site page.
    answer = '<a href="/notificaciones/respuestas/r1">Tu comentario tiene respuesta</a>'
    assert answer in listing.text and "Tienes 1 respuesta sin leer." in text_of(listing.text)
    assert opened.headers["location"] == "/tablero/compromisos/c51"
    assert legacy.headers["location"] == "/tablero/compromisos/c51"  # an old API-style link
    assert outside.headers["location"] == "/notificaciones"  # never another origin
    marked = [path for method, path in gateway.writes if path.endswith("/read")]
    assert marked[:2] == [f"{TRACKING}/me/notifications/n1/read",
                          f"{TRACKING}/me/notifications/n2/read"]  # fmt: skip
    assert f"{TRACKING}/me/notifications/n3/read" not in marked  # already read
    assert "/api/v1/consultation/me/notifications/r1/read" in marked  # marked with the rest
    assert all_read.headers["location"] == "/notificaciones?aviso=leidos"


async def test_an_answer_notice_is_opened_marked_read_and_leads_to_the_contribution(
    start_frontend, gateway
):
    answers = "/api/v1/consultation/me/notifications"
    read_one = {**ANSWERS[0], "id": "r2", "read_at": "2027-05-02T10:00:00Z", "link": "//evil"}
    gateway.extra[answers] = {"items": [*ANSWERS, read_one], "next_cursor": None}
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/notificaciones/respuestas/r1")
        client.cookies.set("cocrea_access", jwt())
        opened = await client.get("/notificaciones/respuestas/r1")
        already = await client.get("/notificaciones/respuestas/r2")
        unknown = await client.get("/notificaciones/respuestas/zz")
        listing = await client.get("/notificaciones")
    assert anonymous.headers["location"] == "/entrar?siguiente=/notificaciones/respuestas/r1"
    assert opened.headers["location"] == "/plan-borrador/MX-5PA/i1"
    assert already.headers["location"] == "/notificaciones"  # never another origin
    assert unknown.headers["location"] == "/notificaciones"
    marked = [path for method, path in gateway.writes if path.endswith("/read")]
    assert marked == [f"{answers}/r1/read"]  # the consultation keeps it; r2 was read
    html = text_of(listing.text)
    assert "Tienes 1 respuesta sin leer." in html and "Leído" in html


async def test_versions_are_listed_compared_with_marks_and_each_readable(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        listing = await client.get("/tablero/compromisos/c51/versiones")
        reverse = await client.get("/tablero/compromisos/c51/versiones?de=2&a=1")
        wrong = await client.get("/tablero/compromisos/c51/versiones?de=7&a=x")
        old = await client.get("/tablero/compromisos/c51/versiones/1")
        missing = await client.get("/tablero/compromisos/c51/versiones/9")
    html = listing.text
    assert "Cambios de la versión 1 a la versión 2" in html
    added, removed = '<ins><span class="visually-hidden">[añadido: </span>', "[eliminado: </span>"
    assert f"{added}públicas en formato abierto." in html
    assert f'<del><span class="visually-hidden">{removed}junio' in html
    assert f"{added}agosto" in html
    assert "Cambió la fecha final." in html
    assert "Sin cambios" in html and "Servidor público responsable" in html
    assert "Cambios de la versión 2 a la versión 1" in reverse.text
    assert wrong.status_code == 422
    assert "Versión anterior: no hay una versión 7 publicada." in wrong.text
    assert "Versión posterior: escribe el número de una versión." in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    assert "Versión reemplazada." in old.text and "Sentencias públicas." in old.text
    assert missing.status_code == 404
    assert "Versión: no hay una versión 9 publicada" in missing.text


async def test_compliance_shows_each_minimum_with_its_evidence_and_when_computed(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        response = await client.get("/cumplimiento")
        english = await client.get("/cumplimiento?lang=en")
    page = text_of(response.text)
    assert response.status_code == 200
    assert "El foro multiactor sesiona al menos cada seis meses" in page
    assert "Se cumple" in page and "En riesgo" in page
    assert "Sesiones registradas: 3." in page and "Última sesión: 10 de febrero de 2027." in page
    assert "9 de 10 aportaciones con respuesta publicada (90.0 %)." in page
    assert 'datetime="2027-03-01T12:30:00+00:00"' in response.text
    assert "1 de marzo de 2027, 12:30 UTC" in page
    assert "Compliance with the OGP minimum requirements" in english.text


async def test_the_consultation_page_explains_each_phase(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        page = text_of((await client.get("/consulta")).text)
    assert "Las fases del proceso" in page
    assert "Objetivo Recoger los problemas públicos" in page
    assert "Producto Una base de datos de problemas y propuestas" in page
    assert "Participan La ciudadanía en general" in page


async def test_the_menu_offers_notifications_to_signed_in_people_only(start_frontend, gateway):
    commitment = "/tablero/compromisos/c51"
    pages = ["/tablero", commitment, f"{commitment}/versiones", f"{commitment}/versiones/1",
             "/cumplimiento", "/notificaciones"]  # fmt: skip
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/tablero")
        client.cookies.set("cocrea_access", jwt())
        signed_in = [await client.get(path) for path in pages]
    assert 'href="/notificaciones"' not in anonymous.text
    for path, response in zip(pages, signed_in, strict=True):
        assert 'href="/notificaciones"' in response.text, path


async def test_the_plan_list_is_read_once_for_a_burst_of_views(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        for _ in range(3):
            assert (await client.get("/tablero")).status_code == 200
        assert (await client.get("/cumplimiento")).status_code == 200
    listed = [r for r in gateway.requests if r.url.path == "/api/v1/consultation/processes"]
    assert len(listed) == 1


async def test_an_unknown_commitment_is_a_404_page_not_an_outage(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        missing = await client.get("/tablero/compromisos/no-existe")
        versions = await client.get("/tablero/compromisos/no-existe/versiones")
    assert missing.status_code == 404
    assert "No encontramos esta página" in missing.text
    assert versions.status_code == 404


async def test_answers_alone_can_be_marked_read_all_at_once(start_frontend, gateway):
    """A person who follows nothing but has an unread answer gets «Marcar todos» too."""
    gateway.extra[f"{TRACKING}/me/notifications"] = []
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        listing = await client.get("/notificaciones")
        done = await client.post(
            "/notificaciones/leidas", data={"csrf_token": csrf_of(listing.text)}
        )
    assert 'action="/notificaciones/leidas"' in listing.text
    assert "No tienes avisos." in listing.text
    marked = [path for method, path in gateway.writes if path.endswith("/read")]
    assert marked == ["/api/v1/consultation/me/notifications/r1/read"]
    assert done.headers["location"] == "/notificaciones?aviso=leidos"
