#!/usr/bin/env bash
# A hot standby and its failover, as docs/DEPLOY.md ("Hot standby") describes it (issue #14,
# item 6): two local clusters on loopback, a primary and a streaming standby made with
# pg_basebackup -R, commits synchronous to the standby (synchronous_standby_names,
# synchronous_commit = on). Gridmap reads on the standby and is refused a write there; three
# clients add issues on the primary while it is lost (pg_ctl stop -m immediate); the standby is
# promoted (pg_ctl promote): every issue whose command said "added" is on it, exactly once, and
# Gridmap writes to the promoted server.
# Runs when the test command provides PostgreSQL (GRIDMAP_TEST_PG) and PostgreSQL 15 is
# installed; exits 77 (skipped) otherwise.
# usage: pg_failover_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
pgbin=/usr/lib/postgresql/15/bin
if [ -z "${GRIDMAP_TEST_PG:-}" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "SKIPPED: needs GRIDMAP_TEST_PG (scripts/test) and PostgreSQL 15 (scripts/setup)"
  exit 77
fi
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)
D=$(mktemp -d /tmp/gridmap-failover.XXXXXX)
chmod 755 "$D"
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$D"
stop_all() {
  for c in primary standby; do
    [ -f "$D/$c/postmaster.pid" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$D/$c" -m immediate stop >/dev/null 2>&1
  done
  rm -rf "$D" "$W"
}
trap stop_all EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
p1=$(free_port)
p2=$(free_port)
while [ "$p2" = "$p1" ]; do p2=$(free_port); done
ctl() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$D/$1" -l "$D/$1.log" -w "${@:2}" >/dev/null; }

# The primary: WAL for a standby; once the standby runs, commits wait until it has them
# (DEPLOY.md).
"${as_pg[@]}" "$pgbin/initdb" -D "$D/primary" -U postgres --auth=trust --no-locale -E UTF8 >"$D/initdb.log" 2>&1 ||
  { echo "FAIL: initdb: $(tail -3 "$D/initdb.log")"; exit 1; }
cat >>"$D/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $p1
unix_socket_directories = '$D'
fsync = off
wal_level = replica
max_wal_senders = 5
synchronous_commit = on
EOF
ctl primary start || { echo "FAIL: the primary does not start: $(tail -5 "$D/primary.log")"; exit 1; }
P="postgresql://postgres@127.0.0.1:$p1/street"
psql -q -X -d "postgresql://postgres@127.0.0.1:$p1/postgres" -c "CREATE DATABASE street" >/dev/null &&
  psql -q -X -d "$P" -c "CREATE EXTENSION postgis" >/dev/null || { echo "FAIL: database street"; exit 1; }
# The standby: a base backup with -R (standby.signal and primary_conninfo), its own port, the
# name the primary waits for.
"${as_pg[@]}" "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$D/standby" -R -X stream -c fast >"$D/basebackup.log" 2>&1 ||
  { echo "FAIL: pg_basebackup: $(tail -3 "$D/basebackup.log")"; exit 1; }
cat >>"$D/standby/postgresql.conf" <<EOF
port = $p2
cluster_name = 'standby1'
synchronous_standby_names = ''
EOF
ctl standby start || { echo "FAIL: the standby does not start: $(tail -5 "$D/standby.log")"; exit 1; }
S="postgresql://postgres@127.0.0.1:$p2/street"
# Now that the standby runs, the primary's commits wait for it (before, they would wait for a
# standby that is not there: CREATE DATABASE above would never return).
psql -q -X -d "$P" -c "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" -c "SELECT pg_reload_conf()" >/dev/null ||
  bad "cannot set synchronous_standby_names"
for _ in $(seq 100); do
  [ "$(psql -X -At -d "$P" -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] && break
  sleep 0.1
done
[ "$(psql -X -At -d "$P" -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] && ok || bad "the standby is not a synchronous standby"

# A project on the primary; the standby has it at once and answers reads.
"$G" demo "$W" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
expect 0 "copied" -- "$G" copy "$W/demo.gpkg" "$P?schema=huanchuan"
"$G" check "$P?schema=huanchuan" --json --at 2026-11-30 >"$W/check-primary.json"
"$G" check "$S?schema=huanchuan" --json --at 2026-11-30 >"$W/check-standby.json"
[ $? -eq 1 ] && cmp -s "$W/check-primary.json" "$W/check-standby.json" && ok || bad "check on the standby differs from the primary's"
expect 0 "I001" -- "$G" issue list "$S?schema=huanchuan"
# A write on the standby: refused with one message, nothing written.
expect 2 "the database is a read-only standby" -- "$G" issue add "$S?schema=huanchuan" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text on-standby --by P001

# Three clients add issues on the primary; the primary is lost in the middle.
add() { # add LOCATION NAME: output in $W/out-NAME, exit code in $W/rc-NAME
  local rc=0
  "$G" issue add "$1?schema=huanchuan" --lon 113.905 --lat 30.925 --category 市容环境 \
    --small-class 暴露垃圾 --text "$2" --by P001 >"$W/out-$2" 2>&1 || rc=$?
  echo "$rc" >"$W/rc-$2"
}
for c in 1 2 3; do
  (for i in $(seq 15); do add "$P" "c$c-$i"; done) &
done
# The primary is lost once a few adds went through (and others are under way).
for _ in $(seq 300); do
  [ "$(psql -X -At -d "$P" -c "SELECT count(*) FROM huanchuan.issue WHERE text LIKE 'c%-%'" 2>/dev/null || echo 0)" -ge 6 ] && break
  sleep 0.1
done
ctl primary -m immediate stop || bad "cannot stop the primary"
wait
[ "$(cat "$W"/rc-c* | grep -c '^0$')" -gt 0 ] && ok || bad "no issue add succeeded before the primary was lost"
# (each such add named with its exit code and what it printed, should it happen again: once
# in some twenty runs under load an add exited 3, its message not kept)
odd=$(for f in "$W"/rc-c*; do n=${f##*/rc-}; grep -qv '^[02]$' "$f" && echo "$n: exit $(cat "$f"): $(head -c 400 "$W/out-$n")"; done)
[ -z "$odd" ] && ok || bad "an issue add exited neither 0 nor 2: $odd"

# Failover: promote the standby; every acknowledged issue is there.
ctl standby promote || bad "pg_ctl promote failed: $(tail -5 "$D/standby.log")"
[ "$(psql -X -At -d "$S" -c "SELECT pg_is_in_recovery()")" = f ] && ok || bad "the standby is still in recovery"
acknowledged=0
lost=0
for f in "$W"/rc-c*; do
  name=${f#"$W/rc-"}
  n=$(psql -X -At -d "$S" -c "SELECT count(*) FROM huanchuan.issue WHERE text = '$name'")
  if [ "$(cat "$f")" = 0 ]; then
    acknowledged=$((acknowledged + 1))
    id=$(sed -n 's/^added \(I[0-9]*\).*/\1/p' "$W/out-$name")
    [ "$n" = 1 ] && [ "$(psql -X -At -d "$S" -c "SELECT id FROM huanchuan.issue WHERE text = '$name'")" = "$id" ] && ok || { lost=$((lost + 1)); bad "$name ($id) was acknowledged but is on the promoted standby $n times"; }
  else
    [ "$n" -le 1 ] && ok || bad "$name stored $n times"
  fi
done
echo "failover: $acknowledged issue adds acknowledged by the primary, $lost of them missing after promotion"
# Gridmap writes to the promoted server: the failed adds again, each stored once.
for f in "$W"/rc-c*; do
  name=${f#"$W/rc-"}
  if [ "$(psql -X -At -d "$S" -c "SELECT count(*) FROM huanchuan.issue WHERE text = '$name'")" = 0 ]; then
    add "$S" "$name"
    [ "$(cat "$W/rc-$name")" = 0 ] && ok || bad "$name on the promoted server: $(cat "$W/out-$name")"
  fi
done
[ "$(psql -X -At -d "$S" -c "SELECT count(*) || ' ' || count(DISTINCT text) || ' ' || count(DISTINCT id) FROM huanchuan.issue WHERE text LIKE 'c%-%'")" = "45 45 45" ] && ok || bad "after failover: $(psql -X -At -d "$S" -c "SELECT count(*) || ' ' || count(DISTINCT text) || ' ' || count(DISTINCT id) FROM huanchuan.issue WHERE text LIKE 'c%-%'") (issues, texts, ids), expected 45 45 45"
finish
