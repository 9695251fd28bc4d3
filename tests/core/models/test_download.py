"""Downloads against a real loopback server standing in for the Hub: every way a transfer
goes wrong, and what is left on disk afterwards."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core.errors import BadInputError
from assistant.core.models.download import (
    DownloadControl,
    Downloader,
    DownloadError,
    DownloadProgress,
    DownloadRequest,
    DownloadStopped,
)
from assistant.core.models.hub import Hub
from assistant.core.models.library import Library
from tests.helpers.fake_hub import FakeHub, HubFileSpec
from tests.helpers.tiny_gguf import write_tiny_llama

REPO = "acme/Tiny-GGUF"
FILE = "tiny-Q8_0.gguf"


def make_downloader(models: Path, **options: object) -> Downloader:
    options = {"backoff_seconds": 0.01, "stall_seconds": 5.0, **options}
    return Downloader.for_hub(models, Hub(), **options)  # type: ignore[arg-type]


def request_for(name: str = FILE, repo: str = REPO) -> DownloadRequest:
    (hub_file,) = [f for f in Hub().files(repo) if f.filename == name]
    return DownloadRequest.from_hub_file(hub_file)


def listed(models: Path) -> list[Path]:
    return [m.path for m in Library(models, include_starter=False).scan()]


def test_a_transfer_cut_off_mid_way_resumes_from_where_it_stopped(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    cuts = [300_000, 900_000, 1_200_000]
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, cut_at=cuts)})
    seen: list[DownloadProgress] = []
    path = make_downloader(tmp_path).download(request_for(), on_progress=seen.append)

    assert path.read_bytes() == model_bytes
    assert hub.gets_of(FILE) == [None, "bytes=300000-", "bytes=900000-", "bytes=1200000-"]
    assert any(p.state == "retrying" for p in seen) and seen[-1].state == "done"
    assert listed(tmp_path) == [path]
    assert not list((tmp_path / ".partial").rglob("*")), "nothing left in the partial folder"


def test_a_paused_download_resumes_in_a_new_downloader_as_after_a_restart(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, throttle_bps=2_000_000)})
    control = DownloadControl()
    first = make_downloader(tmp_path)

    def pause_when_started(progress: DownloadProgress) -> None:
        if progress.done > 100_000:
            control.pause()

    with pytest.raises(DownloadStopped) as stopped:
        first.download(request_for(), control, pause_when_started)
    assert stopped.value.paused
    first.close()
    kept = first.partial_bytes(request_for())
    assert 100_000 < kept < len(model_bytes)
    assert listed(tmp_path) == [], "a partial file is never offered as a model"

    hub.repos[REPO].files[FILE].throttle_bps = None
    again = make_downloader(tmp_path)  # as after Quill restarts
    (pending,) = again.pending()
    assert pending == request_for()
    path = again.download(pending)
    assert path.read_bytes() == model_bytes
    assert hub.gets_of(FILE)[-1] == f"bytes={kept}-"
    assert again.pending() == []


def test_a_file_whose_sha256_does_not_match_is_rejected_and_removed(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, sha256=hashlib.sha256(b"something else").hexdigest())})
    downloader = make_downloader(tmp_path)
    with pytest.raises(DownloadError, match="failed verification") as failed:
        downloader.download(request_for())
    assert "\n" not in str(failed.value) and not failed.value.resumable
    assert not list(tmp_path.rglob("*.gguf*")), "neither the final file nor the partial stays"
    assert downloader.pending() == []


def test_a_stalled_server_is_detected_and_the_download_carries_on(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, stall_at=500_000)})
    seen: list[DownloadProgress] = []
    path = make_downloader(tmp_path, stall_seconds=0.5).download(request_for(), on_progress=seen.append)
    assert path.read_bytes() == model_bytes
    assert any("stalled" in p.message for p in seen)
    assert hub.gets_of(FILE) == [None, "bytes=500000-"]


def test_a_server_that_keeps_stalling_ends_in_a_resumable_error(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, cut_at=[200_000] + [200_000] * 10)})
    downloader = make_downloader(tmp_path, retries=2)
    with pytest.raises(DownloadError, match="after 2 retries") as failed:
        downloader.download(request_for())
    assert failed.value.resumable
    assert downloader.partial_bytes(request_for()) == 200_000
    assert listed(tmp_path) == []


def test_busy_and_failing_answers_are_retried_with_backoff(hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, fail_first=[429, 500, 503])})
    path = make_downloader(tmp_path).download(request_for())
    assert path.read_bytes() == model_bytes


def test_a_server_that_ignores_range_restarts_cleanly(hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, cut_at=[400_000], ignore_range=True)})
    path = make_downloader(tmp_path).download(request_for())
    assert path.read_bytes() == model_bytes


@pytest.mark.parametrize("hostile", ["../../evil.gguf", "sub/../../../evil.gguf", "/tmp/evil.gguf"])
def test_hostile_file_names_are_refused_before_any_request(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path, hostile: str
) -> None:
    hub.add(REPO, {hostile: HubFileSpec(data=model_bytes)})
    (hub_file,) = Hub().files(REPO)
    before = len(hub.requests)
    with pytest.raises(BadInputError, match="outside the models folder"):
        make_downloader(tmp_path / "models").download(DownloadRequest.from_hub_file(hub_file))
    assert len(hub.requests) == before
    assert not list(tmp_path.rglob("evil*"))


def test_not_enough_free_space_is_said_before_any_byte_is_written(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, advertise_size=2**60)})
    with pytest.raises(BadInputError, match="Not enough free space") as refused:
        make_downloader(tmp_path).download(request_for())
    assert "\n" not in str(refused.value)
    assert hub.gets_of(FILE) == []
    assert not list(tmp_path.rglob("*.part"))


def test_cancel_removes_the_partial_file(hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, throttle_bps=2_000_000)})
    control = DownloadControl()
    models = tmp_path / "models"
    downloader = make_downloader(models)
    with pytest.raises(DownloadStopped) as stopped:
        downloader.download(request_for(), control, lambda p: control.cancel() if p.done > 50_000 else None)
    assert not stopped.value.paused
    assert not [p for p in models.rglob("*") if p.is_file()]
    assert downloader.pending() == []


def test_progress_reports_bytes_speed_and_eta(hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, throttle_bps=4_000_000)})
    seen: list[DownloadProgress] = []
    make_downloader(tmp_path).download(request_for(), on_progress=seen.append)
    moving = [p for p in seen if p.state == "downloading" and p.speed > 0]
    assert moving, "speed was reported while downloading"
    assert all(p.eta is not None and p.eta >= 0 for p in moving)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total == len(model_bytes)


def test_a_split_model_downloads_all_parts_and_is_listed_once(hub: FakeHub, tmp_path: Path, model_bytes: bytes) -> None:
    parts = write_split_model(tmp_path / "src")
    hub.add(REPO, {f"Q8_0/{p.name}": HubFileSpec(data=p.read_bytes()) for p in parts})
    (hub_file,) = Hub().files(REPO)
    assert len(hub_file.parts) == len(parts) > 1
    path = make_downloader(tmp_path / "models").download(DownloadRequest.from_hub_file(hub_file))
    (model,) = Library(tmp_path / "models", include_starter=False).scan()
    assert model.path == path and len(model.parts) == len(parts) and model.usable, model.problem


def test_two_downloads_of_the_same_model_at_once_are_refused(hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, throttle_bps=1_000_000)})
    downloader = make_downloader(tmp_path)
    control = DownloadControl()
    started = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            downloader.download(request_for(), control, lambda p: started.set() if p.done else None)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(10)
    with pytest.raises(BadInputError, match="already being downloaded"):
        downloader.download(request_for())
    control.pause()
    thread.join(10)
    assert isinstance(errors[0], DownloadStopped)


def write_split_model(folder: Path) -> list[Path]:
    """A real split GGUF (gguf's writer, 2 tensors per part), as llama.cpp's gguf-split makes."""
    import numpy as np
    from gguf import GGUFWriter

    folder.mkdir(parents=True, exist_ok=True)
    single = write_tiny_llama(folder / "single.gguf")
    from gguf import GGUFReader

    reader = GGUFReader(single)
    writer = GGUFWriter(folder / "split.gguf", "llama", split_max_tensors=8)
    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue
        value = field.contents()
        value_type = field.types[0]
        sub_type = field.types[-1] if len(field.types) > 1 else None
        writer.add_key_value(field.name, value, value_type, sub_type=sub_type)
    for tensor in reader.tensors:
        writer.add_tensor(tensor.name, np.array(tensor.data), raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    single.unlink()
    return sorted(folder.glob("split-*-of-*.gguf"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB filesystem (tmpfs), where the test may mount one; skipped elsewhere."""
    import subprocess

    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({done.stderr.strip() or done.returncode})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_disk_that_fills_up_mid_download_keeps_the_partial_and_resumes(
    hub: FakeHub, model_bytes: bytes, small_disk: Path
) -> None:
    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes, throttle_bps=3_000_000)})
    filler = small_disk / "filler.bin"

    def fill_the_disk(progress: DownloadProgress) -> None:
        if progress.done > 300_000 and not filler.exists():
            import shutil as _shutil

            filler.write_bytes(b"\0" * (_shutil.disk_usage(small_disk).free - 4096))

    downloader = make_downloader(small_disk / "models", space_margin=0)
    with pytest.raises(DownloadError, match="disk is full") as full:
        downloader.download(request_for(), on_progress=fill_the_disk)
    assert full.value.resumable and "\n" not in str(full.value)
    kept = downloader.partial_bytes(request_for())
    assert kept > 0 and listed(small_disk / "models") == []

    filler.unlink()
    hub.repos[REPO].files[FILE].throttle_bps = None
    path = downloader.download(request_for())
    assert path.read_bytes() == model_bytes


