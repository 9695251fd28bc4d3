"""Tasks: chat, summarize, translate and write, each a generator of events on a Backend."""
