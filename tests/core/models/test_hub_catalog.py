"""Hub search and listings through the real huggingface-hub client against the loopback
stand-in; the catalog; recommendations for this machine's memory."""

from __future__ import annotations

import pytest

from assistant.core.models.catalog import load_catalog, recommended
from assistant.core.models.hub import Hub, HubError, HubFile, recommend
from assistant.core.models.memory import Fit, GiB, MachineMemory
from tests.helpers.fake_hub import FakeHub, HubFileSpec


def test_search_lists_gguf_repositories_most_downloaded_first(hub: FakeHub) -> None:
    hub.add("acme/Qwen-Small-GGUF", {"a.gguf": HubFileSpec(data=b"x")}, downloads=10)
    hub.add("other/qwen-big-GGUF", {"b.gguf": HubFileSpec(data=b"y")}, downloads=500)
    hub.add("acme/Llama-GGUF", {"c.gguf": HubFileSpec(data=b"z")})
    hits = Hub().search("qwen")
    assert [h.repo for h in hits] == ["other/qwen-big-GGUF", "acme/Qwen-Small-GGUF"]
    assert hits[0].downloads == 500 and "gguf" in hits[0].tags
    assert Hub().search("   ") == []
    (query,) = [path for method, path, _ in hub.requests if path == "/api/models"]
    assert query


def test_files_come_with_sizes_hashes_and_quantization_and_splits_are_grouped(hub: FakeHub) -> None:
    files = {
        "model-Q4_K_M.gguf": HubFileSpec(data=b"a" * 400),
        "model-Q8_0.gguf": HubFileSpec(data=b"b" * 800),
        "Q6_K/model-Q6_K-00001-of-00002.gguf": HubFileSpec(data=b"c" * 300),
        "Q6_K/model-Q6_K-00002-of-00002.gguf": HubFileSpec(data=b"d" * 300),
        "Q5_K_M/model-Q5_K_M-00001-of-00002.gguf": HubFileSpec(data=b"e" * 10),  # part 2 missing
        "mmproj-model-f16.gguf": HubFileSpec(data=b"f"),
        "README.md": HubFileSpec(data=b"# hi", lfs=False),
    }
    hub.add("acme/Model-GGUF", files)
    listed = Hub().files("acme/Model-GGUF")
    assert [(f.filename, f.size, f.quantization) for f in listed] == [
        ("model-Q4_K_M.gguf", 400, "Q4_K_M"),
        ("Q6_K/model-Q6_K-00001-of-00002.gguf", 600, "Q6_K"),
        ("model-Q8_0.gguf", 800, "Q8_0"),
    ]
    assert listed[0].sha256s == (files["model-Q4_K_M.gguf"].content_sha256(),)
    assert len(listed[1].parts) == 2 and listed[1].revision


def test_hub_errors_are_one_sentence(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(HubError, match="no such repository") as missing:
        Hub().files("nobody/nothing")
    assert "\n" not in str(missing.value)
    dead = Hub(endpoint="http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(HubError, match="cannot be reached"):
        dead.files("acme/anything")  # (a search retries with back-off for ~20 s first)
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubError, match="HF_HUB_OFFLINE"):
        Hub().search("qwen")


def _file(name: str, gb: float) -> HubFile:
    return HubFile("acme/M", "main", (name,), (int(gb * 1e9),), (None,))


def test_recommend_picks_the_largest_quantization_that_fits_comfortably() -> None:
    files = [
        _file("m-Q2_K.gguf", 3.0),
        _file("m-Q4_K_M.gguf", 4.7),
        _file("m-Q6_K.gguf", 6.3),
        _file("m-Q8_0.gguf", 8.1),
        _file("m-F16.gguf", 15.2),
    ]
    assert recommend(files, MachineMemory(32 * GiB, None), 4096).filename == "m-Q8_0.gguf"  # F16 gains nothing
    assert recommend(files, MachineMemory(12 * GiB, None), 4096).filename == "m-Q6_K.gguf"
    # Tight at 4 bits beats comfortable at 2 bits (quality drops fast below 4).
    assert recommend(files, MachineMemory(8 * GiB, None), 4096).filename == "m-Q4_K_M.gguf"
    assert recommend(files, MachineMemory(6 * GiB, None), 4096).filename == "m-Q2_K.gguf"  # only Q2_K runs
    assert recommend(files, MachineMemory(2 * GiB, None), 4096) is None


def test_the_catalog_is_complete_and_covers_sizes_and_chinese() -> None:
    entries = load_catalog()
    assert len(entries) >= 8
    assert len({e.id for e in entries}) == len(entries)
    sizes = sorted(e.billions for e in entries)
    assert sizes[0] <= 0.6 and sizes[-1] >= 7
    chinese = [e for e in entries if "zh" in e.languages and "translate" in e.good_for]
    assert len(chinese) >= 3
    for entry in entries:
        assert entry.repo.count("/") == 1 and entry.file.endswith(".gguf") and entry.size_bytes > 100e6
        assert entry.license and entry.description and entry.description_zh
        assert entry.quantization in entry.file.upper()


def test_catalog_recommendations_put_what_fits_first(tmp_path: object) -> None:
    entries = load_catalog()
    ranked = recommended(entries, MachineMemory(8 * GiB, None), 4096)
    verdicts = [fit for _, fit in ranked]
    assert verdicts == sorted(verdicts, key=[Fit.FITS, Fit.TIGHT, Fit.TOO_BIG].index)
    assert ranked[0][1] is Fit.FITS and ranked[-1][1] is not Fit.FITS
    assert ranked[0][0].size_bytes > 1e9, "the best model that fits, not the smallest"
