/* levels.html: lanes per governance level for a measure; ordered steps for a process. */
(function () {
  "use strict";
  var D = PGDATA;
  var chain = document.getElementById("chain");
  var detail = document.getElementById("lane-detail");
  var ms = document.getElementById("measure-select");
  var ps = document.getElementById("process-select");
  var groups = {};
  ms.appendChild(el("option", { value: "" }, "—"));
  D.measures.forEach(function (m, i) {
    var w = D.works[m.w] || { t: "?" };
    if (!groups[m.w]) { groups[m.w] = el("optgroup", { label: w.t }); ms.appendChild(groups[m.w]); }
    groups[m.w].appendChild(el("option", { value: String(i) }, m.section + " " + m.label + " (" + m.facts.length + ")"));
  });
  if (D.omitted) ms.parentNode.appendChild(el("span", { cls: "muted small" }, " (" + D.measures.length + " measures reaching most levels; " + D.omitted + " more in the matrix)"));
  ps.appendChild(el("option", { value: "" }, D.processes.length ? "—" : "（无 none found）"));
  D.processes.forEach(function (p, i) {
    ps.appendChild(el("option", { value: String(i) }, p.label + " · 《" + (D.works[p.w] || { t: "?" }).t + "》 " + p.section + " · " + p.steps.length + " steps"));
  });

  function levelOf(bodyId) { return bodyId && D.bodies[bodyId] ? D.bodies[bodyId][1] : "none"; }
  function levelInfo(code) { for (var i = 0; i < D.levels.length; i++) if (D.levels[i][0] === code) return D.levels[i]; return D.levels[D.levels.length - 1]; }

  function showMeasure(i) {
    var m = D.measures[i];
    clear(chain); clear(detail);
    if (!m) return;
    var w = D.works[m.w] || { t: "?", f: "#" };
    chain.setAttribute("data-measure", m.id);
    chain.appendChild(el("h2", null, el("a", { href: "graph.html#n=" + encodeURIComponent(m.id) }, m.label), " ",
      el("span", { cls: "muted small" }, "《" + w.t + "》 " + m.section)));
    var lanes = el("div", { cls: "lanes" });
    D.levels.forEach(function (lv) {
      var lane = el("div", { cls: "lane", "data-level": lv[0] }, el("h3", { style: "border-color:" + lv[3] }, lv[1] + " " + lv[2]));
      var perBody = {};
      m.facts.forEach(function (f) { if (levelOf(f[0]) === lv[0]) (perBody[f[0]] = perBody[f[0]] || []).push(f); });
      Object.keys(perBody).sort().forEach(function (b) {
        var roles = [];
        perBody[b].forEach(function (f) { if (roles.indexOf(f[1]) < 0) roles.push(f[1]); });
        lane.appendChild(el("div", { cls: "card", "data-body": b, onclick: function () { showFacts(b, perBody[b], w); } },
          roles.map(function (r) { return roleBadge(r, D.roles); }), D.bodies[b] ? D.bodies[b][0] : b));
      });
      lanes.appendChild(lane);
    });
    chain.appendChild(lanes);
    location.hash = "m=" + encodeURIComponent(m.id);
  }
  function showFacts(b, facts, w) {
    clear(detail);
    detail.appendChild(el("h3", null, el("a", { href: "graph.html#n=" + encodeURIComponent(b) }, D.bodies[b] ? D.bodies[b][0] : b)));
    facts.forEach(function (f) {
      detail.appendChild(el("div", { cls: "fact" }, roleBadge(f[1], D.roles), el("div", { cls: "quote" }, f[2]),
        el("div", { cls: "src" }, "《" + w.t + "》 " + f[3] + " ", el("a", { href: w.f + "#f-" + f[4] }, "原文 →"))));
    });
  }
  function showProcess(i) {
    var p = D.processes[i];
    clear(chain); clear(detail);
    if (!p) return;
    var w = D.works[p.w] || { t: "?" };
    chain.appendChild(el("h2", null, p.label, " ", el("span", { cls: "muted small" }, "《" + w.t + "》 " + p.section)));
    var row = el("div", { cls: "chain" });
    p.steps.forEach(function (s, k) {
      var lv = levelInfo(levelOf(s[1]));
      if (k) row.appendChild(el("div", { cls: "arrow" }, "→"));
      row.appendChild(el("div", { cls: "step", style: "border-top: 4px solid " + lv[3], title: s[4] || "" },
        el("div", { cls: "small muted" }, s[0] + " · " + lv[1]),
        el("div", null, s[1] ? el("a", { href: "graph.html#n=" + encodeURIComponent(s[1]) }, D.bodies[s[1]][0]) : "?"),
        el("div", null, s[3] ? roleBadge(s[3], D.roles) : null, s[2])));
    });
    chain.appendChild(row);
    location.hash = "p=" + encodeURIComponent(p.id);
  }
  ms.addEventListener("change", function () { ps.value = ""; if (ms.value !== "") showMeasure(Number(ms.value)); });
  ps.addEventListener("change", function () { ms.value = ""; if (ps.value !== "") showProcess(Number(ps.value)); });

  /* corpus-wide level × role table against the stated principle */
  var roles = ROLE_ORDER.filter(function (r) { return D.levels.some(function (lv) { return (D.grid[lv[0]] || {})[r]; }); });
  var expected = {};
  D.principles.forEach(function (p) { expected[p[1] + "|" + p[2]] = p[0]; });
  if (D.principles.length) document.getElementById("principle").textContent =
    "原则 Principle: " + Array.from(new Set(D.principles.map(function (p) { return p[0]; }))).join("；") + " — expected cells are outlined.";
  var table = el("table", { cls: "grid" });
  table.appendChild(el("tr", null, el("th", null, ""), roles.map(function (r) { return el("th", null, roleBadge(r, D.roles), D.roles[r][1]); })));
  D.levels.forEach(function (lv) {
    table.appendChild(el("tr", null, el("th", null, el("span", { cls: "swatch", style: "background:" + lv[3] }), lv[1] + " " + lv[2]),
      roles.map(function (r) {
        var n = (D.grid[lv[0]] || {})[r] || 0;
        var exp = expected[lv[0] + "|" + r];
        return el("td", { style: exp ? "outline: 2px solid #1c2833" : null, title: exp || null }, n ? String(n) : "");
      })));
  });
  document.getElementById("grid").appendChild(table);

  var h = hashParams();
  var start = D["default"];
  if (h.m) D.measures.forEach(function (m, i) { if (m.id === h.m) start = i; });
  if (h.p) { D.processes.forEach(function (p, i) { if (p.id === h.p) { ps.value = String(i); showProcess(i); } }); }
  else if (start >= 0) { ms.value = String(start); showMeasure(start); }
  window.PGL = { showMeasure: showMeasure, showProcess: showProcess };
})();
