"""A citizen in a real browser: registers, proposes a topic, votes (the list then says «Ya
votaste» on it), withdraws; and the same vote flow with the keyboard alone."""

import re
import uuid
from urllib.parse import quote

from tests.browser.conftest import mailbox_code, sign_in

TITLE = "Contratos de obra pública sin datos abiertos"


def vote_count(page) -> int:
    return int(page.inner_text("#conteo-votos"))


def test_citizen_registers_proposes_votes_and_withdraws(page, stack):
    email = f"lucia.{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/registro")
    page.fill("#display_name", "Lucía Prueba")
    page.fill("#email", email)
    page.fill("#password", "Maíz-Azul-Rayo-42-Tlacoyo")
    page.check("#purpose-statistics")
    page.check("#privacy")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/verificar**")
    page.fill("#code", mailbox_code(stack, email))
    page.click("button[value=verify]")
    page.wait_for_url("**/entrar?aviso=verificado")
    sign_in(page, email, "Maíz-Azul-Rayo-42-Tlacoyo")
    assert "Lucía Prueba" in page.inner_text("header")

    page.goto("/consulta/proponer")
    page.fill("#title", TITLE)
    page.fill(
        "#problem", "Los contratos de obra pública municipal no se publican en datos abiertos."
    )
    page.fill("#affected", "Vecinas y vecinos de los municipios")
    page.fill(
        "#solution", "Publicar todos los contratos en el estándar de contrataciones abiertas."
    )
    page.select_option("#area", "anti_corruption")
    page.select_option("#state_code", "20")
    page.click("button[value=preview]")
    assert page.is_visible("text=Vista previa")
    page.click("button[value=send]")
    page.wait_for_url(re.compile(r".*/consulta/temas/\w+\?aviso=tema-creado"))
    assert "Tu tema quedó publicado" in page.inner_text("main")
    assert vote_count(page) == 0

    page.click("text=Votar por este tema")
    page.wait_for_url("**aviso=voto**")
    assert vote_count(page) == 1
    assert "Tu voto quedó registrado" in page.inner_text("main")
    topic_page = page.url.split("?")[0]

    assert "Ya votaste" in listed_topic(page, TITLE)
    page.goto(topic_page)
    page.click("text=Retirar mi voto")
    page.wait_for_url("**aviso=voto-retirado**")
    assert vote_count(page) == 0
    assert "Ya votaste" not in listed_topic(page, TITLE)


def listed_topic(page, title: str) -> str:
    """The text of the topic's entry in the list of the consultation, found by its title."""
    page.goto(f"/consulta?q={quote(title)}")
    return page.locator("li.topic", has_text=title).inner_text()


def focus_by_tab(page, accessible_text: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if accessible_text in (page.evaluate("document.activeElement.innerText") or ""):
            return
    raise AssertionError(f"{accessible_text!r} is not reachable with Tab")


def test_the_vote_flow_works_with_the_keyboard_alone(page, stack):
    page.goto("/entrar")
    focus_by_tab(page, "")  # the skip link is the first stop
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenido"
    page.focus("#email")
    page.keyboard.type("ciudadana@cocrea.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Cocrea-Demo-2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cuenta**")

    page.goto("/consulta")
    focus_by_tab(page, "Sentencias judiciales que no se publican")
    page.keyboard.press("Enter")
    page.wait_for_url("**/consulta/temas/**")
    before = vote_count(page)
    focus_by_tab(page, "Votar por este tema")
    page.keyboard.press("Enter")
    page.wait_for_url("**aviso=voto**")
    assert vote_count(page) == before + 1
    focus_by_tab(page, "Retirar mi voto")
    page.keyboard.press("Enter")
    page.wait_for_url("**aviso=voto-retirado**")
    assert vote_count(page) == before
