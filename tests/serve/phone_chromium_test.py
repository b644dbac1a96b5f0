#!/usr/bin/python3
"""The phone page of `gridmap serve` in headless Chromium at a 390x844 phone viewport: a
resident taps the map and reports (点单) with a photo, the grid worker signs in, accepts (接单)
and resolves (办结) with a photo, and the resident sees 已办结 by the request's token. Each step
is checked in the page, in the project and in a screenshot (its pixels).

usage: phone_chromium_test.py GRIDMAP"""

import io
import os
import subprocess
import sys

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from serve_lib import Checks, Server, cleanup, demo_project, free_port, personal_strings, rows, workdir

gridmap = sys.argv[1]
c = Checks()
work = workdir()
project = demo_project(gridmap, work)
shots = os.environ.get("GRIDMAP_SCREENSHOTS", work)

worker = "P001"  # grid worker of cell 420902001005001 (the demo), where I001 lies
subprocess.run([gridmap, "account", "set", project, "--person", worker], input="secret-pass-1\n",
               text=True, check=True, stdout=subprocess.DEVNULL)
lat, lon = rows(project, "SELECT 0, 0")[0]  # replaced below from the server
photo = os.path.join(work, "before.jpg")
Image.new("RGB", (64, 48), (200, 30, 30)).save(photo, "JPEG")
after = os.path.join(work, "after.png")
Image.new("RGB", (64, 48), (30, 160, 60)).save(after, "PNG")

port = free_port(18330, 18360)
srv = Server(gridmap, project, port, "--as", worker, "--dispatch-by", worker)
import requests  # noqa: E402

first = requests.get(srv.url + "/open311/v2/requests/I001.json", timeout=10).json()[0]
lat, lon = first["lat"], first["long"]

opts = Options()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=390,844", "--lang=zh-CN"):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                       {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
wait = WebDriverWait(driver, 30)


def shot(name):
    png = driver.get_screenshot_as_png()
    open(os.path.join(shots, name), "wb").write(png)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return img


def count_color(img, rgb, tol=40):
    n = 0
    for px in img.getdata():
        if all(abs(px[i] - rgb[i]) <= tol for i in range(3)):
            n += 1
    return n


