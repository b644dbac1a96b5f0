#!/usr/bin/env bash
# A real crash of the database server under writers (issue #14, item 6): the cluster runs as a
# server keeping data should (fsync, synchronous_commit and full_page_writes on:
# GRIDMAP_PG_DURABLE=1 of scripts/pg-test-cluster), and while four clients add issues (15 each) and one
# imports 30,000 persons in one transaction, the postmaster and every server process are killed
# with SIGKILL at once (no shutdown: shared memory and unwritten buffers are gone). Started
# again, the server recovers from its write-ahead log. Then:
#  - every command that said "added I..." has its issue there, exactly once, with that id, and
#    the issue's report event (the two rows are one transaction);
#  - nothing half-written: the import's persons are all there or none (all if it said
#    "imported"), no event without its issue, no two issues with one id;
#  - every other command exited 2 with one line naming the project and what happened (the
#    connection lost, nothing saved / maybe saved while saving, or cannot connect while the
#    server was down); none exited 3 or crashed;
#  - the project's write lock did not outlive the crash: the commands that failed, run again,
#    succeed, and the project checks as before.
# Runs when the test command provides PostgreSQL (GRIDMAP_TEST_PG) and PostgreSQL 15 is
# installed; exits 77 (skipped) otherwise. Uses a cluster of its own (it kills the server).
# usage: pg_crash_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
pgbin=/usr/lib/postgresql/15/bin
cluster=$(cd "$(dirname "$0")/../../scripts" && pwd)/pg-test-cluster
if [ -z "${GRIDMAP_TEST_PG:-}" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "SKIPPED: needs GRIDMAP_TEST_PG (scripts/test) and PostgreSQL 15 (scripts/setup)"
  exit 77
fi
C=$(mktemp -d /tmp/gridmap-crash-pg.XXXXXX)
trap '"$cluster" stop "$C" >/dev/null 2>&1; rm -rf "$W"' EXIT
line=$(GRIDMAP_PG_DURABLE=1 "$cluster" start "$C") || { echo "FAIL: cannot start a PostgreSQL cluster"; exit 1; }
base=${line#GRIDMAP_TEST_PG=}
port=${base##*:}
port=${port%%/*}
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)
sql() { psql -q -X -v ON_ERROR_STOP=1 -d "$base" -At -c "$1"; }
[ "$(sql "SELECT current_setting('fsync') || current_setting('synchronous_commit') || current_setting('full_page_writes')")" = ononon ] && ok || bad "the cluster does not keep its data: $(sql "SHOW fsync")"

"$G" demo "$W" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
P="$base?schema=crash"
"$G" copy "$W/demo.gpkg" "$P" >/dev/null || { echo "FAIL: gridmap copy to PostgreSQL"; exit 1; }
"$G" check "$P" --json --at 2026-11-30 >"$W/check-before.json"
python3 - "$W/persons.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,name\n")
    for i in range(30000):
        f.write(f"PX{i:05d},居民{i}\n")
PY

# add NAME: one issue add whose text is NAME; output in $W/out-NAME, exit code in $W/rc-NAME.
add() {
  local rc=0
  GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 \
    --small-class 暴露垃圾 --text "$1" --by P001 >"$W/out-$1" 2>&1 || rc=$?
  echo "$rc" >"$W/rc-$1"
}
clients=4
per_client=15
adds=$((clients * per_client))
for c in $(seq $clients); do
  (for i in $(seq $per_client); do add "crash-$c-$i"; done) &
done
sleep 4 # some adds are acknowledged before the crash
irc=0
( rc=0; PGAPPNAME=importer GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" import "$P" person "$W/persons.csv" >"$W/import.out" 2>&1 || rc=$?; echo "$rc" >"$W/import.rc" ) &
# The crash comes while the import writes its rows (its session holds the person table's
# row-exclusive lock) and issue adds are under way.
for _ in $(seq 600); do
  [ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'crash' AND c.relname = 'person' AND l.mode = 'RowExclusiveLock' AND l.granted" 2>/dev/null)" -gt 0 ] 2>/dev/null && break
  sleep 0.02
done
pm=$(head -1 "$C/data/postmaster.pid")
kids=$(ps -o pid= --ppid "$pm" | tr '\n' ' ')
[ -n "$kids" ] && ok || bad "no server processes under postmaster $pm"
# The postmaster and every process of the server at once, by their ids.
# shellcheck disable=SC2086
kill -9 "$pm" $kids
for _ in $(seq 200); do
  alive=0
  for p in $pm $kids; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 0.05
done
[ $alive = 0 ] && ok || bad "server processes outlived SIGKILL"
sleep 1 # clients find the server gone (and fail to connect) meanwhile
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$C/data" -l "$C/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $C" start >/dev/null 2>"$W/pg_ctl.err" ||
  bad "the server does not start after the crash: $(tail -5 "$C/log")"
wait
grep -q "database system was interrupted\|not properly shut down" "$C/log" && grep -q "redo done\|redo starts" "$C/log" && ok || bad "the restart did no crash recovery: $(grep -i 'recover\|redo\|shut' "$C/log" | tail -5)"

# --- Every acknowledged write is there; nothing half-written ----------------------------------
succeeded=0
failed=()
for f in "$W"/rc-crash-*; do
  name=${f#"$W/rc-"}
  rc=$(cat "$f")
  n=$(sql "SELECT count(*) FROM crash.issue WHERE text = '$name'")
  if [ "$rc" = 0 ]; then
    succeeded=$((succeeded + 1))
    id=$(sed -n 's/^added \(I[0-9]*\).*/\1/p' "$W/out-$name")
    [ "$n" = 1 ] && [ "$(sql "SELECT id FROM crash.issue WHERE text = '$name'")" = "$id" ] && ok || bad "$name said '$(cat "$W/out-$name")' but is stored $n times"
  elif [ "$rc" = 2 ]; then
    failed+=("$name")
    [ "$(wc -l <"$W/out-$name")" = 1 ] && ok || bad "$name printed: $(cat "$W/out-$name")"
    grep -qF "gridmap issue: $P: " "$W/out-$name" && ok || bad "$name does not name the project: $(cat "$W/out-$name")"
    if grep -qF "may or may not have been saved" "$W/out-$name"; then
      [ "$n" -le 1 ] && ok || bad "$name stored $n times"
    elif grep -qE "the connection to the database was lost \(.*\); nothing of this change was saved|cannot connect to the database" "$W/out-$name"; then
      [ "$n" = 0 ] && ok || bad "$name says nothing was saved, but it is stored $n times"
    else
      bad "$name: not a clear message: $(cat "$W/out-$name")"
    fi
  else
    bad "$name exited $rc: $(cat "$W/out-$name")"
  fi
done
echo "crash: $succeeded of $adds issue adds acknowledged, ${#failed[@]} exited 2; import exited $(cat "$W/import.rc"): $(cat "$W/import.out")"
[ "$succeeded" -gt 0 ] && [ "${#failed[@]}" -gt 0 ] && ok || bad "the crash did not come in the middle of the writes ($succeeded acknowledged, ${#failed[@]} failed)"
[ "$(sql "SELECT count(*) FROM crash.issue i WHERE NOT EXISTS (SELECT 1 FROM crash.issue_event e WHERE e.issue = i.id)")" = 0 ] && ok || bad "an issue without its report event"
[ "$(sql "SELECT count(*) FROM crash.issue_event e WHERE NOT EXISTS (SELECT 1 FROM crash.issue i WHERE i.id = e.issue)")" = 0 ] && ok || bad "an event without its issue"
[ "$(sql "SELECT count(DISTINCT id) = count(*) FROM crash.issue")" = t ] && ok || bad "two issues with one id"
persons=$(sql "SELECT count(*) FROM crash.person WHERE id LIKE 'PX%'")
irc=$(cat "$W/import.rc")
case $irc in
  0) [ "$persons" = 30000 ] && grep -q "imported 30000 person rows" "$W/import.out" && ok || bad "the import said '$(cat "$W/import.out")' and 30000 persons, $persons stored" ;;
  2) { [ "$persons" = 0 ] || { [ "$persons" = 30000 ] && grep -qF "may or may not have been saved" "$W/import.out"; }; } && ok || bad "the cut import left $persons of 30000 persons: $(cat "$W/import.out")"
     [ "$(wc -l <"$W/import.out")" = 1 ] && grep -qF "gridmap import: $P: " "$W/import.out" && ok || bad "the import's message: $(cat "$W/import.out")" ;;
  *) bad "the import exited $irc: $(cat "$W/import.out")" ;;
esac
[ "$(sql "SELECT count(*) FROM crash.person")" = $((120 + persons)) ] && ok || bad "persons: $(sql "SELECT count(*) FROM crash.person"), expected 120 + $persons"

# --- The project works after recovery ---------------------------------------------------------
for name in "${failed[@]}"; do
  if [ "$(sql "SELECT count(*) FROM crash.issue WHERE text = '$name'")" = 0 ]; then
    add "$name"
    [ "$(cat "$W/rc-$name")" = 0 ] && ok || bad "$name again exited $(cat "$W/rc-$name"): $(cat "$W/out-$name")"
  fi
done
[ "$(sql "SELECT count(DISTINCT text) FROM crash.issue WHERE text LIKE 'crash-%'")" = $adds ] && ok || bad "$(sql "SELECT count(DISTINCT text) FROM crash.issue WHERE text LIKE 'crash-%'") of $adds issues after running the failed adds again"
[ "$(sql "SELECT count(*) FROM crash.issue WHERE text LIKE 'crash-%'")" = $adds ] && ok || bad "an issue stored twice"
if [ "$irc" != 0 ] && [ "$persons" = 0 ]; then
  expect 0 "imported 30000 person rows" -- "$G" import "$P" person "$W/persons.csv"
fi
# The demo's rules see the same project but for the new issues (all in cell 001).
"$G" check "$P" --json --at 2026-11-30 >"$W/check-after.json"
[ $? = 1 ] && ok || bad "check after the crash"
[ "$(grep -o '"id": "issue_in_cell", [^]]*' "$W/check-after.json" | grep -o '"total": [0-9]*')" = "\"total\": $((20 + adds))" ] && ok || bad "issue_in_cell after the crash: $(grep -o '"id": "issue_in_cell", [^]]*' "$W/check-after.json" | head -c 200)"
finish
