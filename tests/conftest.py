"""Shared test settings: hypothesis profiles and small helpers."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from simulator.analysis.statistics import proportion_standard_error

# CI runs more examples; both are derandomized so a failure reproduces.
settings.register_profile(
    "dev", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Tolerance of Monte Carlo checks, in standard errors: a correct engine fails one
#: comparison with probability about 6e-5.
Z_TOLERANCE = 4.0


#: Standard error of an observed proportion with true value `p` over `n` trials: the app's own definition.
proportion_se = proportion_standard_error


@pytest.fixture(scope="session", autouse=True)
def private_library(tmp_path_factory):
    """Every test session gets its own scenario library, never the one beside the app."""
    url = f"sqlite:///{tmp_path_factory.mktemp('library') / 'library.sqlite'}"
    previous = os.environ.get("FUNNEL_LIBRARY_URL")
    os.environ["FUNNEL_LIBRARY_URL"] = url
    yield url
    if previous is None:
        del os.environ["FUNNEL_LIBRARY_URL"]
    else:
        os.environ["FUNNEL_LIBRARY_URL"] = previous


# --- real-browser tests (see ../shared/BROWSER.md) ---------------------------------------------------


ROOT = Path(__file__).parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def missing(message: str) -> None:
    """A tool the tests need is not installed: skip with how to install it, but fail in CI, which installs it."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str | None:
    """Debian's Chromium: Playwright's own browser download is not possible here."""
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        missing("No Chromium found: install it with `apt-get install -y chromium` to run the browser tests.")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@contextlib.contextmanager
def streamlit_server(environment: dict[str, str] | None = None, *, script: Path = ROOT / "app.py"):
    """`streamlit run script` on a free loopback port, with `environment` added to ours, once it answers its
    health check; yields its URL and its process (the benchmarks read its memory and CPU time)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script.name,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=script.parent,
        env={**os.environ, **(environment or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"{script.name} did not start") from None
                time.sleep(0.3)
        yield url, server
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="session")
def app_url():
    """`streamlit run app.py` on a free port, once it answers its health check."""
    with streamlit_server() as (url, _):
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- a real PostgreSQL server for the library tests -------------------------------------------------


def postgres_binaries() -> Path | None:
    """Debian's PostgreSQL server programs (package `postgresql`), newest first."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster on a free localhost port, which a test may stop and start again."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="funnel-pg-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:  # PostgreSQL refuses to run as root: its files belong to the postgres user
            self.root.chmod(0o755)
            shutil.chown(self.root, "postgres", "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.data = self.root / "data"
        self.run(
            binaries / "initdb", "-D", self.data, "--auth=trust", "-U", "postgres", "--encoding=UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, text=True)

    def start(self) -> None:
        self.run(
            self.binaries / "pg_ctl", "-D", self.data, "-w", "-l", self.root / "server.log",
            "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(self.binaries / "pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop")

    def new_database(self) -> str:
        """The URL of a new, empty database in this cluster."""
        return new_database(self.url)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def new_database(server_url: str) -> str:
    """The URL of a new, empty database on the PostgreSQL server at `server_url`."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def postgres_cluster() -> PostgresCluster:
    binaries = postgres_binaries()
    if binaries is None:
        missing("No PostgreSQL server found: install it with `apt-get install -y postgresql` to run these tests.")
    return PostgresCluster(binaries)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on a free localhost port, for this test session only."""
    cluster = postgres_cluster()
    cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.stop()
        cluster.remove()


@pytest.fixture
def restartable_postgres():
    """A PostgreSQL cluster of this test's own, which it may stop and start (the shared one must stay up)."""
    cluster = postgres_cluster()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by the test
            cluster.stop()
        cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def library_url(request, tmp_path):
    """A new, empty library: a SQLite file, or a database of its own on the shared PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite'}"
    return new_database(request.getfixturevalue("postgres_server"))
