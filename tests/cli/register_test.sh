#!/usr/bin/env bash
# Household registers as a community office keeps them (tests/data/registers/make.py), imported
# into the demo project with no --map: Chinese headers, buildings named inside their compound,
# units by number, ids made from building, unit and room; importing again changes nothing, an
# edited register updates; ambiguous, unknown and ID-card registers are refused, project as it was.
# usage: register_test.sh GRIDMAP REGISTERS_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
R=$2
P=$W/demo.gpkg
"$G" demo "$W" >/dev/null 2>&1 || bad "gridmap demo failed"
q() { sqlite3 -readonly "$P" "$1"; }
eq() { # eq WHAT GOT EXPECTED
  [ "$2" = "$3" ] && ok || bad "$1: got '$2', expected '$3'"
}
refuse() { # refuse NEEDLE -- import args...: exit 2, message, project unchanged
  local needle=$1 before
  shift 2
  before=$(digest "$P")
  expect 2 "$needle" -- "$G" import "$P" "$@"
  [ "$(digest "$P")" = "$before" ] && ok || bad "project changed after refused: $*"
}

# The demo: 2079 households, 213 units; B003 (颐景花苑3栋) has units B003-1..3, B018 (宝成公寓2栋)
# only B018-1.
eq "households before" "$(q 'SELECT COUNT(*) FROM household')" 2079
eq "units before" "$(q 'SELECT COUNT(*) FROM unit')" 213

# Two sheets: without --all-sheets the import asks which.
refuse "has 2 layers; choose one with --source-layer (颐景花苑, 宝成公寓)" -- household "$R/household_register.xlsx"
# A typo'd building name (颐景花园3栋 for 颐景花苑3栋) on sheet 颐景花苑, third row.
refuse "sheet '颐景花苑' feature 3, field 'building' (column '楼栋'): no building with id or name '颐景花园3栋' in compound '颐景花苑' (did you mean 颐景花苑3栋 (B003)?)" -- household "$R/household_register_typo.xlsx" --all-sheets

# Both sheets, 7 rows: 颐景花苑 3栋 1 302 is H00042 as it is (unchanged); 3栋 1单元 401 is
# H00043 with 3 persons instead of 2 (updated); 3号楼 4 101 and 3幢 4单元 102 are new in a new
# unit B003-4 (added 2); 宝成公寓 2栋 1 1501 is H00351 as it is (unchanged); 宝成公寓2栋 1 1601
# is new (B018-1-1601) and 2栋 2 101 new in a new unit B018-2 (added 2).
out=$("$G" import "$P" household "$R/household_register.xlsx" --all-sheets 2>&1)
eq "first import exit" "$?" 0
grep -qF "4 added, 1 updated, 2 unchanged" <<<"$out" && ok || bad "counts: $out"
grep -qF "read: building <- 楼栋, unit <- 单元, room <- 房号, persons <- 人数, head_name <- 户主姓名, phone <- 电话, compound <- 小区" <<<"$out" && ok || bad "what was read: $out"
grep -qF "unit B003-4 (4单元 of building B003) created" <<<"$out" && ok || bad "unit B003-4: $out"
grep -qF "unit B018-2 (2单元 of building B018) created" <<<"$out" && ok || bad "unit B018-2: $out"
eq "households after" "$(q 'SELECT COUNT(*) FROM household')" 2083
eq "units after" "$(q 'SELECT COUNT(*) FROM unit')" 215
eq "new households" "$(q "SELECT group_concat(id || ':' || building || ':' || unit || ':' || room || ':' || persons || ':' || head_name || ':' || phone, ' ') FROM (SELECT * FROM household WHERE id NOT LIKE 'H%' ORDER BY id)")" \
  "B003-4-101:B003:B003-4:101:3:王建国:13900000001 B003-4-102:B003:B003-4:102:1:李秀英:13900000002 B018-1-1601:B018:B018-1:1601:2:周海:13900000003 B018-2-101:B018:B018-2:101:4:孙丽:13900000004"
eq "new units" "$(q "SELECT group_concat(id || ':' || building || ':' || name, ' ') FROM (SELECT * FROM unit WHERE id IN ('B003-4', 'B018-2') ORDER BY id)")" "B003-4:B003:4单元 B018-2:B018:2单元"
eq "H00043 updated" "$(q "SELECT persons || ':' || head_name || ':' || phone FROM household WHERE id = 'H00043'")" "3:文峰:15695538406"
eq "H00042 kept its tags" "$(q "SELECT persons || ':' || tags FROM household WHERE id = 'H00042'")" "2:租户"

# The same register again changes nothing.
before=$(digest "$P")
out=$("$G" import "$P" household "$R/household_register.xlsx" --all-sheets 2>&1)
grep -qF "0 added, 0 updated, 7 unchanged" <<<"$out" && ok || bad "second import: $out"
[ "$(digest "$P")" = "$before" ] && ok || bad "the second import changed the project"

