#!/usr/bin/python3
"""Writes the hostile import fixtures of this directory: files as offices and accidents make
them. Run from anywhere with Debian's /usr/bin/python3 (it has osgeo); the outputs are committed.

Every file refers to the fixture project of tests/geo/import_hostile_test.cpp (buildings B01,
B02, B03, units B01-1, B01-2, B02-1, party branch PB1 '测试社区第一党支部', EPSG:4547)."""
import json
import os
import shutil

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)


def out(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


HOUSEHOLD_HEADER = "id,building,unit,room,persons,head_name,phone,tags\r\n"
HOUSEHOLDS = (
    "H101,B01,B01-1,101,3,赵磊,13700001234,\r\n"
    "H102,B01,B01-1,102,1,钱秀英,13700005678,独居老人\r\n"
    "H103,B02,B02-1,301,2,欧阳娜娜,13700003456,租户\r\n"
)

# 1. Encodings. Excel/WPS on Chinese Windows save "CSV (逗号分隔)" in GBK (GB18030), CRLF.
write("household_gbk.csv", (HOUSEHOLD_HEADER + HOUSEHOLDS).encode("gb18030"))
write("household_utf8_bom.csv", b"\xef\xbb\xbf" + (HOUSEHOLD_HEADER + HOUSEHOLDS).encode("utf-8"))
# Excel's "Unicode 文本 (*.txt)": UTF-16LE with BOM, tab-delimited.
write("household_utf16.txt",
      (HOUSEHOLD_HEADER + HOUSEHOLDS).replace(",", "\t").encode("utf-16"))
# A person register in GBK whose party branch is given by its Chinese name.
write("person_gbk.csv",
      ("id,name,phone,party_member,assigned_member,member_unit,party_branch\r\n"
       "P11,张伟强,13812340000,是,否,市城管委,测试社区第一党支部\r\n"
       "P12,李娜,15900002222,否,否,,\r\n").encode("gb18030"))
# Latin-1 bytes: 'Müller' (FC 6C) and 'café,' (E9 2C). E9 2C is neither UTF-8 nor GB18030.
write("household_latin1.csv",
      (HOUSEHOLD_HEADER + "H104,B01,B01-1,103,2,Müller,,café,x\r\n").encode("latin-1"))

# 2. Truncation: the same register cut short mid-row, and inside a quoted value.
full = (HOUSEHOLD_HEADER + HOUSEHOLDS).encode("utf-8")
write("household_cut_row.csv", full + "H104,B02,B0".encode("utf-8"))
write("household_cut_quote.csv", full + 'H104,B02,B02-1,302,2,"孙'.encode("utf-8"))

# A Shapefile of the three fixture buildings, once whole (with a GBK .dbf and no .cpg, as
# older ArcGIS exports are), then cut: the .dbf and the .shp each lose their last bytes.
src = ogr.Open(os.path.join(DATA, "building.geojson"))
srs = osr.SpatialReference()
srs.ImportFromEPSG(4547)


def shapefile(stem, encoding):
    drv = ogr.GetDriverByName("ESRI Shapefile")
    path = out(stem + ".shp")
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    layer = ds.CreateLayer(stem, srs, ogr.wkbPolygon, ["ENCODING=" + encoding])
    for name in ("id", "name", "floors"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTInteger if name == "floors" else ogr.OFTString))
    for f in src.GetLayer(0):
        g = ogr.Feature(layer.GetLayerDefn())
        for name in ("id", "name", "floors"):
            g.SetField(name, f.GetField(name))
        g.SetGeometry(f.GetGeometryRef())
        layer.CreateFeature(g)
    ds = None


shapefile("building_gbk", "CP936")
os.remove(out("building_gbk.cpg"))  # no .cpg; the .dbf's language id byte is 0 (set below)
with open(out("building_gbk.dbf"), "r+b") as f:
    f.seek(29)
    f.write(b"\x00")
for cut in ("building_cut_dbf", "building_cut_shp"):
    shapefile(cut, "UTF-8")
with open(out("building_cut_dbf.dbf"), "r+b") as f:
    f.truncate(os.path.getsize(out("building_cut_dbf.dbf")) - 40)
with open(out("building_cut_shp.shp"), "r+b") as f:
    f.truncate(os.path.getsize(out("building_cut_shp.shp")) - 40)

