"""Files at the edges: atomic writes, text files with encodings, YAML with line numbers."""
