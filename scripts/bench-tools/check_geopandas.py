"""The check rules of `gridmap check` that scripts/bench compares, in GeoPandas/Shapely.

usage: check_geopandas.py SOURCE.gpkg OUT_DIR

Reads community, cell, building and issue from SOURCE and writes the normalised CSV files that
results.py compares; prints {"read_s": .., "compute_s": ..} on stderr.
"""
import json
import os
import sys
import time

import fiona
import geopandas as gpd
import pandas as pd


def main():
    source, out = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    layers = set(fiona.listlayers(source))
    building = gpd.read_file(source, layer="building")
    cell = gpd.read_file(source, layer="cell")
    community = gpd.read_file(source, layer="community")
    issue = gpd.read_file(source, layer="issue") if "issue" in layers else None
    t1 = time.perf_counter()

    def largest_overlap(child, key, parent, parent_key):
        """child[key] -> parent[parent_key] of largest intersection area, ties to lowest."""
        j = gpd.sjoin(child[[key, "geometry"]], parent[[parent_key, "geometry"]].rename(
            columns={parent_key: "_p"}), how="inner", predicate="intersects")
        other = parent.geometry.values[j["index_right"].values]
        area = j.geometry.values.intersection(other).area
        df = pd.DataFrame({"k": j[key].values, "p": j["_p"].values, "a": area})
        df = df[df.a > 0].sort_values(["k", "a", "p"], ascending=[True, False, True])
        best = df.drop_duplicates("k").set_index("k")["p"]
        return child[key].map(best).fillna("")

    building_cell = pd.DataFrame({"id": building["id"],
                                  "cell": largest_overlap(building, "id", cell, "code")})

    cell = cell.assign(community=largest_overlap(cell, "code", community, "code"))
    gaps = []
    for code, geom in zip(community["code"], community.geometry):
        mine = cell.geometry[cell["community"] == code]
        rest = geom.difference(mine.unary_union) if len(mine) else geom
        for part in gpd.GeoSeries([rest]).explode(index_parts=False):
            if part.geom_type == "Polygon" and part.area > 1:
                gaps.append((code, part.area))

    pairs = gpd.sjoin(cell[["code", "geometry"]], cell[["code", "geometry"]],
                      how="inner", predicate="intersects")
    pairs = pairs[pairs["code_left"] < pairs["code_right"]]
    other = cell.geometry.values[pairs["index_right"].values]
    a = pairs.geometry.values
    touches = a.touches(other)
    inter = a.intersection(other)
    overlaps = [(x, y, g.area) for x, y, t, g in
                zip(pairs["code_left"], pairs["code_right"], touches, inter)
                if not t and g.area > 1]

    if issue is not None and len(issue):
        j = gpd.sjoin(issue[["id", "geometry"]], cell[["code", "geometry"]], how="inner",
                      predicate="intersects")
        first = j.groupby("id")["code"].min()
        issue_cell = pd.DataFrame({"id": issue["id"], "cell": issue["id"].map(first).fillna("")})
    else:
        issue_cell = pd.DataFrame({"id": [], "cell": []})

    kind = building["kind"] if "kind" in building else pd.Series([None] * len(building))
    group = building["party_group"] if "party_group" in building else pd.Series(
        [None] * len(building))
    # Residential as in gridmap check: kind empty, residential or 住宅 (households not read).
    residential = kind.fillna("").isin(["", "residential", "住宅"]).values
    no_group = building["id"][residential & group.fillna("").eq("").values]
    t2 = time.perf_counter()

    os.makedirs(out, exist_ok=True)
    building_cell.to_csv(os.path.join(out, "building_cell.csv"), header=False, index=False)
    issue_cell.to_csv(os.path.join(out, "issue_cell.csv"), header=False, index=False)
    pd.DataFrame(gaps).to_csv(os.path.join(out, "gaps.csv"), header=False, index=False)
    pd.DataFrame(overlaps).to_csv(os.path.join(out, "overlaps.csv"), header=False, index=False)
    no_group.to_csv(os.path.join(out, "no_party_group.csv"), header=False, index=False)
    print(json.dumps({"read_s": round(t1 - t0, 3), "compute_s": round(t2 - t1, 3)}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
