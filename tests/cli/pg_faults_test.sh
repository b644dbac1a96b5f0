#!/usr/bin/env bash
# Faults of a project kept in PostgreSQL (issue #14, item 6), on a throwaway cluster of its own
# (the test restarts the server, so it cannot use the shared GRIDMAP_TEST_PG):
#  1. a client killed (SIGKILL) in the middle of a large import: nothing of the import is
#     visible, what was committed before is intact, the project's write lock is released and
#     the next writer goes ahead;
#  2. the server restarted (pg_ctl restart -m fast) during a batch of issue adds from several
#     clients, three of them waiting inside their transactions for the project's lock: every
#     command that said "added" is present exactly once, every other one exits 2 with one line
#     saying the connection was lost and nothing was saved (in Chinese too), none exits 3, and
#     running them again works;
#  3. a long-running program (gridmap serve) keeps its project open across the restart: its
#     next write after the one that failed reconnects and succeeds.
# Runs when the test command provides PostgreSQL (GRIDMAP_TEST_PG) and PostgreSQL 15 is
# installed; exits 77 (skipped) otherwise.
# usage: pg_faults_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
pgbin=/usr/lib/postgresql/15/bin
cluster=$(cd "$(dirname "$0")/../../scripts" && pwd)/pg-test-cluster
if [ -z "${GRIDMAP_TEST_PG:-}" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "SKIPPED: needs GRIDMAP_TEST_PG (scripts/test) and PostgreSQL 15 (scripts/setup)"
  exit 77
fi
C=$(mktemp -d /tmp/gridmap-faults-pg.XXXXXX)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; "$cluster" stop "$C" >/dev/null 2>&1; rm -rf "$W"' EXIT
line=$("$cluster" start "$C") || { echo "FAIL: cannot start a PostgreSQL cluster"; exit 1; }
base=${line#GRIDMAP_TEST_PG=}
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)
sql() { psql -q -X -v ON_ERROR_STOP=1 -d "$base" -At -c "$1"; }
restart() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$C/data" -l "$C/log" -w -m fast restart >/dev/null; }
# How many advisory locks (the projects' write locks) are held, and waited for.
held() { sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"; }
# Whether a session holds the row-exclusive lock of table $2 in schema $1 (it has begun writing).
writing() {
  sql "SELECT count(*) > 0 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = '$1' AND c.relname = '$2' AND l.mode = 'RowExclusiveLock' AND l.granted"
}

# --- 1. SIGKILL in the middle of a large import -----------------------------------------------
"$G" demo "$W/city" --city 20000 >/dev/null || { echo "FAIL: gridmap demo --city"; exit 1; }
S=$W/city/city-source.gpkg
K="$base?schema=killed"
"$G" init "$K" --crs EPSG:4547 >/dev/null || { echo "FAIL: gridmap init on PostgreSQL"; exit 1; }
for t in party_branch person party_group community cell; do
  "$G" import "$K" $t "$S" --source-layer $t >/dev/null || { echo "FAIL: import $t"; exit 1; }
done
counts() { sql "SELECT (SELECT count(*) FROM killed.community) || ' ' || (SELECT count(*) FROM killed.cell) || ' ' || (SELECT count(*) FROM killed.building) || ' ' || (SELECT count(*) FROM killed.party_branch)"; }
before_counts=$(counts)
before_digest=$(digest "$K")
[ "${before_counts##* }" -gt 0 ] && [ "$(cut -d' ' -f3 <<<"$before_counts")" = 0 ] && ok || bad "before the import: $before_counts"
"$G" import "$K" building "$S" --source-layer building >"$W/killed-import.log" 2>&1 &
importer=$!
for _ in $(seq 600); do [ "$(held)" -gt 0 ] && break; sleep 0.05; done
[ "$(held)" -gt 0 ] && ok || bad "the import never took the project's write lock"
# Inside the import's transaction with rows sent and nothing committed: its session holds the
# building table's row-exclusive lock once it has begun writing rows. Frozen (SIGSTOP) as soon
# as that is seen, then killed: a fixed sleep was too long on a quiet machine (the import had
# committed) and the freeze keeps it from committing while the shell looks.
for _ in $(seq 600); do
  [ "$(writing killed building)" = t ] && break
  sleep 0.02
done
kill -STOP $importer 2>/dev/null
kill -9 $importer 2>/dev/null && ok || bad "the import had finished before it could be killed: $(cat "$W/killed-import.log")"
wait $importer 2>/dev/null
# The server notices the dead client and rolls its transaction back, releasing the lock.
for _ in $(seq 200); do [ "$(held)" = 0 ] && break; sleep 0.05; done
[ "$(held)" = 0 ] && ok || bad "the killed import's write lock is still held"
[ "$(counts)" = "$before_counts" ] && ok || bad "after the kill: $(counts), expected $before_counts"
[ "$(digest "$K")" = "$before_digest" ] && ok || bad "the killed import changed the project"
printf 'id,name\nXB1,新支部\n' >"$W/branch.csv"
GRIDMAP_LOCK_TIMEOUT_MS=20000 expect 0 "imported 1 party_branch rows" -- "$G" import "$K" party_branch "$W/branch.csv"
[ "$(sql "SELECT count(*) FROM killed.party_branch WHERE id = 'XB1'")" = 1 ] && ok || bad "the next writer's branch is not stored"

# --- 2. The server restarted during a batch of issue adds -------------------------------------
"$G" demo "$W" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
R="$base?schema=restart"
"$G" copy "$W/demo.gpkg" "$R" >/dev/null || { echo "FAIL: gridmap copy to PostgreSQL"; exit 1; }
# add NAME: one issue add whose text is NAME; its output in $W/out-NAME, exit code in $W/rc-NAME.
add() {
  local rc=0
  GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" issue add "$R" --lon 113.905 --lat 30.925 --category 市容环境 \
    --small-class 暴露垃圾 --text "$1" --by P001 >"$W/out-$1" 2>&1 || rc=$?
  echo "$rc" >"$W/rc-$1"
}
for c in 1 2 3; do
  (for i in $(seq 12); do add "loop-$c-$i"; done) &
done
sleep 1
# Another session holds the project's write lock; three writers wait for it inside their
# transactions (GRIDMAP_LANG=zh_CN for the third) when the server goes down.
PGAPPNAME=holder psql -q -X -d "$base" -c "SELECT pg_advisory_lock(hashtext('gridmap:restart')), pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 200); do
  [ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'holder'")" = 1 ] && break
  sleep 0.05
done
(export PGAPPNAME=wait; add wait-1) &
(export PGAPPNAME=wait; add wait-2) &
(export PGAPPNAME=wait GRIDMAP_LANG=zh_CN; add wait-3) &
for _ in $(seq 400); do
  [ "$(sql "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'wait'")" = 3 ] && break
  sleep 0.05
done
waiting=$(sql "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'wait'")
[ "$waiting" = 3 ] && ok || bad "$waiting writers wait for the lock, expected 3"
restart || bad "pg_ctl restart failed: $(tail -5 "$C/log")"
wait
# The three waiting writers: exit 2, one line, nothing saved.
for k in 1 2; do
  [ "$(cat "$W/rc-wait-$k")" = 2 ] && ok || bad "wait-$k exited $(cat "$W/rc-wait-$k"), expected 2: $(cat "$W/out-wait-$k")"
  grep -qF "gridmap issue: $R: the connection to the database was lost (terminating connection due to administrator command); nothing of this change was saved. Try again when the database is back" "$W/out-wait-$k" && ok || bad "wait-$k said: $(cat "$W/out-wait-$k")"
  [ "$(wc -l <"$W/out-wait-$k")" = 1 ] && ok || bad "wait-$k printed $(wc -l <"$W/out-wait-$k") lines"
done
[ "$(cat "$W/rc-wait-3")" = 2 ] && grep -qF "与数据库的连接已断开" "$W/out-wait-3" && grep -qF "本次修改没有保存任何内容" "$W/out-wait-3" && ok || bad "wait-3 (zh_CN) said: $(cat "$W/out-wait-3")"
[ "$(sql "SELECT count(*) FROM restart.issue WHERE text LIKE 'wait-%'")" = 0 ] && ok || bad "a waiting writer's issue was saved"
# Every loop client's command: exit 0 and present once with the id it printed, or exit 2 with
# one clear line and (unless the loss came during COMMIT) absent.
succeeded=0
failed=()
for f in "$W"/rc-loop-*; do
  name=${f#"$W/rc-"}
  rc=$(cat "$f")
  n=$(sql "SELECT count(*) FROM restart.issue WHERE text = '$name'")
  if [ "$rc" = 0 ]; then
    succeeded=$((succeeded + 1))
    id=$(sed -n 's/^added \(I[0-9]*\).*/\1/p' "$W/out-$name")
    [ "$n" = 1 ] && [ "$(sql "SELECT id FROM restart.issue WHERE text = '$name'")" = "$id" ] && ok || bad "$name said '$(cat "$W/out-$name")' but is stored $n times"
  elif [ "$rc" = 2 ]; then
    failed+=("$name")
    [ "$(wc -l <"$W/out-$name")" = 1 ] && ok || bad "$name printed: $(cat "$W/out-$name")"
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
echo "restart: ${succeeded} of 36 loop adds succeeded, ${#failed[@]} failed with exit 2"
# Again, after the restart: every command that failed works, and each issue is there once.
for name in wait-1 wait-2 wait-3 "${failed[@]}"; do
  if [ "$(sql "SELECT count(*) FROM restart.issue WHERE text = '$name'")" = 0 ]; then
    add "$name"
    [ "$(cat "$W/rc-$name")" = 0 ] && ok || bad "$name again exited $(cat "$W/rc-$name"): $(cat "$W/out-$name")"
  fi
done
[ "$(sql "SELECT count(*) FROM restart.issue WHERE text LIKE 'loop-%' OR text LIKE 'wait-%'")" = 39 ] && ok || bad "$(sql "SELECT count(*) FROM restart.issue WHERE text LIKE 'loop-%' OR text LIKE 'wait-%'") issues of 39 adds"
[ "$(sql "SELECT count(DISTINCT text) FROM restart.issue WHERE text LIKE 'loop-%' OR text LIKE 'wait-%'")" = 39 ] && ok || bad "an issue stored twice"
[ "$(sql "SELECT count(DISTINCT id) = count(*) FROM restart.issue")" = t ] && ok || bad "two issues with one id"
wait $holder 2>/dev/null

# --- 3. A program that keeps the project open reconnects --------------------------------------
key=$("$G" apikey add "$R" --name faults 2>&1) || bad "apikey add: $key"
sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$G" serve "$R" --as P001 --port "$sport" --rate 0 >"$W/serve.log" 2>&1 &
spid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$sport/open311/v2/services.json" && break; sleep 0.1; done
post() {
  curl -s -o "$W/post-$1.json" -w '%{http_code}' -X POST "http://127.0.0.1:$sport/open311/v2/requests.json" \
    --data-urlencode "api_key=$key" -d service_code=0101 -d lat=30.925 -d long=113.905 \
    --data-urlencode "description=$1"
}
[ "$(post serve-before)" = 201 ] && ok || bad "POST before the restart: $(cat "$W/post-serve-before.json")"
restart || bad "pg_ctl restart failed"
# The API key's lookup is cached for a second: past it, the first POST looks the key up
# again on a reader connection that the restart ended (that lookup once answered 500).
sleep 1.2
# A write after the restart may find a connection of the server dead (503 with the message,
# nothing saved: its reader and its writer each find out once); the project connects again,
# and a following write is saved. Without reconnecting, every write would fail from now on.
answers=()
for k in 1 2 3 4 5 6; do
  answers+=("$(post "serve-after-$k")")
  [ "${answers[-1]}" = 201 ] && break
done
[ "${answers[-1]}" = 201 ] && ok || bad "no POST after the restart succeeded: ${answers[*]}: $(cat "$W/post-serve-after-$k.json")"
for j in $(seq "${#answers[@]}"); do
  a=${answers[$((j - 1))]}
  n=$(sql "SELECT count(*) FROM restart.issue WHERE text = 'serve-after-$j'")
  if [ "$a" = 201 ]; then
    [ "$n" = 1 ] && ok || bad "serve-after-$j answered 201 but is stored $n times"
  else
    [ "$a" = 503 ] && grep -qF "the connection to the database was lost" "$W/post-serve-after-$j.json" && [ "$n" = 0 ] && ok ||
      bad "serve-after-$j answered $a ($(cat "$W/post-serve-after-$j.json")) and is stored $n times"
  fi
done
echo "serve across the restart: ${answers[*]}"
[ "$(sql "SELECT count(*) FROM restart.issue WHERE text = 'serve-before'")" = 1 ] && ok || bad "the issue served before the restart is not stored"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/open311/v2/requests.json")" = 200 ] || true
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/open311/v2/requests.json")" = 200 ] && ok || bad "GET requests.json after the restart"
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
spid=
finish
