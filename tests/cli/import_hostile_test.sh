#!/usr/bin/env bash
# gridmap import with files as offices and accidents make them (tests/data/hostile/make.py):
# GBK CSVs, files cut short, coordinates of 1e200, numbers and dates that mean nothing, label
# points among polygons. A refusal exits 2 with one message naming file, feature and field,
# and leaves the project file byte for byte as it was.
# usage: import_hostile_test.sh GRIDMAP TEST_DATA_DIR SHARED_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
D=$2
S=$3
H=$D/hostile

P=$W/p.gpkg
expect 0 "created" -- "$G" init "$P"
for t in community:community.geojson cell:cell.geojson compound:compound.geojson \
  party_branch:party_branch.csv person:person.csv party_group:party_group.csv \
  building:building.geojson unit:unit.csv; do
  expect 0 "imported" -- "$G" import "$P" "${t%%:*}" "$D/${t#*:}"
done

bytes_before=$(sha256sum "$P" | cut -d' ' -f1)
before=$(digest "$P")
refuse() { # refuse NEEDLE -- import args...: exit 2, the message, the file unchanged
  local needle=$1
  shift 2
  expect 2 "$needle" -- "$G" import "$P" "$@"
  [ "$(sha256sum "$P" | cut -d' ' -f1)" = "$bytes_before" ] && ok || bad "project file changed: $*"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project content changed: $*"
}

# Encodings.
refuse "household_latin1.csv: line 2 is not UTF-8 or GB18030 text (bytes E9 2C 78 0D); give the file's encoding with --source-encoding" -- household "$H/household_latin1.csv"
refuse "household_latin1.csv: line 2 is not UTF-8 text (bytes FC 6C 6C 65) though --source-encoding says utf-8" -- household "$H/household_latin1.csv" --source-encoding utf-8
refuse "--source-encoding klingon: unknown encoding" -- household "$H/household_gbk.csv" --source-encoding klingon
refuse "building_bad_gbk.dbf: record 1 is not GB18030 text (bytes FF C3 BE B0)" -- building "$H/building_bad_gbk.shp"
# Truncation.
refuse "household_cut_row.csv: row 5 has 3 fields, the header has 8: the file looks cut short" -- household "$H/household_cut_row.csv"
refuse "household_short_middle.csv: row 6 has 4 fields, the header has 8: a value or its delimiter is missing" -- household "$H/household_short_middle.csv"
refuse "household_long_row.csv: row 3 has 9 fields, the header has 8: a delimiter inside a value must be quoted" -- household "$H/household_long_row.csv"
refuse "household_cut_quote.csv: row 5 has a quoted value that is never closed" -- household "$H/household_cut_quote.csv"
refuse "household_gbk_cut.csv: it ends inside a GB18030 character (bytes CB): the file looks cut short" -- household "$H/household_gbk_cut.csv"
refuse "building_cut_dbf.dbf: holds 2 of the 3 records its header announces" -- building "$H/building_cut_dbf.shp"
refuse "building_cut_shp.shp: 468 bytes where its header says 508" -- building "$H/building_cut_shp.shp"
refuse "building_cut.gpkg: 53248 bytes where its header says 106496" -- building "$H/building_cut.gpkg"
refuse "household_cut.xlsx: a ZIP archive (1795 bytes) without the directory" -- household "$H/household_cut.xlsx"
# Bounds.
refuse "feature 2 (id 'B42'): lies at (1e+200 1e+200), outside the area where the working CRS EPSG:4547 is used" -- building "$H/building_huge.geojson"
refuse "feature 1 (id 'B45'): coordinates that are not finite numbers" -- building "$H/building_nan.geojson"
refuse "feature 1 (id 'H105'), field 'persons': '99999999999999999999' is not between 0 and 99" -- household "$H/household_persons_overflow.csv"
refuse "feature 1 (id 'B44'), field 'floors': '250' is not between 0 and 200" -- building "$H/building_floors.geojson"
refuse "feature 2 (id 'I12'), field 'reported_at': '2026-02-30 09:00' is not a calendar date" -- issue "$H/issue_feb30.csv"
refuse "--geometry-type line: layer 'household' takes no geometry" -- household "$H/household_gbk.csv" --geometry-type line
# Issues as a table keep the work-order rule (tests/data/hostile/make_rows.py: rows I32-I35).
refuse "issue_fields.csv: 4 problems; nothing was imported" -- issue "$H/issue_fields.csv"
refuse "feature 3 (id 'I33'), field 'category': '乱扔东西' is not one of 市容环境" -- issue "$H/issue_fields.csv"
# A GeoPackage GDAL reports errors for is refused, with GDAL's message in ours, none on its own.
refuse "building_bad_extensions.gpkg: GDAL reports an error reading it (sqlite3_get_table(" -- building "$H/building_bad_extensions.gpkg"
out=$("$G" import "$P" building "$H/building_bad_extensions.gpkg" 2>&1)
[ "$(grep -c '^ERROR 1' <<<"$out")" = 0 ] && ok || bad "GDAL's own error lines printed: $out"
refuse "issue_nan_lon.csv: row 3, column 'lon': longitude 'nan' is not a number" -- issue "$H/issue_nan_lon.csv"
# A refused project still checks (exit 1: the fixture's rules do not all hold, never abort).
expect 1 "rules hold" -- "$G" check "$P"

# The GBK register imports, and is stored as UTF-8.
expect 0 "note: read as GB18030" -- "$G" import "$P" household "$H/household_gbk.csv"
name=$(ogrinfo -ro -q "$P" -sql "SELECT head_name FROM household WHERE id = 'H103'" 2>/dev/null | grep -o 'head_name (String) = .*')
[ "$name" = "head_name (String) = 欧阳娜娜" ] && ok || bad "GBK head_name read back as '$name'"

# Label points among polygons: the refusal names the option, the option keeps the polygons.
if [ -f "$S/wuhan/optics-valley-buildings.geojson" ]; then
  R=$W/wuhan.gpkg
  expect 0 "" -- "$G" init "$R"
  expect 2 "--geometry-type polygon imports the 265 polygons and leaves the others out" -- "$G" import "$R" building "$S/wuhan/optics-valley-buildings.geojson" --merge-by id
  expect 0 "imported 237 building rows from $S/wuhan/optics-valley-buildings.geojson (355 features, 90 left out, 28 merged into others)" -- "$G" import "$R" building "$S/wuhan/optics-valley-buildings.geojson" --merge-by id --geometry-type polygon
else
  echo "note: $S missing, real-data tests skipped"
fi

finish
