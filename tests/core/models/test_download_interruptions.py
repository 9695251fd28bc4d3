"""Reliability: many transfers broken at random points, and a downloader process killed at
random points. Every download ends verified or resumable; nothing corrupt is ever offered."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core.models.download import Downloader, DownloadError, DownloadRequest
from assistant.core.models.hub import Hub
from assistant.core.models.library import Library
from tests.helpers.fake_hub import FakeHub, HubFileSpec

REPO = "acme/Flaky-GGUF"
TRANSFERS = 50
KILLS = 10


def test_fifty_transfers_cut_at_random_points_end_verified_or_resumable(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    rng = random.Random(20261124)
    size = len(model_bytes)
    files: dict[str, HubFileSpec] = {}
    for index in range(TRANSFERS):
        spec = HubFileSpec(data=model_bytes)
        kind = rng.choice(["cuts", "cuts", "stall", "errors", "mixed", "no-range"])
        if kind in ("cuts", "mixed", "no-range"):
            spec.cut_at = sorted(rng.randrange(1, size) for _ in range(rng.randint(1, 4)))
        if kind == "stall":
            spec.stall_at = rng.randrange(1, size)
        if kind in ("errors", "mixed"):
            spec.fail_first = [rng.choice([429, 500, 502, 503]) for _ in range(rng.randint(1, 3))]
        spec.ignore_range = kind == "no-range"
        files[f"m{index:02d}-Q8_0.gguf"] = spec
    hub.add(REPO, files)
    listing = {f.filename: f for f in Hub().files(REPO)}
    models = tmp_path / "models"
    downloader = Downloader.for_hub(models, Hub(), backoff_seconds=0.005, stall_seconds=0.3, retries=3)
    verified = resumed = 0
    expected = hashlib.sha256(model_bytes).hexdigest()
    for name in sorted(files):
        request = DownloadRequest.from_hub_file(listing[name])
        for _attempt in range(5):
            try:
                path = downloader.download(request)
                break
            except DownloadError as exc:
                assert exc.resumable, exc  # a transfer problem never loses what arrived
                resumed += 1
                on_disk = downloader.partial_bytes(request)
                assert 0 <= on_disk < len(model_bytes)
        else:
            pytest.fail(f"{name} never completed")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected
        verified += 1
    offered = Library(models, include_starter=False).scan()
    assert len(offered) == TRANSFERS and all(m.usable and m.sha256 == expected for m in offered)
    assert not [p for p in models.rglob("*.part*") if p.is_file()]
    requests = sum(1 for method, *_ in hub.requests if method == "GET")
    print(
        f"{TRANSFERS} interrupted transfers: {verified} verified, {resumed} resumed after giving up, "
        f"{requests} GET requests, 0 corrupt"
    )


def test_a_downloader_killed_at_random_points_never_leaves_a_model_that_is_not_whole(
    model_bytes: bytes, tmp_path: Path
) -> None:
    rng = random.Random(7)
    home = tmp_path / "home"
    target = home / "models" / "acme" / "Flaky-GGUF" / "killed-Q8_0.gguf"
    with FakeHub() as hub:
        hub.add(REPO, {"killed-Q8_0.gguf": HubFileSpec(data=model_bytes, throttle_bps=1_500_000)})
        env = {**os.environ, "QUILL_HOME": str(home), "HF_ENDPOINT": hub.url}
        env.pop("HF_HUB_OFFLINE", None)
        command = [sys.executable, "-m", "assistant", "models", "download", REPO, "killed-Q8_0.gguf"]
        kills = 0
        for _ in range(KILLS):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 1.5))  # a random point in the download (start-up included)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(30)
            for model in Library(home / "models", include_starter=False).scan():
                assert model.path == target and model.path.read_bytes() == model_bytes
            if target.exists():
                break
        hub.repos[REPO].files["killed-Q8_0.gguf"].throttle_bps = None
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert target.read_bytes() == model_bytes
        print(f"downloader killed {kills} times; the model is whole and nothing partial was ever listed")
        assert kills >= 3