# A CSV register of 船厂小区3栋 (B040): 一单元 201 is H00928 as it is; 3号楼 2 302室 is H00938
# with a new phone (its tag 租户 stays); 3 701 and 船厂小区3栋 1单元 702 are new. 备注 is left.
out=$("$G" import "$P" household "$R/household_register.csv" 2>&1)
grep -qF "2 added, 1 updated, 1 unchanged" <<<"$out" && ok || bad "CSV counts: $out"
grep -qF "left unread: 备注" <<<"$out" && ok || bad "CSV unread: $out"
eq "H00938 updated" "$(q "SELECT persons || ':' || phone || ':' || tags FROM household WHERE id = 'H00938'")" "5:13700000000:租户"
eq "CSV new rows" "$(q "SELECT group_concat(id || ':' || unit || ':' || persons, ' ') FROM (SELECT * FROM household WHERE id IN ('B040-3-701', 'B040-1-702') ORDER BY id)")" "B040-1-702:B040-1:1 B040-3-701:B040-3:2"
eq "households after CSV" "$(q 'SELECT COUNT(*) FROM household')" 2085
# The edited register: B040-3-701 has 3 persons now.
out=$("$G" import "$P" household "$R/household_register_edited.csv" 2>&1)
grep -qF "0 added, 1 updated, 3 unchanged" <<<"$out" && ok || bad "edited counts: $out"
eq "B040-3-701 edited" "$(q "SELECT persons FROM household WHERE id = 'B040-3-701'")" 3
eq "households after edit" "$(q 'SELECT COUNT(*) FROM household')" 2085

# No 小区 column: 3栋 is a building of six compounds (槐荫路3号 is an address, not a 3栋).
refuse "feature 1, field 'building' (column '楼栋'): '3栋' matches 6 buildings: 颐景花苑3栋 (B003), 宝成公寓3栋 (B019), 澴河水岸3栋 (B025), 船厂小区3栋 (B040), 永新家园3栋 (B050), 书院还建小区3栋 (B060); give the compound" -- household "$R/household_ambiguous.csv"
# An ID card column is refused, or left unread when asked.
refuse "column '身份证号' holds ID card numbers" -- household "$R/household_idcard.csv"
expect 0 "0 added, 0 updated, 1 unchanged" -- "$G" import "$P" household "$R/household_idcard.csv" --ignore 身份证号
# 第三栋 and 一单元 in 颐景花苑 are B003 and B003-1: room 302 is H00042 (常强), as it is.
printf '小区,楼栋,单元,房号,户主\n颐景花苑,第三栋,一单元,302,常强\n' >"$W/chinese_numbers.csv"
expect 0 "0 added, 0 updated, 1 unchanged" -- "$G" import "$P" household "$W/chinese_numbers.csv"
# Unknown names, each with its row and column: a typo without 小区 (near 颐景花苑3栋), an
# unknown 小区.
printf '小区,楼栋,单元,房号\n,颐景花园3栋,1,101\n颐景花园,3栋,1,102\n' >"$W/unknown.csv"
refuse "feature 1, field 'building' (column '楼栋'): no building with id or name '颐景花园3栋' (did you mean 颐景花苑3栋 (B003)?)" -- household "$W/unknown.csv"
refuse "feature 2, field 'building' (column '楼栋'): no compound (小区) with id or name '颐景花园'" -- household "$W/unknown.csv"
# Two buildings of one name (a copy of the project where B004 is renamed 颐景花苑3栋).
cp "$P" "$W/twins.gpkg"
ogrinfo -q "$W/twins.gpkg" -sql "UPDATE building SET name = '颐景花苑3栋' WHERE id = 'B004'" >/dev/null 2>&1
printf '楼栋,房号\n颐景花苑3栋,101\n' >"$W/twins.csv"
expect 2 "'颐景花苑3栋' matches 2 buildings: 颐景花苑3栋 (B003), 颐景花苑3栋 (B004)" -- "$G" import "$W/twins.gpkg" household "$W/twins.csv"
# A register without a building column says which headers would do.
printf '房号,户主\n101,余霞\n' >"$W/no_building.csv"
refuse "field 'building' is required for household and the source has no column named building, 楼栋, 楼号, 楼栋名称, 楼栋号, 栋号 (or map one with --map building=SOURCE_FIELD)" -- household "$W/no_building.csv"
refuse "sheet '二栋' reads 2 fields, sheet '一栋' 3; --all-sheets needs sheets with the same headers" -- household "$R/household_sheets_differ.xlsx" --all-sheets
# One sheet of the workbook by name.
expect 0 "0 added, 0 updated, 3 unchanged" -- "$G" import "$P" household "$R/household_register.xlsx" --source-layer 宝成公寓
finish
