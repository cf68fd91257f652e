"""The webhooks tracking delivers to agencies, for the merged document's OpenAPI 3.1
``webhooks`` section: each topic's envelope and payload (from ``contracts.tracking``), the
signature header (``kit.signing``) and the answers a receiver should give (the outbox's
retry schedule)."""

from typing import Any

from pydantic import BaseModel

from contracts import tracking
from kit import signing

REF = "#/components/schemas/{model}"
_TOPICS: dict[str, tuple[type[BaseModel], str]] = {
    tracking.UPDATE_PUBLISHED: (tracking.UpdatePublished, "Avance publicado"),
    tracking.STATUS_CHANGED: (tracking.StatusChanged, "Cambio de autoevaluación"),
    tracking.IRM_RECORDED: (tracking.IrmAssessmentRecorded, "Evaluación del MRI registrada"),
}
SIGNATURE = (
    f"`{signing.SIGNATURE_HEADER}: t=<unix>,v1=<hex>`. `t` son los segundos Unix del envío; "
    "`v1` es HMAC-SHA256, en hexadecimal minúsculo, con el secreto del webhook (se muestra "
    "una sola vez al registrarlo) sobre los bytes `<t>.` seguidos del cuerpo tal como llegó "
    "(sin volver a serializar el JSON). Compara en tiempo constante y rechaza un `t` a más "
    f"de {signing.TOLERANCE_SECONDS} segundos de tu reloj (repetición)."
)
RETRIES = (
    "Responde 2xx (en menos de 10 s) para aceptar la entrega. Cualquier otra respuesta, un "
    "error de red o un tiempo agotado cuentan como fallo y la entrega se reintenta, sin "
    "límite de intentos, tras una espera exponencial con variación aleatoria: "
    "2^n segundos (n = intentos fallidos) por un factor entre 0.5 y 1, con un máximo de "
    "300 s entre intentos. La entrega es al menos una vez: deduplica por `id`."
)
DESCRIPTION = (
    "\n\n## Webhooks\n\nUna agencia registra una URL con `POST /api/v1/tracking/webhooks` "
    "(temas: " + ", ".join(f"`{t}`" for t in _TOPICS) + "). Cada evento llega por `POST` "
    "como `{id, topic, source, occurred_at, payload}` (ver la sección *Webhooks*).\n\n"
    "**Firma.** " + SIGNATURE + "\n\n**Respuestas.** " + RETRIES
)


def _envelope(topic: str, payload: str) -> dict[str, Any]:
    return {
        "title": payload + "Delivery",
        "type": "object",
        "description": f"Entrega del evento `{topic}`.",
        "required": ["id", "topic", "source", "occurred_at", "payload"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "maxLength": 64,
                "description": "Identificador único del evento: deduplica por él.",
            },
            "topic": {"type": "string", "enum": [topic]},
            "source": {"type": "string", "enum": ["tracking"]},
            "occurred_at": {
                "type": "string",
                "format": "date-time",
                "description": "Cuándo ocurrió (ISO 8601, con zona).",
            },
            "payload": {"$ref": REF.format(model=payload)},
        },
    }


def webhook_schemas() -> dict[str, Any]:
    """Each topic's payload and envelope, for ``components.schemas``."""
    schemas: dict[str, Any] = {}
    for topic, (model, _) in _TOPICS.items():
        schema = model.model_json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
        schemas[model.__name__ + "Delivery"] = _envelope(topic, model.__name__)
    return schemas


def _answer(description: str) -> dict[str, Any]:
    return {"description": description}


def webhooks() -> dict[str, Any]:
    """The ``webhooks`` section: one POST per topic."""
    out: dict[str, Any] = {}
    for topic, (model, summary) in _TOPICS.items():
        out[topic] = {
            "post": {
                "summary": summary,
                "description": (model.__doc__ or "").strip() + "\n\n" + SIGNATURE,
                "tags": ["webhooks"],
                "parameters": [
                    {
                        "name": signing.SIGNATURE_HEADER,
                        "in": "header",
                        "required": True,
                        "description": SIGNATURE,
                        "schema": {"type": "string", "pattern": r"^t=[0-9]+,v1=[0-9a-f]{64}$"},
                        "example": "t=1767225600,v1=" + "0" * 64,
                    },
                    {
                        "name": "X-Request-ID",
                        "in": "header",
                        "required": False,
                        "description": "La solicitud que originó el evento, para soporte.",
                        "schema": {"type": "string"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": REF.format(model=model.__name__ + "Delivery")}
                        }
                    },
                },
                "responses": {
                    "2XX": _answer("Entrega aceptada; no se vuelve a enviar."),
                    "default": _answer("Cualquier otra respuesta se reintenta. " + RETRIES),
                },
            }
        }
    return out


WEBHOOKS_TAG = {
    "name": "webhooks",
    "description": "Eventos que el seguimiento entrega a las URL registradas por las "
    "agencias. " + SIGNATURE + " " + RETRIES,
}
