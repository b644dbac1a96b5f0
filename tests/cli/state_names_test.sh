#!/usr/bin/env bash
# One vocabulary of issue states: the app's Chinese names (the "Inspect" context of
# i18n/gridmap_zh_CN.ts, used by the issue panel, the inspect panel and the dashboard) are the
# names the reports print (state_title_zh, checked by StateNamesTest in tests/geo).
# usage: state_names_test.sh I18N_DIR
set -euo pipefail
/usr/bin/python3 - "$1/gridmap_zh_CN.ts" <<'PY'
import sys
import xml.etree.ElementTree as ET
expected = {"reported": "已上报", "dispatched": "已派单", "accepted": "已接单",
            "resolved": "已办结", "verified": "已核查", "rejected": "已驳回"}
found = {}
for context in ET.parse(sys.argv[1]).getroot().iter("context"):
    if context.findtext("name") != "Inspect":
        continue
    for message in context.iter("message"):
        source = message.findtext("source")
        if source in expected:
            found[source] = message.findtext("translation")
if found != expected:
    print(f"FAIL: the app's state names {found} are not the reports' {expected}")
    sys.exit(1)
print("ok: one vocabulary of states")
PY
