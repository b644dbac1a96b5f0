#!/usr/bin/env bash
# A project kept in PostgreSQL/PostGIS (issue #14): init and import into a schema give the same
# check --json and report as the GeoPackage, byte for byte; gridmap copy round-trips a project
# GeoPackage -> PostGIS -> GeoPackage with identical table contents; bad locations exit 2;
# issue commands give the same answers on both stores.
# Needs GRIDMAP_TEST_PG=postgresql://USER@HOST:PORT/DB (scripts/pg-test-cluster, which
# scripts/test starts); exits 77 (skipped) without it.
# usage: pg_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2
source "$(dirname "$0")/pg_lib.sh"
run=t$$_$RANDOM
schemas=()
cleanup_pg() { for s in "${schemas[@]}"; do sql "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1; done; rm -rf "$W"; }
trap cleanup_pg EXIT
pg() { schemas+=("${run}_$1"); echo "$base?schema=${run}_$1"; }
# Every row of every table of a GeoPackage, in fid order (geometry blobs as bytes).
dump() {
  local t
  for t in $(sqlite3 "$1" "SELECT table_name FROM gpkg_contents ORDER BY 1"); do
    echo "== $t"
    sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY fid"
  done | sha256sum | cut -d' ' -f1
}

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
GP=$W/demo.gpkg

# init + import: the demo's tables in the demo's order.
A=$(pg imported)
expect 0 "created $A" -- "$G" init "$A"
expect 2 "already holds a project" -- "$G" init "$A"
for t in community cell compound party_branch person party_group building unit household \
  role_assignment household_pairing road repair_segment service_point issue issue_event \
  saved_view snapshot snapshot_figure pledge visit care_tag key_place patrol member_signup co_unit \
  co_unit_pledge volunteer_team volunteer_member volunteer_activity; do
  f=$DEMO/$t.csv
  [ -f "$f" ] || f=$DEMO/$t.geojson
  "$G" import "$A" "$t" "$f" >"$W/import-$t.log" 2>&1 || bad "import $t into PostGIS: $(tail -3 "$W/import-$t.log")"
done
[ "$(sql "SELECT count(*) FROM ${run}_imported.household")" = 2079 ] && ok || bad "2079 households in PostGIS"
[ "$(sql "SELECT count(*) FROM ${run}_imported.building WHERE cell IS NOT NULL")" = 86 ] && ok || bad "86 buildings with a stored cell"
[ "$(sql "SELECT Find_SRID('${run}_imported', 'building', 'geom')")" = 4547 ] && ok || bad "building.geom in EPSG:4547"
# --at: the seed's visit and patrol rules are judged at one moment on both stores.
"$G" check "$GP" --json --at 2026-11-30 >"$W/check-gpkg.json"
"$G" check "$A" --json --at 2026-11-30 >"$W/check-pg.json"
[ $? -eq 1 ] && ok || bad "check on PostGIS exits 1 (the demo breaks rules) like the GeoPackage"
cmp -s "$W/check-gpkg.json" "$W/check-pg.json" && ok || bad "check --json differs: $(diff "$W/check-gpkg.json" "$W/check-pg.json" | head -5)"
# 2079 households, 1730 pairing rows (data/demo/household_pairing.csv)
grep -q '{"id": "household_pairing", .*"total": 2079, "covered": 1730,' "$W/check-pg.json" && ok || bad "check --json on PostGIS: household_pairing 1730 of 2079"
"$G" report "$GP" --format json >"$W/report-gpkg.json"
"$G" report "$A" --format json >"$W/report-pg.json"
cmp -s "$W/report-gpkg.json" "$W/report-pg.json" && ok || bad "report json differs"
QT_QPA_PLATFORM=offscreen "$G" render "$GP" -o "$W/map-gpkg.png" >/dev/null 2>&1
QT_QPA_PLATFORM=offscreen "$G" render "$A" -o "$W/map-pg.png" >/dev/null 2>&1
# The same pixels but for the data-source line at the foot (the file name or the database).
px=$(compare -metric AE "$W/map-gpkg.png" "$W/map-pg.png" -compose src "$W/map-diff.png" 2>&1)
box=$(convert "$W/map-diff.png" -trim info:- 2>/dev/null | awk '{print $4}')
[ "$px" -gt 0 ] && [ "${box##*+}" -ge 1090 ] && ok || bad "render differs above the data-source line ($px pixels, $box)"

# copy both ways: identical contents and check. The demo's rows: the sum of the per-table counts
# `gridmap info` prints (issue_event 72: 20 reports and the 52 changes of data/demo/issue_event.csv;
# snapshot_figure 239: the two demo snapshots with the seed's figures).
B=$(pg copied)
expect 0 "copied 7754 rows to $B" -- "$G" copy "$GP" "$B"
expect 0 "copied 7754 rows to $W/back.gpkg" -- "$G" copy "$B" "$W/back.gpkg"
[ "$(dump "$GP")" = "$(dump "$W/back.gpkg")" ] && ok || bad "round trip changed table contents"
"$G" check "$W/back.gpkg" --json --at 2026-11-30 >"$W/check-back.json"
cmp -s "$W/check-gpkg.json" "$W/check-back.json" && ok || bad "round trip changed check --json"
"$G" check "$B" --json --at 2026-11-30 >"$W/check-copied.json"
cmp -s "$W/check-gpkg.json" "$W/check-copied.json" && ok || bad "copied project's check --json differs"
expect 2 "already holds a project" -- "$G" copy "$GP" "$B"
expect 2 "file exists" -- "$G" copy "$B" "$W/back.gpkg"
# ids continue after the copied ones
[ "$(sql "SELECT last_value FROM ${run}_copied.household_fid_seq")" = 2079 ] && ok || bad "household fid sequence at 2079"
# The serve tables (schema 8) go along both ways: an API key and a staff account made in a
# GeoPackage work in PostgreSQL, and come back with the same values.
"$G" demo "$W/serve" >/dev/null
SV=$W/serve/demo.gpkg
"$G" apikey add "$SV" --name hotline >/dev/null || bad "apikey add"
printf 'password1234\n' | "$G" account set "$SV" --person P001 --role staff >/dev/null || bad "account set"
C=$(pg serve)
"$G" copy "$SV" "$C" >/dev/null || bad "copy with serve tables"
expect 0 "hotline" -- "$G" apikey list "$C"
expect 0 "P001	staff" -- "$G" account list "$C"
"$G" copy "$C" "$W/serve-back.gpkg" >/dev/null || bad "copy back with serve tables"
for t in serve_api_key serve_account; do
  [ "$(sqlite3 "$SV" "SELECT * FROM $t")" = "$(sqlite3 "$W/serve-back.gpkg" "SELECT * FROM $t")" ] && [ -n "$(sqlite3 "$SV" "SELECT * FROM $t")" ] && ok || bad "$t differs after the round trip"
done

# Bad locations: one message, exit 2.
expect 2 "cannot connect to the database" -- "$G" info "postgresql://postgres@127.0.0.1:1/nowhere"
expect 2 "is not a plain lower-case name" -- "$G" init "$base?schema=Bad-Name"
expect 2 "not a Gridmap project" -- "$G" info "$base?schema=${run}_none"
expect 2 "port 'x' is not a number" -- "$G" info "postgresql://postgres@127.0.0.1:x/db"

# The same answers from the issue commands on both stores (issue 006's cell comes from the
# spatial index: GiST on PostGIS, the R-tree in the GeoPackage).
for p in "$GP" "$B"; do
  "$G" issue show "$p" I006 >"$W/show-$(basename "$p").txt" 2>&1
  "$G" issue add "$p" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾堆放 --reporter P001 --by P001 >"$W/add-$(basename "$p").txt" 2>&1
  "$G" issue set "$p" I021 --state dispatched --by P001 >>"$W/add-$(basename "$p").txt" 2>&1
  "$G" issue list "$p" >"$W/list-$(basename "$p").txt" 2>&1
done
b=$(basename "$B")
cmp -s "$W/show-demo.gpkg.txt" "$W/show-$b.txt" && ok || bad "issue show differs: $(diff "$W/show-demo.gpkg.txt" "$W/show-$b.txt")"
grep -q "added I021" "$W/add-$b.txt" && ok || bad "issue add on PostGIS: $(cat "$W/add-$b.txt")"
cmp -s "$W/add-demo.gpkg.txt" "$W/add-$b.txt" && ok || bad "issue add/set differ: $(diff "$W/add-demo.gpkg.txt" "$W/add-$b.txt")"
# I021's deadline is the wall clock of its add plus 72 h, so the two stores' runs may fall in
# different minutes: both must show one, and everything else must match.
for f in "$W/list-demo.gpkg.txt" "$W/list-$b.txt"; do
  grep -Eq '^I021 .* [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} ' "$f" || bad "no deadline for I021 in $f"
  sed -E '/^I021 /s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/DEADLINE        /' "$f" >"$f.masked"
done
cmp -s "$W/list-demo.gpkg.txt.masked" "$W/list-$b.txt.masked" && ok || bad "issue list differs: $(diff "$W/list-demo.gpkg.txt.masked" "$W/list-$b.txt.masked")"

# Many editors at once: 5 clients x 10 issue adds on the same project, every write present
# with its own id, none refused or failing.
for c in 1 2 3 4 5; do
  (
    for i in 1 2 3 4 5 6 7 8 9 10; do
      rc=0
      GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" issue add "$B" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text "client $c write $i" --by P001 >/dev/null 2>>"$W/writers.err" || rc=$?
      echo "$rc"
    done >"$W/writer-$c.rc"
  ) &
done
wait
[ "$(cat "$W"/writer-*.rc | grep -c '^0$')" = 50 ] && ok || bad "50 concurrent issue adds exit 0: $(sort "$W"/writer-*.rc | uniq -c | tr '\n' ' ') $(head -3 "$W/writers.err")"
[ "$(sql "SELECT count(*) FROM ${run}_copied.issue WHERE text LIKE 'client %'")" = 50 ] && ok || bad "50 concurrent issues stored"
[ "$(sql "SELECT count(DISTINCT id) FROM ${run}_copied.issue")" = 71 ] && ok || bad "71 distinct issue ids (20 + I021 + 50)"
[ "$(sql "SELECT max(id) FROM ${run}_copied.issue")" = I071 ] && ok || bad "ids up to I071"
# No lost update: two people accept I007 (dispatched) at once; one does, the other is told.
for who in 1 2; do
  ( rc=0; GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" issue set "$B" I007 --state accepted --by P001 >"$W/accept-$who.txt" 2>&1 || rc=$?; echo "$rc" >"$W/accept-$who.rc" ) &
done
wait
[ "$(cat "$W"/accept-*.rc | sort | tr '\n' ' ')" = "0 2 " ] && ok || bad "of two accepting I007 one succeeds, one exits 2: $(cat "$W"/accept-*.rc "$W"/accept-*.txt)"
grep -q "cannot go from accepted" "$W"/accept-*.txt && ok || bad "the second is told I007 is accepted now: $(cat "$W"/accept-*.txt)"
[ "$(sql "SELECT count(*) FROM ${run}_copied.issue_event WHERE issue = 'I007' AND to_state = 'accepted'")" = 1 ] && ok || bad "one accepted event of I007"
# Every commit notifies listeners (open desktops reload): NOTIFY gridmap_changed, '<schema>'.
( sleep 1; "$G" issue set "$B" I008 --state dispatched --by P001 >/dev/null 2>&1 ) &
heard=$(psql -X -d "$base" -c "LISTEN gridmap_changed" -c "SELECT pg_sleep(6)" -c "SELECT 1" 2>&1)
wait
grep -q "notification \"gridmap_changed\" with payload \"${run}_copied\"" <<<"$heard" && ok || bad "no NOTIFY heard: $heard"
finish
