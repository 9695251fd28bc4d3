"""Documents: reading files into structured text, chunking, Markdown and exports."""
