#!/usr/bin/python3
"""Writes the hand-made coverage fixture (see README.md): coordinates are the offsets drawn
on paper, plus (500000, 3300000) in EPSG:4547. Run from this folder."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from fixture import line, poly, pt, rect, ring, write  # noqa: E402

C = "420902001005"

write("community.geojson", [({"code": C, "name": "覆盖测试社区"}, poly(rect(0, 0, 400, 400)))])
write("cell.geojson", [
    ({"code": C + "001", "name": "西北"}, poly(rect(0, 200, 200, 400))),
    ({"code": C + "002", "name": "东北"},
     poly([ring([(190, 300), (200, 300), (200, 200), (400, 200), (400, 400), (190, 400)])])),
    ({"code": C + "003", "name": "西南（两块）"},
     {"type": "MultiPolygon", "coordinates": [rect(0, 100, 200, 200), rect(0, 0, 100, 99.5)]}),
    ({"code": C + "004", "name": "东南"},
     poly([ring([(100, 0), (399.998, 0), (399.998, 200), (200, 200), (200, 100), (100, 100)])])),
])
write("compound.geojson", [({"id": "K1", "name": "天井小区"},
                            poly(rect(20, 220, 180, 380) + [ring([(80, 280), (80, 320), (120, 320), (120, 280)])]))])
write("building.geojson", [
    ({"id": "B1", "name": "骑线楼"}, poly(rect(190, 250, 210, 270))),
    ({"id": "B2", "name": "九六楼"}, poly(rect(300, 199.2, 320, 219.2))),
    ({"id": "B3", "name": "飞地楼"}, poly(rect(20, 20, 40, 40))),
    ({"id": "B4", "name": "缝隙楼"}, poly(rect(50, 99.6, 60, 99.9))),
    ({"id": "B5", "name": "重叠区楼"}, poly(rect(192, 320, 198, 330))),
    ({"id": "B6", "name": "天井楼"}, poly(rect(90, 290, 110, 310))),
    ({"id": "B7", "name": "小区楼"}, poly(rect(30, 230, 50, 250))),
])
write("issue.geojson", [
    ({"id": "I1", "category": "市容环境", "small_class": "暴露垃圾", "text": "垃圾堆放", "state": "reported"}, pt(200, 210)),
    ({"id": "I2", "category": "市容环境", "small_class": "道路不洁", "text": "路面油污", "state": "dispatched"}, pt(200, 200)),
    ({"id": "I3", "category": "街面秩序", "small_class": "占道经营", "text": "占道摆摊", "state": "reported"}, pt(500, 500)),
    ({"id": "I4", "category": "宣传广告", "small_class": "非法小广告", "text": "小广告", "state": "resolved"}, pt(50, 99.7)),
    ({"id": "I5", "category": "微心愿", "small_class": "楼道灯维修", "text": "楼道灯坏了", "state": "verified"}, pt(300, 50)),
    ({"id": "I6", "category": "市容环境", "small_class": "乱涂乱画", "text": "墙面涂鸦", "state": "accepted"}, pt(50, 150)),
    ({"id": "I7", "category": "街面秩序", "small_class": "机动车乱停放", "text": "乱停车", "state": "rejected"}, pt(300, 300)),
])
# Imported only by the report's residential test, on top of building.geojson.
write("building_extra.geojson", [
    ({"id": "B8", "name": "学校楼", "kind": "学校"}, poly(rect(250, 20, 270, 40))),
    ({"id": "B9", "name": "商住楼", "kind": "商铺"}, poly(rect(300, 20, 320, 40))),
])
write("service_point.geojson", [({"id": "S1", "name": "党群服务中心"}, pt(350, 350))])
write("repair_segment.geojson", [
    ({"id": "RS1", "road": "永新路", "work_type": "刷黑", "state": "active"}, line((-50, 150), (150, 150))),
    ({"id": "RS2", "road": "永新路", "work_type": "填缝", "state": "active"}, line((100, 150), (300, 150))),
    ({"id": "RS3", "road": "船厂路", "work_type": "沥青铺设", "state": "planned"}, line((0, 50), (50, 50))),
])
