"""Quill's desktop interface (PySide6). It shows and relays; it never imports llama_cpp."""
