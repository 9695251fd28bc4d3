"""The Library: the user's own documents, indexed for keyword and vector search, asked with citations."""
