"""What a phone user and a person fixing a form notice: the error summary names each field,
dates in messages are written as people write them, the favicon exists, the account page
says its purposes in words."""

import httpx
import pytest

from frontend.forms import FormErrors, field_label, from_api_error, spoken_dates
from frontend.gateway import ApiError
from frontend.i18n import current_language
from tests.frontend.test_site import SiteGateway, jwt


@pytest.fixture
def gateway() -> SiteGateway:
    return SiteGateway()


def test_iso_dates_in_api_messages_are_written_in_words():
    assert (
        spoken_dates("La fase termina el 2027-03-01.") == "La fase termina el 1 de marzo de 2027."
    )
    assert spoken_dates("desde 2026-12-04T10:00:00Z") == "desde 4 de diciembre de 2026"
    assert spoken_dates("2027-02-30 no existe") == "2027-02-30 no existe"  # not a date: kept
    token = current_language.set("en")
    try:
        assert spoken_dates("until 2027-03-01") == "until March 1, 2027"
    finally:
        current_language.reset(token)


def test_the_error_summary_names_each_field():
    errors = FormErrors({"end_date": "El valor no es válido.", "reason-u1": "Escribe el motivo."})
    assert dict(errors.summary()) == {
        "end_date": "Fecha de término: El valor no es válido.",
        "reason-u1": "Motivo: Escribe el motivo.",
    }
    assert field_label("some_new_field") == "Some new field"


def test_a_coded_api_error_keeps_its_field_and_speaks_its_dates():
    error = ApiError(422, "end_before_start", "La fecha de término (2027-01-01) es anterior.")
    assert from_api_error(error).fields == {
        "end_date": "La fecha de término (1 de enero de 2027) es anterior."
    }


async def test_the_favicon_is_served(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        response = await client.get("/favicon.ico")
        page = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in page.text


async def test_the_account_page_says_purposes_in_words(start_frontend, gateway):
    gateway.answers[("GET", "/api/v1/auth/me")] = httpx.Response(
        200,
        json={
            "display_name": "Ana",
            "email": "ana@example.org",
            "privacy_notice_version": "2026-01",
            "privacy_purposes": ["participation", "statistics"],
            "mfa_enabled": False,
        },
    )
    gateway.answers[("GET", "/api/v1/consultation/me/export")] = httpx.Response(200, json={})
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        response = await client.get("/cuenta")
    assert response.status_code == 200, response.text
    assert "(participation" not in response.text
    assert "Registrar y publicar mis temas" in response.text
    assert "versión 2026-01" in response.text
