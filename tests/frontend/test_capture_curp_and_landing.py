"""Territorial capture (one questionnaire; a CSV refused whole with its rows named), the
CURP step before a CURP-required vote, the first page after sign-in for each role, and the
change of a temporary password, over a fake gateway."""

import httpx
import pytest

from tests.frontend.conftest import open_process_document
from tests.frontend.test_administration import AdminGateway, admin_post
from tests.frontend.test_site import TOPIC, csrf_of, jwt

IMPORT = "/api/v1/consultation/processes/p-5pa/territorial/import"
CAPTURE = "/api/v1/consultation/processes/p-5pa/territorial/topics"


class CaptureGateway(AdminGateway):
    def __init__(self) -> None:
        super().__init__()
        # As the service lists it: the phase open today (the 4th plan's process has none).
        self.processes[1]["current_phase"] = {"key": "consultation", "status": "open"}
        self.viewer: dict = {}  # what the topic says of a signed-in reader

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == IMPORT and (request.method, IMPORT) in self.answers:
            self.requests.append(request)
            self.writes.append(("POST", IMPORT, request.content))
            return self.answers[("POST", IMPORT)]
        if request.url.path == "/api/v1/consultation/topics/t1":
            return httpx.Response(200, json=TOPIC | self.viewer)
        return super().__call__(request)


@pytest.fixture
def gateway() -> CaptureGateway:
    return CaptureGateway()


async def test_one_questionnaire_is_captured_in_the_open_process(start_frontend, gateway):
    gateway.answers[("POST", CAPTURE)] = httpx.Response(201, json={"id": "t9"})
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government"))
        form_page = await client.get("/captura-territorial")
        form = {"process_id": "p-5pa", "title": " Agua en la sierra ", "problem": "No hay datos",
                "affected": "Comunidades", "solution": "Publicar", "area": "fiscal_openness",
                "state_code": "20", "sdg_tags": "6, 6.1"}  # fmt: skip
        saved = await admin_post(client, "/captura-territorial/cuestionario", form, "government")
    assert '<option value="p-5pa" selected>' not in form_page.text  # only the open one offered
    assert 'value="p-5pa"' in form_page.text and 'value="p-4pa"' not in form_page.text
    assert saved.headers["location"] == "/captura-territorial?aviso=cuestionario&tema=t9"
    body = {"title": "Agua en la sierra", "problem": "No hay datos", "affected": "Comunidades",
            "solution": "Publicar", "area": "fiscal_openness", "state_code": "20",
            "sdg_tags": ["6", "6.1"]}  # fmt: skip
    assert gateway.writes == [("POST", CAPTURE, body)]


async def test_a_refused_questionnaire_names_the_field(start_frontend, gateway):
    error = {"error": {"code": "unknown_area", "message": "El área no existe.",
                       "details": {"field": "area"}}}  # fmt: skip
    gateway.answers[("POST", CAPTURE)] = httpx.Response(422, json=error)
    async with start_frontend(gateway) as client:
        form = {"process_id": "p-5pa", "title": "Agua", "area": "otra"}
        refused = await admin_post(client, "/captura-territorial/cuestionario", form, "cso")
    assert refused.status_code == 422
    assert '<a href="#area">Área: El área no existe.</a>' in refused.text
    assert 'value="Agua"' in refused.text


async def test_a_csv_with_a_bad_row_imports_nothing_and_names_the_row(start_frontend, gateway):
    rejected = {"error": {"code": "import_rejected", "message":
                "El archivo tiene errores; no se guardó ninguna fila. Corrige y vuelve a enviarlo.",
                "details": {"errors": [{"row": 3, "field": "state_code",
                                        "message": "La entidad no existe."}]}}}  # fmt: skip
    gateway.answers[("POST", IMPORT)] = httpx.Response(422, json=rejected)
    csv = b"title,problem,affected,solution,area,state_code,sdg_tags\nA,B,C,D,justice,09,\n"
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="inai"))
        token = csrf_of((await client.get("/captura-territorial")).text)
        response = await client.post(
            "/captura-territorial/archivo",
            data={"csrf_token": token, "process_id": "p-5pa"},
            files={"file": ("cuestionarios.csv", csv, "text/csv")},
        )
    assert response.status_code == 422
    assert "No se importó ninguna fila" in response.text
    assert "Fila 3, campo «Entidad federativa» (<code>state_code</code>)" in response.text
    assert b'filename="cuestionarios.csv"' in gateway.writes[0][2] and csv in gateway.writes[0][2]


