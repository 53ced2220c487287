/* graph.html: filters, legend, alias search, side panel with quotes, analysis lists. */
(function () {
  "use strict";
  var D = PGDATA;
  D.facts = D.facts.map(function (row) {
    var f = {};
    D.factFields.forEach(function (name, i) { f[name] = row[i]; });
    return f;
  });
  var byId = {};
  D.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  D.edges.forEach(function (e) { edgeById[e.id] = e; });
  function label(id) { var n = byId[id]; return n ? (n.full || n.label) : (D.labels[id] || id); }

  /* styling derived from the data: bodies by governance level, measures by measure type,
     edges by role (lead bold, support thin, the others dashed in their own colours) */
  D.nodes.forEach(function (n) {
    var bg, border = "#333333", font = { size: 12, strokeWidth: 3, strokeColor: "#ffffff" };
    if (n.kind === "body") {
      var lv = D.levels[n.level] || D.levels.none;
      bg = lv[2]; font.size = 14;
      n.title = n.label + " · " + lv[0] + " · " + n.nfacts;
    } else if (n.kind === "measure") {
      bg = D.schemes[n.sc][1]; border = "#566573"; font.color = "#333333"; n.title = n.full;
    } else if (n.kind === "doc") {
      bg = "#34495e"; border = "#17202a"; font.size = 13; n.title = n.full;
    } else if (n.kind === "population") {
      bg = "#f8c471"; border = "#9c640c"; n.title = n.full;
    } else {
      bg = "#f4d03f"; border = "#7d6608"; n.title = n.full;
    }
    n.color = { background: bg, border: border, highlight: { background: bg, border: "#000000" } };
    n.font = font;
    n.search = [n.full || n.label].concat(n.aliases || [], n.en ? [n.en] : []);
  });
  var STRUCTURE = { doc: ["#5d6d7e", 0.5, [1, 3], 0.4], population: ["#b9770e", 0.8, [3, 3], 0.5], target: ["#9a7d0a", 0.8, [3, 3], 0.5] };
  D.edges.forEach(function (e) {
    if (e.role) {
      var r = D.roles[e.role];  // letter, zh, en, colour, width, dashes, count
      e.color = { color: r[3], highlight: "#000000", opacity: 0.85 };
      e.width = Math.round((r[4] + 0.6 * Math.log(e.nfacts)) * 100) / 100;
      e.dashes = r[5];
      e.title = label(e.from) + " —" + r[1] + "→ " + (e.kind === "resp-doc" ? "《" + label(e.to) + "》" : label(e.to)) + " (" + e.nfacts + ")";
    } else {
      var st = STRUCTURE[e.kind];
      e.color = { color: st[0], opacity: st[3] }; e.width = st[1]; e.dashes = st[2];
    }
  });
  var nodes = new vis.DataSet(D.nodes);
  var edges = new vis.DataSet(D.edges);

  var state = {
    levels: new Set(LEVEL_ORDER),
    roles: new Set(ROLE_ORDER),
    kinds: new Set(D.kinds.map(function (k) { return k[0]; })),
    docs: new Set(D.works.map(function (_, i) { return i; })),
    showAll: false, orphans: false, docsOn: false, pops: false, targets: false,
    forced: new Set()
  };
  var visibleNodes = new Set(), visibleEdges = new Set();
  // graph.html#doc=<work key>: open on one document (links from documents.html)
  var startHash = hashParams();
  if (startHash.doc) {
    D.works.forEach(function (w, i) { if (w.k === startHash.doc) state.docs = new Set([i]); });
  }

  function docOk(n) {
    if (!n.docs || n.docs.length === 0) return true;
    for (var i = 0; i < n.docs.length; i++) if (state.docs.has(n.docs[i])) return true;
    return false;
  }
  function bodyOk(n) {
    if (state.forced.has(n.id)) return true;
    return state.levels.has(n.level) && state.kinds.has(n.bkind) && (state.showAll || n.rank < D.top);
  }

  var docOnly = 0;
  function compute() {
    visibleNodes.clear(); visibleEdges.clear();
    var viaDocs = new Set();
    D.edges.forEach(function (e) {
      if (e.kind !== "resp" && e.kind !== "resp-doc") return;
      var a = byId[e.from];
      var forced = state.forced.has(e.from) || state.forced.has(e.to);
      if (!forced && (!state.roles.has(e.role) || !docOk(e) || !bodyOk(a))) return;
      if (e.kind === "resp-doc" && !state.docsOn) { viaDocs.add(e.from); return; }
      visibleEdges.add(e.id); visibleNodes.add(e.from); visibleNodes.add(e.to);
    });
    docOnly = 0;
    viaDocs.forEach(function (id) { if (!visibleNodes.has(id)) docOnly++; });
    D.nodes.forEach(function (n) {
      if (state.forced.has(n.id)) visibleNodes.add(n.id);
      else if (n.kind === "measure" && state.orphans && n.nfacts === 0 && docOk(n)) visibleNodes.add(n.id);
      else if (n.kind === "doc" && state.docsOn && docOk(n)) visibleNodes.add(n.id);
    });
    D.edges.forEach(function (e) {
      if (e.kind === "doc" && state.docsOn && visibleNodes.has(e.from) && visibleNodes.has(e.to)) visibleEdges.add(e.id);
    });
    D.edges.forEach(function (e) {
      var on = (e.kind === "population" && state.pops) || (e.kind === "target" && state.targets);
      if (on && visibleNodes.has(e.from) && docOk(byId[e.to])) { visibleEdges.add(e.id); visibleNodes.add(e.to); }
    });
  }

  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });

  /* nodes shown for the first time (toggled in, or forced by a search) start next to a placed
     neighbour; a short stabilisation then settles them, and physics is switched off again so the
     rest of the layout stays where the reader left it. */
  var neighbours = {};
  D.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });
  var placed = new Set();
  function placeNew(fit) {
    if (!PG.ready) return;
    var fresh = [];
    visibleNodes.forEach(function (id) { if (!placed.has(id)) fresh.push(id); });
    if (!fresh.length) { if (fit) network.fit(); return; }
    var pos = network.getPositions(Array.from(placed));
    var updates = [];
    fresh.sort().forEach(function (id, i) {
      var anchor = (neighbours[id] || []).filter(function (n) { return pos[n]; })[0];
      var c = anchor ? pos[anchor] : { x: 0, y: 0 };
      var angle = (i * 2.399963) % (2 * Math.PI), r = 60 + (i % 7) * 12;
      updates.push({ id: id, x: c.x + r * Math.cos(angle), y: c.y + r * Math.sin(angle) });
      placed.add(id);
    });
    nodes.update(updates);
    PG.settling = true;
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      if (fit) network.fit();
      PG.settling = false;
    });
    network.stabilize(fresh.length > 50 ? 200 : 100);
  }

  /* fit: after a filter change the view is refitted to what is shown; a search keeps the zoom */
  function apply(fit) {
    if (fit !== false) state.forced.clear();  // a filter change ends what a search pinned in view
    // nodes a filter removes from the view lose their place in vis-network: keep it in the data
    if (PG && PG.ready) {
      var pos = network.getPositions();  // only the nodes in view (storePositions fails on a DataView)
      nodes.update(Object.keys(pos).map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
    }
    compute();
    nodeView.refresh(); edgeView.refresh();
    placeNew(fit !== false);
    var nb = 0, nm = 0;
    visibleNodes.forEach(function (id) { var k = byId[id].kind; if (k === "body") nb++; else if (k === "measure") nm++; });
    document.getElementById("status").textContent =
      nb + " / " + D.totals.bodies + " 主体 bodies · " + nm + " / " + D.totals.measures + " 措施 measures · " +
      visibleEdges.size + " edges" +
      (docOnly ? " · " + docOnly + " more bodies are linked only to documents (tick 文件 documents)" : "") + (D.truncated ? " · this page holds the " + D.totals.embedded_bodies + " busiest bodies and " + D.totals.embedded_measures + " busiest measures; the matrix pages hold all" : "");
  }

  var container = document.getElementById("network");
  var big = D.nodes.length > 300;
  var options = {
    layout: { randomSeed: 7, improvedLayout: !big },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -70, centralGravity: 0.012, springLength: 110, springConstant: 0.06, avoidOverlap: 0.5, damping: 0.5 },
      stabilization: { enabled: true, iterations: big ? 250 : 500, updateInterval: 25, fit: true },
      maxVelocity: 40, minVelocity: 1
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, keyboard: false, multiselect: false },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 },
    nodes: { borderWidth: 1 }
  };
  compute();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  var PG = window.PG = { network: network, nodes: nodes, edges: edges, state: state, apply: apply, ready: false, settling: false,
    visibleNodeIds: function () { return Array.from(visibleNodes).sort(); },
    visibleEdgeIds: function () { return Array.from(visibleEdges).sort(); },
    focus: focusNode };
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    visibleNodes.forEach(function (id) { placed.add(id); });
    PG.ready = true;
    var h = hashParams();
    if (h.n && byId[h.n]) focusNode(h.n);
  }
  if (visibleNodes.size) network.once("stabilizationIterationsDone", settled);
  else settled();  // nothing to lay out: vis-network reports no stabilisation
  apply();

  /* ---------------- controls and legend ---------------- */
  function check(fieldsetId, key, value, labelNodes, count) {
    var on = state[key].has(key === "docs" ? Number(value) : value);
    var box = el("input", { type: "checkbox", checked: on ? "checked" : null, "data-key": key, value: value });
    box.checked = on;
    box.addEventListener("change", function () {
      var v = key === "docs" ? Number(value) : value;
      if (box.checked) state[key].add(v); else state[key].delete(v);
      apply();
    });
    var label = el("label", { title: labelNodes.title || null }, box, " ", labelNodes.nodes,
      count !== undefined ? el("span", { cls: "count" }, " " + count) : null);
    document.getElementById(fieldsetId).appendChild(label);
  }
  LEVEL_ORDER.forEach(function (code) {
    var l = D.levels[code];
    check("f-levels", "levels", code, { nodes: [el("span", { cls: "swatch", style: "background:" + l[2] }), l[0] + " " + l[1]] }, l[3]);
  });
  ROLE_ORDER.forEach(function (code) {
    var r = D.roles[code];  // letter, zh, en, colour, width, dashes, count
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "line-swatch"); svg.setAttribute("viewBox", "0 0 26 10");
    var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
    line.setAttribute("x1", "0"); line.setAttribute("y1", "5"); line.setAttribute("x2", "26"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", r[3]); line.setAttribute("stroke-width", String(Math.min(r[4], 5)));
    if (r[5]) line.setAttribute("stroke-dasharray", r[5].map(function (x) { return Math.max(1, x / 2); }).join(" "));
    svg.appendChild(line);
    check("f-roles", "roles", code, { nodes: [svg, r[1] + " " + r[2]], title: r[0] + " · " + code }, r[6]);
  });
  D.kinds.forEach(function (k) {
    check("f-kinds", "kinds", k[0], { nodes: [k[1] + " " + k[2]] }, k[3]);
  });
  D.works.forEach(function (w, i) {
    check("f-docs", "docs", String(i), { nodes: [w.t], title: w.t + (w.d ? " (" + w.d + ")" : "") });
  });
  D.schemes.forEach(function (s) {
    document.getElementById("f-schemes").appendChild(el("label", null, el("span", { cls: "swatch sq", style: "background:" + s[1] }), s[0]));
  });
  document.getElementById("top-note").textContent = D.totals.bodies > D.top ? "(top " + D.top + " of " + D.totals.bodies + " shown)" : "";
  document.querySelectorAll("[data-all],[data-none]").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-all") || b.getAttribute("data-none");
      var on = b.hasAttribute("data-all");
      document.querySelectorAll('input[data-key="' + key + '"]').forEach(function (box) {
        box.checked = on;
        var v = key === "docs" ? Number(box.value) : box.value;
        if (on) state[key].add(v); else state[key].delete(v);
      });
      apply();
    });
  });
  [["show-all", "showAll"], ["show-orphans", "orphans"], ["show-docs", "docsOn"], ["show-pops", "pops"], ["show-targets", "targets"]]
    .forEach(function (p) {
      document.getElementById(p[0]).addEventListener("change", function (ev) { state[p[1]] = ev.target.checked; apply(); });
    });
  document.getElementById("relayout").addEventListener("click", function () {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(200);
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
  });

  /* ---------------- search by any alias ---------------- */
  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  function search(q) {
    q = q.trim();
    if (!q) return [];
    var hits = [];
    D.nodes.forEach(function (n) {
      var best = 9, via = null;
      (n.search || []).forEach(function (s) {
        if (!s) return;
        // exact, prefix, substring; or the query is a longer form of the name (湖北省扶贫办 → 省扶贫办)
        var score = s === q ? 0 : s.indexOf(q) === 0 ? 1 : s.indexOf(q) >= 0 ? 2 : (s.length >= 3 && q.indexOf(s) >= 0) ? 3 : 9;
        if (score < best) { best = score; via = s; }
      });
      if (best < 9) hits.push({ id: n.id, score: best, via: via, label: n.full || n.label, kind: n.kind, rank: n.rank || 0 });
    });
    var order = { body: 0, measure: 1, doc: 2, population: 3, target: 4 };
    hits.sort(function (a, b) { return a.score - b.score || order[a.kind] - order[b.kind] || a.rank - b.rank || (a.label < b.label ? -1 : 1); });
    return hits.slice(0, 40);
  }
  function showResults() {
    clear(results);
    search(searchBox.value).forEach(function (h) {
      var kindLabel = { body: "主体", measure: "措施", doc: "文件", population: "人群", target: "目标" }[h.kind];
      results.appendChild(el("li", { "data-node": h.id, onclick: function () { focusNode(h.id); } },
        h.label, h.via !== h.label ? el("span", { cls: "muted small" }, " ← " + h.via) : null,
        el("span", { cls: "muted small" }, " · " + kindLabel)));
    });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var h = search(searchBox.value); if (h.length) focusNode(h[0].id); }
  });
  PG.search = search;

  function focusNode(id) {
    if (!byId[id]) return;
    if (!visibleNodes.has(id)) { state.forced.add(id); apply(false); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }

  /* ---------------- side panel ---------------- */
  var details = document.getElementById("details");
  function work(i) { return D.works[i] || { t: "?", f: null, k: "" }; }
  function factView(i, opts) {
    var f = D.facts[i];
    var w = work(f.w);
    var head = el("div", null, roleBadge(f.r, D.roles));
    if (!opts || !opts.hideBody) head.appendChild(nodeLink(f.b, label(f.b)));
    if (f.m && (!opts || !opts.hideMeasure)) { head.appendChild(document.createTextNode(" → ")); head.appendChild(nodeLink(f.m, label(f.m))); }
    var src = el("div", { cls: "src" }, "《" + w.t + "》 ", el("b", null, f.s || ""), " ",
      w.f ? el("a", { href: w.f + "#f-" + f.k, title: "在原文中查看 open in the text" }, "原文 →") : null,
      f.d ? " · 时限 " + f.d : "");
    return el("div", { cls: "fact", "data-fact": f.k }, head, el("div", { cls: "quote" }, D.quotes[f.q]), src);
  }
  function nodeLink(id, text) {
    if (!id || !byId[id]) return document.createTextNode(text || "");
    return el("a", { href: "#n=" + encodeURIComponent(id), onclick: function (ev) { ev.preventDefault(); focusNode(id); } }, text || label(id));
  }
  function factList(list, opts) {
    var box = el("div");
    var shown = 0;
    function more() {
      list.slice(shown, shown + 40).forEach(function (i) { box.appendChild(factView(i, opts)); });
      shown += 40;
      if (shown < list.length) box.appendChild(el("button", { type: "button", onclick: function (ev) { ev.target.remove(); more(); } }, "更多 more (" + (list.length - shown) + ")"));
    }
    more();
    return box;
  }
  function roleCounts(item) {
    var c = item.rc || {};
    return el("div", null, ROLE_ORDER.filter(function (r) { return c[r]; }).map(function (r) {
      return el("span", null, roleBadge(r, D.roles), D.roles[r][1] + " " + c[r] + "  ");
    }));
  }
  function quotesHeading(item) {
    var more = item.nfacts > item.facts.length ? " — " + item.facts.length + " shown; all in the matrix and evidence pages" : "";
    return el("h3", null, "原文 Source quotes (" + item.nfacts + ")" + more);
  }
  function kindName(code) {
    for (var i = 0; i < D.kinds.length; i++) if (D.kinds[i][0] === code) return D.kinds[i][1] + " " + D.kinds[i][2];
    return code;
  }
  function showNode(id) {
    var n = byId[id];
    clear(details);
    details.setAttribute("data-node", id);
    details.appendChild(el("h2", null, n.full || n.label));
    if (n.en) details.appendChild(el("div", { cls: "en" }, n.en));
    if (n.kind === "body") {
      var l = D.levels[n.level] || D.levels.none;
      details.appendChild(el("div", null, el("span", { cls: "swatch", style: "background:" + l[2] }), l[0] + " " + l[1] + (n.bkind ? " · " + kindName(n.bkind) : "")));
      if (n.aliases && n.aliases.length) details.appendChild(el("div", { cls: "aliases" }, "别名 aliases: " + n.aliases.join("、")));
      details.appendChild(roleCounts(n));
      details.appendChild(quotesHeading(n));
      details.appendChild(factList(n.facts, { hideBody: true }));
    } else if (n.kind === "measure") {
      var docs = n.docs.map(function (i) { return work(i).t; }).join("；");
      details.appendChild(el("div", { cls: "src" }, "《" + docs + "》 ", el("b", null, n.section || ""),
        n.schemes && n.schemes.length ? " · " + n.schemes.join("、") : ""));
      if (!n.nfacts) details.appendChild(el("p", { cls: "notice" }, "没有责任主体 No responsible body found for this measure."));
      details.appendChild(roleCounts(n));
      details.appendChild(quotesHeading(n));
      details.appendChild(factList(n.facts, { hideMeasure: true }));
    } else if (n.kind === "doc") {
      details.appendChild(el("div", { cls: "src" }, n.date || ""));
      details.appendChild(el("a", { href: n.file }, "全文与证据 Full text with evidence →"));
    } else if (n.kind === "population") {
      details.appendChild(quotesHeading(n));
      details.appendChild(factList(n.facts));
    } else if (n.kind === "target") {
      details.appendChild(el("div", { cls: "src" }, "《" + work(n.docs[0]).t + "》 ", el("b", null, n.section || ""),
        n.deadline ? " · 时限 " + n.deadline : "", n.scope ? " · 范围 " + n.scope : ""));
      details.appendChild(el("div", { cls: "quote" }, n.quote || ""));
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e || !e.facts) return;
    clear(details);
    details.setAttribute("data-edge", id);
    var a = byId[e.from], b = byId[e.to];
    details.appendChild(el("h2", null, nodeLink(a.id, a.label), " → ", nodeLink(b.id, b.full || b.label)));
    details.appendChild(el("div", null, roleBadge(e.role, D.roles), D.roles[e.role][1] + " · " + D.roles[e.role][2] + " · " + e.nfacts));
    if (a.aliases && a.aliases.length) details.appendChild(el("div", { cls: "aliases" }, "别名 aliases: " + a.aliases.join("、")));
    details.appendChild(quotesHeading(e));
    details.appendChild(factList(e.facts, { hideBody: true, hideMeasure: true }));
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  PG.showNode = showNode; PG.showEdge = showEdge;

  /* ---------------- analysis ---------------- */
  var A = D.analysis, box = document.getElementById("analysis");
  function list(title, rows, fmt, total) {
    box.appendChild(el("h3", null, title + " (" + total + ")"));
    var ol = el("ol");
    rows.slice(0, 10).forEach(function (r) {
      ol.appendChild(el("li", null, r.node ? nodeLink(r.node, r.label) : r.label, " ", el("span", { cls: "muted" }, fmt(r))));
    });
    box.appendChild(ol);
  }
  if (A) {
    box.appendChild(el("h2", null, "分析 Analysis ", el("span", { cls: "muted small" }, "all documents")));
    list("负担最重的主体 Bodies carrying most load", A.top_bodies, function (r) { return r.obligations + " · L" + r.lead + " · " + r.measures + " measures"; }, A.sizes.top_bodies);
    list("只配合的主体 Bodies that only support", A.support_only, function (r) { return String(r.obligations); }, A.sizes.support_only);
    list("多个牵头的措施 Measures with several leads", A.multi_lead, function (r) { return r.leads.join("、"); }, A.sizes.multi_lead);
    list("没有牵头的措施 Measures with no lead", A.no_lead, function (r) { return (r.section || "") + " · " + r.bodies + " bodies"; }, A.sizes.no_lead);
    box.appendChild(el("p", { cls: "small" }, el("a", { href: "documents.html" }, "全部分析 full analysis →")));
  }
})();
