#!/usr/bin/env bash
# Meetings (issue 7) end to end on the demo: saved views, snapshots and their delta (worked out
# by hand: one building captain and one household pairing taken away), and the monthly report
# as PDF (page count, extractable Chinese text, non-blank pages) and HTML, with no resident name
# or phone number of the demo in any of them; bad input exits 2 and leaves the project as it was.
# usage: monthly_test.sh GRIDMAP DEMO_DATA_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1
DEMO=$2

"$G" demo "$W" >/dev/null 2>&1 || { echo "FAIL: gridmap demo"; exit 1; }
P=$(store_copy "$W/demo.gpkg" demo) || { echo "FAIL: gridmap copy"; exit 1; }

# The demo: three saved views, ten pledges, two snapshots a month apart.
expect 0 "V03" -- "$G" view list "$P"
[ "$("$G" view list "$P" | wc -l)" -eq 3 ] && ok || bad "the demo has $("$G" view list "$P" | wc -l) views"
expect 0 "S002" -- "$G" snapshot "$P" --list
expect 0 "change since S001" -- "$G" snapshot "$P" --delta
# S001 (snapshot.csv) had 12 building captains fewer: 63 of 81 residential buildings.
"$G" snapshot "$P" --delta >"$W/demo_delta.txt"
grep -qF 'building_captain: 77.8 % (63/81) -> ' "$W/demo_delta.txt" && ok || bad "demo delta: $(head -5 "$W/demo_delta.txt")"

# A hand-worked delta: take a snapshot, remove one building's only captain and one pairing,
# take another. building_captain falls by exactly 1 of 81 residential buildings (-1.2 points)
# and household_pairing by 1 of 2079 households (-0.0 points).
expect 0 "snapshot S003" -- "$G" snapshot "$P" --note before --at 2026-12-01T10:00:00+08:00
before=$(store_sql "$P" "SELECT CAST(numerator AS INTEGER) FROM snapshot_figure WHERE snapshot = 'S003' AND scope = 'community' AND metric = 'building_captain'")
b=$(store_sql "$P" "SELECT target FROM role_assignment WHERE role = 'building_captain' GROUP BY target HAVING count(*) = 1 ORDER BY target LIMIT 1")
h=$(store_sql "$P" "SELECT household FROM household_pairing GROUP BY household HAVING count(*) = 1 ORDER BY household LIMIT 1")
[ -n "$before" ] && [ -n "$b" ] && [ -n "$h" ] && ok || bad "fixture query: before='$before' b='$b' h='$h'"
store_sql "$P" "DELETE FROM role_assignment WHERE role = 'building_captain' AND target = '$b'"
store_sql "$P" "DELETE FROM household_pairing WHERE household = '$h'"
expect 0 "change since S003" -- "$G" snapshot "$P" --note after --at 2026-12-02T10:00:00+08:00
after=$((before - 1))
pct() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.1f", 100 * n / d }'; }
"$G" snapshot "$P" --delta >"$W/delta.txt"
grep -qF "building_captain: $(pct "$before" 81) % ($before/81) -> $(pct "$after" 81) % ($after/81) (-1.2 points)" "$W/delta.txt" && ok || bad "captain delta: $(cat "$W/delta.txt")"
grep -qE "household_pairing: [0-9.]+ % \(([0-9]+)/2079\) -> [0-9.]+ % \([0-9]+/2079\)" "$W/delta.txt" && ok || bad "pairing delta: $(cat "$W/delta.txt")"
n1=$(grep -oE "community 420902001005 [^ ]+ household_pairing: [0-9.]+ % \([0-9]+" "$W/delta.txt" | grep -oE '[0-9]+$')
n2=$(grep -E "community 420902001005 [^ ]+ household_pairing" "$W/delta.txt" | grep -oE -- '-> [0-9.]+ % \([0-9]+' | grep -oE '[0-9]+$')
[ -n "$n1" ] && [ "$n2" = "$((n1 - 1))" ] && ok || bad "pairing fell from '$n1' to '$n2'"
grep -qE "^  cell 420902001005[0-9]{3} .*building_captain: .* \(-[0-9.]+ points\)$" "$W/delta.txt" && ok || bad "the cell of $b shows no change"

