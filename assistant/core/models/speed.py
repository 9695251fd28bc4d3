"""How fast a model would generate on this computer, from a short measured probe.

Generating one token reads every weight the token passes through once, so on a CPU (and on
most GPUs) generation is bound by memory bandwidth: the time per token is a fixed cost
(sampling, building the graph, Python) plus the bytes read per token times the seconds per
byte this machine reaches. The probe measures both on this computer, once:

- the starter model (about 100 MB, read in full for every token) gives the seconds per byte;
- a tiny model (core/models/tiny_model.py's default, 190 KB, written once into the cache) gives the
  fixed cost per token (sampling, the graph, Python), which dominates only for tiny models.

Both run in a child process (``python -m assistant.core.models.speed MODEL TOKENS``), so the
app's engine thread stays the only thread that ever decodes on its model (FIELD-NOTES: a second
decoding thread slows every later token). The result is kept with a timestamp in Quill's cache
folder and measured again only when the llama.cpp build or CPU changes, or after PROBE_MAX_AGE.

Bytes per token: the weights' size; for a mixture of experts only the active share (the
catalog's ``active_parameters``, or the file's ``expert_used_count / expert_count``).

The bound (checked by tests/core/models/test_speed.py against real runs of the starter model,
the tiny model and Gemma 3 270M when installed): the estimate is within a factor of
SPEED_BOUND (1.5x either way) of a real short generation on an idle machine, for dense CPU
models. Busy machines, long contexts (attention grows with depth) and GPU offload make
real speed differ more; the estimate says "about".
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.files import atomic_write_text
from assistant.core.paths import QuillPaths, quill_paths

log = logging.getLogger(__name__)

PROBE_VERSION = 1
PROBE_TOKENS = 64  # tokens generated per model: about a second on the starter model here
PROBE_RUNS = 2  # runs per model; the fastest counts
PROBE_TIMEOUT = 120.0
PROBE_MAX_AGE = 30 * 24 * 3600.0  # seconds: measured again after a month (machines change)
OK_PREFIX = "QUILL-SPEED "
SPEED_BOUND = 1.5  # the estimate is within this factor of a real run (either way), see above
SLOW_TOKENS_PER_SECOND = 5.0  # below this a reply crawls (slower than reading): "fits, slow"
WORDS_PER_TOKEN = 0.75  # English text; Chinese is about one character per token


@dataclass(frozen=True)
class SpeedProbe:
    """What the probe measured, and the line through it: seconds per token = overhead + bytes × per_byte."""

    seconds_per_byte: float
    overhead_seconds: float
    reference_bytes: int  # the starter model's weights
    reference_tokens_per_second: float  # the starter model, measured
    small_bytes: int
    small_tokens_per_second: float
    measured_at: float  # Unix time
    fingerprint: str  # the llama.cpp build and CPU it was measured on
    version: int = PROBE_VERSION

    def tokens_per_second(self, bytes_per_token: int) -> float:
        """Expected generation speed for a model reading ``bytes_per_token`` bytes of weights per token."""
        return estimate_tokens_per_second(self.seconds_per_byte, self.overhead_seconds, bytes_per_token)

    @property
    def measured_on(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.measured_at))


def estimate_tokens_per_second(seconds_per_byte: float, overhead_seconds: float, bytes_per_token: int) -> float:
    """The bandwidth model: 1 / (overhead + bytes × seconds per byte)."""
    per_token = max(0.0, overhead_seconds) + max(0, bytes_per_token) * max(0.0, seconds_per_byte)
    return 1.0 / per_token if per_token > 0 else 0.0


def fit_line(reference: tuple[int, float], small: tuple[int, float]) -> tuple[float, float]:
    """Seconds per byte and overhead from two (bytes, tokens per second) measurements.

    A small model that is not faster per byte (a noisy run) leaves no room for an overhead:
    then the reference alone sets the line through the origin, which never overestimates speed.
    """
    (big_bytes, big_tps), (small_bytes, small_tps) = reference, small
    big_t, small_t = 1.0 / big_tps, 1.0 / small_tps
    if big_bytes > small_bytes and big_t > small_t:
        per_byte = (big_t - small_t) / (big_bytes - small_bytes)
        overhead = small_t - small_bytes * per_byte
        if overhead >= 0:
            return per_byte, overhead
        return big_t / big_bytes, 0.0
    return big_t / max(1, big_bytes), 0.0


def active_bytes(size_bytes: int, total_params: float = 0.0, active_params: float = 0.0) -> int:
    """Bytes read per token: the whole file for a dense model, the active share for a mixture of experts."""
    if total_params > 0 and 0 < active_params < total_params:
        return int(size_bytes * active_params / total_params)
    return size_bytes


def expert_share(hparams: dict[str, int]) -> float:
    """The share of a GGUF's weights one token reads: used experts / experts (1.0 for a dense model).

    The attention and shared weights are read in full, so this slightly overstates a MoE's speed.
    """
    count, used = hparams.get("expert_count", 0), hparams.get("expert_used_count", 0)
    return used / count if count > 1 and 0 < used < count else 1.0


def is_slow(tokens_per_second: float) -> bool:
    return 0 < tokens_per_second < SLOW_TOKENS_PER_SECOND


def words_per_second(tokens_per_second: float) -> float:
    return tokens_per_second * WORDS_PER_TOKEN


def describe_speed(tokens_per_second: float) -> str:
    """English: 'about 9 words a second' (the UI has its own translated text)."""
    words = words_per_second(tokens_per_second)
    shown = f"{words:.0f}" if words >= 2 else f"{words:.1f}"
    return f"about {shown} words a second"


# ----- the stored result ----------------------------------------------------


def probe_file(paths: QuillPaths) -> Path:
    return paths.cache_dir / "speed-probe.json"


def load_probe(
    paths: QuillPaths | None = None, current: str | None = None, now: float | None = None
) -> SpeedProbe | None:
    """The probe measured on this build and CPU within PROBE_MAX_AGE; None if there is none."""
    from assistant.core.engine.cpu_check import fingerprint

    paths = paths or quill_paths()
    try:
        data = json.loads(probe_file(paths).read_text(encoding="utf-8"))
        probe = SpeedProbe(**data)
    except (OSError, ValueError, TypeError):
        return None
    if probe.version != PROBE_VERSION or probe.fingerprint != (current or fingerprint()):
        return None
    if (now or time.time()) - probe.measured_at > PROBE_MAX_AGE:
        return None
    return probe


def save_probe(probe: SpeedProbe, paths: QuillPaths | None = None) -> None:
    paths = paths or quill_paths()
    try:
        probe_file(paths).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(probe_file(paths), json.dumps(asdict(probe), indent=2))
    except OSError as error:  # not remembered: measured again next time, nothing worse
        log.warning("could not save the speed probe: %s", error)


# ----- measuring ------------------------------------------------------------


def measure_command(model: Path, tokens: int = PROBE_TOKENS) -> list[str]:
    """The child: ``python -m assistant.core.models.speed``; the desktop bundle's executable takes ``--speed-probe``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--speed-probe", str(model), str(tokens)]
    return [sys.executable, "-m", "assistant.core.models.speed", str(model), str(tokens)]


