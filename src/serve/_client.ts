/**
 * The page's script, plain ES2017 (no modules, no network but its own server). Kept free of
 * backticks so it can live in a template string.
 */
export const CLIENT_JS = String.raw`(function () {
"use strict";
var data = JSON.parse(document.getElementById("plait-data").textContent);
var q = "?token=" + encodeURIComponent(data.token);
var rest = {}, live = {}, build = null, selected = null, lat = [];
var LABELS = data.labels;
window.__plait = { latencies: lat, applied: 0 };
var nodes = {};
var svg = document.querySelector("#graph svg");
document.querySelectorAll("g.plait-node").forEach(function (g) {
  var texts = g.querySelectorAll("text");
  var sub = texts.length > 1 ? texts[1] : null;
  nodes[g.getAttribute("data-id")] = { g: g, sub: sub, subText: sub ? sub.textContent : "" };
});
if (svg) svg.addEventListener("mouseover", function (e) {
  var g = e.target.closest && e.target.closest("g.plait-node");
  if (!g || g.querySelector("title")) return;
  var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
  title.textContent = data.tips[g.getAttribute("data-id")] || "";
  g.insertBefore(title, g.firstChild);
});
if (svg) svg.addEventListener("click", function (e) {
  var g = e.target.closest && e.target.closest("g.plait-node");
  if (g) select(g.getAttribute("data-id"));
});
function $(id) { return document.getElementById(id); }
function esc(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}
function stripAnsi(s) { return String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ""); }
function fmtSec(s) {
  if (s < 60) return s.toFixed(1) + " s";
  var m = Math.floor(s / 60);
  return m + "m " + String(Math.floor(s % 60)).padStart(2, "0") + "s";
}
function fmtSize(n) {
  if (n === undefined || n === null) return "missing";
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KiB";
  return (n / 1048576).toFixed(1) + " MiB";
}
function statusOf(name) {
  var t = live[name];
  if (t) return t.status;
  var r = rest[name];
  return r ? r.status : "unknown";
}
function progressText(t) {
  var el = t.startedAt ? fmtSec(Math.max(0, Date.now() - t.startedAt) / 1000) : "";
  var p = t.progress;
  if (p && p.phase === "cell") return "cell " + p.cell + "/" + p.cells + " \u00b7 " + el;
  if (p && p.phase === "kernel") return "kernel \u00b7 " + el;
  return "running \u00b7 " + el;
}
function paint(name) {
  var n = nodes[name];
  if (!n) return;
  var s = statusOf(name);
  if (n.g.getAttribute("data-status") !== s) n.g.setAttribute("data-status", s);
  if (!n.sub) return;
  var t = live[name];
  var p = t && t.progress;
  var cell = p && p.phase === "cell" ? p.cell + "/" + p.cells : "";
  if ((n.sub.getAttribute("data-cell") || "") !== cell) n.sub.setAttribute("data-cell", cell);
  var text = s === "running" ? progressText(t) : n.subText;
  if (n.sub.textContent !== text) n.sub.textContent = text;
}
function paintAll() { for (var name in nodes) paint(name); }
function counts() {
  var c = { done: 0, total: 0, running: 0, failed: 0 };
  for (var name in live) {
    var s = live[name].status;
    c.total++;
    if (s === "running") c.running++;
    else if (s !== "queued") c.done++;
    if (s === "failed") c.failed++;
  }
  return c;
}
function showBuild() {
  var el = $("build");
  if (!build) { el.textContent = "no build yet"; return; }
  var c = counts();
  var secs = ((build.endedAt || Date.now()) - build.startedAt) / 1000;
  var state = build.state === "running" ? "running" : build.state === "ok" ? "finished" : build.state;
  el.innerHTML = "build <b>" + esc(build.id.slice(0, 15)) + "</b> " + esc(state) + " \u00b7 " +
    fmtSec(secs) + " \u00b7 " + c.done + "/" + c.total + " settled" +
    (c.running ? " \u00b7 " + c.running + " running" : "") + (c.failed ? " \u00b7 <span class=err>" + c.failed + " failed</span>" : "");
  el.setAttribute("data-state", build.state);
}
function notice(text) {
  var el = $("notice");
  el.textContent = text;
  el.hidden = !text;
}
function applySnapshot(s) {
  rest = s.rest || {};
  build = s.build;
  live = {};
  (s.tasks || []).forEach(function (t) { live[t.name] = t; });
  paintAll();
  showBuild();
  if (selected) select(selected);
}
function applyChanges(changes) {
  var now = Date.now();
  var refresh = false;
  changes.forEach(function (c) {
    if (c.kind === "build") {
      if (!build || c.build.id > build.id) { build = c.build; live = {}; paintAll(); refresh = true; }
      else if (c.build.id === build.id) { build = c.build; }
      showBuild();
    } else if (c.kind === "task") {
      if (!build || c.build !== build.id) return;
      var before = live[c.task.name];
      live[c.task.name] = c.task;
      paint(c.task.name);
      if (selected === c.task.name) {
        if (!before || before.status !== c.task.status) refresh = true;
        else showLive(c.task);
      }
    } else if (c.kind === "output") {
      if (!build || c.build !== build.id) return;
      if (selected === c.name) appendOutput(c.chunk);
    } else if (c.kind === "statuses") {
      rest = c.statuses;
      paintAll();
    } else if (c.kind === "notice") {
      notice(c.text);
    }
    if (c.t) { lat.push(now - c.t); if (lat.length > 20000) lat.shift(); }
  });
  window.__plait.applied += changes.length;
  if (changes.some(function (c) { return c.kind === "task"; })) showBuild();
  if (refresh && selected) select(selected);
}
function appendOutput(chunk) {
  var out = $("out");
  if (!out) return;
  if (chunk.image) {
    var img = document.createElement("img");
    img.className = "live-image";
    img.src = chunk.image.mime === "image/svg+xml"
      ? "data:image/svg+xml;charset=utf-8," + encodeURIComponent(chunk.image.data)
      : "data:" + chunk.image.mime + ";base64," + chunk.image.data;
    out.appendChild(img);
    out.scrollTop = out.scrollHeight;
    return;
  }
  var span = document.createElement("span");
  if (chunk.stream === "stderr") span.className = "stderr";
  span.textContent = stripAnsi(chunk.text);
  out.appendChild(span);
  out.scrollTop = out.scrollHeight;
}
function showLive(t) {
  var el = $("live");
  if (!el) return;
  var s = t ? t.status : (rest[selected] || {}).status || "unknown";
  var parts = ["<span class='badge sw-" + esc(s) + "'>" + esc(LABELS[s] || s) + "</span>"];
  if (t && s === "running") parts.push(esc(progressText(t)));
  else if (t && t.seconds !== undefined && (s === "ran" || s === "failed")) {
    parts.push(fmtSec(t.seconds) + (t.kernelSeconds >= 0.05 ? " <span class=muted>(+" + fmtSec(t.kernelSeconds) + " waiting for a kernel)</span>" : ""));
  }
  if (t && t.lane !== undefined) parts.push("<span class=muted>worker " + (t.lane + 1) + "</span>");
  el.innerHTML = parts.join(" ");
}
function chart(points) {
  if (!points.length) return "<p class=muted>no runs recorded yet</p>";
  var w = 300, h = 80, max = 0;
  points.forEach(function (p) { max = Math.max(max, p.seconds); });
  max = max || 1;
  var bw = Math.min(24, (w - 10) / points.length);
  var bars = points.map(function (p, i) {
    var bh = Math.max(1, (p.seconds / max) * (h - 16));
    var color = p.outcome === "ran" ? "#16a34a" : p.outcome === "failed" ? "#dc2626" : "#ea580c";
    return "<rect x='" + (i * bw + 2).toFixed(1) + "' y='" + (h - bh).toFixed(1) + "' width='" +
      Math.max(1, bw - 3).toFixed(1) + "' height='" + bh.toFixed(1) + "' fill='" + color + "'><title>" +
      esc(new Date(p.startedAt).toLocaleString() + ": " + fmtSec(p.seconds) + " (" + p.outcome + ")") + "</title></rect>";
  }).join("");
  return "<svg id=history width='" + w + "' height='" + h + "' role=img aria-label='durations'>" + bars +
    "<text x='" + (w - 4) + "' y='11' font-size='11' text-anchor='end' fill='#64748b'>max " + esc(fmtSec(max)) + "</text></svg>";
}
function renderPanel(d) {
  var panel = $("panel");
  var t = d.live;
  var failure = t && t.failure;
  var reasons = t && t.status !== "ran" && t.reasons.length ? t.reasons : d.reasons;
  var products = d.products.map(function (p) {
    var link = p.url ? "<a href='" + esc(p.url) + "' target=_blank>" + esc(p.path) + "</a>" : esc(p.path);
    return "<tr><td class=muted>" + esc(p.key) + "</td><td>" + link + "</td><td class=muted>" + fmtSize(p.size) + "</td></tr>";
  }).join("");
  var html = ["<h2>" + esc(d.name) + "<button id=close title=close>\u00d7</button></h2>",
    "<div id=live></div>",
    d.doc ? "<p>" + esc(d.doc.replace(/^#+\s*/, "")) + "</p>" : "",
    reasons && reasons.length ? "<ul class=muted>" + reasons.map(function (r) { return "<li>" + esc(r) + "</li>"; }).join("") + "</ul>" : "",
    "<h3>Products</h3><table>" + products + "</table>",
    "<h3>Params</h3><pre>" + esc(JSON.stringify(d.params, null, 2)) + "</pre>",
    "<h3>Output</h3><pre id=out></pre>"];
  if (failure) {
    var tb = (failure.traceback || []).map(stripAnsi).join("\n");
    html.push("<h3>Traceback</h3><pre id=traceback>" + esc(tb || failure.message) + "</pre>");
    if (failure.notebook) html.push("<p class=muted>partial notebook: " + esc(failure.notebook) + "</p>");
  }
  if (d.notebook && (!t || t.status !== "running")) {
    html.push("<h3>Executed notebook</h3><p><a href='" + esc(d.notebook) + "' target=_blank>open in a new tab</a></p>" +
      "<iframe sandbox src='" + esc(d.notebook) + "' title='executed notebook'></iframe>");
  }
  html.push("<h3>Duration history</h3>" + chart(d.history));
  html.push("<h3>Source</h3><p class=muted>" + esc(d.source.label) + "</p>" +
    (d.source.text !== undefined ? "<pre id=source>" + esc(d.source.text) + "</pre>" : ""));
  panel.innerHTML = html.join("");
  panel.hidden = false;
  d.output.chunks.forEach(appendOutput);
  showLive(t);
  $("close").onclick = function () { selected = null; panel.hidden = true; mark(); };
}
function mark() {
  for (var name in nodes) nodes[name].g.classList.toggle("sel", name === selected);
}
var asked = 0;
function select(name) {
  selected = name;
  mark();
  var mine = ++asked;
  fetch("/api/task/" + encodeURIComponent(name) + q).then(function (r) { return r.json(); }).then(function (d) {
    if (mine === asked && selected === name) renderPanel(d);
  }).catch(function (e) { notice("Cannot load " + name + ": " + e); });
}
function startBuild(force) {
  notice(force ? "starting a forced build\u2026" : "starting a build\u2026");
  fetch("/api/build" + q, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ force: force }) })
    .then(function (r) { return r.json(); })
    .then(function (r) { notice(r.message); })
    .catch(function (e) { notice("Cannot start a build: " + e); });
}
$("run").onclick = function () { startBuild(false); };
$("force").onclick = function () { startBuild(true); };
applySnapshot(data.snapshot);
window.__plait.scriptAt = performance.now();
requestAnimationFrame(function () { setTimeout(function () { window.__plait.drawnAt = performance.now(); }, 0); });
var es = new EventSource("/events" + q);
es.addEventListener("snapshot", function (e) { applySnapshot(JSON.parse(e.data)); });
es.addEventListener("changes", function (e) { applyChanges(JSON.parse(e.data)); });
setInterval(function () {
  if (!build || build.state !== "running") return;
  for (var name in live) if (live[name].status === "running") paint(name);
  if (selected && live[selected] && live[selected].status === "running") showLive(live[selected]);
  showBuild();
}, 250);
})();`;
