#!/usr/bin/python3
"""Security of the phone API of `gridmap serve`: sign-in with Argon2id accounts, sessions,
CSRF, the role check of every staff endpoint, per-address rate limits, size and type limits;
every refusal is a 4xx and writes nothing. Also TLS (--tls-cert/--tls-key).

usage: staff_test.py GRIDMAP"""

import subprocess
import sys

import requests

from serve_lib import Checks, Server, cleanup, demo_project, free_port, personal_strings, rows, workdir

gridmap = sys.argv[1]
c = Checks()
work = workdir()
project = demo_project(gridmap, work)
worker = "P001"
plain = rows(project, "SELECT id FROM person WHERE id NOT IN (SELECT person FROM role_assignment) "
                      "AND id NOT IN (SELECT leader FROM party_group WHERE leader IS NOT NULL) ORDER BY id")[0][0]
leader = "P002"


def account(person, password, role="staff"):
    return subprocess.run([gridmap, "account", "set", project, "--person", person, "--role", role],
                          input=password + "\n", text=True, capture_output=True)


c.eq(account(worker, "worker-pass-1").returncode, 0, "account set")
c.eq(account(plain, "plain-pass-1").returncode, 0, "account of a person without a role")
c.eq(account(leader, "leader-pass-1", "leader").returncode, 0, "leader account")
c.eq(account(worker, "short").returncode, 2, "a short password refused")
c.eq(account("P999", "whatever-123").returncode, 2, "an unknown person refused")
h = rows(project, "SELECT password_hash FROM serve_account WHERE person=?", (worker,))[0][0]
c.check(h.startswith("$argon2id$") and "worker-pass-1" not in h, "stored as an Argon2id hash")

port = free_port(18360, 18380)
srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker, "--rate", "3")
u = srv.url
first = requests.get(u + "/open311/v2/requests/I001.json", timeout=10).json()[0]
lat, lon = first["lat"], first["long"]
bodies = []


def snapshot():
    return rows(project, "SELECT id, state, assignee, updated_at FROM issue ORDER BY id"), \
        rows(project, "SELECT count(*) FROM issue_event")[0][0], rows(project, "SELECT count(*) FROM issue_photo")[0][0]


