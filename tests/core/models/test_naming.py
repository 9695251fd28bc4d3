from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from assistant.core.errors import BadInputError
from assistant.core.models.naming import display_stem, inside, quant_label, safe_relative_path, split_name


def test_split_names_are_recognised() -> None:
    split = split_name("Qwen2.5-7B-Instruct-Q4_K_M-00002-of-00003.gguf")
    assert split is not None and (split.stem, split.index, split.count) == ("Qwen2.5-7B-Instruct-Q4_K_M", 2, 3)
    assert split.part_name(1) == "Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00003.gguf"
    assert split_name("model.gguf") is None
    assert split_name("model-00004-of-00003.gguf") is None  # part beyond the count


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("qwen2.5-1.5b-instruct-q4_k_m.gguf", "Q4_K_M"),
        ("Llama-3.2-3B-Instruct-IQ4_XS.gguf", "IQ4_XS"),
        ("gemma-2-2b-it-Q8_0.gguf", "Q8_0"),
        ("model-f16.gguf", "F16"),
        ("Mistral-7B-Instruct-v0.3-Q5_K_S-00001-of-00002.gguf", "Q5_K_S"),
        ("plain.gguf", ""),
    ],
)
def test_quant_labels_come_from_file_names(name: str, label: str) -> None:
    assert quant_label(name) == label


def test_display_stem_drops_extension_and_split_suffix() -> None:
    assert display_stem("a/b/Model-Q4_K_M-00001-of-00002.gguf") == "Model-Q4_K_M"
    assert display_stem("Model.GGUF") == "Model"


@pytest.mark.parametrize(
    "hostile",
    [
        "../../evil.gguf",
        "/etc/passwd.gguf",
        "a/../../evil.gguf",
        "C:evil.gguf",
        "a\\..\\evil.gguf",
        ".hidden.gguf",
        "dir/.git/x.gguf",
        "bad\x00name.gguf",
        "bad\nname.gguf",
        "rtl\u202eflig.gguf",
        "",
    ],
)
def test_hostile_server_names_are_refused(hostile: str) -> None:
    with pytest.raises(BadInputError, match="Refused"):
        safe_relative_path(hostile)


def test_plain_relative_paths_pass() -> None:
    assert safe_relative_path("Q8_0/model-00001-of-00002.gguf") == PurePosixPath("Q8_0/model-00001-of-00002.gguf")
    assert safe_relative_path("模型-Q4_K_M.gguf").name == "模型-Q4_K_M.gguf"


def test_a_symlink_cannot_lead_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "models"
    root.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, root / "link")
    with pytest.raises(BadInputError, match="outside"):
        inside(root, PurePosixPath("link/model.gguf"))
    assert inside(root, PurePosixPath("acme/model.gguf")) == (root / "acme" / "model.gguf").resolve()
