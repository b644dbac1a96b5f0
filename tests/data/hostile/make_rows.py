#!/usr/bin/python3
"""Writes the hostile fixtures of this directory that make.py does not: CSV rows whose field
count is not the header's, issue rows that break the work-order field rule, a GeoPackage whose
gpkg_extensions table is damaged, and lon/lat cells that are not numbers. Run from anywhere
with /usr/bin/python3; the outputs are committed. They refer to the fixture project of
tests/geo/import_hostile_test.cpp (buildings B01-B03, units B01-1, B01-2, B02-1, EPSG:4547)."""
import os
import shutil
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)


def write(name, text):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(text.encode("utf-8"))


HEADER = "id,building,unit,room,persons,head_name,phone,tags\r\n"  # 8 fields
H101 = "H101,B01,B01-1,101,3,赵磊,13700001234,\r\n"
H102 = "H102,B01,B01-1,102,1,钱秀英,13700005678,独居老人\r\n"
H103 = "H103,B02,B02-1,301,2,欧阳娜娜,13700003456,租户\r\n"
# Row 3 spans two lines: a quoted head_name with "" escapes, quoted tags holding the
# delimiter and a line break. 8 fields.
H108 = 'H108,B01,B01-1,107,2,"王""小""二",,"独居,老人\r\n需关照"\r\n'
H105 = "H105,B01,B01-1,104,1,周敏,,\r\n"
# Rows: header 1, H101 2, H108 3 (two lines), H102 4, H103 5, [short row 6], H105, blank line.
write("household_quoted_rows.csv", HEADER + H101 + H108 + H102 + H103 + H105 + "\r\n")
# Row 6 lost its last 4 values (and their delimiters): 4 fields in the middle of the file.
write("household_short_middle.csv",
      HEADER + H101 + H108 + H102 + H103 + "H104,B02,B02-1,302\r\n" + H105 + "\r\n")
# Row 3 has an unquoted comma in its tags: 9 fields.
write("household_long_row.csv",
      HEADER + H101 + "H102,B01,B01-1,102,1,钱秀英,13700005678,独居,老人\r\n" + H103)

# Issues as a table: row 2 is whole; row 3 has no description, row 4 an unknown category,
# row 5 a small class of another category, row 6 a description of white space only (an ASCII
# and a full-width space).
write("issue_fields.csv",
      "id,category,small_class,text,state,lon,lat\r\n"
      "I31,市容环境,暴露垃圾,垃圾山,reported,114.0,30.0\r\n"
      "I32,市容环境,暴露垃圾,,reported,114.0,30.0\r\n"
      "I33,乱扔东西,暴露垃圾,楼下乱扔,reported,114.0,30.0\r\n"
      "I34,市容环境,占道经营,路边摆摊,reported,114.0,30.0\r\n"
      "I35,市容环境,暴露垃圾, \u3000,reported,114.0,30.0\r\n")

# A GeoPackage whose gpkg_extensions lost its extension_name column (a damaged page or a
# careless tool), and one without the table at all, which the standard allows.
for name, sql in (("building_bad_extensions.gpkg",
                   "ALTER TABLE gpkg_extensions RENAME COLUMN extension_name TO x"),
                  ("building_no_extensions.gpkg", "DROP TABLE gpkg_extensions")):
    path = os.path.join(HERE, name)
    shutil.copy(os.path.join(DATA, "building.gpkg"), path)
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.execute("VACUUM")
    db.close()

# lon/lat cells that are not numbers: 'nan' in row 3's lon, 'inf' in row 2's lat of another.
write("issue_nan_lon.csv",
      "id,category,small_class,text,lon,lat\r\n"
      "I41,市容环境,暴露垃圾,垃圾山,114.0,30.0\r\n"
      "I42,市容环境,暴露垃圾,垃圾堆,nan,30.0\r\n")
write("issue_inf_lat.csv",
      "id,category,small_class,text,经度,纬度\r\n"
      "I43,市容环境,暴露垃圾,垃圾山,114.0,inf\r\n")
