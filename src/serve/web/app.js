// The phone page of `gridmap serve`: residents report (点单) and follow their request by its
// token; staff sign in for their work orders; leaders see the dashboard. No CDN: Leaflet and
// this file are bundled into the program.
"use strict";

const $ = (id) => document.getElementById(id);
let csrf = "";
let services = [];
let map = null;
let pin = null;

function text(el, s) { el.textContent = s; }
function show(el, message, error) {
  el.textContent = message;
  el.classList.toggle("error", !!error);
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const message = body && (body.error || (body[0] && body[0].description)) || ("HTTP " + res.status);
    throw new Error(message);
  }
  return body;
}

// ---- tabs
document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === b));
  document.querySelectorAll(".view").forEach((v) => v.classList.add("hidden"));
  $("view-" + b.dataset.view).classList.remove("hidden");
  if (b.dataset.view === "report" && map) map.invalidateSize();
  if (b.dataset.view === "track") listMyReports();
  if (b.dataset.view === "staff") refreshStaff();
}));

// ---- map
function setPin(lat, lon, how) {
  $("lat").value = lat.toFixed(7);
  $("lon").value = lon.toFixed(7);
  if (pin) pin.setLatLng([lat, lon]);
  else pin = L.circleMarker([lat, lon], { radius: 9, color: "#b71c1c", weight: 3, fillOpacity: 0.6 }).addTo(map);
  text($("where"), how + "：纬度 " + lat.toFixed(5) + "，经度 " + lon.toFixed(5));
}

async function loadMap() {
  map = L.map("map", { zoomControl: true, attributionControl: false });
  map.setView([30.6, 114.3], 13);
  const features = await api("/api/map");
  const layer = L.geoJSON(features, {
    style: (f) => f.properties.layer === "cell"
      ? { color: "#1565c0", weight: 2, fill: false }
      : { color: "#78909c", weight: 1, fillColor: "#b0bec5", fillOpacity: 0.7 },
  }).addTo(map);
  if (features.features.length > 0) map.fitBounds(layer.getBounds());
  const issues = await api("/api/issues");
  for (const i of issues) {
    L.circleMarker([i.lat, i.lon], { radius: 5, color: i.state === "resolved" || i.state === "verified" ? "#2e7d32" : "#ef6c00", weight: 2 })
      .bindTooltip(i.small_class + " · " + i.state_zh).addTo(map);
  }
  map.on("click", (e) => setPin(e.latlng.lat, e.latlng.lng, "已选择位置"));
}

$("locate").addEventListener("click", () => {
  if (!navigator.geolocation) { show($("report-result"), "此设备不支持定位，请点击地图选择位置", true); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => { setPin(p.coords.latitude, p.coords.longitude, "当前位置"); map.setView([p.coords.latitude, p.coords.longitude], 17); },
    () => show($("report-result"), "无法获取位置，请点击地图选择位置", true));
});

// ---- categories (Open311 services.json: one service per small class, grouped by category)
async function loadServices() {
  services = await api("/open311/v2/services.json");
  const groups = [...new Set(services.map((s) => s.group))];
  const cat = $("category");
  cat.innerHTML = "";
  for (const g of groups) cat.add(new Option(g, g));
  cat.addEventListener("change", fillSmall);
  fillSmall();
}
function fillSmall() {
  const small = $("small-class");
  small.innerHTML = "";
  for (const s of services.filter((x) => x.group === $("category").value)) small.add(new Option(s.service_name, s.service_name));
}

// ---- report
$("report-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const out = $("report-result");
  if (!$("lat").value) { show(out, "请先在地图上选择问题位置或使用定位", true); return; }
  const photo = $("photo").files[0];
  if (photo && photo.size > 10 * 1024 * 1024) { show(out, "照片不能超过10MB", true); return; }
  $("submit-report").disabled = true;
  try {
    const r = await api("/api/report", { method: "POST", body: new FormData($("report-form")) });
    const mine = JSON.parse(localStorage.getItem("gridmap.reports") || "[]");
    mine.unshift({ id: r.id, token: r.token });
    localStorage.setItem("gridmap.reports", JSON.stringify(mine.slice(0, 50)));
    out.innerHTML = "";
    out.append("点单已提交，编号 " + r.id + "，状态：");
    const s = document.createElement("span"); s.className = "state"; s.textContent = r.state_zh; out.append(s);
    const t = document.createElement("p"); t.innerHTML = "查询码（请保存）：<br>"; const code = document.createElement("span");
    code.className = "token"; code.id = "new-token"; code.textContent = r.token; t.append(code); out.append(t);
    out.classList.remove("error");
    $("text").value = ""; $("photo").value = "";
  } catch (err) {
    show(out, "提交失败：" + err.message, true);
  } finally {
    $("submit-report").disabled = false;
  }
});

