"""Tool calls: what a model's chat template does with tools, the formats calls come in, reading calls
out of a reply (streamed or whole), and the grammar that forces a call (``tool_choice``)."""
