#!/usr/bin/env bash
# gridmap render on the hand-made map fixture (tests/data/map/README.md): PNG size, content and
# the theme's colours at known pixels; the PDF's page size, page count, embedded fonts and
# Chinese title; residents' data never drawn; bad options refused.
# usage: render_test.sh GRIDMAP TESTS_DIR
set -uo pipefail
G=$1
T=$2
D=$T/data/map
PX="/usr/bin/python3 $T/render/pixels.py"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# No display at all: gridmap render must manage by itself (it uses the offscreen platform).
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }

P=$W/map.gpkg
"$G" init "$P" --crs EPSG:4547 >/dev/null || { echo "FAIL: init"; exit 1; }
for t in community cell compound person party_group building unit household role_assignment \
         road repair_segment service_point issue; do
  src=$D/$t.geojson
  [ -f "$src" ] || src=$D/$t.csv
  "$G" import "$P" "$t" "$src" >/dev/null 2>"$W/import.err" ||
    { echo "FAIL: import $t: $(cat "$W/import.err")"; exit 1; }
done

# 900 x 600 px over the community's 300 m x 200 m with no legend panel: 3 px per metre, fixture
# point (x, y) at pixel (3x, 600 - 3y).
EXTENT=500000,3300000,500300,3300200
"$G" render "$P" -o "$W/coverage.png" --theme coverage --width 900 --height 600 --no-legend \
  --extent "$EXTENT" --date 2026-01-01 >"$W/out.txt" 2>"$W/err.txt"
check "render PNG exits 0 ($(cat "$W/err.txt"))" "[ $? -eq 0 ]"
check "reports 1 px = 0.333 m ($(cat "$W/out.txt"))" "grep -q '1 px = 0.333 m' '$W/out.txt'"
check "PNG is 900 x 600" "[ \"\$($PX '$W/coverage.png' --size | cut -d' ' -f1-2)\" = '900 600' ]"
colours=$($PX "$W/coverage.png" --colours)
check "PNG is not blank ($colours colours)" "[ $colours -gt 200 ]"
# B1 complete: green; B2 partial: orange; B3 and B5 none: red; B4 not residential: grey.
check "B1 green, B2 orange, B3 red, B4 grey, B5 red" \
  "$PX '$W/coverage.png' 75,195,67,160,71,3 75,495,251,140,0,3 570,450,229,57,53,3 \
     735,105,176,176,176,3 435,375,229,57,53,3"
# B5 is cut by the 001/002 boundary: its outline is purple (top edge y = 80 at x = 160).
check "B5 outlined in purple" "$PX '$W/coverage.png' 480,360,106,27,154,12"
# The gap [290,300] x [0,200]: magenta over the community; the overlap [150,160] x [150,200]:
# yellow.
check "gap drawn in magenta" "$PX '$W/coverage.png' 885,240,223,80,242,6"
check "overlap drawn in yellow" "$PX '$W/coverage.png' 465,120,250,215,40,40"

# One theme per rule (README): unit captains: B1 has one of its two units covered (orange),
# B2-1 has none (red), B5 has no units (white); grid workers: cell 002 has none (reddish).
"$G" render "$P" -o "$W/units.png" --theme coverage_unit_captain --width 900 --height 600 --no-legend \
  --extent "$EXTENT" --no-labels >/dev/null 2>&1
check "unit captain theme: B1 orange, B2 red, B5 white" \
  "$PX '$W/units.png' 75,195,251,140,0,3 75,495,229,57,53,3 495,390,255,255,255,3"
"$G" render "$P" -o "$W/pairing.png" --theme coverage_pairing --width 900 --height 600 --no-legend \
  --extent "$EXTENT" --no-labels >/dev/null 2>&1
check "pairing theme: nobody paired, B1 and B3 red" \
  "$PX '$W/pairing.png' 75,195,229,57,53,3 570,450,229,57,53,3"
