#!/usr/bin/env bash
# Re-takes the report screenshots in docs/images with Debian's headless Chromium (the web-*.png ones come from the
# browser tests: COLOSSIM_SCREENSHOTS=docs/images dotnet test tests/Colossim.Tests --filter "FullyQualifiedName~DashboardPageTests").
#   tools/reports/screenshots.sh [OUT_DIR]      (default docs/images; runs two scenarios and a comparison into a temporary folder)
# Needs: a Debug build (dotnet build Colossim.slnx), chromium (COLOSSIM_CHROMIUM for another path). Each page is shot 1400 px wide; a tall page shows its
# first charts, the rest are in the report folder's charts/*.svg.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-docs/images}"
chromium="${COLOSSIM_CHROMIUM:-/usr/bin/chromium}"
# Inside the repository (out/ is ignored), so the pages name their folders as a reader would type them.
work="out/screenshots"
rm -rf "$work"
mkdir -p "$work"
colossim() { dotnet src/Colossim.Cli/bin/Debug/net10.0/colossim.dll "$@"; }
shoot() { # PAGE PNG HEIGHT
  "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --lang=en-US \
    --window-size=1400,"$3" --virtual-time-budget=5000 --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
}
export COLOSSIM_NO_HISTORY=1
colossim run scenarios/colossus.yaml --out "$work/colossus" >/dev/null
colossim run scenarios/partnership-gb200.yaml --out "$work/partnership" >/dev/null
sed 's/count: 100000/count: 120000/' scenarios/colossus.yaml > "$work/colossus-120k.yaml"
colossim run "$work/colossus-120k.yaml" --out "$work/colossus-120k" >/dev/null
colossim compare "$work/colossus" "$work/colossus-120k" --out "$work/compare" >/dev/null
mkdir -p "$out"
shoot "$work/colossus/report.html" "$out/report-colossus.png" 2400
shoot "$work/partnership/report.html" "$out/report-partnership.png" 2400
shoot "$work/compare/compare.html" "$out/compare-colossus.png" 1800
# Every chart of the Colossus page, for review (not committed).
if [[ -n "${COLOSSIM_ALL_CHARTS:-}" ]]; then
  shoot "$work/colossus/report.html" "$out/report-colossus-full.png" 9000
fi
ls -la "$out"/report-*.png "$out"/compare-*.png
