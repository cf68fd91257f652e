"""Territorial capture and the CURP step in a real browser. A new government staff member
signs in with the temporary password, is led to change it and lands on territorial
capture (no working group yet); types one questionnaire; sends a CSV with one bad row
(nothing imported, the row and its field named) and then the corrected file. A citizen
votes in a CURP-required process: the vote leads to the CURP page, a wrong check digit is
explained, and with a valid CURP the vote counts. Every page at 390 and 1280 px."""

import random
import string
import uuid
from datetime import UTC, datetime, timedelta

import httpx

from tests.browser.conftest import mailbox_code
from tests.browser.staff_site import (
    api_login,
    bearer,
    check_widths,
    site_sign_in,
    staff_tab,
    totp_secret,
)

ADMIN = "admin@cocrea.example"
__all__ = ["staff_tab"]  # the fixture, used by name
COMMITTEE = "comite.sfp@cocrea.example"
NEW_PASSWORD = "Tlayuda-Nopal-Jícama-58"
CURP_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"
COLUMNS = "title,problem,affected,solution,area,state_code,sdg_tags\n"


def a_curp() -> str:
    """A valid CURP (DOMAIN.md): random letters and date, check digit computed."""
    letters = random.choice("BCDFGJLMNPRSTV") + random.choice("AEIOU")
    letters += "".join(random.choices(string.ascii_uppercase, k=2))
    born = datetime(1960, 1, 1) + timedelta(days=random.randrange(15000))
    head = f"{letters}{born:%y%m%d}M" + "DF" + "RRL" + ("0" if born.year < 2000 else "A")
    total = sum(CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(head))
    return head + str((10 - total % 10) % 10)


def wrong_check_digit(curp: str) -> str:
    return curp[:-1] + str((int(curp[-1]) + 1) % 10)


def topics_matching(stack, process_id: str, text: str) -> list[dict]:
    params = {"process_id": process_id, "q": text, "limit": 50}
    found = httpx.get(f"{stack.gateway}/api/v1/consultation/topics", params=params, timeout=20)
    return found.json()["items"]


def open_process_id(stack, plan_code: str) -> str:
    listing = httpx.get(f"{stack.gateway}/api/v1/consultation/processes", timeout=20).json()
    return next(p["id"] for p in listing["items"] if p["plan_code"] == plan_code)


def new_staff_member(stack) -> tuple[str, str]:
    admin = api_login(stack, ADMIN, secret=totp_secret(stack, ADMIN))
    email = f"captura.{uuid.uuid4().hex[:8]}@cocrea.example"
    body = {"email": email, "display_name": "Elena Captura", "role": "government",
            "organization": "Secretaría de Bienestar"}  # fmt: skip
    created = httpx.post(
        f"{stack.gateway}/api/v1/auth/staff", json=body, headers=bearer(admin), timeout=20
    )
    assert created.status_code == 201, created.text
    return email, created.json()["temporary_password"]


def test_a_capturer_changes_the_temporary_password_and_captures_paper_questionnaires(
    staff_tab, stack
):
    page = staff_tab
    email, temporary = new_staff_member(stack)
    site_sign_in(page, email, temporary)
    assert page.url.endswith("/cuenta/contrasena")
    check_widths(page, "contrasena-temporal")
    page.fill("#current_password", temporary)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#new_password_again", NEW_PASSWORD)
    page.click("text=Guardar la contraseña nueva")
    page.wait_for_url("**/captura-territorial")  # no working group yet: the capture
    check_widths(page, "captura-territorial", "/captura-territorial")

    mark = uuid.uuid4().hex[:10]
    page.select_option("#process_id", label="Quinto Plan de Acción de México (MX-5PA)")
    page.fill("#title", f"Pozos sin registro {mark}")
    page.fill("#problem", "En la comunidad nadie sabe cuántos pozos hay ni quién los autorizó.")
    page.fill("#affected", "Ejidatarias y ejidatarios de la región")
    page.fill("#solution", "Publicar el padrón de concesiones de agua por municipio.")
    page.select_option("#area", "environment_climate")
    page.select_option("#state_code", "20")
    page.click("text=Guardar el cuestionario")
    assert "El cuestionario quedó guardado" in page.inner_text("main")
    page.click("text=Ver el tema capturado")
    assert f"Pozos sin registro {mark}" in page.inner_text("h1")

    process_id = open_process_id(stack, "MX-5PA")
    good = f"Caminos rurales {mark},Sin datos de obra,Comunidades,Publicar contratos,fiscal_openness,20,\n"  # noqa: E501
    bad = f"Clínicas cerradas {mark},Sin horario,Pacientes,Publicar horarios,justice,33,\n"
    page.goto("/captura-territorial")
    page.select_option("#file_process_id", process_id)
    sheet = (COLUMNS + good + bad).encode()
    page.set_input_files("#file", files=[{"name": "ruta-oaxaca.csv", "mimeType": "text/csv",
                                          "buffer": sheet}])  # fmt: skip
    page.click("text=Importar el archivo")
    report = page.inner_text("#informe")
    assert "No se importó ninguna fila" in report
    assert "Fila 3, campo «Entidad federativa» (state_code)" in report
    assert topics_matching(stack, process_id, f"Caminos rurales {mark}") == []
    check_widths(page, "captura-territorial-informe")

    page.select_option("#file_process_id", process_id)
    fixed = (COLUMNS + good + bad.replace(",33,", ",09,")).encode()
    page.set_input_files("#file", files=[{"name": "ruta-oaxaca.csv", "mimeType": "text/csv",
                                          "buffer": fixed}])  # fmt: skip
    page.click("text=Importar el archivo")
    assert "Se importaron todos los cuestionarios del archivo: 2." in page.inner_text("main")
    assert len(topics_matching(stack, process_id, mark)) == 3


