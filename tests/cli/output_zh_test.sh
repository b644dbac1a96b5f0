#!/bin/bash
# What the commands print on the demo in a Chinese session (GRIDMAP_LANG=zh_CN): every command of
# issue 12 item 5 runs on two copies of the demo, one in English and one in Chinese; both exit 0,
# the Chinese standard output differs from the English one and has no run of 2 or more English
# words (tests/cli/english_runs.sh), and some lines are checked against the English figures
# (the same numbers in the Chinese words of docs/GLOSSARY.md).
# usage: output_zh_test.sh GRIDMAP
set -u
G=$1
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/english_runs.sh"
unset LC_ALL LC_MESSAGES LANG GRIDMAP_LANG

"$G" demo "$W/d" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
cp "$W/d/demo.gpkg" "$W/en.gpkg"
cp "$W/d/demo.gpkg" "$W/zh.gpkg"
n=0
session_en=""
session_zh=""

# run NAME -- ARGS...: runs gridmap ARGS (@P@ is the project, @W@ the work directory, @L@ the
# language) on the English and on the Chinese copy; the outputs are in $W/NAME.en and .zh.
run() {
  local name=$1 lang rc_en rc_zh runs
  shift 2
  for lang in en zh; do
    local args=()
    for a in "$@"; do
      a=${a//@P@/$W/$lang.gpkg}
      a=${a//@W@/$W}
      a=${a//@L@/$lang}
      [ $lang = en ] && args+=("${a//@S@/$session_en}") || args+=("${a//@S@/$session_zh}")
    done
    if [ $lang = en ]; then
      GRIDMAP_LANG=en "$G" "${args[@]}" >"$W/$name.en" 2>"$W/$name.en.err"
      rc_en=$?
    else
      GRIDMAP_LANG=zh_CN "$G" "${args[@]}" >"$W/$name.zh" 2>"$W/$name.zh.err"
      rc_zh=$?
    fi
  done
  n=$((n + 1))
  if [ "$rc_en" -ne 0 ] || [ "$rc_zh" -ne 0 ]; then
    bad "$name: exit $rc_en (en) / $rc_zh (zh_CN): $(cat "$W/$name.en.err" "$W/$name.zh.err")"
    return
  fi
  # Paths differ between the copies (en.gpkg, zh.gpkg): compare with them made equal.
  if [ "$(sed 's/en\.gpkg/P.gpkg/g; s/-en\././g' "$W/$name.en")" = \
       "$(sed 's/zh\.gpkg/P.gpkg/g; s/-zh\././g' "$W/$name.zh")" ]; then
    bad "$name: the Chinese output is the English one:"$'\n'"$(cat "$W/$name.zh")"
    return
  fi
  runs=$(english_runs 2 "$(cat "$W/$name.zh")")
  [ -z "$runs" ] && ok ||
    bad "$name: English in the Chinese output ($(tr '\n' '|' <<<"$runs")):"$'\n'"$(cat "$W/$name.zh")"
}

# has NAME LINE: the Chinese output of NAME has LINE (a fixed string).
has() {
  grep -qF -- "$2" "$W/$1.zh" && ok || bad "$1: no line '$2' in:"$'\n'"$(cat "$W/$1.zh")"
}

# A figure of the English output: the first match of the extended regex's group 1.
en_number() {
  sed -nE "s|.*$2.*|\\1|p" "$W/$1.en" | head -n 1
}

# info
run info -- info @P@
has info "工作坐标系      EPSG:4547 CGCS2000 3度带高斯-克吕格 中央经线114°E"

# demo, init and view
run demo -- demo "@W@/demo-@L@"
has demo "已写入 $W/demo-zh/demo.gpkg"
run init -- init "@W@/new-@L@.gpkg" --crs EPSG:4547
has init "，工作坐标系 EPSG:4547（CGCS2000 3度带高斯-克吕格 中央经线114°E）"
run view_add -- view add @P@ --title 第一网格 --extent cell:420902001005001 --theme issues
has view_add "已添加视图 V04，位置 4：第一网格（issues，"
run view_list -- view list @P@
run view_remove -- view remove @P@ V04
has view_remove "已删除视图 V04"

# issue: add, list, show, set (dispatch with the proposal), move, import
run issue_add -- issue add @P@ --lon 113.905 --lat 30.925 --category 市容环境 \
  --small-class 暴露垃圾 --text 垃圾堆放 --reporter P001 --by P001
has issue_add "已添加 I021"
cell=$(en_number issue_add '^cell ([0-9]+)$')
[ -n "$cell" ] && has issue_add "网格 $cell" || bad "issue add: no cell in English"
has issue_add "建议处理人 "
run issue_list -- issue list @P@
has issue_list "共 $(en_number issue_list '^([0-9]+) issues$') 件"
run issue_set -- issue set @P@ I021 --state dispatched --by P001
has issue_set "I021 已派单，处理人 "
run issue_show -- issue show @P@ I021
has issue_show "已上报 -> 已派单  操作人 P001"
run issue_move -- issue move @P@ I021 --lon 113.9051 --lat 30.9251 --by P001
has issue_move "I021 已移动"
# A request of another system: I021 as Open311 exports it, under the id H001.
"$G" issue export "$W/en.gpkg" --format open311 -o "$W/all.json" || bad "issue export"
/usr/bin/python3 - "$W/all.json" "$W/open311.json" <<'PY' || bad "no Open311 request"
import json, sys
reqs = [r for r in json.load(open(sys.argv[1], encoding="utf-8")) if r["service_request_id"] == "I021"]
reqs[0]["service_request_id"] = "H001"
json.dump(reqs, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run issue_import -- issue import @P@ "@W@/open311.json" --by P001
has issue_import "从 $W/open311.json 导入问题点"

# assign: one change, the log, undo
run assign -- assign @P@ --role building_captain --person P004 --target B001 --by P001
has assign "完成：分配 $(en_number assign '^done: ([0-9]+) assigned')，取消 $(en_number assign ', ([0-9]+) unassigned')，未变 $(en_number assign ', ([0-9]+) unchanged')"
session_en=$(sed -n 's/^session //p' "$W/assign.en")
session_zh=$(sed -n 's/^会话 //p' "$W/assign.zh")
run assign_undo -- assign undo @P@ --session @S@ --by P001
has assign_undo "已撤销：分配 $(en_number assign_undo '^undone: ([0-9]+) assigned')，取消 $(en_number assign_undo ', ([0-9]+) unassigned')，未变 $(en_number assign_undo ', ([0-9]+) unchanged')"
run assign_log -- assign log @P@ --target B001

# grid: a dry run of a new partition and a renumbering
run grid -- grid generate @P@ --community all --shape hex --size 150 --replace --unassign --dry-run
has grid "试运行：未写入任何内容"
has grid "个六边形网格（对边宽 150.0 米）"
run grid_renumber -- grid renumber @P@ --dry-run
has grid_renumber "未写入任何内容"

# report, the monthly report, render, snapshot
run monthly -- report @P@ --monthly 2026-11 -o "@W@/monthly-@L@.html"
has monthly "已写入 $W/monthly-zh.html（2026-11 月报，HTML）"
run render -- render @P@ -o "@W@/map-@L@.png" --width 400 --height 300 --date 2026-12-01
has render "已写入 $W/map-zh.png（400 x 300 像素，专题 "
run report -- report @P@ -o "@W@/report-@L@.csv"
has report "已写入 $W/report-zh.csv（按网格，"
run snapshot -- snapshot @P@ --at 2026-12-02T10:00:00+08:00 --note 例会
has snapshot "：指标 "
has snapshot "党小组覆盖率："
run snapshot_delta -- snapshot @P@ --delta
has snapshot_delta "）的变化："

# repair: add (snapped), list, notify
run repair_add -- repair add @P@ --road 永新路 --work-type 填缝 \
  --lonlat "113.9050,30.9262;113.9060,30.9262" --snap 30
has repair_add "已添加 "
run repair_list -- repair list @P@
has repair_list "共 $(en_number repair_list '^([0-9]+) repair segments$') 个维修段"
run repair_notify -- repair notify @P@ RS04
has repair_notify "户  楼栋长 "

# The seed's work
run visit_add -- visit add @P@ --household H00001 --kind 入户走访 --date 2026-11-29 --by P022
has visit_add "已添加 V"
run visit_list -- visit list @P@ --from 2026-11-01 --to 2026-11-30
has visit_list "共 $(en_number visit_list '^([0-9]+) visits$') 次走访"
run visit_coverage -- visit coverage @P@ --at 2026-11-30
run visit_plan -- visit plan @P@ --person P022 --at 2026-11-30
has visit_plan "共 $(en_number visit_plan '^([0-9]+) households') 户，其中 $(en_number visit_plan ', ([0-9]+) due') 户待走访（90 天内未走访）"
run care_list -- care list @P@ --by P001 --at 2026-11-30
has care_list "共 $(en_number care_list '^([0-9]+) entries') 条"
run care_counts -- care counts @P@ --at 2026-11-30
run care_add -- care add @P@ --household H00003 --tag 独居老人 --since 2026-11-01 --by P001
has care_add "已标记 H00003 独居老人"
run place_list -- place list @P@ --at 2026-11-30
has place_list "重点场所 $(en_number place_list '^([0-9]+) key places') 处，超期 $(en_number place_list ', ([0-9]+) overdue') 处"
run patrol_add -- patrol add @P@ --place K08 --date 2026-11-30 --by P001
has patrol_add "已添加 X"
run signup -- signup add @P@ --person P031 --kind 夜间巡逻 --date 2026-11-29 --by P031
has signup "已记录 P031 夜间巡逻"
run points -- points @P@ --month 2026-11
has points "报到率 $(en_number points '^报到率 check-in ([0-9]+/[0-9]+)')"
run points_table -- points @P@ --table
run cobuild -- cobuild @P@ --month 2026-11
run team -- team @P@ --month 2026-11

# copy, API keys and staff accounts of gridmap serve
run copy -- copy @P@ "@W@/copy-@L@.gpkg"
has copy "已复制 $(en_number copy '^copied ([0-9]+) rows') 条记录到 $W/copy-zh.gpkg"
run apikey_add -- apikey add @P@ --name wechat
run apikey_list -- apikey list @P@
has apikey_list "	有效"
run apikey_revoke -- apikey revoke @P@ --name wechat
has apikey_revoke "已吊销 API 密钥 wechat"
for lang in en zh; do
  GRIDMAP_LANG=$lang "$G" account set "$W/$lang.gpkg" --person P001 --role leader \
    <<<"a-long-password" >"$W/account_set.$lang" || bad "account set ($lang)"
done
grep -qF "已设置 P001 的账号（领导）" "$W/account_set.zh" && ok || bad "account set: $(cat "$W/account_set.zh")"
run account_remove -- account remove @P@ --person P001
has account_remove "已删除账号：P001"

echo "$n commands compared"
finish
