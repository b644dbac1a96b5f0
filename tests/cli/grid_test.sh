#!/usr/bin/env bash
# End-to-end tests of `gridmap grid`: exit codes 0/2, the printed summary, and projects left
# exactly as they were after a refusal or a dry run. Fixtures: tests/data/grid (README.md).
# usage: grid_test.sh GRIDMAP TEST_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
D=$2/grid




P=$(project_path p)
R=420902001001
expect 0 "created" -- "$G" init "$P" --crs EPSG:4547
expect 0 "imported 1 community rows" -- "$G" import "$P" community "$D/rect.geojson"
expect 0 "--size METRES" -- "$G" grid --help
expect 0 "community $R 方格社区: 12 square cells of 100.0 m" -- "$G" grid generate "$P" --community $R --shape square --size 100
expect 0 "  ${R}004      10000.0 m2    0 buildings     0 households  第4网格" -- "$G" grid generate "$P" --community $R --size 100 --replace --dry-run
expect 0 "nothing written" -- "$G" grid renumber "$P" --dry-run --community $R --full
expect 0 "renumbered 0 of 12 cells (12 kept their codes)" -- "$G" grid renumber "$P"

before=$(digest "$P")
refuse() { # refuse NEEDLE -- args...: exit 2, the message, project unchanged
  local needle=$1
  shift 2
  expect 2 "$needle" -- "$G" grid "$@"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project changed after refused: $*"
}
refuse "already has 12 cells; use --replace" -- generate "$P" --community $R --size 100
refuse "no community with code '420902001999'" -- generate "$P" --community 420902001999 --size 100 --replace
refuse "--size 0: the cell size must be more than 0 metres" -- generate "$P" --community $R --size 0 --replace
refuse "--shape triangle: unknown shape; use square or hex" -- generate "$P" --community $R --shape triangle --size 100 --replace
refuse "--community CODE|all is required" -- generate "$P" --size 100
refuse "unknown action 'make'" -- make "$P"
refuse "households 500-300: expected 0 <= MIN <= MAX" -- generate "$P" --community $R --balanced --households 500-300 --replace
expect 0 "dry run: nothing written" -- "$G" grid generate "$P" --community all --shape hex --size 100 --replace --dry-run
[ "$(digest "$P")" = "$before" ] && ok || bad "dry run changed the project"
expect 0 "23 hex cells of 100.0 m" -- "$G" grid generate "$P" --community all --shape hex --size 100 --replace
expect 0 "0 kept their codes, 23 old cells replaced" -- "$G" grid generate "$P" --community $R --size 100 --replace
expect 0 "12 kept their codes, 0 old cells replaced" -- "$G" grid generate "$P" --community $R --size 100 --replace

# Balanced: six buildings of 100 households, 150-250 per cell.
Q=$(project_path q)
B=420902001003
expect 0 "created" -- "$G" init "$Q" --crs EPSG:4547
expect 0 "" -- "$G" import "$Q" community "$D/balanced_community.geojson"
expect 0 "" -- "$G" import "$Q" building "$D/balanced_building.geojson"
expect 0 "" -- "$G" import "$Q" household "$D/balanced_household.csv"
expect 0 "3 household-balanced cells (target 150-250 households)" -- "$G" grid generate "$Q" --community $B --balanced --households 150-250
expect 0 "every cell holds 150-250 households" -- "$G" grid generate "$Q" --community $B --balanced --households 150-250 --replace
# With the settings' 300-500: two rows of three.
expect 0 "2 household-balanced cells (target 300-500 households)" -- "$G" grid generate "$Q" --community $B --balanced --replace --dry-run
# One building of 900 households cannot be split: reported, still exit 0.
X=$(project_path x)
expect 0 "created" -- "$G" init "$X" --crs EPSG:4547
expect 0 "" -- "$G" import "$X" community "$D/balanced_community.geojson"
expect 0 "" -- "$G" import "$X" building "$D/big_building.geojson"
expect 0 "" -- "$G" import "$X" household "$D/big_household.csv"
expect 0 "1 cells out of the range 300-500 households: ${B}001 (900)" -- "$G" grid generate "$X" --community $B --balanced

finish