def curp_process_with_topic(stack) -> str:
    """A process of its own whose consultation is open and which requires a CURP to vote,
    with one topic captured by the Committee; returns the topic's id."""
    committee = api_login(stack, COMMITTEE, secret=totp_secret(stack, COMMITTEE))
    today = datetime.now(UTC).date()
    phases = [{"key": "consultation", "starts_on": str(today - timedelta(days=2)),
               "ends_on": str(today + timedelta(days=20))}]  # fmt: skip
    body = {"plan_code": f"CURP-{uuid.uuid4().hex[:6].upper()}", "phases": phases,
            "title": "Consulta estatal con CURP", "requires_curp": True}  # fmt: skip
    api = f"{stack.gateway}/api/v1/consultation"
    process = httpx.post(f"{api}/processes", json=body, headers=bearer(committee), timeout=20)
    assert process.status_code == 201, process.text
    topic = {"title": "Padrones de programas sociales incompletos",
             "problem": "Los padrones no dicen cuántas personas reciben cada apoyo.",
             "affected": "Personas beneficiarias", "solution": "Publicar los padrones.",
             "area": "fiscal_openness", "state_code": "09"}  # fmt: skip
    path = f"{api}/processes/{process.json()['id']}/territorial/topics"
    created = httpx.post(path, json=topic, headers=bearer(committee), timeout=20)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def register_citizen(page, stack) -> None:
    email = f"curp.{uuid.uuid4().hex[:8]}@example.com"
    password = "Huipil-Telar-Cacao-31"
    page.goto("/registro")
    page.fill("#display_name", "Tere Votante")
    page.fill("#email", email)
    page.fill("#password", password)
    page.check("#privacy")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/verificar**")
    page.fill("#code", mailbox_code(stack, email))
    page.click("button[value=verify]")
    page.wait_for_url("**/entrar?aviso=verificado")
    site_sign_in(page, email, password)


def test_a_curp_required_vote_leads_to_the_curp_step(staff_tab, stack):
    page = staff_tab
    topic_id = curp_process_with_topic(stack)
    register_citizen(page, stack)
    check_widths(page, "topic-curp", f"/consulta/temas/{topic_id}")
    said = page.inner_text("#curp-requerida")  # before the button, not after the refusal
    assert "votar requiere una CURP registrada" in said
    assert page.get_attribute("#curp-requerida a", "href") == f"/cuenta/curp?tema={topic_id}"
    page.click("text=Votar por este tema")
    page.wait_for_url(f"**/cuenta/curp?tema={topic_id}")
    check_widths(page, "curp", f"/cuenta/curp?tema={topic_id}")

    curp = a_curp()
    page.fill("#curp", wrong_check_digit(curp))
    page.click("text=Registrar mi CURP")
    assert "CURP: El dígito verificador" in page.inner_text("#errores")
    check_widths(page, "curp-error")
    page.fill("#curp", curp.lower())
    page.click("text=Registrar mi CURP")
    page.wait_for_url(f"**/consulta/temas/{topic_id}?aviso=curp*")
    assert "Tu CURP quedó registrada" in page.inner_text("main")
    page.click("button:has-text('Votar por este tema')")  # the notice says it too
    page.wait_for_url("**aviso=voto**")
    assert "Tu voto quedó registrado" in page.inner_text("main")
    assert int(page.inner_text("#conteo-votos")) == 1


def test_staff_land_on_their_own_work_after_sign_in(staff_tab, stack, working_group):
    page = staff_tab
    site_sign_in(page, COMMITTEE, secret=totp_secret(stack, COMMITTEE))
    assert page.url.endswith("/comite")
    page.context.clear_cookies()
    member = working_group.government  # in commitment 1's working group
    site_sign_in(page, member.email, member.password)
    assert page.url.endswith("/grupos")
    page.context.clear_cookies()
    page.goto("/entrar?siguiente=/consulta")  # where they were going wins
    page.fill("#email", member.email)
    page.fill("#password", member.password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/consulta")
