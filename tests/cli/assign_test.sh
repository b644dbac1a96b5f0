#!/usr/bin/env bash
# End-to-end tests of `gridmap assign` on the coverage fixture (tests/data/coverage/README.md):
# party groups B1 PG1, B3 and B5 PG2, so B2 B4 B6 B7 have none; P3 building captain of B1 and
# B3; P2 is not a party member. Assign, see `gridmap check` follow, undo, batch from CSV and
# XLSX, the log; refused input exits 2, names the row and field, and leaves the project as it was.
# usage: assign_test.sh GRIDMAP TEST_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
D=$2/coverage

P=$(project_path p) # a GeoPackage, or a PostgreSQL schema (GRIDMAP_TEST_STORE=pg)
"$G" init "$P" --crs EPSG:4547 >/dev/null || { echo "gridmap init failed"; exit 1; }
for t in community cell compound building person party_group party_group_building unit \
  household role_assignment household_pairing; do
  f=$D/$t.csv
  [ -f "$f" ] || f=$D/$t.geojson
  "$G" import "$P" $t "$f" >/dev/null || { echo "import $t failed"; exit 1; }
done

# The number of residential buildings without a party group, as `gridmap check --json` says.
uncovered() {
  "$G" check "$P" --json | /usr/bin/python3 -c "
import json, sys
r = json.load(sys.stdin)
print([len(x['uncovered']) for x in r['rules'] if x['id'] == '$1'][0])"
}
groups() { store_sql "$P" "SELECT party_group || '/' || building FROM party_group_building" | sort; }

expect 0 "--from FILE" -- "$G" assign --help
expect 0 "assign PROJECT.gpkg --role R" -- "$G" --help
[ "$(uncovered building_party_group)" = 4 ] && ok || bad "before: $(uncovered building_party_group) without party group, expected 4"
groups_before=$(groups)
[ "$(wc -l <<<"$groups_before")" = 3 ] && ok || bad "party_group_building: $groups_before"

out=$("$G" assign "$P" --role party_group --person PG1 --target B6 --target B7 --by P1 --note 新楼)
rc=$?
[ $rc -eq 0 ] && grep -qF "done: 2 assigned, 0 unassigned, 0 unchanged" <<<"$out" && ok || bad "assign: $rc $out"
S=$(sed -n 's/^session //p' <<<"$out")
[ -n "$S" ] && ok || bad "no session id in: $out"
[ "$(uncovered building_party_group)" = 2 ] && ok || bad "after: $(uncovered building_party_group) without party group, expected 2"
expect 0 "共 2 条" -- "$G" assign log "$P"
expect 0 "分配 党小组 PG1 → B7（新楼）  操作人 P1  会话 $S" -- "$G" assign log "$P" --target B7
expect 0 "undone: 0 assigned, 2 unassigned, 0 unchanged" -- "$G" assign undo "$P" --session "$S"
[ "$(uncovered building_party_group)" = 4 ] && ok || bad "after undo: $(uncovered building_party_group), expected 4"
[ "$(groups)" = "$groups_before" ] && ok || bad "undo did not restore party_group_building"
expect 0 "取消 党小组 PG1 → B7（撤销）  操作人 -  会话 $S" -- "$G" assign log "$P" --target B7
"$G" assign log "$P" | grep -qE 'party_group|undo|replaced by| events' && bad "English in the log: $("$G" assign log "$P" | head -3)" || ok
expect 2 "every change of session '$S' is already undone" -- "$G" assign undo "$P" --session "$S"

# Replacement: B1's captain P3 gives way to P4, logged as unassign + assign.
expect 0 "done: 1 assigned, 1 unassigned, 0 unchanged" -- "$G" assign "$P" --role 楼栋长 --person P4 --target B1
expect 0 "取消 楼栋长 P3 → B1（由 P4 接替）" -- "$G" assign log "$P" --target B1
expect 0 "done: 0 assigned, 0 unassigned, 1 unchanged" -- "$G" assign "$P" --role building_captain --person P4 --target B1

