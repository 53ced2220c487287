/* evidence page: hover a highlight for its facts, click to go to the node. */
(function () {
  "use strict";
  var D = PGDATA;
  var tip = document.getElementById("tip");
  var chooser = document.getElementById("chooser");
  var textBox = document.getElementById("text");
  function ids(node, key) { var v = node.getAttribute("data-" + key); return v ? v.split(" ").map(Number) : []; }
  function describe(node) {
    var lines = [];
    ids(node, "f").forEach(function (i) {
      var f = D.facts[i], r = D.roles[f.r] || [f.r, f.r, f.r];
      lines.push("【" + r[1] + "】" + f.bl + (f.ml ? " → " + f.ml : "") + "  §" + f.s);
    });
    ids(node, "t").forEach(function (i) {
      var t = D.targets[i];
      lines.push("【目标】" + t.i + " " + t.v + t.u + (t.d ? " · " + t.d : ""));
    });
    ids(node, "v").forEach(function (i) {
      var v = D.variants[i];
      lines.push("【异文 variant】" + v.r.map(function (r) { return "「" + (r[0] || "∅") + "」 " + r[1].join(",") + (r[2] ? " ⚠ " + r[2] : ""); }).join(" / "));
    });
    return lines.join("\n");
  }
  textBox.addEventListener("mouseover", function (ev) {
    var node = ev.target.closest(".hl, .var");
    if (!node) { tip.style.display = "none"; return; }
    tip.textContent = describe(node);
    tip.style.display = "block";
  });
  textBox.addEventListener("mousemove", function (ev) {
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 440) + "px";
    tip.style.top = (ev.clientY + 16) + "px";
  });
  textBox.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  function targets(node) {
    var out = [], seen = {};
    ids(node, "f").forEach(function (i) {
      var f = D.facts[i];
      if (f.b && !seen[f.b]) { seen[f.b] = 1; out.push([f.b, f.bl, f.r]); }
    });
    ids(node, "t").forEach(function (i) { var t = D.targets[i]; if (!seen[t.n]) { seen[t.n] = 1; out.push([t.n, t.i + " " + t.v + t.u, null]); } });
    return out;
  }
  textBox.addEventListener("click", function (ev) {
    var node = ev.target.closest(".hl");
    if (!node) { chooser.style.display = "none"; return; }
    var t = targets(node);
    if (t.length === 1) { location.href = "graph.html#n=" + encodeURIComponent(t[0][0]); return; }
    clear(chooser);
    chooser.appendChild(el("div", { cls: "small muted" }, "打开节点 Open node:"));
    t.forEach(function (x) {
      chooser.appendChild(el("a", { href: "graph.html#n=" + encodeURIComponent(x[0]) }, x[2] ? roleBadge(x[2], D.roles) : null, x[1]));
    });
    chooser.style.left = Math.min(ev.clientX + 8, window.innerWidth - 470) + "px";
    chooser.style.top = (ev.clientY + 8) + "px";
    chooser.style.display = "block";
    ev.stopPropagation();
  });
  document.addEventListener("click", function (ev) { if (!chooser.contains(ev.target) && !textBox.contains(ev.target)) chooser.style.display = "none"; });

  /* side: legend, counts per role, variants, unplaced facts */
  var side = document.getElementById("side");
  var counts = {};
  D.facts.forEach(function (f) { counts[f.r] = (counts[f.r] || 0) + 1; });
  side.appendChild(el("h3", null, "角色 Roles"));
  ROLE_ORDER.forEach(function (r) {
    if (counts[r]) side.appendChild(el("div", null, roleBadge(r, D.roles), D.roles[r][1] + " " + counts[r]));
  });
  if (D.witnesses.length) {
    side.appendChild(el("h3", null, "副本 Witnesses (" + D.witnesses.length + ")"));
    D.witnesses.forEach(function (w) {
      var box = el("div", { cls: "small witness", "data-witness": w.id }, el("b", null, w.id), " " + (w.src || "") + (w.d ? " · " + w.d : ""));
      w.flags.forEach(function (f) { box.appendChild(el("div", { cls: "flag" }, "⚠ " + f[0] + ": " + f[1])); });
      side.appendChild(box);
    });
  }
  if (D.variants.length) {
    side.appendChild(el("h3", null, "异文 Variants (" + D.variants.length + ")"));
    D.variants.slice(0, 200).forEach(function (v) {
      side.appendChild(el("div", { cls: "small" }, "「" + (v.c || "∅") + "」 ← " + v.r.map(function (r) { return "「" + (r[0] || "∅") + "」" + (r[1].length ? " (" + r[1].join(",") + ")" : "") + (r[2] ? " ⚠" : ""); }).join(" ")));
    });
  }
  if (D.unplaced.length) {
    side.appendChild(el("h3", null, "未能定位 Not placed in the text (" + D.unplaced.length + ")"));
    D.facts.forEach(function (f) {
      if (D.unplaced.indexOf(f.k) >= 0) side.appendChild(el("div", { cls: "quote" }, f.q));
    });
  }
  var h = (location.hash || "").replace(/^#/, "");
  if (h) {
    var target = document.getElementById(decodeURIComponent(h));
    if (target) {
      target.scrollIntoView({ block: "center" });
      var next = target.nextElementSibling;
      while (next && next.classList.contains("anchor")) next = next.nextElementSibling;
      if (next && next.classList.contains("hl")) next.classList.add("flash");
    }
  }
})();
