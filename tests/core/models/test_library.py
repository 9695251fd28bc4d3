"""The model library on real files: Quill's folder, imports, other apps' folders, split models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.core.errors import BadInputError, ModelFileError
from assistant.core.models.library import (
    SOURCE_IMPORTED,
    SOURCE_QUILL,
    SOURCE_STARTER,
    Library,
    default_discovery_roots,
)
from tests.core.models.test_download import write_split_model
from tests.helpers.tiny_gguf import write_tiny_llama


def test_models_folder_imports_and_other_apps_are_listed_with_their_facts(tmp_path: Path) -> None:
    models = tmp_path / "models"
    (models / "acme" / "Tiny").mkdir(parents=True)
    write_tiny_llama(models / "acme" / "Tiny" / "tiny-Q8_0.gguf", name="Own Model")
    (tmp_path / "downloads").mkdir()
    elsewhere = write_tiny_llama(tmp_path / "downloads" / "imported.gguf", name="Imported Model")
    hf = tmp_path / "hf-cache"
    snapshot = hf / "models--someone--Thing-GGUF" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    write_tiny_llama(snapshot / "thing-Q4_K_M.gguf", chat_template=None, name="Hub Cached")
    (snapshot / "mmproj-thing-f16.gguf").write_bytes(b"GGUF")  # vision projector: not a model
    (models / ".partial").mkdir()
    (models / ".partial" / "half.gguf.part").write_bytes(b"GGUF" + b"\0" * 100)

    library = Library(models, [("huggingface", hf)])
    library.import_model(elsewhere)
    found = {m.name: m for m in library.scan()}

    assert found["SmolLM2 135M Instruct (starter)"].source == SOURCE_STARTER
    own = found["Own Model"]
    assert own.source == SOURCE_QUILL and own.usable and own.removable
    assert own.architecture == "llama" and own.n_params > 0 and own.context_length == 512 and own.has_chat_template
    assert own.quantization == "Q8_0"  # from the name: the tiny model is F32 inside, file_type not set
    imported = found["Imported Model"]
    assert imported.source == SOURCE_IMPORTED and imported.sha256 and imported.path == elsewhere
    cached = found["Hub Cached"]
    assert cached.source == "huggingface" and cached.repo == "someone/Thing-GGUF" and not cached.has_chat_template
    assert not cached.removable
    assert len(found) == 4, "no projector, no partial download"


def test_a_broken_file_is_listed_with_its_one_line_reason(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    good = write_tiny_llama(models / "good.gguf")
    (models / "broken.gguf").write_bytes(good.read_bytes()[:5000])
    (broken,) = [m for m in Library(models, include_starter=False).scan() if m.path.name == "broken.gguf"]
    assert not broken.usable and broken.problem and "truncated" in broken.problem and "\n" not in broken.problem


def test_split_parts_are_one_model_and_a_missing_part_is_a_problem(tmp_path: Path) -> None:
    models = tmp_path / "models"
    parts = write_split_model(models / "acme")
    (model,) = Library(models, include_starter=False).scan()
    assert model.usable and model.parts == tuple(parts) and model.file_size == sum(p.stat().st_size for p in parts)
    assert model.n_params == sum_params(parts)
    parts[-1].unlink()
    (model,) = Library(models, include_starter=False).scan()
    assert not model.usable and f"only {len(parts) - 1} of its {len(parts)} parts" in (model.problem or "")


def sum_params(parts: list[Path]) -> int:
    from assistant.core.models.gguf_check import check_gguf

    return sum(check_gguf(p, allow_split_part=True).n_params for p in parts)


def test_opening_a_later_part_directly_is_refused_with_a_hint(tmp_path: Path) -> None:
    parts = write_split_model(tmp_path)
    from assistant.core.models.gguf_check import check_gguf

    with pytest.raises(ModelFileError, match="part 2 of .* open the first part"):
        check_gguf(parts[1])


def test_import_refuses_bad_files_in_one_line(tmp_path: Path) -> None:
    library = Library(tmp_path / "models", include_starter=False)
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ModelFileError, match="only GGUF files"):
        library.import_model(tmp_path / "notes.txt")
    with pytest.raises(ModelFileError, match="does not exist"):
        library.import_model(tmp_path / "missing.gguf")
    (tmp_path / "fake.gguf").write_bytes(b"PK\x03\x04 this is a zip")
    with pytest.raises(ModelFileError, match="fake.gguf"):
        library.import_model(tmp_path / "fake.gguf")
    assert library.scan() == []


def test_import_by_copy_puts_the_file_in_the_models_folder(tmp_path: Path) -> None:
    source = write_tiny_llama(tmp_path / "mine.gguf")
    library = Library(tmp_path / "models", include_starter=False)
    model = library.import_model(source, copy=True)
    assert model.source == SOURCE_QUILL and model.path.parent == tmp_path / "models" / "imported"
    assert model.path.read_bytes() == source.read_bytes()
    with pytest.raises(BadInputError, match="already in the models folder"):
        library.import_model(source, copy=True)


def test_remove_deletes_own_files_forgets_imports_and_refuses_the_rest(tmp_path: Path) -> None:
    models = tmp_path / "models"
    (models / "acme").mkdir(parents=True)
    own = write_tiny_llama(models / "acme" / "own.gguf", name="Own")
    outside = write_tiny_llama(tmp_path / "outside.gguf", name="Outside")
    cache = tmp_path / "lm"
    cache.mkdir()
    write_tiny_llama(cache / "lm.gguf", name="LM")
    library = Library(models, [("lmstudio", cache)])
    library.import_model(outside)
    by_name = {m.name: m for m in library.scan()}

    with pytest.raises(BadInputError, match="starter model cannot be removed"):
        library.remove(by_name["SmolLM2 135M Instruct (starter)"])
    with pytest.raises(BadInputError, match="belongs to LM Studio"):
        library.remove(by_name["LM"])
    assert "Forgot" in library.remove(by_name["Outside"]) and outside.exists()
    assert "Deleted" in library.remove(by_name["Own"]) and not own.exists() and not (models / "acme").exists()
    assert sorted(m.name for m in library.scan()) == ["LM", "SmolLM2 135M Instruct (starter)"]


def test_verify_finds_a_file_changed_after_it_was_recorded(tmp_path: Path) -> None:
    source = write_tiny_llama(tmp_path / "m.gguf")
    library = Library(tmp_path / "models", include_starter=False)
    model = library.import_model(source, copy=True)
    assert library.verify(model).ok
    data = bytearray(model.path.read_bytes())
    data[-10] ^= 0xFF  # a flipped bit in the weights: structure still fine, hash not
    model.path.write_bytes(bytes(data))
    result = library.verify(library.find(model.path))
    assert not result.ok and result.problem and "has changed since it was verified" in result.problem


def test_a_damaged_manifest_is_set_aside_and_files_are_still_listed(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    write_tiny_llama(models / "m.gguf", name="Still Here")
    (models / "quill-models.json").write_text("{not json")
    library = Library(models, include_starter=False)
    assert [m.name for m in library.scan()] == ["Still Here"]
    assert list(models.glob("quill-models.json.corrupt-*"))
    library.record(models / "m.gguf", sha256="0" * 64)
    assert json.loads((models / "quill-models.json").read_text())["models"]["m.gguf"]["sha256"] == "0" * 64


def test_find_by_name_file_name_or_path(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    path = write_tiny_llama(models / "tiny-Q8_0.gguf", name="Tiny One")
    library = Library(models, include_starter=False)
    assert library.find("tiny one").path == path
    assert library.find("tiny-Q8_0.gguf").path == path
    assert library.find("tiny-Q8_0").path == path
    assert library.find(str(path)).path == path
    with pytest.raises(BadInputError, match="No installed model is called 'nothing'"):
        library.find("nothing")


def test_discovery_roots_follow_the_platform_conventions(tmp_path: Path) -> None:
    roots = dict(
        (source, path) for source, path in default_discovery_roots(tmp_path, {"HF_HOME": str(tmp_path / "hfh")})
    )
    assert roots["huggingface"] == tmp_path / "hfh" / "hub"
    assert "lmstudio" in roots and "gpt4all" in roots


def test_a_models_folder_that_vanishes_or_is_unreadable_lists_nothing_and_does_not_fail(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    write_tiny_llama(models / "m.gguf")
    library = Library(models, include_starter=False)
    assert len(library.scan()) == 1
    shutil.rmtree(models)
    assert library.scan() == []
