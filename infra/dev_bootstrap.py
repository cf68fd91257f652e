"""Create the repository's virtualenv and keep the project installed in it.

Standard library only: this runs under whatever ``python3`` (3.11 or newer) the machine
has, including Debian's, whose ``venv`` may lack ``ensurepip``.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".cocrea-install-stamp"
PYPI = os.environ.get("COCREA_PYPI_URL", "https://pypi.org").rstrip("/")
REEXEC_MARK = "COCREA_DEV_REEXEC"


class BootstrapError(RuntimeError):
    """Something the developer must fix by hand; the message says what."""


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def venv_python() -> Path:
    return VENV / "bin" / "python"


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(*packages: str) -> bool:
    """Install Debian packages when we are root; refresh the lists once if needed."""
    if not is_root() or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    say(f"installing Debian packages: {' '.join(packages)}")
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return True
    subprocess.run(["apt-get", "update"], env=env, check=False)
    return subprocess.run(install, env=env, check=False).returncode == 0


def _works(*command: str | Path) -> bool:
    try:
        result = subprocess.run([str(c) for c in command], capture_output=True, check=False)
    except OSError:
        return False
    return result.returncode == 0


def _create_venv() -> None:
    python = sys.executable
    if not _works(python, "-c", "import venv") and not apt_install("python3-venv"):
        raise BootstrapError("this Python has no 'venv' module: install python3-venv")
    say(f"creating {VENV.relative_to(ROOT)} with {python}")
    if subprocess.run([python, "-m", "venv", str(VENV)], check=False).returncode == 0:
        return
    # Debian without python3-venv: a venv without pip, and pip from its wheel on PyPI.
    say("venv with pip failed (no ensurepip?); creating it without pip")
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([python, "-m", "venv", "--without-pip", str(VENV)], check=True)


def _download(url: str) -> bytes:
    if not url.startswith("https://") and not url.startswith("http://"):
        raise BootstrapError(f"refusing to download {url}")
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (scheme checked)
        return response.read()


def install_pip_from_wheel() -> None:
    """pip's own wheel can run pip: ``python pip.whl/pip install pip.whl``."""
    say("installing pip from its wheel on PyPI")
    index_url = f"{PYPI}/pypi/pip/json"
    meta = json.loads(_download(index_url))
    wheel = next(
        (u for u in meta["urls"] if u["packagetype"] == "bdist_wheel"),
        None,
    )
    if wheel is None:
        raise BootstrapError("PyPI lists no wheel for pip")
    data = _download(urllib.parse.urljoin(index_url, wheel["url"]))  # mirrors answer relative
    if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
        raise BootstrapError("the downloaded pip wheel does not match PyPI's sha256")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        path.write_bytes(data)
        subprocess.run(
            [str(venv_python()), f"{path}/pip", "install", "--no-index", str(path)], check=True
        )


def source_roots() -> list[Path]:
    """The folders setuptools finds packages in (``[tool.setuptools.packages.find] where``)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    where = config.get("tool", {}).get("setuptools", {}).get("packages", {}).get("find", {})
    return [ROOT / folder for folder in where.get("where", ["."])]


def package_dirs() -> list[str]:
    """Top-level packages setuptools will find; an editable install maps them when it runs,
    so a package added later (a new service) needs a reinstall too."""
    found = []
    for base in source_roots():
        if base.is_dir():
            found += [str(p.parent.relative_to(ROOT)) for p in sorted(base.glob("*/__init__.py"))]
    return found


def source_roots_pth() -> Path | None:
    site_packages = sorted(VENV.glob("lib/python3*/site-packages"))
    return site_packages[-1] / "cocrea-source-roots.pth" if site_packages else None


def write_source_roots_pth() -> None:
    """Put the source roots on the venv's ``sys.path``.

    setuptools' editable finder is asked only after the normal path scan, and with the
    repository root on ``sys.path`` (pytest's rootdir, ``python -c``) that scan takes the
    outer ``gateway/`` folder for a namespace package: ``gateway`` would import, but
    ``importlib.resources.files("gateway")`` would point at the wrong folder. A regular
    package found on any ``sys.path`` entry beats a namespace portion, so listing the roots
    here makes the real packages win.
    """
    path = source_roots_pth()
    if path is None:
        raise BootstrapError(f"no site-packages folder in {VENV}")
    path.write_text("".join(f"{root}\n" for root in source_roots()))


def install_fingerprint() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update("\n".join(package_dirs()).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    """Two launchers bootstrapping at once would run two pip installs into one venv."""
    lock_path = ROOT / "var" / ".bootstrap.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_venv() -> None:
    with _lock():
        if not _works(venv_python(), "-c", "import sys; assert sys.version_info >= (3, 11)"):
            shutil.rmtree(VENV, ignore_errors=True)
            _create_venv()
        if not _works(venv_python(), "-m", "pip", "--version"):
            install_pip_from_wheel()
        fingerprint = install_fingerprint()
        pth = source_roots_pth()
        if STAMP.is_file() and STAMP.read_text().strip() == fingerprint and pth and pth.is_file():
            return
        say('installing the project: pip install -e ".[test]"')
        pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True, cwd=ROOT)
        write_source_roots_pth()
        STAMP.write_text(fingerprint + "\n")


def reexec_in_venv(script: str) -> None:
    """Continue under the venv's Python (same arguments); no-op when already there."""
    if in_venv():
        return
    if os.environ.get(REEXEC_MARK):
        raise BootstrapError(f"re-executed but still outside {VENV} (sys.prefix={sys.prefix})")
    os.environ[REEXEC_MARK] = "1"
    python = str(venv_python())
    os.execv(python, [python, script, *sys.argv[1:]])  # noqa: S606 (our own venv's Python)


def bootstrap(script: str) -> None:
    try:
        ensure_venv()
    except (BootstrapError, subprocess.CalledProcessError, OSError) as exc:
        say(f"bootstrap failed: {exc}")
        raise SystemExit(2) from exc
    reexec_in_venv(script)