// ---- track
async function track(token) {
  const out = $("track-result");
  try {
    const r = await api("/api/track/" + encodeURIComponent(token.trim()));
    out.innerHTML = "";
    out.append(r.id + " " + r.category + "/" + r.small_class + "：");
    const s = document.createElement("span"); s.className = "state"; s.id = "track-state"; s.textContent = r.state_zh; out.append(s);
    const p = document.createElement("p"); p.textContent = r.text; out.append(p);
    const ul = document.createElement("ul");
    for (const e of r.events) { const li = document.createElement("li"); li.textContent = e.at + "  " + e.state_zh; ul.append(li); }
    out.append(ul);
    out.classList.remove("error");
  } catch (err) {
    show(out, "查询失败：" + err.message, true);
  }
}
$("track-form").addEventListener("submit", (e) => { e.preventDefault(); track($("token").value); });
function listMyReports() {
  const ul = $("my-reports");
  ul.innerHTML = "";
  for (const r of JSON.parse(localStorage.getItem("gridmap.reports") || "[]")) {
    const li = document.createElement("li");
    const b = document.createElement("button"); b.type = "button"; b.textContent = r.id + " 查看进度";
    b.addEventListener("click", () => { $("token").value = r.token; track(r.token); });
    li.append(b); ul.append(li);
  }
}

// ---- staff
async function refreshStaff() {
  try {
    const me = await api("/api/me");
    csrf = me.csrf;
    $("login-form").classList.add("hidden");
    $("staff-area").classList.remove("hidden");
    text($("whoami"), (me.name || me.person) + "（" + (me.role === "leader" ? "领导" : "工作人员") + "）");
    await loadOrders();
    if (me.role === "leader") { $("dashboard").classList.remove("hidden"); await loadDashboard(); }
  } catch (err) {
    $("login-form").classList.remove("hidden");
    $("staff-area").classList.add("hidden");
  }
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const body = new URLSearchParams({ person: $("person").value, password: $("password").value });
    const me = await api("/api/login", { method: "POST", body });
    csrf = me.csrf;
    $("password").value = "";
    show($("staff-result"), "");
    await refreshStaff();
  } catch (err) {
    show($("staff-result"), "登录失败：" + err.message, true);
  }
});

$("logout").addEventListener("click", async () => {
  await api("/api/logout", { method: "POST", headers: { "X-CSRF-Token": csrf } });
  csrf = "";
  refreshStaff();
});

const actionNames = { accept: "接单", resolve: "办结", reject: "退回" };

async function act(id, action, form) {
  try {
    const r = await api("/api/orders/" + encodeURIComponent(id) + "/" + action,
      { method: "POST", headers: { "X-CSRF-Token": csrf }, body: form || new URLSearchParams() });
    show($("staff-result"), id + " " + actionNames[action] + "成功，现在：" + r.state_zh);
    await loadOrders();
  } catch (err) {
    show($("staff-result"), actionNames[action] + "失败：" + err.message, true);
  }
}

async function loadOrders() {
  const orders = await api("/api/orders");
  const ul = $("orders");
  ul.innerHTML = "";
  if (orders.length === 0) { const li = document.createElement("li"); li.textContent = "暂无工单"; ul.append(li); }
  for (const o of orders) {
    const li = document.createElement("li"); li.className = "order"; li.id = "order-" + o.id;
    const h = document.createElement("div");
    h.innerHTML = "<b></b> <span class='state'></span>";
    h.querySelector("b").textContent = o.id + " " + o.category + "/" + o.small_class;
    h.querySelector(".state").textContent = o.state_zh;
    li.append(h);
    const p = document.createElement("p"); p.textContent = o.text + (o.address ? "（" + o.address + "）" : ""); li.append(p);
    const d = document.createElement("p"); d.textContent = "期限 " + o.deadline + (o.overdue ? " 已超期" : ""); if (o.overdue) d.className = "overdue"; li.append(d);
    for (const a of o.actions) {
      if (a === "accept") {
        const b = document.createElement("button"); b.type = "button"; b.className = "act-accept"; b.textContent = "接单";
        b.addEventListener("click", () => act(o.id, "accept")); li.append(b);
      } else if (a === "resolve") {
        const f = document.createElement("form"); f.className = "act-resolve";
        f.innerHTML = "<label>办结照片 <input type='file' name='photo' accept='image/jpeg,image/png'></label><label>办结说明 <input name='note'></label><button type='submit'>办结</button>";
        f.addEventListener("submit", (e) => { e.preventDefault(); act(o.id, "resolve", new FormData(f)); }); li.append(f);
      } else if (a === "reject") {
        const f = document.createElement("form"); f.className = "act-reject";
        f.innerHTML = "<label>退回原因 <input name='reason'></label><button type='submit'>退回</button>";
        f.addEventListener("submit", (e) => { e.preventDefault(); act(o.id, "reject", new FormData(f)); }); li.append(f);
      }
    }
    ul.append(li);
  }
}

async function loadDashboard() {
  const d = await api("/api/dashboard");
  const box = $("dashboard-figures");
  box.innerHTML = "";
  const grid = document.createElement("div"); grid.className = "figures";
  for (const [label, value] of [["全部", d.total.all], ["办理中", d.total.open], ["已办结", d.total.resolved], ["超期", d.total.overdue], ["不予受理", d.total.rejected]]) {
    const f = document.createElement("div"); f.className = "figure"; f.innerHTML = "<b></b><span></span>";
    f.querySelector("b").textContent = value; f.querySelector("span").textContent = label; grid.append(f);
  }
  box.append(grid);
  const p = document.createElement("p"); p.className = "hint"; p.textContent = "截至 " + d.at + "（与桌面端同一口径）"; box.append(p);
}

loadServices().catch((e) => show($("report-result"), "无法加载问题分类：" + e.message, true));
loadMap().catch((e) => show($("report-result"), "无法加载地图：" + e.message, true));
setInterval(() => { if (csrf && !$("view-staff").classList.contains("hidden")) loadOrders().catch(() => {}); }, 30000);
