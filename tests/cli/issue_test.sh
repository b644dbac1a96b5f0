#!/usr/bin/env bash
# End-to-end tests of `gridmap issue` on the demo community: pin, dispatch, refuse illegal
# moves with exit 2, export CSV and Open311 without residents' names or phones, import back.
# usage: issue_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
P=$W/demo.gpkg
# 113.905E 30.925N is in cell 006 (no grid worker): the nearest building's captain is proposed.
expect 0 "added I021" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾堆放 --reporter P001
expect 0 "proposed assignee" -- "$G" issue show "$P" I021
expect 0 "cell 420902001005006" -- "$G" issue show "$P" I021
before=$(digest "$P")
expect 2 "lies outside every community" -- "$G" issue add "$P" --lon 113.8 --lat 30.9 --category 市容环境
expect 2 "is not one of" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 垃圾
expect 2 "cannot go from reported to resolved (allowed: dispatched, rejected)" -- "$G" issue set "$P" I021 --state resolved --by P001
expect 2 "rejecting needs a reason" -- "$G" issue set "$P" I021 --state rejected --by P001
expect 2 "no person with id 'P999'" -- "$G" issue set "$P" I021 --state dispatched --by P999
expect 2 "no issue with id 'I999'" -- "$G" issue show "$P" I999
[ "$(digest "$P")" = "$before" ] && ok || bad "a refused action changed the project"
expect 0 "I021 is dispatched" -- "$G" issue set "$P" I021 --state dispatched --by P001
expect 0 "I021 is accepted" -- "$G" issue set "$P" I021 --state accepted --by P002
expect 0 "I021 is resolved" -- "$G" issue set "$P" I021 --state resolved --by P002
expect 2 "verifying needs a rating from 1 to 5" -- "$G" issue set "$P" I021 --state verified --by P001 --rating 9
expect 0 "I021 is verified" -- "$G" issue set "$P" I021 --state verified --by P001 --rating 5
expect 0 "verified -> " -- bash -c "'$G' issue show '$P' I021 | grep -c . >/dev/null; '$G' issue show '$P' I021 | grep 'resolved -> verified'; echo 'verified -> ok'"
expect 0 "moved from cell 420902001005001 to cell 420902001005002" -- "$G" issue move "$P" I001 --lon 113.903 --lat 30.926 --by P001
expect 0 "1 issues" -- "$G" issue list "$P" --state verified --category 市容环境 --cell 420902001005006
expect 0 "" -- "$G" issue export "$P" --format csv -o "$W/issues.csv"
head -1 "$W/issues.csv" | grep -qx 'id,category,small_class,text,state,cell,assignee,assignee_name,reported_at,deadline,overdue,lon,lat' && ok || bad "CSV header: $(head -1 "$W/issues.csv")"
[ "$(wc -l <"$W/issues.csv")" -eq 22 ] && ok || bad "CSV has $(wc -l <"$W/issues.csv") lines, expected 22"
expect 0 "" -- "$G" issue export "$P" --format open311 -o "$W/issues.json"
/usr/bin/python3 - "$W/issues.json" <<'PY' && ok || bad "Open311 JSON is not a list of 21 requests with the GeoReport v2 fields"
import json, sys
reqs = json.load(open(sys.argv[1], encoding="utf-8"))
fields = {"service_request_id", "status", "status_notes", "service_name", "service_code",
          "description", "agency_responsible", "service_notice", "requested_datetime",
          "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
          "lat", "long", "media_url"}
assert len(reqs) == 21, len(reqs)
assert all(set(r) == fields for r in reqs)
assert all(r["status"] in ("open", "closed") for r in reqs)
PY
# No resident's name or phone number in the exports.
leaks=0
for f in "$W/issues.csv" "$W/issues.json"; do
  while IFS=, read -r _ _ _ _ _ name phone _; do
    [ -n "$name" ] && grep -qF "$name" "$f" && { leaks=1; echo "leak of $name in $f"; }
    [ -n "$phone" ] && grep -qF "$phone" "$f" && { leaks=1; echo "leak of $phone in $f"; }
  done < <(tail -n +2 "$DEMO/household.csv" | head -400)
done
[ $leaks -eq 0 ] && ok || bad "exports show residents' names or phones"
# Round trip into a fresh demo project (its 20 issues exist: refused; after removing them, taken).
mkdir -p "$W/q"
"$G" demo "$W/q" >/dev/null
expect 2 "issue already in the project" -- "$G" issue import "$W/q/demo.gpkg" "$W/issues.json"
/usr/bin/python3 -c "
import json,sys; r=json.load(open('$W/issues.json')); json.dump([x for x in r if x['service_request_id']=='I021'], open('$W/one.json','w'), ensure_ascii=False)"
expect 0 "imported 1 issues" -- "$G" issue import "$W/q/demo.gpkg" "$W/one.json"
expect 0 "state verified" -- "$G" issue show "$W/q/demo.gpkg" I021
finish