# Views: add (community, a cell, an explicit extent), refuse bad ones, remove.
expect 0 "added view V04 at position 4" -- "$G" view add "$P" --title 第一网格 --extent cell:420902001005001 --theme issues --layers cell,building,issue
expect 0 "added view V05" -- "$G" view add "$P" --title 东片 --extent 490900,3422300,491400,3423000 --theme plain
expect 0 "removed view V05" -- "$G" view remove "$P" V05
d0=$(digest "$P")
expect 2 "unknown theme 'heat'" -- "$G" view add "$P" --title X --theme heat
expect 2 "unknown layer 'household'" -- "$G" view add "$P" --title X --layers cell,household
expect 2 "expected community, cell:CODE or MINX,MINY,MAXX,MAXY" -- "$G" view add "$P" --title X --extent 5,5,5,9
expect 2 "no cell with this code" -- "$G" view add "$P" --title X --extent cell:999
expect 2 "no view with id 'V99'" -- "$G" view remove "$P" V99
expect 2 "--title is required" -- "$G" view add "$P"
expect 2 "not after the latest snapshot" -- "$G" snapshot "$P" --at 2026-01-01
expect 2 "month '2026-13': expected YYYY-MM" -- "$G" report "$P" --monthly 2026-13 -o "$W/bad.pdf"
expect 2 "expected pdf or html" -- "$G" report "$P" --monthly 2026-11 --format csv -o "$W/bad.csv"
[ "$(digest "$P")" = "$d0" ] && ok || bad "a refused command changed the project"
[ ! -e "$W/bad.pdf" ] && ok || bad "a refused report wrote a file"
"$G" view remove "$P" V99 >/dev/null 2>"$W/err"
[ "$(wc -l <"$W/err")" -eq 1 ] && ok || bad "bad input gave $(wc -l <"$W/err") lines"
"$G" init "$W/empty.gpkg" --crs EPSG:4547 >/dev/null 2>&1
expect 2 "no snapshot to compare with" -- "$G" snapshot "$W/empty.gpkg" --delta

# An issue pinned now (December, by the clock) counts in no November figure.
expect 0 "I021" -- "$G" issue add "$P" --lon 113.9021517 --lat 30.9259408 --category 市容环境 --small-class 暴露垃圾 --text 十二月新增 --reporter P001 --by P001

