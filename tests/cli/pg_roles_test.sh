#!/usr/bin/env bash
# Accounts and roles of a project kept in PostgreSQL (issue #14): gridmap user add/list/remove/
# password; then each role logs in and tries what it must not do, which the database refuses
# (grants and row-level security), and every change is in an audit no role can rewrite.
# Needs GRIDMAP_TEST_PG=postgresql://SUPERUSER@HOST:PORT/DB with trust authentication on
# loopback (scripts/pg-test-cluster, which scripts/test starts); exits 77 (skipped) without it.
# usage: pg_roles_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
source "$(dirname "$0")/pg_lib.sh"
run=r$$_$RANDOM
schema=${run}_roles
late=${run}_late # accounts made before the first spatial import
P="$base?schema=$schema"
logins=()
cleanup_pg() {
  for s in "$schema" "$late"; do
    sql "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1
  done
  for l in "${logins[@]}"; do sql "DROP ROLE IF EXISTS $l" >/dev/null 2>&1; done
  for s in "$schema" "$late"; do
    for r in community_admin grid_worker captain member leader auditor; do
      sql "DROP ROLE IF EXISTS gm_${s}_$r" >/dev/null 2>&1
    done
  done
  rm -rf "$W"
}
trap cleanup_pg EXIT
as() { echo "postgresql://$1@$hostpart?schema=$schema"; }
# psql as a login in the project's schema: prints the result or the error
as_sql() { psql -q -X -d "postgresql://$1@$hostpart" -At -c "SET search_path = $schema, public; $2" 2>&1; }
# has TEXT NEEDLE (no pipe into grep -q: with pipefail a SIGPIPE would fail the check)
has() { [[ "$1" == *"$2"* ]]; }

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
expect 0 "copied" -- "$G" copy "$W/demo.gpkg" "$P"
expect 2 "accounts and roles need a project kept in PostgreSQL" -- "$G" user list "$W/demo.gpkg"
# The demo: grid worker P001 has cell 001; P091 is a building captain.
add() { logins+=("$1"); expect 0 "added login $1" -- "$G" user add "$P" --login "$1" --person "$2" --role "$3"; }
add "${run}_admin" P001 community_admin
add "${run}_gw" P001 grid_worker
add "${run}_cap" P091 captain
add "${run}_lead" P002 leader
add "${run}_aud" P003 auditor
expect 2 "--role 'mayor' is not one of" -- "$G" user add "$P" --login "${run}_x" --person P001 --role mayor
expect 2 "no person with id 'P999'" -- "$G" user add "$P" --login "${run}_x" --person P999 --role leader
expect 2 "a database login of that name exists" -- "$G" user add "$P" --login "${run}_gw" --person P001 --role leader
expect 2 "a login is a lower-case name" -- "$G" user add "$P" --login "Bad Name" --person P001 --role leader
[ "$("$G" user list "$P" | wc -l)" = 5 ] && ok || bad "user list: 5 accounts: $("$G" user list "$P")"
grep -qP "^${run}_lead\tP002\tleader$" <<<"$("$G" user list "$P")" && ok || bad "user list shows the leader"
expect 0 "password of ${run}_cap set" -- bash -c "echo 's3cret' | '$G' user password '$P' --login ${run}_cap"
[ "$(sql "SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = '${run}_cap'")" = t ] && ok || bad "password stored"
expect 2 "password (standard input) is empty" -- bash -c "echo '' | '$G' user password '$P' --login ${run}_cap"
# A login that may not create roles cannot manage accounts.
expect 2 "may not manage accounts" -- "$G" user add "$(as "${run}_admin")" --login "${run}_y" --person P001 --role leader