# A GeoPackage and an XLSX cut to half, as a broken download or USB copy leaves them.
for name, cut in (("building.gpkg", "building_cut.gpkg"), ("household.xlsx", "household_cut.xlsx")):
    data = open(os.path.join(DATA, name), "rb").read()
    write(cut, data[: len(data) // 2])

# 3. Bounds. Coordinates in the working CRS EPSG:4547 (x about 500000, y about 3300000).
def fc(features):
    return json.dumps({"type": "FeatureCollection",
                       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
                       "features": features}, ensure_ascii=False).encode("utf-8")


def square(x, y, d):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


def building(id_, geom, floors=6):
    return {"type": "Feature", "properties": {"id": id_, "floors": floors}, "geometry": geom}


write("building_huge.geojson", fc([building("B41", square(500100, 3300100, 10)),
                                   building("B42", square(1e200, 1e200, 1e199))]))
# lon/lat typed into a layer that says EPSG:4547: metres 114 and 30 lie far west of the zone.
write("building_lonlat_as_metres.geojson", fc([building("B43", square(114.30, 30.50, 0.001))]))
write("building_floors.geojson", fc([building("B44", square(500100, 3300100, 10), floors=250)]))
# JSON has no NaN or infinity, but GDAL's reader takes the literals NaN and 1e400 (inf).
write("building_nan.geojson", fc([building("B45", square(500100, 3300100, 10))])
      .replace(b"500110, 3300110", b"NaN, 1e400"))
write("household_persons_overflow.csv",
      (HOUSEHOLD_HEADER + "H105,B01,B01-1,104,99999999999999999999,周敏,,\r\n").encode("utf-8"))
write("household_persons_120.csv",
      (HOUSEHOLD_HEADER + "H106,B01,B01-1,105,120,吴刚,,\r\n").encode("utf-8"))
write("issue_feb30.csv",
      ("id,category,small_class,text,reported_at,lon,lat\r\n"
       "I11,市容环境,暴露垃圾,垃圾堆放,2026-02-28 09:00,114.0,30.0\r\n"
       "I12,街面秩序,占道经营,占道经营,2026-02-30 09:00,114.0,30.0\r\n").encode("utf-8"))
# Dates as spreadsheets write them (2026/12/31) and one that is not on the calendar (2026 is no
# leap year).
write("pledge_dates.csv",
      ("id,title,target,progress,unit,due,state\r\n"
       "T1,加装电梯,10,3,部,2026/12/31,active\r\n"
       "T2,老旧小区改造,4,1,个,2027-06-30,planned\r\n").encode("utf-8"))
write("pledge_feb29.csv",
      ("id,title,target,progress,unit,due,state\r\n"
       "T3,口袋公园,2,0,个,2026-02-29,planned\r\n").encode("utf-8"))
# The fixture buildings as a GeoJSON some Chinese tools write: GBK, though RFC 7946 says UTF-8.
write("building_gbk.geojson",
      open(os.path.join(DATA, "building.geojson"), encoding="utf-8").read().encode("gb18030"))
# The GBK Shapefile with one byte (the first of '颐', D2) made FF, which is no GB18030 byte.
for ext in (".shp", ".shx", ".prj", ".dbf"):
    shutil.copy(out("building_gbk" + ext), out("building_bad_gbk" + ext))
dbf = bytearray(open(out("building_bad_gbk.dbf"), "rb").read())
dbf[dbf.find(bytes.fromhex("d2c3"))] = 0xFF
write("building_bad_gbk.dbf", bytes(dbf))
# Cut inside a character: UTF-8 '孙' is E5 AD 99, GBK '孙' is CB EF; the cut keeps the first
# bytes only.
write("household_cut_char.csv", full + "H104,B02,B02-1,302,2,孙".encode("utf-8")[:-1])
write("household_gbk_cut.csv",
      (HOUSEHOLD_HEADER + HOUSEHOLDS + "H104,B02,B02-1,302,2,孙").encode("gb18030")[:-1])
# Cut after '租' of the last value '租户': every field is there, so only a note can say so.
write("household_last_row_open.csv", full[: full.rindex("户".encode("utf-8"))])
# Byte sequences that look like UTF-8 but are not: an overlong '/' (C0 AF) and a UTF-16
# surrogate (ED A0 80), which strict decoders (and JSON exports) reject.
write("household_not_utf8.csv",
      HOUSEHOLD_HEADER.encode("utf-8") + b"H107,B01,B01-1,106,1,\xed\xa0\x80,,\xc0\xaf\r\n")
# A GBK CSV with a WKT column whose CRS is in a .prj beside it (as ogr2ogr writes one): the
# decoded copy must keep its .prj. 40 m x 15 m.
write("building_gbk_wkt.csv",
      ('id,name,wkt\r\nB11,"WKT楼,一号","POLYGON ((500300 3300200,500340 3300200,500340 3300215,'
       '500300 3300215,500300 3300200))"\r\n').encode("gb18030"))
shutil.copy(out("building_gbk.prj"), out("building_gbk_wkt.prj"))
# A GBK .dbf with a Chinese field name (备注, B1 B8 D7 A2 in GBK) that no table field takes.
drv = ogr.GetDriverByName("ESRI Shapefile")
if os.path.exists(out("building_gbk_field.shp")):
    drv.DeleteDataSource(out("building_gbk_field.shp"))
ds = drv.CreateDataSource(out("building_gbk_field.shp"))
layer = ds.CreateLayer("building_gbk_field", srs, ogr.wkbPolygon, ["ENCODING=CP936"])
layer.CreateField(ogr.FieldDefn("id", ogr.OFTString))
layer.CreateField(ogr.FieldDefn("备注", ogr.OFTString))
g = ogr.Feature(layer.GetLayerDefn())
g.SetField("id", "B51")
g.SetField(1, "ok")
g.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(square(500100, 3300100, 10))))
layer.CreateFeature(g)
ds = None
os.remove(out("building_gbk_field.cpg"))
# A stray inch mark in row 2 opens a quote that never closes: GDAL would read the rest of the
# file as one value.
write("household_stray_quote.csv",
      (HOUSEHOLD_HEADER + 'H108,B01,B01-1,107,2,王五,,29" 电视\r\n' + HOUSEHOLDS).encode("utf-8"))
