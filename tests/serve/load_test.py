#!/usr/bin/python3
"""Load on loopback: 200 concurrent clients POST 10,000 Open311 requests (gridmap_serve_load);
throughput and p50/p99 are printed; every acknowledged request is stored exactly once and the
project stays consistent. Then kill -9 of the server in the middle of a load: every request
acknowledged before the kill is in the project after it.

With --kill-only, only the second part runs (the ctest serve_kill, well under a minute).

usage: load_test.py GRIDMAP GRIDMAP_SERVE_LOAD [REQUESTS] [CLIENTS] [--kill-only]"""

import os
import re
import sqlite3
import subprocess
import sys
import time

from serve_lib import Checks, Server, cleanup, demo_project, free_port, rows, workdir

kill_only = "--kill-only" in sys.argv
args = [a for a in sys.argv if a != "--kill-only"]
gridmap, load = args[1], args[2]
n = int(args[3]) if len(args) > 3 else 10000
clients = int(args[4]) if len(args) > 4 else 200
c = Checks()
work = workdir()
project = demo_project(gridmap, work)
key = subprocess.run([gridmap, "apikey", "add", project, "--name", "load"], capture_output=True, text=True,
                     check=True).stdout.strip()
worker = "P001"
lat, lon = None, None


def first_place(url):
    import json
    import urllib.request
    with urllib.request.urlopen(url + "/open311/v2/requests/I001.json") as r:
        one = json.load(r)[0]
    return str(one["lat"]), str(one["long"])


def run_load(port, count, prefix, acked):
    return subprocess.Popen([load, "127.0.0.1", str(port), key, lat, lon, str(count), str(clients), acked, prefix],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored(prefix):
    return rows(project, "SELECT id, text FROM issue WHERE text LIKE ?", (prefix + " %",))


def consistent(what):
    con = sqlite3.connect(project)
    try:
        c.eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok", f"{what}: SQLite integrity")
        orphans = con.execute("SELECT count(*) FROM issue_event WHERE issue NOT IN (SELECT id FROM issue)").fetchone()[0]
        c.eq(orphans, 0, f"{what}: no event without its issue")
        missing = con.execute("SELECT count(*) FROM issue WHERE id NOT IN (SELECT issue FROM issue_event)").fetchone()[0]
        c.eq(missing, 0, f"{what}: every issue has its events")
        dup = con.execute("SELECT count(*) FROM (SELECT id FROM issue GROUP BY id HAVING count(*) > 1)").fetchone()[0]
        c.eq(dup, 0, f"{what}: issue ids unique")
        rtree = con.execute("SELECT (SELECT count(*) FROM rtree_issue_geom) = (SELECT count(*) FROM issue)").fetchone()[0]
        c.eq(rtree, 1, f"{what}: the spatial index holds every issue")
        # The feature count kept by the GeoPackage's triggers: right, or NULL (unknown, counted by readers).
        counted = con.execute("SELECT coalesce((SELECT feature_count FROM gpkg_ogr_contents WHERE lower(table_name) = "
                              "'issue') = (SELECT count(*) FROM issue), 1)").fetchone()[0]
        c.eq(counted, 1, f"{what}: the GeoPackage's feature count of issue is right")
    finally:
        con.close()
    info = subprocess.run([gridmap, "info", project], capture_output=True, text=True)
    c.eq(info.returncode, 0, f"{what}: gridmap info opens the project")


srv = None
try:
    port = free_port(18380, 18390)
    srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker)
    lat, lon = first_place(srv.url)
    if kill_only:
        srv.stop()
    if not kill_only:
        acked = os.path.join(work, "acked.txt")
        t0 = time.time()
        p = run_load(port, n, "load", acked)
        out, err = p.communicate(timeout=1200)
        print(out.strip(), flush=True)
        m = dict(re.findall(r"(\w+) ([\d.]+)", out))
        ids = [line.strip() for line in open(acked) if line.strip()]
        c.eq(len(ids), int(m["acknowledged"]), "every acknowledgement recorded")
        c.eq(len(set(ids)), len(ids), "acknowledged ids unique")
        got = stored("load")
        c.eq(len(got), len(ids), "stored exactly the acknowledged requests")
        c.eq(sorted(i for i, _ in got), sorted(ids), "the acknowledged ids are the stored ones")
        c.eq(len({t for _, t in got}), len(got), "each request text stored once")
        c.check(int(m["acknowledged"]) >= n * 0.99, f"at least 99% acknowledged ({m['acknowledged']} of {n})")
        events = rows(project, "SELECT count(*) FROM issue_event WHERE issue IN (SELECT id FROM issue WHERE text LIKE 'load %')")[0][0]
        c.eq(events, 2 * len(got), "two events (reported, dispatched) per request")
        c.eq(srv.stop(), 0, "server stops cleanly")
        consistent("after the load")
        print(f"load: {n} POSTs from {clients} clients in {time.time() - t0:.1f} s", flush=True)

    # kill -9 in the middle of a load
    srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker)
    acked2 = os.path.join(work, "acked2.txt")
    p = run_load(port, n, "crash", acked2)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if os.path.exists(acked2) and sum(1 for _ in open(acked2)) >= 300:
            break
    srv.kill()
    out, _ = p.communicate(timeout=300)
    print("killed mid-load:", out.strip(), flush=True)
    ids = [line.strip() for line in open(acked2) if line.strip()]
    c.check(len(ids) >= 300, f"requests were acknowledged before the kill ({len(ids)})")
    c.check(len(ids) < n, "the kill came before the end")
    # The next writer opens the project (rolling back the unfinished batch) and finds them all.
    srv = Server(gridmap, project, port, "--as", worker)
    srv.stop()
    have = {i for i, _ in stored("crash")}
    lost = [i for i in ids if i not in have]
    c.eq(lost, [], "no acknowledged request lost by kill -9")
    texts = [t for _, t in stored("crash")]
    c.eq(len(set(texts)), len(texts), "nothing stored twice")
    consistent("after kill -9")
finally:
    if srv and srv.proc.poll() is None:
        srv.kill()
    cleanup(work)
sys.exit(c.done())
