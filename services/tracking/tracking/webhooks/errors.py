"""The errors of the agencies' webhooks."""

from kit.errors import NotFound, Unprocessable


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    message = "No existe ese webhook."


class WebhookUrlRefused(Unprocessable):
    code = "webhook_url_refused"
    message = "La URL del webhook debe usar https y no llevar fragmento."


class WebhookTargetRefused(Unprocessable):
    code = "webhook_target_refused"
    message = (
        "La URL del webhook debe apuntar a una dirección pública de Internet, no a una "
        "dirección local, privada o interna."
    )
