#!/usr/bin/env bash
# What goes in and what comes out can be trusted (on the demo community):
# - bounds: coordinates outside the working CRS's area, ratings that are not whole 1-5,
#   dates that do not exist are refused with exit 2 and the project is unchanged;
# - exit codes: user data never gives exit 3; a refused command has written nothing; a damaged
#   project (undecodable geometry, missing table or column, bad setting, corrupt page) is
#   refused with exit 2 naming the damage, by reading and writing commands alike;
# - safe exports: CSV cells a spreadsheet would run as a formula start with ', numbers stay,
#   --bom gives the byte-order mark; JSON is valid UTF-8.
# usage: integrity_test.sh GRIDMAP
set -uo pipefail
export GRIDMAP_USER=P001 # the acting person: a grid worker of the demo, community staff
source "$(dirname "$0")/lib.sh"
G=$(readlink -f "$1")

"$G" demo "$W" >/dev/null || { echo "gridmap demo failed"; exit 1; }
P=$(store_copy "$W/demo.gpkg" demo) || { echo "FAIL: gridmap copy"; exit 1; }
count() { store_sql "${2:-$P}" "$1"; }
# sql FILE SCRIPT: runs SQL as another program would. The GeoPackage R-tree triggers call
# GDAL's ST_* functions; stand-ins let them run (the boxes of the features changed here do not
# matter to these tests).
sql() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("ST_IsEmpty", 1, lambda g: 0 if g else 1)
for f in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
    db.create_function(f, 1, lambda g: 0.0)
db.executescript(sys.argv[2])
db.commit()
PY
}

# ---- Bounds --------------------------------------------------------------------------------
before=$(digest "$P")
# EPSG:4547 (CM 114E) is used from 112.5E to 115.5E; widened by 3 degrees, 100E is far outside.
expect 2 "issue I021: 经度 100.000000，纬度 30.925000 不在工作坐标系 EPSG:4547 的适用范围内" -- "$G" issue add "$P" --lon 100 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text t
expect 2 "is not a longitude/latitude" -- "$G" issue add "$P" --lon 1e200 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text t
expect 2 "x 1e+200, y 3422600.00 不在工作坐标系 EPSG:4547 的适用范围内" -- "$G" issue add "$P" --x 1e200 --y 3422600 --category 市容环境 --small-class 暴露垃圾 --text t
expect 2 "--x nan: expected a number" -- "$G" issue add "$P" --x nan --y 3422600 --category 市容环境 --small-class 暴露垃圾 --text t
expect 2 "--lat inf: expected a number" -- "$G" issue add "$P" --lon 113.9 --lat inf --category 市容环境 --small-class 暴露垃圾 --text t
expect 2 "不在工作坐标系 EPSG:4547 的适用范围内" -- "$G" issue move "$P" I001 --lon 100 --lat 30.9 --by P001
expect 2 "vertex 1 (1e+200, 3422600.00) is outside the area of the working CRS EPSG:4547" -- "$G" repair add "$P" --road 永新路 --work-type 填缝 --xy "1e200,3422600;490700,3422600"
expect 2 "--xy" -- "$G" repair add "$P" --road 永新路 --work-type 填缝 --xy "inf,3422600;490700,3422600"
expect 2 "outside the area of the working CRS" -- "$G" repair add "$P" --road 永新路 --work-type 填缝 --lonlat "100,30.9;113.905,30.925"
expect 2 "--rating 5.5: expected a whole number from 1 to 5" -- "$G" issue set "$P" I001 --state verified --by P001 --rating 5.5
expect 2 "--rating 99999999999999999999: expected a whole number from 1 to 5" -- "$G" issue set "$P" I001 --state verified --by P001 --rating 99999999999999999999
expect 2 "--at '2026-02-30': not a valid date" -- "$G" snapshot "$P" --at 2026-02-30
expect 2 "--from '2026-02-30': not a valid date" -- "$G" issue list "$P" --from 2026-02-30
expect 2 "--position 1.5: expected a whole number" -- "$G" view add "$P" --title t --position 1.5
expect 2 "--city 1e3: expected a whole number" -- "$G" demo "$W/city" --city 1e3
expect 2 "--width 99999999999999999999: expected a whole number from 100 to 20000" -- "$G" render "$P" -o "$W/x.png" --width 99999999999999999999
[ "$(digest "$P")" = "$before" ] && ok || bad "a refused command changed the project"
[ "$(count 'SELECT COUNT(*) FROM repair_segment')" = 6 ] && ok || bad "repair segments after the refusals"

# ---- Exit codes: Open311 with a field that is not a number -----------------------------------
cat >"$W/open311.json" <<'JSON'
[{"service_request_id": "X1", "service_name": "市容环境/暴露垃圾", "description": "垃圾堆放", "lat": "30.925", "long": "113.905",
  "requested_datetime": "2026-11-02T09:00:00+08:00", "status": "open"},
 {"service_request_id": "X2", "service_name": "市容环境/暴露垃圾", "description": "垃圾堆放", "lat": "abc", "long": "113.905",
  "requested_datetime": "2026-11-02T09:00:00+08:00", "status": "open"}]