# leader: reads figures and maps, no names or phones, writes nothing.
"$G" check "$W/demo.gpkg" --json >"$W/check-gpkg.json"
"$G" check "$(as "${run}_lead")" --json >"$W/check-lead.json"
cmp -s "$W/check-gpkg.json" "$W/check-lead.json" && ok || bad "leader's check --json differs from the GeoPackage's"
"$G" report "$(as "${run}_lead")" --format json >"$W/report-lead.json" 2>&1 && ok || bad "leader reads the report: $(head -3 "$W/report-lead.json")"
has "$(as_sql "${run}_lead" "SELECT phone FROM person LIMIT 1")" "permission denied" && ok || bad "leader reads person.phone"
# names of the people holding a role (grid workers, captains: the report's), no one else's
[ "$(as_sql "${run}_lead" "SELECT count(name) FROM person")" = 82 ] && ok || bad "leader reads the names of the 82 people with a role, of 120: $(as_sql "${run}_lead" "SELECT count(name) FROM person")"
has "$(as_sql "${run}_lead" "SELECT phone FROM household LIMIT 1")" "permission denied" && ok || bad "leader reads household.phone"
has "$(as_sql "${run}_lead" "SELECT head_name FROM household LIMIT 1")" "permission denied" && ok || bad "leader reads household.head_name"
[ "$(as_sql "${run}_lead" "SELECT count(id) FROM household")" = 2079 ] && ok || bad "leader counts 2079 households"
has "$(as_sql "${run}_lead" "UPDATE issue SET state = 'verified'")" "permission denied" && ok || bad "leader updates issues"
expect 2 "(role leader) reads the project and may not change it" -- "$G" issue add "$(as "${run}_lead")" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾 --by P002
has "$(as_sql "${run}_lead" "SELECT count(*) FROM audit")" "permission denied" && ok || bad "leader reads the audit"

# auditor: the audit only.
has "$(as_sql "${run}_aud" "SELECT count(*) FROM issue")" "permission denied" && ok || bad "auditor reads issues"
has "$(as_sql "${run}_aud" "DELETE FROM audit")" "permission denied" && ok || bad "auditor deletes the audit"

# grid worker: changes the issues of its cells (I004 in cell 001), not others (I008 in 005).
expect 0 "I004 is resolved" -- "$G" issue set "$(as "${run}_gw")" I004 --state resolved --by P001
expect 2 "this login may not change issue I008" -- "$G" issue set "$(as "${run}_gw")" I008 --state dispatched --by P001
[ "$(sql "SELECT state FROM $schema.issue WHERE id = 'I008'")" = reported ] && ok || bad "I008 unchanged"
[ "$(as_sql "${run}_gw" "UPDATE issue SET text = 'x' WHERE id = 'I008'")" = "" ] && ok || bad "grid worker's UPDATE of I008 gives no error"
[ "$(sql "SELECT text FROM $schema.issue WHERE id = 'I008'")" != x ] && ok || bad "row-level security let the grid worker change I008"
has "$(as_sql "${run}_gw" "DELETE FROM household")" "permission denied" && ok || bad "grid worker deletes households"
has "$(as_sql "${run}_gw" "UPDATE role_assignment SET person = 'P001'")" "permission denied" && ok || bad "grid worker changes assignments"

# captain: adds issues, cannot change another's.
expect 0 "added I021" -- "$G" issue add "$(as "${run}_cap")" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text 垃圾堆放 --by P091
[ "$(as_sql "${run}_cap" "UPDATE issue SET text = 'x' WHERE id = 'I001' RETURNING id")" = "" ] && ok || bad "captain changed I001"
has "$(as_sql "${run}_cap" "DELETE FROM issue")" "permission denied" && ok || bad "captain deletes issues"

