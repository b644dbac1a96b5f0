#!/bin/bash
# The --help of gridmap and of every command in Chinese (GRIDMAP_LANG=zh_CN or LANG=zh_CN.UTF-8):
# a Chinese text, no run of 3 or more English words (tests/cli/english_runs.sh: option names,
# placeholders and examples are not counted), and every option of the English help also in the
# Chinese one, so the two cannot drift apart. The English help is the same with GRIDMAP_LANG=en
# and in the C locale.
# usage: help_zh_test.sh GRIDMAP
set -u
G=$1
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/english_runs.sh"
unset LC_ALL LC_MESSAGES LANG GRIDMAP_LANG

# The rule itself finds English, and leaves options, quotes and command lines alone.
[ "$(english_runs 3 "  --by ID   who makes the change")" = "who makes the change" ] && ok ||
  bad "english_runs misses an English run"
[ -z "$(english_runs 3 "  --by ID   操作人；'gridmap assign undo P' 撤销 gridmap issue set list")" ] &&
  ok || bad "english_runs finds English in a Chinese help line"

# Each command's --help, as its arguments (one per line; words split on spaces).
commands=(
  ""
  "init" "import" "info" "check" "report" "report --monthly 2026-11" "issue" "assign" "repair"
  "snapshot" "user" "view" "render" "grid" "visit" "care" "place" "patrol" "signup" "points"
  "cobuild" "team" "serve" "apikey" "account" "copy" "demo"
)
for c in "${commands[@]}"; do
  # shellcheck disable=SC2206
  words=($c)
  name="gridmap ${c:+$c }--help"
  en=$(GRIDMAP_LANG=en "$G" "${words[@]}" --help)
  rc_en=$?
  c_locale=$(LANG=C "$G" "${words[@]}" --help)
  zh=$(GRIDMAP_LANG=zh_CN "$G" "${words[@]}" --help)
  rc_zh=$?
  zh_lang=$(LANG=zh_CN.UTF-8 "$G" "${words[@]}" --help)
  if [ "$rc_en" -ne 0 ] || [ "$rc_zh" -ne 0 ]; then
    bad "$name: exit $rc_en (en) / $rc_zh (zh_CN)"
    continue
  fi
  [ "$en" = "$c_locale" ] && ok || bad "$name: English differs between GRIDMAP_LANG=en and LANG=C"
  [ "$zh" = "$zh_lang" ] && ok || bad "$name: GRIDMAP_LANG=zh_CN and LANG=zh_CN.UTF-8 differ"
  if [ "$en" = "$zh" ]; then
    bad "$name: no Chinese help"
    continue
  fi
  grep -q '^用法：' <<<"$zh" && ok || bad "$name: the Chinese help has no 用法： line"
  runs=$(english_runs 3 "$zh")
  [ -z "$runs" ] && ok || bad "$name: English in the Chinese help: $(tr '\n' '|' <<<"$runs")"
  # Every option of the English help (--name, and -o) is in the Chinese help.
  missing=""
  for opt in $(grep -oE -- '(^|[^A-Za-z0-9_-])--?[a-z][a-z0-9-]*' <<<"$en" |
               grep -oE -- '--?[a-z][a-z0-9-]*' | grep -E '^(--|-o$)' | sort -u); do
    perl -e 'my ($o, $t) = @ARGV; exit($t =~ /(?<![A-Za-z0-9_-])\Q$o\E(?![a-z0-9-])/ ? 0 : 1)' \
      -- "$opt" "$zh" || missing+=" $opt"
  done
  [ -z "$missing" ] && ok || bad "$name: options of the English help missing in Chinese:$missing"
done

# The usage of the main help keeps every command.
for cmd in init import info check report issue assign repair snapshot user view render grid visit \
           care place patrol signup points cobuild team serve apikey account copy demo; do
  grep -qE "^  (.*[ |,])?$cmd[ |,]" <(GRIDMAP_LANG=zh_CN "$G" --help) && ok ||
    bad "gridmap --help (zh_CN) does not list $cmd"
done
# A theme's Chinese title in the map themes of render and view.
grep -qF "coverage_party_group        党小组覆盖图（规则 building_party_group）" \
  <(GRIDMAP_LANG=zh_CN "$G" render --help) && ok || bad "render --help: no Chinese theme title"
grep -qF "coverage_party_group        Party groups (rule building_party_group)" \
  <(GRIDMAP_LANG=en "$G" render --help) && ok || bad "render --help: the English theme line changed"
# Without arguments: the usage on stdout and exit 2, in Chinese too.
GRIDMAP_LANG=zh_CN "$G" >"$W/usage.txt"
[ $? -eq 2 ] && grep -q '^用法：gridmap 命令' "$W/usage.txt" && ok || bad "gridmap (zh_CN): no Chinese usage"
finish
