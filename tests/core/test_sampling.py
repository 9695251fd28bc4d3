"""The sampling knobs are declared once (core/sampling.py); everything that lists them agrees with it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from assistant.core.engine.choice import generation_params
from assistant.core.errors import BadInputError
from assistant.core.sampling import KNOBS, SAVED_KNOBS
from assistant.core.settings import Settings, load_settings
from assistant.core.types import GenerationParams

# Per-request options that are not sampling knobs (no setting, no CLI flag): what the answer must be
# (a JSON schema or a grammar, from the API's response_format) and log-probabilities (the API's logprobs).
REQUEST_ONLY = {"json_schema": None, "grammar": None, "logprobs": None}


def test_generation_params_has_exactly_the_declared_knobs_and_defaults() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(GenerationParams)}
    assert fields == {k.name: k.default for k in KNOBS} | REQUEST_ONLY


def test_settings_save_the_saved_knobs_with_the_same_defaults() -> None:
    defaults = Settings()
    names = {f.name for f in dataclasses.fields(Settings)}
    assert {k.name for k in KNOBS if k.name in names} == {k.name for k in SAVED_KNOBS}
    assert all(getattr(defaults, k.name) == k.default for k in SAVED_KNOBS)


def test_generation_params_come_from_settings_and_overrides() -> None:
    params = generation_params(Settings(temperature=0.1, seed=5), top_k=7, seed=None, stop=["###"])
    assert (params.temperature, params.seed, params.top_k, params.stop) == (0.1, 5, 7, ("###",))


def test_the_declared_limits_are_checked_in_one_sentence() -> None:
    with pytest.raises(BadInputError, match=r"top-p must be between 0 and 1; max-tokens must be 1 or more\.$"):
        GenerationParams(top_p=3, max_tokens=0)


def test_a_saved_knob_out_of_range_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "top_p": 3, "temperature": 0.3}), encoding="utf-8")
    result = load_settings(path)
    assert result.settings.top_p == Settings().top_p and result.settings.temperature == 0.3
    assert [w.split("'")[1] for w in result.warnings] == ["top_p"]


def test_backend_and_theme_take_only_their_choices(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "backend": "remote", "theme": "neon"}), encoding="utf-8")
    result = load_settings(path)
    assert result.settings.backend == "remote" and result.settings.theme == "system"
    assert [w.split("'")[1] for w in result.warnings] == ["theme"]
