"""Shared helpers of the `gridmap serve` tests: a demo project, a server on a port, sqlite reads."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time


class Fail(Exception):
    pass


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, flush=True)

    def eq(self, got, want, what):
        self.check(got == want, f"{what}: got {got!r}, want {want!r}")

    def done(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 else 1


def demo_project(gridmap, work):
    subprocess.run([gridmap, "demo", work], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(work, "demo.gpkg")


def free_port(lo, hi):
    for port in range(lo, hi):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise Fail(f"no free port in {lo}-{hi}")


class Server:
    """`gridmap serve` in the background; stopped (SIGTERM) by stop() or kill() (SIGKILL)."""

    def __init__(self, gridmap, project, port, *extra):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.proc = subprocess.Popen([gridmap, "serve", project, "--port", str(port), *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if self.proc.poll() is not None:
                raise Fail("server exited: " + open(self.log.name).read())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise Fail("server did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        return self.proc.returncode

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def rows(project, sql, args=()):
    con = sqlite3.connect(project, timeout=30)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def personal_strings(project):
    """Every resident's and person's name and phone in the project (what no response may hold)."""
    out = set()
    for (name, phone) in rows(project, "SELECT head_name, phone FROM household"):
        out.update(v for v in (name, phone) if v and len(v) >= 2)
    for (phone,) in rows(project, "SELECT phone FROM person"):
        if phone:
            out.add(phone)
    return out


def workdir():
    return tempfile.mkdtemp(prefix="gridmap-serve-")


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)
