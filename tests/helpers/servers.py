"""Start real HTTP servers as subprocesses on a free loopback port, and wait until they answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(
    args: Sequence[str],
    url: str,
    *,
    log: Path,
    env: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 90.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args``; yield once ``url`` answers 200; terminate (then kill) it afterwards."""
    with open(log, "wb") as out:
        process = subprocess.Popen(list(args), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{args[:3]} exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}"
                    )
                try:
                    if httpx.get(url, headers=headers, timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer within {timeout} s")
                time.sleep(0.2)  # waiting for another process to start listening
            yield process
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


# llama-cpp-python's server, loading its model as Quill's CPU check found safe on this build and CPU:
# on a build whose extra buffer types die here (AMX), the peer loads without them, as Quill does.
_PEER = """
import runpy, sys
if sys.argv[1] == "safe":
    import llama_cpp.llama_cpp as ll
    default = ll.llama_model_default_params
    def without_extra_buffers():
        params = default()
        params.use_extra_bufts = False
        return params
    ll.llama_model_default_params = without_extra_buffers
sys.argv = ["llama_cpp.server", *sys.argv[2:]]
runpy.run_module("llama_cpp.server", run_name="__main__")
"""


def _peer_mode() -> str:
    from assistant.core.engine.cpu_check import ensure_checked

    return "full" if ensure_checked().mode == "full" else "safe"


def llama_cpp_server(
    model: Path, port: int, log: Path, n_ctx: int = 2048
) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """llama-cpp-python's own OpenAI-compatible server (its `server` extra), serving ``model``."""
    return running(
        [
            sys.executable,
            "-c",
            _PEER,
            _peer_mode(),
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(n_ctx),
            "--n_threads",
            "1",
        ],
        f"http://127.0.0.1:{port}/v1/models",
        log=log,
    )
