#!/usr/bin/env bash
# End-to-end tests of the seed's work (issue #16) on the demo community: visits, the care
# register, key places and patrols, sign-ups, points, co-building units and teams. Expected
# figures are counted here from the demo's own CSV files (data/demo), independently of geo.
# usage: seed_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2
unset GRIDMAP_USER

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
P=$(store_copy "$W/demo.gpkg" demo) || { echo "gridmap copy failed"; exit 1; }

# Visits of November, counted from visit.csv (field 5 is the date).
nov_visits=$(awk -F, 'NR > 1 && $5 ~ /^2026-11-/' "$DEMO/visit.csv" | wc -l)
expect 0 "$nov_visits visits" -- "$G" visit list "$P" --from 2026-11-01 --to 2026-11-30
# A new visit by P022 (paired with H00001), then listed as P022's.
expect 0 "added V" -- "$G" visit add "$P" --household H00001 --kind 入户走访 --date 2026-11-29 --findings 家中正常 --by P022
expect 0 "H00001  P022" -- "$G" visit list "$P" --person P022 --from 2026-11-29
# Bad visits: exit 2, one message naming the field, the project unchanged.
before=$(digest "$P")
expect 2 "kind '闲聊': expected 入户走访, 摸排, 帮扶 or 宣传" -- "$G" visit add "$P" --household H00001 --kind 闲聊 --date 2026-11-29 --by P022
expect 2 "lies in the future" -- "$G" visit add "$P" --household H00001 --kind 入户走访 --date 2099-01-01 --by P022
expect 2 "not a valid date" -- "$G" visit add "$P" --household H00001 --kind 入户走访 --date 2026-02-30 --by P022
expect 2 "household: no household with id 'H99999'" -- "$G" visit add "$P" --household H99999 --kind 入户走访 --date 2026-11-29 --by P022
# A refused visit prints nothing on standard output (no "added" before the refusal).
out=$("$G" visit add "$P" --household H99999 --kind 入户走访 --date 2026-11-29 --by P022 2>/dev/null)
[ -z "$out" ] && ok || bad "a refused visit printed '$out' on standard output"
expect 2 "give --by PERSON" -- "$G" visit add "$P" --household H00001 --kind 入户走访 --date 2026-11-29
expect 2 "no key_place with id 'K99'" -- "$G" patrol add "$P" --place K99 --date 2026-11-29 --by P001
expect 2 "is not a party member" -- "$G" signup add "$P" --person P002 --kind 报到 --date 2026-11-29 --by P001
expect 2 "P113 may not enter P031's sign-up" -- "$G" signup add "$P" --person P031 --kind 报到 --date 2026-11-29 --by P113
expect 2 "month '2026-13': expected YYYY-MM" -- "$G" points "$P" --month 2026-13
[ "$(digest "$P")" = "$before" ] && ok || bad "a refused command changed the project"

# The sweep plan of P022: their paired households (household_pairing.csv), printable.
paired=$(awk -F, '$2 == "P022"' "$DEMO/household_pairing.csv" | wc -l)
expect 0 "$paired 户 households" -- "$G" visit plan "$P" --person P022 --at 2026-11-30
# Coverage per cell: the households of the cells add up to all households.
households=$(($(wc -l <"$DEMO/household.csv") - 1))
"$G" visit coverage "$P" --at 2026-11-30 >"$W/cov" 2>&1
[ "$(awk 'NR > 1 { s += $2 } END { print s }' "$W/cov")" = "$households" ] && ok || bad "coverage households: $(cat "$W/cov")"

# The care register: grid workers see it, P113 (no role, no pairing) does not; counts for all.
care=$(($(wc -l <"$DEMO/care_tag.csv") - 1))
expect 0 "$care entries" -- "$G" care list "$P" --by P001 --at 2026-11-30
expect 2 "P113 may not see the care register" -- "$G" care list "$P" --by P113
expect 0 "entries $care," -- "$G" care counts "$P" --at 2026-11-30
"$G" care counts "$P" >"$W/counts" 2>&1
grep -q 'H0' "$W/counts" && bad "care counts name households" || ok

# Key places: K08 and K09 stop being patrolled in the demo (two intervals before the end of
# November): 2 of 9 overdue on 2026-11-30; a patrol of K08 that day leaves 1.
expect 0 "9 key places, 2 overdue" -- "$G" place list "$P" --at 2026-11-30
expect 0 "added X" -- "$G" patrol add "$P" --place K08 --date 2026-11-30 --by P001
expect 0 "9 key places, 1 overdue" -- "$G" place list "$P" --at 2026-11-30

