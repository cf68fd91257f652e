"""The production compose file: valid, secrets without defaults, migrations before start."""

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import EVENT_KEYS, EVENT_PUBLIC_KEYS, ROOT

COMPOSE = ROOT / "docker-compose.yml"
REQUIRED = (
    "POSTGRES_PASSWORD",
    "GATEWAY_DB_PASSWORD",
    "CONSULTATION_DB_PASSWORD",
    "ROADMAPS_DB_PASSWORD",
    "TRACKING_DB_PASSWORD",
    "MINIO_ROOT_PASSWORD",
    "TRACKING_EVIDENCE_S3_ACCESS_KEY_ID",
    "TRACKING_EVIDENCE_S3_SECRET_ACCESS_KEY",
    "REDIS_PASSWORD",
    "COCREA_INTERNAL_SECRET",
    "GATEWAY_EVENT_SIGNING_KEY",
    "CONSULTATION_EVENT_SIGNING_KEY",
    "ROADMAPS_EVENT_SIGNING_KEY",
    "TRACKING_EVENT_SIGNING_KEY",
    "COCREA_EVENT_PUBLIC_KEYS",
    "GATEWAY_SIGNING_KEY_PEM",
    "GATEWAY_PSEUDONYM_SECRET",
    "CONSULTATION_CURP_HASH_SECRET",
    "CONSULTATION_GATEWAY_SECRET",
    "ROADMAPS_GATEWAY_SECRET",
    "TRACKING_GATEWAY_SECRET",
    "COCREA_PUBLIC_API_URL",
    "COCREA_WEBSITE_URL",
    "COCREA_METRICS_TOKEN",
    "GATEWAY_SMTP_HOST",
    "GATEWAY_SMTP_USERNAME",
    "GATEWAY_SMTP_PASSWORD",
    "GATEWAY_MAIL_FROM",
    "COCREA_CLIENT_ADDRESS_SECRET",
)
NOT_SECRET_BUT_REQUIRED = {
    "COCREA_PUBLIC_API_URL",
    "COCREA_WEBSITE_URL",
    "GATEWAY_SMTP_HOST",
    "GATEWAY_SMTP_USERNAME",
    "GATEWAY_MAIL_FROM",
}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_PEM|_KEY|TOKEN|AUTH")
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
APPS = ("gateway", "consultation", "roadmaps", "tracking")


