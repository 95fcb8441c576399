#!/usr/bin/env bash
# Re-fetches the charting script that report.html embeds (Apache ECharts, from the npm registry), checks it against
# the sha256 recorded in src/Colossim/Reports/Assets/echarts.VERSION and copies it with its LICENSE and NOTICE into
# src/Colossim/Reports/Assets/. Usage:
#   tools/reports/update-chart-lib.sh            re-fetch the recorded version and verify it (exit 1 on a mismatch)
#   tools/reports/update-chart-lib.sh 6.2.0      fetch another version and record its sha256 (review the diff!)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
assets="$root/src/Colossim/Reports/Assets"
recorded_version="$(sed -n 's/^version: //p' "$assets/echarts.VERSION")"
recorded_sha="$(sed -n 's/^sha256: //p' "$assets/echarts.VERSION")"
version="${1:-$recorded_version}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "echarts@$version" >/dev/null && tar xzf "echarts-$version.tgz" package/dist/echarts.min.js package/LICENSE package/NOTICE)
sha="$(sha256sum "$work/package/dist/echarts.min.js" | cut -d' ' -f1)"
if [ "$version" = "$recorded_version" ] && [ "$sha" != "$recorded_sha" ]; then
  echo "echarts $version: sha256 $sha differs from the recorded $recorded_sha; nothing copied" >&2
  exit 1
fi
if grep -q '</script' "$work/package/dist/echarts.min.js"; then
  echo "echarts $version contains '</script', which would end the page's script early; nothing copied" >&2
  exit 1
fi
cp "$work/package/dist/echarts.min.js" "$assets/echarts.min.js"
cp "$work/package/LICENSE" "$assets/echarts.LICENSE.txt"
cp "$work/package/NOTICE" "$assets/echarts.NOTICE.txt"
printf 'name: echarts (Apache ECharts, npm package "echarts", file dist/echarts.min.js)\nversion: %s\nsha256: %s\nlicense: Apache-2.0 (echarts.LICENSE.txt, echarts.NOTICE.txt)\nupdate: tools/reports/update-chart-lib.sh [VERSION]\n' "$version" "$sha" > "$assets/echarts.VERSION"
echo "echarts $version, sha256 $sha, in $assets"
