#!/usr/bin/env bash
# Writers at once on one project (see geo/src/detail/lock.hpp): every writing command takes the
# write lock before it chooses ids or reads what it will change, so N commands started together
# all succeed (each waits its turn), get distinct ids, and add exactly N rows. None exits 3.
# The wait is raised from the default 5 s to 60 s for the writers started together: eight
# writers in turn fit in 5 s on an idle machine, not in the sanitized build while other tests
# run (each holds the lock about a second there); the refusal after the wait is tested below.
# usage: concurrency_test.sh GRIDMAP
set -uo pipefail
export GRIDMAP_USER=P001 # the acting person: a grid worker of the demo, community staff
source "$(dirname "$0")/lib.sh"
G=$1
N=8

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
P=$W/demo.gpkg

count() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$P" "$1"; }

# run_together NAME COMMAND...: starts N copies of the command at once ({} in an argument is
# replaced by the copy's number 1..N), waits for all, and checks each exited 0.
run_together() {
  local name=$1
  shift
  local pids=() i
  for i in $(seq $N); do
    local args=("${@//\{\}/$i}")
    (GRIDMAP_LOCK_TIMEOUT_MS=60000 "${args[@]}" >"$W/$name.$i.out" 2>&1; echo $? >"$W/$name.$i.rc") &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq $N); do
    local rc
    rc=$(cat "$W/$name.$i.rc")
    [ "$rc" = 0 ] && ok || bad "$name $i exited $rc: $(cat "$W/$name.$i.out")"
  done
}

# The demo has issues I001-I020: N more at once are I021..I028, each once.
[ "$(count 'SELECT COUNT(*) FROM issue')" = 20 ] && ok || bad "demo issues: $(count 'SELECT COUNT(*) FROM issue')"
run_together issue "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text "at once {}"
[ "$(count 'SELECT COUNT(*) FROM issue')" = 28 ] && ok || bad "issues after $N adds: $(count 'SELECT COUNT(*) FROM issue'), expected 28"
ids=$(cat "$W"/issue.*.out | grep -o 'added I0[0-9][0-9]' | sort | tr '\n' ' ')
[ "$ids" = "added I021 added I022 added I023 added I024 added I025 added I026 added I027 added I028 " ] && ok || bad "issue ids: $ids"
# Each text once, each with its first event.
[ "$(count "SELECT COUNT(DISTINCT text) FROM issue WHERE text LIKE 'at once %'")" = 8 ] && ok || bad "issue texts"
[ "$(count "SELECT COUNT(*) FROM issue_event WHERE issue >= 'I021'")" = 8 ] && ok || bad "issue events"

# State changes at once on one issue: I007 is dispatched in the demo; 8 re-dispatches to
# P001..P008 each read the state under the lock, so all 8 are legal and each writes its event.
ev=$(count "SELECT COUNT(*) FROM issue_event WHERE issue = 'I007'")
run_together set "$G" issue set "$P" I007 --state dispatched --by P001 --assignee "P00{}"
[ "$(count "SELECT COUNT(*) FROM issue_event WHERE issue = 'I007'")" = $((ev + 8)) ] && ok || bad "I007 events: $(count "SELECT COUNT(*) FROM issue_event WHERE issue = 'I007'"), expected $ev + 8"
# The issue's assignee is that of its last event.
[ "$(count "SELECT i.assignee = (SELECT assignee FROM issue_event WHERE issue = 'I007' ORDER BY fid DESC LIMIT 1) FROM issue i WHERE id = 'I007'")" = 1 ] && ok || bad "I007 assignee is not that of its last event"

# Repair segments: the demo has RS01-RS06; new ones are numbered R001.. (own prefix).
run_together repair "$G" repair add "$P" --road 永新路 --work-type 填缝 --xy "490600,3422600;490700,3422600"
[ "$(count 'SELECT COUNT(*) FROM repair_segment')" = 14 ] && ok || bad "segments after $N adds: $(count 'SELECT COUNT(*) FROM repair_segment'), expected 6 + 8"
[ "$(count "SELECT COUNT(DISTINCT id) FROM repair_segment WHERE id GLOB 'R[0-9]*'")" = 8 ] && ok || bad "segment ids not distinct"
[ "$(count "SELECT MAX(id) FROM repair_segment WHERE id GLOB 'R[0-9]*'")" = R008 ] && ok || bad "last segment id"

