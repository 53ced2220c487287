/* matrix.html: one document's table at a time; sortable by body column; quotes on click. */
(function () {
  "use strict";
  var D = PGDATA;
  var table = document.getElementById("matrix");
  var select = document.getElementById("doc-select");
  var colOrder = document.getElementById("col-order");
  var detail = document.getElementById("cell-detail");
  var state = { doc: D.default || 0, sortBody: null };
  var levelRank = LEVEL_ORDER;

  // every document of the corpus; those on other matrix pages are reached by navigating there
  var here = {};
  D.docs.forEach(function (d, i) { here[D.works[d.w].k] = i; });
  D.all.forEach(function (w) {
    var i = here[w.k];
    var label = w.t + (w.d ? " (" + w.d + ")" : "") + (i !== undefined ? " · " + D.docs[i].rows.length : "");
    select.appendChild(el("option", { value: i !== undefined ? String(i) : "page:" + w.p + "#doc=" + encodeURIComponent(w.k) }, label));
  });
  var legend = document.getElementById("matrix-legend");
  ROLE_ORDER.forEach(function (code) {
    legend.appendChild(roleBadge(code, D.roles)); legend.appendChild(document.createTextNode(D.roles[code][1] + " "));
  });

  function columns(d) {
    var cols = d.cols.slice();
    if (colOrder.value === "level") cols.sort(function (a, b) { return levelRank.indexOf(D.bodies[a][1]) - levelRank.indexOf(D.bodies[b][1]) || d.load[b] - d.load[a]; });
    else if (colOrder.value === "name") cols.sort(function (a, b) { return D.bodies[a][0] < D.bodies[b][0] ? -1 : D.bodies[a][0] > D.bodies[b][0] ? 1 : 0; });
    return cols;
  }
  function cellWeight(row, b) {
    var c = row.cells[String(b)];
    if (!c) return 99;
    return Math.min.apply(null, c[0].map(function (r) { return ROLE_ORDER.indexOf(r); }));
  }

  function render() {
    var d = D.docs[state.doc];
    if (!d) { clear(table); return; }
    var cols = columns(d);
    clear(table); clear(detail);
    table.setAttribute("data-doc", D.works[d.w].k);
    var head = el("tr", null,
      el("th", { cls: state.sortBody === null ? "sorted" : "", onclick: function () { state.sortBody = null; render(); } }, "§"),
      el("th", { cls: state.sortBody === null ? "sorted" : "", onclick: function () { state.sortBody = null; render(); } }, "措施 measure"));
    cols.forEach(function (b) {
      var info = D.bodies[b], lv = D.levels[info[1]] || D.levels.none;
      head.appendChild(el("th", { cls: "body-col" + (state.sortBody === b ? " sorted" : ""), title: info[0] + (info[3].length ? " = " + info[3].join("、") : "") + " · " + lv[0],
        "data-body": info[2], onclick: function () { state.sortBody = b; render(); } },
        el("span", { cls: "lv", style: "background:" + lv[2] }), " " + (info[0].length > 12 ? info[0].slice(0, 11) + "…" : info[0])));
    });
    table.appendChild(el("thead", null, head));
    var rows = d.rows.slice();
    if (state.sortBody !== null) {
      var sb = state.sortBody;
      rows.sort(function (a, b) { return cellWeight(a, sb) - cellWeight(b, sb) || a.pos - b.pos; });
    }
    var tbody = el("tbody");
    var chapter = null;
    rows.forEach(function (r) {
      if (state.sortBody === null && r.chapter !== chapter) {
        chapter = r.chapter;
        tbody.appendChild(el("tr", { cls: "chapter" }, el("td", { colspan: cols.length + 2 }, (r.chapter || "—") + " " + (r.chapterTitle || ""))));
      }
      var tr = el("tr", { cls: r.flag || null, "data-measure": r.node || "" },
        el("td", { cls: "small muted" }, r.section),
        el("td", { cls: "measure", title: r.label }, r.node ? el("a", { href: "graph.html#n=" + encodeURIComponent(r.node) }, r.label) : r.label));
      cols.forEach(function (b) {
        var c = r.cells[String(b)];
        if (!c) { tr.appendChild(el("td", { cls: "cell" })); return; }
        var letters = c[0].map(function (code) { return D.roles[code][0]; }).join("");
        tr.appendChild(el("td", { cls: "cell role-" + c[0][0], title: D.bodies[b][0] + ": " + c[0].map(function (x) { return D.roles[x][1]; }).join("、"),
          "data-roles": c[0].join(" "), onclick: function () { showCell(r, b, c); } }, letters));
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
  }
  function showCell(r, b, c) {
    clear(detail);
    var w = D.works[D.docs[state.doc].w];
    detail.appendChild(el("h2", null, el("a", { href: "graph.html#n=" + encodeURIComponent(D.bodies[b][2]) }, D.bodies[b][0]), " · " + r.label));
    c[1].forEach(function (i) {
      var f = D.facts[i];
      detail.appendChild(el("div", { cls: "fact" }, roleBadge(f[1], D.roles), el("div", { cls: "quote" }, f[2]),
        el("div", { cls: "src" }, "《" + w.t + "》 " + f[3] + " ", el("a", { href: w.f + "#f-" + f[0] }, "原文 →"))));
    });
  }
  select.addEventListener("change", function () {
    if (select.value.indexOf("page:") === 0) { location.href = select.value.slice(5); return; }
    state.doc = Number(select.value); state.sortBody = null; render();
  });
  colOrder.addEventListener("change", render);
  document.getElementById("doc-order").addEventListener("click", function () { state.sortBody = null; render(); });
  var h = hashParams();
  if (h.doc) D.docs.forEach(function (d, i) { if (D.works[d.w].k === h.doc) state.doc = i; });
  select.value = String(state.doc);
  render();
  window.PGM = { state: state, render: render };
})();
