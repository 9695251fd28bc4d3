"""Tools the tool tests send. ``CITY_WEATHER``: one tool with one argument, for tests where a scripted
backend or a template only has to carry it. ``WEATHER`` and ``CLOCK``: the two the real-llama.cpp tests
force calls to, schemas a random-weight model must still fill validly once the grammar sampler holds it
(enums, an integer, a boolean, a required subset)."""

from __future__ import annotations

from typing import Any

CITY_WEATHER: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
WEATHER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"enum": ["Paris", "Lyon", "Nice"]},
        "unit": {"enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer"},
    },
    "required": ["city", "unit", "days"],
    "additionalProperties": False,
}
CLOCK: dict[str, Any] = {
    "type": "object",
    "properties": {"zone": {"enum": ["CET", "UTC"]}, "seconds": {"type": "boolean"}},
    "required": ["zone"],
    "additionalProperties": False,
}
SCHEMAS = {"get_weather": WEATHER, "get_time": CLOCK}
DESCRIPTIONS = {"get_weather": "The weather.", "get_time": "The time."}


def tools(*, described: bool) -> list[dict[str, Any]]:
    """The tools as an OpenAI request lists them, with or without their descriptions."""
    return [
        {
            "type": "function",
            "function": {
                "name": name,
                **({"description": DESCRIPTIONS[name]} if described else {}),
                "parameters": schema,
            },
        }
        for name, schema in SCHEMAS.items()
    ]
