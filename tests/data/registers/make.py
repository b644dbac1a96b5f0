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
