#!/usr/bin/env bash
# End-to-end tests of `gridmap issue` on the demo community: pin, dispatch, refuse illegal
# moves with exit 2, export CSV and Open311 without residents' names or phones, import back.
# usage: issue_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
P=$(store_copy "$W/demo.gpkg" demo)
# Every writing command names who acts (--by or GRIDMAP_USER); tests start with neither.
unset GRIDMAP_USER
# 113.905E 30.925N is in cell 006 (no grid worker): the nearest building's captain is proposed.
expect 0 "added I021" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾堆放 --reporter P001 --by P001
expect 0 "proposed assignee P091" -- "$G" issue show "$P" I021
expect 0 "cell 420902001005006" -- "$G" issue show "$P" I021
expect 0 "community staff P001 " -- "$G" issue show "$P" I021
before=$(digest "$P")
expect 2 "经度 113.800000，纬度 30.900000 不在本项目任何社区范围内" -- "$G" issue add "$P" --lon 113.8 --lat 30.9 --category 市容环境 --small-class 暴露垃圾 --text 垃圾 --by P001
expect 2 "is not one of" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 垃圾 --by P001
# The one rule for required fields: an empty (or blank) text, an unknown small class.
expect 2 "text: a description is required (it is empty)" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text "" --by P001
expect 2 "text: a description is required (it is empty)" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text "　 " --by P001
expect 2 "small_class: '不存在的小类' is not a small class of 市容环境 (one of 暴露垃圾" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 不存在的小类 --text 垃圾 --by P001
expect 2 "small_class: missing, a small class of 市容环境" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --text 垃圾 --by P001
# Nobody acting: refused with how to say who, for every writing action.
expect 2 "give --by PERSON (a person id of the project) or set GRIDMAP_USER=PERSON" -- "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾
expect 2 "give --by PERSON" -- "$G" issue set "$P" I021 --state dispatched
expect 2 "give --by PERSON" -- "$G" issue move "$P" I021 --lon 113.903 --lat 30.926
expect 2 "give --by PERSON" -- "$G" issue import "$P" /dev/null
expect 2 "no person with id 'P999'" -- env GRIDMAP_USER=P999 "$G" issue set "$P" I021 --state dispatched
expect 2 "new issue: no person with id 'P999'" -- env GRIDMAP_USER=P999 "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾
expect 2 "cannot go from reported to resolved (allowed: dispatched, rejected)" -- "$G" issue set "$P" I021 --state resolved --by P001
expect 2 "rejecting needs a reason" -- "$G" issue set "$P" I021 --state rejected --by P001
expect 2 "no person with id 'P999'" -- "$G" issue set "$P" I021 --state dispatched --by P999
# Roles: P091 (a building captain, not community staff) and P113 (no role) do not dispatch.
expect 2 "P091 cannot dispatch I021: only community staff (grid workers of 420902001005: P001, P002, P003, P004, P005, P006) may" -- "$G" issue set "$P" I021 --state dispatched --by P091
expect 2 "P113 cannot reject I021: only community staff" -- "$G" issue set "$P" I021 --state rejected --note 重复 --by P113
expect 2 "no issue with id 'I999'" -- "$G" issue show "$P" I999
[ "$(digest "$P")" = "$before" ] && ok || bad "a refused action changed the project"
# GRIDMAP_USER names who acts when --by is not given; --by wins over it.
expect 0 "I021 is dispatched, assignee P091" -- env GRIDMAP_USER=P001 "$G" issue set "$P" I021 --state dispatched
before=$(digest "$P")
expect 2 "P113 cannot accept I021: it is assigned to P091; only the assignee or community staff" -- "$G" issue set "$P" I021 --state accepted --by P113
expect 2 "P113 cannot accept I021: it is assigned to P091" -- env GRIDMAP_USER=P001 "$G" issue set "$P" I021 --state accepted --by P113
expect 2 "P113 cannot move I021: it is assigned to P091" -- "$G" issue move "$P" I021 --lon 113.903 --lat 30.926 --by P113
[ "$(digest "$P")" = "$before" ] && ok || bad "a refused change by P113 changed the project"
expect 0 "I021 is accepted" -- "$G" issue set "$P" I021 --state accepted --by P091
expect 0 "I021 is resolved" -- env GRIDMAP_USER=P091 "$G" issue set "$P" I021 --state resolved
expect 2 "P091 cannot verify I021: only community staff" -- "$G" issue set "$P" I021 --state verified --by P091 --rating 5
expect 2 "verifying needs a rating from 1 to 5" -- "$G" issue set "$P" I021 --state verified --by P001 --rating 9
expect 0 "I021 is verified" -- "$G" issue set "$P" I021 --state verified --by P001 --rating 5
expect 0 "verified -> " -- bash -c "'$G' issue show '$P' I021 | grep -c . >/dev/null; '$G' issue show '$P' I021 | grep 'resolved -> verified'; echo 'verified -> ok'"
# Every event names who acted: P001 added, P001 dispatched, P091 accepted and resolved, P001 verified.
"$G" issue show "$P" I021 | grep -oE ' by [^ ]+' | tr -d ' ' | tr '\n' ' ' | grep -qx 'byP001 byP001 byP091 byP091 byP001 ' && ok || bad "I021's events: $("$G" issue show "$P" I021)"
# Times shown in Beijing time: I001 was reported at 2026-11-03T10:20:00+08:00 (data/demo).
expect 0 "reported 2026-11-03 10:20" -- "$G" issue show "$P" I001
expect 0 "moved from cell 420902001005001 to cell 420902001005002" -- "$G" issue move "$P" I001 --lon 113.903 --lat 30.926 --by P001
expect 0 "1 issues" -- "$G" issue list "$P" --state verified --category 市容环境 --cell 420902001005006
expect 0 "" -- "$G" issue export "$P" --format csv -o "$W/issues.csv"
head -1 "$W/issues.csv" | grep -qx 'id,category,small_class,text,state,cell,assignee,assignee_name,reported_at,deadline,overdue,lon,lat' && ok || bad "CSV header: $(head -1 "$W/issues.csv")"
[ "$(wc -l <"$W/issues.csv")" -eq 22 ] && ok || bad "CSV has $(wc -l <"$W/issues.csv") lines, expected 22"
# Times in exports are Beijing time too: I001 reported 2026-11-03T10:20:00+08:00, due 24 h later
# (市容环境), resolved and so not overdue.
grep -q '^I001,.*,verified,.*,2026-11-03T10:20:00+08:00,2026-11-04T10:20:00+08:00,no,' "$W/issues.csv" && ok || bad "I001 in the CSV: $(grep '^I001' "$W/issues.csv")"
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
expect 2 "issue already in the project" -- "$G" issue import "$W/q/demo.gpkg" "$W/issues.json" --by P001
/usr/bin/python3 -c "
import json,sys; r=json.load(open('$W/issues.json')); json.dump([x for x in r if x['service_request_id']=='I021'], open('$W/one.json','w'), ensure_ascii=False)"
expect 2 "P113 cannot import it: only community staff" -- "$G" issue import "$W/q/demo.gpkg" "$W/one.json" --by P113
expect 0 "imported 1 issues" -- env GRIDMAP_USER=P001 "$G" issue import "$W/q/demo.gpkg" "$W/one.json"
expect 0 "state verified" -- "$G" issue show "$W/q/demo.gpkg" I021
# gridmap assign takes GRIDMAP_USER through the same helper: the log names who acted.
expect 0 "done: 1 assigned" -- env GRIDMAP_USER=P001 "$G" assign "$W/q/demo.gpkg" --role unit_captain --person P113 --target B050-2
expect 0 "分配 单元长 P113 → B050-2  操作人 P001" -- "$G" assign log "$W/q/demo.gpkg" --target B050-2
expect 2 "by: no person with id 'P999'" -- env GRIDMAP_USER=P999 "$G" assign "$W/q/demo.gpkg" --role unit_captain --person P001 --target B050-2
finish
