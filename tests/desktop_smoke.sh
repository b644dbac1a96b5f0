#!/usr/bin/env bash
# Smoke test of gridmap-desktop on the offscreen platform: it opens the demo project, draws it
# and saves a screenshot, in Chinese and in English; a missing project makes it fail cleanly.
#
#   desktop_smoke.sh GRIDMAP_DESKTOP GRIDMAP_CLI
set -euo pipefail

desktop=${1:?usage: desktop_smoke.sh GRIDMAP_DESKTOP GRIDMAP_CLI}
cli=${2:?usage: desktop_smoke.sh GRIDMAP_DESKTOP GRIDMAP_CLI}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$cli" demo "$work/demo" --force >/dev/null || fail "gridmap demo failed"
project="$work/demo/demo.gpkg"

for lang in zh_CN en; do
    shot="$work/shot-$lang.png"
    GRIDMAP_LANG=$lang "$desktop" --screenshot "$shot" "$project" ||
        fail "gridmap-desktop ($lang) exited with $?"
    [[ -s $shot ]] || fail "no screenshot for $lang"
    # A drawn map is far bigger than an empty window (about 3 kB as PNG).
    size=$(stat -c %s "$shot")
    ((size > 20000)) || fail "screenshot for $lang is only $size bytes: nothing drawn?"
    echo "ok: $lang screenshot, $size bytes"
done

set +e
GRIDMAP_LANG=en "$desktop" --screenshot "$work/missing.png" "$work/no-such.gpkg" 2>"$work/err"
rc=$?
set -e
((rc == 1)) || fail "a missing project should exit 1, got $rc"
grep -q "no-such.gpkg" "$work/err" || fail "the error does not name the file: $(cat "$work/err")"
echo "ok: a missing project is reported"

# A message of geo/ is shown in the UI's language: a file that is not a GeoPackage.
echo "not a project" >"$work/text.gpkg"
for lang in zh_CN en; do
    set +e
    GRIDMAP_LANG=$lang "$desktop" --screenshot "$work/text.png" "$work/text.gpkg" 2>"$work/err"
    rc=$?
    set -e
    ((rc == 1)) || fail "a file that is not a project should exit 1 ($lang), got $rc"
    want="text.gpkg: not a GeoPackage"
    [[ $lang == zh_CN ]] && want="text.gpkg：不是 GeoPackage"
    grep -qF "$want" "$work/err" || fail "$lang: expected '$want', got: $(cat "$work/err")"
done
echo "ok: geo's message in the UI's language"