JSON
expect 2 "request 2 (service_request_id 'X2'), field 'lat': 'abc' is not a number" -- "$G" issue import "$P" "$W/open311.json"
[ "$(count 'SELECT COUNT(*) FROM issue')" = 20 ] && ok || bad "the refused Open311 import wrote issues"
sed -i 's/"abc"/"30.926"/' "$W/open311.json"
expect 0 "imported 2 issues" -- "$G" issue import "$P" "$W/open311.json"
[ "$(count "SELECT COUNT(*) FROM issue WHERE id IN ('X1', 'X2')")" = 2 ] && ok || bad "Open311 import"

# ---- Damaged projects ------------------------------------------------------------------------
# (GeoPackage files damaged as another program or a disk would: not run again on PostgreSQL)
if [ "$store" = gpkg ]; then
damaged() { cp "$P" "$W/d.gpkg"; sql "$W/d.gpkg" "$1"; }

# An undecodable geometry blob (4 bytes, no GeoPackage header): check, report and a writing
# command (snapshot reads every building) refuse it, naming the building.
damaged "UPDATE building SET geom = x'00112233' WHERE fid = 3"
expect 2 "building 'B003' (fid 3): its geometry cannot be read; the project is damaged" -- "$G" check "$W/d.gpkg"
expect 2 "building 'B003' (fid 3): its geometry cannot be read" -- "$G" report "$W/d.gpkg"
expect 2 "building 'B003' (fid 3): its geometry cannot be read" -- "$G" snapshot "$W/d.gpkg" --note x
[ "$(count 'SELECT COUNT(*) FROM snapshot' "$W/d.gpkg")" = 2 ] && ok || bad "snapshot written on a damaged project"
QT_QPA_PLATFORM=offscreen expect 2 "building 'B003' (fid 3): its geometry cannot be read" -- "$G" render "$W/d.gpkg" -o "$W/d.png"
[ -f "$W/d.png" ] && bad "render wrote a map of a damaged project" || ok
# An empty geometry (GeoPackage flag) is no damage: it is no geometry.
damaged "UPDATE building SET geom = NULL WHERE fid = 3"
expect 1 "" -- "$G" check "$W/d.gpkg"

# A missing table or column.
damaged "DROP TABLE issue"
expect 2 "the project is damaged: table issue missing" -- "$G" issue list "$W/d.gpkg"
expect 2 "the project is damaged: table issue missing" -- "$G" info "$W/d.gpkg"
expect 2 "the project is damaged: table issue missing" -- "$G" issue add "$W/d.gpkg" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text t
damaged "ALTER TABLE person DROP COLUMN phone"
expect 2 "the project is damaged: column person.phone missing" -- "$G" check "$W/d.gpkg"
expect 2 "the project is damaged: column person.phone missing" -- "$G" assign "$W/d.gpkg" --role household_pairing --person P001 --target H00009

# A bad working CRS setting.
damaged "UPDATE settings SET value = 'abc' WHERE key = 'working_epsg'"
expect 2 "setting working_epsg 'abc' is not a known EPSG code" -- "$G" info "$W/d.gpkg"
damaged "UPDATE settings SET value = '4326x' WHERE key = 'working_epsg'"
expect 2 "setting working_epsg '4326x' is not a known EPSG code" -- "$G" issue add "$W/d.gpkg" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text t
damaged "UPDATE settings SET value = '123456' WHERE key = 'working_epsg'"
expect 2 "setting working_epsg '123456' is not a known EPSG code" -- "$G" check "$W/d.gpkg"
# A setting that is not a number.
damaged "UPDATE settings SET value = 'abc' WHERE key = 'tolerance_m2'"
expect 2 "setting tolerance_m2 'abc' is not a number" -- "$G" check "$W/d.gpkg"

# A corrupt page: the root page of the building table overwritten with junk.
cp "$P" "$W/d.gpkg"
/usr/bin/python3 - "$W/d.gpkg" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
page_size = db.execute("PRAGMA page_size").fetchone()[0]
root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'building'").fetchone()[0]
db.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * page_size)
    f.write(b"\xff" * page_size)
PY
expect 2 "the file is damaged" -- "$G" check "$W/d.gpkg"
expect 2 "the file is damaged" -- "$G" snapshot "$W/d.gpkg"
fi

# ---- Safe exports ----------------------------------------------------------------------------
# P001 is renamed to a formula; issues with texts =1+2, -5 and @SUM(A1) are dispatched to P001.
store_sql "$P" "UPDATE person SET name = '=HYPERLINK(\"http://x\",\"y\")' WHERE id = 'P001'"
n=0
for t in '=1+2' '-5' '@SUM(A1)'; do
  n=$((n + 1))
  "$G" issue add "$P" --lon 113.905 --lat 30.925 --category 市容环境 --small-class 暴露垃圾 --text "$t" --id "F$n" >/dev/null || bad "issue add F$n"
  "$G" issue set "$P" "F$n" --state dispatched --by P001 --assignee P001 >/dev/null || bad "issue set F$n"
