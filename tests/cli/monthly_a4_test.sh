#!/usr/bin/env bash
# The monthly report on A4 (issue 12): every page is A4 portrait (595.276 x 841.89 pt, which
# QPdfWriter writes rounded to whole points: 595 x 842, as pdfinfo prints it), every
# page but the last is at least half full (measured on the rendered pixels), and the issues
# resolved in the month with a photo from before and after have the page 办结前后对比 with both
# photos at their own pixel sizes; a month without such issues has no such page.
# usage: monthly_a4_test.sh GRIDMAP
set -uo pipefail
source "$(dirname "$0")/lib.sh"
G=$1

"$G" demo "$W" >/dev/null 2>&1 || { echo "FAIL: gridmap demo"; exit 1; }
P=$W/demo.gpkg

# Two photos of distinct sizes: before 120 x 80 PNG (RGB, no alpha), after 90 x 120 JPEG.
/usr/bin/python3 - "$W" <<'PY'
import sys
from PIL import Image
Image.new("RGB", (120, 80), (200, 60, 40)).save(sys.argv[1] + "/before.png")
Image.new("RGB", (90, 120), (40, 160, 60)).save(sys.argv[1] + "/after.jpg", quality=90)
PY
printf 'not a photo' >"$W/note.txt"

# fill PDF: "page share" per page, the share of the page height down to the lowest row with
# ink above the footer band (the bottom 3.5 %, where every page has its footer line).
fill() {
  rm -f "$W"/fill-*.ppm
  pdftoppm -r 24 "$1" "$W/fill"
  for ppm in "$W"/fill-*.ppm; do
    /usr/bin/python3 - "$ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][: w * h * 3]
last = 0
for y in range(int(h * 0.965)):
    row = px[y * w * 3 : (y + 1) * w * 3]
    if min(row) < 200:
        last = y + 1
print(sys.argv[1].rsplit("-", 1)[1].split(".")[0], f"{last / h:.3f}")
PY
  done
}

# November of the demo: A4 portrait, no half-empty page but the last.
expect 0 "pages" -- "$G" report "$P" --monthly 2026-11 -o "$W/nov.pdf" --date 2026-11-28
pdfinfo "$W/nov.pdf" | grep -qE '^Page size: +595(\.[0-9]+)? x (842|841\.[0-9]+) pts \(A4\)$' && ok || bad "page size: $(pdfinfo "$W/nov.pdf" | grep 'Page size')"
# Every page, not only the first: pdfinfo -l gives each page's size.
n=$(pdfinfo "$W/nov.pdf" | awk '/^Pages:/ { print $2 }')
[ "$(pdfinfo -f 1 -l "$n" "$W/nov.pdf" | grep -cE '^Page +[0-9]+ size: +595(\.[0-9]+)? x (842|841\.[0-9]+) pts')" = "$n" ] && ok || bad "not every page is A4 portrait"
fill "$W/nov.pdf" >"$W/nov.fill"
echo "November page fill (page share):"; cat "$W/nov.fill"
[ "$(wc -l <"$W/nov.fill")" = "$n" ] && ok || bad "measured $(wc -l <"$W/nov.fill") of $n pages"
head -n -1 "$W/nov.fill" | awk '$2 < 0.5 { print; bad = 1 } END { exit bad }' && ok || bad "a page but the last is less than half full"
pdftotext -enc UTF-8 "$W/nov.pdf" "$W/nov.txt"
grep -qF 办结前后对比 "$W/nov.txt" && bad "November (no photos) has a before/after page" || ok

# A new issue with a photo from before, moved on and resolved with a photo from after (now, in
# December by the clock): staff P001 dispatches to P001, who accepts and resolves.
# A file that is not a JPEG or PNG, or no file, is refused before anything changes.
d0=$(digest "$P")
expect 2 "expected a JPEG or PNG file" -- "$G" issue add "$P" --lon 113.9021517 --lat 30.9259408 --category 市容环境 --small-class 暴露垃圾 --text 楼道堆物 --by P001 --photo "$W/note.txt"
expect 2 "no-such.jpg: no such file" -- "$G" issue set "$P" I001 --state verified --rating 5 --by P001 --photo "$W/no-such.jpg"
[ "$(digest "$P")" = "$d0" ] && ok || bad "a refused photo changed the project"
expect 0 "added I021" -- "$G" issue add "$P" --lon 113.9021517 --lat 30.9259408 --category 市容环境 --small-class 暴露垃圾 --text 楼道堆物 --by P001 --photo "$W/before.png"
expect 0 "dispatched" -- "$G" issue set "$P" I021 --state dispatched --assignee P001 --by P001
expect 0 "accepted" -- "$G" issue set "$P" I021 --state accepted --by P001
expect 0 "resolved" -- "$G" issue set "$P" I021 --state resolved --by P001 --photo "$W/after.jpg"
stages=$(ogrinfo -ro -q "$P" -sql "SELECT name || ':' || stage AS s FROM issue_photo WHERE issue = 'I021' ORDER BY fid" | grep -oE 's \(String\) = .*' | cut -d' ' -f4 | tr '\n' ' ')
[ "$stages" = "before.png:before after.jpg:after " ] && ok || bad "photo stages: '$stages'"

month=$(TZ=Asia/Shanghai date +%Y-%m)
expect 0 "pages" -- "$G" report "$P" --monthly "$month" -o "$W/now.pdf" --date "$(TZ=Asia/Shanghai date +%F)"
n=$(pdfinfo "$W/now.pdf" | awk '/^Pages:/ { print $2 }')
page=""
for k in $(seq 1 "$n"); do
  pdftotext -enc UTF-8 -f "$k" -l "$k" "$W/now.pdf" - | grep -qF 办结前后对比 && page=$k
done
[ -n "$page" ] && ok || bad "no page 办结前后对比 in $month"
pdftotext -enc UTF-8 -f "${page:-1}" -l "${page:-1}" "$W/now.pdf" "$W/page.txt"
grep -qF I021 "$W/page.txt" && grep -qF 市容环境/暴露垃圾 "$W/page.txt" && ok || bad "the page lacks I021 and its category: $(cat "$W/page.txt")"
grep -qF 楼道堆物 "$W/page.txt" && bad "the page shows the issue's text" || ok
# Exactly the two photos on that page, at their own pixel sizes (pdfimages -list: width height
# are columns 4 and 5).
imgs=$(pdfimages -list -f "${page:-1}" -l "${page:-1}" "$W/now.pdf" | tail -n +3 | awk '{ print $4 "x" $5 }' | sort | tr '\n' ' ')
[ "$imgs" = "120x80 90x120 " ] && ok || bad "images on page $page: '$imgs'"
fill "$W/now.pdf" | head -n -1 | awk '$2 < 0.5 { bad = 1 } END { exit bad }' && ok || bad "$month: a page but the last is less than half full"
expect 0 "html" -- "$G" report "$P" --monthly "$month" --format html -o "$W/now.html" --date 2026-12-03
grep -qF 'src="data:image/jpeg;base64,' "$W/now.html" && grep -qF 办结前后对比 "$W/now.html" && ok || bad "the HTML lacks the photos"

finish