help=$("$G" render --help)
for t in plain coverage issues coverage_party_group coverage_building_captain \
         coverage_unit_captain coverage_pairing coverage_grid_worker coverage_households; do
  check "render --help lists theme $t" "grep -q '^  $t ' <<<\"\$help\""
done
err=$("$G" render "$P" -o "$W/x.png" --theme heat 2>&1)
check "unknown theme names the themes ($err)" "grep -q 'coverage_grid_worker' <<<\"\$err\""
"$G" render "$P" -o "$W/plain.png" --theme plain --width 900 --height 600 --no-legend \
  --extent "$EXTENT" >/dev/null 2>&1
check "plain theme: B3 in the building colour" "$PX '$W/plain.png' 570,450,224,123,57,3"
"$G" render "$P" -o "$W/hidden.png" --theme coverage --width 900 --height 600 --no-legend \
  --extent "$EXTENT" --hide building,road >/dev/null 2>&1
check "--hide building: B3 not drawn" "$PX '$W/hidden.png' 570,450,229,57,53,-60"
"$G" render "$P" -o "$W/issues.png" --theme issues --width 900 --height 600 --no-legend \
  --extent "$EXTENT" --no-labels >/dev/null 2>&1
# I1 (200,150) is open: red; I2 (60,110) resolved: green.
check "issues theme: I1 red, I2 green" "$PX '$W/issues.png' 600,150,229,57,53,10 180,270,67,160,71,10"

# With its legend (the default), the map moves left of a white panel that holds the legend:
# the gap [290,300] x [0,200] at pixel x 870-900 is then under the panel no more, and the
# page's right edge is the panel's white.
"$G" render "$P" -o "$W/legend.png" --theme coverage --width 900 --height 600 \
  --extent "$EXTENT" --no-labels >"$W/out.txt" 2>&1
check "legend panel at the right edge" "$PX '$W/legend.png' 898,300,255,255,255,0 898,50,255,255,255,0"
check "the map is smaller beside the panel ($(cat "$W/out.txt"))" \
  "! grep -q '1 px = 0.333 m' '$W/out.txt'"

# A basemap: a GeoTIFF made here with GDAL (EPSG:4547, 10 m pixels, one colour), under the
# map with every layer hidden.
/usr/bin/python3 - "$W/base.tif" <<'PY'
import sys
from osgeo import gdal, osr
gdal.UseExceptions()
ds = gdal.GetDriverByName("GTiff").Create(sys.argv[1], 30, 20, 3, gdal.GDT_Byte)
ds.SetGeoTransform((500000, 10, 0, 3300200, 0, -10))
srs = osr.SpatialReference()
srs.ImportFromEPSG(4547)
ds.SetProjection(srs.ExportToWkt())
for band, value in zip((1, 2, 3), (30, 200, 220)):
    ds.GetRasterBand(band).Fill(value)
ds = None
PY
"$G" render "$P" -o "$W/basemap.png" --width 900 --height 600 --extent "$EXTENT" --no-labels \
  --hide community,cell,compound,building,road,repair_segment,service_point,issue \
  --basemap "$W/base.tif" >/dev/null 2>"$W/err.txt"
check "render with a basemap exits 0 ($(cat "$W/err.txt"))" "[ $? -eq 0 ]"
check "basemap pixels under the map" "$PX '$W/basemap.png' 450,450,30,200,220,3 100,100,30,200,220,3"

# The default extent (the community) and a cell.
"$G" render "$P" -o "$W/default.png" >/dev/null 2>&1
check "default render exits 0" "[ $? -eq 0 ]"
check "default size 1600 x 1131" "[ \"\$($PX '$W/default.png' --size | cut -d' ' -f1-2)\" = '1600 1131' ]"
"$G" render "$P" -o "$W/cell.png" --extent cell:420100001001002 --width 400 --height 300 >/dev/null 2>&1
check "--extent cell:CODE exits 0" "[ $? -eq 0 ]"