# The audit: who and when, for every change; nobody rewrites it (not even the owner).
aud=$(as_sql "${run}_aud" "SELECT login || ' ' || table_name || ' ' || operation || ' ' || row_key FROM audit WHERE table_name = 'issue' ORDER BY id")
grep -qx "${run}_gw issue UPDATE I004" <<<"$aud" && ok || bad "audit: the grid worker's update of I004: $aud"
grep -qx "${run}_cap issue INSERT I021" <<<"$aud" && ok || bad "audit: the captain's I021: $aud"
[ "$(as_sql "${run}_aud" "SELECT count(*) FROM audit WHERE at > now() - interval '1 hour' AND table_name = 'issue_event'")" -ge 2 ] && ok || bad "audit: issue events"
# A project whose accounts an older gridmap made (no SELECT on settings for the auditor): the
# auditor cannot open it until the owner opens it once.
sql "REVOKE SELECT ON $schema.settings FROM gm_${schema}_auditor"
expect 2 "permission denied for table settings" -- "$G" user list "$(as "${run}_aud")"
expect 0 "${run}_aud" -- "$G" user list "$P"
[ "$(sql "SELECT has_table_privilege('gm_${schema}_auditor', '$schema.settings', 'SELECT')")" = t ] && ok || bad "the owner's open grants the auditor settings"
# gridmap user audit: the auditor opens the project (its settings) and reads who changed which
# row when, never the row's data. The grid worker's one change: I004, and its event (the
# demo's 72 events: fid 73).
"$G" user list "$(as "${run}_aud")" >"$W/list-aud" 2>&1 && [ "$(wc -l <"$W/list-aud")" = 5 ] && ok || bad "the auditor lists the accounts: $(cat "$W/list-aud")"
"$G" user audit "$(as "${run}_aud")" --login "${run}_gw" >"$W/audit-gw" 2>&1 && ok || bad "user audit as the auditor: $(cat "$W/audit-gw")"
[ "$(cut -f2- "$W/audit-gw")" = "${run}_gw"$'\t'"issue"$'\t'"UPDATE"$'\t'"I004"$'\n'"${run}_gw"$'\t'"issue_event"$'\t'"INSERT"$'\t'"73" ] && ok || bad "user audit --login: the grid worker's 2 changes: $(cat "$W/audit-gw")"
# the time in Beijing, to the second, as PostgreSQL has it
at=$(sql "SELECT to_char(at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+08:00' FROM $schema.audit WHERE login = '${run}_gw' AND table_name = 'issue'")
[ "$(head -1 "$W/audit-gw" | cut -f1)" = "$at" ] && ok || bad "user audit: the time $(head -1 "$W/audit-gw" | cut -f1), expected $at"
# a household changed by the admin: the audit keeps its phone and head's name, user audit not
[ "$(as_sql "${run}_admin" "UPDATE household SET persons = persons + 1 WHERE id = 'H00001' RETURNING id")" = H00001 ] && ok || bad "admin updates H00001"
"$G" user audit "$(as "${run}_aud")" --table household >"$W/audit-hh" 2>&1
[ "$(cut -f2- "$W/audit-hh")" = "${run}_admin"$'\t'"household"$'\t'"UPDATE"$'\t'"H00001" ] && ok || bad "user audit --table household: $(cat "$W/audit-hh")"
[ "$(sql "SELECT row_data->>'phone' FROM $schema.audit WHERE table_name = 'household'")" = 18908433586 ] && ok || bad "the audit keeps the row"
! grep -qE "18908433586|石春平|persons" "$W/audit-hh" && ok || bad "user audit prints the row's data"
has "$(as_sql "${run}_aud" "SELECT phone FROM household LIMIT 1")" "permission denied" && ok || bad "auditor reads households"
# nor in psql: the audit's row data is not the auditor's to read, the row's key is
has "$(as_sql "${run}_aud" "SELECT row_data->>'phone' FROM audit WHERE table_name = 'household'")" "permission denied" && ok || bad "auditor reads the audit's row data"
has "$(as_sql "${run}_aud" "SELECT * FROM audit LIMIT 1")" "permission denied" && ok || bad "auditor reads every column of the audit"
[ "$(as_sql "${run}_aud" "SELECT row_key FROM audit WHERE table_name = 'household'")" = H00001 ] && ok || bad "auditor reads the audit's row key"
[ "$(as_sql "${run}_admin" "SELECT row_data->>'phone' FROM audit WHERE table_name = 'household'")" = 18908433586 ] && ok || bad "the community admin reads the audit's row data"
# --limit: the newest; --since: from that time on (Beijing); a future date: nothing
[ "$("$G" user audit "$(as "${run}_aud")" --limit 1 | cut -f2-)" = "${run}_admin"$'\t'"household"$'\t'"UPDATE"$'\t'"H00001" ] && ok || bad "user audit --limit 1: the newest"
[ "$("$G" user audit "$(as "${run}_aud")" --since 2099-01-01 | wc -l)" = 0 ] && ok || bad "user audit --since 2099-01-01 prints rows"
[ "$("$G" user audit "$(as "${run}_aud")" --since "${at%+08:00}" --table issue --login "${run}_gw" | cut -f5)" = I004 ] && ok || bad "user audit --since the grid worker's change"
[ "$("$G" user audit "$(as "${run}_aud")" --limit 0 | wc -l)" = "$(sql "SELECT count(*) FROM $schema.audit")" ] && ok || bad "user audit --limit 0: every row"
expect 2 "--table 'parcel' is not a table of the project" -- "$G" user audit "$(as "${run}_aud")" --table parcel
expect 2 "--since '2026-13-01': not a valid date" -- "$G" user audit "$(as "${run}_aud")" --since 2026-13-01
expect 2 "--limit '-1': a whole number" -- "$G" user audit "$(as "${run}_aud")" --limit -1
expect 2 "login ${run}_lead (role leader) may not read the audit" -- "$G" user audit "$(as "${run}_lead")"
expect 2 "accounts and roles need a project kept in PostgreSQL" -- "$G" user audit "$W/demo.gpkg"
has "$(as_sql "${run}_admin" "DELETE FROM audit")" "permission denied" && ok || bad "admin deletes the audit"
has "$(sql "DELETE FROM $schema.audit" 2>&1)" "append-only" && ok || bad "owner deletes the audit"
has "$(sql "UPDATE $schema.audit SET login = 'x'" 2>&1)" "append-only" && ok || bad "owner rewrites the audit"
has "$(sql "TRUNCATE $schema.audit" 2>&1)" "append-only" && ok || bad "owner truncates the audit"
# community admin changes anything
[ "$(as_sql "${run}_admin" "UPDATE issue SET address = 'a' WHERE id = 'I008' RETURNING id")" = I008 ] && ok || bad "admin updates I008"

