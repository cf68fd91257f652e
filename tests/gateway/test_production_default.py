"""A process started with no environment set is a production process: it refuses the
built-in dev secrets, has no dev mailbox and keeps ``/metrics`` closed."""

import os
import subprocess
import sys

import pytest

from consultation.config import ConsultationSettings
from gateway.config import GatewaySettings
from gateway.main import create_app
from tests.conftest import KID, PROCESS_PREFIXES, ROOT, Databases, event_keys, migrate, running
from tracking.config import TrackingSettings

STRONG = "a-real-secret-of-more-than-16-chars"


def _without_environment(monkeypatch) -> None:
    for prefix in PROCESS_PREFIXES:
        monkeypatch.delenv(f"{prefix}_ENVIRONMENT", raising=False)


def test_a_bare_process_refuses_the_dev_secret_naming_the_variable():
    env = {k: v for k, v in os.environ.items() if not k.startswith(PROCESS_PREFIXES)}
    code = "from consultation.config import ConsultationSettings; ConsultationSettings()"

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "CONSULTATION_CURP_HASH_SECRET" in result.stderr
    assert "CONSULTATION_GATEWAY_SECRET" in result.stderr
    # Its own event key and every producer's public key (kit.event_signing).
    assert "CONSULTATION_EVENT_SIGNING_KEY is required in production" in result.stderr
    assert "CONSULTATION_EVENT_PUBLIC_KEYS is required in production" in result.stderr


def test_without_an_environment_settings_are_production(monkeypatch):
    _without_environment(monkeypatch)

    tracking = TrackingSettings(
        internal_secret=STRONG, gateway_secret=STRONG, **event_keys("tracking")
    )
    consultation = ConsultationSettings(
        curp_hash_secret=STRONG, gateway_secret=STRONG, **event_keys("consultation")
    )

    assert tracking.environment == consultation.environment == "production"
    assert tracking.webhooks_may_target_private is False


async def test_no_dev_mailbox_and_closed_metrics_by_default(
    monkeypatch, databases: Databases, signing_key: str, tmp_path
):
    _without_environment(monkeypatch)
    monkeypatch.delenv("GATEWAY_METRICS_TOKEN", raising=False)
    url = await databases.new("gateway")
    await migrate("gateway", url)
    settings = GatewaySettings(
        database_url=url,
        signing_key_pem=signing_key,
        signing_key_id=KID,
        internal_secret=STRONG,
        **event_keys("gateway"),
        pseudonym_secret=STRONG,
        service_secrets=dict.fromkeys(("consultation", "roadmaps", "tracking"), STRONG),
        mail_dir=str(tmp_path / "mail"),
        smtp_host="smtp.example.org",  # production mails over SMTP (never started here)
        website_url="https://cocrea.example.org",
        relay_enabled=False,
        event_destinations={},
    )
    async with running(create_app(settings)) as client:
        mailbox = await client.get("/api/v1/auth/dev/mailbox", params={"email": "a@example.com"})
        metrics = await client.get("/metrics")

    assert settings.environment == "production"
    assert mailbox.status_code == 404
    assert metrics.status_code == 404


def test_production_refuses_to_start_without_the_website_url(monkeypatch, signing_key: str):
    """Notification e-mails link into the website: production must say where it is."""
    _without_environment(monkeypatch)
    monkeypatch.delenv("GATEWAY_WEBSITE_URL", raising=False)
    complete = {
        "signing_key_pem": signing_key,
        "internal_secret": STRONG,
        "pseudonym_secret": STRONG,
        "service_secrets": dict.fromkeys(("consultation", "roadmaps", "tracking"), STRONG),
        **event_keys("gateway"),
    }
    with pytest.raises(ValueError, match="GATEWAY_WEBSITE_URL is required"):
        GatewaySettings(**complete)
    settings = GatewaySettings(**complete, website_url="https://cocrea.example.org")
    assert settings.website_base_url() == "https://cocrea.example.org"
    assert GatewaySettings(environment="dev").website_base_url() == "http://127.0.0.1:8080"
