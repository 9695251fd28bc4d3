"""Stores: what Quill keeps on disk besides settings (history, drafts, API keys)."""
