#!/usr/bin/python3
"""Writes the hand-made map fixture (see README.md): coordinates are the offsets drawn on paper,
plus (500000, 3300000) in EPSG:4547. Run from this folder."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fixture import line, poly, pt, rect, ring  # noqa: E402
from fixture import table as write_table  # noqa: E402
from fixture import write as write_geojson  # noqa: E402

C = "420100001001"


def write(name, features):
    write_geojson(name + ".geojson", features)


def table(name, header, rows):
    write_table(name + ".csv", header, rows)


write("community", [({"code": C, "name": "图例社区", "street": "示范街道"}, poly(rect(0, 0, 300, 200)))])
write("cell", [
    ({"code": C + "001", "name": "西网格"},
     poly([ring([(0, 0), (150, 0), (150, 150), (160, 150), (160, 200), (0, 200)])])),
    ({"code": C + "002", "name": "东网格"}, poly(rect(150, 0, 290, 200))),
])
write("compound", [({"id": "K1", "name": "幸福小区"},
                    poly(rect(10, 10, 140, 190) + [ring([(60, 80), (60, 120), (90, 120), (90, 80)])]))])
write("building", [
    ({"id": "B1", "name": "1栋", "number": "1", "kind": "residential", "floors": 6, "party_group": "PG1"},
     poly(rect(20, 130, 50, 170))),
    ({"id": "B2", "name": "2栋", "number": "2", "kind": "residential", "floors": 6},
     poly(rect(20, 30, 50, 70))),
    ({"id": "B3", "name": "3栋", "number": "3", "kind": "residential", "floors": 11},
     poly(rect(180, 40, 230, 90))),
    ({"id": "B4", "name": "商铺", "number": "4", "kind": "商铺", "floors": 2},
     poly(rect(240, 130, 280, 170))),
    ({"id": "B5", "name": "5栋", "number": "5", "kind": "residential", "floors": 4},
     poly(rect(140, 60, 170, 80))),
])
write("road", [({"id": "R1", "name": "幸福路", "kind": "secondary"}, line((-10, 100), (310, 100)))])
write("repair_segment", [({"id": "RS1", "road": "R1", "work_type": "刷黑", "state": "active"},
                          line((100, 100), (200, 100)))])
write("service_point", [({"id": "S1", "name": "党群服务站", "kind": "党群服务"}, pt(100, 110))])
write("issue", [
    ({"id": "I1", "category": "市容环境", "small_class": "暴露垃圾", "state": "reported",
      "text": "垃圾桶满溢"}, pt(200, 150)),
    ({"id": "I2", "category": "街面秩序", "small_class": "占道经营", "state": "resolved",
      "text": "路口占道摆摊"}, pt(60, 110)),
    ({"id": "I3", "category": "微心愿", "small_class": "楼道灯维修", "state": "verified", "text": "楼道灯"},
     pt(260, 50)),
    ({"id": "I4", "category": "宣传广告", "small_class": "非法小广告", "state": "rejected",
      "text": "电线杆小广告"}, pt(120, 20)),
])
table("person", ["id", "name", "phone", "party_member"], [
    ["P1", "王楼长", "13812345678", "1"],
    ["P2", "李单元长", "13600001111", "0"],
    ["P3", "赵网格员", "13911112222", "1"],
    ["P4", "陈组长", "13500003333", "1"],
])
table("party_group", ["id", "name", "leader"], [["PG1", "第一党小组", "P4"]])
table("unit", ["id", "building", "name"], [
    ["B1-1", "B1", "1单元"], ["B1-2", "B1", "2单元"], ["B2-1", "B2", "1单元"], ["B3-1", "B3", "1单元"]])
table("household", ["id", "building", "unit", "room", "persons", "head_name", "phone"], [
    ["H1", "B1", "B1-1", "101", "3", "居民甲", "13700000001"],
    ["H2", "B1", "B1-1", "102", "2", "居民乙", "13700000002"],
    ["H3", "B1", "B1-2", "201", "1", "居民丙", "13700000003"],
    ["H4", "B1", "B1-2", "202", "4", "居民丁", "13700000004"],
    ["H5", "B2", "B2-1", "101", "2", "居民戊", "13700000005"],
    ["H6", "B2", "B2-1", "102", "1", "居民己", "13700000006"],
    ["H7", "B3", "B3-1", "101", "3", "居民庚", "13700000007"],
    ["H8", "B3", "B3-1", "102", "2", "居民辛", "13700000008"],
    ["H9", "B3", "B3-1", "103", "1", "居民壬", "13700000009"],
])
table("role_assignment", ["person", "role", "target"], [
    ["P1", "building_captain", "B1"],
    ["P1", "building_captain", "B2"],
    ["P2", "unit_captain", "B1-1"],
    ["P3", "grid_worker", C + "001"],
])