def compose_command() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    pytest.fail(
        "docker-compose is not installed, so docker-compose.yml cannot be validated. "
        "`python3 infra/dev.py test` installs Debian's package when run as root; "
        "otherwise: apt-get install docker-compose"
    )


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def dummy_env() -> dict[str, str]:
    return {name: f"dummy-{name.lower().replace('_', '-')}" for name in REQUIRED}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_file_is_valid():
    result = compose_config(dummy_env())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_compose_refuses_to_run_without_each_secret(missing):
    env = dummy_env()
    del env[missing]
    result = compose_config(env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_secrets_are_required_and_never_defaulted():
    text = COMPOSE.read_text(encoding="utf-8")
    uses = INTERPOLATION.findall(text)
    secrets = {name for name, _ in uses if SECRET_NAME.search(name)}
    assert secrets | NOT_SECRET_BUT_REQUIRED == set(REQUIRED)
    for name, modifier in uses:
        if name in REQUIRED:
            assert modifier.startswith(":?"), f"${{{name}{modifier}}} must be ${{{name}:?…}}"


def _settings_classes() -> dict[str, type]:
    from consultation.config import ConsultationSettings
    from frontend.config import FrontendSettings
    from gateway.config import GatewaySettings
    from roadmaps.config import RoadmapsSettings
    from tracking.config import TrackingSettings

    return {
        "gateway": GatewaySettings,
        "consultation": ConsultationSettings,
        "roadmaps": RoadmapsSettings,
        "tracking": TrackingSettings,
        "frontend": FrontendSettings,
    }


def _interpolated(value: object) -> str:
    """A compose value with each ``${VAR…}`` replaced as a real secret would be."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if match.group(2).startswith(":-"):  # an optional setting: compose's default
            return match.group(2)[2:]
        if name.endswith("_EVENT_SIGNING_KEY"):  # a real key: settings parse it
            return EVENT_KEYS[name.removesuffix("_EVENT_SIGNING_KEY").lower()]
        if name == "COCREA_EVENT_PUBLIC_KEYS":
            return json.dumps(EVENT_PUBLIC_KEYS)
        if name.endswith("_URL"):  # an address: settings may check its scheme
            return f"https://{name.lower().replace('_', '-')}.example.org"
        return f"strong-{name.lower()}-0123456789abcdef"

    return INTERPOLATION.sub(fill, str(value))


@pytest.mark.parametrize("app", [*APPS, "frontend"])
def test_each_process_starts_in_production_on_exactly_the_compose_environment(
    compose, monkeypatch, app
):
    """Compares the settings classes with compose: every secret production requires must
    be passed (otherwise the process falls back to its dev default and refuses to start)."""
    for key in list(os.environ):
        if key.startswith(f"{app.upper()}_"):
            monkeypatch.delenv(key)
    environment = compose["services"][app]["environment"]
    for key, value in environment.items():
        monkeypatch.setenv(key, _interpolated(value))

    settings = _settings_classes()[app]()

    assert settings.environment == "production"


@pytest.mark.parametrize(
    ("app", "variable"),
    [
        ("consultation", "CONSULTATION_CURP_HASH_SECRET"),
        ("gateway", "GATEWAY_PSEUDONYM_SECRET"),
        ("gateway", "GATEWAY_SERVICE_SECRETS"),
        ("tracking", "TRACKING_GATEWAY_SECRET"),
        ("consultation", "CONSULTATION_EVENT_SIGNING_KEY"),
        ("roadmaps", "ROADMAPS_EVENT_PUBLIC_KEYS"),
        ("gateway", "GATEWAY_EVENT_SIGNING_KEY"),
        ("tracking", "TRACKING_EVENT_PUBLIC_KEYS"),
    ],
)
def test_a_missing_required_secret_is_caught(compose, monkeypatch, app, variable):
    for key in list(os.environ):
        if key.startswith(f"{app.upper()}_"):
            monkeypatch.delenv(key)
    for key, value in compose["services"][app]["environment"].items():
        if key != variable:
            monkeypatch.setenv(key, _interpolated(value))

    with pytest.raises(ValueError, match=variable):
        _settings_classes()[app]()


def test_no_secret_is_written_literally(compose):
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) or ("://" in str(value) and "@" in str(value)):
                assert "${" in str(value), f"{name}.{key} holds a literal secret"


def test_only_the_tls_proxy_is_trusted_with_client_addresses(compose):
    gateway = compose["services"]["gateway"]["environment"]
    frontend = compose["services"]["frontend"]["environment"]
    subnet = compose["networks"]["default"]["ipam"]["config"][0]
    assert gateway["GATEWAY_TRUSTED_PROXIES"] == frontend["FRONTEND_TRUSTED_PROXIES"]
    assert yaml.safe_load(gateway["GATEWAY_TRUSTED_PROXIES"]) == [f"{subnet['gateway']}/32"]
    shared = "${COCREA_CLIENT_ADDRESS_SECRET:?set COCREA_CLIENT_ADDRESS_SECRET}"
    assert gateway["GATEWAY_CLIENT_ADDRESS_SECRET"] == shared
    assert frontend["FRONTEND_CLIENT_ADDRESS_SECRET"] == shared


def test_each_process_signs_events_with_its_own_key_and_all_share_the_public_map(compose):
    signing, public = {}, set()
    for app in APPS:
        environment = compose["services"][app]["environment"]
        signing[app] = environment[f"{app.upper()}_EVENT_SIGNING_KEY"]
        public.add(environment[f"{app.upper()}_EVENT_PUBLIC_KEYS"])
    assert signing == {
        app: f"${{{app.upper()}_EVENT_SIGNING_KEY:?set {app.upper()}_EVENT_SIGNING_KEY}}"
        for app in APPS
    }
    assert public == {"${COCREA_EVENT_PUBLIC_KEYS:?set COCREA_EVENT_PUBLIC_KEYS}"}
    # The shared secret no longer signs events: the services that need it for nothing
    # else do not get it.
    for app in ("consultation", "roadmaps"):
        assert f"{app.upper()}_INTERNAL_SECRET" not in compose["services"][app]["environment"]


def test_only_the_gateway_and_the_website_publish_ports(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"gateway", "frontend"}


def test_migrations_complete_before_each_service_starts(compose):
    services = compose["services"]
    for app in APPS:
        depends = services[app]["depends_on"]
        assert depends[f"{app}-migrate"]["condition"] == "service_completed_successfully"
        migrate = services[f"{app}-migrate"]
        assert migrate["command"][-1] == app and "migrate.py" in " ".join(migrate["command"])
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["frontend"]["depends_on"]["gateway"]["condition"] == "service_healthy"


def test_every_long_running_container_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        if name.endswith("-migrate") or service.get("restart") == "no":  # one-shot jobs
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_postgres_gets_one_database_and_role_per_service(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert any("infra/postgres/init.sh" in volume for volume in postgres["volumes"])
    for app in APPS:
        assert f"{app.upper()}_DB_PASSWORD" in postgres["environment"]
        url = compose["services"][app]["environment"][f"{app.upper()}_DATABASE_URL"]
        assert url.startswith(f"postgresql://{app}:") and url.endswith(f"@postgres:5432/{app}")
    init = ROOT / "infra" / "postgres" / "init.sh"
    assert os.access(init, os.X_OK)
    assert subprocess.run(["bash", "-n", str(init)]).returncode == 0


def test_image_is_slim_python_non_root_with_healthcheck():
    dockerfile = (ROOT / "infra" / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert "python:3.11-slim" in dockerfile
    assert "RUN pip install ." in dockerfile
    assert re.search(r"^USER cocrea$", dockerfile, re.M)
    assert re.search(r"^HEALTHCHECK ", dockerfile, re.M)
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.M):
        if "--from=" in line:
            continue
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), f"the Dockerfile copies {source}: it does not exist"


def test_tracking_keeps_evidence_in_minio_set_up_before_it_starts(compose):
    services = compose["services"]
    minio, setup, tracking = services["minio"], services["minio-setup"], services["tracking"]
    assert re.fullmatch(r"minio/minio:RELEASE\.[0-9TZ-]+", minio["image"])  # pinned
    assert re.fullmatch(r"minio/mc:RELEASE\.[0-9TZ-]+", setup["image"])
    assert any(volume.startswith("minio-data:") for volume in minio["volumes"])
    assert "minio-data" in compose["volumes"] and not minio.get("ports")
    assert any("infra/minio/setup.sh" in volume for volume in setup["volumes"])
    assert setup["depends_on"]["minio"]["condition"] == "service_healthy"
    assert tracking["depends_on"]["minio-setup"]["condition"] == "service_completed_successfully"
    script = ROOT / "infra" / "minio" / "setup.sh"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    text = script.read_text(encoding="utf-8")
    assert "mc version enable" in text and "s3:DeleteObject" not in text
    env = tracking["environment"]
    assert env["TRACKING_EVIDENCE_STORE"] == "s3"
    assert env["TRACKING_EVIDENCE_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert env["TRACKING_EVIDENCE_S3_BUCKET"] == setup["environment"]["EVIDENCE_BUCKET"]
    from tracking.config import TrackingSettings

    fields = set(TrackingSettings.model_fields)
    for key in env:
        assert key.removeprefix("TRACKING_").lower() in fields, f"{key} is no tracking setting"
