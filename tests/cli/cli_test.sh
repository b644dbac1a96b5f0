#!/usr/bin/env bash
# End-to-end tests of the gridmap CLI: exit codes, messages that name file, feature and field,
# and projects left exactly as they were after a refused import.
# usage: cli_test.sh GRIDMAP TEST_DATA_DIR SHARED_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
D=$2
S=$3




P=$(project_path p) # a GeoPackage, or a PostgreSQL schema (GRIDMAP_TEST_STORE=pg)
expect 0 "created" -- "$G" init "$P"
expect 2 "$([ "$store" = pg ] && echo "already holds a project" || echo "file exists")" -- "$G" init "$P"
expect 2 "is not projected" -- "$G" init "$W/q.gpkg" --crs EPSG:4326
expect 0 "working CRS set to EPSG:4547" -- "$G" import "$P" community "$D/community.geojson"
expect 0 "imported 2 cell rows" -- "$G" import "$P" cell "$D/cell.geojson"
expect 0 "imported 2 compound rows" -- "$G" import "$P" compound "$D/compound.geojson"
expect 0 "imported 1 party_branch rows" -- "$G" import "$P" party_branch "$D/party_branch.csv"
expect 0 "imported 3 person rows" -- "$G" import "$P" person "$D/person.csv"
expect 0 "imported 2 party_group rows" -- "$G" import "$P" party_group "$D/party_group.csv"
expect 0 "building.compound: 2 of 3 set from compound" -- "$G" import "$P" building "$D/building.geojson"
expect 0 "imported 3 unit rows" -- "$G" import "$P" unit "$D/unit.csv"
expect 0 "imported 4 household rows" -- "$G" import "$P" household "$D/household.xlsx"

before=$(digest "$P")
refuse() { # refuse NEEDLE -- import args...: exit 2, message, project unchanged
  local needle=$1
  shift 2
  expect 2 "$needle" -- "$G" import "$P" "$@"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project changed after refused: $*"
}
refuse "no such file" -- building "$D/missing.geojson"
refuse "truncated.geojson: not a readable vector file" -- building "$D/truncated.geojson"
refuse "feature 1 (id 'R01'): geometry is LINESTRING, layer 'building' takes polygons" -- building "$D/road_as_building.geojson"
refuse "unknown CRS" -- building "$D/bowtie.geojson" --source-crs EPSG:999999
refuse "feature 1 (id 'B21'): invalid geometry: Self-intersection" -- building "$D/bowtie.geojson"
refuse "feature 2 (id 'B32'): empty geometry" -- building "$D/empty_geometry.geojson"
refuse "feature 2 (id 'H102'), field 'building': no building with id or name 'B99'" -- household "$D/household_unknown_building.csv"
refuse "'B01' is already in the project" -- building "$D/building.geojson"
refuse "unknown layer 'parcel'" -- parcel "$D/building.geojson"
refuse "expected TARGET=SOURCE" -- building "$D/bowtie.geojson" --map name
refuse "unknown option --colour" -- building "$D/bowtie.geojson" --colour red

# A project file from a newer schema (GeoPackage files: copied and edited).
if [ "$store" = gpkg ]; then
cp "$P" "$W/newer.gpkg"
ogrinfo -q "$W/newer.gpkg" -sql "UPDATE settings SET value = '99' WHERE key = 'schema_version'" >/dev/null 2>&1
nb=$(digest "$W/newer.gpkg")
expect 2 "newer Gridmap (schema version 99)" -- "$G" info "$W/newer.gpkg"
expect 2 "newer Gridmap (schema version 99)" -- "$G" import "$W/newer.gpkg" road "$D/road.geojson"
[ "$(digest "$W/newer.gpkg")" = "$nb" ] && ok || bad "newer-schema project changed"

# An older project is migrated by any command that reads it, when the file is writable.
cp "$P" "$W/older.gpkg"
ogrinfo -q "$W/older.gpkg" -sql "UPDATE settings SET value = '3' WHERE key = 'schema_version'" >/dev/null 2>&1
expect 0 "schema version  9" -- "$G" info "$W/older.gpkg"
cp "$P" "$W/older_ro.gpkg"
ogrinfo -q "$W/older_ro.gpkg" -sql "UPDATE settings SET value = '3' WHERE key = 'schema_version'" >/dev/null 2>&1
chmod a-w "$W/older_ro.gpkg"
if [ "$(id -u)" -ne 0 ]; then # root may write anyway
  expect 2 "needs migrating" -- "$G" check "$W/older_ro.gpkg"
