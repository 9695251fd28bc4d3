"""The CPU check's child: ``python -m assistant.core.engine.cpu_probe MODE MODEL [TOKENS]``.

Loads the probe model through Quill's own llama.cpp backend in MODE (``full`` or
``no_extra_buffers``), reads a TOKENS-token prompt in one batch, generates one token
and prints ``QUILL-CPU-CHECK ok``. A build that cannot run on this CPU kills this
process (SIGILL), not the app: core/engine/cpu_check.py reads how it ended.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.core.engine.cpu_check import OK_LINE, PROBE_TOKENS


def main(argv: list[str]) -> int:
    from assistant.core.backends.llama import LlamaBackend
    from assistant.core.cancel import CancelToken
    from assistant.core.types import Finished, GenerationParams, GenerationRequest, ModelSpec

    mode, model = argv[0], Path(argv[1])
    n_tokens = int(argv[2]) if len(argv) > 2 else PROBE_TOKENS
    backend = LlamaBackend()
    backend.load(ModelSpec(model, n_ctx=2 * n_tokens, n_batch=n_tokens, extra_buffers=mode == "full"))
    # Printable ASCII pieces are single tokens in the probe model's vocabulary: one token each.
    prompt = "".join(chr(33 + (i * 7) % 90) for i in range(n_tokens - 2))
    params = GenerationParams(temperature=0, max_tokens=1, ignore_eos=True)
    finished = None
    for event in backend.stream(GenerationRequest(prompt=prompt, params=params), CancelToken()):
        if isinstance(event, Finished):
            finished = event
    backend.close()
    if finished is None or finished.stats.prompt_eval_tokens < n_tokens // 2:
        print(f"the prompt was not evaluated in full ({finished})", file=sys.stderr)
        return 1
    print(f"{OK_LINE}: {mode}, {finished.stats.prompt_eval_tokens} prompt tokens, 1 generated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
