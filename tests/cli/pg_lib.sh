# The start of the CLI tests against PostgreSQL (sourced after lib.sh): skips (exit 77)
# without GRIDMAP_TEST_PG=postgresql://SUPERUSER@HOST:PORT/DB (scripts/test starts a throwaway
# cluster: scripts/pg-test-cluster) or when nothing answers there; then gives
#   base      the URL without its query,
#   hostpart  HOST:PORT/DB (to log in as another role: postgresql://ROLE@$hostpart),
#   db        the database's name,
#   sql SQL   runs SQL as the superuser and prints the rows (unaligned, tuples only).
if [ -z "${GRIDMAP_TEST_PG:-}" ]; then
  echo "SKIPPED: GRIDMAP_TEST_PG is not set (scripts/test starts a throwaway PostgreSQL; or run scripts/pg-test-cluster start DIR)"
  exit 77
fi
base=${GRIDMAP_TEST_PG%%\?*}
hostpart=${base#postgresql://}
hostpart=${hostpart#*@} # HOST:PORT/DB
db=${hostpart#*/}
sql() { psql -q -X -v ON_ERROR_STOP=1 -d "$base" -At -c "$1"; }
sql "SELECT 1" >/dev/null 2>&1 || { echo "SKIPPED: no PostgreSQL at $base"; exit 77; }
