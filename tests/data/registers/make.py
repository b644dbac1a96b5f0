#!/usr/bin/python3
"""Household registers as a community office keeps them, for the demo project (gridmap demo):
Chinese headers, the building named inside its compound (小区 颐景花苑 + 楼栋 3栋), the unit as
a number (1, "1单元"), numbers typed as numbers in the workbook. Run with Debian's python3
(python3-openpyxl); writes the files beside this script. Expected results are worked by hand
in tests/cli/register_test.sh and tests/geo/import_register_test.cpp."""
import csv
import os

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = ["小区", "楼栋", "单元", "房号", "户主姓名", "人数", "电话"]

# Sheet 颐景花苑: B003 (颐景花苑3栋) has units B003-1..3; H00042 is B003-1 room 302 (常强, 2,
# 18280674714), H00043 is B003-1 room 401 (文峰, 2 persons).
PHASE1 = [
    ["颐景花苑", "3栋", 1, 302, "常强", 2, 18280674714],          # H00042, unchanged
    ["颐景花苑", "3栋", "1单元", 401, "文峰", 3, 15695538406],    # H00043, persons 2 -> 3
    ["颐景花苑", "3号楼", 4, 101, "王建国", 3, 13900000001],      # unit B003-4 created
    ["颐景花苑", "3幢", "4单元", 102, "李秀英", 1, 13900000002],  # the same new unit
]
# Sheet 宝成公寓: B018 (宝成公寓2栋) has unit B018-1 only; H00351 is B018-1 room 1501.
PHASE2 = [
    ["宝成公寓", "2栋", 1, 1501, "方德红", 3, 13304317982],       # H00351, unchanged
    ["宝成公寓", "宝成公寓2栋", 1, 1601, "周海", 2, 13900000003], # B018-1-1601, full name
    ["宝成公寓", "2栋", 2, 101, "孙丽", 4, 13900000004],          # unit B018-2 created
]


def workbook(path, phase1, phase2):
    wb = openpyxl.Workbook()
    for title, rows, sheet in (("颐景花苑", phase1, wb.active), ("宝成公寓", phase2, None)):
        ws = sheet if sheet is not None else wb.create_sheet()
        ws.title = title
        ws.append(HEAD)
        for r in rows:
            ws.append(r)
    wb.save(path)


def write_csv(name, head, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)


workbook(os.path.join(HERE, "household_register.xlsx"), PHASE1, PHASE2)
typo = [list(r) for r in PHASE1]
typo[2][1] = "颐景花园3栋"  # 园 for 苑
workbook(os.path.join(HERE, "household_register_typo.xlsx"), typo, PHASE2)

# B040 (船厂小区3栋): H00928 is B040-1 room 201 (林琴敏, 3, 18848900044); H00938 is B040-2
# room 302 (蔡洋, 5, 18515648958). Other header words: 户主, 家庭人数, 联系电话; 备注 is read as
# nothing.
CSV_HEAD = ["小区", "楼栋", "单元", "房号", "户主", "家庭人数", "联系电话", "备注"]
CSV_ROWS = [
    ["船厂小区", "3栋", "一单元", "201", "林琴敏", "3", "18848900044", ""],        # unchanged
    ["船厂小区", "3号楼", "2", "302室", "蔡洋", "5", "13700000000", "换号"],       # phone updated
    ["船厂小区", "3栋", "3", "701", "吴新", "2", "13900000011", ""],               # B040-3-701
    ["船厂小区", "船厂小区3栋", "1单元", "702", "郑新", "1", "13900000012", ""],   # B040-1-702
]
write_csv("household_register.csv", CSV_HEAD, CSV_ROWS)
edited = [list(r) for r in CSV_ROWS]
edited[2][5] = "3"  # B040-3-701: 2 -> 3 persons
write_csv("household_register_edited.csv", CSV_HEAD, edited)

