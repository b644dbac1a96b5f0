#!/usr/bin/python3
"""Open311 GeoReport v2 conformance of `gridmap serve`, field by field as the spec describes
them (http://wiki.open311.org/GeoReport_v2), on the demo project; API keys; bad input and
unauthorised calls refused with nothing written; no resident name or phone in any response.

usage: open311_test.py GRIDMAP"""

import math
import re
import sys
import xml.etree.ElementTree as ET

import requests

from serve_lib import Checks, Server, cleanup, demo_project, free_port, personal_strings, rows, workdir

gridmap = sys.argv[1]
c = Checks()
work = workdir()
project = demo_project(gridmap, work)

# API keys: printed once, stored hashed.
key = __import__("subprocess").run([gridmap, "apikey", "add", project, "--name", "wechat"],
                                   capture_output=True, text=True, check=True).stdout.strip()
c.check(re.fullmatch(r"gm_[0-9a-f]{64}", key) is not None, f"key format {key!r}")
stored = rows(project, "SELECT name, hash, revoked_at FROM serve_api_key")
c.eq(len(stored), 1, "one key stored")
c.check(key not in str(stored) and key[3:] not in str(stored), "the key itself is not stored")
dup = __import__("subprocess").run([gridmap, "apikey", "add", project, "--name", "wechat"],
                                   capture_output=True, text=True)
c.eq(dup.returncode, 2, "a second active key of one name is refused")
other = __import__("subprocess").run([gridmap, "apikey", "add", project, "--name", "hotline"],
                                     capture_output=True, text=True, check=True).stdout.strip()

staff = rows(project, "SELECT person FROM role_assignment WHERE role='grid_worker' ORDER BY 1")[0][0]
port = free_port(18300, 18330)
srv = Server(gridmap, project, port, "--as", staff, "--dispatch-by", staff)
base = srv.url + "/open311/v2"
responses = []  # every body, for the personal-data check


def get(path, **params):
    r = requests.get(base + path, params=params, timeout=10)
    responses.append(r.text)
    return r


def post(data, files=None):
    r = requests.post(base + "/requests.json", data=data, files=files, timeout=30)
    responses.append(r.text)
    return r


def issue_count():
    return rows(project, "SELECT count(*) FROM issue")[0][0]


