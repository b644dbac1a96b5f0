#!/bin/bash
# Messages in Chinese: bad input with GRIDMAP_LANG=zh_CN gives the same exit code as in English
# and a Chinese stderr: the text worked out by hand for some, and for every case no run of two
# English words outside '...' quotes (names, ids, values typed by the user), option names,
# paths and command lines (the rule of tests/geo/messages_test.cpp english_runs).
# usage: messages_zh_test.sh GRIDMAP TEST_DATA_DIR
set -u
G=$1
DATA=$2
source "$(dirname "$0")/lib.sh"
unset LC_ALL LC_MESSAGES LANG

"$G" demo "$W/d" >/dev/null || { echo "FAIL: gridmap demo"; exit 1; }
P=$W/d/demo.gpkg
before=$(digest "$P")

# english_runs 2 TEXT: each run of two or more English words (tests/cli/english_runs.sh).
source "$(dirname "$0")/english_runs.sh"

# case NAME CODE EXPECTED -- command...: runs the command in English and in Chinese; both exit
# CODE; the Chinese stderr contains EXPECTED (if given), differs from the English one and has
# no English run.
case_() {
  local name=$1 code=$2 expected=$3
  shift 4
  local en zh rc_en rc_zh runs
  en=$(GRIDMAP_LANG=en "$@" 2>&1 >/dev/null)
  rc_en=$?
  zh=$(GRIDMAP_LANG=zh_CN "$@" 2>&1 >/dev/null)
  rc_zh=$?
  if [ "$rc_en" -ne "$code" ] || [ "$rc_zh" -ne "$code" ]; then
    bad "$name: exit $rc_en (en) / $rc_zh (zh_CN), expected $code"$'\n'"$en"$'\n'"$zh"
    return
  fi
  if [ -n "$expected" ] && ! grep -qF -- "$expected" <<<"$zh"; then
    bad "$name: Chinese stderr lacks '$expected':"$'\n'"$zh"
    return
  fi
  if [ "$en" = "$zh" ]; then
    bad "$name: stderr not translated:"$'\n'"$zh"
    return
  fi
  runs=$(english_runs 2 "$zh")
  if [ -n "$runs" ]; then
    bad "$name: English left in the Chinese stderr ($(tr '\n' '|' <<<"$runs")):"$'\n'"$zh"
    return
  fi
  ok
}

# The rule itself: it finds English and leaves quotes, options and paths alone.
[ "$(english_runs 2 "gridmap info：a.gpkg：not a GeoPackage")" = "not a GeoPackage" ] && ok ||
  bad "english_runs misses an English run"
[ -z "$(english_runs 2 "gridmap grid：--shape circle：未知形状；请用 square 或 hex 'no such'")" ] &&
  ok || bad "english_runs finds English in a Chinese message"

printf 'building,unit,room,persons\n不存在楼,1单元,101,3\n' >"$W/household.csv"
printf 'id,name,floors\nB900,x,six\nB901,y,7,8\n' >"$W/fields.csv"
printf 'id,name,floors,geom\nB900,x,9999,"POLYGON((0 0,1 0,1 1,0 0))"\n' >"$W/absurd.csv"
head -c 3000 "$P" >"$W/cut.gpkg"

# Worked by hand: each English template and its catalog entry, the parts put in.
case_ "unknown building name" 2 \
  "gridmap import：$W/household.csv：第 1 个要素，字段 'building'：没有编号或名称为 '不存在楼' 的楼栋；未导入任何内容" \
  -- "$G" import "$P" household "$W/household.csv"
case_ "bad date" 2 \
  "gridmap snapshot：--at '2026-02-30'：不是有效日期（YYYY-MM-DD，可带时间 HH:MM[:SS] 和时区偏移）" \
  -- "$G" snapshot "$P" --at 2026-02-30
case_ "wrong CRS" 2 \
  "gridmap init：坐标系 'EPSG:4326' 不是投影坐标系；工作坐标系须为以米为单位的投影坐标系（如 EPSG:4547）" \
  -- "$G" init "$W/new.gpkg" --crs EPSG:4326
case_ "truncated file" 2 \
  "gridmap import：$W/cut.gpkg：实际 3000 字节，而文件头声明为" \
  -- "$G" import "$P" building "$W/cut.gpkg"
case_ "illegal status change" 2 "gridmap issue：问题 I001：不能从已核查变为已办结（已核查为最终状态）" \
  -- "$G" issue set "$P" I001 --state resolved --by P001
case_ "unknown option value" 2 "gridmap grid：--shape circle：未知形状；请用 square 或 hex" \
  -- "$G" grid generate "$P" --community all --shape circle --size 100
case_ "unknown command" 2 "gridmap：未知命令 'frob'（见 gridmap --help）" -- "$G" frob
case_ "building name with a typo" 2 \
  "：工作表 '颐景花苑' 第 3 个要素，字段 'building'（列 '楼栋'）：没有编号或名称为 '颐景花园3栋' 的楼栋（小区 '颐景花苑' 内）（是否指 颐景花苑3栋 (B003)？）；未导入任何内容" \
  -- "$G" import "$P" household "$DATA/registers/household_register_typo.xlsx" --all-sheets
case_ "issue without text, unknown category" 2 \
  "gridmap issue：新问题：text：需要描述（当前为空）；category：'垃圾' 不在可选值 市容环境, 宣传广告" \
  -- "$G" issue add "$P" --text "" --category 垃圾 --small-class x --lon 113.9 --lat 30.9 --by P001

