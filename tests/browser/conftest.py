"""Fixtures for the app's tests: the viz modules on the import path, the app served by `solara run` on a
free loopback port, and Debian's headless chromium driven by playwright.

A missing chromium fails the tests (CI installs it with apt-get); `playwright install` is never needed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VIZ = REPO / "viz"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# --no-sandbox: CI runs as root; the others stop chromium's own connections to outside hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 120

sys.path.insert(0, str(VIZ))  # solara run does the same for the app's sibling modules


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass(frozen=True)
class ServedApp:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (Linux /proc): unlike wall time, it does not grow
        when other work shares the machine."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        user_ticks, system_ticks = int(fields[11]), int(fields[12])
        return (user_ticks + system_ticks) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="session")
def served_app(artifacts: Path):
    """`solara run viz/app.py` in production mode, with telemetry, version checks and browser launch off."""
    port = _free_port()
    log = (artifacts / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "solara",
            "run",
            str(VIZ / "app.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--production",
            "--no-open",
            "--no-check-version",
        ],  # fmt: skip
        cwd=REPO,
        env={**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            assert server.poll() is None, f"solara run exited; see {artifacts / 'server.log'}"
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"solara run did not answer in {SERVER_START_SECONDS} s"
                time.sleep(0.5)
        yield ServedApp(url, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
