"""Nothing leaves the machine: the suite's network guard works, and Quill opens no socket on its own."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.netguard import Guard, NetworkBlocked

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def loopback_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"local ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_connection_off_the_machine_is_blocked_and_recorded(no_network: Guard) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkBlocked):
        sock.connect(("93.184.216.34", 80))
    with pytest.raises(urllib.error.URLError):  # a name lookup is blocked before any packet leaves
        urllib.request.urlopen("https://huggingface.co/api/models", timeout=2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkBlocked):
        sock.sendto(b"x", ("8.8.8.8", 53))
    assert len(no_network.attempts) == 3, no_network.attempts
    no_network.attempts.clear()  # recorded attempts fail the test; these were the point of it


def test_a_caught_attempt_still_fails_the_test(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.conftest import no_network  # noqa: F401\n")
    (tmp_path / "test_sneaky.py").write_text(
        "import socket\n"
        "def test_sneaky():\n"
        "    try:\n"
        "        socket.create_connection(('10.255.255.1', 80), timeout=1)\n"
        "    except OSError:\n"
        "        pass\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            os.devnull,
            f"--rootdir={tmp_path}",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert "1 passed, 1 error" in result.stdout
    assert "tried to use the network" in result.stdout and "10.255.255.1" in result.stdout


def test_loopback_stays_open(loopback_server: str, no_network: Guard) -> None:
    with urllib.request.urlopen(loopback_server, timeout=5) as response:
        assert response.read() == b"local ok"
    assert no_network.attempts == []


@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_quill_opens_no_network_socket_at_start_up_or_while_answering(quill_home: Path) -> None:
    env = {**os.environ, "QUILL_HOME": str(quill_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.helpers.socket_audit_child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr[-2000:]
    assert report["events"] == []
    assert report["inet_sockets"] == []
