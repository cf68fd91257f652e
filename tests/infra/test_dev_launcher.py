"""``infra/dev.py``: the environment it gives the stack and when it reinstalls the project."""

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

INFRA = ROOT / "infra"
sys.path.insert(0, str(INFRA))

import dev_bootstrap  # noqa: E402
import dev_stack  # noqa: E402


def load_dev_cli():
    spec = importlib.util.spec_from_file_location("cocrea_dev_cli", INFRA / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_default_ports_are_the_documented_ones():
    assert dev_stack.Ports().all() == {
        "gateway": 8000,
        "consultation": 8101,
        "roadmaps": 8102,
        "tracking": 8103,
        "frontend": 8080,
    }
    assert dev_stack.Ports(20000).of("frontend") == 20080


def test_services_verify_tokens_with_the_gateway_and_send_events_to_each_other(tmp_path):
    env = dev_stack.stack_env(dev_stack.Ports(30000), tmp_path, {})
    for name in dev_stack.SERVICES:
        prefix = name.upper()
        assert env[f"{prefix}_JWKS_URL"] == "http://127.0.0.1:30000/.well-known/jwks.json"
        destinations = json.loads(env[f"{prefix}_EVENT_DESTINATIONS"])
        assert name not in destinations
        assert set(dev_stack.SERVICES) - {name} <= set(destinations)
        assert env[f"{prefix}_DATABASE_URL"].endswith(f"{tmp_path}/{name}.sqlite3")
        assert env[f"{prefix}_ENVIRONMENT"] == "dev"
    assert json.loads(env["GATEWAY_SERVICE_URLS"])["tracking"] == "http://127.0.0.1:30103"
    assert env["FRONTEND_GATEWAY_URL"] == "http://127.0.0.1:30000"
    assert env["GATEWAY_WEBSITE_URL"] == "http://127.0.0.1:30080"  # e-mailed links


def test_one_generated_secret_is_shared_and_kept_between_runs(tmp_path):
    first = dev_stack.stack_env(dev_stack.Ports(), tmp_path, {})
    second = dev_stack.stack_env(dev_stack.Ports(), tmp_path, {})
    secrets = {first[f"{p}_INTERNAL_SECRET"] for p in ("GATEWAY", "TRACKING")}
    assert len(secrets) == 1 and len(secrets.pop()) >= 32
    assert first["TRACKING_INTERNAL_SECRET"] == second["TRACKING_INTERNAL_SECRET"]
    assert (tmp_path / "dev-secret").stat().st_mode & 0o077 == 0
    # Events are signed per process (kit.event_signing), not with the shared secret.
    assert "ROADMAPS_INTERNAL_SECRET" not in first and "CONSULTATION_INTERNAL_SECRET" not in first


def test_each_process_gets_its_own_event_key_and_every_public_key(tmp_path):
    from kit.event_signing import public_key_of

    first = dev_stack.stack_env(dev_stack.Ports(), tmp_path, {})
    second = dev_stack.stack_env(dev_stack.Ports(), tmp_path, {})
    processes = ("gateway", *dev_stack.SERVICES)
    private = {name: first[f"{name.upper()}_EVENT_SIGNING_KEY"] for name in processes}
    assert len(set(private.values())) == len(processes)
    for name in processes:
        public = json.loads(first[f"{name.upper()}_EVENT_PUBLIC_KEYS"])
        assert public == {other: [public_key_of(key)] for other, key in private.items()}
        assert second[f"{name.upper()}_EVENT_SIGNING_KEY"] == private[name]  # kept
        key_file = tmp_path / "keys" / "events" / f"{name}.json"
        assert key_file.stat().st_mode & 0o077 == 0


def test_exported_variables_win(tmp_path):
    env = dev_stack.stack_env(
        dev_stack.Ports(), tmp_path, {"ROADMAPS_LOG_LEVEL": "DEBUG", "TRACKING_DATABASE_URL": "x"}
    )
    assert env["ROADMAPS_LOG_LEVEL"] == "DEBUG" and env["TRACKING_DATABASE_URL"] == "x"


def test_a_busy_port_is_reported_with_a_way_out():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        base = busy.getsockname()[1]
        with pytest.raises(dev_stack.StackError, match="--port-base"):
            dev_stack.check_ports_free(dev_stack.Ports(base))


def test_project_is_reinstalled_when_pyproject_or_packages_change(tmp_path, monkeypatch):
    (tmp_path / "libs" / "kit").mkdir(parents=True)
    (tmp_path / "libs" / "kit" / "__init__.py").write_text("")
    pyproject = '[tool.setuptools.packages.find]\nwhere = ["libs", "frontend"]\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    monkeypatch.setattr(dev_bootstrap, "ROOT", tmp_path)
    original = dev_bootstrap.install_fingerprint()
    assert dev_bootstrap.install_fingerprint() == original
    (tmp_path / "frontend" / "frontend").mkdir(parents=True)
    (tmp_path / "frontend" / "frontend" / "__init__.py").write_text("")
    with_package = dev_bootstrap.install_fingerprint()
    assert with_package != original
    (tmp_path / "pyproject.toml").write_text(pyproject + "# changed\n")
    assert dev_bootstrap.install_fingerprint() != with_package


def test_arguments_after_double_dash_go_to_pytest():
    cli = load_dev_cli()
    assert cli.parse(["test", "--", "-k", "home", "-x"]).pytest_args == ["--", "-k", "home", "-x"]
    up = cli.parse(["up", "--port-base", "41000", "--data-dir", "/tmp/x"])
    assert (up.port_base, up.data_dir) == (41000, Path("/tmp/x"))


def test_the_launcher_uses_only_the_standard_library():
    allowed_local = {"dev_bootstrap", "dev_stack", "dev_checks"}
    for name in ("dev.py", "dev_bootstrap.py", "dev_stack.py", "dev_checks.py"):
        source = (INFRA / name).read_text(encoding="utf-8")
        for line in source.splitlines():
            words = line.split()
            if line.startswith(("import ", "from ")) and len(words) > 1:
                top = words[1].split(".")[0]
                assert top in sys.stdlib_module_names or top in allowed_local, (name, line)


def test_ci_script_runs_the_launcher_with_postgres():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    text = ci.read_text(encoding="utf-8")
    assert (
        "export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
        in text
    )
    assert "exec python3 infra/dev.py test" in text


def test_a_dying_process_is_reported_and_the_rest_are_stopped(tmp_path):
    def spawn(name: str, seconds: str) -> dev_stack.Process:
        log = tmp_path / f"{name}.log"
        log.write_text(f"{name} last words\n")
        popen = subprocess.Popen(["sleep", seconds])
        return dev_stack.Process(name, 0, log, popen)

    survivor, dying = spawn("gateway", "60"), spawn("tracking", "0")
    dying.popen.wait()
    with pytest.raises(dev_stack.StackError, match=r"tracking exited with code 0") as failure:
        dev_stack.supervise([survivor, dying])
    assert "tracking last words" in str(failure.value)
    dev_stack.stop_all([survivor, dying])
    assert survivor.popen.returncode == -signal.SIGTERM


def test_packages_resolve_to_their_folders_not_to_namespace_lookalikes():
    """With the repo root first on sys.path, ``gateway/`` must not shadow ``gateway/gateway/``."""
    packages = [Path(p).name for p in dev_bootstrap.package_dirs()]
    probe = (
        "import importlib, importlib.resources as r, sys\n"
        f"for name in {packages!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    print(name, module.__file__, r.files(name))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert len(lines) == len(packages)
    for line, package_dir in zip(lines, dev_bootstrap.package_dirs(), strict=True):
        _name, file, resources = line.split()
        assert file == str(ROOT / package_dir / "__init__.py"), line
        assert resources == str(ROOT / package_dir), line


def test_source_roots_pth_lists_every_where_folder(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.setuptools.packages.find]\nwhere = ["libs", "services/roadmaps"]\n'
    )
    site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    monkeypatch.setattr(dev_bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(dev_bootstrap, "VENV", tmp_path / ".venv")
    dev_bootstrap.write_source_roots_pth()
    written = (site / "cocrea-source-roots.pth").read_text().splitlines()
    assert written == [str(tmp_path / "libs"), str(tmp_path / "services" / "roadmaps")]


def test_events_reach_the_same_consumers_as_in_compose(tmp_path):
    """A notification e-mail requested by a service reaches the gateway (and so the dev
    mailbox) in dev exactly as it does in production."""
    compose = (ROOT / "docker-compose.yml").read_text()
    env = dev_stack.stack_env(dev_stack.Ports(30000), tmp_path, {})
    for name in dev_stack.SERVICES:
        key = f"{name.upper()}_EVENT_DESTINATIONS"
        value = re.search(rf"^\s*{key}: '(.+)'$", compose, re.M)
        assert value, f"{key} is not in docker-compose.yml"
        assert set(json.loads(env[key])) == set(json.loads(value[1])), name
