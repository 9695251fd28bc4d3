#!/usr/bin/env bash
# Add Quill to your own application menu (no root needed).
#
#   packaging/linux/install-desktop-entry.sh [PATH/TO/quill]      # default: dist/quill/quill
#   packaging/linux/install-desktop-entry.sh --uninstall
#
# Installs the .desktop entry, the AppStream metainfo and the icons under
# ${XDG_DATA_HOME:-~/.local/share}, pointing the menu entry at the given executable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app_id="io.github.quillapp.Quill"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml"
  find "$data/icons/hicolor" -name "$app_id.png" -delete 2>/dev/null || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
  echo "Quill removed from the application menu."
  exit 0
fi

exe="$(realpath "${1:-$root/dist/quill/quill}")"
if [ ! -x "$exe" ]; then
  echo "install-desktop-entry: no executable at $exe (build it with packaging/build.sh)" >&2
  exit 2
fi

mkdir -p "$data/applications" "$data/metainfo"
sed "s|^Exec=.*|Exec=\"$exe\" %F|" "$here/$app_id.desktop" > "$data/applications/$app_id.desktop"
cp "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
for size_dir in "$root"/resources/icons/hicolor/*/; do
  size="$(basename "$size_dir")"
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$size_dir/apps/quill.png" "$data/icons/hicolor/$size/apps/$app_id.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Quill added to the application menu ($data/applications/$app_id.desktop -> $exe)."