fi
fi

# Repair on request, and say which.
expect 0 "feature 1 (id 'B21'): Self-intersection" -- "$G" import "$P" building "$D/bowtie.geojson" --fix-invalid
expect 0 "" -- "$G" info "$P"
expect 0 '"name": "building", "geometry": "MULTIPOLYGON", "count": 4' -- "$G" info "$P" --json
expect 0 "usage: gridmap import" -- "$G" import --help
expect 2 "usage: gridmap import PROJECT.gpkg LAYER SOURCE" -- "$G" import "$P"
expect 2 "unknown command" -- "$G" frobnicate
expect 0 "commands:" -- "$G" --help

# gridmap check: exit 1 when a rule falls short, 0 when all hold, 2 on bad input; the JSON
# is byte-identical run to run.
expect 1 "NO building_party_group" -- "$G" check "$P"
expect 1 "" -- "$G" check "$P" --json -o "$W/check1.json"
expect 1 "" -- "$G" check "$P" --json -o "$W/check2.json" --threads 1
cmp -s "$W/check1.json" "$W/check2.json" && ok || bad "check --json differs between runs"
grep -q '"id": "building_party_group", "title": "Residential buildings have a party group", "title_zh": "楼栋有党小组", "total": 4, "covered": 2' "$W/check1.json" && ok || bad "check JSON lacks the party group rule: $(head -c 600 "$W/check1.json")"
grep -qE '13700001234|钱秀英' "$W/check1.json" && bad "check JSON shows a resident's name or phone" || ok
T=$(project_path tiles)
expect 0 "" -- "$G" init "$T"
expect 0 "" -- "$G" import "$T" community "$D/community.geojson"
expect 0 "" -- "$G" import "$T" cell "$D/cell.geojson"
expect 1 "NO cell_households_in_range" -- "$G" check "$T"
expect 1 "NO cell_grid_worker" -- "$G" check "$T" --households 0-500
printf 'person,role,target\nP01,grid_worker,420902001005001\nP02,grid_worker,420902001005002\n' >"$W/workers.csv"
expect 0 "" -- "$G" import "$T" party_branch "$D/party_branch.csv"
expect 0 "" -- "$G" import "$T" person "$D/person.csv"
expect 0 "" -- "$G" import "$T" role_assignment "$W/workers.csv"
expect 0 "17 of 17 rules hold; 0 gaps and 0 overlaps" -- "$G" check "$T" --households 0-500
expect 2 "no such file" -- "$G" check "$W/none.gpkg"
expect 2 "expected MIN-MAX" -- "$G" check "$T" --households 300

# Real data: tile-cut pieces, invalid parishes, an OSM extract.
if [ -d "$S" ]; then
  R=$(project_path real)
  expect 0 "" -- "$G" init "$R"
  expect 2 "--merge-by id dissolves them" -- "$G" import "$R" building "$S/wuhan/optics-valley-buildings.geojson" --where "OGR_GEOMETRY='POLYGON'"
  expect 0 "(265 features, 28 merged into others)" -- "$G" import "$R" building "$S/wuhan/optics-valley-buildings.geojson" --where "OGR_GEOMETRY='POLYGON'" --merge-by id
  expect 2 "ring 1 of polygon 1 is not closed" -- "$G" import "$R" community "$S/macau/macau-freguesias.geojson" --map code=osmId
  expect 0 "repaired 7 invalid geometries" -- "$G" import "$R" community "$S/macau/macau-freguesias.geojson" --map code=osmId --fix-invalid
  O=$(project_path osm)
  expect 0 "" -- "$G" init "$O"
  expect 0 "imported 292 building rows" -- "$G" import "$O" building "$S/osm/andorra.osm.pbf" --source-layer multipolygons --where "building IS NOT NULL"
else
  echo "note: $S missing, real-data CLI tests skipped"
fi

finish