try:
    driver.get(srv.url + "/")
    c.eq(driver.title, "网格地图 · 群众点单", "page title")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map path.leaflet-interactive")) > 10)
    c.eq(driver.execute_script("return window.innerWidth"), 390, "phone viewport width")
    # Every asset from the server itself (no CDN).
    sources = driver.execute_script(
        "return [...document.scripts].map(s => s.src).concat([...document.querySelectorAll('link')].map(l => l.href))")
    c.check(all(s.startswith(srv.url) for s in sources if s), f"all assets local: {sources}")
    import re
    bundled = re.search(r'var version = "([^"]+)"', open("/usr/share/javascript/leaflet/leaflet.js").read()).group(1)
    c.eq(driver.execute_script("return typeof L !== 'undefined' && L.version"), bundled,
         "Leaflet of libjs-leaflet, bundled")
    # Tap the map where I001 lies.
    m = driver.find_element(By.ID, "map")
    x, y = driver.execute_script("const p = map.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];", lat, lon)
    ActionChains(driver).move_to_element_with_offset(m, int(x - m.size["width"] / 2), int(y - m.size["height"] / 2)).click().perform()
    got_lat = float(driver.find_element(By.ID, "lat").get_attribute("value") or 0)
    got_lon = float(driver.find_element(By.ID, "lon").get_attribute("value") or 0)
    c.check(abs(got_lat - lat) < 2e-4 and abs(got_lon - lon) < 2e-4, f"tap sets the place ({got_lat}, {got_lon})")
    Select(driver.find_element(By.ID, "category")).select_by_visible_text("微诉求")
    Select(driver.find_element(By.ID, "small-class")).select_by_visible_text("楼道堆物")
    driver.find_element(By.ID, "text").send_keys("3栋2单元楼道堆放杂物，影响通行")
    driver.find_element(By.ID, "photo").send_keys(photo)
    before = rows(project, "SELECT count(*) FROM issue")[0][0]
    driver.find_element(By.ID, "submit-report").click()
    token_el = wait.until(EC.presence_of_element_located((By.ID, "new-token")))
    token = token_el.text
    result = driver.find_element(By.ID, "report-result").text
    c.check("点单已提交" in result and "已派单" in result, f"report acknowledged: {result!r}")
    img = shot("1-report.png")
    c.check(count_color(img, (183, 28, 28)) > 2000, "screenshot 1: the red header and button")
    c.check(count_color(img, (21, 101, 192), 30) > 100, "screenshot 1: blue cell outlines on the map")
    c.eq(rows(project, "SELECT count(*) FROM issue")[0][0], before + 1, "one issue stored")
    rid = token.split("-")[0]
    state, assignee, category, small = rows(project, "SELECT state, assignee, category, small_class FROM issue WHERE id=?", (rid,))[0]
    c.eq((state, assignee, category, small), ("dispatched", worker, "微诉求", "楼道堆物"), "stored and dispatched")
    c.eq(rows(project, "SELECT mime, stage FROM issue_photo WHERE issue=?", (rid,)), [("image/jpeg", "before")],
         "the resident's photo stored as before")

    # The grid worker signs in: 我的工单, 接单, 办结 with a photo.
    driver.find_element(By.ID, "tab-staff").click()
    driver.find_element(By.ID, "person").send_keys(worker)
    driver.find_element(By.ID, "password").send_keys("secret-pass-1")
    driver.find_element(By.ID, "login-submit").click()
    order = wait.until(EC.presence_of_element_located((By.ID, "order-" + rid)))
    c.check("楼道堆物" in order.text and "已派单" in order.text, "my work orders list the request")
    order.find_element(By.CSS_SELECTOR, ".act-accept").click()
    wait.until(lambda d: "接单" in d.find_element(By.ID, "staff-result").text)
    c.check("接单成功" in driver.find_element(By.ID, "staff-result").text,
            "接单: " + driver.find_element(By.ID, "staff-result").text)
    c.eq(rows(project, "SELECT state FROM issue WHERE id=?", (rid,))[0][0], "accepted", "accepted in the project")
    order = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f"#order-{rid} .act-resolve")))
    order.find_element(By.NAME, "photo").send_keys(after)
    order.find_element(By.NAME, "note").send_keys("已清理")
    order.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(lambda d: "办结" in d.find_element(By.ID, "staff-result").text)
    c.check("办结成功" in driver.find_element(By.ID, "staff-result").text,
            "办结: " + driver.find_element(By.ID, "staff-result").text)
    img = shot("2-staff.png")
    c.check("已办结" in driver.find_element(By.ID, "staff-result").text, "staff sees 已办结")
    c.check(count_color(img, (183, 28, 28)) > 1000, "screenshot 2: the page is drawn")
    c.eq(rows(project, "SELECT state FROM issue WHERE id=?", (rid,))[0][0], "resolved", "resolved in the project")
    c.eq(rows(project, "SELECT mime, stage FROM issue_photo WHERE issue=? ORDER BY rowid", (rid,)),
         [("image/jpeg", "before"), ("image/png", "after")], "the after photo stored")
    events = rows(project, "SELECT to_state, by FROM issue_event WHERE issue=? ORDER BY rowid", (rid,))
    c.eq(events, [("reported", worker), ("dispatched", worker), ("accepted", worker), ("resolved", worker)],
         "every step recorded with who")

    # The resident follows the request by its token.
    driver.find_element(By.ID, "tab-track").click()
    c.check(rid in driver.find_element(By.ID, "my-reports").text, "my reports remembered on the phone")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.ID, "track-submit").click()
    state_el = wait.until(EC.presence_of_element_located((By.ID, "track-state")))
    c.eq(state_el.text, "已办结", "the resident sees 已办结")
    img = shot("3-track.png")
    c.check(count_color(img, (46, 125, 50), 25) > 150, "screenshot 3: the green 已办结 badge")
    page = driver.page_source
    leaked = [s for s in personal_strings(project) if s in page]
    c.eq(leaked, [], "no resident name or phone in the page")
finally:
    driver.quit()
    srv.stop()
    cleanup(work)
sys.exit(c.done())