def measure_model(model: Path, tokens: int = PROBE_TOKENS, timeout: float = PROBE_TIMEOUT) -> float:
    """Generation speed (tokens a second) of ``model`` here, measured in a child process.

    Raises:
        RuntimeError: the child failed or timed out (its last line says why).
    """
    try:
        done = subprocess.run(
            measure_command(model, tokens),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ),
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the speed probe did not finish in {timeout:.0f} s") from None
    for line in done.stdout.splitlines():
        if line.startswith(OK_PREFIX):
            return float(json.loads(line.removeprefix(OK_PREFIX))["tokens_per_second"])
    last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
    raise RuntimeError(f"the speed probe failed: {last[:200]}")


def small_model(paths: QuillPaths) -> Path:
    """The probe's tiny model (written once into Quill's cache)."""
    path = paths.cache_dir / "speed-probe" / "tiny.gguf"
    if not path.exists():
        from assistant.core.models.tiny_model import write_tiny_llama

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        write_tiny_llama(partial, name="Quill speed probe")
        os.replace(partial, path)
    return path


def run_probe(paths: QuillPaths | None = None, starter: Path | None = None) -> SpeedProbe:
    """Measure this computer now (a few seconds) and remember the result.

    Raises:
        RuntimeError: the starter model is missing or a measurement failed.
    """
    from assistant.core.engine.cpu_check import fingerprint
    from assistant.core.models.starter import find_starter_model

    paths = (paths or quill_paths()).ensure()
    starter = starter or find_starter_model()
    if starter is None:
        raise RuntimeError("the starter model is not installed, so there is nothing to measure with")
    small = small_model(paths)
    reference_bytes, small_bytes = starter.stat().st_size, small.stat().st_size
    # The best of two runs each: the probe is kept for a month, so a moment of load elsewhere must not stick.
    reference_tps = max(measure_model(starter) for _ in range(PROBE_RUNS))
    small_tps = max(measure_model(small) for _ in range(PROBE_RUNS))
    per_byte, overhead = fit_line((reference_bytes, reference_tps), (small_bytes, small_tps))
    probe = SpeedProbe(
        seconds_per_byte=per_byte,
        overhead_seconds=overhead,
        reference_bytes=reference_bytes,
        reference_tokens_per_second=reference_tps,
        small_bytes=small_bytes,
        small_tokens_per_second=small_tps,
        measured_at=time.time(),
        fingerprint=fingerprint(),
    )
    save_probe(probe, paths)
    return probe


def ensure_probe(paths: QuillPaths | None = None) -> SpeedProbe | None:
    """The remembered probe, else a new measurement; None (and a log line) if it cannot be measured."""
    paths = paths or quill_paths()
    probe = load_probe(paths)
    if probe is not None:
        return probe
    try:
        return run_probe(paths)
    except (RuntimeError, OSError) as error:
        log.warning("no speed estimate: %s", error)
        return None


def generation_speed(model: Path, tokens: int) -> float:
    """Load ``model`` here and generate ``tokens`` tokens greedily; tokens a second after the first."""
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.cancel import CancelToken
    from assistant.core.types import Finished, GenerationParams, GenerationRequest, ModelSpec

    backend = LlamaBackend()
    try:
        backend.load(ModelSpec(model, n_ctx=512, n_batch=64))
        params = GenerationParams(temperature=0, max_tokens=tokens, ignore_eos=True)
        speed = 0.0
        for event in backend.stream(GenerationRequest(prompt="The weather today is", params=params), CancelToken()):
            if isinstance(event, Finished):
                speed = event.stats.tokens_per_second
        return speed
    finally:
        backend.close()


def main(argv: list[str]) -> int:
    """The child: measure one model and print ``QUILL-SPEED {"tokens_per_second": ...}``."""
    model, tokens = Path(argv[0]), int(argv[1]) if len(argv) > 1 else PROBE_TOKENS
    speed = generation_speed(model, tokens)
    if speed <= 0:
        print("no tokens were generated", file=sys.stderr)
        return 1
    print(OK_PREFIX + json.dumps({"tokens_per_second": speed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
