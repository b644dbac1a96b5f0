#!/usr/bin/env bash
# End-to-end tests of `gridmap repair` on the map fixture (tests/data/map/README.md; metres
# offset from 500000, 3300000): road R1 along y = 100, active segment RS1 (100,100)-(200,100),
# cells 001 [0,150] and 002 [150,290] in x; buildings at 10 (B3), 20 (B5) and 30 m (B1, B2,
# B4) from the line y = 100 between x = 50 and 250; households B1 4, B2 2, B3 3.
# usage: repair_test.sh GRIDMAP TEST_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
D=$2/map
C=420100001001

P=$(project_path p)
"$G" init "$P" --crs EPSG:4547 >/dev/null || { echo "gridmap init failed"; exit 1; }
for t in community cell compound person party_group building unit household role_assignment \
  road repair_segment; do
  f=$D/$t.csv
  [ -f "$f" ] || f=$D/$t.geojson
  "$G" import "$P" $t "$f" >/dev/null || { echo "import $t failed"; exit 1; }
done

expect 0 "--snap M" -- "$G" repair --help
expect 0 "repair add|list|notify" -- "$G" --help
# Drawn 1 m off the road at both ends: snapped onto it (edge points; R1's vertices are far).
out=$("$G" repair add "$P" --road 幸福路 --work-type 沥青铺设 --xy "500050,3300101; 500250,3300099" --snap 2 --start 2026-12-01 --end 2026-12-20 --cost 80000)
rc=$?
[ $rc -eq 0 ] && ok || bad "repair add exited $rc: $out"
grep -qF "vertex 1 snapped 1.00 m to the road" <<<"$out" && ok || bad "snap: $out"
grep -qF "added R001  planned  沥青铺设  幸福路  200.0 m: ${C}001 100.0 m, ${C}002 100.0 m; outside every community 0.0 m; overlaps RS1 by 100.0 m" <<<"$out" && ok || bad "add: $out"
expect 0 "RS1  active  刷黑  R1  100.0 m: ${C}001 50.0 m, ${C}002 50.0 m; outside every community 0.0 m; overlaps R001 by 100.0 m" -- "$G" repair list "$P"
expect 0 "2 repair segments" -- "$G" repair list "$P"
"$G" repair list "$P" --id R001 --json | /usr/bin/python3 -c "
import json, sys
r = json.load(sys.stdin)
assert len(r) == 1 and r[0]['id'] == 'R001', r
assert r[0]['length_m'] == 200.0 and r[0]['outside_m'] == 0.0, r
assert [c['length_m'] for c in r[0]['cells']] == [100.0, 100.0], r
assert r[0]['overlaps'] == [{'other': 'RS1', 'length_m': 100.0}], r
" && ok || bad "list --json"

# By longitude/latitude: (250,50)-(350,50): 40 m in 002, 10 m in the gap, 50 m outside.
ll() { gdaltransform -s_srs EPSG:4547 -t_srs EPSG:4490 <<<"$1 $2" | awk '{printf "%.9f,%.9f", $1, $2}'; }
expect 0 "added E1  done  刷黑  幸福路  100.0 m: ${C}002 40.0 m; outside every community 50.0 m" -- "$G" repair add "$P" --id E1 --road 幸福路 --work-type 刷黑 --state done --lonlat "$(ll 500250 3300050);$(ll 500350 3300050)"

expect 0 "5 buildings, 9 households within 50.0 m of R001" -- "$G" repair notify "$P" R001
expect 0 "B3  3栋  cell ${C}002  10.0 m  3 households  captain -" -- "$G" repair notify "$P" R001
expect 0 "2 buildings, 3 households within 25.0 m of R001" -- "$G" repair notify "$P" R001 --distance 25
expect 0 "" -- "$G" repair notify "$P" R001 -o "$W/notify.csv"
cat >"$W/expected.csv" <<CSV
building,building_name,compound,cell,distance_m,households,building_captain
B3,3栋,,${C}002,10.0,3,
B5,5栋,,${C}002,20.0,0,
B1,1栋,K1,${C}001,30.0,4,王楼长
B2,2栋,K1,${C}001,30.0,2,王楼长
B4,商铺,,${C}002,30.0,0,
CSV
cmp -s "$W/notify.csv" "$W/expected.csv" && ok || bad "notify CSV: $(cat "$W/notify.csv")"
leaks=0
while IFS=, read -r _ _ _ _ _ name phone _; do
  grep -qF "$name" "$W/notify.csv" && leaks=1
  grep -qF "$phone" "$W/notify.csv" && leaks=1
done < <(tail -n +2 "$D/household.csv")
[ $leaks -eq 0 ] && ok || bad "the notify list shows residents' names or phones"

before=$(digest "$P")
refuse() { # refuse NEEDLE -- args...: exit 2, the message, project unchanged
  local needle=$1
  shift 2
  expect 2 "$needle" -- "$G" repair "$@"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project changed after refused: $*"
}
refuse "field 'work_type': '修路' is not one of 雨污分离, 沥青铺设, 刷黑, 填缝, 其他" -- add "$P" --road R1 --work-type 修路 --xy "500000,3300000;500010,3300000"
refuse "repair segment RS1: 3 problems; nothing was written" -- add "$P" --id RS1 --work-type 刷黑 --state ongoing --end 2026-13-01 --xy "500000,3300000;500010,3300000"
refuse "field 'id': 'RS1' is already in use" -- add "$P" --id RS1 --work-type 刷黑 --state ongoing --end 2026-13-01 --xy "500000,3300000;500010,3300000"
refuse "field 'end_date': '2026-13-01' is not a date" -- add "$P" --id RS1 --work-type 刷黑 --state ongoing --end 2026-13-01 --xy "500000,3300000;500010,3300000"
refuse "at least two distinct vertices (1 given)" -- add "$P" --work-type 刷黑 --xy "500000,3300000;500000,3300000"
refuse "--xy, vertex 2 '500010': expected two numbers" -- add "$P" --work-type 刷黑 --xy "500000,3300000;500010;"
refuse "--xy, vertex 2 '500010,north': expected two numbers" -- add "$P" --work-type 刷黑 --xy "500000,3300000;500010,north"
refuse "give the vertices with either --xy or --lonlat" -- add "$P" --work-type 刷黑
refuse "no repair segment with id 'R404'" -- notify "$P" R404
refuse "no repair segment with id 'R404'" -- list "$P" --id R404
refuse "--distance x: expected a number" -- notify "$P" R001 --distance x
refuse "unknown action 'draw'" -- draw "$P"
finish
