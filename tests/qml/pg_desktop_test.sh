#!/usr/bin/env bash
# The desktop against a PostgreSQL server that goes away and comes back (tst_pg_reconnect.qml):
# starts a throwaway cluster of its own (the test stops and starts it, so it cannot use the
# shared GRIDMAP_TEST_PG), writes the control command the QML test calls (stop, start,
# terminate) and runs that one QML test on the offscreen platform.
# Runs when the test command provides PostgreSQL (GRIDMAP_TEST_PG) and PostgreSQL 15 is
# installed; exits 77 (skipped) otherwise.
# usage: pg_desktop_test.sh TST_GRIDMAP_QML QML_TEST_DIR
set -uo pipefail
T=$1
DIR=$2
pgbin=/usr/lib/postgresql/15/bin
cluster=$(cd "$(dirname "$0")/../../scripts" && pwd)/pg-test-cluster
if [ -z "${GRIDMAP_TEST_PG:-}" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "SKIPPED: needs GRIDMAP_TEST_PG (scripts/test) and PostgreSQL 15 (scripts/setup)"
  exit 77
fi
C=$(mktemp -d /tmp/gridmap-desktop-pg.XXXXXX)
trap '"$cluster" stop "$C" >/dev/null 2>&1' EXIT
line=$("$cluster" start "$C") || { echo "FAIL: cannot start a PostgreSQL cluster"; exit 1; }
url=${line#GRIDMAP_TEST_PG=}
port=${url##*:}
port=${port%%/*}
as_pg=""
[ "$(id -u)" -ne 0 ] || as_pg="runuser -u postgres --"
cat >"$C/control.sh" <<CONTROL
# stop | start | terminate (the desktop's connections: every client backend but this one)
case \$1 in
  stop) $as_pg $pgbin/pg_ctl -D '$C/data' -m fast -w stop >/dev/null ;;
  start) $as_pg $pgbin/pg_ctl -D '$C/data' -l '$C/log' -w -o "-c listen_addresses=127.0.0.1 -p $port -k $C -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" start >/dev/null ;;
  terminate) [ "\$(psql -X -q -At -d '$url' -c "SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")" = t ] ;;
  *) exit 2 ;;
esac
CONTROL
GRIDMAP_TEST_PG_DESKTOP=$url GRIDMAP_TEST_PG_CONTROL=$C/control.sh QT_QPA_PLATFORM=offscreen \
  QT_QUICK_CONTROLS_STYLE=Basic "$T" -input "$DIR/tst_pg_reconnect.qml"
