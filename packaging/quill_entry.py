"""The bundle's entry point: the same `quill` command as the installed package."""

import multiprocessing
import sys

from assistant.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
