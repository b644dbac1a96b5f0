"""Shared helpers of the hand-made fixtures' make.py scripts: coordinates are offsets drawn on
paper, plus (OX, OY) in EPSG:4547; GeoJSON is written as UTF-8 with the CRS named."""
import csv
import json

OX, OY = 500000, 3300000


def ring(pts):
    pts = [[OX + x, OY + y] for x, y in pts]
    return pts + [pts[0]]


def rect(x0, y0, x1, y1):
    """The rings of an axis-parallel rectangle."""
    return [ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])]


def poly(rings):
    return {"type": "Polygon", "coordinates": rings}


def pt(x, y):
    return {"type": "Point", "coordinates": [OX + x, OY + y]}


def line(*pts):
    return {"type": "LineString", "coordinates": [[OX + x, OY + y] for x, y in pts]}


def write(name, features):
    """Writes `name` (a path ending in .geojson) from (properties, geometry) pairs."""
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
          "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
    with open(name, "w", encoding="utf-8") as f:
        json.dump(fc, f, ensure_ascii=False)
        f.write("\n")


def table(name, header, rows):
    """Writes a CSV table (UTF-8, "\\n" line ends)."""
    with open(name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