# No 小区 column: "3栋" is a building of six compounds.
write_csv("household_ambiguous.csv", ["楼栋", "单元", "房号", "户主"],
          [["3栋", "1", "101", "余霞"]])
# An ID card column.
write_csv("household_idcard.csv", ["小区", "楼栋", "单元", "房号", "户主", "身份证号"],
          [["船厂小区", "3栋", "1", "201", "林琴敏", "420902199001010011"]])

# For the small fixture project of tests/geo (tests/data: B01 颐景花苑1栋 with units B01-1 1单元
# and B01-2 2单元, B02 宝成公寓1栋 with B02-1, B03 街边商铺; P01 张伟, P02 王芳; PB1
# 测试社区第一党支部; PG1 颐景花苑党小组).
write_csv("unit_register.csv", ["小区", "楼栋", "单元"],
          [["颐景花苑", "1号楼", "1单元"],   # B01-1, unchanged
           ["颐景花苑", "1栋", "3"],         # B01-3, added
           ["宝成公寓", "宝成公寓1栋", "2单元"]])  # B02-2, added
write_csv("person_register.csv", ["编号", "姓名", "联系电话", "政治面貌", "党支部", "备注"],
          [["P04", "赵强", "13700001111", "中共党员", "测试社区第一党支部", ""],
           ["P05", "钱红", "13700002222", "群众", "", "楼栋长"],
           ["P01", "张伟", "13812341234", "党员", "PB1", ""]])  # P01 as it is
write_csv("party_group_register.csv", ["党小组", "党支部", "组长"],
          [["颐景花苑党小组", "测试社区第一党支部", "张伟"],  # PG1 as it is
           ["新建党小组", "PB1", "王芳"]])                    # id 新建党小组, leader P02
write_csv("household_two_heads.csv", ["楼栋", "单元", "房号", "户主", "户主姓名"],
          [["B01", "1", "101", "张三", "张三"]])


def building(fid, x0, props):
    x, y = 500000 + x0, 3300300
    ring = [[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]
    return {"type": "Feature", "properties": dict(id=fid, **props),
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def geojson(name, features):
    import json
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
                   "features": features}, f, ensure_ascii=False)
        f.write("\n")


# OSM's building tag: apartments is residential, yes says nothing, church is kept (not residential).
geojson("building_osm.geojson", [building("K1", 0, {"building": "apartments"}),
                                 building("K2", 20, {"building": "yes"}),
                                 building("K3", 40, {"building": "church"})])
# A vector-tile export's kind=building on every feature: says nothing about the use.
geojson("building_kind_building.geojson", [building("K4", 60, {"kind": "building"}),
                                           building("K5", 80, {"kind": "building"})])

# A 党员名册 with no id column, one sheet per branch (fixture project: P01 张伟 13812341234,
# P02 王芳 15900001111, P03 李娜).
wb = openpyxl.Workbook()
for title, rows, sheet in (
        ("第一支部", [["张伟", 13812341234, "中共党员", "测试社区第一党支部"],   # P01 as it is
                      ["孙磊", 13600000001, "中共党员", "测试社区第一党支部"]], wb.active),  # new
        ("第二支部", [["王芳", 15900009999, "中共党员", "PB1"],     # P02's name, another phone
                      ["周娜", 13600000002, "群众", None]], None)):   # new
    ws = sheet if sheet is not None else wb.create_sheet()
    ws.title = title
    ws.append(["姓名", "联系电话", "政治面貌", "党支部"])
    for r in rows:
        ws.append(r)
wb.save(os.path.join(HERE, "person_register_noid.xlsx"))

# Sheets with different headers cannot be read as one.
wb = openpyxl.Workbook()
wb.active.title = "一栋"
wb.active.append(["楼栋", "房号", "户主"])
wb.active.append(["B001", 101, "石春平"])
ws = wb.create_sheet("二栋")
ws.append(["楼栋", "房号"])
ws.append(["B002", 101])
wb.save(os.path.join(HERE, "household_sheets_differ.xlsx"))