# PDF: one page of 900 x 600 px at 96 dpi = 675 x 450 pt, fonts embedded, the Chinese title
# as text.
GRIDMAP_LANG=zh_CN "$G" render "$P" -o "$W/map.pdf" --width 900 --height 600 \
  --title "图例社区网格覆盖图" >/dev/null 2>"$W/err.txt"
check "render PDF exits 0 ($(cat "$W/err.txt"))" "[ $? -eq 0 ]"
info=$(pdfinfo "$W/map.pdf" 2>&1)
check "PDF has 1 page" "grep -qE '^Pages: +1$' <<<\"\$info\""
check "PDF page is 675 x 450 pt" "grep -qE '^Page size: +675 x 450 pts' <<<\"\$info\""
fonts=$(pdffonts "$W/map.pdf" 2>&1)
check "PDF embeds Noto Sans CJK" "grep -E 'NotoSansCJK' <<<\"\$fonts\" | grep -q ' yes '"
# The text layer holds the characters drawn, as they are (no radical twins: 网 not U+2F79 ⽹,
# 长 not U+2ED3 ⻓, 户 not U+2F3E ⼾; src/render/pdf.hpp), so copying and searching work.
text=$(pdftotext -enc UTF-8 "$W/map.pdf" -)
check "PDF title is text" "grep -q '图例社区网格覆盖图' <<<\"\$text\""
check "PDF legend: 楼栋长, 户数, 网格" "grep -q '党小组与楼栋长' <<<\"\$text\" && grep -q '网格户数' <<<\"\$text\""
radicals=$(/usr/bin/python3 -c 'import sys; print(" ".join(sorted({"U+%04X" % ord(c) for c in sys.stdin.buffer.read().decode("utf-8") if 0x2E80 <= ord(c) <= 0x2FDF})))' <<<"$text")
check "PDF text has no CJK radical code point ($radicals)" "[ -z '$radicals' ]"
check "PDF legend in Chinese" "grep -q '目标范围内' <<<\"\$text\""
check "PDF cell label with code" "grep -q '420100001001001' <<<\"\$text\""
check "PDF data-source line" "grep -q 'EPSG:4547' <<<\"\$text\""
check "PDF data-source line names the CRS in Chinese" "grep -qF '数据来源：' <<<\"\$text\" && grep -qF 'CGCS2000 3度带高斯-克吕格 中央经线114°E（EPSG:4547）' <<<\"\$text\" && ! grep -q 'Gauss-Kruger' <<<\"\$text\""
check "PDF: no resident name" "! grep -q '居民' <<<\"\$text\""
check "PDF: no resident phone" "! grep -q '1370000000' <<<\"\$text\""
check "PDF: no staff phone either" "! grep -q '13812345678' <<<\"\$text\""

# Bad input: exit 2 with one line.
"$G" render "$P" -o "$W/x.svg" >/dev/null 2>&1
check "unknown output type exits 2" "[ $? -eq 2 ]"
"$G" render "$P" -o "$W/x.png" --theme nope >/dev/null 2>&1
check "unknown theme exits 2" "[ $? -eq 2 ]"
"$G" render "$P" -o "$W/x.png" --extent cell:999 >/dev/null 2>&1
check "unknown cell exits 2" "[ $? -eq 2 ]"
"$G" render "$P" -o "$W/x.png" --extent 1,2,3 >/dev/null 2>&1
check "bad extent exits 2" "[ $? -eq 2 ]"
"$G" render "$P" -o "$W/x.png" --width 10 >/dev/null 2>&1
check "tiny width exits 2" "[ $? -eq 2 ]"
"$G" render "$W/none.gpkg" -o "$W/x.png" >/dev/null 2>&1
check "missing project exits 2" "[ $? -eq 2 ]"
"$G" render "$P" -o "$W/x.png" --basemap "$W/none.tif" >/dev/null 2>&1
check "missing basemap exits 2" "[ $? -eq 2 ]"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
