"""``infra/k8s``: the production overlay renders, every object is valid against the
Kubernetes schemas (offline, ``kubernetes-validate``), and the rules we rely on hold."""

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT
from tests.k8s.render import render

K8S = ROOT / "infra" / "k8s"
OVERLAY = K8S / "overlays" / "production"
KUBERNETES_VERSION = "1.30.0"
PROCESSES = {"gateway", "consultation", "roadmaps", "tracking", "frontend"}
DATABASES = {"gateway", "consultation", "roadmaps", "tracking"}


@pytest.fixture(scope="module")
def objects() -> list[dict]:
    return render(OVERLAY)


def by_kind(objects: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_every_object_is_valid_against_the_kubernetes_schemas(objects):
    assert len(objects) >= 25
    for obj in objects:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
def test_the_renderer_agrees_with_kubectl_kustomize(objects):
    out = subprocess.run(
        ["kubectl", "kustomize", str(OVERLAY)], capture_output=True, text=True, check=True
    ).stdout
    rendered = {(o["kind"], o["metadata"]["name"]): o for o in yaml.safe_load_all(out) if o}
    assert rendered == {(o["kind"], o["metadata"]["name"]): o for o in objects}


def test_every_process_is_a_stateless_deployment_with_probes_limits_and_autoscaling(objects):
    deployments = by_kind(objects, "Deployment")
    hpas = by_kind(objects, "HorizontalPodAutoscaler")
    assert PROCESSES <= set(deployments) and PROCESSES == set(hpas)
    assert PROCESSES <= set(by_kind(objects, "Service"))
    for name in PROCESSES:
        pod = deployments[name]["spec"]["template"]["spec"]
        [container] = pod["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        assert container["image"].endswith(":1.0.0")
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["terminationGracePeriodSeconds"] >= 40  # serve.py's graceful stop
        assert "volumeClaimTemplates" not in deployments[name]["spec"]
        assert hpas[name]["spec"]["minReplicas"] >= 2
        assert all(o["metadata"]["namespace"] == "cocrea" for o in (deployments[name],))


def test_postgresql_is_external_and_secrets_are_only_referenced(objects):
    kinds = {o["kind"] for o in objects}
    assert "Secret" not in kinds and "StatefulSet" not in kinds  # no DB, no secret values
    assert not any("postgres" in str(o.get("spec", {})).split("image")[-1] for o in objects)
    text = yaml.safe_dump_all(objects)
    assert "BEGIN PRIVATE KEY" not in text and "secretKeyRef" in text
    jobs = by_kind(objects, "Job")
    assert {f"{name}-migrate" for name in DATABASES} == set(jobs)
    redis = by_kind(objects, "Deployment")["redis"]
    assert redis["spec"]["template"]["spec"]["containers"][0]["image"].startswith("redis:")
    gateway_env = by_kind(objects, "Deployment")["gateway"]["spec"]["template"]["spec"]
    names = {e["name"] for e in gateway_env["containers"][0]["env"]}
    assert {"GATEWAY_REDIS_URL", "GATEWAY_DATABASE_URL", "GATEWAY_METRICS_TOKEN"} <= names
    assert {"GATEWAY_SMTP_USERNAME", "GATEWAY_SMTP_PASSWORD"} <= names


def test_the_gateway_mails_over_smtp_and_keeps_nothing_on_the_pod(objects):
    config = by_kind(objects, "ConfigMap")["cocrea-config"]["data"]
    assert config["GATEWAY_SMTP_HOST"] and "GATEWAY_MAIL_DIR" not in config
    pod = by_kind(objects, "Deployment")["gateway"]["spec"]["template"]["spec"]
    assert [v["name"] for v in pod["volumes"]] == ["tmp"]  # no mail spool on an emptyDir
    refs = {
        e["name"]: e["valueFrom"]["secretKeyRef"]["name"]
        for e in pod["containers"][0]["env"]
        if "secretKeyRef" in e.get("valueFrom", {})
    }
    assert refs["GATEWAY_SMTP_PASSWORD"] == refs["GATEWAY_SMTP_USERNAME"] == "cocrea-smtp"


def test_client_addresses_come_from_the_ingress_and_the_signed_website(objects):
    config = by_kind(objects, "ConfigMap")["cocrea-config"]["data"]
    assert config["GATEWAY_TRUSTED_PROXIES"] == config["FRONTEND_TRUSTED_PROXIES"]
    for name in ("gateway", "frontend"):
        spec = by_kind(objects, "Deployment")[name]["spec"]["template"]["spec"]
        env = {e["name"]: e for e in spec["containers"][0]["env"]}
        ref = env[f"{name.upper()}_CLIENT_ADDRESS_SECRET"]["valueFrom"]["secretKeyRef"]
        assert ref == {"name": "cocrea-secrets", "key": "client-address-secret"}


def test_the_example_secrets_are_not_part_of_the_kustomization():
    base = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    assert "secrets.example.yaml" not in base["resources"]
    for path in Path(K8S).rglob("*.yaml"):
        assert yaml.safe_load_all(path.read_text())  # every file parses


def test_tracking_keeps_evidence_in_s3_and_only_scratch_on_pod_volumes(objects):
    pod = by_kind(objects, "Deployment")["tracking"]["spec"]["template"]["spec"]
    [container] = pod["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["TRACKING_EVIDENCE_STORE"]["value"] == "s3"
    for name in ("BUCKET", "REGION", "ENDPOINT_URL", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY"):
        ref = env[f"TRACKING_EVIDENCE_S3_{name}"]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == "cocrea-evidence-s3"
    # Nothing stateful on the pod: the only emptyDirs are named scratch, none at /app/var.
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert set(volumes) == {"tmp", "evidence-spool"}
    assert all("emptyDir" in v for v in volumes.values())
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert "/app/var" not in mounts.values()
    assert env["TRACKING_EVIDENCE_SPOOL_DIR"]["value"] == mounts["evidence-spool"]
    example = yaml.safe_load_all((K8S / "base" / "secrets.example.yaml").read_text())
    keys = next(s for s in example if s["metadata"]["name"] == "cocrea-evidence-s3")
    assert {"bucket", "region", "access-key-id", "secret-access-key"} <= set(keys["stringData"])


def test_no_emptydir_holds_state_anywhere(objects):
    """An emptyDir dies with its pod: only named scratch (``tmp``, ``*-spool``) may be one.
    Redis is the documented exception: rate limits that need not survive a restart."""
    for obj in objects:
        if obj["kind"] not in ("Deployment", "Job"):
            continue
        pod = obj["spec"]["template"]["spec"]
        for volume in pod.get("volumes", []):
            if "emptyDir" not in volume or (obj["metadata"]["name"], volume["name"]) == (
                "redis",
                "data",
            ):
                continue
            name = f"{obj['metadata']['name']}/{volume['name']}"
            assert volume["name"] == "tmp" or volume["name"].endswith("-spool"), name
        for container in pod["containers"]:
            mounts = [m["mountPath"] for m in container.get("volumeMounts", [])]
            assert "/app/var" not in mounts, obj["metadata"]["name"]


SERVICE_PORTS = {"consultation": 8101, "roadmaps": 8102, "tracking": 8103}


def _sources(policy: dict) -> tuple[set[str], set[int]]:
    names, ports = set(), set()
    for rule in policy["spec"].get("ingress", []):
        for peer in rule.get("from", []):
            labels = peer.get("podSelector", {}).get("matchLabels", {})
            if "app.kubernetes.io/name" in labels:
                names.add(labels["app.kubernetes.io/name"])
        ports |= {p["port"] for p in rule.get("ports", [])}
    return names, ports


def test_only_the_gateway_and_event_producers_reach_the_services(objects):
    policies = by_kind(objects, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny["podSelector"] == {} and deny["policyTypes"] == ["Ingress"]
    assert "ingress" not in deny
    for name, port in SERVICE_PORTS.items():
        policy = policies[f"{name}-ingress"]
        assert policy["spec"]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": name}
        sources, ports = _sources(policy)
        assert "gateway" in sources and "frontend" not in sources and name not in sources
        assert sources <= {"gateway", *SERVICE_PORTS}  # the gateway, and event producers
        assert ports == {port}
        for rule in policy["spec"]["ingress"]:
            assert rule.get("from"), "a rule without 'from' admits every pod"
    redis_sources, _ = _sources(policies["redis-ingress"])
    assert redis_sources == {"gateway"}


def test_each_service_and_the_gateway_share_that_service_own_secret(objects):
    deployments = by_kind(objects, "Deployment")

    def env(name: str) -> dict[str, dict]:
        [container] = deployments[name]["spec"]["template"]["spec"]["containers"]
        return {e["name"]: e for e in container["env"]}

    gateway = env("gateway")
    secrets = gateway["GATEWAY_SERVICE_SECRETS"]["value"]
    for name in SERVICE_PORTS:
        key = env(name)[f"{name.upper()}_GATEWAY_SECRET"]["valueFrom"]["secretKeyRef"]["key"]
        via = gateway[f"SERVICE_SECRET_{name.upper()}"]["valueFrom"]["secretKeyRef"]["key"]
        assert key == via == f"gateway-secret-{name}"
        assert f'"{name}": "$(SERVICE_SECRET_{name.upper()})"' in secrets


def test_each_producer_signs_events_with_its_own_secret_key_and_all_read_the_public_map(objects):
    deployments = by_kind(objects, "Deployment")
    signing_secrets = {}
    for name in DATABASES:  # the four producers: gateway and the three services
        [container] = deployments[name]["spec"]["template"]["spec"]["containers"]
        env = {e["name"]: e for e in container["env"]}
        signing = env[f"{name.upper()}_EVENT_SIGNING_KEY"]["valueFrom"]["secretKeyRef"]
        assert signing == {"name": f"cocrea-event-key-{name}", "key": "private-key"}
        signing_secrets[name] = signing["name"]
        public = env[f"{name.upper()}_EVENT_PUBLIC_KEYS"]["valueFrom"]["configMapKeyRef"]
        assert public == {"name": "cocrea-event-public-keys", "key": "public-keys"}
    # No Deployment reads another producer's private key.
    for name, deployment in deployments.items():
        text = yaml.safe_dump(deployment)
        others = [s for producer, s in signing_secrets.items() if producer != name]
        assert not any(secret in text for secret in others), name
    # The shared secret signs no event: only the gateway and tracking still get it.
    for name in ("consultation", "roadmaps"):
        [container] = deployments[name]["spec"]["template"]["spec"]["containers"]
        assert f"{name.upper()}_INTERNAL_SECRET" not in {e["name"] for e in container["env"]}
    examples = list(yaml.safe_load_all((K8S / "base" / "secrets.example.yaml").read_text()))
    named = {(o["kind"], o["metadata"]["name"]) for o in examples}
    assert {("Secret", s) for s in signing_secrets.values()} <= named
    assert ("ConfigMap", "cocrea-event-public-keys") in named