async def test_a_csv_without_a_file_or_a_citizen_is_refused_before_the_api(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        empty = await admin_post(client, "/captura-territorial/archivo", {"process_id": "p-5pa"},
                                 "committee")  # fmt: skip
        client.cookies.set("cocrea_access", jwt(role="citizen"))
        citizen = await client.get("/captura-territorial")
    assert "Archivo CSV: Elige el archivo" in empty.text and gateway.writes == []
    assert citizen.status_code == 403


async def test_a_curp_required_vote_leads_to_the_curp_step_and_back(start_frontend, gateway):
    required = {"error": {"code": "curp_required", "message": "Este proceso pide una CURP."}}
    votes = "/api/v1/consultation/topics/t1/votes"
    gateway.answers[("POST", votes)] = httpx.Response(403, json=required)
    async with start_frontend(gateway) as client:
        vote = await admin_post(client, "/consulta/temas/t1/votar", {}, "citizen")
        step = await client.get(vote.headers["location"])
        gateway.answers[("POST", "/api/v1/consultation/me/curp")] = httpx.Response(
            422, json={"error": {"code": "invalid_curp", "message": "x",
                                 "details": {"field": "curp", "reason": "check_digit"}}}
        )  # fmt: skip
        token = csrf_of(step.text)
        form = {"csrf_token": token, "tema": "t1"}
        bad = await client.post("/cuenta/curp", data=form | {"curp": "hegg560427mvzrrl05"})
        gateway.answers[("POST", "/api/v1/consultation/me/curp")] = httpx.Response(
            200, json={"curp_verified": True, "registered_at": "2027-03-01T10:00:00Z"}
        )
        good = await client.post("/cuenta/curp", data=form | {"curp": "HEGG 560427MVZRRL04"})
        back = await client.get(good.headers["location"])
    assert vote.headers["location"] == "/cuenta/curp?tema=t1"
    assert 'name="tema" value="t1"' in step.text and "Registrar tu CURP" in step.text
    assert bad.status_code == 422 and "CURP: El dígito verificador" in bad.text
    assert 'value="HEGG560427MVZRRL05"' in bad.text
    assert gateway.writes[-1][2] == {"curp": "HEGG560427MVZRRL04"}
    assert good.headers["location"] == "/consulta/temas/t1?aviso=curp#votos"
    assert "Tu CURP quedó registrada. Ya puedes votar" in back.text


def pair(**claims) -> dict:
    return {"access_token": jwt(**claims), "refresh_token": "r1", "expires_in": 600}


@pytest.mark.parametrize(
    ("role", "groups", "next_path", "landing"),
    [
        ("admin", [], "", "/administracion"),
        ("committee", [], "", "/comite"),
        ("cso", [{"commitment_id": "c1"}], "", "/grupos"),
        ("government", [], "", "/captura-territorial"),
        ("citizen", [], "/consulta/temas/t1", "/consulta/temas/t1"),
        ("citizen", [], "//evil.example", "/cuenta"),
        ("citizen", [], "/\\evil.example", "/cuenta"),
        ("inai", [], "/tablero", "/tablero"),
    ],
)
async def test_after_sign_in_each_person_lands_on_their_own_work(
    start_frontend, gateway, role, groups, next_path, landing
):
    gateway.answers[("POST", "/api/v1/auth/login")] = httpx.Response(200, json=pair(role=role))
    gateway.answers[("GET", "/api/v1/roadmaps/me/working-groups")] = httpx.Response(
        200, json={"items": groups}
    )
    async with start_frontend(gateway) as client:
        token = csrf_of((await client.get("/entrar")).text)
        form = {"csrf_token": token, "email": "a@b.mx", "password": "p", "next": next_path}
        response = await client.post("/entrar", data=form)
    assert response.status_code == 303 and response.headers["location"] == landing


async def test_a_temporary_password_leads_to_its_change_then_to_the_work(start_frontend, gateway):
    temporary = pair(role="government", pwd_change=True)
    gateway.answers[("POST", "/api/v1/auth/login")] = httpx.Response(200, json=temporary)
    gateway.answers[("GET", "/api/v1/auth/me")] = httpx.Response(200, json={"email": "a@b.mx"})
    blocked = {"error": {"code": "password_change_required", "message": "Cambia tu contraseña."}}
    gateway.answers[("GET", "/api/v1/roadmaps/me/working-groups")] = httpx.Response(
        403, json=blocked
    )
    async with start_frontend(gateway) as client:
        token = csrf_of((await client.get("/entrar")).text)
        form = {"csrf_token": token, "email": "a@b.mx", "password": "T3mp", "next": "/grupos"}
        signed_in = await client.post("/entrar", data=form)
        elsewhere = await client.get("/grupos")
        new = "Milpa-Cenote-77"
        change = {"csrf_token": token, "current_password": "T3mp", "new_password": new,
                  "new_password_again": "Milpa-Cenote-78"}  # fmt: skip
        mismatch = await client.post("/cuenta/contrasena", data=change)
        gateway.answers[("POST", "/api/v1/auth/login")] = httpx.Response(
            200, json=pair(role="government")
        )
        gateway.answers[("GET", "/api/v1/roadmaps/me/working-groups")] = httpx.Response(
            200, json={"items": [{"commitment_id": "c1"}]}
        )
        changed = await client.post(
            "/cuenta/contrasena", data=change | {"new_password_again": "Milpa-Cenote-77"}
        )
    assert signed_in.headers["location"] == "/cuenta/contrasena"
    assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/cuenta/contrasena"
    assert mismatch.status_code == 422
    assert "Confirma la contraseña nueva: No coincide" in mismatch.text
    writes = [(w[1], w[2]) for w in gateway.writes if w[0] == "POST"]
    assert ("/api/v1/auth/me/password",
            {"current_password": "T3mp", "new_password": "Milpa-Cenote-77"}) in writes  # fmt: skip
    assert writes[-1] == ("/api/v1/auth/login", {"email": "a@b.mx", "password": "Milpa-Cenote-77"})
    assert changed.headers["location"] == "/grupos"


async def test_a_new_committee_account_goes_from_two_step_setup_to_the_password_change(
    start_frontend, gateway
):
    """Committee and admin accounts set up TOTP at their first login; the session that
    opens still holds the temporary password, so the site leads to its change, and after
    it (a TOTP code is needed to sign in again) to the sign-in page with a notice."""
    confirmed = {"tokens": pair(role="committee", pwd_change=True)}
    gateway.answers[("POST", "/api/v1/auth/mfa/confirm")] = httpx.Response(200, json=confirmed)
    gateway.answers[("GET", "/api/v1/auth/me")] = httpx.Response(200, json={"email": "c@sfp.mx"})
    needs_code = {"error": {"code": "mfa_required", "message": "Escribe tu código."}}
    gateway.answers[("POST", "/api/v1/auth/login")] = httpx.Response(401, json=needs_code)
    async with start_frontend(gateway) as client:
        token = csrf_of((await client.get("/entrar")).text)
        client.cookies.set("cocrea_mfa_setup", "setup-1")
        form = {"csrf_token": token, "code": "123456", "secret": "S", "otpauth_uri": "u"}
        set_up = await client.post("/cuenta/verificacion-en-dos-pasos", data=form)
        new = "Milpa-Cenote-77"
        change = {"csrf_token": token, "current_password": "T3mp", "new_password": new,
                  "new_password_again": new}  # fmt: skip
        changed = await client.post("/cuenta/contrasena", data=change)
        signin = await client.get(changed.headers["location"])
    assert set_up.headers["location"] == "/cuenta/contrasena"
    assert changed.headers["location"] == "/entrar?aviso=contrasena"
    assert "Tu contraseña quedó cambiada. Inicia sesión con la nueva." in signin.text


async def test_the_account_page_links_the_password_curp_and_capture_pages(start_frontend, gateway):
    profile = {"display_name": "Sofía", "email": "s@tm.org", "mfa_enabled": True,
               "privacy_notice_version": None, "privacy_purposes": []}  # fmt: skip
    gateway.answers[("GET", "/api/v1/auth/me")] = httpx.Response(200, json=profile)
    gateway.answers[("GET", "/api/v1/consultation/me/export")] = httpx.Response(200, json={})
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="cso"))
        staff = (await client.get("/cuenta")).text
        client.cookies.set("cocrea_access", jwt(role="citizen"))
        citizen = (await client.get("/cuenta")).text
    assert 'href="/captura-territorial"' in staff and 'href="/captura-territorial"' not in citizen
    assert 'href="/cuenta/contrasena"' in citizen and 'href="/cuenta/curp"' in citizen


