#!/usr/bin/env bash
# Two writers and a crash (see geo/src/detail/lock.hpp). A writer waits for another's write
# lock up to GRIDMAP_LOCK_TIMEOUT_MS, then exits 2 saying who holds the project (another
# Gridmap from its "<project>.editor" record, or "another program"); the project is left as
# it was. A gridmap import killed with SIGKILL in the middle of its write leaves the file
# intact (PRAGMA integrity_check) with the counts of before the import.
# usage: lock_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1

"$G" demo "$W/city" --city 50000 >/dev/null || { echo "gridmap demo --city failed"; exit 1; }
S=$W/city/city-source.gpkg
P=$W/p.gpkg
"$G" init "$P" --crs EPSG:4547 >/dev/null || { echo "gridmap init failed"; exit 1; }
for t in party_branch person party_group community cell; do
  "$G" import "$P" $t "$S" --source-layer $t >/dev/null || { echo "import $t failed"; exit 1; }
done
printf 'id,name\nXB1,新支部\n' >"$W/branch1.csv"
printf 'id,name\nXB2,又一支部\n' >"$W/branch2.csv"

counts() {
  /usr/bin/python3 - "$P" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0],
      *[db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("community", "cell", "building", "household", "party_branch")])
PY
}
[ "$(counts)" = "ok 50 500 0 0 50" ] && ok || bad "counts before: $(counts)"

# Another program (python's sqlite3) holds the write lock (BEGIN IMMEDIATE) for $1 seconds,
# in the background (pid in $holder); returns once it holds it.
hold_lock() {
  rm -f "$W/held"
  /usr/bin/python3 - "$P" "$W/held" "$1" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
db.execute("ROLLBACK")
PY
  holder=$!
  for _ in $(seq 100); do [ -f "$W/held" ] && break; sleep 0.1; done
}

# Another program holds the write lock for 4 s.
hold_lock 4
before=$(digest "$P")
start=$(date +%s%N)
GRIDMAP_LOCK_TIMEOUT_MS=800 expect 2 "p.gpkg: another program (QGIS, sqlite3 ...) is writing to it; waited 0.8 s" -- "$G" import "$P" party_branch "$W/branch1.csv"
waited=$((($(date +%s%N) - start) / 1000000))
[ $waited -ge 800 ] && ok || bad "gave up after $waited ms, before the 800 ms wait"
# With the default wait (5 s) the same import waits for the holder, then succeeds.
expect 0 "imported 1 party_branch rows" -- "$G" import "$P" party_branch "$W/branch1.csv"
wait $holder
[ "$(counts)" = "ok 50 500 0 0 51" ] && ok || bad "after waiting: $(counts)"

# Gridmap holds it: a building import, frozen (SIGSTOP) as soon as it has begun writing (its
# editor record and its rollback journal exist: a bulk import of 50,000 buildings may take
# well under a second, too quick to catch by polling from the shell); a second writer names
# it; then the import is killed (SIGKILL) in the middle of its write.
importer=$(/usr/bin/python3 - "$G" "$P" "$S" <<'PY'
import os, signal, subprocess, sys, time
g, p, s = sys.argv[1:4]
proc = subprocess.Popen([g, "import", p, "building", s, "--source-layer", "building"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        start_new_session=True)
deadline = time.monotonic() + 60
while time.monotonic() < deadline and proc.poll() is None:
    journal = p + "-journal"
    if os.path.exists(p + ".editor") and os.path.exists(journal) and os.path.getsize(journal) > 0:
        os.kill(proc.pid, signal.SIGSTOP)
        break
    time.sleep(0.0005)
print(proc.pid)
PY
)
[ -f "$P.editor" ] && ok || bad "no editor record while the import writes"
GRIDMAP_LOCK_TIMEOUT_MS=300 expect 2 "p.gpkg: being edited by $(id -un)@$(hostname) (pid $importer, gridmap import, since" -- "$G" import "$P" party_branch "$W/branch2.csv"
kill -9 $importer 2>/dev/null && ok || bad "the import had finished before it could be killed"
for _ in $(seq 100); do kill -0 $importer 2>/dev/null || break; sleep 0.05; done
[ "$(counts)" = "ok 50 500 0 0 51" ] && ok || bad "after the crash: $(counts), expected the counts of before"
# The record of the dead import is stale: not named as the holder, and the next writer goes
# ahead.
[ -f "$P.editor" ] && ok || bad "the killed import left no editor record"
hold_lock 2
GRIDMAP_LOCK_TIMEOUT_MS=300 expect 2 "p.gpkg: another program (QGIS, sqlite3 ...) is writing to it" -- "$G" import "$P" party_branch "$W/branch2.csv"
wait $holder
expect 0 "imported 1 party_branch rows" -- "$G" import "$P" party_branch "$W/branch2.csv"
[ -f "$P.editor" ] && bad "editor record left after a commit" || ok
expect 0 "schema version" -- "$G" info "$P"
finish
