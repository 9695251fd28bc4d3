"""Download throughput: Quill's downloader (Range-capable, hashing every byte, writing to
disk) against a plain `curl -o` of the same URL from the same loopback server, in one run.

    python benchmarks/download.py [--size-mb 1024] [--reps 3]

The server is the test suite's Hub stand-in (it sends files with sendfile), so both clients
get the same source. Runs alternate (curl, Quill, curl, Quill, ...) and medians are compared.
Target: Quill's throughput >= 0.9 of curl's. The last line holds the figures as JSON.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import figure, median, print_json  # also puts the project on sys.path

from assistant.core.models.download import Downloader, DownloadRequest
from assistant.core.models.hub import Hub
from tests.helpers.fake_hub import FakeHub, HubFileSpec, online_hub  # noqa: F401

REPO = "bench/Big-GGUF"
NAME = "big-Q8_0.gguf"


def make_file(path: Path, size: int) -> None:
    """A valid GGUF header followed by incompressible bytes (the check reads only the header
    area; the transfer and the hash see every byte)."""
    from tests.helpers.tiny_gguf import write_tiny_llama

    model = write_tiny_llama(path.with_suffix(".seed.gguf")).read_bytes()
    block = os.urandom(16 * 1024 * 1024)
    with open(path, "wb") as handle:
        handle.write(model)
        written = len(model)
        while written < size:
            chunk = block[: min(len(block), size - written)]
            handle.write(chunk)
            written += len(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="256 MB, 2 reps")
    args = parser.parse_args()
    if args.quick:
        args.size_mb, args.reps = 256, 2
    if shutil.which("curl") is None:
        sys.exit("download benchmark: curl is not installed (it is the reference)")

    work = Path(tempfile.mkdtemp(prefix="quill-bench-dl-"))
    try:
        source = work / "source.gguf"
        make_file(source, args.size_mb * 1024 * 1024)
        size = source.stat().st_size
        os.environ.pop("HF_HUB_OFFLINE", None)
        with FakeHub() as hub:
            os.environ["HF_ENDPOINT"] = hub.url
            # The listing carries the file's SHA-256, so the downloader verifies every byte.
            hub.add(REPO, {NAME: HubFileSpec(disk=source, sha256=None)})
            client = Hub()
            (hub_file,) = client.files(REPO)
            url = client.file_url(REPO, NAME, hub_file.revision)
            curl_times: list[float] = []
            quill_times: list[float] = []
            for rep in range(args.reps):
                target = work / f"curl-{rep}.bin"
                started = time.perf_counter()
                subprocess.run(["curl", "-sS", "-o", str(target), url], check=True)
                curl_times.append(time.perf_counter() - started)
                assert target.stat().st_size == size
                target.unlink()

                models = work / f"models-{rep}"
                downloader = Downloader.for_hub(models, client)
                started = time.perf_counter()
                downloader.download(DownloadRequest.from_hub_file(hub_file))
                quill_times.append(time.perf_counter() - started)
                downloader.close()
                shutil.rmtree(models, ignore_errors=True)
                print(
                    f"rep {rep + 1}: curl {size / curl_times[-1] / 1e6:.0f} MB/s, "
                    f"Quill {size / quill_times[-1] / 1e6:.0f} MB/s",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    curl_rate = size / median(curl_times)
    quill_rate = size / median(quill_times)
    ratio = quill_rate / curl_rate
    print(
        f"{args.size_mb} MB over loopback: Quill {quill_rate / 1e6:.0f} MB/s (SHA-256 on), "
        f"curl {curl_rate / 1e6:.0f} MB/s -> ratio {ratio:.3f} (target >= 0.9)"
    )
    figure(
        "download_vs_curl",
        quill_rate / 1e6,
        "MB/s",
        reference=curl_rate / 1e6,
        target=">= 0.9",
        notes=f"{args.size_mb} MB from the loopback Hub stand-in (sendfile): Quill's downloader with SHA-256 "
        f"and Range support vs `curl -o`, median of {args.reps} alternating reps",
    )
    print_json(
        "download",
        {
            "size_mb": args.size_mb,
            "quill_mb_s": round(quill_rate / 1e6, 1),
            "curl_mb_s": round(curl_rate / 1e6, 1),
            "ratio": round(ratio, 3),
            "target": 0.9,
            "reps": args.reps,
        },
    )


if __name__ == "__main__":
    main()
