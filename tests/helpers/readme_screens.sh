#!/usr/bin/env bash
# Regenerate every picture README.md shows, from the real app under Xvfb, into resources/screenshots/.
#
#   bash tests/helpers/readme_screens.sh [OUT_DIR] [NAME_FILTER]
#
# Run from the repository root after the test set-up (the venv, the starter model); needs
# ../shared/tools/screenshot. Each picture gets its own private QUILL_HOME, so nothing of yours is read.
# NAME_FILTER (a grep pattern) remakes only the matching pictures. Look at each PNG before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-resources/screenshots}
only=${2:-.}
py="$PWD/.venv/bin/python"
shot="$PWD/../shared/tools/screenshot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/docs"
cp ../shared/data/*.md README.md "$work/docs/"  # Chinese articles and an English manual

# name  seconds  screen  command...
take() {
  local name=$1 secs=$2 size=$3
  shift 3
  echo "$name" | grep -q -- "$only" || return 0
  local home="$work/home-$name"
  mkdir -p "$home"
  if [ "${MEASURE:-1}" = 1 ] && [[ "$name" == models-* || "$name" == welcome-* ]]; then
    QUILL_HOME="$home" "$PWD/.venv/bin/quill" models list --measure >/dev/null  # the speeds shown
  fi
  QUILL_HOME="$home" SIZE="$size" "$shot" "$out/$name.png" "$secs" -- "$py" "$@" >/dev/null
  echo "$out/$name.png"
}

en=(--lang en --theme light)
zh=(--lang zh_CN --theme dark)

take welcome-en-light 30 1100x720 -m tests.helpers.welcome_demo "${en[@]}" --step computer
take welcome-zh-dark 30 1100x720 -m tests.helpers.welcome_demo "${zh[@]}" --step computer --use chat
take chat-en-light 10 1100x720 -m tests.helpers.screens_demo "${en[@]}" --pane chat --conversation --versions
take chat-zh-dark 10 1100x720 -m tests.helpers.screens_demo "${zh[@]}" --pane chat --conversation
take chat-empty-en-light 9 1100x720 -m tests.helpers.screens_demo "${en[@]}" --pane chat
take summarize-en-light 45 1100x720 -m tests.helpers.screens_demo "${en[@]}" --pane summarize --example --run
take summarize-zh-dark 9 1100x720 -m tests.helpers.screens_demo "${zh[@]}" --pane summarize
take translate-zh-dark 9 1100x720 -m tests.helpers.screens_demo "${zh[@]}" --pane translate
take translate-refused-en-light 14 1100x720 -m tests.helpers.welcome_demo "${en[@]}" --step notice
take translate-refused-zh-dark 14 1100x720 -m tests.helpers.welcome_demo "${zh[@]}" --step notice
take write-en-light 120 1100x720 -m tests.helpers.write_demo "${en[@]}" --action rewrite --n 3 \
  "Our team have finished the report, it's ready for you're review by friday."
take write-zh-dark 60 1100x720 -m tests.helpers.write_demo "${zh[@]}" --action proofread \
  "We was late becuase the train were delayed, so we missed the begining of the meeting."  # the starter model knows English only
take library-en-light 25 1100x720 -m tests.helpers.library_demo "$work/docs" "${en[@]}" --search "download a model"
take library-zh-dark 25 1100x720 -m tests.helpers.library_demo "$work/docs" "${zh[@]}" --ask "LLM面临哪些挑战？" \
  --reply "主要挑战包括计算资源、数据质量以及偏见和公平性 [1]。"
take models-en-light 14 1280x800 -m tests.helpers.welcome_demo "${en[@]}" --step models
take models-zh-dark 14 1280x800 -m tests.helpers.welcome_demo "${zh[@]}" --step models
mkdir -p "$work/r1" "$work/r2"
take chat-reasoning-en-light 16 1200x760 -m tests.helpers.reasoning_demo "${en[@]}" "$work/r1"
take chat-reasoning-zh-dark 16 1200x760 -m tests.helpers.reasoning_demo "${zh[@]}" --open "$work/r2"
