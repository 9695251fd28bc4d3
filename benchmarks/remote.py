"""Generation speed through the remote backend vs the same model in process, measured in one run.

    python benchmarks/remote.py [--model PATH] [--threads N] [--gen-tokens 128] [--reps 3]

The remote side is ``quill serve`` in its own process (the same llama.cpp
engine, same threads), reached over loopback HTTP by Quill's RemoteBackend: the
ratio is what HTTP, JSON and server-sent events cost per token. Runs alternate
local / remote so that machine noise hits both alike. Target: remote >= 0.95 x
local (overhead <= 5 %). The last line is the figures as one JSON object.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import N_CTX, figure, median, print_json  # also puts the project on sys.path

from assistant.core.backends.base import Backend
from assistant.core.backends.llama import LlamaBackend, default_threads
from assistant.core.backends.remote import RemoteBackend
from assistant.core.backends.remote_spec import RemoteSpec
from assistant.core.cancel import CancelToken
from assistant.core.models.starter import require_starter_model
from assistant.core.types import Finished, GenerationParams, GenerationRequest, ModelSpec, TextDelta

TARGET = 0.95
PROMPT = "<|im_start|>user\nWrite a long story about a river, a mill and a bridge.<|im_end|>\n<|im_start|>assistant\n"


def generation_speed(backend: Backend, n_gen: int) -> float:
    """Tokens/s from the first piece of text to the last, as the caller sees them arrive."""
    params = GenerationParams(temperature=0, max_tokens=n_gen, repeat_penalty=1.0, ignore_eos=True)
    stamps: list[float] = []
    generated = 0
    for event in backend.stream(GenerationRequest(prompt=PROMPT, params=params), CancelToken()):
        if isinstance(event, TextDelta):
            stamps.append(time.perf_counter())
        elif isinstance(event, Finished):
            generated = event.stats.generated_tokens
    if generated < 2 or len(stamps) < 2:
        raise RuntimeError("the model generated too little to time")
    return (generated - 1) / (stamps[-1] - stamps[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(model: Path, threads: int, port: int, home: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "serve",
            "--model",
            str(model),
            "--threads",
            str(threads),
            "--ctx",
            str(N_CTX),
            "--port",
            str(port),
        ],
        env={**os.environ, "QUILL_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"quill serve exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # waiting for another process to listen
    process.kill()
    raise RuntimeError("quill serve did not start within 120 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--gen-tokens", type=int, default=128)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    model = args.model or require_starter_model()
    threads = args.threads or default_threads()

    with tempfile.TemporaryDirectory() as home:
        port = free_port()
        server = start_server(model, threads, port, Path(home))
        local = LlamaBackend()
        local.load(ModelSpec(model, n_ctx=N_CTX, n_threads=threads))
        remote = RemoteBackend(RemoteSpec(base_url=f"http://127.0.0.1:{port}/v1"))
        remote.load()
        try:
            generation_speed(local, 8), generation_speed(remote, 8)  # warm both (prompt cached on each side)
            local_runs: list[float] = []
            remote_runs: list[float] = []
            for rep in range(args.reps):
                local_runs.append(generation_speed(local, args.gen_tokens))
                remote_runs.append(generation_speed(remote, args.gen_tokens))
                print(
                    f"rep {rep + 1}: local {local_runs[-1]:.1f} tok/s, remote {remote_runs[-1]:.1f} tok/s", flush=True
                )
        finally:
            remote.close()
            local.close()
            server.terminate()
            server.wait(30)

    ratios = [r / loc for r, loc in zip(remote_runs, local_runs)]
    ratio = median(ratios)
    figures = {
        "ratio": round(ratio, 3),
        "reference": "local in-process LlamaBackend generation tok/s, same model and threads",
        "target": f">= {TARGET} (remote overhead <= 5 %)",
        "met": ratio >= TARGET,
        "local_gen_tps": round(median(local_runs), 1),
        "remote_gen_tps": round(median(remote_runs), 1),
        "gen_tokens": args.gen_tokens,
        "reps": args.reps,
        "threads": threads,
    }
    print(f"remote / local generation speed: {ratio:.3f} (target >= {TARGET})")
    figure(
        "generation_remote_vs_local",
        median(remote_runs),
        "tok/s",
        reference=median(local_runs),
        ratio=ratio,
        target=f">= {TARGET}",
        notes=f"quill serve + RemoteBackend vs in-process LlamaBackend, same model, "
        f"n_threads {threads}, {args.gen_tokens} tokens, median ratio of {args.reps} interleaved reps",
    )
    print_json("remote", figures)


if __name__ == "__main__":
    main()