# Assignments: party member P001 paired at once with 8 households that have no pairing.
hh=(H00009 H00025 H00052 H00069 H00080 H00086 H00091 H00095)
pairs=$(count 'SELECT COUNT(*) FROM household_pairing')
[ "$pairs" = 1730 ] && ok || bad "demo pairings: $pairs"
run_together assign bash -c 'hh=(x '"${hh[*]}"'); exec "$0" assign "$1" --role household_pairing --person P001 --target "${hh[$2]}"' "$G" "$P" "{}"
[ "$(count 'SELECT COUNT(*) FROM household_pairing')" = 1738 ] && ok || bad "pairings after $N: $(count 'SELECT COUNT(*) FROM household_pairing'), expected 1738"
[ "$(count "SELECT COUNT(*) FROM assignment_event WHERE action = 'assign' AND person = 'P001'")" = 8 ] && ok || bad "assignment events"

# Snapshots and views at once: distinct ids, each once.
run_together view "$G" view add "$P" --title "view {}"
[ "$(count 'SELECT COUNT(DISTINCT id) FROM saved_view')" = 11 ] && ok || bad "views: $(count 'SELECT COUNT(DISTINCT id) FROM saved_view'), expected 3 + 8"
[ "$(count 'SELECT COUNT(DISTINCT position) FROM saved_view')" = 11 ] && ok || bad "view positions not distinct"

# Imports at once: 8 different party branches all go in; then 4 imports of one same branch
# XB9: the key is checked under the lock, so the first adds it and the three others find it
# there unchanged (a register re-imported changes nothing; never exit 3 on the UNIQUE
# constraint), and XB9 is stored once.
for i in $(seq $N); do printf 'id,name\nXA%s,支部%s\n' "$i" "$i" >"$W/branch$i.csv"; done
run_together import "$G" import "$P" party_branch "$W/branch{}.csv"
[ "$(count "SELECT COUNT(*) FROM party_branch WHERE id GLOB 'XA*'")" = 8 ] && ok || bad "branches after $N imports"
printf 'id,name\nXB9,同一支部\n' >"$W/same.csv"
for i in 1 2 3 4; do ("$G" import "$P" party_branch "$W/same.csv" >"$W/same.$i.out" 2>&1; echo $? >"$W/same.$i.rc") & done
wait
codes=$(cat "$W"/same.*.rc | sort | tr '\n' ' ')
[ "$codes" = "0 0 0 0 " ] && ok || bad "4 imports of one key exited $codes, expected 0 each"
[ "$(grep -l "1 added" "$W"/same.*.out | wc -l)" = 1 ] && ok || bad "not one import added XB9: $(cat "$W"/same.*.out)"
[ "$(grep -l "1 unchanged" "$W"/same.*.out | wc -l)" = 3 ] && ok || bad "not three imports found XB9 unchanged: $(cat "$W"/same.*.out)"
[ "$(count "SELECT COUNT(*) FROM party_branch WHERE id = 'XB9'")" = 1 ] && ok || bad "XB9 stored more than once"

# A commit that waits in vain for a reader (another program holding a read transaction) exits
# 2 saying so, and writes nothing.
rm -f "$W/reading"
/usr/bin/python3 - "$P" "$W/reading" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT COUNT(*) FROM issue").fetchone()  # holds the SHARED lock until ROLLBACK
open(sys.argv[2], "w").close()
time.sleep(3)
db.execute("ROLLBACK")
PY
reader=$!
for _ in $(seq 100); do [ -f "$W/reading" ] && break; sleep 0.05; done
GRIDMAP_LOCK_TIMEOUT_MS=500 expect 2 "cannot save: another program kept reading it for 0.5 s; nothing was written" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text blocked
wait $reader
[ "$(count "SELECT COUNT(*) FROM issue WHERE text = 'blocked'")" = 0 ] && ok || bad "the refused issue was stored"
[ "$(count 'SELECT COUNT(*) FROM issue')" = 28 ] && ok || bad "issues after the refused add"

[ "$(count 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check"
[ -f "$P.editor" ] && bad "editor record left after the commits" || ok
finish
