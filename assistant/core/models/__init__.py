"""Finding, describing and fetching models."""
