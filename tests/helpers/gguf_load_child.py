"""Check, load and ask each model file in a list, in this (child) process, one JSON line per step.

Usage: python -m tests.helpers.gguf_load_child LIST_FILE START

A "start" line is flushed before each file and a result line after it, so when
the process dies the parent knows which file killed it and restarts from the
next one. Results:
  refused        Quill's check refused it (with its one-line message);
  llama-refused  the check passed but llama.cpp would not load it (ModelLoadError);
  answered       it loaded and generated a short reply;
  failed         it loaded but generation failed with a UserFacingError;
  error          anything else escaped: a bug.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

from assistant.core.backends.llama import LlamaBackend, is_supported_architecture
from assistant.core.cancel import CancelToken
from assistant.core.errors import ModelFileError, ModelLoadError, UserFacingError
from assistant.core.models.gguf_check import check_gguf
from assistant.core.types import Finished, GenerationParams, GenerationRequest, Message, ModelSpec, TextDelta


def emit(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def try_file(index: int, path: Path) -> None:
    if path.name == os.environ.get("QUILL_TEST_ABORT_ON"):  # proves the parent counts a crash
        os.abort()
    try:
        check_gguf(path, is_supported_architecture)
    except ModelFileError as exc:
        emit(index=index, result="refused", message=str(exc))
        return
    backend = LlamaBackend()
    try:
        backend.load(ModelSpec(path, n_ctx=128, n_threads=1, n_batch=64))
    except ModelLoadError as exc:
        emit(index=index, result="llama-refused", message=str(exc))
        return
    except ModelFileError as exc:
        emit(index=index, result="refused", message=str(exc))
        return
    try:
        params = GenerationParams(temperature=0, max_tokens=3)
        events = list(backend.stream(GenerationRequest([Message("user", "hi")], params=params), CancelToken()))
        text = "".join(e.text for e in events if isinstance(e, TextDelta))
        assert isinstance(events[-1], Finished)
        emit(index=index, result="answered", message=f"{len(text)} characters")
    except UserFacingError as exc:
        emit(index=index, result="failed", message=str(exc))
    finally:
        backend.close()


def main() -> None:
    paths = [Path(line) for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if line]
    for index in range(int(sys.argv[2]), len(paths)):
        emit(index=index, result="start")
        try:
            try_file(index, paths[index])
        except Exception as exc:  # noqa: BLE001: reported, and the parent fails the test
            emit(index=index, result="error", message=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())


if __name__ == "__main__":
    main()