done
expect 0 "" -- "$G" issue export "$P" --format csv -o "$W/f.csv" --bom
# Hand-written expectations: the BOM (EF BB BF), then the rows F1-F3 (ids sort first).
head -c 3 "$W/f.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "no BOM in issue export --bom"
grep -q "^F1,市容环境,暴露垃圾,'=1+2,dispatched,[0-9]*,P001,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "$W/f.csv" && ok || bad "F1 row: $(grep '^F1' "$W/f.csv")"
grep -q "^F2,市容环境,暴露垃圾,-5,dispatched," "$W/f.csv" && ok || bad "F2 row (a number stays): $(grep '^F2' "$W/f.csv")"
grep -q "^F3,市容环境,暴露垃圾,'@SUM(A1),dispatched," "$W/f.csv" && ok || bad "F3 row: $(grep '^F3' "$W/f.csv")"
"$G" issue list "$P" --csv >"$W/l.csv"
[ "$(head -c 3 "$W/l.csv")" = "id," ] && ok || bad "list --csv without --bom starts with a BOM"
grep -q "^F1,市容环境,暴露垃圾,'=1+2," "$W/l.csv" && ok || bad "list --csv F1"
# No cell of any CSV starts with = + @ or a - that is not a number (the python csv reader
# undoes the RFC 4180 quoting).
"$G" report "$P" -o "$W/r.csv" --bom
"$G" assign "$P" --role household_pairing --person P001 --target H00009 --note '=cmd' >/dev/null
"$G" assign log "$P" --csv --bom >"$W/a.csv"
"$G" repair notify "$P" RS04 -o "$W/n.csv" --bom >/dev/null
store_sql "$P" "UPDATE person SET name = '@evil' WHERE id IN (SELECT person FROM role_assignment WHERE role = 'building_captain')"
"$G" repair notify "$P" RS04 -o "$W/n2.csv" >/dev/null
/usr/bin/python3 - "$W"/f.csv "$W"/l.csv "$W"/r.csv "$W"/a.csv "$W"/n.csv "$W"/n2.csv <<'PY' && ok || bad "a CSV cell would run as a formula"
import csv, re, sys
number = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
for name in sys.argv[1:]:
    with open(name, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) > 1, name
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell):
                sys.exit(f"{name}: {cell!r}")
PY
grep -q "'=cmd" "$W/a.csv" && ok || bad "assign log --csv: the note"
grep -q "'@evil" "$W/n2.csv" && ok || bad "repair notify: the captain's name: $(cat "$W/n2.csv")"
for f in r.csv a.csv n.csv; do
  head -c 3 "$W/$f" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "no BOM in $f"
done
# -o - writes standard output; -- ends the options (a file called --x.gpkg).
"$G" issue list "$P" --csv -o - >"$W/stdout.csv"
grep -q "^F3,市容环境,暴露垃圾,'@SUM(A1)," "$W/stdout.csv" && ok || bad "issue list --csv -o -: $(head -2 "$W/stdout.csv")"
"$G" repair notify "$P" RS04 -o - >"$W/stdout2.csv" 2>"$W/stderr2.txt"
[ "$(head -1 "$W/stdout2.csv")" = "building,building_name,compound,cell,distance_m,households,building_captain" ] && ok || bad "repair notify -o -: $(head -1 "$W/stdout2.csv")"
grep -q "buildings, .* households within 50.0 m of RS04" "$W/stderr2.txt" && ok || bad "repair notify -o -: the summary is not on standard error"
cp "$W/demo.gpkg" "$W/--x.gpkg"
expect 2 "unknown option --x.gpkg" -- bash -c "cd '$W' && '$G' info --x.gpkg"
expect 0 "schema version" -- bash -c "cd '$W' && '$G' info -- --x.gpkg"

# JSON stays valid UTF-8 when a text holds bytes that are not UTF-8 (GBK 张 = D5 C5), which a
# GeoPackage may hold (PostgreSQL refuses them).
if [ "$store" = gpkg ]; then
sql "$P" "UPDATE issue SET text = CAST(x'D5C5' AS TEXT) WHERE id = 'F1'"
"$G" issue export "$P" --format open311 -o "$W/o.json"
/usr/bin/python3 -c "
import json, sys
reqs = json.load(open(sys.argv[1], encoding='utf-8'))
f1 = [r for r in reqs if r['service_request_id'] == 'F1'][0]
assert f1['description'] == '\ufffd\ufffd', f1['description']
" "$W/o.json" && ok || bad "Open311 export is not valid UTF-8 JSON"
# check --json names B011 (cut by a cell boundary) by its name: GBK bytes there too.
sql "$P" "UPDATE building SET name = CAST(x'D5C5' AS TEXT) WHERE id = 'B011'"
"$G" check "$P" --json -o "$W/c.json"
/usr/bin/python3 -c "
import json, sys
text = open(sys.argv[1], encoding='utf-8').read()
json.loads(text)
assert '��' in text
" "$W/c.json" && ok || bad "check --json is not valid UTF-8 JSON"
fi
finish
