"""Comments on a published commitment's progress on the site: the public page shows each
comment with the Committee's answer and a form for a signed-in citizen; the Committee's
workspace lists what awaits an answer and publishes the answer."""

import httpx
import pytest

from tests.frontend.test_citizen_follow import CitizenGateway, gateway, text_of  # noqa: F401
from tests.frontend.test_site import csrf_of, jwt

COMMENTS = "/api/v1/consultation/commitments/c51/comments"
AWAITING = "/api/v1/consultation/commitment-comments"
LISTED = {"items": [
    {"id": "pc1", "commitment_id": "c51", "author_name": "Lucía", "status": "published",
     "body": "El portal no muestra las sentencias de 2026.", "created_at": "2027-07-05T10:00:00Z",
     "answer": {"state": "accepted", "justification": "Se cargarán en agosto.",
                "published_at": "2027-07-10T10:00:00Z"}},
    {"id": "pc2", "commitment_id": "c51", "author_name": None, "status": "published",
     "body": "¿Habrá versión en lenguas indígenas?", "created_at": "2027-07-06T10:00:00Z",
     "answer": None},
]}  # fmt: skip
QUEUE = {"items": [LISTED["items"][1] | {"plan_code": "MX-5PA", "commitment_number": 1,
                                         "commitment_title": "Justicia abierta",
                                         "drafted": False}]}  # fmt: skip


async def test_the_public_page_shows_comments_answers_and_the_form(start_frontend, gateway):  # noqa: F811
    gateway.extra = {COMMENTS: LISTED}
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/tablero/compromisos/c51")
        client.cookies.set("cocrea_access", jwt())
        signed_in = await client.get("/tablero/compromisos/c51")
        sent = await client.post(
            "/tablero/compromisos/c51/comentarios",
            data={"csrf_token": csrf_of(signed_in.text), "body": "Faltan las de 2026."},
        )
    page = text_of(anonymous.text)
    assert "Comentarios sobre el avance" in page
    assert "Respuesta del Comité: Aceptado. Se cargarán en agosto." in page
    assert "Respuesta pendiente." in page
    assert "/entrar?siguiente=/tablero/compromisos/c51" in anonymous.text
    assert 'action="/tablero/compromisos/c51/comentarios"' in signed_in.text
    assert sent.status_code == 303
    assert sent.headers["location"] == "/tablero/compromisos/c51?aviso=comentado#comentarios"
    post = [r for r in gateway.requests if r.method == "POST" and r.url.path == COMMENTS]
    assert post and b"Faltan las de 2026." in post[0].content


class UnverifiedGateway(CitizenGateway):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == COMMENTS:
            error = {"code": "email_not_verified", "message": "Verifica tu correo."}
            return httpx.Response(403, json={"error": error})
        return super().__call__(request)


async def test_an_unverified_citizen_keeps_the_text_and_is_told_why(start_frontend):
    unverified = UnverifiedGateway()
    unverified.extra = {COMMENTS: {"items": []}}
    async with start_frontend(unverified) as client:
        client.cookies.set("cocrea_access", jwt())
        before = await client.get("/tablero/compromisos/c51")
        refused = await client.post(
            "/tablero/compromisos/c51/comentarios",
            data={"csrf_token": csrf_of(before.text), "body": "Mi comentario largo."},
        )
    assert refused.status_code == 422
    assert "verificar tu correo electrónico" in refused.text
    assert "Mi comentario largo." in refused.text


async def test_a_commitment_unknown_to_consultation_takes_no_comments(start_frontend, gateway):  # noqa: F811
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        html = (await client.get("/tablero/compromisos/c51")).text
    assert "aún no recibe comentarios sobre su avance" in html
    assert 'action="/tablero/compromisos/c51/comentarios"' not in html


@pytest.mark.parametrize("role", ["committee"])
async def test_the_committee_answers_from_its_workspace(start_frontend, gateway, role):  # noqa: F811
    gateway.extra = {AWAITING: QUEUE}
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role=role))
        listing = await client.get("/comite/comentarios-avance")
        answered = await client.post(
            "/comite/comentarios-avance/pc2",
            data={
                "csrf_token": csrf_of(listing.text),
                "state": "not_adopted",
                "justification": "No está en el alcance de la hoja de ruta vigente.",
            },
        )
        client.cookies.set("cocrea_access", jwt())
        citizen = await client.get("/comite/comentarios-avance")
    assert "¿Habrá versión en lenguas indígenas?" in listing.text
    assert 'aria-current="page">Comentarios sobre el avance' in listing.text
    assert answered.status_code == 303
    assert [w for w in gateway.writes if "pc2" in w[1]] == [
        ("PUT", f"{AWAITING}/pc2/response"),
        ("POST", f"{AWAITING}/pc2/response/publish"),
    ]
    assert citizen.status_code == 403


async def test_the_committee_hides_a_comment_with_a_reason(start_frontend, gateway):  # noqa: F811
    gateway.extra = {AWAITING: QUEUE}
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="committee"))
        listing = await client.get("/comite/comentarios-avance")
        hidden = await client.post(
            "/comite/comentarios-avance/pc2/ocultar",
            data={"csrf_token": csrf_of(listing.text), "reason": "Contiene datos personales."},
        )
    assert hidden.status_code == 303
    assert hidden.headers["location"] == "/comite/comentarios-avance?aviso=ocultado"
    sent = [r for r in gateway.requests if r.url.path == f"{AWAITING}/pc2/moderation"]
    assert sent and b'"action":"hide"' in sent[0].content.replace(b" ", b"")