# --- Accounts made before the first spatial import ------------------------------------------
# init makes the attribute tables only; the feature tables (community, cell, building, issue
# ...) are made by the first spatial import, after the accounts: they get the grants, the
# row-level security and the audit triggers then, before any row is written.
L="$base?schema=$late"
D=$(dirname "$0")/../../data/demo
as_late() { echo "postgresql://$1@$hostpart?schema=$late"; }
late_sql() { psql -q -X -d "postgresql://$1@$hostpart" -At -c "SET search_path = $late, public; $2" 2>&1; }
expect 0 "" -- "$G" init "$L"
for t in party_branch person party_group; do
  expect 0 "" -- "$G" import "$L" "$t" "$D/$t.csv"
done
addl() { logins+=("$1"); expect 0 "added login $1" -- "$G" user add "$L" --login "$1" --person "$2" --role "$3"; }
addl "${run}_lgw" P001 grid_worker
addl "${run}_llead" P002 leader
addl "${run}_laud" P003 auditor
[ "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = '$late' AND tablename IN ('community', 'building', 'issue')")" = 0 ] && ok || bad "feature tables before the first spatial import"
for t in community cell compound building; do
  expect 0 "" -- "$G" import "$L" "$t" "$D/$t.geojson"
done
for t in unit household role_assignment; do
  expect 0 "" -- "$G" import "$L" "$t" "$D/$t.csv"
