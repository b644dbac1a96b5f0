"""Results of scripts/bench: Gridmap's check results as CSV, comparison across tools, the table.

usage:
  results.py gridmap PROJECT.gpkg CHECK.json OUT_DIR   # Gridmap's results as the common CSVs
  results.py compare DIR DIR [DIR ...]                  # nonzero exit on any difference
  results.py report TIMINGS.tsv OUT.json MACHINE        # Markdown table on stdout, JSON file

The common CSVs (no header): building_cell.csv (id, cell), issue_cell.csv (id, cell), gaps.csv
(community, area m2), overlaps.csv (cell_a, cell_b, area m2), no_party_group.csv (id);
cell_counts (cell, buildings) is derived from building_cell.csv.
"""
import csv
import json
import os
import sqlite3
import statistics
import sys
from collections import Counter

FILES = ["building_cell.csv", "issue_cell.csv", "gaps.csv", "overlaps.csv", "no_party_group.csv"]
AREA_TOLERANCE_M2 = 0.1


def write(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)


def gridmap(project, check_json, out):
    os.makedirs(out, exist_ok=True)
    db = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    write(os.path.join(out, "building_cell.csv"),
          db.execute("SELECT id, COALESCE(cell, '') FROM building"))
    write(os.path.join(out, "issue_cell.csv"),
          db.execute("SELECT id, COALESCE(cell, '') FROM issue"))
    with open(check_json, encoding="utf-8") as f:
        r = json.load(f)
    write(os.path.join(out, "gaps.csv"), [(g["community"], g["area_m2"]) for g in r["gaps"]])
    write(os.path.join(out, "overlaps.csv"),
          [(*sorted(o["cells"][:2]), o["area_m2"]) for o in r["overlaps"]])
    rule = next(x for x in r["rules"] if x["id"] == "building_party_group")
    ids = [u["id"] for u in rule["uncovered"] if u.get("detail") == "no party group"]
    write(os.path.join(out, "no_party_group.csv"), [(i,) for i in ids])


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        rows = [tuple(r) for r in csv.reader(f) if r]
    if name == "overlaps.csv":
        rows = [(*sorted(r[:2]), r[2]) for r in rows]
    return sorted(rows)


def same(a, b, name):
    if name in ("gaps.csv", "overlaps.csv"):
        return a[:-1] == b[:-1] and abs(float(a[-1]) - float(b[-1])) <= AREA_TOLERANCE_M2
    return a == b


def compare(dirs):
    failed = False
    names = [(n, n) for n in FILES] + [("cell_counts", "building_cell.csv")]
    base = dirs[0]
    for label, name in names:
        a = load(base, name)
        if a is None:
            continue
        if label == "cell_counts":
            a = sorted(Counter(r[1] for r in a).items())
        for other in dirs[1:]:
            b = load(other, name)
            if b is None:
                print(f"compare: {label}: missing in {other}")
                failed = True
                continue
            if label == "cell_counts":
                b = sorted(Counter(r[1] for r in b).items())
            diffs = []
            if len(a) != len(b):
                diffs.append(f"{len(a)} rows in {base}, {len(b)} in {other}")
            for x, y in zip(a, b):
                if not same(x, y, name):
                    diffs.append(f"{base}: {','.join(map(str, x))}  |  {other}: "
                                 f"{','.join(map(str, y))}")
                    if len(diffs) >= 6:
                        break
            if diffs:
                failed = True
                print(f"compare: {label} differs ({len(a)} rows):")
                for d in diffs:
                    print(f"  {d}")
            else:
                print(f"compare: {label}: {len(a)} rows identical in {os.path.basename(base)} and "
                      f"{os.path.basename(other)}")
    return 1 if failed else 0


def report(tsv, out_json, machine):
    runs = {}
    notes = {}
    order = []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            tool, workload, size, wall, rss, note = (line.rstrip("\n").split("\t") + [""])[:6]
            key = (workload, size, tool)
            if key not in runs:
                order.append(key)
                runs[key] = []
            runs[key].append((float(wall), int(rss)))
            if note:
                notes[key] = note
    rows = []
    for workload, size, tool in order:
        r = runs[(workload, size, tool)]
        rows.append({"workload": workload, "size": size, "tool": tool, "runs": len(r),
                     "median_s": round(statistics.median(w for w, _ in r), 3),
                     "peak_rss_mb": round(max(m for _, m in r) / 1024, 1),
                     "note": notes.get((workload, size, tool), "")})
        if rows[-1]["note"].startswith("{"):  # PostGIS load/query, GeoPandas read/compute, frames
            rows[-1].update(json.loads(rows[-1]["note"]))
    gm = {(x["workload"], x["size"]): x for x in rows if x["tool"] == "gridmap"}
    for x in rows:
        g = gm.get((x["workload"], x["size"]))
        x["ratio_gridmap_peer"] = (round(g["median_s"] / x["median_s"], 3)
                                   if g and x["tool"] != "gridmap" and x["median_s"] > 0 else None)
    print(f"Machine: {machine}\n")
    print("| workload | size | tool | runs | median s | peak RSS MB | gridmap/peer | note |")
    print("|---|---|---|---|---|---|---|---|")
    for x in rows:
        ratio = "" if x["ratio_gridmap_peer"] is None else f"{x['ratio_gridmap_peer']:.3f}"
        print(f"| {x['workload']} | {x['size']} | {x['tool']} | {x['runs']} | "
              f"{x['median_s']:.3f} | {x['peak_rss_mb']:.1f} | {ratio} | {x['note']} |")
    os.makedirs(os.path.dirname(os.path.abspath(out_json)), exist_ok=True)
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump({"machine": machine, "results": rows}, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "gridmap" and len(sys.argv) == 5:
        gridmap(*sys.argv[2:5])
        return 0
    if cmd == "compare" and len(sys.argv) >= 4:
        return compare(sys.argv[2:])
    if cmd == "report" and len(sys.argv) == 5:
        report(*sys.argv[2:5])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
