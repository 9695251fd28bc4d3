"""Fill resources/catalog.json's sizes and SHA-256 from the Hub (run by a maintainer, online).

    python packaging/refresh_catalog.py [--check]

For each entry, lists the repository through huggingface-hub and takes the file's size and
LFS SHA-256. --check only reports differences (exit 1 if any). Honours HF_ENDPOINT.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.models.hub import Hub, HubError  # noqa: E402

CATALOG = Path(__file__).resolve().parents[1] / "resources" / "catalog.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report differences without writing")
    args = parser.parse_args()
    raw = json.loads(CATALOG.read_text(encoding="utf-8"))
    hub = Hub()
    changed = 0
    for entry in raw["models"]:
        try:
            files = {f.filename: f for f in hub.files(entry["repo"])}
        except HubError as exc:
            print(f"{entry['id']}: {exc}", file=sys.stderr)
            changed += 1
            continue
        found = files.get(entry["file"])
        if found is None:
            print(f"{entry['id']}: {entry['file']} is no longer in {entry['repo']}", file=sys.stderr)
            changed += 1
            continue
        size, sha = found.size, found.sha256s[0]
        if entry.get("size_bytes") != size or entry.get("sha256") != sha:
            print(f"{entry['id']}: size {entry.get('size_bytes')} -> {size}, sha256 {entry.get('sha256')} -> {sha}")
            entry["size_bytes"], entry["sha256"] = size, sha
            changed += 1
    if args.check:
        return 1 if changed else 0
    CATALOG.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{changed} entr{'y' if changed == 1 else 'ies'} updated in {CATALOG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