# Every other case: Chinese, same exit code.
case_ "absurd number" 2 "'9999' 不在 0 到 200 之间" -- "$G" import "$P" building "$W/absurd.csv" --source-crs EPSG:4547
case_ "field count" 2 "第 3 行有 4 个字段，表头字段数为 3" -- "$G" import "$P" building "$W/fields.csv"
case_ "absurd rating" 2 "" -- "$G" issue set "$P" I005 --state verified --rating 99 --by P001
case_ "unknown option" 2 "未知选项 --bogus" -- "$G" render "$P" -o "$W/x.png" --bogus
case_ "option without value" 2 "--theme：缺少取值" -- "$G" render "$P" -o "$W/x.png" --theme
case_ "unknown language" 2 "" -- "$G" render "$P" -o "$W/x.png" --lang fr
case_ "unknown theme" 2 "" -- "$G" render "$P" -o "$W/x.png" --theme nonsense
case_ "unknown role" 2 "'mayor' 不是角色" -- "$G" assign "$P" --role mayor --person P001 --target B001
case_ "unknown person" 2 "" -- "$G" assign "$P" --role building_captain --person P999 --target B001
case_ "unknown issue" 2 "没有编号为 'NOPE' 的问题" -- "$G" issue set "$P" NOPE --state resolved --by P001
case_ "lon/lat out of range" 2 "" -- "$G" issue add "$P" --text 垃圾 --category 市容环境 \
  --small-class 积存垃圾渣土 --lon 200 --lat 30 --by P001
case_ "repair problems" 2 "" -- "$G" repair add "$P" --road Nope --work-type x --xy "1,2;3,4" \
  --start 2026-13-45
case_ "no such file" 2 "文件不存在" -- "$G" import "$P" building "$W/missing.csv"
case_ "not a project" 2 "不是 GeoPackage" -- "$G" info "$W/cut.gpkg"
case_ "bad month" 2 "" -- "$G" report "$P" --monthly 2026-13 -o "$W/m.pdf"
case_ "bad grouping" 2 "" -- "$G" report "$P" --by street
case_ "unknown cell" 2 "" -- "$G" render "$P" -o "$W/x.png" --extent cell:999
case_ "bad households range" 2 "" -- "$G" grid generate "$P" --community all --balanced --households x
case_ "unknown encoding" 2 "" -- "$G" import "$P" household "$DATA/household.csv" --source-encoding KLINGON

# The working CRS by its Chinese name in a Chinese session, its EPSG name in English.
grep -qF "工作坐标系      EPSG:4547 CGCS2000 3度带高斯-克吕格 中央经线114°E" \
  <(GRIDMAP_LANG=zh_CN "$G" info "$P") && ok || bad "info: no Chinese CRS name"
grep -qF "working CRS     EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E" \
  <(GRIDMAP_LANG=en "$G" info "$P") && ok || bad "info: the English CRS name changed"

# gridmap check in Chinese: the same exit code (1: rules that do not hold), the rules' Chinese
# titles and the items' Chinese details, no English run in any line.
GRIDMAP_LANG=en "$G" check "$P" >"$W/check-en.txt"
rc_en=$?
GRIDMAP_LANG=zh_CN "$G" check "$P" >"$W/check-zh.txt"
rc_zh=$?
[ "$rc_en" -eq 1 ] && [ "$rc_zh" -eq 1 ] && ok || bad "check exit $rc_en (en) / $rc_zh (zh_CN)"
grep -qF "17 条规则中 7 条成立" "$W/check-zh.txt" && ok || bad "check: no Chinese summary line"
grep -qF "不成立 building_not_cut" "$W/check-zh.txt" && ok || bad "check: no Chinese rule line"
grep -qF "B011 颐景花苑11栋：在网格 420902001005001 内 50.0%，网格外 50.0%" "$W/check-zh.txt" &&
  ok || bad "check: no Chinese detail"
left=$(while IFS= read -r line; do english_runs "$line"; done <"$W/check-zh.txt")
[ -z "$left" ] && ok || bad "check: English in the Chinese summary: $left"

# The import summary in Chinese: 5 rows of the two-sheet register, 4 new and 1 updated (as
# register_test.sh counts them in English), notes in Chinese, no English run.
cp "$P" "$W/import.gpkg"
GRIDMAP_LANG=zh_CN "$G" import "$W/import.gpkg" household "$DATA/registers/household_register.xlsx" \
  --all-sheets >"$W/import-zh.txt" && ok || bad "the register import failed"
grep -qF "导入住户 5 行" "$W/import-zh.txt" && ok || bad "import: no Chinese summary line"
grep -qF "  新增 4，更新 1，未变 2" "$W/import-zh.txt" && ok || bad "import: no Chinese counts"
grep -qF "  注：7 行给出楼栋名称而不是楼栋编号" "$W/import-zh.txt" && ok || bad "import: no Chinese note"
left=$(while IFS= read -r line; do english_runs "$line"; done <"$W/import-zh.txt")
[ -z "$left" ] && ok || bad "import: English in the Chinese summary: $left"$'\n'"$(cat "$W/import-zh.txt")"

[ "$(digest "$P")" = "$before" ] && ok || bad "the project changed"
finish
