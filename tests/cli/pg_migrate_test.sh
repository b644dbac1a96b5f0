#!/usr/bin/env bash
# Migrations of a project kept in PostgreSQL (issue #14): a project of an older schema is
# migrated when it is opened, as a GeoPackage is, and the two stores agree afterwards.
#
# The older projects are the demo as the current code makes it (gridmap copy, by a login that
# owns the project and is no superuser, with accounts), with what the later schemas added taken
# away again, in PostgreSQL and in a GeoPackage alike:
#   schema 8: no serve_session table (staff sessions of gridmap serve) and no index
#             issue_cell_reported_at (both schema 9);
#   schema 5: besides, no issue_photo.stage column (schema 6), none of the seed's ten tables
#             (schema 7: visit ... volunteer_activity) and no serve tables (schema 8).
# Then:
#  - a leader's and a community_admin's login are told "needs migrating ... open it once as
#    <owner>" (exit 2) and change nothing;
#  - two owners open the schema-8 project at once (both waiting for the project's write lock):
#    both succeed and it is migrated once (one change of schema_version in the audit);
#  - a superuser migrates the schema-5 project: the tables it makes belong to the owner;
#  - after migrating, each project's catalogue (tables, column types and collations, indexes,
#    constraints, owners, grants of every group role, row-level security policies, audit
#    triggers) is the catalogue of a project made at the current schema with the same accounts;
#  - check --json of each migrated project is byte-identical to its migrated GeoPackage's.
# Needs GRIDMAP_TEST_PG=postgresql://SUPERUSER@HOST:PORT/DB with trust authentication on
# loopback (scripts/pg-test-cluster, which scripts/test starts); exits 77 (skipped) without it.
# usage: pg_migrate_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
source "$(dirname "$0")/pg_lib.sh"
run=m$$_$RANDOM
owner=${run}_owner
schemas=("${run}_fresh" "${run}_v8" "${run}_v5")
logins=()
cleanup_pg() {
  for s in "${schemas[@]}"; do
    sql "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1
    for r in community_admin grid_worker captain member leader auditor; do
      sql "DROP ROLE IF EXISTS gm_${s}_$r" >/dev/null 2>&1
    done
  done
  for l in "${logins[@]}"; do sql "DROP ROLE IF EXISTS $l" >/dev/null 2>&1; done
  sql "DROP OWNED BY $owner" >/dev/null 2>&1
  sql "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup_pg EXIT
as() { echo "postgresql://$1@$hostpart?schema=$2"; }
as_sql() { psql -q -X -d "postgresql://$1@$hostpart" -At -c "SET search_path = $2, public; $3" 2>&1; }
version() { sql "SELECT value FROM $1.settings WHERE key = 'schema_version'"; }

# The owner: makes projects (schemas) and accounts, no superuser.
sql "CREATE ROLE $owner LOGIN CREATEROLE" || { echo "FAIL: cannot create the owner login"; exit 1; }
sql "GRANT CREATE ON DATABASE \"$db\" TO $owner" || { echo "FAIL: cannot grant CREATE"; exit 1; }
"$G" demo "$W" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
for s in "${schemas[@]}"; do
  "$G" copy "$W/demo.gpkg" "$(as "$owner" "$s")" >/dev/null || { echo "FAIL: copy into $s as $owner"; exit 1; }
  for a in admin:P001:community_admin lead:P002:leader aud:P003:auditor; do
    IFS=: read -r l p r <<<"$a"
    logins+=("${s}_$l")
    "$G" user add "$(as "$owner" "$s")" --login "${s}_$l" --person "$p" --role "$r" >/dev/null || bad "user add $l in $s"
  done
done

# The catalogue of a schema, its own name and its group roles' written as S.
catalogue() {
  local s=$1
  sql "
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || coalesce(' collate ' || co.collname, '') || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
   WHERE c.relnamespace = '$s'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = '$s'
  UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = '$s'::regnamespace
  UNION ALL SELECT 'owner ' || relkind::text || ' ' || relname || ' ' || pg_get_userbyid(relowner)
    FROM pg_class WHERE relnamespace = '$s'::regnamespace
  UNION ALL SELECT 'rls ' || relname || ' ' || relrowsecurity FROM pg_class
   WHERE relnamespace = '$s'::regnamespace AND relkind = 'r'
  UNION ALL SELECT 'grant ' || table_name || ' ' || grantee || ' ' || privilege_type
    FROM information_schema.role_table_grants WHERE table_schema = '$s'
  UNION ALL SELECT 'column grant ' || table_name || '.' || column_name || ' ' || grantee || ' ' || privilege_type
    FROM information_schema.column_privileges WHERE table_schema = '$s'
  UNION ALL SELECT 'sequence grant ' || c.relname || ' ' || x.grantee::regrole::text || ' ' || x.privilege_type
    FROM pg_class c, aclexplode(c.relacl) x WHERE c.relnamespace = '$s'::regnamespace AND c.relkind = 'S'
  UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || roles::text || ' ' || cmd || ' '
         || coalesce(qual, '') || ' ' || coalesce(with_check, '') FROM pg_policies WHERE schemaname = '$s'
  UNION ALL SELECT 'trigger ' || c.relname || ' ' || pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
   WHERE c.relnamespace = '$s'::regnamespace AND NOT t.tgisinternal
  ORDER BY 1" | sed "s/$s/S/g"
}
catalogue "${run}_fresh" >"$W/fresh.cat"
[ "$(grep -c '^grant visit gm_S_leader SELECT' "$W/fresh.cat")" = 0 ] && [ "$(grep -c '^column grant visit.date gm_S_leader SELECT' "$W/fresh.cat")" = 1 ] && ok || bad "the fresh project's leader reads visit column by column: $(grep 'visit.*leader' "$W/fresh.cat" | head -3)"
grep -q '^column issue_photo.stage text collate C$' "$W/fresh.cat" && ok || bad "issue_photo.stage is text COLLATE \"C\": $(grep 'issue_photo.stage' "$W/fresh.cat")"

# --- The older projects ------------------------------------------------------------------------
seed_tables="visit care_tag key_place patrol member_signup co_unit co_unit_pledge volunteer_team volunteer_member volunteer_activity"
serve_tables="serve_api_key serve_account serve_secret serve_session"
sql "DROP TABLE ${run}_v8.serve_session; DROP INDEX ${run}_v8.issue_cell_reported_at;
     UPDATE ${run}_v8.settings SET value = '8' WHERE key = 'schema_version'" || bad "making the schema-8 project"
drop5=""
for t in $seed_tables $serve_tables; do drop5+="DROP TABLE ${run}_v5.$t CASCADE; "; done
sql "$drop5 DROP INDEX ${run}_v5.issue_cell_reported_at; ALTER TABLE ${run}_v5.issue_photo DROP COLUMN stage;
     UPDATE ${run}_v5.settings SET value = '5' WHERE key = 'schema_version'" || bad "making the schema-5 project"
cp "$W/demo.gpkg" "$W/v8.gpkg"
sqlite3 "$W/v8.gpkg" "DROP TABLE serve_session; DROP INDEX issue_cell_reported_at; UPDATE settings SET value = '8' WHERE key = 'schema_version'" || bad "making the schema-8 GeoPackage"
cp "$W/demo.gpkg" "$W/v5.gpkg"
for t in $seed_tables; do ogrinfo -q "$W/v5.gpkg" -sql "DELLAYER:$t" >/dev/null 2>&1 || bad "DELLAYER:$t"; done
sqlite3 "$W/v5.gpkg" "DROP TABLE serve_api_key; DROP TABLE serve_account; DROP TABLE serve_secret; DROP TABLE serve_session;
  DROP INDEX issue_cell_reported_at; ALTER TABLE issue_photo DROP COLUMN stage;
  UPDATE settings SET value = '5' WHERE key = 'schema_version'" || bad "making the schema-5 GeoPackage"
[ "$(sqlite3 "$W/v5.gpkg" "SELECT count(*) FROM gpkg_contents WHERE table_name IN ('visit', 'volunteer_activity')")" = 0 ] && ok || bad "the schema-5 GeoPackage still lists the seed's tables"
catalogue "${run}_v8" >"$W/v8-before.cat"
catalogue "${run}_v5" >"$W/v5-before.cat"
cmp -s "$W/fresh.cat" "$W/v8-before.cat" && bad "the schema-8 project's catalogue is the current one before migrating" || ok

# --- Read-only logins are told whom to ask -----------------------------------------------------
for l in lead admin; do
  expect 2 "$(as "${run}_v8_$l" "${run}_v8" | sed 's/?.*//')?schema=${run}_v8: schema version 8 needs migrating to 9, which only the owner of the project's tables may do" -- "$G" check "$(as "${run}_v8_$l" "${run}_v8")"
  expect 2 "open it once as $owner" -- "$G" issue list "$(as "${run}_v8_$l" "${run}_v8")"
done
expect 2 "(this login's role: leader)" -- "$G" report "$(as "${run}_v8_lead" "${run}_v8")"
[ "$(version "${run}_v8")" = 8 ] && ok || bad "a refused login changed schema_version to $(version "${run}_v8")"
catalogue "${run}_v8" | cmp -s - "$W/v8-before.cat" && ok || bad "a refused login changed the catalogue"

# --- Two owners open the schema-8 project at once ----------------------------------------------
# Another session holds the project's write lock until both openers wait for it.
PGAPPNAME=holder psql -q -X -d "$base" -c "SELECT pg_advisory_lock(hashtext('gridmap:${run}_v8')), pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 200); do
  [ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'holder'")" = 1 ] && break
  sleep 0.05
done
for k in 1 2; do
  (rc=0; PGAPPNAME=opener GRIDMAP_LOCK_TIMEOUT_MS=60000 "$G" info "$(as "$owner" "${run}_v8")" >"$W/open-$k.out" 2>&1 || rc=$?; echo "$rc" >"$W/open-$k.rc") &
done
for _ in $(seq 400); do
  [ "$(sql "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'opener'")" = 2 ] && break
  sleep 0.05
done
[ "$(sql "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.application_name = 'opener'")" = 2 ] && ok || bad "two openers do not both wait for the write lock"
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'holder'" >/dev/null
wait
for k in 1 2; do
  [ "$(cat "$W/open-$k.rc")" = 0 ] && grep -q "schema version *9" "$W/open-$k.out" && ok || bad "opener $k exited $(cat "$W/open-$k.rc"): $(cat "$W/open-$k.out")"
done
[ "$(version "${run}_v8")" = 9 ] && ok || bad "schema_version after migrating: $(version "${run}_v8")"
# (the audit also has this test's own change to 8)
migrations=$(sql "SELECT count(*) FROM ${run}_v8.audit WHERE table_name = 'settings' AND row_data->>'key' = 'schema_version' AND row_data->>'value' = '9'")
[ "$migrations" = 1 ] && ok || bad "schema_version set to 9 $migrations times, expected once"
[ "$(sql "SELECT login FROM ${run}_v8.audit WHERE table_name = 'settings' AND row_data->>'key' = 'schema_version' AND row_data->>'value' = '9'")" = "$owner" ] && ok || bad "the audit does not name the owner as who migrated"
[ "$(sql "SELECT count(*) FROM pg_indexes WHERE schemaname = '${run}_v8' AND indexname = 'issue_cell_reported_at'")" = 1 ] && ok || bad "no index issue_cell_reported_at"
catalogue "${run}_v8" >"$W/v8.cat"
cmp -s "$W/fresh.cat" "$W/v8.cat" && ok || bad "the migrated schema-8 project's catalogue differs from a current one: $(diff "$W/fresh.cat" "$W/v8.cat" | head -8)"
# The rows are the demo's, unchanged but for the setting.
[ "$(sql "SELECT count(*) FROM ${run}_v8.household")" = 2079 ] && ok || bad "households after migrating"

# --- A superuser migrates the schema-5 project -------------------------------------------------
expect 2 "schema version 5 needs migrating to 9" -- "$G" check "$(as "${run}_v5_lead" "${run}_v5")"
[ "$(as_sql "${run}_v5_lead" "${run}_v5" "SELECT count(*) FROM visit")" != 0 ] && ok || bad "the schema-5 project has a visit table"
"$G" info "$base?schema=${run}_v5" >"$W/v5-info.out" 2>&1 && ok || bad "a superuser cannot migrate the schema-5 project: $(cat "$W/v5-info.out")"
[ "$(version "${run}_v5")" = 9 ] && ok || bad "schema-5 project's schema_version after migrating: $(version "${run}_v5")"
catalogue "${run}_v5" >"$W/v5.cat"
cmp -s "$W/fresh.cat" "$W/v5.cat" && ok || bad "the migrated schema-5 project's catalogue differs from a current one: $(diff "$W/fresh.cat" "$W/v5.cat" | head -8)"
[ "$(sql "SELECT count(*) FROM pg_class WHERE relnamespace = '${run}_v5'::regnamespace AND relowner <> '$owner'::regrole")" = 0 ] && ok || bad "a table the superuser's migration made is not the owner's"
# The accounts work on the tables the migration made: the leader reads a visit's date but not
# its person's phone elsewhere; the community_admin writes one; the audit has it.
[ "$(as_sql "${run}_v5_lead" "${run}_v5" "SELECT count(date) FROM visit")" = 0 ] && ok || bad "the leader cannot read the new visit table"
[ "$(as_sql "${run}_v5_admin" "${run}_v5" "INSERT INTO co_unit (id, name) VALUES ('CU9', '新单位') RETURNING id")" = CU9 ] && ok || bad "the community_admin cannot write the new co_unit table: $(as_sql "${run}_v5_admin" "${run}_v5" "INSERT INTO co_unit (id, name) VALUES ('CU8', 'x')")"
has_denied=$(as_sql "${run}_v5_lead" "${run}_v5" "INSERT INTO co_unit (id, name) VALUES ('CU7', 'x')")
[[ $has_denied == *"permission denied"* ]] && ok || bad "the leader may write co_unit: $has_denied"
[ "$(sql "SELECT login FROM ${run}_v5.audit WHERE table_name = 'co_unit'")" = "${run}_v5_admin" ] && ok || bad "the write to co_unit is not audited"
[ "$(sql "SELECT data_type || ' ' || collation_name FROM information_schema.columns WHERE table_schema = '${run}_v5' AND table_name = 'issue_photo' AND column_name = 'stage'")" = "text C" ] && ok || bad "the added issue_photo.stage is not text COLLATE \"C\""
sql "DELETE FROM ${run}_v5.co_unit WHERE id = 'CU9'" >/dev/null

# --- Both stores agree after migrating ---------------------------------------------------------
"$G" check "$W/demo.gpkg" --json --at 2026-11-30 >"$W/check-demo.json"
for v in v8 v5; do
  "$G" check "$W/$v.gpkg" --json --at 2026-11-30 >"$W/check-$v-gpkg.json"
  [ "$(sqlite3 "$W/$v.gpkg" "SELECT value FROM settings WHERE key = 'schema_version'")" = 9 ] && ok || bad "the $v GeoPackage was not migrated"
  "$G" check "$(as "$owner" "${run}_$v")" --json --at 2026-11-30 >"$W/check-$v-pg.json"
  [ -s "$W/check-$v-pg.json" ] && cmp -s "$W/check-$v-gpkg.json" "$W/check-$v-pg.json" && ok || bad "$v: check --json differs between the stores: $(diff "$W/check-$v-gpkg.json" "$W/check-$v-pg.json" | head -5)"
  expect 1 "" -- "$G" check "$(as "${run}_${v}_lead" "${run}_$v")"
done
# Schema 8 lost nothing of the demo's: its check is the demo's.
cmp -s "$W/check-demo.json" "$W/check-v8-pg.json" && ok || bad "the migrated schema-8 project's check differs from the demo's"
# The schema-5 project lost the seed's visits: the visit rules see none on both stores.
cmp -s "$W/check-demo.json" "$W/check-v5-pg.json" && bad "the schema-5 project's check is the demo's, although its visits were dropped" || ok
finish
