#!/usr/bin/env bash
# End-to-end tests of gridmap report on the demo project: exit codes 0 and 2 with one clear
# message, the exact CSV header, files written, byte-identical JSON, no phone number.
# usage: report_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2



"$G" demo "$W" >/dev/null 2>&1 || { echo "FAIL: gridmap demo"; exit 1; }
P=$(store_copy "$W/demo.gpkg" demo) || { echo "FAIL: gridmap copy"; exit 1; }
header='cell_code,cell_name,grid_worker,buildings,households,persons,party_groups,buildings_without_party_group,buildings_without_captain,households_unpaired,open_issues,repair_m,residential_buildings,units,units_without_captain,households_in_range'

expect 0 "usage: gridmap report PROJECT.gpkg" -- "$G" report --help
expect 0 "report PROJECT.gpkg" -- "$G" --help
expect 0 "wrote $W/cells.csv (8 rows by cell, csv)" -- "$G" report "$P" -o "$W/cells.csv"
[ "$(head -n 1 "$W/cells.csv")" = "$header" ] && ok || bad "cell CSV header: $(head -n 1 "$W/cells.csv")"
# 8 cells and TOTAL; the demo's 2079 households all live in a cell.
[ "$(wc -l <"$W/cells.csv")" -eq 10 ] && ok || bad "cell CSV has $(wc -l <"$W/cells.csv") lines"
grep -qE '^TOTAL,,,86,2079,' "$W/cells.csv" && ok || bad "TOTAL row: $(tail -n 1 "$W/cells.csv")"
# Standard output when there is no -o; the same text.
"$G" report "$P" >"$W/stdout.csv" 2>/dev/null
cmp -s "$W/stdout.csv" "$W/cells.csv" && ok || bad "report to stdout differs from -o"
expect 0 "" -- "$G" report "$P" --by compound --format csv -o "$W/compounds.csv"
head -n 1 "$W/compounds.csv" | grep -q '^compound_id,compound_name,community,compound_captain,' && ok || bad "compound CSV header"
expect 0 "" -- "$G" report "$P" --by community -o "$W/community.json"
grep -q '"by": "community"' "$W/community.json" && ok || bad "--format from the .json extension"
expect 0 "" -- "$G" report "$P" --format json -o "$W/a.json" --threads 1
expect 0 "" -- "$G" report "$P" --format json -o "$W/b.json" --threads 2
cmp -s "$W/a.json" "$W/b.json" && ok || bad "report JSON differs between runs"
expect 0 "" -- "$G" report "$P" -o "$W/r.html" --date 2025-06-01
# One map drawing: the HTML's map is the page `gridmap render` draws (the shared renderer, as
# the desktop's), byte for byte: same colours, legend, scale bar and source line, no SVG.
[ "$(grep -o 'data:image/png;base64,' "$W/r.html" | wc -l)" -eq 1 ] && ok || bad "HTML report has not one map image"
grep -q '<svg' "$W/r.html" && bad "HTML report still draws its own SVG map" || ok
GRIDMAP_LANG=zh_CN "$G" render "$P" -o "$W/coverage.png" --theme coverage --width 1400 --height 990 --title "" --date 2025-06-01 >/dev/null 2>&1
/usr/bin/python3 - "$W/r.html" "$W/coverage.png" <<'PY' && ok || bad "the HTML map differs from gridmap render's"
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
png = base64.b64decode(re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html).group(1))
sys.exit(0 if png == open(sys.argv[2], "rb").read() else 1)
PY
grep -q '<title>澴川社区 网格报表 2025-06-01</title>' "$W/r.html" && ok || bad "HTML title"
grep -qE 'https?://' "$W/r.html" && bad "HTML report links to the network" || ok
# Chinese throughout: the reasons and the data line of the demo's HTML report (the demo has
# buildings without a party group, an issue in no cell, cells outside 300-500 households).
sed -e 's/<style>.*<\/style>//' -e 's/<[^>]*>/ /g' "$W/r.html" >"$W/r.txt"
for english in 'no party group' 'no building captain' 'in no cell' 'households (target' 'Data:' 'not paired' 'outside it' 'gap ·' 'contributors'; do
  grep -qF "$english" "$W/r.txt" && bad "English in the HTML report: '$english'" || ok
done
for chinese in '：无党小组' '：无楼栋长' '：不在任何网格内' '户（目标 300–500 户）' "数据来源：${P##*/}" '：未包保（楼栋 B001）' '网格外'; do
  grep -qF "$chinese" "$W/r.txt" && ok || bad "the HTML report lacks '$chinese'"
done
expect 0 "" -- "$G" report "$P" --bom -o "$W/bom.csv"
[ "$(head -c 3 "$W/bom.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || bad "--bom"
# No phone number of the demo (households and people) in any report.
# (An empty line would match everything: only non-empty numbers.)
{ cut -d, -f7 "$DEMO/household.csv" | tail -n +2; cut -d, -f3 "$DEMO/person.csv" | tail -n +2; } | grep -E '^[0-9]{11}$' >"$W/phones"
[ "$(wc -l <"$W/phones")" -gt 2000 ] && ok || bad "phone list too short"
grep -qFf "$W/phones" "$W/cells.csv" "$W/compounds.csv" "$W/community.json" "$W/a.json" "$W/r.html" && bad "a phone number in a report" || ok

# Bad input: exit 2, one line naming the problem, no file written.
expect 2 "--by street: expected cell, compound or community" -- "$G" report "$P" --by street -o "$W/x.csv"
expect 2 "--format pdf: expected csv, json or html" -- "$G" report "$P" --format pdf
expect 2 "$W/none/x.csv: cannot write" -- "$G" report "$P" -o "$W/none/x.csv"
expect 2 "$W: cannot write" -- "$G" report "$P" -o "$W"
expect 2 "no such file" -- "$G" report "$W/missing.gpkg" -o "$W/y.csv"
expect 2 "usage: gridmap report PROJECT.gpkg" -- "$G" report
expect 2 "unknown option --colour" -- "$G" report "$P" --colour red
expect 2 "expected MIN-MAX" -- "$G" report "$P" --households 300
[ ! -e "$W/x.csv" ] && [ ! -e "$W/y.csv" ] && ok || bad "a refused report wrote a file"
"$G" report "$P" --by street >/dev/null 2>"$W/x.err"
[ "$(wc -l <"$W/x.err")" -eq 1 ] && ok || bad "bad input gave $(wc -l <"$W/x.err") lines on stderr"

finish
