#!/usr/bin/env bash
# Runs one import fuzzer for the tests (tests/fuzz/CMakeLists.txt):
#   run.sh FUZZER FORMAT SECONDS WORK   fuzz from corpus/FORMAT for SECONDS with a fixed seed
#   run.sh FUZZER FORMAT replay WORK    run every input of regressions/FORMAT once
# New inputs and a crashing input go to WORK/FORMAT (emptied first), never into the sources, so
# that every run starts from the same corpus. scripts/fuzz runs longer and keeps what it finds.
set -euo pipefail
fuzzer=$1
format=$2
what=$3
work=$4/$format
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"

if [ "$what" = replay ]; then
  shopt -s nullglob
  inputs=("$here/regressions/$format"/*)
  if [ ${#inputs[@]} -eq 0 ]; then
    echo "no regression inputs for $format"
    exit 0
  fi
  echo "replaying ${#inputs[@]} regression inputs of $format"
  exec "$fuzzer" -runs=1 "${inputs[@]}"
fi

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
dict=()
if [ -f "$here/dict/$format.dict" ]; then
  dict=(-dict="$here/dict/$format.dict")
fi
if ! "$fuzzer" -seed=1 -max_total_time="$what" -timeout=30 -print_final_stats=1 \
  "${dict[@]}" -artifact_prefix="$work/artifacts/" "$work/corpus" "$here/corpus/$format"; then
  echo
  echo "The $format fuzzer found an input that breaks the import: $(ls "$work/artifacts"/* 2>/dev/null)"
  echo "Reproduce it with: $fuzzer <that file>; once fixed, copy it to"
  echo "tests/fuzz/regressions/$format/ so that the tests replay it."
  exit 1
fi