before=$(digest "$P")
refuse() { # refuse NEEDLE -- args...: exit 2, the message, project unchanged
  local needle=$1
  shift 2
  expect 2 "$needle" -- "$G" assign "$@"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project changed after refused: $*"
}
refuse "field 'person': no person with id 'P9'" -- "$P" --role building_captain --person P9 --target B2
refuse "field 'target': no building with id 'B99'" -- "$P" --role building_captain --person P4 --target B99
refuse "field 'role': 'floor_captain' is not a role" -- "$P" --role floor_captain --person P4 --target B2
refuse "field 'person': P2 李网格 is not a party member" -- "$P" --role household_pairing --person P2 --target H2
refuse "change 2, field 'target': B1 already has a building_captain (P4 赵党员)" -- "$P" --role building_captain --person P1 --target B2 --target B1 --no-replace
refuse "by: no person with id 'P0'" -- "$P" --role building_captain --person P1 --target B2 --by P0
refuse "--role R and --target T are required" -- "$P" --person P1
refuse "no assignment changes in session 'nope'" -- undo "$P" --session nope
refuse "--count 0: expected a whole number" -- undo "$P" --session "$S" --count 0
cat >"$W/bad.csv" <<'CSV'
role,person,target,action,note
building_captain,P4,B2,,
building_captain,P4,B42,,
household_pairing,P5,H2,,
CSV
refuse "$W/bad.csv: 2 problems; nothing was written" -- "$P" --from "$W/bad.csv"
refuse "row 3, field 'target': no building with id 'B42'" -- "$P" --from "$W/bad.csv"
refuse "row 4, field 'person': P5 陈小区长 is not a party member" -- "$P" --from "$W/bad.csv"
printf 'who,what\nP1,B2\n' >"$W/nocols.csv"
refuse "no column 'role'" -- "$P" --from "$W/nocols.csv"

# A batch from a spreadsheet (row 1 all text: the header) and its undo, one change at a time.
/usr/bin/python3 - "$W/batch.csv" <<'PY'
import sys
open(sys.argv[1], "w", encoding="utf-8").write(
    "role,person,target\n楼栋长,P4,B6\n楼栋长,P4,B7\nhousehold_pairing,P1,H2\n")
PY
ogr2ogr -f XLSX "$W/batch.xlsx" "$W/batch.csv" -oo AUTODETECT_TYPE=NO 2>/dev/null || bad "ogr2ogr XLSX"
[ "$(uncovered household_pairing)" = 3 ] && ok || bad "pairing before: $(uncovered household_pairing), expected 3"
out=$("$G" assign "$P" --from "$W/batch.xlsx" --by P1)
[ $? -eq 0 ] && grep -qF "3 assigned, 0 unassigned" <<<"$out" && ok || bad "batch: $out"
S2=$(sed -n 's/^session //p' <<<"$out")
[ "$(uncovered household_pairing)" = 2 ] && ok || bad "pairing after: $(uncovered household_pairing), expected 2"
expect 0 "undone: 0 assigned, 1 unassigned" -- "$G" assign undo "$P" --session "$S2" --count 1
[ "$(uncovered household_pairing)" = 3 ] && ok || bad "pairing after undo: $(uncovered household_pairing), expected 3"
expect 0 "undone: 0 assigned, 2 unassigned" -- "$G" assign undo "$P" --session "$S2"
"$G" assign log "$P" --json | /usr/bin/python3 -c "
import json, sys
e = json.load(sys.stdin)
assert len(e) == 2 + 2 + 2 + 3 + 3, len(e)
assert set(e[0]) == {'at', 'by', 'action', 'role', 'person', 'target', 'note', 'session'}
assert sum(1 for x in e if x['note'] == 'undo') == 5
assert e[0]['at'].endswith('+08:00')
" && ok || bad "log --json"
finish