done
expect 0 "" -- "$G" import "$L" issue "$D/issue.geojson"
# every feature table under row-level security, with the audit's three triggers
[ "$(sql "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$late' AND c.relname IN ('community', 'cell', 'compound', 'building', 'road', 'repair_segment', 'issue', 'service_point') AND c.relrowsecurity")" = 8 ] && ok || bad "row-level security on the 8 feature tables"
[ "$(sql "SELECT count(*) FROM pg_trigger WHERE tgrelid = '$late.building'::regclass AND tgname LIKE 'audit_%'")" = 3 ] && ok || bad "the audit's triggers on building"
# the grid worker reads buildings (86 in the demo) and changes the issues of its cell only
[ "$(late_sql "${run}_lgw" "SELECT count(*) FROM building")" = 86 ] && ok || bad "grid worker reads the 86 buildings: $(late_sql "${run}_lgw" "SELECT count(*) FROM building")"
expect 0 "I004 is resolved" -- "$G" issue set "$(as_late "${run}_lgw")" I004 --state resolved --by P001
expect 2 "this login may not change issue I008" -- "$G" issue set "$(as_late "${run}_lgw")" I008 --state dispatched --by P001
has "$(late_sql "${run}_lgw" "DELETE FROM building")" "permission denied" && ok || bad "grid worker deletes buildings"
# the leader reads figures (86 buildings, 20 issues), no reporter, no phone, writes nothing
[ "$(late_sql "${run}_llead" "SELECT count(*) FROM building")" = 86 ] && ok || bad "leader reads the 86 buildings: $(late_sql "${run}_llead" "SELECT count(*) FROM building")"
[ "$(late_sql "${run}_llead" "SELECT count(id) FROM issue")" = 20 ] && ok || bad "leader counts the 20 issues: $(late_sql "${run}_llead" "SELECT count(id) FROM issue")"
has "$(late_sql "${run}_llead" "SELECT reporter FROM issue LIMIT 1")" "permission denied" && ok || bad "leader reads issue.reporter"
has "$(late_sql "${run}_llead" "SELECT phone FROM household LIMIT 1")" "permission denied" && ok || bad "leader reads household.phone"
has "$(late_sql "${run}_llead" "UPDATE building SET name = 'x'")" "permission denied" && ok || bad "leader updates buildings"
"$G" check "$L" --json >"$W/late-owner.json" 2>&1
"$G" check "$(as_late "${run}_llead")" --json >"$W/late-lead.json" 2>&1
grep -q '"all_hold"' "$W/late-lead.json" && cmp -s "$W/late-owner.json" "$W/late-lead.json" && ok || bad "leader's check --json differs from the owner's: $(head -c 300 "$W/late-lead.json")"
# the auditor reads no feature table; the audit holds the imports' inserts (1 community,
# 8 cells, 86 buildings, 20 issues: by the owner) and the grid worker's update of I004
has "$(late_sql "${run}_laud" "SELECT count(*) FROM building")" "permission denied" && ok || bad "auditor reads buildings"
[ "$(late_sql "${run}_laud" "SELECT string_agg(table_name || '=' || n, ' ' ORDER BY table_name) FROM (SELECT table_name, count(*) n FROM audit WHERE operation = 'INSERT' AND table_name IN ('community', 'cell', 'building', 'issue') GROUP BY table_name) x")" = "building=86 cell=8 community=1 issue=20" ] && ok || bad "audit of the imports' inserts: $(late_sql "${run}_laud" "SELECT table_name, operation, count(*) FROM audit GROUP BY 1, 2 ORDER BY 1, 2")"
owner=${base#postgresql://}
owner=${owner%%@*}
[ "$(late_sql "${run}_laud" "SELECT string_agg(DISTINCT login, ' ') FROM audit WHERE table_name = 'building'")" = "$owner" ] && ok || bad "audit: the buildings inserted by $owner"
grep -qx "${run}_lgw issue UPDATE I004" <<<"$(late_sql "${run}_laud" "SELECT login || ' ' || table_name || ' ' || operation || ' ' || row_key FROM audit WHERE table_name = 'issue' AND operation = 'UPDATE'")" && ok || bad "audit: the grid worker's update of I004"

expect 0 "removed login ${run}_cap" -- "$G" user remove "$P" --login "${run}_cap"
[ "$(sql "SELECT count(*) FROM pg_roles WHERE rolname = '${run}_cap'")" = 0 ] && ok || bad "login dropped"
expect 2 "is not an account of this project" -- "$G" user remove "$P" --login "${run}_cap"
finish
