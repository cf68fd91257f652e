"""The administrator's day in a real browser: signs in with TOTP and lands on
/administracion; creates a staff account (its temporary password shown once), changes its
role and deactivates it; registers an API client with scopes (its secret shown once, and
it works) and revokes it (it no longer gets tokens); every page at 390 and 1280 px
without axe violations or horizontal overflow."""

import uuid

import httpx

from tests.browser.staff_site import check_widths, site_sign_in, staff_tab, totp_secret

ADMIN = "admin@cocrea.example"
__all__ = ["staff_tab"]  # the fixture, used by name


def client_token(stack, client_id: str, secret: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return httpx.post(f"{stack.gateway}/api/v1/auth/token", data=form, timeout=20)


def test_admin_creates_a_staff_account_and_an_api_client_then_revokes_it(staff_tab, stack):
    page = staff_tab
    site_sign_in(page, ADMIN, secret=totp_secret(stack, ADMIN))
    assert page.url.endswith("/administracion")
    assert page.is_visible("header >> text=Administración")
    check_widths(page, "administracion", "/administracion")
    check_widths(page, "administracion-correos", "/administracion/correos")

    email = f"enlace.{uuid.uuid4().hex[:8]}@cocrea.example"
    page.goto("/administracion/personal")
    page.fill("#email", email)
    page.fill("#display_name", "Rosa Enlace")
    page.select_option("#role", "government")
    page.fill("#organization", "Secretaría de Bienestar")
    page.click("text=Crear la cuenta")
    assert "Cuenta creada para Rosa Enlace" in page.inner_text("#cuenta-creada")
    assert len(page.inner_text("#temporary-password").strip()) >= 12
    check_widths(page, "administracion-personal-creada")
    page.goto("/administracion/personal")
    assert email in page.inner_text("main") and page.locator("#temporary-password").count() == 0
    card = page.locator("li.item-card", has_text=email)
    card.locator("select").select_option("cso")
    card.locator("text=Cambiar el rol").click()
    assert "El rol quedó cambiado" in page.inner_text("main")
    card = page.locator("li.item-card", has_text=email)
    assert "Sociedad civil" in card.inner_text()
    card.locator("button:has-text('Desactivar la cuenta')").click()
    assert "La cuenta quedó desactivada" in page.inner_text("main")
    assert "Desactivada" in page.locator("li.item-card", has_text=email).inner_text()

    page.fill("#email", "no-es-un-correo")
    page.fill("#display_name", "Otra persona")
    page.select_option("#role", "cso")
    page.click("text=Crear la cuenta")
    assert "Correo electrónico:" in page.inner_text("#errores")  # the refusal names its field
    check_widths(page, "administracion-personal-error")

    page.goto("/administracion/clientes-api")
    page.fill("#name", "Tablero estatal de prueba")
    page.fill("#organization", "Secretaría Anticorrupción de Prueba")
    page.check("text=Suscribir avisos (webhooks) del seguimiento")
    page.fill("#other_scopes", "tracking:read")
    page.click("text=Registrar el cliente")
    client_id = page.inner_text("#client-id").strip()
    secret = page.inner_text("#client-secret").strip()
    check_widths(page, "administracion-cliente-creado")
    granted = client_token(stack, client_id, secret)
    assert granted.status_code == 200, granted.text
    assert granted.json()["scope"] == "tracking:read tracking:webhooks"

    page.goto("/administracion/clientes-api")
    assert page.locator("#client-secret").count() == 0
    page.click(f"#client-{client_id} >> text=Revocar el cliente")
    assert "El cliente quedó revocado" in page.inner_text("main")
    assert "Revocado el" in page.inner_text(f"#client-{client_id}")
    check_widths(page, "administracion-clientes", "/administracion/clientes-api")
    assert client_token(stack, client_id, secret).status_code == 401