try:
    # services.json: one service per small class, grouped by category.
    r = get("/services.json")
    c.eq(r.status_code, 200, "services.json status")
    c.check(r.headers["Content-Type"].startswith("application/json"), "services.json is JSON")
    services = r.json()
    c.eq(len(services), 10 + 6 + 6 + 8 + 8 + 6 + 6 + 7, "one service per small class")
    fields = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    c.check(all(set(s) == fields for s in services), "each service has exactly the spec's fields")
    c.eq(len({s["service_code"] for s in services}), len(services), "service codes are unique")
    c.check(all(s["metadata"] is False and s["type"] == "realtime" for s in services),
            "metadata false, type realtime")
    c.eq(sorted({s["group"] for s in services}),
         sorted(["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "扩展事件", "微心愿", "微诉求"]),
         "groups are the categories")
    svc = {s["service_code"]: s for s in services}
    c.eq((svc["0101"]["group"], svc["0101"]["service_name"]), ("市容环境", "暴露垃圾"), "service 0101")
    c.eq(get("/services/0101.json").status_code, 200, "service definition")
    c.eq(get("/services/9999.json").status_code, 404, "unknown service definition 404")

    # An existing issue gives a point inside the community.
    r = get("/requests/I001.json")
    c.eq(r.status_code, 200, "requests/I001.json")
    one = r.json()
    c.eq(len(one), 1, "requests/{id}.json is an array of one")
    want = {"service_request_id", "status", "status_notes", "service_name", "service_code",
            "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
            "long", "media_url"}
    c.eq(set(one[0]), want, "a request has the spec's fields")
    c.check(one[0]["status"] in ("open", "closed"), "status open or closed")
    lat, lon = one[0]["lat"], one[0]["long"]
    c.check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", one[0]["requested_datetime"])
            is not None, "requested_datetime is W3C with an offset")
    c.eq(get("/requests/NOPE.json").status_code, 404, "unknown request 404")

    # Refused POSTs: nothing written.
    before = issue_count()
    good = {"api_key": key, "service_code": "0101", "lat": lat, "long": lon,
            "description": "楼下暴露垃圾", "first_name": "张三", "last_name": "李",
            "phone": "13912345678", "email": "zs@example.com"}
    cases = [
        ({k: v for k, v in good.items() if k != "api_key"}, 403, "no api_key"),
        ({**good, "api_key": "gm_" + "0" * 64}, 403, "a wrong api_key"),
        ({**good, "service_code": "9999"}, 400, "an unknown service_code"),
        ({k: v for k, v in good.items() if k not in ("lat", "long")}, 400, "no location"),
        ({**good, "lat": "nan"}, 400, "lat nan"),
        ({**good, "lat": "91"}, 400, "lat 91"),
        ({**good, "lat": "39.9", "long": "116.4"}, 400, "a point outside every community"),
        ({**good, "description": "  \u3000 "}, 400, "a blank description"),
        ({**good, "coordinate_system": "bd09x"}, 400, "an unknown coordinate_system"),
        ({**good, "description": "长" * 5000}, 413, "a form over 8 KB (a long description)"),
    ]
    for data, status, what in cases:
        r = post(data)
        c.eq(r.status_code, status, what)
        body = r.json() if r.headers.get("Content-Type", "").startswith("application/json") else None
        c.check(isinstance(body, list) and body and set(body[0]) == {"code", "description"}
                and body[0]["code"] == status, f"{what}: the spec's error array")
    r = post({**good, "description": b"\xff\xfe bad".decode("latin-1")})
    c.eq(r.status_code, 201 if r.status_code == 201 else 400, "latin-1 text is either refused or valid UTF-8")
    if r.status_code == 201:
        before += 1
    r = post({**good, "description": "长" * 5000}, files={"media": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")})
    c.eq(r.status_code, 400, "a description over 4000 characters (multipart)")
    r = post(good, files={"media": ("x.jpg", b"GIF89a not a jpeg", "image/jpeg")})
    c.eq(r.status_code, 400, "a media that is not a JPEG/PNG by its bytes")
    r = post(good, files={"media": ("big.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), "image/jpeg")})
    c.check(r.status_code in (400, 413), f"a photo over 10 MB refused (got {r.status_code})")
    c.eq(issue_count(), before, "nothing written by refused requests")

    # A good POST: 201, id and token, stored once, dispatched to the proposed assignee.
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    r = post({**good, "description": "  楼下暴露垃圾  ", "address_string": "幸福路1号"},
             files={"media": ("a.png", png, "image/png")})
    c.eq(r.status_code, 201, "POST requests.json")
    created = r.json()
    c.eq(len(created), 1, "one created request")
    c.check({"service_request_id", "token"} <= set(created[0]), "service_request_id and token")
    rid, token = created[0]["service_request_id"], created[0]["token"]
    c.eq(issue_count(), before + 1, "stored once")
    got = get(f"/requests/{rid}.json").json()[0]
    c.eq(got["description"], "楼下暴露垃圾", "description stored trimmed")
    c.eq(got["service_code"], "0101", "service_code round trip")
    c.eq(got["address"], "幸福路1号", "address_string stored")
    c.check(abs(got["lat"] - lat) < 1e-6 and abs(got["long"] - lon) < 1e-6, "lat/long round trip")
    c.eq(got["status"], "open", "new request open")
    c.eq(got["status_notes"], "已派单", "dispatched at once (--dispatch-by)")
    (state, assignee, cell, deadline, reported) = rows(
        project, "SELECT state, assignee, cell, deadline, reported_at FROM issue WHERE id=?", (rid,))[0]
    c.eq(state, "dispatched", "stored state")
    c.check(assignee and cell, "stored with its cell and assignee")
    c.check(deadline > reported, "stored with a deadline after the report")
    name = rows(project, "SELECT name FROM person WHERE id=?", (assignee,))[0][0]
    c.eq(got["agency_responsible"], name, "agency_responsible is the assignee (staff) name")
    c.eq(rows(project, "SELECT count(*), min(mime), min(length(data)) FROM issue_photo WHERE issue=?", (rid,))[0],
         (1, "image/png", len(png)), "the media stored as the issue's photo")
    c.eq(rows(project, "SELECT reporter FROM issue WHERE id=?", (rid,))[0][0], None, "no reporter stored")
    blob = open(project, "rb").read()
    c.check(b"13912345678" not in blob and "张三".encode() not in blob and b"zs@example.com" not in blob,
            "first_name, phone, email never stored")

    # tokens
    r = get(f"/tokens/{token}.json")
    c.eq(r.status_code, 200, "tokens/{token}.json")
    c.eq(r.json(), [{"service_request_id": rid, "token": token}], "token -> request")
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    c.eq(get(f"/tokens/{forged}.json").status_code, 404, "a forged token 404")

    # GCJ-02 extension: a point given in GCJ-02 is stored in WGS84.
    def gcj(wlat, wlon):
        a, ee = 6378245.0, 0.00669342162296594323
        x, y = wlon - 105.0, wlat - 35.0
        dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
                + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
                + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
                + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
        dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
                + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
                + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
                + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
        rad = wlat / 180.0 * math.pi
        magic = 1 - ee * math.sin(rad) ** 2
        sq = math.sqrt(magic)
        dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
        dlon = (dlon * 180.0) / (a / sq * math.cos(rad) * math.pi)
        return wlat + dlat, wlon + dlon
    glat, glon = gcj(lat, lon)
    c.check(abs(glat - lat) > 1e-4 or abs(glon - lon) > 1e-4, "GCJ-02 differs from WGS84 here")
    r = post({**good, "lat": glat, "long": glon, "coordinate_system": "gcj02"})
    c.eq(r.status_code, 201, "POST with coordinate_system=gcj02")
    g = get(f"/requests/{r.json()[0]['service_request_id']}.json").json()[0]
    c.check(abs(g["lat"] - lat) < 1e-5 and abs(g["long"] - lon) < 1e-5,
            f"gcj02 stored as WGS84 ({g['lat']}, {g['long']} vs {lat}, {lon})")

    # GET requests.json filters
    r = get("/requests.json")
    c.eq(r.status_code, 200, "requests.json")
    ids = [x["service_request_id"] for x in r.json()]
    c.check(rid in ids, "the new request listed (last 90 days by default)")
    c.check(all(set(x) == want for x in r.json()), "every listed request has the spec's fields")
    r = get("/requests.json", service_request_id=f"I001,{rid}")
    c.eq(sorted(x["service_request_id"] for x in r.json()), sorted(["I001", rid]), "by service_request_id")
    r = get("/requests.json", start_date="2000-01-01T00:00:00Z", status="closed")
    c.check(len(r.json()) > 0 and all(x["status"] == "closed" for x in r.json()), "status=closed")
    c.check(rid not in [x["service_request_id"] for x in r.json()], "open request not in closed")
    r = get("/requests.json", start_date="2000-01-01T00:00:00Z", service_code="0102")
    c.check(len(r.json()) > 0 and all(x["service_code"] == "0102" for x in r.json()), "service_code filter")
    all_issues = rows(project, "SELECT count(*) FROM issue")[0][0]
    r = get("/requests.json", start_date="2000-01-01T00:00:00Z")
    c.eq(len(r.json()), all_issues, "all requests since 2000")
    r = get("/requests.json", start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z")
    c.eq(r.json(), [], "an empty window")
    r = get("/requests.json", start_date="2026-02-30")
    c.eq(r.status_code, 400, "start_date not on the calendar")
    r = get("/requests.json", start_date="2000-01-01", cell=cell)
    c.eq(len(r.json()), rows(project, "SELECT count(*) FROM issue WHERE cell=?", (cell,))[0][0],
         "the cell extension")

    # XML, the spec's other format: the same documents element by element.
    def xml(r, root):
        c.check(r.headers.get("Content-Type", "").startswith("text/xml"), f"{r.url}: text/xml")
        c.check(r.text.startswith('<?xml version="1.0" encoding="utf-8"?>'), f"{r.url}: XML declaration")
        doc = ET.fromstring(r.content)
        c.eq(doc.tag, root, f"{r.url}: root element")
        return doc

    def same(elem, obj, what):
        """An XML object (children in the JSON's order, each text equal to the JSON value)."""
        c.eq([child.tag for child in elem], list(obj), f"{what}: the fields, in order")
        for child in elem:
            v = obj.get(child.tag)
            text = child.text or ""
            if isinstance(v, bool):
                c.eq(text, "true" if v else "false", f"{what}: {child.tag}")
            elif isinstance(v, (int, float)):
                c.check(abs(float(text) - v) < 1e-9, f"{what}: {child.tag} {text} vs {v}")
            elif v is None:
                c.eq(text, "", f"{what}: {child.tag} (null)")
            else:
                c.eq(text, v, f"{what}: {child.tag}")

    doc = xml(get("/services.xml"), "services")
    c.eq(len(doc), len(services), "services.xml: one <service> per small class")
    c.check(all(e.tag == "service" for e in doc), "services.xml: <service> elements")
    for e, s_json in zip(doc, services):
        same(e, s_json, f"services.xml {s_json['service_code']}")
    doc = xml(get("/services/0101.xml"), "service_definition")
    c.eq(doc.findtext("service_code"), "0101", "services/0101.xml: service_code")
    c.eq(len(doc.find("attributes")), 0, "services/0101.xml: no attributes")
    r = get("/services/9999.xml")
    c.eq(r.status_code, 404, "services/9999.xml: 404")
    doc = xml(r, "errors")
    c.eq((doc[0].tag, doc[0].findtext("code")), ("error", "404"), "services/9999.xml: <error><code>404")
    c.check("9999" in doc[0].findtext("description"), "the error's description names the code")
    doc = xml(get("/discovery.xml"), "discovery")
    c.eq([f.text for f in doc.iter("format")], ["application/json", "text/xml"], "discovery.xml: formats")
    for rq in (rid, "I001"):
        doc = xml(get(f"/requests/{rq}.xml"), "service_requests")
        c.eq(len(doc), 1, f"requests/{rq}.xml: one <request>")
        same(doc[0], get(f"/requests/{rq}.json").json()[0], f"requests/{rq}.xml")
    c.eq(xml(get("/requests/NOPE.xml"), "errors")[0].findtext("code"), "404", "requests/NOPE.xml: 404 error")
    for params in ({}, {"start_date": "2000-01-01T00:00:00Z", "status": "closed"},
                   {"start_date": "2000-01-01", "service_code": "0102"}, {"service_request_id": f"I001,{rid}"},
                   {"start_date": "2000-01-01", "cell": cell}):
        js = get("/requests.json", **params).json()
        doc = xml(get("/requests.xml", **params), "service_requests")
        c.eq([e.findtext("service_request_id") for e in doc], [x["service_request_id"] for x in js],
             f"requests.xml {params}: the JSON's requests in its order")
        for e, x in zip(doc, js):
            same(e, x, f"requests.xml {x['service_request_id']}")
    doc = xml(get("/requests.xml", start_date="2000-01-01", end_date="2000-02-01"), "service_requests")
    c.eq(len(doc), 0, "requests.xml: an empty window")
    n = issue_count()
    r = requests.post(base + "/requests.xml", data={k: v for k, v in good.items() if k != "api_key"}, timeout=10)
    c.eq(r.status_code, 403, "POST requests.xml without api_key")
    c.eq(xml(r, "errors")[0].findtext("code"), "403", "POST requests.xml: the error in XML")
    r = requests.post(base + "/requests.xml", data={**good, "service_code": "9999"}, timeout=10)
    c.eq(xml(r, "errors")[0].findtext("code"), "400", "POST requests.xml: unknown service 400 in XML")
    c.eq(issue_count(), n, "refused XML POSTs write nothing")
    tricky = "门口 <垃圾> & \"桶\" 'x' ]]>"
    r = requests.post(base + "/requests.xml", data={**good, "description": tricky}, timeout=10)
    c.eq(r.status_code, 201, "POST requests.xml")
    doc = xml(r, "service_requests")
    c.eq([e.tag for e in doc[0]], ["service_request_id", "token", "service_notice", "account_id"],
         "POST requests.xml: the spec's fields")
    xid, xtoken = doc[0].findtext("service_request_id"), doc[0].findtext("token")
    c.eq(issue_count(), n + 1, "POST requests.xml stored once")
    c.eq(xml(get(f"/requests/{xid}.xml"), "service_requests")[0].findtext("description"), tricky,
         "markup characters in a description survive the XML round trip")
    doc = xml(get(f"/tokens/{xtoken}.xml"), "service_requests")
    c.eq((doc[0].findtext("service_request_id"), doc[0].findtext("token")), (xid, xtoken), "tokens/{token}.xml")
    responses.extend([get("/requests.xml", start_date="2000-01-01").text, get("/services.xml").text])

    # Revoked keys stop at once.
    __import__("subprocess").run([gridmap, "apikey", "revoke", project, "--name", "wechat"], check=True,
                                 stdout=__import__("subprocess").DEVNULL)
    __import__("time").sleep(1.1)  # keys are looked up at most once a second
    n = issue_count()
    c.eq(post(good).status_code, 403, "a revoked key refused")
    c.eq(post({**good, "api_key": other}).status_code, 201, "another key still works")
    c.eq(issue_count(), n + 1, "only the good key's request stored")

    # No resident name or phone in any response.
    secrets = personal_strings(project)
    c.check(len(secrets) > 10, "the demo has residents' names and phones to look for")
    for page in ("/requests.json?start_date=2000-01-01", "/services.json"):
        responses.append(requests.get(base + page, timeout=10).text)
    responses.append(requests.get(srv.url + "/api/map", timeout=10).text)
    responses.append(requests.get(srv.url + "/api/issues", timeout=10).text)
    leaked = [s for s in secrets if any(s in body for body in responses)]
    c.eq(leaked, [], "no resident name or phone in any response")
    c.eq(srv.stop(), 0, "the server stops cleanly on SIGTERM")
finally:
    if srv.proc.poll() is None:
        srv.kill()
    cleanup(work)
sys.exit(c.done())
