#!/usr/bin/env bash
# The demo project: gridmap demo builds it, GDAL's GeoPackage validator accepts it, ogrinfo
# lists its layers, and Chinese names come back as UTF-8.
# usage: demo_test.sh GRIDMAP
set -uo pipefail
G=$1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }

"$G" demo "$W" >"$W/demo.log" 2>&1
check "gridmap demo exits 0" "[ $? -eq 0 ]"
check "demo.gpkg written" "[ -s '$W/demo.gpkg' ]"
/usr/bin/python3 /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py "$W/demo.gpkg" >"$W/validate.log" 2>&1
check "validate_gpkg.py accepts the demo ($(head -c 300 "$W/validate.log"))" "[ $? -eq 0 ]"
layers=$(ogrinfo -ro -q "$W/demo.gpkg" 2>/dev/null)
for l in community cell compound building road repair_segment service_point issue household person party_group party_group_building unit role_assignment household_pairing issue_event settings party_branch repair_segment_cell issue_photo assignment_event saved_view snapshot snapshot_figure pledge; do
  check "ogrinfo lists $l" "grep -qE '^[0-9]+: $l \\(' <<<\"\$layers\""
done
check "35 layers" "[ $(grep -cE '^[0-9]+: ' <<<"$layers") -eq 35 ]"
names=$(ogrinfo -ro -q "$W/demo.gpkg" compound 2>/dev/null)
check "颐景花苑 round-trips" "grep -q '颐景花苑' <<<\"\$names\""
check "宝成公寓 round-trips" "grep -q '宝成公寓' <<<\"\$names\""
count=$(ogrinfo -ro -q "$W/demo.gpkg" -sql "SELECT COUNT(*) AS n FROM household" 2>/dev/null | grep -oE 'n \(Integer\) = [0-9]+' | grep -oE '[0-9]+$')
check "2079 households (got $count)" "[ '$count' = 2079 ]"
# Running again refuses to overwrite without --force.
"$G" demo "$W" >/dev/null 2>&1
check "second demo without --force exits 2" "[ $? -eq 2 ]"
"$G" demo "$W" --force >/dev/null 2>&1
check "demo --force exits 0" "[ $? -eq 0 ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
