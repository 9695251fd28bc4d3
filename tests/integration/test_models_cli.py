"""`quill models` as a user runs it: a real process against the loopback Hub stand-in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.fake_hub import FakeHub, HubFileSpec
from tests.helpers.tiny_gguf import write_tiny_llama

REPO = "acme/Tiny-Chat-GGUF"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[FakeHub]:
    small = write_tiny_llama(tmp_path / "small.gguf", name="Tiny Chat").read_bytes()
    large = write_tiny_llama(tmp_path / "large.gguf", name="Tiny Chat", n_embd=128, n_ff=256, n_layer=4).read_bytes()
    with FakeHub() as fake:
        fake.add(
            REPO,
            {"tiny-chat-Q4_K_M.gguf": HubFileSpec(data=small), "tiny-chat-Q8_0.gguf": HubFileSpec(data=large)},
            downloads=1234,
        )
        fake.add("acme/Other-GGUF", {"other-Q4_0.gguf": HubFileSpec(data=small)}, downloads=5)
        yield fake


def quill(*args: str, home: Path, hub: FakeHub | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QUILL_HOME": str(home)}
    env.pop("HF_HUB_OFFLINE", None)
    if hub is not None:
        env["HF_ENDPOINT"] = hub.url
    return subprocess.run(
        [sys.executable, "-m", "assistant", "models", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_search_list_files_download_verify_remove(quill_home: Path, hub: FakeHub) -> None:
    found = quill("search", "tiny", home=quill_home, hub=hub)
    assert found.returncode == 0, found.stderr
    assert REPO in found.stdout and "1,234 downloads" in found.stdout and "Other" not in found.stdout

    files = quill("search", REPO, "--files", home=quill_home, hub=hub)
    assert files.returncode == 0, files.stderr
    assert "tiny-chat-Q4_K_M.gguf" in files.stdout and "suits this machine" in files.stdout

    got = quill("download", REPO, "tiny-chat-Q4_K_M.gguf", home=quill_home, hub=hub)
    assert got.returncode == 0, got.stderr
    assert "Downloaded and verified Tiny Chat" in got.stdout
    assert "100.0%" in got.stderr  # the progress line
    target = quill_home / "models" / "acme" / "Tiny-Chat-GGUF" / "tiny-chat-Q4_K_M.gguf"
    assert target.is_file()

    listed = quill("list", home=quill_home)
    assert listed.returncode == 0 and "Tiny Chat" in listed.stdout and "Quill" in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if line.startswith("Tiny Chat"))
    assert REPO in row and row.endswith(str(target))  # where it came from and where it is

    as_json = quill("list", "--json", "--ctx", "512", home=quill_home)
    assert as_json.returncode == 0, as_json.stderr
    models = {m["name"]: m for m in json.loads(as_json.stdout)}
    tiny = models["Tiny Chat"]
    assert (tiny["path"], tiny["repo"], tiny["source"]) == (str(target), REPO, "quill")
    assert tiny["size_bytes"] == target.stat().st_size and tiny["quantization"] and tiny["params"] > 0
    assert tiny["context_length"] > 0 and tiny["memory_context"] == 512 and tiny["memory_bytes"] > 0
    assert tiny["fit"] in ("fits", "tight", "will not fit") and tiny["usable"] and tiny["problem"] is None
    assert tiny["sha256"] and any(m["source"] == "starter" for m in models.values())

    checked = quill("verify", "tiny-chat-Q4_K_M", home=quill_home)
    assert checked.returncode == 0 and "matches the recorded SHA-256" in checked.stdout, checked.stderr
    data = bytearray(target.read_bytes())
    data[-5] ^= 0x55
    target.write_bytes(bytes(data))
    broken = quill("verify", "tiny-chat-Q4_K_M", home=quill_home)
    assert broken.returncode == 1 and "has changed since it was verified" in broken.stderr

    removed = quill("remove", "tiny-chat-Q4_K_M", home=quill_home)
    assert removed.returncode == 0 and "Deleted" in removed.stdout and not target.exists()


def test_list_shows_the_sequences_and_the_context_each_reserves(quill_home: Path) -> None:
    chosen = quill("list", "--json", "--ctx", "4096", "--parallel", "3", home=quill_home)
    assert chosen.returncode == 0, chosen.stderr
    starter = next(m for m in json.loads(chosen.stdout) if m["source"] == "starter")
    assert starter["memory_sequences"] == 3
    assert starter["kv_per_sequence_bytes"] == 90 * 1024 * 1024  # 30 layers x 3 KV heads x 64 x 2 x f16
    auto = quill("list", "--ctx", "4096", home=quill_home)  # settings: automatic
    assert auto.returncode == 0, auto.stderr
    header, row = auto.stdout.splitlines()[0], next(x for x in auto.stdout.splitlines() if x.startswith("SmolLM2"))
    assert "SEQ" in header and "KV/SEQ" in header and "94.4 MB" in row
    assert "as many as memory allows, up to 4" in auto.stdout.splitlines()[-1]


def test_download_without_a_file_picks_the_quantization_that_suits_this_machine(quill_home: Path, hub: FakeHub) -> None:
    got = quill("download", REPO, home=quill_home, hub=hub)
    assert got.returncode == 0, got.stderr
    assert "Chose tiny-chat-Q8_0.gguf" in got.stderr  # both fit easily: the larger, better one


def test_errors_are_one_line_with_the_right_exit_code(quill_home: Path, hub: FakeHub, tmp_path: Path) -> None:
    (tmp_path / "fake.gguf").write_bytes(b"<html>not a model</html>")
    for args, code, text in [
        (("import", str(tmp_path / "fake.gguf")), 2, "fake.gguf"),
        (("remove", "SmolLM2 135M Instruct (starter)"), 2, "starter model cannot be removed"),
        (("download", REPO, "nope.gguf"), 2, "has no model file"),
        (("download", "acme/missing"), 1, "no such repository"),
        (("verify", "nothing"), 2, "No installed model"),
    ]:
        done = quill(*args, home=quill_home, hub=hub)
        assert done.returncode == code, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and text in done.stderr, (args, done.stderr)


def test_ctrl_c_pauses_and_running_again_resumes(quill_home: Path, tmp_path: Path) -> None:
    data = write_tiny_llama(tmp_path / "m.gguf", n_embd=128, n_ff=256, n_layer=4).read_bytes()
    with FakeHub() as hub:
        hub.add(REPO, {"slow-Q8_0.gguf": HubFileSpec(data=data, throttle_bps=300_000)})
        env = {**os.environ, "QUILL_HOME": str(quill_home), "HF_ENDPOINT": hub.url}
        env.pop("HF_HUB_OFFLINE", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "models", "download", REPO, "slow-Q8_0.gguf"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        partial = quill_home / "models" / ".partial" / "acme" / "Tiny-Chat-GGUF" / "slow-Q8_0.gguf.part"
        deadline = time.monotonic() + 60
        while not (partial.exists() and partial.stat().st_size > 100_000) and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting on another process's file: there is no signal to wait on
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 130 and "Paused" in err
        kept = partial.stat().st_size
        hub.repos[REPO].files["slow-Q8_0.gguf"].throttle_bps = None
        again = quill("download", REPO, "slow-Q8_0.gguf", home=quill_home, hub=hub)
        assert again.returncode == 0, again.stderr
        assert hub.gets_of("slow-Q8_0.gguf")[-1] == f"bytes={kept}-"
        assert (quill_home / "models" / "acme" / "Tiny-Chat-GGUF" / "slow-Q8_0.gguf").read_bytes() == data


def test_list_shows_the_expected_speed_from_the_stored_probe(quill_home: Path, tmp_path_factory) -> None:
    unmeasured = quill("list", "--json", home=quill_home)
    assert unmeasured.returncode == 0, unmeasured.stderr
    assert all(m["tokens_per_second"] is None for m in json.loads(unmeasured.stdout))
    assert "--measure" in quill("list", home=quill_home).stdout

    from assistant.core.models.speed import estimate_tokens_per_second
    from tests.helpers.speed_probe import install_probe

    probe = install_probe(tmp_path_factory.getbasetemp() / "speed-session")  # measured here, stored in QUILL_HOME
    measured = quill("list", "--json", home=quill_home)
    starter = next(m for m in json.loads(measured.stdout) if m["source"] == "starter")
    expected = estimate_tokens_per_second(probe.seconds_per_byte, probe.overhead_seconds, starter["size_bytes"])
    assert starter["tokens_per_second"] == round(expected, 1) and starter["slow"] is (expected < 5)
    table = quill("list", home=quill_home).stdout
    row = next(x for x in table.splitlines() if x.startswith("SmolLM2"))
    assert "SPEED" in table.splitlines()[0] and f"{expected:.1f}/s" in row
    assert "expected tokens a second" in table
