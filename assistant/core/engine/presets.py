"""Sampling presets: what most people want from the temperature/top-p/... knobs, by name.

Settings store the knobs themselves; a preset is a name for a set of values (the settings
dialog fills the knobs from it, and shows "custom" when the values match no preset), so
there is never a question of which wins.
"""

from __future__ import annotations

from typing import Any

PRESETS: dict[str, dict[str, float | int]] = {
    # Facts, code, translation: stay close to the most likely words.
    "precise": {"temperature": 0.2, "top_p": 0.9, "top_k": 20, "min_p": 0.1, "repeat_penalty": 1.1},
    # Everyday chat and writing.
    "balanced": {"temperature": 0.7, "top_p": 0.95, "top_k": 40, "min_p": 0.05, "repeat_penalty": 1.1},
    # Stories and brainstorming: more varied word choice.
    "creative": {"temperature": 1.0, "top_p": 0.98, "top_k": 80, "min_p": 0.03, "repeat_penalty": 1.05},
}
CUSTOM = "custom"
PRESET_NAMES = (*PRESETS, CUSTOM)


def matching_preset(values: dict[str, Any]) -> str:
    """The preset whose values these are, or "custom"."""
    for name, preset in PRESETS.items():
        if all(abs(float(values.get(key, -1)) - float(v)) < 1e-9 for key, v in preset.items()):
            return name
    return CUSTOM