# Points: the check-in rate is the party members (person.csv) with a 报到 row by the month's end.
members=$(awk -F, 'NR > 1 && $4 == 1' "$DEMO/person.csv" | wc -l)
checked=$(awk -F, 'NR > 1 && $2 == "报到" && $3 <= "2026-11-30"' "$DEMO/member_signup.csv" | wc -l)
expect 0 "报到率 check-in $checked/$members" -- "$G" points "$P" --month 2026-11
expect 0 "wrote $W/points.pdf (points notice 2026-11" -- "$G" points "$P" --month 2026-11 -o "$W/points.pdf" --date 2026-12-01
pdftotext -enc UTF-8 "$W/points.pdf" "$W/points.txt"
grep -q 党支部积分排名 "$W/points.txt" && ok || bad "points PDF text"
"$G" points "$P" --month 2026-11 -o "$W/points.csv" >/dev/null
# No resident (household head) name in the notice, the monthly report or the care counts.
"$G" report "$P" --monthly 2026-11 --format html -o "$W/m.html" >/dev/null
leak=0
for name in $(awk -F, 'NR > 1 && NR < 200 { print $6 }' "$DEMO/household.csv" | sort -u); do
  if grep -qF "$name" "$W/points.csv" "$W/m.html" "$W/counts"; then
    # Staff and residents may share a name (or a part of one): only a name that is in no
    # person's name is a resident's.
    grep -qF "$name" "$DEMO/person.csv" || { leak=1; echo "resident name $name leaked"; }
  fi
done
[ "$leak" = 0 ] && ok || bad "a resident name is in an export"
expect 0 "市城管委" -- "$G" cobuild "$P" --month 2026-11
expect 0 "澴川志愿者服务队" -- "$G" team "$P" --month 2026-11

# check: the seed's rules in their own section, not in the exit code's rules.
"$G" check "$P" --json --at 2026-11-30 >"$W/check.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["seed_rules"]]
assert ids == ["household_visited", "care_paired", "care_visited", "key_place_patrolled"], ids
kp = d["seed_rules"][3]
assert (kp["total"], kp["covered"]) == (9, 8), kp
assert all(r["id"] not in ids for r in d["rules"])
' "$W/check.json" && ok || bad "check --json seed_rules"

# The demo's second snapshot (2026-11-25 18:00) holds household_visited: households whose last
# visit (theirs, or a 摸排 of their building) by that day is at most 90 whole days before it,
# counted here from visit.csv and household.csv.
visited=$(python3 - "$DEMO" <<'PY'
import csv, sys
from datetime import datetime, timedelta
d = sys.argv[1]
moment = datetime(2026, 11, 25, 18, 0)
households = list(csv.DictReader(open(d + "/household.csv", encoding="utf-8")))
last = {}
sweeps = {}
for v in csv.DictReader(open(d + "/visit.csv", encoding="utf-8")):
    if v["date"] > "2026-11-25":
        continue
    if v["household"]:
        last[v["household"]] = max(last.get(v["household"], ""), v["date"])
    elif v["kind"] == "摸排":
        sweeps[v["building"]] = max(sweeps.get(v["building"], ""), v["date"])
n = 0
for h in households:
    day = max(last.get(h["id"], ""), sweeps.get(h["building"], ""))
    if day and (moment - datetime.strptime(day, "%Y-%m-%d")).days <= 90:
        n += 1
print(f"{n}/{len(households)}")
PY
)
expect 0 "household_visited: (new) -> " -- "$G" snapshot "$P" --delta
expect 0 "($visited)" -- "$G" snapshot "$P" --delta

# An older project (schema 6, without the seed tables) gains them when opened.
"$G" init "$W/old.gpkg" --crs EPSG:4547 >/dev/null
for t in visit care_tag key_place patrol member_signup co_unit co_unit_pledge volunteer_team volunteer_member volunteer_activity; do
  ogrinfo -q "$W/old.gpkg" -sql "DELLAYER:$t" >/dev/null 2>&1
done
ogrinfo -q "$W/old.gpkg" -sql "UPDATE settings SET value = '6' WHERE key = 'schema_version'" >/dev/null 2>&1
ogrinfo -ro -q "$W/old.gpkg" 2>/dev/null | grep -q ': visit' && bad "DELLAYER left visit" || ok
expect 0 "schema version  8" -- "$G" info "$W/old.gpkg"
ogrinfo -ro -q "$W/old.gpkg" 2>/dev/null | grep -q ': volunteer_activity' && ok || bad "migration made no volunteer_activity"
finish
