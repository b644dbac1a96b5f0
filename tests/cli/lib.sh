# Shared helpers of the shell tests (sourced): a work directory, pass/fail counters, expect,
# a content digest of a GeoPackage, and the closing line.
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
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
digest() { ogrinfo -ro -al -q "$1" 2>/dev/null | grep -v '^INFO' | sha256sum | cut -d' ' -f1; }

# The closing line CTest and CI read; the exit status says whether all passed.
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