# The monthly report on A4 portrait, its sections flowing on (monthly_a4_test.sh measures the
# fill): the cover (summary and headline figures fill half the page), 4 views of a page each
# (map and figures; each page past half full when the next map comes), then the cell table (8 cells),
# issues and handling (2 overdue or stuck orders), trend and ranking on one page, repairs and
# pledges, then the seed's sections (走访, 重点人群, 巡查, 积分, 共驻共建) flow on over 3 more:
# 10 pages, no longer a page per section.
expect 0 "10 pages" -- "$G" report "$P" --monthly 2026-11 -o "$W/report.pdf" --date 2026-11-28
pages=$(pdfinfo "$W/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
[ "$pages" = 10 ] && ok || bad "pdfinfo says $pages pages"
# The text layer holds the characters drawn, searched as they are: no Kangxi or CJK radical
# code point (U+2E80-U+2FDF) in place of 网, 长, 户, 月 (src/render/pdf.hpp).
pdftotext -enc UTF-8 "$W/report.pdf" "$W/report.txt"
for word in 澴川社区 2026年11月 月报 党小组覆盖率 网格员覆盖率 楼栋长覆盖率 网格 楼栋长 户数 十件实事 本月新增问题 道路维修 颐景花苑下水管 第一网格 走访覆盖 重点人群分类 重点场所巡查 党支部积分排名 共驻共建单位 四支队伍; do
  grep -qF "$word" "$W/report.txt" && ok || bad "the PDF text lacks '$word'"
done
radicals=$(/usr/bin/python3 -c 'import sys; print(" ".join(sorted({"U+%04X" % ord(c) for c in open(sys.argv[1], encoding="utf-8").read() if 0x2E80 <= ord(c) <= 0x2FDF})))' "$W/report.txt")
[ -z "$radicals" ] && ok || bad "the PDF text holds CJK radical code points: $radicals"
# The figure lines below are compared with ASCII punctuation (NFKC: ：（ become : ().
/usr/bin/python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFKC", sys.stdin.read()))' <"$W/report.txt" >"$W/report.nfkc" && mv "$W/report.nfkc" "$W/report.txt"
# Every figure as of 2026-11-30 from the event log (worked out in tests/geo/figures_test.cpp):
# 6 open (I004 I007 I008 I014 I016 I019), 3 reported + 1 dispatched + 2 accepted, 2 of them
# overdue (I019 I004); reported in November I001 I010 I019 I004 I016 I007 I008 I014 = 8,
# first resolved I018 I001 I010 = 3, 2 by their deadline (I010 late), in 105 h 5 min / 3 =
# 35.03 h = 1.5 days on average; the snapshots taken by then S001 (1 open, 8 resolved) and S002
# (3, 12), shown by their dates; S003 and S004 (December) not at all.
for line in "本月新增问题 8 件,本月办结 3 件;截至 2026-11-30 未办结 6 件,其中超期 2 件。" \
            "覆盖变化:2026-10-25 → 2026-11-25。" \
            "未办结问题:6(2026-10-25 1 → 2026-11-25 3 ▲)" \
            "已办结问题:12(2026-10-25 8 → 2026-11-25 12 ▲)" \
            "按时办结率 66.7%(有时限 3 件,按时 2 件)" \
            "平均办理时长 1.5 天" \
            "截至 2026-11-30 超期或滞留工单(2 件,滞留:7 天以上无进展)"; do
  grep -qF "$line" "$W/report.txt" && ok || bad "the PDF text lacks '$line'"
done
grep -qE 'S00[34]|2026-12-0[12] ' "$W/report.txt" && bad "the November report shows a December snapshot" || ok
# The open issues by state add up to 6: 已上报 3, 已派单 1, 已接单 2 (the names of the table of
# terms, geo/src/terms.cpp; one vocabulary: rejected is 不予受理 everywhere, never 已驳回).
sed -n '/按状态)/,/按类别)/p' "$W/report.txt" | grep -v '^$' | awk '/^(已上报|已派单|已接单)$/ { getline n; s += n } END { print s }' >"$W/by_state"
[ "$(cat "$W/by_state")" = 6 ] && ok || bad "open by state adds up to $(cat "$W/by_state")"
grep -qF 已驳回 "$W/report.txt" && bad "the report says 已驳回" || ok
# December, as of now: the change is S003 (2026-12-01) -> S004 (2026-12-02), when one building
# captain was taken away and nothing happened to the issues: ▼ for the captains, no arrow for
# the open issues (6 -> 6).
expect 0 "pages" -- "$G" report "$P" --monthly 2026-12 -o "$W/december.pdf" --date 2026-12-03
pdftotext -enc UTF-8 "$W/december.pdf" - | /usr/bin/python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFKC", sys.stdin.read()))' >"$W/december.txt"
grep -qE '^未办结问题:[0-9]+\(2026-12-01 6 → 2026-12-02 6\)$' "$W/december.txt" && ok || bad "December open issues: $(grep '^未办结问题' "$W/december.txt")"
grep -qE '^楼栋长覆盖率:.*\(2026-12-01 [0-9.]+% → 2026-12-02 [0-9.]+% ▼\)$' "$W/december.txt" && ok || bad "December captains: $(grep '^楼栋长覆盖率' "$W/december.txt")"
grep -qE '^党小组覆盖率:[0-9.]+%\(2026-12-01 ([0-9.]+%) → 2026-12-02 \1\)$' "$W/december.txt" && ok || bad "December party groups: $(grep '^党小组覆盖率' "$W/december.txt")"
# Now (December) the project has 7 open issues (I021 added): `gridmap report` reads them as of now.
"$G" report "$P" --by community -o "$W/now.csv" >/dev/null 2>&1
[ "$(cut -d, -f15 "$W/now.csv" | sed -n 2p)" = 7 ] && ok || bad "report now: $(cut -d, -f15 "$W/now.csv" | sed -n 2p) open"
# Every page has ink: more than 0.5 % of its pixels are not white.
pdftoppm -r 24 "$W/report.pdf" "$W/page"
for ppm in "$W"/page*.ppm; do
  share=$(/usr/bin/python3 - "$ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# P6 header: magic, width, height, maxval, each followed by whitespace.
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
pixels = parts[4][: w * h * 3]
ink = sum(1 for i in range(0, len(pixels), 3) if min(pixels[i], pixels[i + 1], pixels[i + 2]) < 235)
print(f"{ink / (w * h):.4f}")
PY
)
  awk -v s="$share" 'BEGIN { exit !(s > 0.005) }' && ok || bad "$(basename "$ppm") is blank ($share)"
done
[ "$(ls "$W"/page*.ppm | wc -l)" -eq 10 ] && ok || bad "pdftoppm wrote $(ls "$W"/page*.ppm | wc -l) pages"

expect 0 "html" -- "$G" report "$P" --monthly 2026-11 --format html -o "$W/report.html" --date 2026-11-28
grep -q '<title>澴川社区 2026年11月月报</title>' "$W/report.html" && ok || bad "HTML title"
[ "$(grep -c 'data:image/png;base64' "$W/report.html")" -eq 4 ] && ok || bad "HTML has not 4 maps"
grep -qE 'https?://' "$W/report.html" && bad "the HTML links to the network" || ok
# The HTML gives the same figures as the PDF (the same functions, the same moment).
sed 's/<[^>]*>/\n/g' "$W/report.html" | /usr/bin/python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFKC", sys.stdin.read()))' >"$W/report.html.nfkc"
for line in "本月新增问题 8 件,本月办结 3 件;截至 2026-11-30 未办结 6 件,其中超期 2 件。" \
            "未办结问题:6(2026-10-25 1 → 2026-11-25 3 ▲)" \
            "按时办结率 66.7%(有时限 3 件,按时 2 件)" \
            "平均办理时长 1.5 天" \
            "截至 2026-11-30 超期或滞留工单(2 件,滞留:7 天以上无进展)"; do
  grep -qF "$line" "$W/report.html.nfkc" && ok || bad "the HTML lacks '$line'"
done

# Privacy: no head name and no phone number of the demo in the PDF's text or the HTML.
{ cut -d, -f7 "$DEMO/household.csv" | tail -n +2; cut -d, -f3 "$DEMO/person.csv" | tail -n +2; } | grep -E '^[0-9]{11}$' >"$W/phones"
# Staff are named (the grid workers of the ranking): a resident's name inside a staff member's
# name (孔杰 in 孔杰刚) is not a leak, so the staff names are cut out of the text first.
cut -d, -f6 "$DEMO/household.csv" | tail -n +2 | grep -v '^$' | sort -u >"$W/names"
cut -d, -f2 "$DEMO/person.csv" | tail -n +2 | grep -v '^$' | sort -u >"$W/staff"
[ "$(wc -l <"$W/phones")" -gt 2000 ] && [ "$(wc -l <"$W/names")" -gt 1000 ] && ok || bad "name or phone list too short"
sed 's/<[^>]*>//g' "$W/report.html" >"$W/report.html.txt"
for f in "$W/report.txt" "$W/report.html.txt"; do
  grep -qFf "$W/phones" "$f" && bad "a phone number in $(basename "$f")" || ok
  hit=$(/usr/bin/python3 -c 'import sys; t = open(sys.argv[1]).read(); [t := t.replace(n, "") for n in open(sys.argv[2]).read().split()]; sys.stdout.write(t)' "$f" "$W/staff" | grep -oFf "$W/names" | head -3)
  [ -z "$hit" ] && ok || bad "resident names in $(basename "$f"): $hit"
done

finish