def test_a_redirect_to_another_host_does_not_carry_the_token() -> None:
    import urllib.request

    from assistant.core.models.download import _RedirectWithoutCredentials

    handler = _RedirectWithoutCredentials()
    request = urllib.request.Request(
        "https://hub.example/acme/m/resolve/main/m.gguf",
        headers={"authorization": "Bearer hf_secret", "Range": "bytes=10-"},
    )
    elsewhere = handler.redirect_request(request, None, 302, "Found", {}, "https://cdn.example/blob?sig=1")
    assert elsewhere is not None and not elsewhere.has_header("Authorization")
    assert elsewhere.get_header("Range") == "bytes=10-"
    same = handler.redirect_request(request, None, 302, "Found", {}, "https://hub.example/other")
    assert same is not None and same.get_header("Authorization") == "Bearer hf_secret"


def test_a_read_only_models_folder_is_one_sentence_and_nothing_is_lost(
    hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    import subprocess

    hub.add(REPO, {FILE: HubFileSpec(data=model_bytes)})
    folder = tmp_path / "read-only"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=16m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a read-only filesystem here (root's writes ignore permission bits)")
    try:
        with pytest.raises(DownloadError, match="Cannot write to the models folder") as refused:
            make_downloader(folder, space_margin=0).download(request_for())
        assert "\n" not in str(refused.value) and "Read-only file system" in str(refused.value)
    finally:
        subprocess.run(["umount", str(folder)], check=False)
    # The same download into a writable folder still works: nothing was spoiled on the Hub side or ours.
    assert make_downloader(tmp_path / "models").download(request_for()).read_bytes() == model_bytes
