#!/usr/bin/python3
"""Checks colours at pixels of an image (read with GDAL). usage:
    pixels.py IMAGE X,Y,R,G,B,TOL [X,Y,R,G,B,TOL ...]   each pixel within TOL of (R, G, B)
    pixels.py IMAGE --size                              prints "WIDTH HEIGHT BANDS"
    pixels.py IMAGE --colours                           prints the number of distinct colours
    pixels.py IMAGE --at X,Y                            prints "R G B"
A target with TOL < 0 must differ from (R, G, B) by more than -TOL in some channel.
Exit 1 when a check fails (each failure printed)."""
import sys

from osgeo import gdal

gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])
bands = [ds.GetRasterBand(i + 1) for i in range(min(ds.RasterCount, 3))]


def rgb(x, y):
    return [b.ReadRaster(x, y, 1, 1)[0] for b in bands]


if sys.argv[2] == "--size":
    print(ds.RasterXSize, ds.RasterYSize, ds.RasterCount)
    sys.exit(0)
if sys.argv[2] == "--colours":
    data = [b.ReadRaster() for b in bands]
    print(len(set(zip(*data))))
    sys.exit(0)
if sys.argv[2] == "--at":
    x, y = (int(v) for v in sys.argv[3].split(","))
    print(*rgb(x, y))
    sys.exit(0)
failed = 0
for spec in sys.argv[2:]:
    x, y, r, g, b, tol = (int(v) for v in spec.split(","))
    got = rgb(x, y)
    diff = max(abs(got[0] - r), abs(got[1] - g), abs(got[2] - b))
    ok = diff <= tol if tol >= 0 else diff > -tol
    if not ok:
        failed += 1
        want = "within" if tol >= 0 else "farther than"
        print(f"pixel ({x},{y}) is {tuple(got)}, expected {want} {abs(tol)} of {(r, g, b)}")
sys.exit(1 if failed else 0)