try:
    # Residents: report, limits.
    ok = {"lat": lat, "lon": lon, "category": "微诉求", "small_class": "停车难", "text": "小区门口乱停车"}
    jpeg = b"\xff\xd8\xff\xe0" + b"\0" * 100
    s0 = snapshot()
    for data, files, status, what in [
        ({**ok, "category": "不存在"}, None, 400, "an unknown category"),
        ({**ok, "small_class": "暴露垃圾"}, None, 400, "a small class of another category"),
        ({**ok, "text": " "}, None, 400, "a blank text"),
        ({**ok, "lat": "39.9", "lon": "116.4"}, None, 400, "outside every community"),
        (ok, {"photo": ("x.jpg", b"<svg/>", "image/jpeg")}, 400, "a photo that is not JPEG/PNG by its bytes"),
    ]:
        r = requests.post(u + "/api/report", data=data, files=files, timeout=10)
        c.eq(r.status_code, status, what)
    r = requests.post(u + "/api/report", data=ok, headers={"Origin": "http://evil.example"}, timeout=10)
    c.eq(r.status_code, 403, "a cross-site report refused")
    c.eq(snapshot(), s0, "nothing written by refused reports")
    # --rate 3: three reports a minute from one address that pass the form's checks (the one
    # outside every community above passed them: the place is checked by the writer)
    n0 = rows(project, "SELECT count(*) FROM issue")[0][0]
    codes = [requests.post(u + "/api/report", data=ok, files={"photo": ("a.jpg", jpeg, "image/jpeg")},
                           timeout=10).status_code for _ in range(3)]
    c.eq(codes, [201, 201, 429], "the fourth report in a minute refused (--rate 3)")
    c.eq(rows(project, "SELECT count(*) FROM issue")[0][0], n0 + 2, "two stored")

    # Staff: sign-in, sessions, CSRF, roles.
    c.eq(requests.get(u + "/api/orders", timeout=10).status_code, 401, "orders need a session")
    c.eq(requests.get(u + "/api/dashboard", timeout=10).status_code, 401, "dashboard needs a session")
    c.eq(requests.post(u + "/api/login", data={"person": worker, "password": "wrong-pass-1"}, timeout=10).status_code,
         401, "a wrong password")
    c.eq(requests.post(u + "/api/login", data={"person": "P999", "password": "worker-pass-1"}, timeout=10).status_code,
         401, "an unknown person")
    w = requests.Session()
    r = w.post(u + "/api/login", data={"person": worker, "password": "worker-pass-1"}, timeout=10)
    c.eq(r.status_code, 200, "sign in")
    c.check("HttpOnly" in r.headers.get("Set-Cookie", "") and "SameSite=Strict" in r.headers.get("Set-Cookie", ""),
            "the session cookie is HttpOnly and SameSite=Strict")
    csrf = r.json()["csrf"]
    orders = w.get(u + "/api/orders", timeout=10)
    bodies.append(orders.text)
    c.eq(orders.status_code, 200, "my work orders")
    # A new request through Open311 is dispatched to the worker.
    key = subprocess.run([gridmap, "apikey", "add", project, "--name", "t"], capture_output=True, text=True).stdout.strip()
    r = requests.post(u + "/open311/v2/requests.json", data={"api_key": key, "service_code": "1202", "lat": lat,
                                                             "long": lon, "description": "车位被占"}, timeout=10)
    rid = r.json()[0]["service_request_id"]
    ids = [o["id"] for o in w.get(u + "/api/orders", timeout=10).json()]
    c.check(rid in ids, "the new request is in the worker's orders at once")
    s1 = snapshot()
    c.eq(w.post(u + f"/api/orders/{rid}/accept", timeout=10).status_code, 403, "no CSRF token")
    c.eq(w.post(u + f"/api/orders/{rid}/accept", headers={"X-CSRF-Token": "0" * 32}, timeout=10).status_code,
         403, "a wrong CSRF token")
    c.eq(w.post(u + f"/api/orders/{rid}/accept", headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"},
                timeout=10).status_code, 403, "a cross-site POST")
    c.eq(requests.post(u + f"/api/orders/{rid}/accept", headers={"X-CSRF-Token": csrf}, timeout=10).status_code,
         401, "the CSRF token without the session")
    p = requests.Session()
    r = p.post(u + "/api/login", data={"person": plain, "password": "plain-pass-1"}, timeout=10)
    pc = r.json()["csrf"]
    c.eq(p.post(u + f"/api/orders/{rid}/accept", headers={"X-CSRF-Token": pc}, timeout=10).status_code, 403,
         "a person who is neither assignee nor staff may not accept")
    c.eq(p.post(u + f"/api/orders/{rid}/reject", headers={"X-CSRF-Token": pc}, data={"reason": "不归我管"},
                timeout=10).status_code, 403, "nor reject")
    c.eq(p.get(u + "/api/dashboard", timeout=10).status_code, 403, "the dashboard is for leaders")
    c.eq(w.post(u + f"/api/orders/{rid}/reject", headers={"X-CSRF-Token": csrf}, data={"reason": " "},
                timeout=10).status_code, 400, "退回 needs a reason")
    c.eq(w.post(u + f"/api/orders/{rid}/resolve", headers={"X-CSRF-Token": csrf}, timeout=10).status_code, 409,
         "resolve before accept is not a legal move")
    c.eq(w.post(u + "/api/orders/NOPE/accept", headers={"X-CSRF-Token": csrf}, timeout=10).status_code, 409,
         "an unknown issue")
    c.eq(snapshot(), s1, "nothing written by refused changes")
    r = w.post(u + f"/api/orders/{rid}/accept", headers={"X-CSRF-Token": csrf}, timeout=10)
    c.eq((r.status_code, r.json().get("state_zh")), (200, "已接单"), "accept")
    r = w.post(u + f"/api/orders/{rid}/resolve", headers={"X-CSRF-Token": csrf}, data={"note": "已协调"},
               files={"photo": ("done.txt", b"not an image", "text/plain")}, timeout=10)
    c.eq(r.status_code, 400, "a resolve photo that is not an image")
    c.eq(rows(project, "SELECT state FROM issue WHERE id=?", (rid,))[0][0], "accepted", "still accepted")

    # The leader's dashboard: the same figures as the project's issues.
    ld = requests.Session()
    ld.post(u + "/api/login", data={"person": leader, "password": "leader-pass-1"}, timeout=10)
    d = ld.get(u + "/api/dashboard", timeout=10)
    bodies.append(d.text)
    c.eq(d.status_code, 200, "leader dashboard")
    total = d.json()["total"]
    c.eq(total["all"], rows(project, "SELECT count(*) FROM issue")[0][0], "dashboard: all issues")
    c.eq(total["open"], rows(project, "SELECT count(*) FROM issue WHERE state IN ('reported','dispatched','accepted')")[0][0],
         "dashboard: open issues")
    c.eq(total["rejected"], rows(project, "SELECT count(*) FROM issue WHERE state='rejected'")[0][0], "dashboard: rejected")
    c.eq(sum(total["open_by_state"].values()), total["open"], "dashboard: open by state adds up")

    # Sessions survive a restart of the server (schema 9: serve_session, the cookie hashed).
    cookie = w.cookies.get("gm_session")
    stored = rows(project, "SELECT token_hash, person, csrf FROM serve_session ORDER BY person")
    c.eq(sorted(p_ for _, p_, _ in stored), sorted([worker, plain, leader]), "three sessions stored")
    c.check(all(cookie not in t and cookie != t for t, _, _ in stored), "the cookie itself is not stored")
    c.eq(srv.stop(), 0, "stopped for a restart")
    srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker, "--rate", "3")
    me = w.get(u + "/api/me", timeout=10)
    c.eq(me.status_code, 200, "still signed in after the restart")
    c.eq((me.json().get("person"), me.json().get("csrf"), me.json().get("role")), (worker, csrf, "staff"),
         "the same person, CSRF token and role after the restart")
    c.check(me.json().get("name"), "the person's name after the restart")
    c.eq(ld.get(u + "/api/dashboard", timeout=10).status_code, 200, "the leader too")
    c.eq(w.post(u + f"/api/orders/{rid}/reject", headers={"X-CSRF-Token": "0" * 32}, data={"reason": "x"},
                timeout=10).status_code, 403, "CSRF still checked after the restart")
    forged = requests.Session()
    forged.cookies.set("gm_session", stored[0][0])
    c.eq(forged.get(u + "/api/me", timeout=10).status_code, 401, "the stored hash is not a cookie")

    # Sign out ends the session, also across a restart.
    w.post(u + "/api/logout", headers={"X-CSRF-Token": csrf}, timeout=10)
    c.eq(w.get(u + "/api/orders", timeout=10).status_code, 401, "signed out")
    c.eq(rows(project, "SELECT count(*) FROM serve_session WHERE person=?", (worker,))[0][0], 0,
         "the session removed from the project")
    srv.stop()
    srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker, "--rate", "3")
    c.eq(w.get(u + "/api/orders", timeout=10).status_code, 401, "still signed out after a restart")
    leaked = [s for s in personal_strings(project) if any(s in b for b in bodies)]
    c.eq(leaked, [], "no resident name or phone in staff responses")
    srv.stop()

    # TLS
    key_file, cert_file = f"{work}/key.pem", f"{work}/cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_file, "-out",
                    cert_file, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    bad = subprocess.run([gridmap, "serve", project, "--as", worker, "--tls-cert", cert_file], capture_output=True,
                         text=True)
    c.eq(bad.returncode, 2, "--tls-cert without --tls-key")
    tport = free_port(18380, 18400)
    tls = Server(gridmap, project, tport, "--as", worker, "--tls-cert", cert_file, "--tls-key", key_file)
    r = requests.get(f"https://127.0.0.1:{tport}/open311/v2/services.json", verify=cert_file, timeout=10)
    c.eq((r.status_code, len(r.json())), (200, 57), "services.json over HTTPS")
    r = requests.post(f"https://127.0.0.1:{tport}/api/login", data={"person": worker, "password": "worker-pass-1"},
                      verify=cert_file, timeout=10)
    c.check("Secure" in r.headers.get("Set-Cookie", ""), "the session cookie is Secure over HTTPS")
    tls.stop()
finally:
    for s in (srv,):
        if s.proc.poll() is None:
            s.kill()
    cleanup(work)
sys.exit(c.done())
