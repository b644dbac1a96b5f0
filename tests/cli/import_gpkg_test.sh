#!/usr/bin/env bash
# A bulk import (4,096 rows and more: rows written by prepared INSERTs, the R-tree packed in
# one pass) leaves a GeoPackage that GDAL reads as its own: the layers' feature counts and
# extents (gpkg_ogr_contents, gpkg_contents), the R-tree (SQLite's rtreecheck, every box holding
# its building within a metre) and a spatial filter through it finding the same buildings as
# a scan of the source, which has no index. Also for buildings imported in two batches (the
# second packed together with the entries of the first) and for a batch below 4,096 rows into
# a table that already has rows (GDAL's own path on a packed tree), and a bulk --replace refused
# after its rows were written (everything rolled back).
# usage: import_gpkg_test.sh GRIDMAP
set -uo pipefail
G=$1
. "$(dirname "$0")/lib.sh"

"$G" demo "$W/city" --city 10000 --seed 1 >"$W/city.log" 2>&1 ||
  bad "gridmap demo --city 10000 failed: $(tail -3 "$W/city.log")"
S=$W/city/city-source.gpkg
P=$W/city/city.gpkg

count() { ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/^Feature Count: //p'; }
extent() { ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/^Extent: //p'; }
sql_value() { # FILE SQL -> the first field value of the first row
  ogrinfo -ro -q "$1" -sql "$2" 2>/dev/null | sed -n 's/^ *[a-z_]* ([A-Za-z0-9]*) = //p' | head -1
}
# The building ids a spatial filter (the middle of the layer's extent) finds, sorted.
in_box() {
  ogrinfo -ro -q -spat "$2" "$3" "$4" "$5" "$1" building 2>/dev/null |
    sed -n 's/^ *id (String) = //p' | sort
}

# verify PROJECT BUILDINGS: counts, extent, R-tree and spatial filter of a project holding the
# first BUILDINGS buildings of the source.
verify() {
  local p=$1 n=$2 got
  got=$(count "$p" building)
  [ "$got" = "$n" ] && ok || bad "$p: building feature count '$got', expected $n"
  # GDAL keeps the count in gpkg_ogr_contents, or NULL (counted when asked) once it gave up.
  got=$(sqlite3 "$p" "SELECT ifnull(feature_count, 'NULL') FROM gpkg_ogr_contents
    WHERE table_name = 'building'")
  [ "$got" = "$n" ] || [ "$got" = NULL ] && ok ||
    bad "$p: gpkg_ogr_contents says $got buildings, expected $n"
  got=$(sqlite3 "$p" "SELECT count(*) FROM rtree_building_geom")
  [ "$got" = "$n" ] && ok || bad "$p: $got R-tree entries, expected $n"
  got=$(sqlite3 "$p" "SELECT rtreecheck('rtree_building_geom')")
  [ "$got" = ok ] && ok || bad "$p: rtreecheck: $got"
  got=$(sqlite3 "$p" "PRAGMA integrity_check")
  [ "$got" = ok ] && ok || bad "$p: integrity_check: $got"
  # Every box holds its building's envelope and lies within a metre of it (float rounding).
  got=$(sql_value "$p" "SELECT count(*) AS n FROM building b JOIN rtree_building_geom r ON r.id = b.fid
    WHERE r.minx <= ST_MinX(b.geom) AND r.maxx >= ST_MaxX(b.geom) AND r.miny <= ST_MinY(b.geom)
    AND r.maxy >= ST_MaxY(b.geom) AND ST_MinX(b.geom) - r.minx < 1 AND r.maxx - ST_MaxX(b.geom) < 1
    AND ST_MinY(b.geom) - r.miny < 1 AND r.maxy - ST_MaxY(b.geom) < 1")
  [ "$got" = "$n" ] && ok || bad "$p: $got of $n R-tree boxes fit their building"
  # The layer's extent (gpkg_contents) is the envelope of its buildings.
  local want
  want=$(sql_value "$p" "SELECT printf('(%.6f, %.6f) - (%.6f, %.6f)', min(ST_MinX(geom)),
    min(ST_MinY(geom)), max(ST_MaxX(geom)), max(ST_MaxY(geom))) AS e FROM building")
  got=$(extent "$p" building)
  [ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "$p: building extent '$got', expected '$want'"
}

verify "$P" 10000
got=$(count "$P" household)
[ "$got" = 30000 ] && ok || bad "household feature count '$got', expected 30000"
want=$(sql_value "$S" "SELECT count(*) AS n FROM building WHERE party_group IS NOT NULL")
got=$(count "$P" party_group_building)
[ -n "$want" ] && [ "$got" = "$want" ] && ok ||
  bad "party_group_building feature count '$got', expected '$want' (buildings with a party group)"
# ogrinfo lists every layer of the project with its count.
got=$(ogrinfo -ro -so -al "$P" 2>/dev/null | grep -c '^Feature Count: ')
layers=$(sqlite3 "$P" "SELECT count(*) FROM gpkg_contents")
[ "$got" = "$layers" ] && ok || bad "ogrinfo -al -so lists $got feature counts for $layers layers"

# A spatial filter over the middle of the city: the same buildings as the source's scan.
read -r x0 y0 x1 y1 < <(sqlite3 "$P" "SELECT min_x + (max_x - min_x) * 0.3, min_y + (max_y - min_y) * 0.3,
  min_x + (max_x - min_x) * 0.6, min_y + (max_y - min_y) * 0.6 FROM gpkg_contents
  WHERE table_name = 'building'" | tr '|' ' ')
in_box "$S" "$x0" "$y0" "$x1" "$y1" >"$W/want.txt"
in_box "$P" "$x0" "$y0" "$x1" "$y1" >"$W/got.txt"
n=$(wc -l <"$W/want.txt")
[ "$n" -gt 100 ] && [ "$n" -lt 10000 ] && ok || bad "the box holds $n of 10000 source buildings"
cmp -s "$W/want.txt" "$W/got.txt" && ok ||
  bad "spatial filter: $(wc -l <"$W/got.txt") buildings found, $n in the source's scan"

# A bulk --replace refused after its rows were written (it would orphan households) rolls back
# everything: rows, R-tree, and the triggers and indexes the bulk write had dropped.
schema() { sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name" | sha256sum; }
d0=$(digest "$P")
s0=$(schema "$P")
expect 2 "would no longer exist after --replace" -- "$G" import "$P" building "$S" \
  --source-layer building --replace --where "fid <= 6000"
[ "$(digest "$P")" = "$d0" ] && ok || bad "a refused bulk --replace changed the rows"
[ "$(schema "$P")" = "$s0" ] && ok || bad "a refused bulk --replace changed the schema (triggers, indexes)"
verify "$P" 10000

# Two batches of buildings (6,000 then 4,000: both packed, the second with the first's entries)
# and then 100 more below the bulk size (GDAL's own R-tree inserts into the packed tree).
B=$W/batches.gpkg
"$G" init "$B" --crs EPSG:4547 >/dev/null
for t in party_branch person party_group community cell; do
  "$G" import "$B" "$t" "$S" --source-layer "$t" --quiet || bad "import $t failed"
done
"$G" import "$B" building "$S" --source-layer building --where "fid <= 6000" --quiet ||
  bad "import of buildings 1-6000 failed"
verify "$B" 6000
"$G" import "$B" building "$S" --source-layer building --where "fid > 6000 AND fid <= 9900" \
  --quiet || bad "import of buildings 6001-9900 failed"
verify "$B" 9900
"$G" import "$B" building "$S" --source-layer building --where "fid > 9900" --quiet ||
  bad "import of buildings 9901-10000 failed"
verify "$B" 10000
in_box "$B" "$x0" "$y0" "$x1" "$y1" >"$W/got.txt"
cmp -s "$W/want.txt" "$W/got.txt" && ok ||
  bad "spatial filter after three batches: $(wc -l <"$W/got.txt") buildings, $n expected"
# The batches store what the one import stored (building rows, cells and shares by id).
rows() { sqlite3 "$1" "SELECT id, hex(geom), name, compound, community, floors, cell, cell_share
  FROM building ORDER BY id" | sha256sum; }
[ "$(rows "$B")" = "$(rows "$P")" ] && ok || bad "buildings of the three batches differ from one import"
finish
