#!/usr/bin/env bash
# The layering check itself can fail: a copy of geo/ with a Qt include, and one with a GDAL
# header in a public header, must both be refused; the real tree must pass.
# usage: layering_test.sh SOURCE_ROOT
set -uo pipefail
ROOT=$1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail=0
bash "$ROOT/scripts/check-layering" "$ROOT" >/dev/null || { echo "FAIL: the tree breaks the layering rule"; bash "$ROOT/scripts/check-layering" "$ROOT"; fail=1; }
mkdir -p "$W/qt/geo/src" "$W/qt/geo/include/gridmap" && cp "$ROOT/geo/CMakeLists.txt" "$W/qt/geo/"
echo '#include <QString>' >"$W/qt/geo/src/bad.cpp"
bash "$ROOT/scripts/check-layering" "$W/qt" >/dev/null && { echo "FAIL: a Qt include in geo/ passed"; fail=1; }
mkdir -p "$W/gdal/geo/include/gridmap" && cp "$ROOT/geo/CMakeLists.txt" "$W/gdal/geo/"
echo '#include <gdal_priv.h>' >"$W/gdal/geo/include/gridmap/bad.hpp"
bash "$ROOT/scripts/check-layering" "$W/gdal" >/dev/null && { echo "FAIL: a GDAL header in geo/include passed"; fail=1; }
echo "$((3 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
