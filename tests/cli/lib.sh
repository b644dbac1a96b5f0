# Shared helpers of the shell tests (sourced): a work directory, pass/fail counters, expect,
# a content digest of a GeoPackage, and the closing line.
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# GRIDMAP_TEST_STORE=pg: the projects a suite names with project_path live in PostgreSQL
# (schemas of GRIDMAP_TEST_PG, dropped at exit) instead of GeoPackages in $W; skipped (77)
# without GRIDMAP_TEST_PG.
store=${GRIDMAP_TEST_STORE:-gpkg}
store_prefix=ts$$_$RANDOM
if [ "$store" = pg ]; then
  if [ -z "${GRIDMAP_TEST_PG:-}" ]; then
    echo "SKIPPED: GRIDMAP_TEST_STORE=pg needs GRIDMAP_TEST_PG (scripts/test starts a throwaway PostgreSQL)"
    exit 77
  fi
  store_base=${GRIDMAP_TEST_PG%%\?*}
  trap 'psql -q -X -d "$store_base" -At -c "SELECT string_agg(format('"'"'DROP SCHEMA %I CASCADE'"'"', nspname), '"'"'; '"'"') FROM pg_namespace WHERE nspname LIKE '"'"'${store_prefix}_%'"'"'" | psql -q -X -d "$store_base" >/dev/null 2>&1; rm -rf "$W"' EXIT
fi
# store_copy GPKG NAME: the GeoPackage itself, or (pg) a copy of it in the schema of NAME.
store_copy() {
  if [ "$store" = pg ]; then
    "$G" copy "$1" "$(project_path "$2")" >/dev/null || return 1
  fi
  [ "$store" = pg ] && project_path "$2" || echo "$1"
}
# project_path NAME: where a suite's project NAME lives in the chosen store.
project_path() {
  if [ "$store" = pg ]; then
    echo "$store_base?schema=${store_prefix}_$1"
  else
    echo "$W/$1.gpkg"
  fi
}
# store_sql PROJECT SQL: runs SQL (what SQLite and PostgreSQL both understand) on a project as
# another program would, printing the rows '|'-separated. In a GeoPackage the R-tree triggers
# call GDAL's ST_* functions: stand-ins let them run (the boxes do not matter to the tests).
store_sql() {
  if [[ $1 == postgresql://* ]]; then
    PGOPTIONS="-c search_path=${1##*schema=},public" psql -q -X -v ON_ERROR_STOP=1 -At -d "${1%%\?*}" -c "$2"
    return
  fi
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("ST_IsEmpty", 1, lambda g: 0 if g else 1)
for f in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
    db.create_function(f, 1, lambda g: 0.0)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
db.commit()
PY
}
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE NEEDLE -- command...: runs the command, checks its exit code and that its
# stdout+stderr contains NEEDLE (if not empty).
expect() {
  local code=$1 needle=$2
  shift 3
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$code" ]; then
    bad "'$*' exited $rc, expected $code; output:"$'\n'"$out"
    return
  fi
  if [ -n "$needle" ] && ! grep -qF -- "$needle" <<<"$out"; then
    bad "'$*' output lacks '$needle':"$'\n'"$out"
    return
  fi
  ok
}

# A digest of every row of every table, as another program (ogrinfo) sees the file.
digest() {
  if [[ $1 == postgresql://* ]]; then
    # every row of every table of the schema, in the order of its first column (fid)
    local base=${1%%\?*} schema=${1##*schema=} t
    for t in $(psql -q -X -d "$base" -At -c "SELECT tablename FROM pg_tables WHERE schemaname = '$schema' ORDER BY 1"); do
      echo "== $t"
      psql -q -X -d "$base" -At -c "COPY (SELECT * FROM \"$schema\".\"$t\" ORDER BY 1) TO STDOUT"
    done | sha256sum | cut -d' ' -f1
    return
  fi
  ogrinfo -ro -al -q "$1" 2>/dev/null | grep -v '^INFO' | sha256sum | cut -d' ' -f1
}

# The closing line CTest and CI read; the exit status says whether all passed.
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
