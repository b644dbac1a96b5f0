#!/usr/bin/env bash
# `gridmap check --json` stays byte-identical: the demo project against the checked-in result
# (tests/data/check_golden/demo.json) and the synthetic city of 10k buildings (seed 1) against
# the checked-in sha256 of its 3 MB result, with one thread and with two. A change of the
# output is a change of the expected files, made on purpose and reviewed.
# usage: check_golden_test.sh GRIDMAP EXPECTED_DIR
set -uo pipefail
G=$1
E=$2
. "$(dirname "$0")/lib.sh"

"$G" demo "$W/demo" >"$W/demo.log" 2>&1 || bad "gridmap demo failed: $(tail -3 "$W/demo.log")"
for threads in 1 2; do
  # --at: the seed's visit and patrol rules are judged at a fixed moment.
  "$G" check "$W/demo/demo.gpkg" --json --threads "$threads" --at 2026-11-30 -o "$W/demo-$threads.json"
  rc=$?
  # The demo has uncovered items by design: exit 1 ("a rule falls short").
  [ "$rc" -eq 1 ] && ok || bad "check of the demo exited $rc, expected 1"
  if cmp -s "$E/demo.json" "$W/demo-$threads.json"; then
    ok
  else
    bad "demo check --json (threads $threads) differs from $E/demo.json:"
    diff "$E/demo.json" "$W/demo-$threads.json" | head -20
  fi
done

"$G" demo "$W/city" --city 10000 --seed 1 >"$W/city.log" 2>&1 ||
  bad "gridmap demo --city 10000 failed: $(tail -3 "$W/city.log")"
want=$(cut -d' ' -f1 "$E/city-10000.sha256")
for threads in 1 2; do
  "$G" check "$W/city/city.gpkg" --json --threads "$threads" -o "$W/city-$threads.json"
  got=$(sha256sum "$W/city-$threads.json" | cut -d' ' -f1)
  [ "$got" = "$want" ] && ok ||
    bad "city-10000 check --json (threads $threads): sha256 $got, expected $want"
done

# A damaged geometry in a batch parsed beside the reading (the first 8,192 rows go to the second
# thread when there is one) and in the last batch: check refuses it, naming the building.
damage() {
  cp "$W/city/city.gpkg" "$W/d.gpkg"
  /usr/bin/python3 - "$W/d.gpkg" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("ST_IsEmpty", 1, lambda g: 0 if g else 1)
for f in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
    db.create_function(f, 1, lambda g: 0.0)
db.execute("UPDATE building SET geom = x'00112233' WHERE id = ?", (sys.argv[2],))
db.commit()
PY
}
for b in B0000100 B0009990; do
  damage "$b"
  out=$("$G" check "$W/d.gpkg" --json -o "$W/d.json" 2>&1)
  rc=$?
  [ "$rc" -eq 2 ] && [[ $out == *"building '$b' (fid "*"): its geometry cannot be read"* ]] && ok ||
    bad "check of a city with $b damaged: exit $rc, output: $out"
done
finish
