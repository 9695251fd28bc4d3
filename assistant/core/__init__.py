"""Quill's engine: plain Python with no Qt, testable without a GUI."""