async def test_the_topic_page_says_a_curp_is_required_before_the_vote(start_frontend, gateway):
    """A CURP-required process says so beside «Votar», with the CURP step's link for a
    citizen who has none; one who has it, or a process that does not ask, is not told."""
    process = "/api/v1/consultation/processes/p-5pa"
    open_now = open_process_document() | {
        "current_phase": {"key": "consultation", "status": "open"}
    }
    curp_process = open_now | {"requires_curp": True}
    gateway.answers[("GET", process)] = httpx.Response(200, json=curp_process)
    async with start_frontend(gateway) as client:
        anonymous = (await client.get("/consulta/temas/t1")).text
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1", name="Ana"))
        gateway.viewer = {"voted": False, "curp_registered": False}
        without = (await client.get("/consulta/temas/t1")).text
        gateway.viewer = {"voted": False, "curp_registered": True}
        registered = (await client.get("/consulta/temas/t1")).text
    gateway.answers[("GET", process)] = httpx.Response(200, json=open_now)
    gateway.viewer = {"voted": False, "curp_registered": None}
    async with start_frontend(gateway) as client:  # a new site: nothing cached
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1", name="Ana"))
        plain = (await client.get("/consulta/temas/t1")).text
    said = "votar requiere una CURP registrada en tu cuenta"
    link = 'href="/cuenta/curp?tema=t1"'
    assert said in anonymous and link not in anonymous  # signing in comes first
    assert said in without and link in without
    assert without.index(said) < without.index("Votar por este tema")
    assert 'aria-describedby="curp-requerida"' in without
    assert said in registered and link not in registered
    assert said not in plain and link not in plain
