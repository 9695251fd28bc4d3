"""Index a collection in a child process, reporting each file the moment it is committed, until killed.

Usage: python -m tests.core.library.index_child DB COLLECTION [EMBEDDER]

Each line is JSON: {"committed": PATH} once the file before the one now starting is in the
index (the indexer commits a file before it announces the next), {"end": true} at the end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.core.cancel import CancelToken
from assistant.core.library.indexer import IndexProgress, run_index


def main() -> None:
    db, collection = Path(sys.argv[1]), sys.argv[2]
    embedder = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    previous = ""
    for event in run_index(db, collection, embedder, CancelToken()):
        if isinstance(event, IndexProgress) and event.chunks_total == 0:
            if previous:
                sys.stdout.write(json.dumps({"committed": previous}) + "\n")
                sys.stdout.flush()
            previous = event.current
    sys.stdout.write(json.dumps({"end": True}) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
