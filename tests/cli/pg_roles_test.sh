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
if [ -z "${GRIDMAP_TEST_PG:-}" ]; then
  echo "SKIPPED: GRIDMAP_TEST_PG is not set (scripts/test starts a throwaway PostgreSQL; or run scripts/pg-test-cluster start DIR)"
  exit 77
fi
base=${GRIDMAP_TEST_PG%%\?*}
hostpart=${base#postgresql://}
hostpart=${hostpart#*@} # HOST:PORT/DB
sql() { psql -q -X -v ON_ERROR_STOP=1 -d "$base" -At -c "$1"; }
sql "SELECT 1" >/dev/null 2>&1 || { echo "SKIPPED: no PostgreSQL at $base"; exit 77; }
run=r$$_$RANDOM
schema=${run}_roles
P="$base?schema=$schema"
logins=()
cleanup_pg() {
  sql "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  for l in "${logins[@]}"; do sql "DROP ROLE IF EXISTS $l" >/dev/null 2>&1; done
  for r in community_admin grid_worker captain member leader auditor; do
    sql "DROP ROLE IF EXISTS gm_${schema}_$r" >/dev/null 2>&1
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
aud=$(as_sql "${run}_aud" "SELECT login || ' ' || table_name || ' ' || operation || ' ' || (row_data->>'id') FROM audit WHERE table_name = 'issue' ORDER BY id")
grep -qx "${run}_gw issue UPDATE I004" <<<"$aud" && ok || bad "audit: the grid worker's update of I004: $aud"
grep -qx "${run}_cap issue INSERT I021" <<<"$aud" && ok || bad "audit: the captain's I021: $aud"
[ "$(as_sql "${run}_aud" "SELECT count(*) FROM audit WHERE at > now() - interval '1 hour' AND table_name = 'issue_event'")" -ge 2 ] && ok || bad "audit: issue events"
has "$(as_sql "${run}_admin" "DELETE FROM audit")" "permission denied" && ok || bad "admin deletes the audit"
has "$(sql "DELETE FROM $schema.audit" 2>&1)" "append-only" && ok || bad "owner deletes the audit"
has "$(sql "UPDATE $schema.audit SET login = 'x'" 2>&1)" "append-only" && ok || bad "owner rewrites the audit"
has "$(sql "TRUNCATE $schema.audit" 2>&1)" "append-only" && ok || bad "owner truncates the audit"
# community admin changes anything
[ "$(as_sql "${run}_admin" "UPDATE issue SET address = 'a' WHERE id = 'I008' RETURNING id")" = I008 ] && ok || bad "admin updates I008"

expect 0 "removed login ${run}_cap" -- "$G" user remove "$P" --login "${run}_cap"
[ "$(sql "SELECT count(*) FROM pg_roles WHERE rolname = '${run}_cap'")" = 0 ] && ok || bad "login dropped"
expect 2 "is not an account of this project" -- "$G" user remove "$P" --login "${run}_cap"
finish
