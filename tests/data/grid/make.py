#!/usr/bin/python3
"""Writes the hand-made grid fixture (see README.md): coordinates are the offsets drawn on
paper, plus (500000, 3300000) in EPSG:4547. Run from this folder."""
import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fixture import ring, write  # noqa: E402


def rect(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])]}


def poly(*pts):
    return {"type": "Polygon", "coordinates": [ring(pts)]}


def households(name, counts):
    with open(name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "building"])
        for building, n in counts:
            for i in range(1, n + 1):
                w.writerow([f"{building}-{i:03d}", building])


R = "420902001001"
write("rect.geojson", [({"code": R, "name": "方格社区"}, rect(0, 0, 400, 300))])
# The rectangle without its north-east 100 m square, plus a 100 m square east of its south-east.
write("rect_changed.geojson", [({"code": R, "name": "方格社区"},
                                poly((0, 0), (500, 0), (500, 100), (400, 100), (400, 200),
                                     (300, 200), (300, 300), (0, 300)))])
# A C shape: 280 x 300 with a slot [130,280] x [120,180] open to the east, and a 0.004 m strip
# [0,100] x [300,300.004] on top (a 0.4 m2 sliver in the lattice row above).
write("cshape.geojson", [({"code": "420902001002", "name": "凹形社区"},
                          poly((0, 0), (280, 0), (280, 120), (130, 120), (130, 180), (280, 180),
                               (280, 300), (100, 300), (100, 300.004), (0, 300.004)))])
# Cells to renumber on rect: four 200 x 150 quarters with placeholder codes, and one
# well-formed code on the south-east quarter.
write("cells_unnumbered.geojson", [
    ({"code": "X1", "name": "东北块"}, rect(200, 150, 400, 300)),
    ({"code": "X2", "name": ""}, rect(0, 0, 200, 150)),
    ({"code": "X3", "name": "老网格"}, rect(0, 150, 200, 300)),
    ({"code": R + "001", "name": "第1网格"}, rect(200, 0, 400, 150)),
])

B = "420902001003"
write("balanced_community.geojson", [({"code": B, "name": "均衡社区"}, rect(0, 0, 320, 200))])
write("balanced_building.geojson", [
    ({"id": "G1"}, rect(30, 120, 70, 160)),
    ({"id": "G2"}, rect(130, 120, 170, 160)),
    ({"id": "G3"}, rect(240, 120, 280, 160)),
    ({"id": "G4"}, rect(30, 40, 70, 80)),
    ({"id": "G5"}, rect(130, 40, 170, 80)),
    ({"id": "G6"}, rect(240, 40, 280, 80)),
])
write("balanced_compound.geojson", [({"id": "K1", "name": "北院"}, rect(20, 110, 180, 170))])
households("balanced_household.csv", [(f"G{i}", 100) for i in range(1, 7)])
write("big_building.geojson", [({"id": "X1"}, rect(100, 50, 220, 150))])
households("big_household.csv", [("X1", 900)])
